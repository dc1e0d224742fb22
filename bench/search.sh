#!/usr/bin/env bash
# Search latency over 10,000 generated capsules (issue: capsules — search p50/p99): the
# ignored test crates/search/tests/bench_search.rs, in release mode, with baselines from the
# same run (`doc_count` and a one-word exact query). Appends the table to bench/RESULTS.md.
#
#   bash bench/search.sh
#
# Knobs (environment): BENCH_SEARCH_RUNS=2000 measured runs per query;
# BENCH_NOTES="" free text appended to the section as "Notes: …";
# BENCH_RESULTS=bench/RESULTS.md where the section is appended (/dev/null for a trial).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RESULTS="${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}"

die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
command -v cargo >/dev/null 2>&1 || die "cargo is missing"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/lawha-bench-search.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no -- crates Cargo.toml Cargo.lock 2>/dev/null)" ]; then COMMIT="$COMMIT (dirty)"; fi
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"

source "$ROOT/bench/cpu.sh"
echo "==> cargo test --release -p lawha-search --features testing --test bench_search -- --ignored --nocapture"
cpu_start
if ! cargo test --release -q -p lawha-search --features testing --test bench_search -- --ignored --nocapture >"$TMP/out.txt" 2>&1; then
    tail -n 60 "$TMP/out.txt" >&2
    die "the search benchmark failed"
fi
OTHERS_PCT="$(cpu_others_pct)"
TABLE="$(grep -E '^(\||- Index:)' "$TMP/out.txt")" || die "the benchmark printed no table (see above)"

{
    printf '\n## %s — search latency over 10,000 capsules (commit %s)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$COMMIT"
    printf -- '- Machine: %s cores, %s, %s RAM; load average before the run: %s\n' "$(nproc)" \
        "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" \
        "$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)" "$LOADAVG"
    printf -- '- `SearchIndex::search` called in process (tantivy query building, BM25 top 20 + count, stored ids), release build; other processes used %s %% of all cores during the run\n' "$OTHERS_PCT"
    printf '%s\n' "$TABLE" | sed -n '/^- Index:/p'
    printf '\n'
    printf '%s\n' "$TABLE" | grep '^|'
    if [ -n "${BENCH_NOTES:-}" ]; then printf '\nNotes: %s\n' "$BENCH_NOTES"; fi
    printf '\n'
} | tee -a "$RESULTS"
