#!/usr/bin/env python3
"""Open every generated HTML page in headless Chromium and check it as a reader would see it.

For each page of output/html: it loads with no console error, no uncaught exception and no
failed resource; the stylesheet applied; every in-page link (the contents, the policy's own table
of contents) resolves to an element; a data item shows its hint when focused. For each policy a
desktop screenshot (light) and a phone screenshot (dark) go to docs/screenshots/.

usage: Tests/browser/check-pages.py [HTML_DIR] [SCREENSHOT_DIR]
Talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe): standard
library only. Ends with the line "N passed, M failed"; exit 1 if anything failed.
"""
import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


class Browser:
    """One headless Chromium, driven through the DevTools protocol over fds 3 (in) and 4 (out)."""

    def __init__(self):
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if not executable:
            sys.exit("chromium is not installed: run scripts/install-deps")
        self.profile = tempfile.mkdtemp(prefix="policyc-chromium-")
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()

        def arrange_fds():
            # Chromium reads commands on fd 3 and writes on fd 4. The pipe ends may themselves be
            # 3 or 4, so move them out of the way first; os.dup2 makes the copies inheritable.
            read_end, write_end = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "--hide-scrollbars",
             "--no-first-run", "--disable-extensions", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=arrange_fds)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, session, timeout=30):
        deadline = time.monotonic() + timeout
        for index, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(index)
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)


class PageCheck:
    def __init__(self, browser, path):
        self.browser = browser
        self.path = path
        self.failures = []
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.target = target
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=self.session)

    def evaluate(self, expression):
        result = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def load(self, width, height, mobile, dark):
        self.browser.send("Emulation.setDeviceMetricsOverride",
                          {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session=self.session)
        self.browser.send("Emulation.setEmulatedMedia",
                          {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]}, session=self.session)
        self.browser.send("Page.navigate", {"url": self.path.as_uri()}, session=self.session)
        self.browser.wait_for("Page.loadEventFired", self.session)

    def collect_errors(self):
        """Console errors, uncaught exceptions and failed loads seen so far on this page."""
        errors = []
        for event in [e for e in self.browser.events if e.get("sessionId") == self.session]:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append("console.error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                errors.append("uncaught exception: " + params.get("exceptionDetails", {}).get("text", ""))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                errors.append("log error: " + params["entry"].get("text", ""))
            elif method == "Network.loadingFailed":
                errors.append("failed to load: " + params.get("errorText", ""))
        self.browser.events = [e for e in self.browser.events if e.get("sessionId") != self.session]
        return errors

    def screenshot(self, destination):
        # Full page: size the viewport to the document, then restore.
        height = self.evaluate("Math.ceil(document.documentElement.scrollHeight)")
        data = self.browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                 "clip": {"x": 0, "y": 0, "width": self.evaluate("document.documentElement.clientWidth"),
                                          "height": min(height, 4000), "scale": 1}}, session=self.session)["data"]
        destination.write_bytes(base64.b64decode(data))

    def close(self):
        self.browser.send("Target.closeTarget", {"targetId": self.target})


BROKEN_ANCHORS = """
Array.from(document.querySelectorAll('a[href^="#"]'))
  .map(a => a.getAttribute('href').slice(1))
  .filter(id => id && !document.getElementById(decodeURIComponent(id)))
"""
STYLE_APPLIED = "getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() !== ''"
HINT_ON_FOCUS = """
(() => {
  const item = document.querySelector('.data-item');
  if (!item) return 'no data item';
  const hint = item.querySelector('.hint');
  if (getComputedStyle(hint).visibility !== 'hidden') return 'hint visible before focus';
  item.focus();
  return getComputedStyle(hint).visibility === 'visible' ? 'ok' : 'hint hidden on focus';
})()
"""
FITS_PHONE = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def main():
    html_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output" / "html"
    shots_dir = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "screenshots"
    shots_dir.mkdir(parents=True, exist_ok=True)
    pages = sorted(html_dir.rglob("*.html"))
    if not pages:
        print(f"no pages in {html_dir}: run scripts/build first")
        print("0 passed, 1 failed")
        return 1
    passed, failed = 0, 0
    browser = Browser()
    try:
        for path in pages:
            name = path.relative_to(html_dir).with_suffix("").as_posix().replace("/", "--")
            check = PageCheck(browser, path)
            problems = []
            try:
                check.load(1200, 1600, mobile=False, dark=False)
                if not check.evaluate(STYLE_APPLIED):
                    problems.append("the stylesheet did not apply")
                broken = check.evaluate(BROKEN_ANCHORS)
                if broken:
                    problems.append("links to missing anchors: " + ", ".join("#" + b for b in broken))
                # The screenshot comes before the focus check, which scrolls and shows a hint.
                check.screenshot(shots_dir / f"{name}.png")
                if name != "index":
                    hint = check.evaluate(HINT_ON_FOCUS)
                    if hint not in ("ok", "no data item"):
                        problems.append(hint)
                check.load(390, 844, mobile=True, dark=True)
                if not check.evaluate(FITS_PHONE):
                    problems.append("the page is wider than a phone screen")
                if name != "index":
                    check.screenshot(shots_dir / f"{name}.phone-dark.png")
                problems += check.collect_errors()
            except Exception as error:  # a page that cannot be checked has failed
                problems.append(f"could not check the page: {error}")
            finally:
                check.close()
            problems = list(dict.fromkeys(problems))  # each load reports its own copy of an error
            if problems:
                failed += 1
                print(f"FAIL {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
                for problem in problems:
                    print(f"     {problem}")
            else:
                passed += 1
                print(f"ok   {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    finally:
        browser.close()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
