#!/usr/bin/env bash
# HTTP load benchmark of the capsule catalog (issue: capsules) on `lawha demo` (release build,
# SQLite, ~200 seeded published capsules playing the shipped demo clip), with wrk on loopback.
#
#   bash bench/capsules.sh
#
# Measures, anonymously, at 32 and 256 connections with 2 wrk threads:
#   GET /healthz                          baseline of the same run
#   GET /curriculum/1AC/MATH              catalog page: units, lessons and their capsules
#   GET /capsules/<id>                    capsule page (first capsule linked from the catalog)
#   GET /search?q=الكسور                  Arabic query
#   GET /search?q=fractoins               French query with a typo
#   GET /media/<version>/144p/seg_0000.ts one HLS segment (version from the page's data-master)
# and appends a dated markdown section to bench/RESULTS.md. Raw wrk output goes to
# bench/out/<timestamp>/ (git-ignored). Not part of scripts/test.sh.
#
# Knobs (environment):
#   BENCH_SECONDS=8         duration of each measured wrk run
#   BENCH_WARMUP_SECONDS=2  unrecorded warm-up per endpoint (0 to skip)
#   BENCH_CONNECTIONS="32 256"
#   BENCH_NOTES=""          free text appended to the section as "Notes: …"
#   BENCH_RESULTS=bench/RESULTS.md  where the section is appended (/dev/null for a trial)
#   LAWHA_BIN=target/release/lawha  binary to benchmark (built if it is the default and missing)
#   RUST_LOG=warn           passed to the server (request logging would dominate otherwise)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"

bench_load_knobs 8
THREADS="$BENCH_THREADS"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"
LEVEL=1AC
SUBJECT=MATH
QUERY_AR="الكسور"
QUERY_FR="fractoins"

bench_tools wrk curl python3
bench_binary
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# --- server --------------------------------------------------------------------
PORT="$(bench_port)"
BASE="http://127.0.0.1:$PORT"
RUST_LOG="${RUST_LOG:-warn}" bench_start lawha "$BASE/healthz" \
    "$BIN" demo --data-dir "$TMP/demo" --listen "127.0.0.1:$PORT"
SERVER_PID="${BENCH_PIDS[lawha]}"
RSS_START="$(rss_kib "$SERVER_PID")"

# --- the paths -----------------------------------------------------------------
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
fetch() { bench_get "$BASE$1" "$2"; } # path file: GET anonymously, fail unless HTTP 200

