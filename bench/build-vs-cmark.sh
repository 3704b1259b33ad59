#!/usr/bin/env bash
# Benchmark: `policyc build` over a Markdown corpus against cmark-gfm parsing the same files.
#
#   bench/build-vs-cmark.sh [--write]       (run from anywhere; paths below are relative to the repo root)
#
# Environment:
#   CORPUS=DIR   folder of .md files (default ../shared/corpus, relative to the repo root;
#                a relative CORPUS you set is taken relative to the directory you run from)
#   ROUNDS=N     timed rounds (default 10); each round runs policyc once and cmark-gfm once, alternated
#   WRITE=1      same as --write: rewrite the build-vs-cmark section of docs/benchmarks.md
#   STRICT=1     exit 3 when a target is missed (default: report only, exit 0)
#   KEEP_TMP=1   keep the scratch folder
#
# Targets: median wall time of the full policyc build (every emitter) ≤ 2.5 × cmark-gfm's, and
# policyc's peak RSS ≤ 5 × corpus bytes.
# Timings live in docs/benchmarks.md, never in unit tests.
set -euo pipefail

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

WRITE="${WRITE:-0}"
for arg in "$@"; do
    case "$arg" in
        --write) WRITE=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

INVOKED_FROM="$PWD"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROUNDS="${ROUNDS:-10}"
if ! [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]]; then echo "ROUNDS must be a positive integer, got '$ROUNDS'" >&2; exit 2; fi

if [[ -n "${CORPUS:-}" ]]; then
    case "$CORPUS" in /*) ;; *) CORPUS="$INVOKED_FROM/$CORPUS" ;; esac
    CORPUS_SHOWN="${CORPUS}"
else
    CORPUS="$ROOT/../shared/corpus"
    CORPUS_SHOWN="../shared/corpus"
fi
if [[ ! -d "$CORPUS" ]]; then echo "corpus folder not found: $CORPUS" >&2; exit 1; fi
CORPUS="$(cd "$CORPUS" && pwd)"

CMARK_FLAGS=(-e table -e strikethrough -e autolink -e tagfilter)

# --- 1. tools -------------------------------------------------------------------------------
if ! command -v cmark-gfm >/dev/null 2>&1; then
    echo "cmark-gfm is not installed. Install it with:" >&2
    echo "    apt-get install -y cmark-gfm" >&2
    exit 1
fi
PYTHON="$(command -v python3 || true)"
if [[ -z "$PYTHON" ]]; then echo "python3 is needed to time runs (apt-get install -y python3)" >&2; exit 1; fi
# Resolve a pyenv-style shim to the real interpreter once, so that no shim runs per measurement.
PYTHON="$("$PYTHON" -c 'import sys; print(sys.executable)')"

TMP="$(mktemp -d /tmp/policyc-bench.XXXXXX)"
# Outputs go to memory (tmpfs) when the machine has one: cmark-gfm writes to /dev/null, and on
# this machine's ext4 the time to create 3,200 files swings from 0.2 s to 3 s with the disk's TRIM
# backlog. OUTPUT_ROOT=/some/disk/folder measures with the disk instead.
OUTPUT_ROOT="${OUTPUT_ROOT:-$( [[ -d /dev/shm && -w /dev/shm ]] && echo /dev/shm || echo "$TMP")}"
OUTPUTS="$(mktemp -d "$OUTPUT_ROOT/policyc-bench-out.XXXXXX")"
cleanup() { if [[ "${KEEP_TMP:-0}" != 1 ]]; then rm -rf "$TMP" "$OUTPUTS"; else echo "kept $TMP $OUTPUTS" >&2; fi; }
trap cleanup EXIT

echo "== building: swift build -c release --static-swift-stdlib --product policyc" >&2
built=0
for attempt in 1 2 3 4 5; do
    if swift build -c release --static-swift-stdlib --product policyc >"$TMP/build.log" 2>&1; then built=1; break; fi
    echo "   build attempt $attempt failed (another build may hold .build/); retrying in 20 s" >&2
    tail -n 5 "$TMP/build.log" >&2
    sleep 20
done
if [[ "$built" != 1 ]]; then echo "release build failed; see the log above" >&2; exit 1; fi
# Benchmark a private copy, so that someone rebuilding .build/ meanwhile cannot swap the binary mid-run.
# (Its runpath names the toolchain's lib folder absolutely, so the copy loads the same libraries.)
cp .build/release/policyc "$TMP/policyc"
POLICYC="$TMP/policyc"

# --- 2. corpus ------------------------------------------------------------------------------
# The same files `policyc build` picks up in a plain folder: every *.md except README.md.
mapfile -d '' FILES < <(find "$CORPUS" -type f -name '*.md' ! -name 'README.md' -print0 | LC_ALL=C sort -z)
FILE_COUNT="${#FILES[@]}"
if [[ "$FILE_COUNT" -eq 0 ]]; then echo "no .md files under $CORPUS" >&2; exit 1; fi
if [[ -f "$CORPUS/vocabulary.yaml" ]]; then
    echo "warning: $CORPUS has vocabulary.yaml, so policyc compiles only */policy.md there; the two sides may not read the same files" >&2
