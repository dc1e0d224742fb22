//! The migrated schema read back from either engine's catalog into one engine-neutral
//! description (feature `testing`), for the schema parity test.
//!
//! What is kept, and how it is normalised so that only real differences remain:
//! - tables and columns (sqlx's `_sqlx_migrations` and SQLite's `sqlite_*` tables left out);
//! - a column's type *family* (integer, real, text, blob, boolean): UUID and BYTEA are BLOBs
//!   on SQLite, TIMESTAMPTZ is TEXT, BIGINT/SMALLINT are INTEGER, DOUBLE PRECISION is REAL;
//! - nullability, counting primary-key columns as NOT NULL on both (PostgreSQL enforces it,
//!   SQLite's legacy rule lets a non-INTEGER key hold NULL; the store never writes one);
//! - defaults, without casts, parentheses and case; `now()` and `CURRENT_TIMESTAMP` are one,
//!   and PostgreSQL's `nextval(…)` of a BIGSERIAL equals SQLite's INTEGER PRIMARY KEY rowid;
//! - the primary key, in order; every UNIQUE column set, whether a constraint or a unique
//!   index; every other index (non-unique or partial) by name, columns, uniqueness and the
//!   signature of its predicate;
//! - CHECK constraints by signature: the table's columns and the literals they mention.
//!   PostgreSQL rewrites expressions (`IN` becomes `= ANY (ARRAY[…])`, literals gain casts),
//!   so the text itself is not compared.
//!
//! Foreign keys are not compared.

use std::collections::{BTreeMap, BTreeSet};

use crate::{Db, Result, Store};

/// One engine's schema.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    pub tables: BTreeMap<String, Table>,
}

/// One table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: BTreeMap<String, Column>,
    pub primary_key: Vec<String>,
    /// Sorted column lists of the full (non-partial) unique constraints and indexes.
    pub uniques: BTreeSet<Vec<String>>,
    /// Explicit non-unique or partial indexes, by name.
    pub indexes: BTreeMap<String, Index>,
    /// CHECK signatures, sorted (a multiset).
    pub checks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub family: &'static str,
    pub nullable: bool,
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub columns: Vec<String>,
    pub unique: bool,
    /// Signature of the `WHERE` predicate of a partial index.
    pub predicate: Option<String>,
}

/// Reads the schema of a migrated store.
pub async fn schema(store: &Store) -> Result<Schema> {
    match &store.db {
        Db::Sqlite(pool) => crate::testing::schema_read::sqlite(pool).await,
        Db::Postgres(pool) => crate::testing::schema_read::postgres(pool).await,
    }
}

impl Schema {
    /// Every difference between the SQLite schema (`self`) and the PostgreSQL one, each a
    /// line naming what differs.
    pub fn differences(&self, postgres: &Schema) -> Vec<String> {
        let mut out = Vec::new();
        for name in keys(&self.tables, &postgres.tables) {
            match (self.tables.get(name), postgres.tables.get(name)) {
                (Some(s), Some(p)) => s.differences(name, p, &mut out),
                (Some(_), None) => out.push(format!("table {name} missing on postgres")),
                (None, _) => out.push(format!("table {name} missing on sqlite")),
            }
        }
        out
    }
}

impl Table {
    fn differences(&self, table: &str, pg: &Table, out: &mut Vec<String>) {
        for name in keys(&self.columns, &pg.columns) {
            let (s, p) = match (self.columns.get(name), pg.columns.get(name)) {
                (Some(s), Some(p)) => (s, p),
                (Some(_), None) => {
                    out.push(format!("{table}.{name}: column missing on postgres"));
                    continue;
                }
                (None, _) => {
                    out.push(format!("{table}.{name}: column missing on sqlite"));
                    continue;
                }
            };
            if s.family != p.family {
                out.push(format!(
                    "{table}.{name}: type {} on sqlite, {} on postgres",
                    s.family, p.family
                ));
            }
            if s.nullable != p.nullable {
                out.push(format!(
                    "{table}.{name}: {} on sqlite, {} on postgres",
                    nullability(s.nullable),
                    nullability(p.nullable)
                ));
            }
            if s.default != p.default {
                out.push(format!(
                    "{table}.{name}: default {} on sqlite, {} on postgres",
                    s.default.as_deref().unwrap_or("none"),
                    p.default.as_deref().unwrap_or("none")
                ));
            }
        }
        if self.primary_key != pg.primary_key {
            out.push(format!(
                "{table}: primary key ({}) on sqlite, ({}) on postgres",
                self.primary_key.join(", "),
                pg.primary_key.join(", ")
            ));
        }
        for u in self.uniques.difference(&pg.uniques) {
            out.push(format!(
                "{table}: unique ({}) missing on postgres",
                u.join(", ")
            ));
        }
        for u in pg.uniques.difference(&self.uniques) {
            out.push(format!(
                "{table}: unique ({}) missing on sqlite",
                u.join(", ")
            ));
        }
        for name in keys(&self.indexes, &pg.indexes) {
            match (self.indexes.get(name), pg.indexes.get(name)) {
                (Some(s), Some(p)) if s != p => {
                    out.push(format!("index {name}: {s:?} on sqlite, {p:?} on postgres"));
                }
                (Some(_), Some(_)) => {}
                (Some(_), None) => out.push(format!("index {name} missing on postgres")),
                (None, _) => out.push(format!("index {name} missing on sqlite")),
            }
        }
        for c in multiset_minus(&self.checks, &pg.checks) {
            out.push(format!("{table}: check {c} missing on postgres"));
        }
        for c in multiset_minus(&pg.checks, &self.checks) {
            out.push(format!("{table}: check {c} missing on sqlite"));
        }
    }
}

