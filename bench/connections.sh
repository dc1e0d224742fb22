#!/usr/bin/env bash
# Many kept-alive connections on one node (issue: national traffic, goal 3): `lawha serve`
# (release build, empty SQLite database, default timeouts) holds BENCH_N connections, each
# asking GET /healthz every BENCH_PERIOD seconds (crates/lawha/examples/hold_connections.rs,
# sockets bound to 127.0.0.2, 127.0.0.3, … to get past one address's ephemeral ports), while
# wrk measures /healthz on other connections. On loopback only; stops by itself.
#
#   bash bench/connections.sh
#
#   1. wrk on /healthz before any connection is held: the same-run baseline; the server's
#      RSS once it has settled is "before";
#   2. the holder opens the connections (several processes when one may not open that many
#      files) and sends each its first request at once;
#   3. RSS once all are open and settled is "after": (after − before) / held is the memory
#      per connection;
#   4. the same wrk run while they are held;
#   5. the holder keeps them BENCH_HOLD_SECONDS in all (several periods: every connection
#      rests between requests longer than the header timeout) and counts what the server
#      closed and what it answered.
# The server may hold at most what fits under its open-files limit (see
# crates/lawha/src/descriptors.rs): when BENCH_N does not fit, the run holds what does and
# says why. No kernel setting is changed; the ones in force are reported.
#
# Knobs (environment):
#   BENCH_N=100000           connections to hold
#   BENCH_PERIOD=30          seconds between two requests on a held connection
#   BENCH_HOLD_SECONDS=100   how long the holder keeps them once all are open
#   BENCH_OPEN_RATE=4000     connections opened per second, over all holder processes
#   BENCH_SECONDS=10         each wrk run; BENCH_CONNECTIONS=32 its connections (one value)
#   BENCH_WARMUP_SECONDS=2   unrecorded wrk warm-up before the baseline
#   LAWHA_BIN=target/release/lawha  binary measured (built if it is the default and missing)
#   BENCH_NOTES=""           free text appended to the section as "Notes: …"
#   BENCH_RESULTS=bench/RESULTS.md  where the section goes (/dev/null for a trial)
#   BENCH_COMMIT             the commit to name when LAWHA_BIN was built from another one
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"

BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-32}"
bench_load_knobs 10
N="${BENCH_N:-100000}"
PERIOD="${BENCH_PERIOD:-30}"
HOLD="${BENCH_HOLD_SECONDS:-100}"
OPEN_RATE="${BENCH_OPEN_RATE:-4000}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"
[[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] && [ "$N" -le 1000000 ] || die "BENCH_N must be 1..1000000"
[[ "$PERIOD" =~ ^[0-9]+$ ]] && [ "$PERIOD" -ge 1 ] && [ "$PERIOD" -le 300 ] || die "BENCH_PERIOD must be 1..300"
[[ "$HOLD" =~ ^[0-9]+$ ]] && [ "$HOLD" -ge 10 ] && [ "$HOLD" -le 3600 ] || die "BENCH_HOLD_SECONDS must be 10..3600"
[[ "$OPEN_RATE" =~ ^[0-9]+$ ]] && [ "$OPEN_RATE" -ge 100 ] || die "BENCH_OPEN_RATE must be ≥ 100"
[ "$(wc -w <<<"$CONNS")" = 1 ] || die "BENCH_CONNECTIONS takes one value here"
[ "$HOLD" -ge $((SECS + 20)) ] || die "BENCH_HOLD_SECONDS must cover the held wrk run (≥ BENCH_SECONDS + 20)"

bench_tools wrk curl python3
bench_binary
HOLDER="$(bench_example lawha hold_connections)"

# Every process started here (the server, the holders) gets the hard limit as its soft one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FILES="$(ulimit -n)"
[ "$FILES" != unlimited ] || FILES=1048576

PORT="$(bench_port)"
BASE="http://127.0.0.1:$PORT"
# Room for the held connections, wrk's and a few probes; the server lowers it to what its
# open-files limit allows, and says so in its log.
bench_start server "$BASE/healthz" env RUST_LOG="warn,lawha=info" NO_COLOR=1 LAWHA_MEDIA_WORKERS=0 \
    LAWHA_MAX_CONNECTIONS=$((N + CONNS + 64)) "$BIN" serve --data-dir "$TMP/data" --listen "127.0.0.1:$PORT"
SERVER="${BENCH_PIDS[server]}"
CAP="$(sed -n 's/.*max_connections=\([0-9]*\).*/\1/p' "$TMP/server.log" | head -n 1)"
[ -n "$CAP" ] || die "no max_connections in the server's log"
HELD_GOAL="$N"
LOWERED=""
if [ $((N + CONNS + 64)) -gt "$CAP" ]; then
    HELD_GOAL=$((CAP - CONNS - 64))
    [ "$HELD_GOAL" -ge 1 ] || die "the server's cap ($CAP) leaves no room"
    LOWERED="lowered from $N: the server's cap under its open-files limit is $CAP (limit − 128, halved: a connection may hold a media file too), less wrk's $CONNS connections and 64 spare"
    step "holding $HELD_GOAL connections: $LOWERED"
fi

server_kib() { awk -v f="$2" '$1 == f":" {print $2}' "/proc/$1/smaps_rollup"; }
sockets() { find "/proc/$1/fd" -lname 'socket:*' 2>/dev/null | wc -l; }
settled_rss() { # PID — RSS (KiB) once two reads a second apart agree within 1 %
    local last now
    last="$(server_kib "$1" Rss)"
    for _ in $(seq 1 20); do
        sleep 1
        now="$(server_kib "$1" Rss)"
        [ $(( (now - last) * 100 / (last + 1) )) -ne 0 ] || break
        last="$now"
    done
    printf '%s\n' "$now"
}
wrk_json() { sed -n 's/^BENCH_JSON //p' "$1"; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$WARMUP" -gt 0 ]; then bench_wrk "$CONNS" "$WARMUP" "$BASE/healthz" >/dev/null; fi
step "baseline: wrk $CONNS connections, ${SECS}s on /healthz"
bench_wrk "$CONNS" "$SECS" "$BASE/healthz" | tee "$TMP/wrk-baseline.txt"
RSS_BEFORE="$(settled_rss "$SERVER")"
ANON_BEFORE="$(server_kib "$SERVER" Anonymous)"
SOCKETS_BEFORE="$(sockets "$SERVER")"
TCP_MEM_BEFORE="$(awk '$1 == "TCP:" {for (i = 2; i < NF; i++) if ($i == "mem") print $(i + 1)}' /proc/net/sockstat)"

# One holder process per (hard limit − 200) connections; one source address per 20,000
# (about 28,000 ephemeral ports each).
PER_PROCESS=$((FILES - 200))
PROCESSES=$(( (HELD_GOAL + PER_PROCESS - 1) / PER_PROCESS ))
SOURCES=$(( (HELD_GOAL + 19999) / 20000 ))
[ "$SOURCES" -ge 2 ] || SOURCES=2
step "opening $HELD_GOAL connections from $PROCESSES process(es), $SOURCES source addresses, $OPEN_RATE/s"
OPENED_AT="$SECONDS"
HOLDER_PIDS=()
first=0
for p in $(seq 1 "$PROCESSES"); do
    count=$(( HELD_GOAL - first < PER_PROCESS ? HELD_GOAL - first : PER_PROCESS ))
    "$HOLDER" --target "127.0.0.1:$PORT" --connections "$count" --first "$first" --total "$HELD_GOAL" \
        --sources "$SOURCES" --period "$PERIOD" --hold "$HOLD" --open-rate $(( OPEN_RATE / PROCESSES )) \
        </dev/null >"$TMP/holder-$p.log" 2>&1 &
    HOLDER_PIDS+=("$!")
    BENCH_PIDS[holder-$p]=$!
    first=$((first + count))
done
deadline=$((SECONDS + HELD_GOAL / OPEN_RATE + 120))
until [ "$(cat "$TMP"/holder-*.log | grep -c '^HOLD_READY')" = "$PROCESSES" ]; do
    for pid in "${HOLDER_PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$TMP"/holder-*.log >&2; die "a holder exited early"; }
    done
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 5 "$TMP"/holder-*.log >&2; die "the connections were not all tried in time"; }
    sleep 1
done
OPENING_SECONDS=$((SECONDS - OPENED_AT))
grep -h '^HOLD_READY' "$TMP"/holder-*.log
RSS_AFTER="$(settled_rss "$SERVER")"
ANON_AFTER="$(server_kib "$SERVER" Anonymous)"
SOCKETS_HELD="$(sockets "$SERVER")"
TCP_MEM_HELD="$(awk '$1 == "TCP:" {for (i = 2; i < NF; i++) if ($i == "mem") print $(i + 1)}' /proc/net/sockstat)"

step "while held: wrk $CONNS connections, ${SECS}s on /healthz"
bench_wrk "$CONNS" "$SECS" "$BASE/healthz" | tee "$TMP/wrk-held.txt"

step "holding until the holders end (${HOLD}s after opening)"
for p in $(seq 1 "$PROCESSES"); do
    wait "${BENCH_PIDS[holder-$p]}" || die "holder $p failed: $(tail -n 5 "$TMP/holder-$p.log")"
    unset "BENCH_PIDS[holder-$p]"
done
RSS_END="$(server_kib "$SERVER" Rss)"
kill -0 "$SERVER" 2>/dev/null || die "the server died during the run"
LIMITS="$(awk '/^Max open files/ {print $4 " soft / " $5 " hard"}' "/proc/$SERVER/limits")"
TIMEOUTS="$(grep -m1 'listening on' "$TMP/server.log" | grep -o '[a-z_]*_timeout_s=[0-9]*' | sed 's/_s=/ /; s/$/ s/' | paste -sd, - | sed 's/,/, /g')"

