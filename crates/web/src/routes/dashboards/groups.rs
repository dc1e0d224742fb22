//! The figures tables of a dashboard: its children (regions of the nation, provinces of a
//! region, schools of a province) and its levels, named in the viewer's language, with the
//! privacy rule applied to siblings shown beside their total.

use std::collections::HashMap;

use lawha_core::{reference, ScopeKey};
use lawha_store::rollups::dashboards::Period;
use lawha_store::Store;
use uuid::Uuid;

use super::figures::{protect, Row};
use super::scope::DashScope;
use crate::error::AppResult;
use crate::page::PageCtx;

/// The children of a scope with their names and links (a school has none: its children
/// are its levels).
pub async fn children_rows(
    store: &Store,
    scope: DashScope,
    page: &PageCtx,
    period: &Period,
) -> AppResult<Vec<Row>> {
    if let DashScope::School { .. } = scope {
        return Ok(Vec::new());
    }
    let figures = store
        .rollups()
        .children_figures(scope.key(), period)
        .await?;
    let child_id = |key: &str| key.parse::<ScopeKey>().ok().and_then(ScopeKey::id);
    let ids: Vec<Uuid> = figures.iter().filter_map(|f| child_id(&f.key)).collect();
    let names = child_names(store, scope, page, &ids).await?;
    let mut rows: Vec<Row> = figures
        .into_iter()
        .filter_map(|f| {
            let (name, href) = names.get(&child_id(&f.key)?).cloned()?;
            Some(Row::new(name, Some(href), f))
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    protect(&mut rows);
    Ok(rows)
}

/// The name and dashboard link of each child of `scope`, by id.
async fn child_names(
    store: &Store,
    scope: DashScope,
    page: &PageCtx,
    ids: &[Uuid],
) -> AppResult<HashMap<Uuid, (String, String)>> {
    let mut names = HashMap::new();
    match scope {
        DashScope::National => {
            for r in store.org().regions().await? {
                let name = page.pick(&r.name_ar, &r.name_fr).to_string();
                names.insert(r.id, (name, DashScope::Region(r.id).href()));
            }
        }
        DashScope::Region(region) => {
            for p in store.org().provinces(Some(region)).await? {
                let name = page.pick(&p.name_ar, &p.name_fr).to_string();
                let child = DashScope::Province {
                    region,
                    province: p.id,
                };
                names.insert(p.id, (name, child.href()));
            }
        }
        DashScope::Province { region, province } => {
            for s in store.org().schools_by_ids(ids).await? {
                let child = DashScope::School {
                    region,
                    province,
                    school: s.id,
                };
                names.insert(s.id, (s.name(page.locale).to_string(), child.href()));
            }
        }
        DashScope::School { .. } => {}
    }
    Ok(names)
}

/// The levels (and programmes) of a scope, in the reference order (programmes last).
pub async fn level_rows(
    store: &Store,
    scope: ScopeKey,
    page: &PageCtx,
    period: &Period,
) -> AppResult<Vec<Row>> {
    let mut rows: Vec<(usize, Row)> = store
        .rollups()
        .level_figures(scope, period)
        .await?
        .into_iter()
        .map(|f| {
            let (order, name) = match reference::level(&f.key) {
                Some(l) => (
                    reference::levels()
                        .iter()
                        .position(|x| x.code == l.code)
                        .unwrap_or(0),
                    page.pick(&l.name_ar, &l.name_fr).to_string(),
                ),
                None => (
                    usize::MAX,
                    reference::programme(&f.key).map_or(f.key.clone(), |p| {
                        page.pick(&p.name_ar, &p.name_fr).to_string()
                    }),
                ),
            };
            (order, Row::new(name, None, f))
        })
        .collect();
    rows.sort_by_key(|(order, _)| *order);
    let mut rows: Vec<Row> = rows.into_iter().map(|(_, r)| r).collect();
    protect(&mut rows);
    Ok(rows)
}
