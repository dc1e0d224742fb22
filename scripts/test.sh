#!/usr/bin/env bash
# Runs every test of the Lawha workspace, from a fresh Debian 12 machine.
#
#   bash scripts/test.sh [extra args for `cargo nextest run`]
#
# Steps: install what is missing (Debian packages: PostgreSQL, ffmpeg, Janus, Chromium, aiosmtpd, poppler-utils; npm deps), start one
# throwaway PostgreSQL on a Unix socket (LAWHA_TEST_PG_URL), cargo fmt --check,
# clippy -D warnings, cargo nextest (or cargo test), build target/debug/lawha,
# start `lawha demo` and run the browser tests (tests/browser, node --test; the schoolbag
# test starts its own platform and school node from the built binary, LAWHA_BIN, on SQLite
# and on PostgreSQL).
#
# Environment knobs (all optional):
#   LAWHA_SKIP_BROWSER=1   skip the browser tests
#   CHROMIUM=/path         browser binary for playwright-core (default /usr/bin/chromium)
#   LAWHA_BROWSER_REPORT   page-weight report (default target/browser-report.json)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" != 0 ]; then SUDO=(sudo -n); fi

# ---------------------------------------------------------------------------
# 1. System packages (only what is missing; apt-get update only if needed).
# ---------------------------------------------------------------------------
pg_bindir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then printf '%s\n' "$d"; fi
}

missing=()
[ -n "$(pg_bindir)" ] || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
# Node also runs the device-side corrector against the server's (crates/web/tests/offline_correct.rs).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
if [ "${LAWHA_SKIP_BROWSER:-0}" != 1 ]; then
    [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium fonts-liberation fonts-dejavu-core)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
command -v curl >/dev/null 2>&1 || missing+=(curl)
# Password recovery: the web tests start a real SMTP server (crates/web/tests/smtp_sink, aiosmtpd).
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
# Credential slips: the web tests read the PDF back with pdftotext (crates/web/tests/slips.rs).
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# The media pipeline's tests, the demo's uploads and the browser tests transcode for real.
{ command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; } || missing+=(ffmpeg)
# Live classes: the tests start their own Janus (crates/live/tests/support/janus.rs), convert its
# recordings with janus-pp-rec (janus-tools); janus.js (libjs-janus-gateway) is served to the page.
command -v janus >/dev/null 2>&1 || missing+=(janus)
command -v janus-pp-rec >/dev/null 2>&1 || missing+=(janus-tools)
[ -e /usr/share/javascript/janus-gateway/janus.js ] || missing+=(libjs-janus-gateway)

