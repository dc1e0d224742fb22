#!/usr/bin/env bash
# Idle and slowloris sockets against `lawha serve` limited to a few open files (security issue:
# idle connections took the server down). On loopback only, bounded in sockets and in time,
# stops by itself: starts the server under `prlimit --nofile=2048`, opens 2,600 idle sockets
# and 100 slowloris ones (a header line every second, never a whole request head), holds them
# 40 s while timing GET /healthz on fresh connections (every ~0.5 s from the first socket
# on), then closes them and times /healthz again. Appends a dated section to bench/RESULTS.md.
#
#   bash bench/idle_sockets.sh
#
# Knobs (environment):
#   BENCH_NOFILE=2048        the server's open-files limit (soft and hard)
#   BENCH_IDLE=2600          idle sockets (connect, then send nothing)
#   BENCH_SLOW=100           slowloris sockets
#   BENCH_HOLD_SECONDS=40    how long the sockets are held while /healthz is timed
#   LAWHA_BIN=target/release/lawha  binary to run (built if it is the default and missing)
#   LAWHA_HEADER_READ_TIMEOUT, LAWHA_IDLE_TIMEOUT, LAWHA_MAX_CONNECTIONS  passed through
#   BENCH_NOTES=""           free text appended to the section as "Notes: …"
#   BENCH_COMMIT             the commit to name when LAWHA_BIN was built from another one
#   BENCH_RESULTS=bench/RESULTS.md  where the section goes (/dev/null for a trial)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$ROOT/bench/lib.sh"
command -v prlimit >/dev/null 2>&1 || die "prlimit is missing (util-linux)"
bench_tools curl python3

NOFILE="${BENCH_NOFILE:-2048}"
IDLE="${BENCH_IDLE:-2600}"
SLOW="${BENCH_SLOW:-100}"
HOLD="${BENCH_HOLD_SECONDS:-40}"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"

[[ "$NOFILE" =~ ^[0-9]+$ ]] && [ "$NOFILE" -ge 256 ] && [ "$NOFILE" -le 65536 ] || die "BENCH_NOFILE must be 256..65536"
[[ "$IDLE" =~ ^[0-9]+$ ]] && [ "$IDLE" -le 20000 ] || die "BENCH_IDLE must be 0..20000"
[[ "$SLOW" =~ ^[0-9]+$ ]] && [ "$SLOW" -le 2000 ] || die "BENCH_SLOW must be 0..2000"
[[ "$HOLD" =~ ^[0-9]+$ ]] && [ "$HOLD" -ge 5 ] && [ "$HOLD" -le 300 ] || die "BENCH_HOLD_SECONDS must be 5..300"
bench_binary

# The client holds every socket itself.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $((IDLE + SLOW + 256)) ] \
    || die "this shell may open only $(ulimit -n) files; $((IDLE + SLOW + 256)) are needed"

PORT="$(bench_port)"
RUST_LOG="${RUST_LOG:-info}" NO_COLOR=1 LAWHA_MEDIA_WORKERS=0 bench_start server "http://127.0.0.1:$PORT/healthz" \
    prlimit --nofile="$NOFILE" -- "$BIN" serve --data-dir "$TMP/data" --listen "127.0.0.1:$PORT"
SERVER_PID="${BENCH_PIDS[server]}"
LOG="$TMP/server.log"

step "holding $IDLE idle and $SLOW slowloris sockets for $HOLD s"
# The client stops by itself after the hold; `timeout` is the backstop.
timeout $((HOLD + 120)) python3 - "$PORT" "$SERVER_PID" "$IDLE" "$SLOW" "$HOLD" >"$TMP/client.txt" <<'PY'
import os, select, socket, statistics, sys, threading, time

port, pid, n_idle, n_slow, hold = (int(a) for a in sys.argv[1:6])
ADDR = ("127.0.0.1", port)

def healthz(patience=10.0):
    started = time.monotonic()
    try:
        with socket.create_connection(ADDR, timeout=patience) as s:
            s.settimeout(patience)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := s.recv(4096):
                data += chunk
        return time.monotonic() - started, data.startswith(b"HTTP/1.1 200")
    except OSError:
        return time.monotonic() - started, False

def server_fds():
    total = sockets = 0
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            total += 1
            sockets += target.startswith("socket:")
    except OSError:
        pass
    return total, sockets

def ms(seconds):
    return f"{seconds * 1000:.1f} ms"

def summary(samples):
    times = sorted(t for t, _ in samples)
    ok = sum(1 for _, good in samples if good)
    if not times:
        return "no sample"
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return (f"{ok}/{len(samples)} answered 200; median {ms(statistics.median(times))}, "
            f"p95 {ms(p95)}, max {ms(times[-1])}")

before = [healthz() for _ in range(20)]
fds_before = server_fds()

# /healthz on a fresh connection every ~0.5 s, from the first idle socket to the end of the
# hold, in its own thread (so a slow answer does not slow the flood down).
samples = []             # (phase, seconds, answered 200)
phase = ["opening"]
stop = threading.Event()
def probe():
    while not stop.is_set():
        took, good = healthz()
        samples.append((phase[0], took, good))
        stop.wait(0.5)
prober = threading.Thread(target=probe)

