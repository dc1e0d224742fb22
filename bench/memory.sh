#!/usr/bin/env bash
# Memory of the server (release build), on loopback only: the demo's seeding peak, idle
# `lawha serve`, `serve` under a read load, and `serve` under a burst of sign-in attempts
# sent at once; appends a dated section to bench/RESULTS.md.
#
#   bash bench/memory.sh
#
# For each binary measured (LAWHA_BIN, and BENCH_BASELINE_BIN when set, both in the same
# run):
#   1. `demo` on a fresh data directory: the peak RSS (VmHWM) once /healthz answers is the
#      seeding peak (seeding is all it did before serving);
#   2. `serve` on that data: RSS 10 s after /healthz first answered (idle); again with the
#      environment deploy/lawha.service sets (its Environment= lines), and on that server wrk on the
#      signed-in pupil's pages (/, /revision, /progress), the catalog, search and /login in
#      turn, 256 connections: peak RSS (VmHWM) and RSS after;
#   3. a fresh `serve`: BENCH_BURST sign-in attempts (unknown accounts, each from its own
#      address: LAWHA_TRUSTED_PROXIES=1 and an X-Forwarded-For of its own, so the throttle
#      lets each through to its argon2 check) written on BENCH_BURST connections opened
#      beforehand, all at once; peak RSS, answers by status, and a signed-in page's
#      latency (sequential GETs) before and during the burst.
#
# Knobs (environment):
#   LAWHA_BIN=target/release/lawha   binary measured (built if it is the default and missing)
#   BENCH_BASELINE_BIN               another binary measured the same way, reported beside
#   BENCH_BURST=1000                 sign-in attempts at once
#   BENCH_BASELINE_BURST=40          the baseline's burst: an unbounded server runs up to 512
#                                    hashes of 19 MiB at once (tokio's blocking pool)
#   BENCH_SECONDS=8                  each wrk run of the read load
#   BENCH_NOTES=""                   free text appended as "Notes: …"
#   BENCH_RESULTS=bench/RESULTS.md   where the section goes (/dev/null for a trial)
#   BENCH_COMMIT                     the commit to name when LAWHA_BIN was built from another one
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$ROOT/bench/lib.sh"

BURST="${BENCH_BURST:-1000}"
BASELINE_BURST="${BENCH_BASELINE_BURST:-40}"
SECS="${BENCH_SECONDS:-8}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"
BASELINE="${BENCH_BASELINE_BIN:-}"
# Seeding the demo on a busy machine may take minutes before /healthz answers.
BENCH_START_SECONDS="${BENCH_START_SECONDS:-300}"

for n in "$BURST" "$BASELINE_BURST"; do
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 5000 ] || die "burst sizes must be 1..5000"
done
[[ "$SECS" =~ ^[0-9]+$ ]] && [ "$SECS" -ge 1 ] && [ "$SECS" -le 120 ] || die "BENCH_SECONDS must be 1..120"
bench_tools wrk curl python3
bench_binary
[ -z "$BASELINE" ] || [ -x "$BASELINE" ] || die "BENCH_BASELINE_BIN=$BASELINE is not an executable"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((BURST + 512)) ] \
    || die "this shell may open only $(ulimit -n) files; $((BURST + 512)) are needed"

PORT="$(bench_port)"
BASE="http://127.0.0.1:$PORT"
# The VAR=value pairs that deploy/lawha.service sets with Environment=, one a line.
mapfile -t UNIT_ENVIRONMENT < <(sed -n 's/^Environment=//p' deploy/lawha.service)

# start_server NAME COMMAND DATA_DIR [ENV=VALUE…]: starts $CURRENT_BIN COMMAND as the
# server NAME (log in $TMP/NAME.log) and waits for /healthz; SERVER is its name.
start_server() {
    local command="$2" data="$3"
    SERVER="$1"
    shift 3
    bench_start "$SERVER" "$BASE/healthz" env RUST_LOG=warn NO_COLOR=1 LAWHA_MEDIA_WORKERS=0 "$@" \
        "$CURRENT_BIN" "$command" --data-dir "$data" --listen "127.0.0.1:$PORT"
}
stop_server() { bench_stop "$SERVER"; }
# The server's peak RSS (VmHWM) and RSS, in KiB.
peak() { hwm_kib "${BENCH_PIDS[$SERVER]}"; }
rss() { rss_kib "${BENCH_PIDS[$SERVER]}"; }
sign_in() { bench_sign_in "$BASE" "$DATA/demo-accounts.json" pupil; }