fn nullability(nullable: bool) -> &'static str {
    if nullable {
        "nullable"
    } else {
        "NOT NULL"
    }
}

fn keys<'a, V>(a: &'a BTreeMap<String, V>, b: &'a BTreeMap<String, V>) -> BTreeSet<&'a String> {
    a.keys().chain(b.keys()).collect()
}

/// The items of `a` left once each item of `b` has taken one equal item away.
fn multiset_minus<'a>(a: &'a [String], b: &[String]) -> Vec<&'a String> {
    let mut left: Vec<&String> = b.iter().collect();
    a.iter()
        .filter(|x| match left.iter().position(|y| y == x) {
            Some(i) => {
                left.swap_remove(i);
                false
            }
            None => true,
        })
        .collect()
}

/// The type family of a declared SQLite type or a PostgreSQL `udt_name`.
pub(crate) fn family(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.starts_with("bool") {
        "boolean"
    } else if t.contains("int") || t == "bigserial" || t == "serial" {
        "integer"
    } else if t.contains("real") || t.contains("float") || t.contains("doub") || t == "numeric" {
        "real"
    } else if t == "blob" || t == "uuid" || t == "bytea" {
        "blob"
    } else if t.contains("text") || t.contains("char") || t.starts_with("timestamp") || t == "date"
    {
        "text"
    } else {
        "other"
    }
}

/// A default expression without casts, wrapping parentheses and case (outside quotes).
pub(crate) fn normalise_default(expr: &str) -> String {
    let mut e = expr.trim().to_string();
    if e.to_ascii_lowercase().starts_with("nextval(") {
        return "autoincrement".into();
    }
    while let Some(cast) = e.rfind("::").filter(|&i| !e[i..].contains('\'')) {
        e.truncate(cast);
    }
    while e.starts_with('(') && e.ends_with(')') {
        e = e[1..e.len() - 1].trim().to_string();
    }
    if !e.starts_with('\'') {
        e = e.to_ascii_lowercase();
    }
    match e.as_str() {
        "current_timestamp" | "now()" => "now".into(),
        _ => e,
    }
}

/// What a CHECK or index predicate is compared by: the table's columns it mentions and its
/// literals, each sorted. Comments are skipped.
pub(crate) fn signature(expr: &str, columns: &BTreeMap<String, Column>) -> String {
    let mut cols = BTreeSet::new();
    let mut lits = BTreeSet::new();
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\'' {
            let start = i;
            i += 1;
            while i < chars.len() {
                if chars.get(i) == Some(&'\'') && chars.get(i + 1) == Some(&'\'') {
                    i += 2;
                } else if chars.get(i) == Some(&'\'') {
                    break;
                } else {
                    i += 1;
                }
            }
            i += 1;
            lits.insert(chars[start..i.min(chars.len())].iter().collect::<String>());
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars.get(i) != Some(&'\n') {
                i += 1;
            }
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '"' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '"' || *c == '.')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().filter(|c| **c != '"').collect();
            let word = word.to_ascii_lowercase();
            if word.chars().all(|c| c.is_ascii_digit() || c == '.') {
                lits.insert(word);
            } else if columns.contains_key(&word) {
                cols.insert(word);
            }
        } else {
            i += 1;
        }
    }
    let join = |s: BTreeSet<String>| s.into_iter().collect::<Vec<_>>().join(", ");
    format!("[{}] literals [{}]", join(cols), join(lits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_normalise_across_engines() {
        assert_eq!(normalise_default("'auto'::text"), "'auto'");
        assert_eq!(normalise_default("'auto'"), "'auto'");
        assert_eq!(normalise_default("TRUE"), "true");
        assert_eq!(
            normalise_default("now()"),
            normalise_default("CURRENT_TIMESTAMP")
        );
        assert_eq!(normalise_default("(0)"), "0");
        assert_eq!(
            normalise_default("nextval('signin_failures_id_seq'::regclass)"),
            "autoincrement"
        );
    }

    #[test]
    fn check_signatures_ignore_rewriting() {
        let mut columns = BTreeMap::new();
        let col = Column {
            family: "text",
            nullable: false,
            default: None,
        };
        columns.insert("kind".to_string(), col.clone());
        columns.insert("set_id".to_string(), col);
        let sqlite = signature("kind IN ('set', 'capsule') -- a (comment) kind", &columns);
        let pg = signature(
            "CHECK ((kind = ANY (ARRAY['set'::text, 'capsule'::text])))",
            &columns,
        );
        assert_eq!(sqlite, pg);
        assert_ne!(sqlite, signature("kind IN ('set')", &columns));
    }
}
