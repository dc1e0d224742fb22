#!/usr/bin/env bash
# Pack import against a plain copy of the same bytes on the same disk (issue 15: import
# ≥ 0.8 × the speed of `cp`, with verification). Builds a pack of BENCH_PACK_MB MB with the
# lawha-pack example `pack_bench` (release), then times, in alternating order, `cp -r` of the
# pack folder followed by an fsync of the copies, and `pack_bench import` (signature, every
# chunk hashed, staged files flushed, renamed into place). Both start from the same page
# cache: dropped before each run where the kernel allows it, else the pack is read once
# beforehand so that both read it from memory (the entry says which).
#
#   bash bench/pack_import.sh
#
# Knobs (environment):
#   BENCH_PACK_MB=500            size of the pack
#   BENCH_RUNS=3                 timed runs of each; the medians are compared
#   BENCH_DIR=$TMPDIR            where the pack and the copies go (the disk measured)
#   BENCH_RECORD=1               append the entry to BENCH_RESULTS (else print it only)
#   BENCH_RESULTS=bench/RESULTS.md
#   BENCH_NOTES=""               free text appended to the entry as "Notes: …"
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"
MB="${BENCH_PACK_MB:-500}"
RUNS="${BENCH_RUNS:-3}"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
step() { printf '==> %s\n' "$*"; }
[[ "$MB" =~ ^[0-9]+$ ]] && [ "$MB" -ge 1 ] || die "BENCH_PACK_MB must be a positive number"
[[ "$RUNS" =~ ^[0-9]+$ ]] && [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 20 ] || die "BENCH_RUNS must be 1..20"
command -v cargo >/dev/null 2>&1 || die "cargo is missing"

WORK="$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/lawha-bench-pack.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
step "cargo build --release -p lawha-pack --example pack_bench"
cargo build --release -q -p lawha-pack --example pack_bench
BIN="$TARGET_DIR/release/examples/pack_bench"
[ -x "$BIN" ] || die "$BIN not found"

COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no -- crates Cargo.toml Cargo.lock 2>/dev/null)" ]; then COMMIT="$COMMIT (dirty)"; fi
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"

step "building a pack of $MB MB"
PACK="$WORK/pack"
"$BIN" build "$PACK" "$MB"
BYTES="$(du -sb "$PACK" | cut -f1)"
FILES="$(find "$PACK" -type f | wc -l)"

# The same page cache before each timed command: empty where we may drop it, else the
# whole pack in it.
if sync && (echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
    CACHE="dropped before each run (cold reads)"
    prepare() { sync; echo 3 >/proc/sys/vm/drop_caches; }
else
    CACHE="could not be dropped: the pack was read once before each run (warm reads for both)"
    prepare() { sync; cat "$PACK"/* >/dev/null; }
fi

now() { date +%s.%N; }
time_cp() { # → seconds
    local dest="$WORK/copy" t0 t1
    rm -rf "$dest"; prepare
    t0="$(now)"
    cp -r "$PACK" "$dest"
    sync "$dest" "$dest"/*
    t1="$(now)"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
time_import() { # → seconds
    local dest="$WORK/dest" t0 t1
    rm -rf "$dest"; prepare
    t0="$(now)"
    "$BIN" import "$PACK" "$dest" >/dev/null
    t1="$(now)"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

CP=() IMPORT=()
for run in $(seq 1 "$RUNS"); do
    # Alternate the order so that neither always runs on a disk still busy with the other.
    if [ $((run % 2)) = 1 ]; then
        CP+=("$(time_cp)"); IMPORT+=("$(time_import)")
    else
        IMPORT+=("$(time_import)"); CP+=("$(time_cp)")
    fi
    step "run $run: cp ${CP[-1]} s, import ${IMPORT[-1]} s"
done
# The import must have produced the same bytes as the copy's source entries.
[ -f "$WORK/dest/.pack/installed/manifest.json" ] || die "the import recorded no installed manifest"

CP_S="$(median "${CP[@]}")"
IMPORT_S="$(median "${IMPORT[@]}")"
SECTION="$WORK/section.md"
{
    printf '## %s — pack import vs cp (commit %s)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$COMMIT"
    printf -- '- Machine: %s cores, %s, %s RAM; load average before the run: %s\n' "$(nproc)" \
        "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
        "$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)" "$LOADAVG"
    printf -- '- Pack: %s MB of incompressible data in %s files (volumes, manifest, signature), %s bytes; disk: %s (%s)\n' \
        "$MB" "$FILES" "$BYTES" "$(df --output=source "$WORK" | tail -1)" "$(df --output=fstype "$WORK" | tail -1 | tr -d ' ')"
    printf -- '- Page cache: %s; medians of %s runs, in alternating order\n\n' "$CACHE" "$RUNS"
    printf '| | seconds | MB/s |\n|---|---:|---:|\n'
    awk -v s="$CP_S" -v b="$BYTES" 'BEGIN { printf "| `cp -r` of the pack + fsync of the copies | %.2f | %.0f |\n", s, b / s / 1e6 }'
    awk -v s="$IMPORT_S" -v b="$BYTES" 'BEGIN { printf "| import (signature, every chunk hashed, staged and flushed, renamed) | %.2f | %.0f |\n", s, b / s / 1e6 }'
    awk -v c="$CP_S" -v i="$IMPORT_S" 'BEGIN { printf "\nImport speed / cp speed: **%.2f** (goal ≥ 0.8)\n", c / i }'
    printf '\nRuns (cp / import, seconds): %s / %s\n' "${CP[*]}" "${IMPORT[*]}"
    if [ -n "${BENCH_NOTES:-}" ]; then printf '\nNotes: %s\n' "$BENCH_NOTES"; fi
} >"$SECTION"

echo
cat "$SECTION"
if [ "${BENCH_RECORD:-}" = 1 ]; then
    printf '\n' >>"$RESULTS"
    cat "$SECTION" >>"$RESULTS"
    echo "appended to $RESULTS"
fi