# Opening stops after OPENING_LIMIT seconds: a server that no longer accepts would
# otherwise make each connect wait for its timeout.
OPENING_LIMIT = 30
t0 = time.monotonic()
prober.start()
idle, idle_failed, slow, slow_failed = [], 0, [], 0
for n in range(n_idle + n_slow):
    if time.monotonic() - t0 > OPENING_LIMIT:
        break
    try:
        s = socket.create_connection(ADDR, timeout=2)
    except OSError:
        if n < n_idle:
            idle_failed += 1
        else:
            slow_failed += 1
        continue
    if n < n_idle:
        idle.append(s)
    else:
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n")
        except OSError:
            pass
        slow.append(s)
opened_in = time.monotonic() - t0
not_tried = n_idle + n_slow - len(idle) - len(slow) - idle_failed - slow_failed

opened_at = time.monotonic()
phase[0] = "held"
closed_at = {}           # socket -> seconds after all were opened
peak = fds_before
next_drip = opened_at + 1
while time.monotonic() - opened_at < hold:
    fds = server_fds()
    peak = (max(peak[0], fds[0]), max(peak[1], fds[1]))
    now = time.monotonic()
    if now >= next_drip:
        next_drip = now + 1
        for s in slow:
            if s not in closed_at:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    closed_at[s] = now - opened_at
    # poll, not select: descriptors go past select's 1,024.
    poller, by_fd = select.poll(), {}
    for s in idle + slow:
        if s not in closed_at:
            poller.register(s, select.POLLIN)
            by_fd[s.fileno()] = s
    for fd, _ in poller.poll(0):
        s = by_fd[fd]
        try:
            gone = s.recv(4096, socket.MSG_PEEK) == b""
        except OSError:
            gone = True
        if gone:
            closed_at[s] = time.monotonic() - opened_at
    time.sleep(0.25)
stop.set()
prober.join()

fds_held = server_fds()
for s in idle + slow:
    s.close()
time.sleep(2)
after, t1 = [], time.monotonic()
while len(after) < 20 and time.monotonic() - t1 < 20:
    after.append(healthz(patience=5.0))
fds_after = server_fds()

def closed(group):
    times = sorted(closed_at[s] for s in group if s in closed_at)
    if not times:
        return f"0 of {len(group)} closed by the server within {hold} s"
    return (f"{len(times)} of {len(group)} closed by the server within {hold} s "
            f"(after {times[0]:.1f} s to {times[-1]:.1f} s; median {statistics.median(times):.1f} s)")

print(f"- Opened: {len(idle)} idle and {len(slow)} slowloris sockets in {opened_in:.1f} s "
      f"({idle_failed + slow_failed} connects failed"
      + (f", {not_tried} not tried: opening stops after {OPENING_LIMIT} s" if not_tried else "")
      + ")")
print(f"- /healthz before: {summary(before)}")
print(f"- /healthz while the sockets were being opened: "
      f"{summary([(t, g) for p, t, g in samples if p == 'opening'])}")
print(f"- /healthz while they were held ({hold} s): "
      f"{summary([(t, g) for p, t, g in samples if p == 'held'])}")
print(f"- /healthz after closing them: {summary(after)}")
print(f"- Idle sockets: {closed(idle)}")
print(f"- Slowloris sockets: {closed(slow)}")
print(f"- Server descriptors (all / sockets): {fds_before[0]} / {fds_before[1]} before, "
      f"peak {peak[0]} / {peak[1]} while held, {fds_held[0]} / {fds_held[1]} at the end of the hold, "
      f"{fds_after[0]} / {fds_after[1]} after")
PY
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died during the run (see its log above)"

LIMIT_LINE="$(awk '/^Max open files/ {print $4 " soft / " $5 " hard"}' "/proc/$SERVER_PID/limits")"
LISTEN_LINE="$(grep -m1 'listening on http://' "$LOG" | sed -E 's/.*(max_connections=[0-9]+).*/\1/;t;s/.*/(no max_connections in the log)/')"
ACCEPT_ERRORS="$(grep -c -E 'accept (error|failed)' "$LOG" || true)"
EMFILE="$(grep -c 'Too many open files' "$LOG" || true)"
PANICS="$(grep -c 'panicked' "$LOG" || true)"
SECTION="$TMP/section.md"
{
    printf '## %s — idle and slowloris sockets (commit %s)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(bench_commit)"
    printf -- '- Machine: %s; load average before the run: %s\n' "$(bench_machine)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    # shellcheck disable=SC2016 # the backquotes are Markdown
    printf -- '- Server: `%s serve` (empty SQLite database) under `prlimit --nofile=%s`: open files %s; %s; loopback, client and server on the same machine\n' \
        "$(bench_binary_name)" "$NOFILE" "$LIMIT_LINE" "$LISTEN_LINE"
    cat "$TMP/client.txt"
    printf -- '- Server log: %s accept errors, %s "Too many open files", %s panics\n' "$ACCEPT_ERRORS" "$EMFILE" "$PANICS"
    if [ -n "${BENCH_NOTES:-}" ]; then printf '\nNotes: %s\n' "$BENCH_NOTES"; fi
    printf '\n'
} >"$SECTION"
bench_append "$SECTION"
