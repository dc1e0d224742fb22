#!/usr/bin/env bash
# A school node on a small box: one core and 512 MB. The demo's data served by `lawha serve`
# pinned to one core (taskset) and, where this machine lets a memory cgroup be made, held to
# 512 MiB; BENCH_PUPILS sign-ins with the right password, all sent at once (a class arriving
# at 8:00), each from its own address. Records each sign-in's time, the answers, and the
# node's RSS before and at its peak; appends a dated section to bench/RESULTS.md.
#
#   bash bench/school_node.sh
#
# Knobs (environment):
#   LAWHA_BIN=target/release/lawha   binary measured (built if it is the default and missing)
#   BENCH_PUPILS=40                  sign-ins at once
#   BENCH_CORE=0                     the core the node is pinned to (the client takes another)
#   BENCH_MEMORY_MB=512              the node's memory limit, where a cgroup can be made
#   BENCH_NOTES=""                   free text appended as "Notes: …"
#   BENCH_RESULTS=bench/RESULTS.md   where the section goes (/dev/null for a trial)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

PUPILS="${BENCH_PUPILS:-40}"
CORE="${BENCH_CORE:-0}"
MEMORY_MB="${BENCH_MEMORY_MB:-512}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"
[[ "$PUPILS" =~ ^[0-9]+$ ]] && [ "$PUPILS" -ge 1 ] && [ "$PUPILS" -le 1000 ] || die "BENCH_PUPILS must be 1..1000"
[[ "$MEMORY_MB" =~ ^[0-9]+$ ]] && [ "$MEMORY_MB" -ge 64 ] || die "BENCH_MEMORY_MB must be at least 64"
[ "$(nproc)" -ge 2 ] || die "two cores are needed: one for the node, one for the client"
bench_tools curl python3
command -v taskset >/dev/null 2>&1 || die "taskset is missing (apt-get install util-linux)"
bench_binary

PORT="$(bench_port)"
BASE="http://127.0.0.1:$PORT"
DATA="$TMP/node"
CLIENT_CORE=$(((CORE + 1) % $(nproc)))

step "seeding the demo's data"
bench_start demo "$BASE/healthz" env RUST_LOG=warn NO_COLOR=1 LAWHA_MEDIA_WORKERS=0 \
    "$BIN" demo --data-dir "$DATA" --listen "127.0.0.1:$PORT"
bench_stop demo

# A class of BENCH_PUPILS pupils of our own, in the demo's first class, with the demo's password.
PASSWORD="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))[0]["password"])' "$DATA/demo-accounts.json")"
read -r SCHOOL CLASS YEAR < <(python3 - "$DATA/lawha.sqlite" <<'PY'
import sqlite3, sys
with sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True) as db:
    print(*db.execute("SELECT s.code, c.name, c.school_year FROM classes c JOIN schools s ON s.id = c.school_id"
                      " ORDER BY s.code, c.name LIMIT 1").fetchone())
PY
)
step "adding $PUPILS pupils to class $CLASS of $SCHOOL"
for n in $(seq -w 1 "$PUPILS"); do
    RUST_LOG=warn "$BIN" user add --data-dir "$DATA" --name "Bench pupil $n" --role pupil \
        --pupil-code "BENCH$n" --password "$PASSWORD" --school "$SCHOOL" --class "$CLASS" --year "$YEAR" \
        >/dev/null || die "could not add pupil BENCH$n"
done

step "the node: lawha serve on core $CORE"
bench_start node "$BASE/healthz" taskset -c "$CORE" env RUST_LOG=warn NO_COLOR=1 \
    LAWHA_MEDIA_WORKERS=0 LAWHA_TRUSTED_PROXIES=1 MALLOC_ARENA_MAX=2 \
    "$BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$PORT"
NODE_PID="${BENCH_PIDS[node]}"

# A memory cgroup (v1 or v2) of our own, where this machine allows one.
LIMIT="not enforced (no memory cgroup could be made here)"
CGROUP=""
for parent in /sys/fs/cgroup/memory /sys/fs/cgroup; do
    if [ -w "$parent" ] && mkdir "$parent/lawha-bench-$$" 2>/dev/null; then
        CGROUP="$parent/lawha-bench-$$"
        if { [ -e "$CGROUP/memory.limit_in_bytes" ] && echo $((MEMORY_MB << 20)) >"$CGROUP/memory.limit_in_bytes"; } \
            || { [ -e "$CGROUP/memory.max" ] && echo $((MEMORY_MB << 20)) >"$CGROUP/memory.max"; }; then
            echo "$NODE_PID" >"$CGROUP/cgroup.procs" && LIMIT="$MEMORY_MB MiB (memory cgroup)"
        fi
        break
    fi
