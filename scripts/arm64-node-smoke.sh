#!/usr/bin/env bash
# Cross-builds `lawha` for arm64 and runs it as a school node under qemu-user: a pack built by
# the host's binary on demo data is imported by the arm64 binary, which then serves it and signs
# a pupil in. Not part of scripts/test.sh (the cross build takes a long time on 2 cores); run
# it before shipping a release for arm64 boxes. Needs Debian's gcc-aarch64-linux-gnu,
# libc6-dev-arm64-cross and qemu-user, and the Rust target (`rustup target add
# aarch64-unknown-linux-gnu`).
#
#   bash scripts/arm64-node-smoke.sh [path/to/host/lawha]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HOST_BIN="${1:-$ROOT/target/debug/lawha}"
TARGET=aarch64-unknown-linux-gnu
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu

[ -x "$HOST_BIN" ] || cargo build -p lawha
# ARM_BIN: an arm64 binary built before (skips the cross build).
if [ -z "${ARM_BIN:-}" ]; then
    cargo build --release --target "$TARGET" -p lawha
    ARM_BIN="$TARGET_DIR/$TARGET/release/lawha"
fi
file "$ARM_BIN" | grep -q 'ARM aarch64' || { echo "not an arm64 binary: $ARM_BIN" >&2; exit 1; }

WORK="$(mktemp -d /tmp/lawha-arm64.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1/healthz" && return 0; sleep 1; done; echo "$1 never answered" >&2; return 1; }

# The platform (host binary): demo data, a key, a pack for one school.
PLATFORM_PORT="$(free_port)"
LAWHA_DATA_DIR="$WORK/platform" LAWHA_LISTEN="127.0.0.1:$PLATFORM_PORT" "$HOST_BIN" demo >"$WORK/platform.log" 2>&1 &
PIDS+=($!)
wait_up "http://127.0.0.1:$PLATFORM_PORT"
read -r PUPIL PASSWORD < <(python3 - "$WORK/platform/demo-accounts.json" <<'PY'
import json, sys
a = next(a for a in json.load(open(sys.argv[1])) if a["login"] == "D130000201")
print(a["login"], a["password"])
PY
)
KEY="$(LAWHA_DATA_DIR="$WORK/platform" "$HOST_BIN" pack keygen --out "$WORK/keys" | tail -n 1 | tr -d ' ')"
LAWHA_DATA_DIR="$WORK/platform" "$HOST_BIN" pack build --key "$WORK/keys/platform.key" \
    --school CL-ANFA-ZERKTOUNI --level 1AC --out "$WORK/pack" >/dev/null
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()
SCHOOL_UUID="$(python3 - "$WORK/platform/lawha.sqlite" <<'PY'
import sqlite3, sys, uuid
row = sqlite3.connect(sys.argv[1]).execute("SELECT id FROM schools WHERE code = 'CL-ANFA-ZERKTOUNI'").fetchone()
print(uuid.UUID(bytes=bytes(row[0])))
PY
)"

# The node (arm64 binary under qemu): init, import, serve, a pupil signs in.
qemu-aarch64 "$ARM_BIN" --version
qemu-aarch64 "$ARM_BIN" node init --data-dir "$WORK/node" --school "$SCHOOL_UUID" --platform-key "$KEY" >/dev/null
LAWHA_CONFIG="$WORK/node/lawha.toml" qemu-aarch64 "$ARM_BIN" pack import "$WORK/pack"
NODE_PORT="$(free_port)"
LAWHA_CONFIG="$WORK/node/lawha.toml" LAWHA_LISTEN="127.0.0.1:$NODE_PORT" qemu-aarch64 "$ARM_BIN" serve >"$WORK/node.log" 2>&1 &
PIDS+=($!)
NODE="http://127.0.0.1:$NODE_PORT"
wait_up "$NODE"
JAR="$WORK/cookies"
TOKEN="$(curl -fsS -c "$JAR" "$NODE/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)"
STATUS="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -b "$JAR" -c "$JAR" \
    --data-urlencode "csrf=$TOKEN" --data-urlencode "identifier=$PUPIL" --data-urlencode "password=$PASSWORD" "$NODE/login")"
case "$STATUS" in
    303\ */) echo "arm64 node: pack imported, $PUPIL signed in ($STATUS)" ;;
    *) echo "arm64 node: sign-in answered $STATUS" >&2; tail -n 20 "$WORK/node.log" >&2; exit 1 ;;
esac
curl -fsS -b "$JAR" "$NODE/" | grep -q 'action="/logout"' && echo "arm64 node: the pupil's home page is served, signed in"
