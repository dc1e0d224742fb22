#!/usr/bin/env bash
# "My revision today" latency for a pupil who has met 5,000 items (issue: exercises), on
# SQLite and on a PostgreSQL started here, through the whole router in process, with
# baselines from the same run. Appends the table to bench/RESULTS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source bench/pg.sh
OUT="$(cargo test --release -q -p lawha-web --test revision_bench -- --ignored --nocapture 2>&1 | grep '^|')"
{
    printf '\n## %s — "My revision today" latency (commit %s)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(git rev-parse --short HEAD)"
    machine
    printf -- '- In process (tower oneshot: session, queries, rendering; no network), release build, %s\n' "200 requests after 20 warm-up"
    printf -- '- 50 lessons × 100 items; the pupil answered each item once over 40 days (weak first fifth); 20 other pupils with the same history; /profile is the signed-in baseline\n\n'
    printf '%s\n\n' "$OUT"
} | tee -a bench/RESULTS.md