# measure NAME BIN BURST: one binary's four figures into $TMP/NAME.tsv.
measure() {
    local name="$1" burst="$3" out="$TMP/$1.tsv"
    CURRENT_BIN="$2"
    DATA="$TMP/$name-data"
    : >"$out"

    step "$name: lawha demo (seeding) on a fresh data directory"
    start_server "$name-demo" demo "$DATA"
    printf 'seed_peak\t%s\n' "$(peak)" >>"$out"
    stop_server

    step "$name: lawha serve, idle"
    start_server "$name-serve" serve "$DATA"
    sleep 10
    printf 'idle\t%s\n' "$(rss)" >>"$out"
    stop_server

    step "$name: lawha serve, idle, with deploy/lawha.service's environment"
    start_server "$name-serve-unit" serve "$DATA" "${UNIT_ENVIRONMENT[@]}"
    sleep 10
    printf 'idle_unit\t%s\n' "$(rss)" >>"$out"

    step "$name: read load (wrk, 256 connections, ${SECS} s a page)"
    local cookie path
    cookie="$(sign_in)"
    local lesson
    lesson="$(curl -fsS -H "Cookie: $cookie" "$BASE/curriculum/1AC/MATH" | grep -o '/lessons/[0-9a-f-]*' | head -n 1 || true)"
    for path in / /revision /progress /curriculum/1AC/MATH "$lesson" "/search?q=fonction" /login; do
        [ -n "$path" ] || continue
        bench_wrk 256 "$SECS" "$BASE$path" "$cookie" \
            | awk -v path="$path" 'sub(/^BENCH_JSON /, "") { print path "\t" $0 }' >>"$TMP/$name-wrk.txt"
    done
    printf 'read_peak\t%s\n' "$(peak)" >>"$out"
    printf 'read_after\t%s\n' "$(rss)" >>"$out"
    stop_server

    step "$name: $burst sign-in attempts at once"
    start_server "$name-burst" serve "$DATA" LAWHA_TRUSTED_PROXIES=1
    sleep 2
    cookie="$(sign_in)"
    printf 'burst_before\t%s\n' "$(rss)" >>"$out"
    timeout 600 python3 - "$PORT" "$burst" "$cookie" >"$TMP/$name-burst.txt" <<'PY'
import re, socket, statistics, sys, threading, time, urllib.parse

port, burst, cookie = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
addr = ("127.0.0.1", port)

def request(raw, patience=120.0):
    s = socket.create_connection(addr, timeout=patience)
    s.sendall(raw)
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    s.close()
    return data

# One anonymous visitor's form token, shared by every attempt (double-submit cookie).
page = request(b"GET /login HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n").decode("utf-8", "replace")
pre = re.search(r"lawha_pre=([^;\r\n]+)", page).group(1)
csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)

def attempt(n):
    body = urllib.parse.urlencode({"identifier": f"ZZ{n:08d}", "password": "not the password", "csrf": csrf}).encode()
    return (f"POST /login HTTP/1.1\r\nHost: bench\r\nConnection: close\r\nCookie: lawha_pre={pre}\r\n"
            f"X-Forwarded-For: 10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body

def page_latency():
    started = time.monotonic()
    head = request(f"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\nCookie: {cookie}\r\n\r\n".encode())[:12]
    return time.monotonic() - started, head.endswith(b"200")

def p99(times):
    times = sorted(times)
    return times[min(len(times) - 1, int(len(times) * 0.99))] if times else float("nan")

quiet = [page_latency() for _ in range(50)]

sockets = [socket.create_connection(addr, timeout=120) for _ in range(burst)]
payloads = [attempt(n) for n in range(burst)]
statuses, done = {}, threading.Event()
during = []
def probe():
    while not done.is_set():
        during.append(page_latency())
prober = threading.Thread(target=probe)
prober.start()
started = time.monotonic()
for s, p in zip(sockets, payloads):
    s.sendall(p)
for s in sockets:
    data = b""
    try:
        while chunk := s.recv(65536):
            data += chunk
    except OSError:
        pass
    s.close()
    status = data[9:12].decode() if data.startswith(b"HTTP/1.1") else "none"
    statuses[status] = statuses.get(status, 0) + 1
took = time.monotonic() - started
done.set()
prober.join()
ms = lambda t: f"{t * 1000:.1f} ms"
print("answers\t" + ", ".join(f"{n} × {s}" for s, n in sorted(statuses.items())) + f" in {took:.1f} s")
print(f"page_quiet\tmedian {ms(statistics.median(t for t, _ in quiet))}, p99 {ms(p99([t for t, _ in quiet]))}")
print(f"page_burst\tmedian {ms(statistics.median(t for t, _ in during))}, p99 {ms(p99([t for t, _ in during]))}, "
      f"{sum(1 for _, ok in during if not ok)} of {len(during)} not 200")
PY
    printf 'burst_peak\t%s\n' "$(peak)" >>"$out"
    printf 'burst_after\t%s\n' "$(rss)" >>"$out"
    stop_server
    cat "$TMP/$name-burst.txt"
}

