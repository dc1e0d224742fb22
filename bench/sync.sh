#!/usr/bin/env bash
# A school node's work reaching the platform: a node holding BENCH_PUPILS pupils' activity
# (`lawha generate`: one school, its classes, weeks of answers and watching), pushed to the
# platform over HTTP with `lawha sync push`, then the same through a return file
# (`lawha sync export` on the node, `lawha sync import` on the platform). Both sides start
# from one generated database; the platform's copy forgets the learner events, so each
# event arrives as new. Records the time, events/s and the peak RSS of the node's command
# and of the platform; with BENCH_RECORD=1 appends a dated section to bench/RESULTS.md.
#
#   bash bench/sync.sh
#
# Knobs (environment):
#   LAWHA_BIN=target/release/lawha   binary measured (built if it is the default and missing)
#   BENCH_PUPILS=1000                pupils of the node's school
#   BENCH_DAYS=40                    days of activity
#   BENCH_EVENTS_PER_DAY=27          events of a pupil's active day (about 200 a pupil in all)
#   BENCH_RECORD=0                   1: append the section to BENCH_RESULTS
#   BENCH_NOTES=""                   free text appended as "Notes: …"
#   BENCH_RESULTS=bench/RESULTS.md   where the section goes
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

PUPILS="${BENCH_PUPILS:-1000}"
DAYS="${BENCH_DAYS:-40}"
PER_DAY="${BENCH_EVENTS_PER_DAY:-27}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"
[[ "$PUPILS" =~ ^[0-9]+$ ]] && [ "$PUPILS" -ge 1 ] && [ "$PUPILS" -le 5000 ] || die "BENCH_PUPILS must be 1..5000"
[[ "$DAYS" =~ ^[0-9]+$ ]] && [ "$DAYS" -ge 1 ] && [ "$DAYS" -le 365 ] || die "BENCH_DAYS must be 1..365"
[[ "$PER_DAY" =~ ^[0-9]+$ ]] && [ "$PER_DAY" -ge 1 ] && [ "$PER_DAY" -le 200 ] || die "BENCH_EVENTS_PER_DAY must be 1..200"
bench_tools curl python3
[ -x /usr/bin/time ] || bench_tools time
bench_binary

PORT="$(bench_port)"
BASE="http://127.0.0.1:$PORT"
export RUST_LOG=warn NO_COLOR=1 LAWHA_MEDIA_WORKERS=0

# sql DB STATEMENT… — runs statements on a SQLite database; prints the first column of the last.
sql() {
    python3 - "$@" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
rows = []
for statement in sys.argv[2:]:
    rows = db.execute(statement).fetchall()
for row in rows:
    print(row[0])
PY
}

# timed NAME CMD… — runs CMD under /usr/bin/time; its seconds and peak RSS (KiB) in
# $TMP/NAME.time, its output in $TMP/NAME.log.
timed() {
    local name="$1"
    shift
    /usr/bin/time -f '%e %M' -o "$TMP/$name.time" "$@" >"$TMP/$name.log" 2>&1 \
        || { cat "$TMP/$name.log" >&2; die "$name failed"; }
}
seconds() { cut -d' ' -f1 "$TMP/$1.time"; }
peak_kib() { cut -d' ' -f2 "$TMP/$1.time"; }

step "generating one school of $PUPILS pupils, $DAYS days of activity"
"$BIN" generate --data-dir "$TMP/base" --pupils "$PUPILS" --class-size 40 \
    --classes-per-school $(((PUPILS + 39) / 40)) --days "$DAYS" --events-per-day "$PER_DAY" >"$TMP/generate.log" 2>&1 \
    || { cat "$TMP/generate.log" >&2; die "lawha generate failed"; }
SCHOOLS="$(sql "$TMP/base/lawha.sqlite" "SELECT COUNT(*) FROM schools")"
[ "$SCHOOLS" = 1 ] || die "the generated data has $SCHOOLS schools, one was expected"
SCHOOL="$(sql "$TMP/base/lawha.sqlite" "SELECT code FROM schools")"
EVENTS="$(sql "$TMP/base/lawha.sqlite" "SELECT COUNT(*) FROM learner_events")"
step "$EVENTS learner events at school $SCHOOL"

# A fresh platform: the generated database without its learner events, and an administrator.
platform_copy() {
    rm -rf "$TMP/platform"
    mkdir -p "$TMP/platform"
    cp "$TMP/base/lawha.sqlite" "$TMP/platform/"
    sql "$TMP/platform/lawha.sqlite" "DELETE FROM learner_events" "VACUUM"
}

step "the node: a copy of the school's database, its key, its settings"
mkdir -p "$TMP/node"
cp "$TMP/base/lawha.sqlite" "$TMP/node/"
"$BIN" pack keygen --out "$TMP/keys" >"$TMP/keygen.log"
PLATFORM_KEY="$(tail -n 1 "$TMP/keygen.log" | tr -d '[:space:]')"
SCHOOL_ID="$(sql "$TMP/base/lawha.sqlite" "SELECT lower(hex(id)) FROM schools" \
    | sed -E 's/(.{8})(.{4})(.{4})(.{4})(.{12})/\1-\2-\3-\4-\5/')"
