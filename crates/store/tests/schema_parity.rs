//! Schema parity: both engines' migrations must build the same schema — tables, columns
//! (type family, nullability, default), primary keys, unique constraints or indexes, other
//! indexes and CHECK constraints (see `lawha_store::testing::schema` for what is normalised).
//! Foreign keys are not compared.

#![allow(clippy::expect_used)]

use lawha_store::testing;

/// Differences that are intended: (the difference line exactly as reported, its reason).
/// Keep it short: an unintended difference is fixed by a migration on the engine that is
/// wrong, not listed here. (Migration 0007 dropping `learner_events`' foreign keys on
/// PostgreSQL only is in foreign keys, which are not compared.)
const ALLOWED: &[(&str, &str)] = &[
    (
        "learner_events.local_seq: column missing on sqlite",
        "the sync outbox's insertion order; SQLite reads its rowid instead (migration 0014)",
    ),
    (
        "learner_events: unique (local_seq) missing on sqlite",
        "the sync outbox's insertion order; SQLite's rowid is its own key (migration 0014)",
    ),
];

#[tokio::test]
async fn both_engines_build_the_same_schema() {
    let sqlite = testing::sqlite().await;
    let postgres = testing::postgres().await;
    let sqlite = testing::schema(&sqlite).await.expect("sqlite schema");
    let postgres = testing::schema(&postgres).await.expect("postgres schema");
    assert!(
        sqlite.tables.len() > 30,
        "too few tables read: {}",
        sqlite.tables.len()
    );

    let differences = sqlite.differences(&postgres);
    let unexpected: Vec<&String> = differences
        .iter()
        .filter(|d| !ALLOWED.iter().any(|(allowed, _)| allowed == d))
        .collect();
    let stale: Vec<&str> = ALLOWED
        .iter()
        .map(|(allowed, _)| *allowed)
        .filter(|allowed| !differences.iter().any(|d| d == allowed))
        .collect();
    let lines = |items: Vec<&str>| -> String { items.iter().map(|d| format!("\n  {d}")).collect() };
    assert!(
        unexpected.is_empty(),
        "schema differences between SQLite and PostgreSQL (fix the engine that is wrong with a \
         new migration, or allow-list an intended one with its reason):{}",
        lines(unexpected.into_iter().map(String::as_str).collect()),
    );
    assert!(
        stale.is_empty(),
        "allow-list entries that no longer match any difference:{}",
        lines(stale)
    );
}