measure after "$BIN" "$BURST"
[ -z "$BASELINE" ] || measure before "$BASELINE" "$BASELINE_BURST"

# --- report ------------------------------------------------------------------------
python3 - "$TMP" "$BURST" "$BASELINE_BURST" "${BASELINE:+yes}" >"$TMP/section.md" <<PY
import os, sys
tmp, burst, baseline_burst, has_baseline = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "yes"
def figures(name):
    path = os.path.join(tmp, name + ".tsv")
    rows = dict(line.rstrip("\n").split("\t") for line in open(path)) if os.path.exists(path) else {}
    return {k: int(v) / 1024 for k, v in rows.items()}
def text(name, key):
    path = os.path.join(tmp, name + "-burst.txt")
    if not os.path.exists(path):
        return ""
    rows = dict(line.rstrip("\n").split("\t", 1) for line in open(path))
    return rows.get(key, "")
after = figures("after")
before = figures("before") if has_baseline else {}
rows = [
    ("demo seeding peak (VmHWM of \`lawha demo\` when /healthz first answers)", "seed_peak", 150),
    ("idle \`lawha serve\` (RSS 10 s after start)", "idle", 40),
    ("idle \`lawha serve\` as deploy/lawha.service starts it (its Environment=)", "idle_unit", 40),
    ("\`serve\` under the read load (peak)", "read_peak", 100),
    ("\`serve\` after the read load", "read_after", None),
    ("\`serve\` before the burst (fresh, one sign-in done)", "burst_before", None),
    (f"\`serve\` under a burst of sign-ins at once (peak; before: {baseline_burst}, after: {burst})" if has_baseline
     else f"\`serve\` under a burst of {burst} sign-ins at once (peak)", "burst_peak", 150),
    ("\`serve\` after the burst", "burst_after", None),
]
print("## $(date -u '+%Y-%m-%d %H:%M UTC') — memory (commit $(bench_commit))")
print()
print("- Machine: $(bench_machine); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)")
print("- Read load: wrk 2 threads, 256 connections, ${SECS} s on each of /, /revision, /progress (signed-in pupil), /curriculum/1AC/MATH, a lesson, /search, /login; SQLite; loopback, client and server on the same machine")
print()
if has_baseline:
    print("| RSS | before | after | goal |")
    print("|---|---:|---:|---:|")
else:
    print("| RSS | measured | goal |")
    print("|---|---:|---:|")
for label, key, goal in rows:
    g = f"≤ {goal} MB" if goal else ""
    a = f"{after[key]:.1f} MiB" if key in after else "—"
    if has_baseline:
        b = f"{before[key]:.1f} MiB" if key in before else "—"
        print(f"| {label} | {b} | {a} | {g} |")
    else:
        print(f"| {label} | {a} | {g} |")
print()
import json
for name, label in (("before", "Before"), ("after", "After")):
    path = os.path.join(tmp, name + "-wrk.txt")
    if not os.path.exists(path):
        continue
    pages = []
    for line in open(path):
        page, js = line.rstrip("\n").split("\t", 1)
        r = json.loads(js)
        errors = sum(r["errors"].values())
        pages.append(f"{page} {r['rps']:,.0f} req/s, p99 {r['p99_us'] / 1000:.1f} ms" + (f", {errors} errors" if errors else ""))
    print(f"{label}, the read load: " + "; ".join(pages) + ".")
print()
for name, label in (("before", "Before"), ("after", "After")):
    if name == "before" and not has_baseline:
        continue
    print(f"{label}, the burst: {text(name, 'answers')}; a signed-in page (GET /, one at a time) "
          f"while quiet: {text(name, 'page_quiet')}; during the burst: {text(name, 'page_burst')}.")
print()
PY
if [ -n "${BENCH_NOTES:-}" ]; then printf 'Notes: %s\n\n' "$BENCH_NOTES" >>"$TMP/section.md"; fi
bench_append "$TMP/section.md"