CATALOG="/curriculum/$LEVEL/$SUBJECT"
fetch "$CATALOG" "$TMP/catalog.html"
CAPSULE_ID="$(grep -o 'href="/capsules/[0-9a-fA-F-]\{36\}"' "$TMP/catalog.html" | head -n 1 | sed 's|.*/capsules/||; s|"$||')" || true
[ -n "$CAPSULE_ID" ] || die "no href=\"/capsules/…\" on $CATALOG (did the demo seed capsules?)"
CAPSULE="/capsules/$CAPSULE_ID"
fetch "$CAPSULE" "$TMP/capsule.html"
MASTER="$(grep -o 'data-master="[^"]*"' "$TMP/capsule.html" | head -n 1 | sed 's/^data-master="//; s/"$//')" || true
[ -n "$MASTER" ] || die "no data-master attribute on $CAPSULE (no published media?)"
# data-master is /media/<version>/master.m3u8 (possibly absolute); keep the version.
VERSION="$(printf '%s' "$MASTER" | sed -n 's|^\(https\?://[^/]*\)\?/media/\([^/?]*\)/.*|\2|p')"
[ -n "$VERSION" ] || die "cannot read a media version from data-master=\"$MASTER\""
SEGMENT="/media/$VERSION/144p/seg_0000.ts"
fetch "$SEGMENT" "$TMP/seg.ts"
SEGMENT_BYTES="$(stat -c %s "$TMP/seg.ts")"
SEARCH_AR="/search?q=$(urlencode "$QUERY_AR")"
SEARCH_FR="/search?q=$QUERY_FR"
for p in "$SEARCH_AR" "$SEARCH_FR"; do
    fetch "$p" "$TMP/search.html"
    grep -q 'href="/capsules/' "$TMP/search.html" || die "GET $p found no capsule"
done
CATALOG_BYTES="$(curl -sS -o /dev/null -w '%{size_download}' "$BASE$CATALOG")"
CAPSULE_BYTES="$(curl -sS -o /dev/null -w '%{size_download}' "$BASE$CAPSULE")"
CAPSULE_COUNT="$(grep -o 'href="/capsules/[0-9a-fA-F-]\{36\}"' "$TMP/catalog.html" | sort -u | wc -l)"

# --- runs ----------------------------------------------------------------------
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/out/capsules-$STAMP"
mkdir -p "$OUT"
ROWS="$TMP/rows.tsv"
: >"$ROWS"

run_wrk() { bench_wrk "$1" "$2" "$BASE$3"; } # conns seconds path

ENDPOINTS=(healthz catalog capsule search_ar search_fr segment)
declare -A ENDPOINT_PATH=([healthz]=/healthz [catalog]="$CATALOG" [capsule]="$CAPSULE"
    [search_ar]="$SEARCH_AR" [search_fr]="$SEARCH_FR" [segment]="$SEGMENT")

if [ "$WARMUP" -gt 0 ]; then
    step "warming up (${WARMUP} s per endpoint)"
    for ep in "${ENDPOINTS[@]}"; do run_wrk 32 "$WARMUP" "${ENDPOINT_PATH[$ep]}" >/dev/null; done
fi

source "$ROOT/bench/cpu.sh"
cpu_start "$SERVER_PID"
for conns in $CONNS; do
    for ep in "${ENDPOINTS[@]}"; do
        step "wrk GET ${ENDPOINT_PATH[$ep]} -c$conns -d${SECS}s"
        f="$OUT/$ep-c$conns.txt"
        run_wrk "$conns" "$SECS" "${ENDPOINT_PATH[$ep]}" | tee "$f" | grep -E '^(Requests/sec|  +(50|99)%|Non-2xx)' || true
        json="$(sed -n 's/^BENCH_JSON //p' "$f")"
        [ -n "$json" ] || die "wrk printed no summary for $ep at $conns connections (see $f)"
        printf '%s\t%s\t%s\t%s\n' "$ep" "$conns" "$(rss_kib "$SERVER_PID")" "$json" >>"$ROWS"
    done
done
OTHERS_PCT="$(cpu_others_pct)"
fetch "$CAPSULE" "$TMP/capsule-after.html"
RSS_END="$(rss_kib "$SERVER_PID")"
HWM="$(hwm_kib "$SERVER_PID")"

# --- report --------------------------------------------------------------------
CPU="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
MEM="$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no -- crates Cargo.toml Cargo.lock 2>/dev/null)" ]; then COMMIT="$COMMIT (dirty)"; fi
WRK_VERSION="$( (wrk -v 2>&1 || true) | head -n 1 | awk '{print $2}')"
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"

SECTION="$TMP/section.md"
BENCH_NOTES="${BENCH_NOTES:-}" python3 - "$ROWS" >"$SECTION" <<PY
import json, os, sys
rows = []
for line in open(sys.argv[1], encoding="utf-8"):
    ep, conns, rss, js = line.rstrip("\n").split("\t", 3)
    rows.append((ep, int(conns), int(rss), json.loads(js)))
base = {c: r["rps"] for ep, c, _, r in rows if ep == "healthz"}
names = {
    "healthz": "GET /healthz",
    "catalog": "GET $CATALOG (catalog)",
    "capsule": "GET /capsules/{id} (anonymous)",
    "search_ar": "GET /search?q=$QUERY_AR",
    "search_fr": "GET /search?q=$QUERY_FR (typo)",
    "segment": "GET /media/{v}/144p/seg_0000.ts",
}
def ms(us):
    return f"{us / 1000:.2f} ms"
print("## $(date -u '+%Y-%m-%d %H:%M UTC') — capsule catalog over HTTP (commit $COMMIT)")
print()
print("- Machine: $(nproc) cores, $CPU, $MEM RAM; $(uname -sr); load average before the runs: $LOADAVG")
print("- Load: wrk $WRK_VERSION, $THREADS threads, ${SECS} s per run (after ${WARMUP} s warm-up per endpoint), loopback; wrk and the server share the machine; other processes used ${OTHERS_PCT} % of all cores during the measured runs")
print("- Server: \`$(basename "$BIN") demo\` ($(realpath --relative-to="$ROOT" "$BIN" 2>/dev/null || echo "$BIN"), built $(date -u -r "$BIN" '+%Y-%m-%d %H:%M UTC')), SQLite, RUST_LOG=${RUST_LOG:-warn}; anonymous visitor, no Accept-Encoding")
print("- Pages: catalog $CATALOG_BYTES B with $CAPSULE_COUNT capsule links, capsule page $CAPSULE_BYTES B, segment $SEGMENT_BYTES B")
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
notes = os.environ.get("BENCH_NOTES", "").strip()
if notes:
    print()
    print("Notes: " + notes)
print()
PY

bench_append "$SECTION"
echo "raw wrk output in $OUT"
