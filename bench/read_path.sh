#!/usr/bin/env bash
# The read path under load (issue: national traffic): every page a pupil reads, measured with
# wrk on loopback as a ratio to the machine's limit, an axum server that answers a fixed 6 KB
# page (crates/lawha/examples/limit_page.rs), measured in the same run.
#
#   bash bench/read_path.sh
#
# Pages, at 32 and 256 connections, 2 wrk threads:
#   limit page, /healthz, /login (anonymous), catalog /curriculum/1AC/MATH and /search (anonymous;
#   once the same query, as pupils repeat one, once a new query each request), and signed in as the demo pupil: home /, a lesson, a capsule, an exercise set, /revision,
#   /progress.
# On `lawha demo` over SQLite, then (BENCH_PG=1, the default) the same on PostgreSQL, and
# appends one table to bench/RESULTS.md. Not part of scripts/test.sh.
#
# Knobs (environment):
#   BENCH_SECONDS=8          duration of each measured wrk run
#   BENCH_WARMUP_SECONDS=2   unrecorded warm-up per page (0 to skip)
#   BENCH_CONNECTIONS="32 256"
#   BENCH_PG=1               also run on PostgreSQL (0 to skip)
#   BENCH_NOTES=""           free text appended to the section as "Notes: …"
#   BENCH_RESULTS=bench/RESULTS.md  where the section goes (/dev/null for a trial)
#   BENCH_COMMIT             the commit to name when LAWHA_BIN was built from another one
#   LAWHA_BIN=target/release/lawha  binary to benchmark (built if it is the default and missing)
#   RUST_LOG=warn            passed to the server (request logging would dominate otherwise)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"

bench_load_knobs 8
WITH_PG="${BENCH_PG:-1}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"

bench_tools wrk curl python3
bench_binary
LIMIT_BIN="$(bench_example lawha limit_page)"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ "$WITH_PG" = 1 ]; then
    source "$ROOT/bench/pg.sh"
    # pg.sh's trap replaced lib.sh's: stop the servers first, then PostgreSQL.
    bench_on_exit() { pg_cleanup; }
    trap bench_cleanup EXIT
fi

LIMIT_PORT="$(bench_port)"
bench_start limit "http://127.0.0.1:$LIMIT_PORT/" "$LIMIT_BIN" "127.0.0.1:$LIMIT_PORT"

ROWS="$TMP/rows.tsv"
: >"$ROWS"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/out/read-path-$STAMP"
mkdir -p "$OUT"
source "$ROOT/bench/cpu.sh"

# measure ENGINE NAME URL [COOKIE] — one wrk run per connection count into $ROWS.
measure() {
    local engine="$1" name="$2" url="$3" cookie="${4:-}" conns f json pid
    pid="${BENCH_PIDS[lawha]}"
    [ "$name" != limit ] || pid="${BENCH_PIDS[limit]}"
    [ "$WARMUP" -eq 0 ] || bench_wrk 32 "$WARMUP" "$url" "$cookie" >/dev/null
    for conns in $CONNS; do
        step "$engine: wrk $name -c$conns -d${SECS}s"
        f="$OUT/$engine-$name-c$conns.txt"
        bench_wrk "$conns" "$SECS" "$url" "$cookie" | tee "$f" | grep -E '^(Requests/sec|  +99%|Non-2xx)' || true
        json="$(sed -n 's/^BENCH_JSON //p' "$f")"
        [ -n "$json" ] || die "wrk printed no summary for $name at $conns connections (see $f)"
        printf '%s\t%s\t%s\t%s\t%s\n' "$engine" "$name" "$conns" "$(rss_kib "$pid")" "$json" >>"$ROWS"
    done
}