fi
CORPUS_BYTES="$(cat "${FILES[@]}" | wc -c | tr -d ' ')"

# --- the measuring wrapper: wall time (perf_counter) and the child's own rusage (wait4) --------
cat >"$TMP/measure.py" <<'PY'
import os, subprocess, sys, time
# usage: measure.py STDERR_FILE -- CMD ARGS...   (stdout goes to /dev/null)
# prints: wall_seconds max_rss_kib user_seconds sys_seconds exit_code
err_path = sys.argv[1]
cmd = sys.argv[3:]
with open(os.devnull, "wb") as null, open(err_path, "wb") as err:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=null, stderr=err)
    _, status, ru = os.wait4(proc.pid, 0)
    t1 = time.perf_counter()
proc.returncode = os.waitstatus_to_exitcode(status)
print(f"{t1 - t0:.6f} {ru.ru_maxrss} {ru.ru_utime:.6f} {ru.ru_stime:.6f} {proc.returncode}")
PY

measure() { "$PYTHON" "$TMP/measure.py" "$@"; }

run_policyc() { # $1: stderr file → one result line
    # Every round is a clean build into a new folder, so it writes every output. Old rounds'
    # outputs are deleted only at the end, so no round pays for another's clean-up (on a disk,
    # creating files right after deleting thousands waits for the deletions' TRIM).
    local out
    out="$(mktemp -d "$OUTPUTS/out.XXXXXX")"
    measure "$1" -- "$POLICYC" build "$CORPUS" -o "$out" --quiet --templates "$ROOT/templates" --settings "$ROOT/policies/policyc.yaml"
}
run_cmark() { # $1: stderr file
    measure "$1" -- cmark-gfm "${CMARK_FLAGS[@]}" "${FILES[@]}"
}
check_exit() { # $1: name, $2: result line, $3: stderr file
    local rc="${2##* }"
    if [[ "$rc" != 0 ]]; then
        echo "$1 exited with status $rc" >&2
        [[ -s "$3" ]] && tail -n 20 "$3" >&2
        exit 1
    fi
}

# --- 3. warm-up (untimed; fills the page cache, checks both commands work) ---------------------
echo "== corpus: $CORPUS_SHOWN ($FILE_COUNT files, $CORPUS_BYTES bytes); $ROUNDS rounds" >&2
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
r="$(run_policyc "$TMP/policyc.warmup.err")"; check_exit policyc "$r" "$TMP/policyc.warmup.err"
WARNINGS="$(grep -c 'warning' "$TMP/policyc.warmup.err" || true)"
MANIFESTS="$(find "$OUTPUTS"/out.* -path '*/manifests/*' -name '*.json' | wc -l | tr -d ' ')"
if [[ "$MANIFESTS" != "$FILE_COUNT" ]]; then
    echo "warning: policyc wrote $MANIFESTS manifests for $FILE_COUNT files" >&2
fi
r="$(run_cmark "$TMP/cmark.warmup.err")"; check_exit cmark-gfm "$r" "$TMP/cmark.warmup.err"
# Fixed cost of the binary: peak RSS of a run that reads nothing.
BASELINE="$(measure /dev/null -- "$POLICYC" --help)"

# --- 3. timed rounds, alternated ---------------------------------------------------------------
: >"$TMP/results.tsv"
for ((i = 1; i <= ROUNDS; i++)); do
    if (( i % 2 )); then order="policyc cmark"; else order="cmark policyc"; fi   # alternate who goes first
    for which in $order; do
        if [[ "$which" == policyc ]]; then
            r="$(run_policyc /dev/null)"; check_exit policyc "$r" /dev/null
        else
            r="$(run_cmark "$TMP/cmark.err")"; check_exit cmark-gfm "$r" "$TMP/cmark.err"
        fi
        printf '%s\t%s\t%s\n' "$which" "$i" "$r" >>"$TMP/results.tsv"
        printf '   round %2d %-8s %s\n' "$i" "$which" "$r" >&2
    done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# --- 4. report ---------------------------------------------------------------------------------
