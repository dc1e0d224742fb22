//! Reading each engine's catalog into a [`Schema`] (feature `testing`): SQLite's
//! `sqlite_master` and pragmas, PostgreSQL's `information_schema` and `pg_catalog`.

use sqlx::{PgPool, SqlitePool};

use crate::testing::schema::{family, normalise_default, signature, Column, Index, Schema, Table};
use crate::Result;

pub(crate) async fn sqlite(pool: &SqlitePool) -> Result<Schema> {
    let mut schema = Schema::default();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await?;
    for (name, sql) in tables {
        let mut table = Table::default();
        let cols: Vec<(String, String, i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(pool)
        .await?;
        let mut pk: Vec<(i64, String)> = cols
            .iter()
            .filter(|c| c.4 > 0)
            .map(|c| (c.4, c.0.clone()))
            .collect();
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, n)| n).collect();
        for (col, declared, notnull, default, in_pk) in cols {
            // A lone INTEGER PRIMARY KEY is the rowid: it numbers itself, like a BIGSERIAL.
            let rowid = in_pk > 0
                && table.primary_key.len() == 1
                && declared.eq_ignore_ascii_case("integer");
            let default = if rowid {
                Some("autoincrement".to_string())
            } else {
                default.as_deref().map(normalise_default)
            };
            let column = Column {
                family: family(&declared),
                nullable: notnull == 0 && in_pk == 0,
                default,
            };
            table.columns.insert(col, column);
        }
        let indexes: Vec<(String, i64, String, i64)> =
            sqlx::query_as("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
                .bind(&name)
                .fetch_all(pool)
                .await?;
        for (index, unique, origin, partial) in indexes {
            if origin == "pk" {
                continue;
            }
            let columns: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await?;
            let columns: Vec<String> = columns.into_iter().map(|(c,)| c).collect();
            if unique != 0 && partial == 0 {
                let mut sorted = columns;
                sorted.sort();
                table.uniques.insert(sorted);
                continue;
            }
            let predicate = if partial != 0 {
                let (sql,): (String,) = sqlx::query_as(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1",
                )
                .bind(&index)
                .fetch_one(pool)
                .await?;
                let at = sql.to_ascii_lowercase().rfind(" where ").unwrap_or(0);
                Some(signature(&sql[at..], &table.columns))
            } else {
                None
            };
            let index_def = Index {
                columns,
                unique: unique != 0,
                predicate,
            };
            table.indexes.insert(index, index_def);
        }
        table.checks = check_bodies(&sql)
            .iter()
            .map(|body| signature(body, &table.columns))
            .collect();
        table.checks.sort();
        schema.tables.insert(name, table);
    }
    Ok(schema)
}

/// A PostgreSQL index: table, name, unique, primary, predicate, columns in order.
type PgIndexRow = (String, String, bool, bool, Option<String>, Vec<String>);

pub(crate) async fn postgres(pool: &PgPool) -> Result<Schema> {
    let mut schema = Schema::default();
    let cols: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.udt_name::text, c.is_nullable::text, \
                c.column_default::text \
         FROM information_schema.columns c \
         JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
           AND c.table_name <> '_sqlx_migrations' \
         ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(pool)
    .await?;
    for (table, col, udt, nullable, default) in cols {
        let column = Column {
            family: family(&udt),
            nullable: nullable == "YES",
            default: default.as_deref().map(normalise_default),
        };
        schema
            .tables
            .entry(table)
            .or_default()
            .columns
            .insert(col, column);
    }
    let indexes: Vec<PgIndexRow> =
        sqlx::query_as(
            "SELECT t.relname::text, i.relname::text, ix.indisunique, ix.indisprimary, \
                    pg_get_expr(ix.indpred, ix.indrelid), \
                    ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) \
                          JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum \
                          ORDER BY k.ord) \
             FROM pg_index ix \
             JOIN pg_class i ON i.oid = ix.indexrelid \
             JOIN pg_class t ON t.oid = ix.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace \
             WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations'",
        )
        .fetch_all(pool)
        .await?;
    for (table, index, unique, primary, predicate, columns) in indexes {
        let Some(table) = schema.tables.get_mut(&table) else {
            continue;
        };
        if primary {
            table.primary_key = columns;
        } else if unique && predicate.is_none() {
            let mut sorted = columns;
            sorted.sort();
            table.uniques.insert(sorted);
        } else {
            let predicate = predicate.map(|p| signature(&p, &table.columns));
            let index_def = Index {
                columns,
                unique,
                predicate,
            };
            table.indexes.insert(index, index_def);
        }
    }
    let checks: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.relname::text, pg_get_constraintdef(c.oid) \
         FROM pg_constraint c \
         JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND c.contype = 'c'",
    )
    .fetch_all(pool)
    .await?;
    for (table, def) in checks {
        if let Some(table) = schema.tables.get_mut(&table) {
            let sig = signature(&def, &table.columns);
            table.checks.push(sig);
        }
    }
    for table in schema.tables.values_mut() {
        table.checks.sort();
    }
    Ok(schema)
}

/// The bodies of the CHECK clauses of a `CREATE TABLE` statement (column and table ones),
/// skipping string literals and comments.
fn check_bodies(sql: &str) -> Vec<String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut bodies = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            i += 1;
            while chars.get(i).is_some_and(|c| *c != '\'') {
                i += 1;
            }
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while chars.get(i).is_some_and(|c| *c != '\n') {
                i += 1;
            }
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if !word.eq_ignore_ascii_case("check") {
                continue;
            }
            while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                i += 1;
            }
            if chars.get(i) != Some(&'(') {
                continue;
            }
            let open = i;
            let mut depth = 0;
            let mut in_string = false;
            while let Some(&c) = chars.get(i) {
                match c {
                    '\'' => in_string = !in_string,
                    '(' if !in_string => depth += 1,
                    ')' if !in_string => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            bodies.push(chars[open..(i + 1).min(chars.len())].iter().collect());
        } else {
            i += 1;
        }
    }
    bodies
}

#[cfg(test)]
mod tests {
    use super::check_bodies;

    #[test]
    fn finds_column_and_table_checks() {
        let sql = "CREATE TABLE t (\n  kind TEXT CHECK (kind IN ('a', 'b)')),\n  -- check (x)\n  \
                   n INTEGER, CHECK ((n > 0) OR (kind = 'a'))\n)";
        assert_eq!(
            check_bodies(sql),
            vec![
                "(kind IN ('a', 'b)'))".to_string(),
                "((n > 0) OR (kind = 'a'))".to_string()
            ]
        );
    }
}