# count_statements ENGINE COOKIE [SERVE ARGS…] — the SQL statements one request of each page
# costs, counted from the statement logs (sqlx's, and the in-place SQLite readers') of a second
# server on the same data (the measured one logs warnings only). Each page is asked once to fill the node's session cache and
# catalog copy, as traffic does, then COUNT_REQUESTS times in a row: the mean, to one
# decimal, leaves little room to the node's background reads (about one a second). Reads
# PAGES.
COUNT_REQUESTS=20
count_statements() {
    local engine="$1" cookie="$2" name who port before after before_in_place after_in_place
    shift 2
    port="$(bench_port)"
    RUST_LOG="warn,sqlx::query=debug,lawha_store::sqlite_reads=debug" LAWHA_MEDIA_WORKERS=0 bench_start statements \
        "http://127.0.0.1:$port/healthz" \
        "$BIN" serve --data-dir "$TMP/demo" --listen "127.0.0.1:$port" "$@"
    for name in healthz login catalog search home lesson capsule set revision progress; do
        who="$cookie"
        case "$name" in healthz | login | catalog | search) who="" ;; esac
        bench_get "http://127.0.0.1:$port${PAGES[$name]}" "$TMP/page.html" "$who"
        sleep 0.3
        before="$(grep -c 'sqlx::query' "$TMP/statements.log" || true)"
        before_in_place="$(grep -c 'lawha_store::sqlite_reads' "$TMP/statements.log" || true)"
        for _ in $(seq "$COUNT_REQUESTS"); do
            bench_get "http://127.0.0.1:$port${PAGES[$name]}" "$TMP/page.html" "$who"
        done
        sleep 0.3
        after="$(grep -c 'sqlx::query' "$TMP/statements.log" || true)"
        after_in_place="$(grep -c 'lawha_store::sqlite_reads' "$TMP/statements.log" || true)"
        printf '%s\t%s\t%s\n' "$engine" "$name" \
            "$(awk -v n="$((after - before))" -v m="$((after_in_place - before_in_place))" -v r="$COUNT_REQUESTS" \
                'BEGIN { printf "%.1f + %.1f", n / r, m / r }')" \
            >>"$TMP/statements.tsv"
    done
    bench_stop statements
}

# first_link FILE PREFIX — the first href="PREFIX<uuid or id>" of a page.
first_link() {
    grep -o "href=\"$2[0-9A-Za-z-]*\"" "$1" | head -n 1 | sed 's/^href="//; s/"$//' || true
}

# run_engine ENGINE [--database-url URL] — starts `lawha demo`, finds the pages, measures them.
run_engine() {
    local engine="$1" port base cookie lesson capsule set p
    shift
    port="$(bench_port)"
    base="http://127.0.0.1:$port"
    rm -rf "$TMP/demo"
    RUST_LOG="${RUST_LOG:-warn}" bench_start lawha "$base/healthz" \
        "$BIN" demo --data-dir "$TMP/demo" --listen "127.0.0.1:$port" "$@"
    cookie="$(bench_sign_in "$base" "$TMP/demo/demo-accounts.json" pupil)"
    [ -n "$cookie" ] || die "no session cookie after signing in"
    bench_get "$base/curriculum/1AC/MATH" "$TMP/catalog.html" "$cookie"
    # The first lesson of the catalog that has an exercise set.
    lesson="" set=""
    for lesson in $(grep -o 'href="/lessons/[0-9A-Za-z-]*"' "$TMP/catalog.html" | sed 's/^href="//; s/"$//'); do
        bench_get "$base$lesson" "$TMP/lesson.html" "$cookie"
        set="$(first_link "$TMP/lesson.html" /exercises/)"
        [ -z "$set" ] || break
    done
    [ -n "$set" ] || die "no lesson of the 1AC maths catalog links an exercise set"
    capsule="$(first_link "$TMP/catalog.html" /capsules/)"
    [ -n "$capsule" ] || die "no capsule linked from the 1AC maths catalog"
    for p in / /revision /progress "$set" "$capsule"; do bench_get "$base$p" "$TMP/page.html" "$cookie"; done
    declare -gA PAGES=([healthz]=/healthz [login]=/login [catalog]=/curriculum/1AC/MATH
        [search]="/search?q=fractions" [home]=/ [lesson]="$lesson" [capsule]="$capsule"
        [set]="$set" [revision]=/revision [progress]=/progress)
    bench_get "$base/search?q=fractions" "$TMP/search.html"

    cpu_start "${BENCH_PIDS[lawha]}" "${BENCH_PIDS[limit]}"
    measure "$engine" limit "http://127.0.0.1:$LIMIT_PORT/"
    measure "$engine" healthz "$base/healthz"
    measure "$engine" login "$base/login"
    measure "$engine" catalog "$base/curriculum/1AC/MATH"
    measure "$engine" search "$base/search?q=fractions"
    export BENCH_NEW_QUERY=1
    measure "$engine" search_new "$base/search?q=fractions"
    unset BENCH_NEW_QUERY
    measure "$engine" home "$base/" "$cookie"
    measure "$engine" lesson "$base$lesson" "$cookie"
    measure "$engine" capsule "$base$capsule" "$cookie"
    measure "$engine" set "$base$set" "$cookie"
    measure "$engine" revision "$base/revision" "$cookie"
    measure "$engine" progress "$base/progress" "$cookie"
    printf '%s\t%s\n' "$engine" "$(cpu_others_pct)" >>"$TMP/others.tsv"
    bench_get "$base/" "$TMP/page.html" "$cookie"
    printf '%s\t%s\n' "$engine" "$(mib "$(hwm_kib "${BENCH_PIDS[lawha]}")")" >>"$TMP/hwm.tsv"
    bench_stop lawha
    count_statements "$engine" "$cookie" "$@"
}