if [ "${#missing[@]}" -gt 0 ]; then
    step "installing Debian packages: ${missing[*]}"
    "${SUDO[@]}" apt-get update -qq </dev/null >/dev/null
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" </dev/null >/dev/null
fi
PG_BIN="$(pg_bindir)"
[ -n "$PG_BIN" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"

# ---------------------------------------------------------------------------
# 2. npm dependencies of the browser tests (npm ci when missing or stale).
# ---------------------------------------------------------------------------
BROWSER_DIR="$ROOT/tests/browser"
if [ "${LAWHA_SKIP_BROWSER:-0}" != 1 ]; then
    lock_sum="$(sha256sum "$BROWSER_DIR/package-lock.json" | cut -d' ' -f1)"
    stamp="$BROWSER_DIR/node_modules/.lawha-lock-sha256"
    if [ ! -d "$BROWSER_DIR/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_sum" ]; then
        step "npm ci (tests/browser)"
        (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
        printf '%s\n' "$lock_sum" >"$stamp"
    fi
fi

# ---------------------------------------------------------------------------
# 3. Temp dirs, cleanup trap, throwaway PostgreSQL.
# ---------------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/lawha-test.XXXXXX")"
PGTMP="$(mktemp -d /tmp/lawha-pg.XXXXXX)" # short path: the socket path must stay < 108 bytes
PG_STARTED=0
APP_PID=""
LATER_PID=""
SINK_PID=""

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
    local rc=$?
    set +e
    for pid in "$APP_PID" "$LATER_PID" "$SINK_PID"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
        fi
    done
    if [ "$PG_STARTED" = 1 ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$TMP" "$PGTMP"
    if [ "$rc" != 0 ]; then printf '\ntest.sh: FAILED (exit %s)\n' "$rc" >&2; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "starting throwaway PostgreSQL ($("$PG_BIN/postgres" --version))"
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "system user 'postgres' is missing (is the postgresql package installed?)"
    chown postgres: "$PGTMP"
fi
chmod 700 "$PGTMP"
as_pg "$PG_BIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$PGTMP/initdb.log" 2>&1 || { cat "$PGTMP/initdb.log" >&2; die "initdb failed"; }
cat >>"$PGTMP/data/postgresql.conf" <<EOF

# lawha test run: throwaway server, Unix socket only, durability off.
listen_addresses = ''
unix_socket_directories = '$PGTMP'
unix_socket_permissions = 0777
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 64MB
log_min_messages = warning
EOF
as_pg "$PG_BIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/postgres.log" -w -t 60 start >/dev/null \
    || { cat "$PGTMP/postgres.log" >&2; die "PostgreSQL did not start"; }
PG_STARTED=1
# The socket dir is 0700 and owned by postgres; let the (possibly non-postgres) test user in.
chmod 711 "$PGTMP"

export LAWHA_TEST_PG_URL="postgres://postgres@localhost:5432/postgres?host=$PGTMP"
psql "$LAWHA_TEST_PG_URL" -X -q -At -v ON_ERROR_STOP=1 -c 'select 1' >/dev/null \
    || die "cannot connect to the throwaway PostgreSQL with $LAWHA_TEST_PG_URL"
echo "LAWHA_TEST_PG_URL=$LAWHA_TEST_PG_URL"

# ---------------------------------------------------------------------------
# 4. Rust: format, lints, tests, binary.
# ---------------------------------------------------------------------------
if command -v rustup >/dev/null 2>&1; then
    for component in rustfmt clippy; do
        rustup component list --installed 2>/dev/null | grep -q "^$component" \
            || { step "rustup component add $component"; rustup component add "$component"; }
    done
fi

step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

if cargo nextest --version >/dev/null 2>&1; then
    step "cargo nextest run --workspace $*"
    cargo nextest run --workspace "$@"
else
    step "cargo test --workspace $* (cargo-nextest not installed)"
    cargo test --workspace "$@"
fi

if [ "${LAWHA_SKIP_BROWSER:-0}" = 1 ]; then
    step "browser tests skipped (LAWHA_SKIP_BROWSER=1)"
    echo
    echo "test.sh: ALL TESTS PASSED (fmt, clippy, nextest; browser tests skipped)"
    exit 0
fi

step "cargo build -p lawha (debug)"
cargo build -p lawha
LAWHA_BIN="$TARGET_DIR/debug/lawha"
[ -x "$LAWHA_BIN" ] || die "$LAWHA_BIN was not built"

# ---------------------------------------------------------------------------
# 5. Browser tests against `lawha demo`.
# ---------------------------------------------------------------------------
free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# A real SMTP server for the demo's mail (password recovery): the browser tests read what it
# received from $LAWHA_MAIL_DIR (tests/browser/recovery.test.mjs). It stops when its input,
# a FIFO this script holds open, closes, or at cleanup.
MAIL_DIR="$TMP/mail"
mkdir -p "$MAIL_DIR"
mkfifo "$TMP/sink-in"
/usr/bin/python3 "$ROOT/crates/web/tests/smtp_sink/sink.py" "$MAIL_DIR" <"$TMP/sink-in" >"$TMP/smtp-sink.log" 2>&1 &
SINK_PID=$!
exec {SINK_FD}>"$TMP/sink-in"
deadline=$((SECONDS + 20))
until [ -s "$MAIL_DIR/port" ]; do
    kill -0 "$SINK_PID" 2>/dev/null || { cat "$TMP/smtp-sink.log" >&2; die "the SMTP sink exited before listening"; }
    [ "$SECONDS" -lt "$deadline" ] || die "the SMTP sink did not listen within 20 s"
    sleep 0.1
done
SMTP_PORT="$(cat "$MAIL_DIR/port")"

PORT="$(free_port)"
APP_URL="http://127.0.0.1:$PORT"
APP_LOG="$TMP/lawha-demo.log"
step "starting lawha demo on $APP_URL"
# It starts its own Janus (live classes); attendance is polled every 2 s for live.test.mjs, and
# recordings are looked for every 2 s, 5 s after a session's end, for live_recording.test.mjs.
LAWHA_LIVE_POLL_SECONDS=2 LAWHA_LIVE_RECORDINGS_SECONDS=2 LAWHA_LIVE_RECORDINGS_SETTLE_SECONDS=5 \
    LAWHA_SMTP_HOST=127.0.0.1 LAWHA_SMTP_PORT="$SMTP_PORT" LAWHA_SMTP_TLS=none \
    LAWHA_MAIL_FROM="Lawha <no-reply@demo.lawha.ma>" \
    "$LAWHA_BIN" demo --data-dir "$TMP/demo" --listen "127.0.0.1:$PORT" </dev/null >"$APP_LOG" 2>&1 &
APP_PID=$!

app_failed() {
    echo "---- lawha demo log ($APP_LOG) ----" >&2
    tail -n 200 "$APP_LOG" >&2 || true
    echo "---- end of log ----" >&2
    die "$1"
}

deadline=$((SECONDS + 120))
until curl -fsS -o /dev/null --max-time 2 "$APP_URL/healthz" 2>/dev/null; do
    if ! kill -0 "$APP_PID" 2>/dev/null; then
        app_rc=0; wait "$APP_PID" || app_rc=$?
        APP_PID=""
        app_failed "lawha demo exited early (status $app_rc) before /healthz answered"
    fi
    [ "$SECONDS" -lt "$deadline" ] || app_failed "lawha demo did not answer 200 on /healthz within 120 s"
    sleep 0.2
done
echo "lawha demo is up (pid $APP_PID)"
[ -s "$TMP/demo/demo-accounts.json" ] || app_failed "$TMP/demo/demo-accounts.json is missing or empty"

# The same database served with the clock LATER_DAYS ahead: the browser tests reach the due
# date of revision items without waiting (clock_offset_days). It runs no media worker: with
# its clock ahead, every lease the demo's worker holds would look expired to it.
LATER_DAYS=10
LATER_PORT="$(free_port)"
LATER_URL="http://127.0.0.1:$LATER_PORT"
LATER_LOG="$TMP/lawha-later.log"
step "starting lawha serve on $LATER_URL, clock $LATER_DAYS days ahead"
LAWHA_CLOCK_OFFSET_DAYS="$LATER_DAYS" LAWHA_MEDIA_WORKERS=0 LAWHA_EMBEDDED_JANUS=false "$LAWHA_BIN" serve --data-dir "$TMP/demo" \
    --listen "127.0.0.1:$LATER_PORT" </dev/null >"$LATER_LOG" 2>&1 &
LATER_PID=$!
deadline=$((SECONDS + 60))
until curl -fsS -o /dev/null --max-time 2 "$LATER_URL/healthz" 2>/dev/null; do
    if ! kill -0 "$LATER_PID" 2>/dev/null; then
        tail -n 50 "$LATER_LOG" >&2
        die "lawha serve (clock ahead) exited before /healthz answered"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { tail -n 50 "$LATER_LOG" >&2; die "lawha serve (clock ahead) did not answer within 60 s"; }
    sleep 0.2
done

export LAWHA_URL="$APP_URL"
export LAWHA_LATER_URL="$LATER_URL"
export LAWHA_LATER_DAYS="$LATER_DAYS"
export LAWHA_DEMO_ACCOUNTS="$TMP/demo/demo-accounts.json"
export LAWHA_MAIL_DIR="$MAIL_DIR"
export LAWHA_BIN
export LAWHA_BROWSER_REPORT="${LAWHA_BROWSER_REPORT:-$TARGET_DIR/browser-report.json}"
export LAWHA_BROWSER_ARTIFACTS="${LAWHA_BROWSER_ARTIFACTS:-$TARGET_DIR/browser-artifacts}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
rm -rf "$LAWHA_BROWSER_ARTIFACTS"

step "node --test tests/browser"
shopt -s nullglob
browser_tests=("$BROWSER_DIR"/*.test.mjs)
shopt -u nullglob
[ "${#browser_tests[@]}" -gt 0 ] || die "no browser test files in tests/browser"
browser_rc=0
node --test --test-reporter=spec "${browser_tests[@]}" </dev/null || browser_rc=$?

if ! kill -0 "$APP_PID" 2>/dev/null; then
    app_failed "lawha demo died during the browser tests"
fi
if [ "$browser_rc" != 0 ]; then
    echo "---- last lines of the lawha demo log ----" >&2
    tail -n 60 "$APP_LOG" >&2 || true
    [ -d "$LAWHA_BROWSER_ARTIFACTS" ] && echo "failure screenshots/HTML: $LAWHA_BROWSER_ARTIFACTS" >&2
    die "browser tests failed (exit $browser_rc)"
fi
echo "page-weight report: $LAWHA_BROWSER_REPORT"

echo
echo "test.sh: ALL TESTS PASSED (fmt, clippy, nextest, browser)"
