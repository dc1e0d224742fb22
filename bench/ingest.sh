#!/usr/bin/env bash
# Answer-event ingest benchmark (issue: ≥ 50,000 events/s batched and durable) on SQLite
# (WAL, synchronous=FULL) and on a PostgreSQL started here with fsync ON, so that the
# numbers are for durable writes. Appends the table to bench/RESULTS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PG_BIN/initdb" ] || { echo "bench: PostgreSQL server binaries are missing (apt install postgresql)" >&2; exit 1; }
PGTMP="$(mktemp -d /tmp/lawha-bench-pg.XXXXXX)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$PG_BIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"; }
trap cleanup EXIT
[ "$(id -u)" != 0 ] || chown postgres: "$PGTMP"
as_pg "$PG_BIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories=$PGTMP -c fsync=on -c synchronous_commit=on" start >/dev/null
chmod 711 "$PGTMP"
export LAWHA_TEST_PG_URL="postgres://postgres@localhost/postgres?host=$PGTMP"
OUT="$(cargo test --release -q -p lawha-store --features testing --test ingest_bench -- --ignored --nocapture 2>&1 | grep '^|')"
{
    printf '\n## %s — answer-event ingest (commit %s)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(git rev-parse --short HEAD)"
    printf -- '- Machine: %s cores, %s, %s RAM\n' "$(nproc)" "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" "$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    printf -- '- Durable writes: SQLite WAL + synchronous=FULL; PostgreSQL fsync=on, synchronous_commit=on. 20 pupils, one item.\n\n'
    printf '%s\n\n' "$OUT"
} | tee -a bench/RESULTS.md