"$BIN" node init --data-dir "$TMP/node" --school "$SCHOOL_ID" --platform-key "$PLATFORM_KEY" \
    --platform-url "$BASE" >/dev/null

platform_copy
"$BIN" user add --data-dir "$TMP/platform" --name "Bench Admin" --email admin@bench.lawha.ma \
    --role ministry_admin --password bench-password-1 >/dev/null
"$BIN" sync register --data-dir "$TMP/platform" --school "$SCHOOL" --name bench \
    --public-key "$(cat "$TMP/node/node.pub")" --by admin@bench.lawha.ma >"$TMP/register.log"
NODE_ID="$(awk -F'"' '/^node_id = / { print $2 }' "$TMP/register.log")"
[ -n "$NODE_ID" ] || die "no node id in: $(cat "$TMP/register.log")"
printf 'node_id = "%s"\n' "$NODE_ID" >>"$TMP/node/lawha.toml"
cp "$TMP/platform/lawha.sqlite" "$TMP/platform.registered.sqlite"

step "push over HTTP"
bench_start platform "$BASE/healthz" "$BIN" serve --data-dir "$TMP/platform" --listen "127.0.0.1:$PORT"
PLATFORM_PID="${BENCH_PIDS[platform]}"
timed push "$BIN" sync push --config "$TMP/node/lawha.toml"
PLATFORM_PEAK="$(hwm_kib "$PLATFORM_PID")"
bench_stop platform
ARRIVED="$(sql "$TMP/platform/lawha.sqlite" "SELECT COUNT(*) FROM learner_events")"
[ "$ARRIVED" = "$EVENTS" ] || die "$ARRIVED of $EVENTS events reached the platform over HTTP"
cat "$TMP/push.log"

step "the same through a return file"
sql "$TMP/node/lawha.sqlite" "DELETE FROM sync_state" >/dev/null
cp "$TMP/platform.registered.sqlite" "$TMP/platform/lawha.sqlite"
rm -f "$TMP/platform/lawha.sqlite-wal" "$TMP/platform/lawha.sqlite-shm"
timed export "$BIN" sync export --config "$TMP/node/lawha.toml" --node "$NODE_ID" \
    --key-file "$TMP/node/node.key" "$TMP/return.jsonl"
timed import "$BIN" sync import --data-dir "$TMP/platform" "$TMP/return.jsonl"
ARRIVED="$(sql "$TMP/platform/lawha.sqlite" "SELECT COUNT(*) FROM learner_events")"
[ "$ARRIVED" = "$EVENTS" ] || die "$ARRIVED of $EVENTS events reached the platform by return file"
tail -n 1 "$TMP/export.log"
tail -n 1 "$TMP/import.log"

rate() { awk -v n="$EVENTS" -v s="$1" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
FILE_SECONDS="$(awk -v a="$(seconds export)" -v b="$(seconds import)" 'BEGIN { printf "%.2f", a + b }')"
{
    printf '## %s — sync: %s events of %s pupils from a node to the platform (commit %s)\n\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$EVENTS" "$PUPILS" "$(bench_commit)"
    printf -- '- Machine: %s; load average before the run: %s\n' "$(bench_machine)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf -- '- Binary: %s; both sides SQLite, on loopback; one school from `lawha generate` (%s days)\n\n' "$(bench_binary_name)" "$DAYS"
    printf '| measure | value | goal |\n|---|---:|---:|\n'
    printf '| HTTP push: time | %s s | < 10 s |\n' "$(seconds push)"
    printf '| HTTP push: events/s | %s |  |\n' "$(rate "$(seconds push)")"
    printf '| HTTP push: node (`lawha sync push`) peak RSS | %s MiB | < 150 MB |\n' "$(mib "$(peak_kib push)")"
    printf '| HTTP push: platform (`lawha serve`) peak RSS | %s MiB | < 150 MB |\n' "$(mib "$PLATFORM_PEAK")"
    printf '| return file: export + import time | %s s | < 10 s |\n' "$FILE_SECONDS"
    printf '| return file: events/s | %s |  |\n' "$(rate "$FILE_SECONDS")"
    printf '| return file: node (`sync export`) peak RSS | %s MiB | < 150 MB |\n' "$(mib "$(peak_kib export)")"
    printf '| return file: platform (`sync import`) peak RSS | %s MiB | < 150 MB |\n' "$(mib "$(peak_kib import)")"
    [ -z "${BENCH_NOTES:-}" ] || printf '\nNotes: %s\n' "$BENCH_NOTES"
} >"$TMP/section.md"
if [ "${BENCH_RECORD:-0}" = 1 ]; then
    bench_append "$TMP/section.md"
else
    echo
    cat "$TMP/section.md"
fi
