//! [`RecordWrites`] for one engine's connection.

use chrono::{DateTime, Utc};
use sqlx::Database;
use uuid::Uuid;

use super::Conn;
use crate::schoolbag::record_writes::{has_row_sql, key_values, put_sql, select_sql, RecordWrites};
use crate::schoolbag::content::PackContent;
use crate::schoolbag::records::{Key, Record, Value};
use crate::Result;

type Engine = <Conn as sqlx::Connection>::Database;
type Query<'q> = sqlx::query::Query<'q, Engine, <Engine as Database>::Arguments<'q>>;

fn bind<'q>(query: Query<'q>, value: Value<'q>) -> Query<'q> {
    match value {
        Value::Id(v) => query.bind(v),
        Value::Text(v) => query.bind(v),
        Value::Int(v) => query.bind(v),
        Value::BigInt(v) => query.bind(v),
        Value::Flag(v) => query.bind(v),
        Value::Time(v) => query.bind(v),
    }
}

impl RecordWrites for Conn {
    async fn stored<R: Record>(&mut self, record: &R) -> Result<Option<R>> {
        let sql = select_sql::<R>();
        let query = key_values(record)
            .into_iter()
            .fold(sqlx::query(&sql), bind);
        match query.fetch_optional(&mut *self).await? {
            Some(row) => Ok(Some(R::from_row(&row)?)),
            None => Ok(None),
        }
    }

    async fn put<R: Record>(&mut self, record: &R) -> Result<()> {
        let sql = put_sql::<R>();
        let query = record.values().into_iter().fold(sqlx::query(&sql), bind);
        query.execute(&mut *self).await?;
        Ok(())
    }

    async fn has_row(&mut self, table: &'static str, key: &Key) -> Result<bool> {
        let sql = has_row_sql(table, key);
        let query = match key {
            Key::Id(id) => sqlx::query(&sql).bind(*id),
            Key::Code(code) => sqlx::query(&sql).bind(code.as_str()),
        };
        Ok(query.fetch_optional(&mut *self).await?.is_some())
    }

    async fn withdraw_capsule(&mut self, id: Uuid, at: DateTime<Utc>) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE capsules SET status = 'withdrawn', updated_at = $2
             WHERE id = $1 AND status <> 'withdrawn'",
        )
        .bind(id)
        .bind(at)
        .execute(&mut *self)
        .await?
        .rows_affected())
    }

    async fn record_install(
        &mut self,
        content: &PackContent,
        summary: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO installed_packs (pack_id, format_version, built_at, applied_at, summary)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (pack_id) DO NOTHING",
        )
        .bind(content.pack_id)
        .bind(i32::try_from(content.format_version).unwrap_or(i32::MAX))
        .bind(content.built_at)
        .bind(at)
        .bind(summary)
        .execute(&mut *self)
        .await?;
        Ok(())
    }
}
