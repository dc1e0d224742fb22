#!/usr/bin/env bash
# HTTP load benchmark of `lawha demo` (release build) with wrk, on loopback only.
#
#   bash bench/run.sh
#
# Measures GET /healthz (baseline), GET /login (anonymous) and GET / (a
# signed-in home page) at 32 and 256 connections, 2 wrk threads, and appends a
# dated markdown section to bench/RESULTS.md. Raw wrk output goes to
# bench/out/<timestamp>/ (git-ignored). Not part of scripts/test.sh.
#
# Knobs (environment):
#   BENCH_SECONDS=10        duration of each measured wrk run
#   BENCH_WARMUP_SECONDS=2  unrecorded warm-up per endpoint (0 to skip)
#   BENCH_CONNECTIONS="32 256"
#   BENCH_ROLE=pupil        demo account used for the signed-in page
#   LAWHA_BIN=target/release/lawha  binary to benchmark (built if it is the default and missing)
#   RUST_LOG=warn           passed to the server (request logging would dominate otherwise)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

source "$ROOT/bench/lib.sh"

bench_load_knobs 10
ROLE="${BENCH_ROLE:-pupil}"
THREADS="$BENCH_THREADS"
RESULTS="$ROOT/bench/RESULTS.md"

bench_tools wrk curl python3
bench_binary
# wrk at 256 connections plus the server's own sockets need file descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# --- server and sign-in ----------------------------------------------------------
PORT="$(bench_port)"
BASE="http://127.0.0.1:$PORT"
RUST_LOG="${RUST_LOG:-warn}" bench_start lawha "$BASE/healthz" \
    "$BIN" demo --data-dir "$TMP/demo" --listen "127.0.0.1:$PORT"
SERVER_PID="${BENCH_PIDS[lawha]}"
RSS_START="$(rss_kib "$SERVER_PID")"
COOKIE="$(bench_sign_in "$BASE" "$TMP/demo/demo-accounts.json" "$ROLE")"
[ -n "$COOKIE" ] || die "no session cookie after signing in"
check_home() {
    local c
    c="$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/")"
    [ "$c" = 200 ] || die "signed-in GET / answered HTTP $c ($1)"
}
check_home "before the runs"

# --- runs ----------------------------------------------------------------------
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/out/$STAMP"
mkdir -p "$OUT"
ROWS="$TMP/rows.tsv"
: >"$ROWS"

run_wrk() { # name conns seconds path [cookie]
    bench_wrk "$2" "$3" "$BASE$4" "${5:-}"
}

declare -A ENDPOINT_PATH=([healthz]=/healthz [login]=/login [home]=/)
ENDPOINTS=(healthz login home)

if [ "$WARMUP" -gt 0 ]; then
    for ep in "${ENDPOINTS[@]}"; do
        ck=""; [ "$ep" != home ] || ck="$COOKIE"
        run_wrk "$ep" 32 "$WARMUP" "${ENDPOINT_PATH[$ep]}" "$ck" >/dev/null
    done
fi

for conns in $CONNS; do
    for ep in "${ENDPOINTS[@]}"; do
        ck=""; [ "$ep" != home ] || ck="$COOKIE"
        step "wrk GET ${ENDPOINT_PATH[$ep]} -c$conns -d${SECS}s"
        f="$OUT/$ep-c$conns.txt"
        run_wrk "$ep" "$conns" "$SECS" "${ENDPOINT_PATH[$ep]}" "$ck" | tee "$f" | grep -E '^(Requests/sec|  +(50|99)%|Non-2xx)' || true
        json="$(sed -n 's/^BENCH_JSON //p' "$f")"
        [ -n "$json" ] || die "wrk printed no summary for $ep at $conns connections (see $f)"
        printf '%s\t%s\t%s\t%s\n' "$ep" "$conns" "$(rss_kib "$SERVER_PID")" "$json" >>"$ROWS"
    done
done
check_home "after the runs"
RSS_END="$(rss_kib "$SERVER_PID")"
HWM="$(hwm_kib "$SERVER_PID")"

# --- report --------------------------------------------------------------------
CPU="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
MEM="$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no -- crates Cargo.toml Cargo.lock 2>/dev/null)" ]; then COMMIT="$COMMIT (dirty)"; fi
WRK_VERSION="$( (wrk -v 2>&1 || true) | head -n 1 | awk '{print $2}')"

SECTION="$TMP/section.md"
python3 - "$ROWS" >"$SECTION" <<PY
import json, sys
rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    ep, conns, rss, js = line.rstrip("\n").split("\t", 3)
    rows.append((ep, int(conns), int(rss), json.loads(js)))
base = {c: r["rps"] for ep, c, _, r in rows if ep == "healthz"}
names = {"healthz": "GET /healthz", "login": "GET /login (anonymous)", "home": "GET / (signed in: $ROLE)"}
def ms(us):
    return f"{us / 1000:.2f} ms"
print("## $(date -u '+%Y-%m-%d %H:%M UTC') — commit $COMMIT")
print()
print("- Machine: $(nproc) cores, $CPU, $MEM RAM; $(uname -sr)")
print("- Load: wrk $WRK_VERSION, $THREADS threads, ${SECS} s per run (after ${WARMUP} s warm-up per endpoint), loopback; wrk and the server share the machine")
print("- Server: \`$(basename "$BIN") demo\` ($(realpath --relative-to="$ROOT" "$BIN" 2>/dev/null || echo "$BIN")), RUST_LOG=${RUST_LOG:-warn}")
print()
print("| request | conns | req/s | × /healthz | p50 | p99 | max | errors | RSS after |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for ep, c, rss, r in rows:
    ratio = r["rps"] / base[c] if base.get(c) else float("nan")
    err = sum(r["errors"].values())
    print(f"| {names[ep]} | {c} | {r['rps']:,.0f} | {ratio:.2f} | {ms(r['p50_us'])} | {ms(r['p99_us'])} | {ms(r['max_us'])} | {err} | {rss / 1024:.1f} MiB |")
print()
print("Server RSS: $(mib "$RSS_START") MiB after start-up, $(mib "$RSS_END") MiB after the runs, peak (VmHWM) $(mib "$HWM") MiB.")
print("Errors = wrk connect/read/write/timeout errors + HTTP status ≥ 400.")
print()
PY

if [ ! -s "$RESULTS" ]; then
    printf '# Lawha benchmark results\n\nAppended by `bench/run.sh` (wrk on loopback against `lawha demo`, release build). Newest last.\n\n' >"$RESULTS"
fi
cat "$SECTION" >>"$RESULTS"
echo
cat "$SECTION"
echo "appended to $RESULTS; raw wrk output in $OUT"