SECTION="$TMP/section.md"
python3 - "$TMP" <<PY >"$SECTION"
import glob, json, sys
tmp = sys.argv[1]
def wrk(name):
    for line in open(f"{tmp}/wrk-{name}.txt"):
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    sys.exit(f"no BENCH_JSON in wrk-{name}.txt")
holds = []
for path in sorted(glob.glob(f"{tmp}/holder-*.log")):
    for line in open(path):
        if line.startswith("HOLD_JSON "):
            holds.append(json.loads(line[len("HOLD_JSON "):]))
hold = {k: sum(h[k] for h in holds) for k in ("open", "connect_failed", "requests_ok", "bad_answers", "closed")}
slowest_ms = max(h["slowest_us"] for h in holds) / 1000
base, held = wrk("baseline"), wrk("held")
def errors(r):
    return sum(r["errors"].values())
goal, target = $HELD_GOAL, $N
opened = hold["open"] + hold["closed"]
before, after, end = $RSS_BEFORE, $RSS_AFTER, $RSS_END
per_conn = (after - before) / max(opened, 1)
anon_per_conn = ($ANON_AFTER - $ANON_BEFORE) / max(opened, 1)
page = 4  # KiB
print(f"## $(date -u '+%Y-%m-%d %H:%M UTC') — {opened:,} kept-alive connections on one node, a request each every $PERIOD s (commit $(bench_commit))")
print()
print("- Machine: $(bench_machine); load average before the run: $LOAD_BEFORE. Shared with other work"
      " (builds and benchmarks of other branches ran meanwhile), client and server on the same 2 cores.")
print("- Server: \`$(bench_binary_name) serve\`, empty SQLite database,"
      " default timeouts ($TIMEOUTS), max_connections $CAP, open files $LIMITS.")
print("- Kernel (none changed by the script): fs.nr_open $(cat /proc/sys/fs/nr_open), net.core.somaxconn"
      " $(cat /proc/sys/net/core/somaxconn), net.ipv4.ip_local_port_range $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range),"
      " nofile $FILES for every process of the run.")
print(f"- Held connections: goal {target:,}" + (f", {goal:,} tried (${LOWERED})" if goal != target else "")
      + f"; {$PROCESSES} holder process(es), sources 127.0.0.2–127.0.0.{1 + $SOURCES}, opened at $OPEN_RATE/s"
      f" in $OPENING_SECONDS s; GET /healthz on each every $PERIOD s, spread over the period; held $HOLD s.")
print()
print("| measure | value |")
print("|---|---:|")
print(f"| connections opened / connect failures | {opened:,} / {hold['connect_failed']:,} |")
print(f"| still open at the end / closed by the server | {hold['open']:,} / {hold['closed']:,} |")
print(f"| requests on the held connections: answered 200 / other | {hold['requests_ok']:,} / {hold['bad_answers']:,} (slowest {slowest_ms:.1f} ms) |")
print(f"| server sockets: before / while held | $SOCKETS_BEFORE / $SOCKETS_HELD |")
print(f"| server RSS: before / all open / end of the hold | {before / 1024:.1f} / {after / 1024:.1f} / {end / 1024:.1f} MiB |")
print(f"| **server memory per connection** (RSS all open − before) / opened; anonymous memory | **{per_conn:.1f} KiB**; {anon_per_conn:.1f} KiB (goal ≤ 16 KiB) |")
print(f"| the same at the end of the hold (RSS end − before) / still open | {(end - before) / max(hold['open'], 1):.1f} KiB |")
print(f"| kernel TCP buffers, both ends (sockstat, not in RSS): before / held | {$TCP_MEM_BEFORE * page / 1024:.1f} / {$TCP_MEM_HELD * page / 1024:.1f} MiB |")
print(f"| **/healthz p99**, wrk $CONNS connections ${SECS}s: baseline / held | {base['p99_us'] / 1000:.1f} / **{held['p99_us'] / 1000:.1f} ms** (× {held['p99_us'] / max(base['p99_us'], 1):.2f}; goal < 50 ms) |")
print(f"| /healthz p50: baseline / held | {base['p50_us'] / 1000:.2f} / {held['p50_us'] / 1000:.2f} ms |")
print(f"| /healthz req/s: baseline / held | {base['rps']:,.0f} / {held['rps']:,.0f} (× {held['rps'] / max(base['rps'], 1):.2f}); wrk errors {errors(base)} / {errors(held)} |")
import os
notes = os.environ.get("BENCH_NOTES", "")
if notes:
    print()
    print(f"Notes: {notes}")
PY
bench_append "$SECTION"