done
bench_on_exit() { [ -z "$CGROUP" ] || rmdir "$CGROUP" 2>/dev/null || true; }

sleep 2
BEFORE="$(rss_kib "$NODE_PID")"
step "$PUPILS sign-ins at once"
taskset -c "$CLIENT_CORE" timeout 300 python3 - "$PORT" "$PUPILS" "$PASSWORD" >"$TMP/burst.txt" <<'PY'
import re, socket, sys, threading, time, urllib.parse

port, pupils, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
addr = ("127.0.0.1", port)
codes = [f"BENCH{n:0{len(str(pupils))}d}" for n in range(1, pupils + 1)]

def exchange(sock, raw):
    sock.sendall(raw)
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data

def forwarded(n):
    return f"X-Forwarded-For: 10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}\r\n"

# Each pupil opens the sign-in page first (its own form token), as a browser would.
requests = []
for n in range(pupils):
    with socket.create_connection(addr, timeout=60) as s:
        page = exchange(s, (f"GET /login HTTP/1.1\r\nHost: node\r\nConnection: close\r\n{forwarded(n)}\r\n").encode()).decode("utf-8", "replace")
    pre = re.search(r"lawha_pre=([^;\r\n]+)", page).group(1)
    csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
    body = urllib.parse.urlencode({"identifier": codes[n], "password": password, "csrf": csrf}).encode()
    requests.append((f"POST /login HTTP/1.1\r\nHost: node\r\nConnection: close\r\nCookie: lawha_pre={pre}\r\n{forwarded(n)}"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     f"Content-Length: {len(body)}\r\n\r\n").encode() + body)

sockets = [socket.create_connection(addr, timeout=120) for _ in requests]
times, statuses = [None] * len(requests), {}
start = threading.Barrier(len(requests))
def sign_in(i):
    start.wait()
    began = time.monotonic()
    try:
        data = exchange(sockets[i], requests[i])
    except OSError:
        data = b""
    times[i] = time.monotonic() - began
    status = data[9:12].decode() if data.startswith(b"HTTP/1.1") else "none"
    statuses[status] = statuses.get(status, 0) + 1
threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(len(requests))]
for t in threads: t.start()
for t in threads: t.join()
times.sort()
p = lambda q: times[min(len(times) - 1, int(len(times) * q))]
print("answers\t" + ", ".join(f"{n} × {s}" for s, n in sorted(statuses.items())))
print(f"median\t{p(0.5) * 1000:.0f}")
print(f"p99\t{p(0.99) * 1000:.0f}")
print(f"max\t{times[-1] * 1000:.0f}")
PY
PEAK="$(hwm_kib "$NODE_PID")"
AFTER="$(rss_kib "$NODE_PID")"
cat "$TMP/burst.txt"
field() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$TMP/burst.txt"; }

{
    printf '## %s — school node: %s sign-ins at once on one core (commit %s)\n\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$PUPILS" "$(bench_commit)"
    printf -- '- Machine: %s; load average before the run: %s\n' "$(bench_machine)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf -- '- Node: `lawha serve` (release) on the demo'"'"'s data, SQLite, pinned to core %s (taskset); memory limit: %s; `MALLOC_ARENA_MAX=2` as in deploy/lawha-node.service\n' "$CORE" "$LIMIT"
    printf -- '- Client: on core %s; %s pupils of one class (added for the run, each their own account) each opened /login first (own form token), then all POST /login with the right password were released at once, each from its own address\n\n' "$CLIENT_CORE" "$PUPILS"
    printf '| measure | value | goal |\n|---|---:|---:|\n'
    printf '| answers | %s | all 303 |\n' "$(field answers)"
    printf '| sign-in time, median | %s ms |  |\n' "$(field median)"
    printf '| sign-in time, p99 | %s ms | < 1000 ms |\n' "$(field p99)"
    printf '| sign-in time, slowest | %s ms |  |\n' "$(field max)"
    printf '| node RSS before | %s MiB |  |\n' "$(mib "$BEFORE")"
    printf '| node RSS peak (VmHWM) | %s MiB | < 200 MB |\n' "$(mib "$PEAK")"
    printf '| node RSS after | %s MiB |  |\n' "$(mib "$AFTER")"
    [ -z "${BENCH_NOTES:-}" ] || printf '\nNotes: %s\n' "$BENCH_NOTES"
} >"$TMP/section.md"
bench_append "$TMP/section.md"
