//! SQL fragments shared by listings: the viewer's scope and the search text.

use lawha_core::Scope;
use sqlx::{Database, Encode, QueryBuilder, Type};
use uuid::Uuid;

/// Appends `(…)` restricting rows to the given admin scopes. `region_col` and `school_col`
/// name the row's region and school columns. No scope at all matches nothing.
pub(crate) fn push_scope<'a, DB: Database>(
    qb: &mut QueryBuilder<'a, DB>,
    scopes: &[Scope],
    region_col: &str,
    school_col: &str,
) where
    Uuid: Encode<'a, DB> + Type<DB>,
{
    if scopes.iter().any(|s| matches!(s, Scope::National)) {
        qb.push("(1 = 1)");
        return;
    }
    qb.push("(1 = 0");
    for scope in scopes {
        match *scope {
            Scope::Region { region } => {
                qb.push(format!(" OR {region_col} = ")).push_bind(region);
            }
            Scope::School { school, .. } => {
                qb.push(format!(" OR {school_col} = ")).push_bind(school);
            }
            // Admin roles are never granted at class level; a class scope confers nothing.
            Scope::Class { .. } | Scope::National => {}
        }
    }
    qb.push(")");
}

/// Appends ` AND search_col LIKE '%query%'` when there is a query, matching the
/// lower-cased search text with LIKE wildcards in the query escaped.
pub(crate) fn push_search<'a, DB: Database>(
    qb: &mut QueryBuilder<'a, DB>,
    search_col: &str,
    query: Option<&str>,
) where
    String: Encode<'a, DB> + Type<DB>,
{
    let Some(query) = query.map(str::trim).filter(|q| !q.is_empty()) else {
        return;
    };
    let escaped = query
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    qb.push(format!(" AND {search_col} LIKE "))
        .push_bind(format!("%{escaped}%"))
        .push(" ESCAPE '\\'");
}
