//! Running the store's SQL text on a reader: parameters bound by their number as sqlx binds
//! them (`$2` takes the second value wherever it first appears in the text), and rows read
//! into the caller's type.

use rusqlite::types::ToSql;
use rusqlite::{CachedStatement, Connection, Row, Statement};

/// Binds `values` to the statement's `$n` parameters (`$n` takes `values[n - 1]`).
fn bind_numbered(statement: &mut Statement<'_>, values: &[&dyn ToSql]) -> rusqlite::Result<()> {
    for index in 1..=statement.parameter_count() {
        let number = statement
            .parameter_name(index)
            .and_then(|name| name.strip_prefix('$'))
            .and_then(|digits| digits.parse::<usize>().ok());
        let value = number
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| values.get(n))
            .ok_or(rusqlite::Error::InvalidParameterCount(index, values.len()))?;
        statement.raw_bind_parameter(index, value)?;
    }
    Ok(())
}

/// The connection's prepared statement for `sql`, with `values` bound.
fn prepared<'c>(
    connection: &'c Connection,
    sql: &str,
    values: &[&dyn ToSql],
) -> rusqlite::Result<CachedStatement<'c>> {
    // sqlx logs its statements under `sqlx::query`; these have a target of their own.
    tracing::debug!(target: "lawha_store::sqlite_reads", sql, "read in place");
    let mut statement = connection.prepare_cached(sql)?;
    bind_numbered(&mut statement, values)?;
    Ok(statement)
}

/// Every row `sql` returns, each read by `read`.
pub(crate) fn all<T>(
    connection: &Connection,
    sql: &str,
    values: &[&dyn ToSql],
    mut read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut statement = prepared(connection, sql, values)?;
    let mut rows = statement.raw_query();
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        found.push(read(row)?);
    }
    Ok(found)
}

/// The first row `sql` returns, if any, read by `read`.
pub(crate) fn optional<T>(
    connection: &Connection,
    sql: &str,
    values: &[&dyn ToSql],
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    let mut statement = prepared(connection, sql, values)?;
    let mut rows = statement.raw_query();
    rows.next()?.map(read).transpose()
}

/// The first row `sql` returns, read by `read`; a query that returns none is an error
/// (`QueryReturnedNoRows`, as sqlx's `fetch_one` fails with `RowNotFound`).
pub(crate) fn one<T>(
    connection: &Connection,
    sql: &str,
    values: &[&dyn ToSql],
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    optional(connection, sql, values, read)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_bound_by_their_number() {
        let connection = Connection::open_in_memory().unwrap();
        let sql = "SELECT $2 || $1 || $2";
        let found: String = one(&connection, sql, &[&"a", &"b"], |row| row.get(0)).unwrap();
        assert_eq!(found, "bab");
        let missing = one(&connection, sql, &[&"a"], |row| row.get::<_, String>(0));
        assert!(missing.is_err());
        let none = optional(&connection, "SELECT 1 WHERE $1", &[&false], |row| {
            row.get::<_, i64>(0)
        });
        assert_eq!(none.unwrap(), None);
    }
}
