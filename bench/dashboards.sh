#!/usr/bin/env bash
# Governance dashboards (issue: dashboards) on a generated population, on SQLite and on a
# PostgreSQL started here: p50/p99 of the national, regional, provincial and school pages
# through the whole router in process, against /profile in the same run, then the rollup
# lag while answers stream in. Appends the results to bench/RESULTS.md.
#
# Size: LAWHA_BENCH_PUPILS (default 20000), LAWHA_BENCH_DAYS (default 30),
# LAWHA_BENCH_EVENTS_PER_DAY (default 6), LAWHA_BENCH_STREAMED (answers streamed for the lag
# measure, default 200000).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source bench/pg.sh
mkdir -p bench/out
LOG="bench/out/dashboards-$(date -u +%Y%m%dT%H%M%SZ).log"
cargo test --release -q -p lawha-web --test dashboards_bench -- --ignored --nocapture 2>&1 | tee "$LOG"
OUT="$(grep -E '^(\||- )' "$LOG")"
{
    printf '\n## %s — governance dashboards and rollup lag (commit %s)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(git rev-parse --short HEAD)"
    machine
    printf -- '- In process (tower oneshot: session, scope check, rollup queries, SVG charts, rendering; no network), release build, %s requests per page after 10 warm-up\n' 200
    printf -- '- Population from `lawha generate`'"'"'s generator (12 regions, one province each, 30 pupils per class, 4 classes per school); durable settings on both engines\n'
    printf '%s\n\n' "$(grep '^- ' <<<"$OUT")"
    printf '%s\n\n' "$(grep '^|' <<<"$OUT")"
} | tee -a bench/RESULTS.md
