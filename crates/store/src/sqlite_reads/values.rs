//! Values as sqlx keeps them in SQLite, for the readers: UUIDs are 16-byte BLOBs (rusqlite's
//! `uuid` feature reads and binds them so), timestamps are sqlx's RFC 3339 text (days, the
//! `days` module's `YYYY-MM-DD` text, need nothing more than a `String`). A timestamp bound here must be the very text sqlx binds, or
//! comparisons in a WHERE clause (text against text) would disagree between the two paths.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::Row;

use crate::rows::{StoredAsName, StoredName, Unreadable};

/// A timestamp as sqlx-sqlite stores it (its `Encode` for `DateTime<Tz>`):
/// `2026-12-05T01:15:00.123+00:00`, seconds' fractions as far as they go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp(pub(crate) DateTime<Utc>);

impl Timestamp {
    pub(crate) fn text(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::AutoSi, false)
    }

    /// Reads the stored text as sqlx-sqlite's `Decode` does: RFC 3339 first, then SQLite's
    /// own date-time shapes (no offset means UTC).
    fn parse(text: &str) -> Option<DateTime<Utc>> {
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Some(at.with_timezone(&Utc));
        }
        const SQLITE_SHAPES: [&str; 12] = [
            "%F %T%.f",
            "%F %R",
            "%F %RZ",
            "%F %R%:z",
            "%F %T%.fZ",
            "%F %T%.f%:z",
            "%FT%R",
            "%FT%RZ",
            "%FT%R%:z",
            "%FT%T%.f",
            "%FT%T%.fZ",
            "%FT%T%.f%:z",
        ];
        SQLITE_SHAPES.iter().find_map(|shape| {
            DateTime::parse_from_str(text, shape)
                .map(|at| at.with_timezone(&Utc))
                .or_else(|_| NaiveDateTime::parse_from_str(text, shape).map(|at| at.and_utc()))
                .ok()
        })
    }
}

impl ToSql for Timestamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.text()))
    }
}

impl FromSql for Timestamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Timestamp::parse(text)
            .map(Timestamp)
            .ok_or_else(|| FromSqlError::Other(format!("timestamp {text:?}").into()))
    }
}

/// A name read as sqlx reads it (`rows::StoredName`): one that names nothing is
/// [`Unreadable`], which leaves the crate as `StoreError::Corrupt` on both paths.
impl<T: StoredAsName> FromSql for StoredName<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let name = value.as_str()?;
        T::from_name(name).map(StoredName).ok_or_else(|| {
            FromSqlError::Other(Box::new(Unreadable(format!("{} {name:?}", T::WHAT))))
        })
    }
}

/// The timestamp in `column` of a reader's row.
pub(crate) fn timestamp(row: &Row<'_>, column: &str) -> rusqlite::Result<DateTime<Utc>> {
    Ok(row.get::<_, Timestamp>(column)?.0)
}

/// The timestamp in `column` of a reader's row, if not NULL.
pub(crate) fn optional_timestamp(
    row: &Row<'_>,
    column: &str,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    Ok(row.get::<_, Option<Timestamp>>(column)?.map(|at| at.0))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use rusqlite::{Connection, OpenFlags};
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
    use uuid::Uuid;

    use super::*;

    /// Values written by sqlx into a file, read back here, and bound here to be compared
    /// with sqlx's text inside SQLite.
    #[tokio::test]
    async fn values_written_by_sqlx_read_back_and_bind_alike() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("values.sqlite");
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = SqlitePool::connect_with(options).await.unwrap();
        sqlx::query("CREATE TABLE t (id BLOB, at TEXT, day TEXT)")
            .execute(&pool)
            .await
            .unwrap();
        let times = [
            Utc.with_ymd_and_hms(2026, 12, 5, 1, 15, 0).unwrap(),
            Utc.timestamp_millis_opt(1_796_000_123_456).unwrap(),
            Utc.timestamp_millis_opt(1_796_000_123_400).unwrap(),
            Utc.timestamp_nanos(1_796_000_123_456_789_123),
        ];
        let mut written = Vec::new();
        for (n, at) in times.into_iter().enumerate() {
            let id = Uuid::now_v7();
            let day = at.date_naive() + chrono::Days::new(n as u64);
            sqlx::query("INSERT INTO t (id, at, day) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(at)
                .bind(crate::days::text(day))
                .execute(&pool)
                .await
                .unwrap();
            written.push((id, at, day));
        }

        let reader = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        for (id, at, day) in written {
            let (read_id, read_at, read_day, same_text): (Uuid, Timestamp, String, bool) = reader
                .query_row(
                    "SELECT id, at, day, at = ?3 AND day = ?4 FROM t WHERE id = ?1 AND at = ?2",
                    (id, Timestamp(at), Timestamp(at), crate::days::text(day)),
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )
                .unwrap();
            assert_eq!((read_id, read_at.0), (id, at));
            assert_eq!(crate::days::parse(&read_day).unwrap(), day);
            assert!(same_text, "{at} bound as {:?}", Timestamp(at).text());
        }
    }

    #[test]
    fn sqlite_shapes_read_as_utc() {
        let at = Utc.with_ymd_and_hms(2026, 12, 5, 1, 15, 30).unwrap();
        for text in [
            "2026-12-05 01:15:30",
            "2026-12-05T01:15:30Z",
            "2026-12-05T02:15:30+01:00",
        ] {
            assert_eq!(Timestamp::parse(text), Some(at), "{text}");
        }
        assert_eq!(Timestamp::parse("yesterday"), None);
    }
}
