#!/usr/bin/env bash
# A fleet on one machine (issue: national traffic, goal 4): PostgreSQL, an S3-compatible
# server, three `lawha serve` nodes and HAProxy with deploy/haproxy.cfg in front, and the
# journey load generator (crates/lawha/examples/journey) playing many virtual pupils through
# the balancer. One node is killed with SIGKILL mid-run and started again later.
#
#   bash bench/fleet.sh
#
# Records per node (HAProxy's counters and the node's CPU time) requests, errors, mean
# response time and requests per CPU-second; per request kind p50/p99; the failures around
# the kill (longest burst against the balancer's check interval); and that every answer
# the platform acknowledged is stored. Before the fleet, the same journey runs against one
# node without the balancer for BENCH_BASELINE_SECONDS (the same-run baseline). Appends a
# section with the fleet size it implies for 600,000 pupils to bench/RESULTS.md.
# Not part of scripts/test.sh.
#
# Knobs (environment):
#   BENCH_PUPILS=200          virtual pupils at once
#   BENCH_SECONDS=90          length of the fleet run
#   BENCH_BASELINE_SECONDS=30 length of the one-node run before it (0 to skip)
#   BENCH_THINK_MS=500        mean pause between a pupil's steps
#   BENCH_ROUNDS_PER_SIGN_IN=10  journey rounds between a pupil's sign-out and next sign-in
#   BENCH_KILL_AT=30          seconds into the fleet run when node 2 gets SIGKILL
#   BENCH_RESTART_AT=60       seconds into the fleet run when node 2 starts again
#   BENCH_ROUND_MINUTES=8     sizing: minutes a real pupil takes for one round of the journey
#   BENCH_NODE_CORES=8        sizing: cores of one production node
#   BENCH_TARGET_CPU=50       sizing: percent of CPU the fleet may use at peak (headroom)
#   BENCH_NOTES=""            free text appended to the section as "Notes: …"
#   BENCH_RESULTS=bench/RESULTS.md  where the section goes (/dev/null for a trial)
#   BENCH_COMMIT              the commit to name when LAWHA_BIN was built from another one
#   LAWHA_BIN=target/release/lawha  binary to run (built if it is the default and missing)
#   RUST_LOG=warn             passed to the nodes
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$ROOT/bench/lib.sh"

PUPILS="${BENCH_PUPILS:-200}"
SECS="${BENCH_SECONDS:-90}"
BASELINE_SECS="${BENCH_BASELINE_SECONDS:-30}"
THINK_MS="${BENCH_THINK_MS:-500}"
ROUNDS_PER_SIGN_IN="${BENCH_ROUNDS_PER_SIGN_IN:-10}"
KILL_AT="${BENCH_KILL_AT:-30}"
RESTART_AT="${BENCH_RESTART_AT:-60}"
ROUND_MINUTES="${BENCH_ROUND_MINUTES:-8}"
NODE_CORES="${BENCH_NODE_CORES:-8}"
TARGET_CPU="${BENCH_TARGET_CPU:-50}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"
for knob in PUPILS SECS BASELINE_SECS THINK_MS ROUNDS_PER_SIGN_IN KILL_AT RESTART_AT ROUND_MINUTES NODE_CORES TARGET_CPU; do
    [[ "${!knob}" =~ ^[0-9]+$ ]] || die "$knob must be a whole number"
done
[ "$PUPILS" -ge 1 ] && [ "$PUPILS" -le 20000 ] || die "BENCH_PUPILS must be 1..20000"
[ "$KILL_AT" -lt "$RESTART_AT" ] && [ "$RESTART_AT" -lt "$SECS" ] \
    || die "need BENCH_KILL_AT < BENCH_RESTART_AT < BENCH_SECONDS"
# The balancer's health check interval, as deploy/haproxy.cfg sets it (`inter`).
CHECK_INTERVAL_S="$(sed -n 's/^ *default-server .*\binter \([0-9]*\)s\b.*/\1/p' "$ROOT/deploy/haproxy.cfg")"
[ -n "$CHECK_INTERVAL_S" ] || die "deploy/haproxy.cfg has no default-server line with inter Ns"

bench_tools haproxy curl python3
bench_binary
# The load generator and the S3 server are examples.
JOURNEY="$(bench_example lawha journey)"
S3_SERVER="$(bench_example lawha-media s3_server)"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

