//! Pack rows read and written inside the apply transaction, any table alike: the SQL is
//! built from a [`Record`]'s columns, and the values are bound per engine.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::content::PackContent;
use super::records::{Key, Record, Value};
use crate::Result;

/// Record reads and writes, implemented for each engine's connection (see the crate doc).
pub(crate) trait RecordWrites {
    /// The row stored under `record`'s key, if any.
    async fn stored<R: Record>(&mut self, record: &R) -> Result<Option<R>>;
    /// Writes `record` whole, inserting it or replacing the row under its key.
    async fn put<R: Record>(&mut self, record: &R) -> Result<()>;
    /// Whether `table` has a row under `key` (its `id`, or `code` for the lists keyed by
    /// code).
    async fn has_row(&mut self, table: &'static str, key: &Key) -> Result<bool>;
    /// Withdraws capsule `id` unless it is withdrawn already or absent; 1 when it did.
    async fn withdraw_capsule(&mut self, id: Uuid, at: DateTime<Utc>) -> Result<u64>;
    /// Records `content`'s pack as applied at `at` with `summary` (JSON), unless it was
    /// applied before.
    async fn record_install(
        &mut self,
        content: &PackContent,
        summary: &str,
        at: DateTime<Utc>,
    ) -> Result<()>;
}

/// `SELECT {columns} FROM {table} WHERE {key} = $1 …`.
pub(super) fn select_sql<R: Record>() -> String {
    format!(
        "SELECT {} FROM {} WHERE {}",
        R::COLUMNS.join(", "),
        R::TABLE,
        key_condition::<R>()
    )
}

/// An upsert of every column: replaces the row under the key, or does nothing when every
/// column is part of the key.
pub(super) fn put_sql<R: Record>() -> String {
    let marks: Vec<String> = (1..=R::COLUMNS.len()).map(|i| format!("${i}")).collect();
    let (key, rest) = R::COLUMNS.split_at(R::KEY_COLUMNS);
    let on_conflict = if rest.is_empty() {
        "DO NOTHING".to_string()
    } else {
        let sets: Vec<String> = rest.iter().map(|c| format!("{c} = excluded.{c}")).collect();
        format!("DO UPDATE SET {}", sets.join(", "))
    };
    format!(
        "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) {on_conflict}",
        R::TABLE,
        R::COLUMNS.join(", "),
        marks.join(", "),
        key.join(", ")
    )
}

/// `SELECT 1 FROM {table} WHERE {id or code} = $1`.
pub(super) fn has_row_sql(table: &str, key: &Key) -> String {
    let column = match key {
        Key::Id(_) => "id",
        Key::Code(_) => "code",
    };
    format!("SELECT 1 FROM {table} WHERE {column} = $1")
}

/// The key's values, first of [`Record::values`].
pub(super) fn key_values<R: Record>(record: &R) -> Vec<Value<'_>> {
    record.values().into_iter().take(R::KEY_COLUMNS).collect()
}

fn key_condition<R: Record>() -> String {
    let parts: Vec<String> = (1..)
        .zip(&R::COLUMNS[..R::KEY_COLUMNS])
        .map(|(i, c)| format!("{c} = ${i}"))
        .collect();
    parts.join(" AND ")
}

compile_per_engine!("record_writes");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schoolbag::records::{ParentLinkRow, UnitRow};

    #[test]
    fn a_row_is_read_and_replaced_under_its_key() {
        assert_eq!(
            select_sql::<UnitRow>(),
            "SELECT id, level_code, programme_code, subject_code, position, title_ar, title_fr, \
             created_at FROM units WHERE id = $1"
        );
        assert_eq!(
            put_sql::<UnitRow>(),
            "INSERT INTO units (id, level_code, programme_code, subject_code, position, title_ar, \
             title_fr, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO \
             UPDATE SET level_code = excluded.level_code, programme_code = excluded.programme_code, \
             subject_code = excluded.subject_code, position = excluded.position, title_ar = \
             excluded.title_ar, title_fr = excluded.title_fr, created_at = excluded.created_at"
        );
    }

    #[test]
    fn a_row_that_is_all_key_is_only_ever_inserted() {
        assert_eq!(
            select_sql::<ParentLinkRow>(),
            "SELECT parent_id, pupil_id FROM parent_links WHERE parent_id = $1 AND pupil_id = $2"
        );
        assert!(
            put_sql::<ParentLinkRow>().ends_with("ON CONFLICT (parent_id, pupil_id) DO NOTHING")
        );
    }
}
