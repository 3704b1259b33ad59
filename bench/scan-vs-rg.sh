#!/usr/bin/env bash
# Benchmark: `policyc check --scan` over a generated source tree against ripgrep searching the
# same tree for the same patterns.
#
#   bench/scan-vs-rg.sh [--write]
#
# Environment:
#   MEGABYTES=N   size of the generated tree (default 100)
#   ROUNDS=N      timed rounds (default 7), alternating which tool goes first
#   WRITE=1       same as --write: rewrite the scan-vs-rg section of docs/benchmarks.md
#
# The tree (made once per run, in memory when /dev/shm exists): Kotlin-like files of 50 KiB, one
# in twenty with a `policy-collects:` marker or a telemetry call for a declared item, 2 % binary
# files, and an excluded build/ folder. policyc reads policies/policyc.yaml's scan patterns and
# also compiles the two policies it checks against; rg gets the same three patterns. Target:
# policyc ≤ 1.5 × rg.
set -euo pipefail

WRITE="${WRITE:-0}"
for arg in "$@"; do
    case "$arg" in
        --write) WRITE=1 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MEGABYTES="${MEGABYTES:-100}"
ROUNDS="${ROUNDS:-7}"
command -v rg >/dev/null || { echo "ripgrep is needed: apt-get install -y ripgrep" >&2; exit 1; }
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
BASE="$( [[ -d /dev/shm && -w /dev/shm ]] && echo /dev/shm || echo /tmp)"
TMP="$(mktemp -d "$BASE/policyc-scan-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

echo "== building: swift build -c release --static-swift-stdlib --product policyc" >&2
swift build -c release --static-swift-stdlib --product policyc >"$TMP/build.log" 2>&1 || { tail -n 20 "$TMP/build.log" >&2; exit 1; }
cp .build/release/policyc "$TMP/policyc"

echo "== generating a ${MEGABYTES} MB tree" >&2
"$PYTHON" - "$TMP/tree" "$MEGABYTES" <<'PY'
import os, random, sys
root, megabytes = sys.argv[1], int(sys.argv[2])
random.seed(20261125)
words = "val var fun return if else when for while class object data private override suspend import".split()
declared = ["device.model", "network.ip-address", "device.crash-report", "contact.phone"]
line = lambda: "    " + " ".join(random.choice(words) for _ in range(8)) + "\n"
os.makedirs(f"{root}/build", exist_ok=True)
with open(f"{root}/.gitignore", "w") as f:
    f.write("build/\n")
size, index = 0, 0
while size < megabytes * 1_000_000:
    folder = f"{root}/module{index // 100:03d}/src"
    os.makedirs(folder, exist_ok=True)
    body = [line() for _ in range(1000)]
    if index % 20 == 0:
        body[500] = f"    // policy-collects: {random.choice(declared)}\n"
    if index % 20 == 10:
        body[700] = f'    Telemetry.track("{random.choice(declared)}", value)\n'
    data = "".join(body).encode()
    if index % 50 == 25:
        data = data[:100] + b"\0" + data[101:]
    with open(f"{folder}/File{index:05d}.kt", "wb") as f:
        f.write(data)
    size += len(data)
    index += 1
with open(f"{root}/build/Generated.kt", "w") as f:
    f.write("// policy-collects: audio.recording\n")
PY
BYTES="$(du -sb "$TMP/tree" | cut -f1)"
FILES="$(find "$TMP/tree" -type f | wc -l | tr -d ' ')"

cat >"$TMP/measure.py" <<'PY'
import os, subprocess, sys, time
with open(os.devnull, "wb") as null:
    t0 = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=null, stderr=null)
    _, status, ru = os.wait4(proc.pid, 0)
    t1 = time.perf_counter()