source "$ROOT/bench/pg.sh"
# pg.sh's trap replaced lib.sh's: stop the servers first, then PostgreSQL.
bench_on_exit() { pg_cleanup; }
trap bench_cleanup EXIT
PSQL=("$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 "$LAWHA_TEST_PG_URL")

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/out/fleet-$STAMP"
mkdir -p "$OUT"
now_ms() { date +%s%3N; }

# --- the object store ------------------------------------------------------------------
AWS_ACCESS_KEY_ID="fleet-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
AWS_SECRET_ACCESS_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION=us-east-1 AWS_ALLOW_HTTP=true
S3_PORT="$(bench_port)"
export AWS_ENDPOINT="http://127.0.0.1:$S3_PORT"
step "starting s3: s3_server 127.0.0.1:$S3_PORT"
"$S3_SERVER" "127.0.0.1:$S3_PORT" "$TMP/s3" lawha-media </dev/null >"$TMP/s3.log" 2>&1 &
BENCH_PIDS[s3]=$!
# Ready once a signed listing of the bucket answers (it refuses unsigned requests).
s3_answers() {
    curl -fsS -o /dev/null --max-time 2 --aws-sigv4 "aws:amz:$AWS_REGION:s3" \
        --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
        "$AWS_ENDPOINT/lawha-media" 2>/dev/null
}
for _ in $(seq 1 100); do
    s3_answers && break
    kill -0 "${BENCH_PIDS[s3]}" 2>/dev/null || { cat "$TMP/s3.log" >&2; die "the S3 server exited"; }
    sleep 0.2
done
s3_answers || die "the S3 server did not answer in 20 s"

# --- the nodes ---------------------------------------------------------------------------
# Every node reads deploy/lawha.toml, as an operator's would; what differs on one machine
# (ports, data directories, the balancer's address) comes from flags and LAWHA_* variables.
LB_PORT="$(bench_port)"
export LAWHA_DATABASE_URL="$LAWHA_TEST_PG_URL"
export LAWHA_PUBLIC_BASE_URL="http://127.0.0.1:$LB_PORT"
export RUST_LOG="${RUST_LOG:-warn}"
declare -A NODE_PORT=()

step "seeding the demo into PostgreSQL and the S3 store"
SEED_PORT="$(bench_port)"
bench_start seed "http://127.0.0.1:$SEED_PORT/healthz" \
    "$BIN" demo --config "$ROOT/deploy/lawha.toml" --listen "127.0.0.1:$SEED_PORT" --data-dir "$TMP/seed"
bench_stop seed
ACCOUNTS="$TMP/seed/demo-accounts.json"

# start_node N — node N on its port (chosen once), media workers on node 1 only.
start_node() {
    local n="$1"
    NODE_PORT[$n]="${NODE_PORT[$n]:-$(bench_port)}"
    LAWHA_MEDIA_WORKERS=$([ "$n" = 1 ] && echo 1 || echo 0) \
        bench_start "node$n" "http://127.0.0.1:${NODE_PORT[$n]}/healthz" \
        "$BIN" serve --config "$ROOT/deploy/lawha.toml" --listen "127.0.0.1:${NODE_PORT[$n]}" --data-dir "$TMP/node$n"
}
for n in 1 2 3; do start_node "$n"; done

# --- the balancer ------------------------------------------------------------------------
# Two descriptors per connection must fit under this shell's open-files limit.
export LAWHA_LB_BIND="127.0.0.1:$LB_PORT" LAWHA_LB_STATS_SOCKET="$TMP/haproxy.sock"
export LAWHA_LB_MAXCONN=$(( $(ulimit -n) / 2 - 100 ))
export LAWHA_NODE1="127.0.0.1:${NODE_PORT[1]}" LAWHA_NODE2="127.0.0.1:${NODE_PORT[2]}" LAWHA_NODE3="127.0.0.1:${NODE_PORT[3]}"
haproxy -c -q -f "$ROOT/deploy/haproxy.cfg" || die "deploy/haproxy.cfg does not load"
bench_start lb "http://127.0.0.1:$LB_PORT/healthz" haproxy -db -f "$ROOT/deploy/haproxy.cfg"

# lb COMMAND — one command on HAProxy's admin socket; prints its answer.
lb() {
    python3 - "$LAWHA_LB_STATS_SOCKET" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
out = b""
while chunk := s.recv(65536):
    out += chunk
sys.stdout.write(out.decode())
PY
}
# Wait until HAProxy sees the three nodes up.
nodes_up() { lb "show stat" | awk -F, '$1 == "lawha" && $2 ~ /^node/ && $18 == "UP"' | wc -l; }
for _ in $(seq 1 50); do
    [ "$(nodes_up)" = 3 ] && break
    sleep 0.2
done
[ "$(nodes_up)" = 3 ] || die "HAProxy does not see the three nodes up"

# Per-process CPU ticks (utime+stime, children included), and PostgreSQL's: the postmaster
# and every backend.
ticks() { [ -r "/proc/$1/stat" ] && sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 + $14 + $15 }' || echo 0; }
pg_ticks() {
    local master
    master="$(head -n 1 "$PGTMP/data/postmaster.pid")"
    python3 - "$master" <<'PY'
import os, sys
master, total = sys.argv[1], 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    if pid == master or fields[1] == master:
        total += sum(int(x) for x in fields[11:15])
print(total)
PY
}
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
# snapshot FILE — CPU ticks of every part of the fleet, one "name ticks" a line.
snapshot() {
    {
        read -r busy total < <(machine_ticks)
        echo "machine_busy $busy"
        echo "machine_total $total"
        for n in 1 2 3; do echo "node$n $(ticks "${BENCH_PIDS[node$n]:-0}")"; done
        echo "lb $(ticks "${BENCH_PIDS[lb]}")"
        echo "s3 $(ticks "${BENCH_PIDS[s3]}")"
        echo "pg $(pg_ticks)"
    } >"$1"
}

# --- baseline: the same journey against node 1 alone --------------------------------------
journey() { # NAME BASE SECONDS
    "$JOURNEY" --base "$2" --accounts "$ACCOUNTS" --pupils "$PUPILS" --seconds "$3" \
        --think-ms "$THINK_MS" --rounds-per-sign-in "$ROUNDS_PER_SIGN_IN" --loopback-sources "$PUPILS" --summary "$OUT/$1.json" --acknowledged "$OUT/$1-acknowledged.txt"
}
if [ "$BASELINE_SECS" -gt 0 ]; then
    step "baseline: $PUPILS pupils on node 1 alone for ${BASELINE_SECS}s"
    journey baseline "http://127.0.0.1:${NODE_PORT[1]}" "$BASELINE_SECS" >"$OUT/baseline.log" 2>&1 &
    JOURNEY_PID=$!
    snapshot "$OUT/baseline-cpu-start.txt"
    wait "$JOURNEY_PID" || { cat "$OUT/baseline.log" >&2; die "the baseline journey failed"; }
    snapshot "$OUT/baseline-cpu-end.txt"
    cat "$OUT/baseline.log"
fi

# --- the fleet, with node 2 killed and started again -------------------------------------
lb "clear counters all" >/dev/null
# The balancer's view of the nodes, twice a second, until the run ends.
(
    while [ ! -e "$TMP/run-over" ]; do
        lb "show stat" | awk -F, -v t="$(now_ms)" '$1 == "lawha" && $2 ~ /^node/ { print t "\t" $2 "\t" $18 }'
        sleep 0.5
    done
) >"$OUT/states.tsv" 2>/dev/null &
BENCH_PIDS[sampler]=$!
step "fleet: $PUPILS pupils through HAProxy for ${SECS}s; node 2 killed at ${KILL_AT}s, restarted at ${RESTART_AT}s"
journey fleet "http://127.0.0.1:$LB_PORT" "$SECS" >"$OUT/fleet.log" 2>&1 &
JOURNEY_PID=$!
snapshot "$OUT/fleet-cpu-start.txt"
sleep "$KILL_AT"
snapshot "$OUT/fleet-cpu-before-kill.txt"
KILL_MS="$(now_ms)"
kill -9 "${BENCH_PIDS[node2]}"
wait "${BENCH_PIDS[node2]}" 2>/dev/null || true
unset "BENCH_PIDS[node2]"
step "node 2 killed"
sleep $((RESTART_AT - KILL_AT))
RESTART_MS="$(now_ms)"
start_node 2
UP_AGAIN_MS="$(now_ms)"
snapshot "$OUT/fleet-cpu-restarted.txt"
wait "$JOURNEY_PID" || { cat "$OUT/fleet.log" >&2; die "the fleet journey failed"; }
snapshot "$OUT/fleet-cpu-end.txt"
touch "$TMP/run-over"
bench_stop sampler
lb "show stat" >"$OUT/haproxy-stat.csv"
cat "$OUT/fleet.log"

# --- nothing acknowledged is lost ----------------------------------------------------------
# An answer is acknowledged once its transaction committed: every one must be there now.
check_stored() { # NAME — prints "acknowledged stored"
    "${PSQL[@]}" <<SQL
CREATE TEMP TABLE acknowledged (id uuid);
\copy acknowledged FROM '$OUT/$1-acknowledged.txt'
SELECT (SELECT count(*) FROM acknowledged) || ' ' ||
       (SELECT count(*) FROM acknowledged a JOIN learner_events e ON e.id = a.id AND e.kind = 'answer');
SQL
}
sed -i '/^$/d' "$OUT/fleet-acknowledged.txt"
read -r ACKED STORED < <(check_stored fleet)
printf 'answers acknowledged %s, stored %s\n' "$ACKED" "$STORED"

# --- the results section -------------------------------------------------------------------
SECTION="$TMP/section.md"
export OUT KILL_MS RESTART_MS UP_AGAIN_MS ACKED STORED CHECK_INTERVAL_S \
    PUPILS THINK_MS SECS BASELINE_SECS KILL_AT RESTART_AT ROUND_MINUTES NODE_CORES TARGET_CPU
BENCH_NOTES="${BENCH_NOTES:-}" python3 - >"$SECTION" <<PY
import csv, json, os

out = os.environ["OUT"]
env = lambda k: os.environ[k]
hz = os.sysconf("SC_CLK_TCK")

def load(name):
    path = f"{out}/{name}"
    return json.load(open(path)) if os.path.exists(path) else None

def cpu(name):
    return {k: int(v) for k, v in (l.split() for l in open(f"{out}/{name}"))}

fleet = load("fleet.json")
base = load("baseline.json")
start, before_kill = cpu("fleet-cpu-start.txt"), cpu("fleet-cpu-before-kill.txt")
restarted, end = cpu("fleet-cpu-restarted.txt"), cpu("fleet-cpu-end.txt")
secs = lambda t: t / hz
node_cpu = {
    "node1": secs(end["node1"] - start["node1"]),
    "node2": secs(before_kill["node2"] - start["node2"] + end["node2"] - restarted["node2"]),
    "node3": secs(end["node3"] - start["node3"]),
}
part_cpu = {k: secs(end[k] - start[k]) for k in ("lb", "s3", "pg")}
part_cpu["journey"] = secs(fleet["cpu_ticks"])
wall = fleet["seconds"]
all_cores = secs(end["machine_total"] - start["machine_total"])
busy = secs(end["machine_busy"] - start["machine_busy"])
others = max(0.0, busy - sum(node_cpu.values()) - sum(part_cpu.values()))

rows = list(csv.reader(l for l in open(f"{out}/haproxy-stat.csv") if not l.startswith("# ") and l.strip()))
head = [h.lstrip("# ") for h in open(f"{out}/haproxy-stat.csv").readline().strip().split(",")]
stat = {r[1]: dict(zip(head, r)) for r in rows if r and r[0] == "lawha"}
num = lambda s, k: int(s.get(k) or 0)
responses = lambda s: sum(num(s, f"hrsp_{c}xx") for c in range(1, 6)) + num(s, "hrsp_other")

# Times on the journey's own timeline (its clock starts once it has read the catalog).
ms = lambda t: (int(t) - int(fleet["started_unix_ms"])) / 1000
kill_s, restart_s, up_s = ms(env("KILL_MS")), ms(env("RESTART_MS")), ms(env("UP_AGAIN_MS"))
down_seen = None
for line in open(f"{out}/states.tsv"):
    t, node, status = line.rstrip("\n").split("\t")
    if node == "node2" and status.startswith("DOWN") and not status.startswith("DOWN ") and ms(t) >= kill_s:
        down_seen = ms(t) if down_seen is None else down_seen
bursts = fleet["bursts"]
# The kill's bursts: those under way from the kill until a second after the balancer may take
# the node out (two failed checks); failures elsewhere are the machine's (timeouts under load).
window = (kill_s - 0.5, kill_s + 3 * float(env("CHECK_INTERVAL_S")))
at_kill = [b for b in bursts if b["to_s"] >= window[0] and b["from_s"] <= window[1]]
longest = max((b["to_s"] - b["from_s"] for b in at_kill), default=0.0)
failed_at_kill = sum(b["failures"] for b in at_kill)
check = float(env("CHECK_INTERVAL_S"))
kinds = fleet["kinds"]
rounds = max(1, kinds.get("capsule", {}).get("requests", 0))
per_round = fleet["requests"] / rounds
node_requests = sum(responses(stat[n]) for n in ("node1", "node2", "node3") if n in stat)
node_cpu_total = sum(node_cpu.values())
per_cpu_s = node_requests / node_cpu_total if node_cpu_total else 0

print("## $(date -u '+%Y-%m-%d %H:%M UTC') — fleet: three nodes behind HAProxy, one killed (commit $(bench_commit))")
print()
print("- Machine: $(bench_machine); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)")
print(f"- Fleet on this one machine: PostgreSQL $(basename "$(dirname "$PG_BIN")") (fsync on, Unix socket), the S3 example server (s3s-fs), three \`lawha serve\` nodes (release, RUST_LOG=$RUST_LOG, deploy/lawha.toml: media on S3, trusted_proxies = 1, media workers on node 1 only), HAProxy $(haproxy -v | awk 'NR==1 {print $3}') with deploy/haproxy.cfg (leastconn, check every {check:g} s, fall 2 rise 2, retries with redispatch)")
print(f"- Load: the journey generator, {env('PUPILS')} virtual pupils signing in with the demo's {sum(a['role'] == 'pupil' for a in json.load(open('$ACCOUNTS')))} pupil accounts, mean think time {env('THINK_MS')} ms (uniform 0–2×), signing in again every {fleet['rounds_per_sign_in']} rounds; {wall:.0f} s through the balancer; node 2 SIGKILLed at {kill_s:.1f} s and started again at {restart_s:.1f} s (answering at {up_s:.1f} s)")
print(f"- CPU: the machine was {100 * busy / all_cores:.0f} % busy during the fleet run; processes outside the fleet and the generator used {100 * others / all_cores:.0f} % of all cores. Everything shares {os.cpu_count()} cores, so the nodes compete with PostgreSQL, HAProxy, the S3 server and the generator")
print()
if base:
    b0, b1 = cpu("baseline-cpu-start.txt"), cpu("baseline-cpu-end.txt")
    base_cpu = secs(b1["node1"] - b0["node1"])
    print(f"Same-run baseline, the same journey on node 1 alone, no balancer, {base['seconds']:.0f} s: {base['requests_per_second']:,.0f} req/s, {base['failures']} failed; {base['requests'] / base_cpu if base_cpu else 0:,.0f} requests per node CPU-second.")
    print()
print(f"Fleet: **{fleet['requests_per_second']:,.0f} req/s** through the balancer ({fleet['requests']:,} requests, {fleet['failures']} failed), {rounds:,} journey rounds, {per_round:.1f} requests a round.")
print()
print("| node | requests | req/s | 5xx | mean response (HAProxy) | CPU s | req per CPU-second | retried / redispatched away |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for n in ("node1", "node2", "node3"):
    s = stat.get(n, {})
    print(f"| {n}{' (killed, restarted)' if n == 'node2' else ''} | {responses(s):,} | {responses(s) / wall:,.0f} | {num(s, 'hrsp_5xx')} | {num(s, 'rtime')} ms | {node_cpu[n]:.1f} | {responses(s) / node_cpu[n] if node_cpu[n] else 0:,.0f} | {num(s, 'wretr')} / {num(s, 'wredis')} |")
print(f"| all nodes | {node_requests:,} | {node_requests / wall:,.0f} | | | {node_cpu_total:.1f} | **{per_cpu_s:,.0f}** | |")
print()
print("CPU seconds of the other parts during the fleet run: " + ", ".join(f"{k} {v:.1f}" for k, v in (("PostgreSQL", part_cpu["pg"]), ("HAProxy", part_cpu["lb"]), ("S3 server", part_cpu["s3"]), ("generator", part_cpu["journey"]))) + f"; per 1,000 requests: PostgreSQL {1000 * part_cpu['pg'] / max(1, node_requests):.2f} s, HAProxy {1000 * part_cpu['lb'] / max(1, node_requests):.2f} s.")
print()
# The fleet for 600,000 pupils at once, from the measured cost per request.
pupils_at_once, round_min = 600_000, int(env("ROUND_MINUTES"))
target, node_cores = int(env("TARGET_CPU")) / 100, int(env("NODE_CORES"))
demand = pupils_at_once * per_round / (round_min * 60)
node_cores_needed = demand / per_cpu_s / target if per_cpu_s else float("inf")
nodes = -(-node_cores_needed // node_cores) + 1
pg_cores = demand * part_cpu["pg"] / max(1, node_requests) / target
lb_cores = demand * part_cpu["lb"] / max(1, node_requests) / target
print(f"Fleet size for {pupils_at_once:,} pupils at once, from these figures: a pupil plays one round ({per_round:.1f} requests at the nodes) every {round_min} minutes, "
      f"so {demand:,.0f} req/s; at {per_cpu_s:,.0f} requests per node CPU-second and {target:.0%} CPU at peak, {node_cores_needed:,.0f} node cores: "
      f"**{nodes:.0f} nodes of {node_cores} cores** (one spare included); PostgreSQL {pg_cores:,.0f} cores; HAProxy {lb_cores:,.0f} cores. Video segments beyond the first two of a round and static assets come from the CDN (deploy/cdn.md), not from the nodes.")
print()
print("| request (through the balancer) | requests | failed | p50 | p99 |" + (" baseline p50 | baseline p99 |" if base else ""))
print("|---|---:|---:|---:|---:|" + ("---:|---:|" if base else ""))
for kind, k in kinds.items():
    extra = ""
    if base:
        b = base["kinds"].get(kind, {})
        extra = f" {b['p50_ms']:.1f} ms | {b['p99_ms']:.1f} ms |" if b else " – | – |"
    print(f"| {kind} | {k['requests']:,} | {k['failures']} | {k['p50_ms']:.1f} ms | {k['p99_ms']:.1f} ms |" + extra)
print()
print(f"Node kill: HAProxy marked node 2 DOWN {'%.1f s after the kill' % (down_seen - kill_s) if down_seen is not None else '(not seen by the sampler)'}; "
      f"at the kill (from {window[0]:.1f} to {window[1]:.1f} s) {failed_at_kill} requests failed, in bursts of at most **{longest:.2f} s** (check interval {check:g} s: {'within' if longest <= check else 'LONGER than'} it); "
      f"elsewhere in the run {fleet['failures'] - failed_at_kill} failed ({len(bursts) - len(at_kill)} bursts).")
if fleet["failures_described"]:
    print()
    near = [f for f in fleet["failures_described"] if window[0] <= f["at_s"] <= window[1]][:8]
    print("Failures at the kill: " + ("; ".join(f"{f['at_s']:.2f} s {f['kind']} ({f['what']})" for f in near) or "none recorded") + ". First failures of the run: " + "; ".join(f"{f['at_s']:.2f} s {f['kind']} ({f['what']})" for f in fleet["failures_described"][:3]) + ("; …" if fleet["failures"] > 3 else "") + ".")
print()
lost = int(env("ACKED")) - int(env("STORED"))
print(f"Nothing acknowledged is lost: {int(env('ACKED')):,} answers acknowledged (303 back to the set), {int(env('STORED')):,} of them in \`learner_events\` afterwards ({'none missing' if lost == 0 else f'{lost} MISSING'}); {fleet['answers_refused']} answers refused (quiz attempts used up by other virtual pupils of the same account, 409).")
print()
print(f"Per second of the run (answered/failed), around the kill: " + ", ".join(f"{i} s {a}/{f}" for i, (a, f) in enumerate(fleet["per_second"]) if kill_s - 2 <= i <= kill_s + 4))
notes = os.environ.get("BENCH_NOTES", "").strip()
if notes:
    print()
    print("Notes: " + notes)
PY
bench_append "$SECTION"
echo "raw output in $OUT"