NPROC="$(nproc 2>/dev/null || echo '?')"
CPU_MODEL="$(grep -m1 -E '^(model name|Hardware|Processor)[[:space:]]*:' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
CPU_MODEL="${CPU_MODEL:-$(uname -m)}"
MEM_TOTAL="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo '?')"
DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
SWIFT_VERSION="$(swift --version 2>/dev/null | grep -m1 -o 'Swift version [^ ]*' || echo '?')"
CMARK_VERSION="$(cmark-gfm --version 2>/dev/null | head -n1 | awk '{print $2}')"

export TMP ROUNDS FILE_COUNT CORPUS_BYTES CORPUS_SHOWN NPROC CPU_MODEL MEM_TOTAL DATE COMMIT \
    SWIFT_VERSION CMARK_VERSION WARNINGS BASELINE LOAD_BEFORE LOAD_AFTER WRITE
"$PYTHON" - "$ROOT/docs/benchmarks.md" <<'PY'
import os, statistics, sys

env = os.environ
rows = {"policyc": [], "cmark": []}
with open(os.path.join(env["TMP"], "results.tsv")) as f:
    for line in f:
        which, _round, result = line.rstrip("\n").split("\t")
        wall, rss, user, sys_, _rc = result.split()
        rows[which].append((float(wall), int(rss), float(user), float(sys_)))

def summary(rs):
    return {
        "wall": statistics.median(r[0] for r in rs),
        "wall_min": min(r[0] for r in rs),
        "wall_max": max(r[0] for r in rs),
        "cpu": statistics.median(r[2] + r[3] for r in rs),
        "rss_kib": max(r[1] for r in rs),
    }

p, c = summary(rows["policyc"]), summary(rows["cmark"])
corpus_bytes = int(env["CORPUS_BYTES"])
ratio = p["wall"] / c["wall"]
rss_bytes = p["rss_kib"] * 1024
rss_multiple = rss_bytes / corpus_bytes
baseline_kib = int(env["BASELINE"].split()[1])
time_ok = ratio <= 2.5
rss_ok = rss_multiple <= 5.0
mib = lambda kib: kib / 1024
verdict = lambda ok: "met" if ok else "MISSED"

def fmt_s(x): return f"{x:.3f} s"

# ---- terminal report
print()
print(f"build-vs-cmark  {env['DATE']}  commit {env['COMMIT']}")
print(f"machine: {env['NPROC']} CPUs, {env['CPU_MODEL']}, {env['MEM_TOTAL']} RAM; load avg before {env['LOAD_BEFORE']}, after {env['LOAD_AFTER']}")
print(f"corpus:  {env['CORPUS_SHOWN']}: {env['FILE_COUNT']} files, {corpus_bytes} bytes ({corpus_bytes / 1048576:.2f} MiB); {env['ROUNDS']} rounds")
print()
print(f"{'':10} {'median wall':>12} {'min':>9} {'max':>9} {'median CPU':>11} {'peak RSS':>10}")
for name, s in (("policyc", p), ("cmark-gfm", c)):
    print(f"{name:10} {fmt_s(s['wall']):>12} {fmt_s(s['wall_min']):>9} {fmt_s(s['wall_max']):>9} {fmt_s(s['cpu']):>11} {mib(s['rss_kib']):>6.1f} MiB")
print()
print(f"time ratio policyc / cmark-gfm: {ratio:.2f}   (target <= 2.5: {verdict(time_ok)})")
print(f"policyc peak RSS: {mib(p['rss_kib']):.1f} MiB = {rss_multiple:.2f} x corpus bytes   (target <= 5 x: {verdict(rss_ok)})")
print(f"  (policyc --help alone peaks at {mib(baseline_kib):.1f} MiB; policyc printed {env['WARNINGS']} warning lines)")

with open(os.path.join(env["TMP"], "verdict"), "w") as f:
    f.write("ok\n" if time_ok and rss_ok else "missed\n")

if env.get("WRITE") != "1":
    sys.exit(0)

