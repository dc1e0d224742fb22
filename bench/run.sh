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
export DEBIAN_FRONTEND=noninteractive

SECS="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP_SECONDS:-2}"
CONNS="${BENCH_CONNECTIONS:-32 256}"
ROLE="${BENCH_ROLE:-pupil}"
THREADS=2
RESULTS="$ROOT/bench/RESULTS.md"
LUA="$ROOT/bench/report.lua"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${LAWHA_BIN:-$TARGET_DIR/release/lawha}"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }

[[ "$SECS" =~ ^[0-9]+$ ]] && [ "$SECS" -ge 1 ] && [ "$SECS" -le 600 ] || die "BENCH_SECONDS must be 1..600"
[[ "$WARMUP" =~ ^[0-9]+$ ]] && [ "$WARMUP" -le 60 ] || die "BENCH_WARMUP_SECONDS must be 0..60"
for c in $CONNS; do [[ "$c" =~ ^[0-9]+$ ]] && [ "$c" -ge "$THREADS" ] && [ "$c" -le 4096 ] || die "bad connection count: $c"; done

# --- tools -------------------------------------------------------------------
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
    step "installing ${missing[*]}"
    SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo -n)
    "${SUDO[@]}" apt-get update -qq </dev/null >/dev/null
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi

if [ ! -x "$BIN" ]; then
    [ -z "${LAWHA_BIN:-}" ] || die "LAWHA_BIN=$LAWHA_BIN is not an executable"
    step "cargo build --release -p lawha"
    cargo build --release -p lawha
fi
[ -x "$BIN" ] || die "$BIN not found"

# wrk at 256 connections plus the server's own sockets need file descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# --- server --------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/lawha-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
    local rc=$?
    set +e
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
LOG="$TMP/server.log"
step "starting $BIN demo on $BASE"
RUST_LOG="${RUST_LOG:-warn}" "$BIN" demo --data-dir "$TMP/demo" --listen "127.0.0.1:$PORT" </dev/null >"$LOG" 2>&1 &
SERVER_PID=$!

deadline=$((SECONDS + 120))
until curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        SERVER_PID=""
        tail -n 100 "$LOG" >&2
        die "the server exited before /healthz answered"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 100 "$LOG" >&2; die "/healthz did not answer within 120 s"; }
    sleep 0.2
done

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
RSS_START="$(rss_kib)"

# --- sign in (curl) ------------------------------------------------------------
ACCOUNTS="$TMP/demo/demo-accounts.json"
[ -s "$ACCOUNTS" ] || die "$ACCOUNTS is missing"
read -r LOGIN PASSWORD < <(python3 - "$ACCOUNTS" "$ROLE" <<'PY'
import json, sys
accts = json.load(open(sys.argv[1], encoding="utf-8"))
a = next((a for a in accts if a.get("role") == sys.argv[2]), None)
if a is None:
    sys.exit(f"no demo account with role {sys.argv[2]!r}")
if any(c.isspace() for c in a["login"] + a["password"]):
    sys.exit("login/password with whitespace are not supported here")
print(a["login"], a["password"])
PY
)
JAR="$TMP/cookies.txt"
curl -fsS -c "$JAR" -b "$JAR" -o "$TMP/login.html" "$BASE/login"
CSRF="$(python3 - "$TMP/login.html" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
for tag in re.findall(r"<input\b[^>]*>", page, re.I):
    if re.search(r"""\bname\s*=\s*["']?csrf["'\s>/]""", tag, re.I):
        m = re.search(r"""\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.I)
        if m:
            print(html.unescape(next(g for g in m.groups() if g is not None)))
            sys.exit(0)
sys.exit("no csrf input on /login")
PY
)"
code="$(curl -sS -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code}' \
    --data-urlencode "identifier=$LOGIN" --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$CSRF" \
    "$BASE/login")"
[ "$code" = 303 ] || die "POST /login as $ROLE answered HTTP $code (expected 303)"
# All cookies of the jar as one Cookie header (HttpOnly ones are prefixed #HttpOnly_).
COOKIE="$(awk -F'\t' 'NF == 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$JAR")"
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
    local name="$1" conns="$2" secs="$3" path="$4" cookie="${5:-}" hdr=()
    [ -z "$cookie" ] || hdr=(-H "Cookie: $cookie")
    timeout $((secs + 60)) wrk -t"$THREADS" -c"$conns" -d"${secs}s" --timeout 10s --latency \
        -s "$LUA" "${hdr[@]}" "$BASE$path"
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
        printf '%s\t%s\t%s\t%s\n' "$ep" "$conns" "$(rss_kib)" "$json" >>"$ROWS"
    done
done
check_home "after the runs"
RSS_END="$(rss_kib)"
HWM="$(hwm_kib)"

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