: >"$TMP/others.tsv"
: >"$TMP/hwm.tsv"
: >"$TMP/statements.tsv"
run_engine sqlite
if [ "$WITH_PG" = 1 ]; then
    run_engine postgres --database-url "$LAWHA_TEST_PG_URL"
fi

SECTION="$TMP/section.md"
BENCH_NOTES="${BENCH_NOTES:-}" python3 - "$ROWS" "$TMP/others.tsv" "$TMP/hwm.tsv" "$TMP/statements.tsv" >"$SECTION" <<PY
import json, os, sys
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    engine, name, conns, rss, js = line.rstrip("\n").split("\t", 4)
    rows[(engine, name, int(conns))] = (int(rss), json.loads(js))
others = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8"))
hwm = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[3], encoding="utf-8"))
statements = {}
for line in open(sys.argv[4], encoding="utf-8"):
    engine, name, count = line.rstrip("\n").split("\t")
    statements[(engine, name)] = count
engines = [e for e in ("sqlite", "postgres") if e in others]
names = [
    ("limit", "axum 6 KB page (the limit)"), ("healthz", "/healthz"), ("login", "/login"),
    ("catalog", "catalog /curriculum/1AC/MATH"), ("search", "/search?q=fractions"),
    ("search_new", "/search?q=fractions+N, N new each time"),
    ("home", "pupil /"), ("lesson", "pupil lesson"), ("capsule", "pupil capsule"),
    ("set", "pupil exercise set"), ("revision", "pupil /revision"), ("progress", "pupil /progress"),
]
conns_list = sorted({c for (_, _, c) in rows})
print("## $(date -u '+%Y-%m-%d %H:%M UTC') — read path, ratio to the limit page (commit $(bench_commit))")
print()
print("- Machine: $(bench_machine); load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)")
print("- Load: wrk, $BENCH_THREADS threads, ${SECS} s per run after ${WARMUP} s warm-up, loopback; wrk and the server share the machine; other processes used " + ", ".join(f"{others[e]} % ({e})" for e in engines) + " of all cores during the measured runs")
print("- Server: \`lawha demo\` (release), RUST_LOG=${RUST_LOG:-warn}; no Accept-Encoding; peak RSS " + ", ".join(f"{hwm[e]} MiB ({e})" for e in engines))
print()
head = "| page | conns |" + "".join(f" {e} req/s | × limit | p99 | SQL |" for e in engines)
print(head)
print("|---|---:|" + "---:|---:|---:|---:|" * len(engines))
for key, label in names:
    for c in conns_list:
        cells = []
        for e in engines:
            rss, r = rows[(e, key, c)]
            limit = rows[(e, "limit", c)][1]["rps"]
            err = sum(r["errors"].values())
            flag = f" ({err} errors)" if err else ""
            sql = statements.get((e, key), "–")
            cells.append(f" {r['rps']:,.0f}{flag} | {r['rps'] / limit:.3f} | {r['p99_us'] / 1000:.1f} ms | {sql} |")
        print(f"| {label} | {c} |" + "".join(cells))
print()
print("Errors = wrk connect/read/write/timeout errors + HTTP status ≥ 400. SQL = statements one request of")
print("the page costs once the node's caches are warm (the mean of $COUNT_REQUESTS requests), as \"sqlx + in place\":")
print("through sqlx, from its statement log (each a trip to SQLite's connection thread or a PostgreSQL round")
print("trip), and read in place by SQLite's own readers on the request's thread (store/src/sqlite_reads).")
notes = os.environ.get("BENCH_NOTES", "").strip()
if notes:
    print()
    print("Notes: " + notes)
PY
bench_append "$SECTION"
echo "raw wrk output in $OUT"
