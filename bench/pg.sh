# Sourced by the benchmark scripts: starts a throwaway PostgreSQL with durable settings
# (fsync and synchronous_commit on) on a Unix socket in a temp dir, exports
# LAWHA_TEST_PG_URL for the store's test harness, and stops it on exit.
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PG_BIN/initdb" ] || { echo "bench: PostgreSQL server binaries are missing (apt install postgresql)" >&2; exit 1; }
PGTMP="$(mktemp -d /tmp/lawha-bench-pg.XXXXXX)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_cleanup() { as_pg "$PG_BIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"; }
trap pg_cleanup EXIT
[ "$(id -u)" != 0 ] || chown postgres: "$PGTMP"
as_pg "$PG_BIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories=$PGTMP -c fsync=on -c synchronous_commit=on" start >/dev/null
chmod 711 "$PGTMP"
export LAWHA_TEST_PG_URL="postgres://postgres@localhost/postgres?host=$PGTMP"

# The machine line of a results entry.
machine() {
    printf -- '- Machine: %s cores, %s, %s RAM\n' "$(nproc)" \
        "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
        "$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
}
