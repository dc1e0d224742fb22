//! Reading rows the same way on both engines: the one row a key finds, every row it finds,
//! rows by a list of ids, and the two queries of a paged listing. The SQL is the caller's,
//! written once with `$n` placeholders; the row type is read from either engine's rows.

use sqlx::error::BoxDynError;
use sqlx::postgres::{PgRow, Postgres};
use sqlx::sqlite::{Sqlite, SqliteRow};
use sqlx::{Database, Decode, Encode, FromRow, QueryBuilder, Type};
use uuid::Uuid;

use crate::{Page, Paged, Result, Store};

/// A row type either engine can read.
pub(crate) trait EngineRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> EngineRow for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A value either engine can bind.
pub(crate) trait EngineValue:
    for<'q> Encode<'q, Sqlite> + Type<Sqlite> + for<'q> Encode<'q, Postgres> + Type<Postgres> + Send
{
}

impl<T> EngineValue for T where
    T: for<'q> Encode<'q, Sqlite>
        + Type<Sqlite>
        + for<'q> Encode<'q, Postgres>
        + Type<Postgres>
        + Send
{
}

/// A type stored as its name in a text column (a status, a kind).
pub(crate) trait StoredAsName: Sized {
    /// What the name names, for the error when it names nothing.
    const WHAT: &'static str;
    fn from_name(name: &str) -> Option<Self>;
}

/// A value read from its name: a field of a [`StoredAsName`] type is read with
/// `#[sqlx(try_from = "StoredName<T>")]`. A name that names nothing fails the read with
/// [`Unreadable`], which leaves the crate as [`crate::StoreError::Corrupt`].
pub(crate) struct StoredName<T>(pub(crate) T);

/// A stored name that no value has (see [`StoredName`]).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Unreadable(pub(crate) String);

impl<DB: Database, T> Type<DB> for StoredName<T>
where
    String: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: Database, T: StoredAsName> Decode<'r, DB> for StoredName<T>
where
    String: Decode<'r, DB>,
{
    fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let name = <String as Decode<'r, DB>>::decode(value)?;
        match T::from_name(&name) {
            Some(value) => Ok(StoredName(value)),
            None => Err(Box::new(Unreadable(format!("{} {name:?}", T::WHAT)))),
        }
    }
}

/// How many ids one `IN (…)` list holds: far below both engines' limits on bound values.
const IDS_PER_QUERY: usize = 200;

impl Store {
    /// The row `sql` selects with `key` bound to `$1`; [`crate::StoreError::NotFound`]
    /// when there is none.
    pub(crate) async fn fetch_one<R: EngineRow>(
        &self,
        sql: &str,
        key: impl EngineValue + 'static,
    ) -> Result<R> {
        Ok(on_db!(self, pool => {
            sqlx::query_as::<_, R>(sql).bind(key).fetch_one(pool).await?
        }))
    }

    /// Every row `sql` selects with `key` bound to `$1`.
    pub(crate) async fn fetch_all<R: EngineRow>(
        &self,
        sql: &str,
        key: impl EngineValue + 'static,
    ) -> Result<Vec<R>> {
        Ok(on_db!(self, pool => {
            sqlx::query_as::<_, R>(sql).bind(key).fetch_all(pool).await?
        }))
    }

    /// Every row `sql` selects (a whole table, for a read model held in memory).
    pub(crate) async fn fetch_every<R: EngineRow>(&self, sql: &str) -> Result<Vec<R>> {
        Ok(on_db!(self, pool => {
            sqlx::query_as::<_, R>(sql).fetch_all(pool).await?
        }))
    }

    /// Deactivates or reactivates row `id` of `table` (a table of this crate's own naming
    /// with `active` and `updated_at` columns); [`crate::StoreError::NotFound`] when
    /// there is no such row.
    pub(crate) async fn set_active(
        &self,
        table: &'static str,
        id: Uuid,
        active: bool,
    ) -> Result<()> {
        let sql = format!("UPDATE {table} SET active = $2, updated_at = $3 WHERE id = $1");
        let changed = on_db!(self, pool => {
            sqlx::query(&sql)
                .bind(id).bind(active).bind(self.now())
                .execute(pool).await?.rows_affected()
        });
        found(changed)
    }