# ---- docs/benchmarks.md
doc_path = sys.argv[1]
START, END = "<!-- build-vs-cmark:start -->", "<!-- build-vs-cmark:end -->"
INTRO = """# Benchmarks

Timings live here and only here: unit tests never measure time or memory, because the numbers
depend on the machine and on what else runs on it. Each benchmark is a script under `bench/`,
run from the repository root; with `--write` it replaces its own section of this file (between
its `<!-- NAME:start -->` and `<!-- NAME:end -->` markers) with the results and the machine they
were taken on. Numbers from different machines are not comparable; rerun both sides before
drawing conclusions.

## build-vs-cmark

`bench/build-vs-cmark.sh [--write]` (env: `CORPUS`, default `../shared/corpus`; `ROUNDS`, default 10)

What is compared: the whole `policyc build` of a folder of Markdown (read, parse with
libcmark-gfm, build the typed policy, run the checks, and write for every file a JSON manifest,
an HTML page and a full and a short notice for each of the four device profiles of
`policies/policyc.yaml`, plus the index) against the `cmark-gfm` command-line tool parsing the same files with the same GFM
extensions and rendering HTML to `/dev/null`. cmark-gfm runs once with every file as an argument
(how its CLI is meant to be used on many files; it concatenates its inputs into one document), so
it pays one process start, not one per file. The release binary is built first; each round runs
both commands, alternating which goes first, after one untimed warm-up of each. Each policyc
round writes into a new, empty output folder, so every output is written; the folders are on
tmpfs (`/dev/shm`) when there is one, as cmark-gfm writes to `/dev/null` and this machine's disk
takes anywhere from 0.2 s to 3 s to create the 3,200 files depending on its TRIM backlog
(`OUTPUT_ROOT=DIR` measures on a disk folder instead). Wall time is measured
with `time.perf_counter` around the child process, CPU time and peak RSS come from the child's
own `wait4` rusage.

Targets: median wall time of policyc ≤ 2.5 × cmark-gfm's; policyc's peak RSS ≤ 5 × the corpus
size in bytes.
"""

flags = "-e table -e strikethrough -e autolink -e tagfilter"
corpus = env["CORPUS_SHOWN"]
section = f"""{START}
Last run: {env['DATE']}, commit `{env['COMMIT']}`, {env['SWIFT_VERSION']}, cmark-gfm {env['CMARK_VERSION']}.
Machine: {env['NPROC']} CPUs ({env['CPU_MODEL']}), {env['MEM_TOTAL']} RAM; load average {env['LOAD_BEFORE']} before, {env['LOAD_AFTER']} after.
Corpus: `{corpus}`, {env['FILE_COUNT']} files, {corpus_bytes:,} bytes ({corpus_bytes / 1048576:.2f} MiB); {env['ROUNDS']} rounds.

| | median wall | min – max wall | median CPU (user+sys) | peak RSS |
| --- | ---: | ---: | ---: | ---: |
| policyc build | {fmt_s(p['wall'])} | {p['wall_min']:.3f} – {p['wall_max']:.3f} s | {fmt_s(p['cpu'])} | {mib(p['rss_kib']):.1f} MiB |
| cmark-gfm | {fmt_s(c['wall'])} | {c['wall_min']:.3f} – {c['wall_max']:.3f} s | {fmt_s(c['cpu'])} | {mib(c['rss_kib']):.1f} MiB |

| target | value | limit | |
| --- | ---: | ---: | --- |
| wall time, policyc / cmark-gfm | {ratio:.2f} × | ≤ 2.5 × | {verdict(time_ok)} |
| policyc peak RSS / corpus bytes | {rss_multiple:.2f} × | ≤ 5 × | {verdict(rss_ok)} |

For scale: `policyc --help` alone peaks at {mib(baseline_kib):.1f} MiB. Peak RSS is the largest over the rounds.

Commands compared (`{corpus}` files: every `*.md` except `README.md`, sorted; the script times a
copy of the freshly built binary; stderr of policyc, its warnings, goes to `/dev/null`):

```sh
swift build -c release --static-swift-stdlib --product policyc
.build/release/policyc build {corpus} -o "$TMP/out" --quiet --templates templates --settings policies/policyc.yaml 2>/dev/null
cmark-gfm {flags} $(find {corpus} -name '*.md' ! -name README.md | LC_ALL=C sort) > /dev/null
```
{END}"""

if os.path.exists(doc_path):
    with open(doc_path) as f:
        text = f.read()
else:
    os.makedirs(os.path.dirname(doc_path), exist_ok=True)
    text = INTRO + "\n" + START + "\n" + END + "\n"

if START in text and END in text and text.index(START) < text.index(END):
    before = text[: text.index(START)]
    after = text[text.index(END) + len(END):]
    text = before + section + after
else:
    text = text.rstrip("\n") + "\n\n## build-vs-cmark\n\n" + section + "\n"

tmp_path = doc_path + ".tmp"
with open(tmp_path, "w") as f:
    f.write(text)
os.replace(tmp_path, doc_path)
print(f"\nwrote {os.path.relpath(doc_path)}")
PY

if [[ "${STRICT:-0}" == 1 && "$(cat "$TMP/verdict")" != ok ]]; then exit 3; fi