print(f"{t1 - t0:.6f} {ru.ru_utime + ru.ru_stime:.6f} {os.waitstatus_to_exitcode(status)}")
PY
run_policyc() { "$PYTHON" "$TMP/measure.py" "$TMP/policyc" check --policies "$ROOT/policies" --policy sunmi-devices --policy sunmi-device-operation-data --scan "$TMP/tree" --format json; }
run_rg() { "$PYTHON" "$TMP/measure.py" rg -n --no-heading -e 'policy-collects:' -e 'Telemetry\.track\("([a-z0-9_.-]+)"' -e 'getLine1Number\(' "$TMP/tree"; }

r="$(run_policyc)"; [[ "${r##* }" == 0 ]] || { echo "policyc check failed on the tree: $r" >&2; exit 1; }
r="$(run_rg)"; [[ "${r##* }" == 0 ]] || { echo "rg found nothing: $r" >&2; exit 1; }
: >"$TMP/results.tsv"
for ((i = 1; i <= ROUNDS; i++)); do
    if (( i % 2 )); then order="policyc rg"; else order="rg policyc"; fi
    for which in $order; do
        r="$(run_$which)"
        printf '%s\t%s\n' "$which" "$r" >>"$TMP/results.tsv"
        printf '   round %2d %-8s %s\n' "$i" "$which" "$r" >&2
    done
done

export TMP ROUNDS BYTES FILES WRITE
export NPROC="$(nproc)" CPU_MODEL="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
export DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" COMMIT="$(git rev-parse --short HEAD)" RG_VERSION="$(rg --version | sed -n 1p)"
"$PYTHON" - "$ROOT/docs/benchmarks.md" <<'PY'
import os, statistics, sys
env = os.environ
rows = {"policyc": [], "rg": []}
for line in open(os.path.join(env["TMP"], "results.tsv")):
    which, result = line.rstrip("\n").split("\t")
    wall, cpu, _ = result.split()
    rows[which].append((float(wall), float(cpu)))
med = {k: (statistics.median(w for w, _ in v), min(w for w, _ in v), max(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in rows.items()}
ratio = med["policyc"][0] / med["rg"][0]
verdict = "met" if ratio <= 1.5 else "MISSED"
print(f"\nscan-vs-rg {env['DATE']} commit {env['COMMIT']}: {int(env['BYTES']):,} bytes in {env['FILES']} files")
for k in ("policyc", "rg"):
    print(f"{k:8} median {med[k][0]:.3f} s (min {med[k][1]:.3f}, max {med[k][2]:.3f}), CPU {med[k][3]:.3f} s")
print(f"ratio {ratio:.2f} (target <= 1.5: {verdict})")
if env.get("WRITE") != "1":
    sys.exit(0)
START, END = "<!-- scan-vs-rg:start -->", "<!-- scan-vs-rg:end -->"
section = f"""{START}
Last run: {env['DATE']}, commit `{env['COMMIT']}`, {env['RG_VERSION']}; {env['NPROC']} CPUs ({env['CPU_MODEL']}).
Tree: generated, {int(env['BYTES']):,} bytes in {env['FILES']} files (in memory); {env['ROUNDS']} rounds.

| | median wall | min – max | median CPU |
| --- | ---: | ---: | ---: |
| `policyc check --scan TREE` (two policies compiled, three patterns) | {med['policyc'][0]:.3f} s | {med['policyc'][1]:.3f} – {med['policyc'][2]:.3f} s | {med['policyc'][3]:.3f} s |
| `rg -n -e … -e … -e … TREE` | {med['rg'][0]:.3f} s | {med['rg'][1]:.3f} – {med['rg'][2]:.3f} s | {med['rg'][3]:.3f} s |

Ratio policyc / rg: **{ratio:.2f} ×** (target ≤ 1.5 ×: {verdict}).
{END}"""
path = sys.argv[1]
text = open(path).read()
if START in text:
    text = text[: text.index(START)] + section + text[text.index(END) + len(END):]
else:
    text = text.rstrip("\n") + "\n\n## scan-vs-rg\n\n`bench/scan-vs-rg.sh [--write]` (env: `MEGABYTES`, `ROUNDS`)\n\n" + section + "\n"
open(path + ".tmp", "w").write(text)
os.replace(path + ".tmp", path)
print(f"wrote {os.path.relpath(path)}")
PY