    /// The rows of `ids`, in no particular order (unknown ids left out). `query` writes the
    /// SQL given the list of placeholders, `$1, $2, …`, for its `IN (…)`; long lists are
    /// read a bounded chunk at a time.
    pub(crate) async fn fetch_by_ids<R: EngineRow>(
        &self,
        ids: &[Uuid],
        query: impl Fn(&str) -> String,
    ) -> Result<Vec<R>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_QUERY) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = query(&marks.join(", "));
            let rows: Vec<R> = on_db!(self, pool => {
                let mut select = sqlx::query_as::<_, R>(&sql);
                for id in chunk {
                    select = select.bind(*id);
                }
                select.fetch_all(pool).await?
            });
            found.extend(rows);
        }
        Ok(found)
    }
}

/// [`crate::StoreError::NotFound`] when a write changed no row: the row it names is
/// not there.
pub(crate) fn found(changed: u64) -> Result<()> {
    if changed == 0 {
        return Err(crate::StoreError::NotFound);
    }
    Ok(())
}

/// The conditions of a paged listing, appended after its `WHERE ` alike to the query that
/// counts and to the one that reads the page; generic over the engine, like
/// [`crate::scope_sql`]'s fragments.
pub(crate) trait ListingWhere: Sync {
    fn push<'a, DB: Database>(&'a self, qb: &mut QueryBuilder<'a, DB>)
    where
        Uuid: Encode<'a, DB> + Type<DB>,
        String: Encode<'a, DB> + Type<DB>,
        &'a str: Encode<'a, DB> + Type<DB>;
}

/// What a paged listing reads: `SELECT {columns} {from} … ORDER BY {order}`, where `from`
/// ends with `WHERE `.
pub(crate) struct Listing<'s> {
    pub(crate) columns: &'s str,
    pub(crate) from: &'s str,
    pub(crate) order: &'s str,
}

impl Store {
    /// Page `page` of `listing` under the conditions `filter` appends, with the total count.
    pub(crate) async fn fetch_page<R: EngineRow>(
        &self,
        listing: &Listing<'_>,
        filter: &impl ListingWhere,
        page: Page,
    ) -> Result<Paged<R>> {
        let Listing {
            columns,
            from,
            order,
        } = listing;
        let (items, total) = on_db!(self, pool => {
            let mut count = QueryBuilder::new(format!("SELECT COUNT(*) {from}"));
            filter.push(&mut count);
            let mut select = QueryBuilder::new(format!("SELECT {columns} {from}"));
            filter.push(&mut select);
            select
                .push(format!(" ORDER BY {order} LIMIT "))
                .push_bind(page.limit())
                .push(" OFFSET ")
                .push_bind(page.offset());
            let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
            let items: Vec<R> = select.build_query_as().fetch_all(pool).await?;
            (items, total)
        });
        Ok(Paged::new(items, total, page))
    }
}

#[cfg(test)]
mod tests {
    use super::StoredName;
    use crate::media_jobs::media::JobStatus;
    use crate::{Store, StoreError};

    #[derive(sqlx::FromRow)]
    struct Named {
        #[sqlx(try_from = "StoredName<JobStatus>")]
        status: JobStatus,
    }

    #[tokio::test]
    async fn a_stored_name_reads_back_and_an_unknown_one_is_corrupt() {
        let store = Store::connect("sqlite::memory:").await.unwrap();
        let known: Named = store
            .fetch_one("SELECT $1 AS status", "running".to_string())
            .await
            .unwrap();
        assert_eq!(known.status, JobStatus::Running);
        let unknown = store
            .fetch_one::<Named>("SELECT $1 AS status", "paused".to_string())
            .await;
        assert!(
            matches!(&unknown, Err(StoreError::Corrupt(text)) if text.contains("paused")),
            "{:?}",
            unknown.err()
        );
    }
}
