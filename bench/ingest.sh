#!/usr/bin/env bash
# Answer-event ingest benchmark (issue: ≥ 50,000 events/s batched and durable) on SQLite
# (WAL, synchronous=FULL) and on a PostgreSQL started here with fsync ON, so that the
# numbers are for durable writes. Appends the table to bench/RESULTS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source bench/pg.sh
OUT="$(cargo test --release -q -p lawha-store --features testing --test ingest_bench -- --ignored --nocapture 2>&1 | grep '^|')"
{
    printf '\n## %s — answer-event ingest (commit %s)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(git rev-parse --short HEAD)"
    machine
    printf -- '- Durable writes: SQLite WAL + synchronous=FULL; PostgreSQL fsync=on, synchronous_commit=on. 20 pupils, one item.\n\n'
    printf '%s\n\n' "$OUT"
} | tee -a bench/RESULTS.md
