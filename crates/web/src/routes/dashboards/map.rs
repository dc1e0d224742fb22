//! The national map's figures: each region's share of pupils active in the latest week.
//! A regional administrator sees only their own region's figure on it.

use lawha_core::ScopeKey;
use lawha_store::rollups::dashboards::{hidden_groups, Period};
use lawha_store::Store;
use uuid::Uuid;

use super::scope::DashScope;
use crate::charts::map::RegionValue;
use crate::error::AppResult;
use crate::page::PageCtx;

/// The regions as the map shows them.
pub struct RegionMap {
    pub regions: Vec<RegionValue>,
    /// The viewer's own region, when they see only that one.
    pub own: Option<Uuid>,
}

/// The map of a national or regional dashboard; `None` for the scopes below.
pub async fn region_map(
    store: &Store,
    scope: DashScope,
    page: &PageCtx,
    period: &Period,
) -> AppResult<Option<RegionMap>> {
    let own = match scope {
        DashScope::National => None,
        DashScope::Region(r) => Some(r),
        _ => return Ok(None),
    };
    let figures = store
        .rollups()
        .children_figures(ScopeKey::National, period)
        .await?;
    // The same regions the table beside the map hides.
    let sizes: Vec<i64> = figures.iter().map(|f| f.pupils).collect();
    let hidden = hidden_groups(&sizes);
    let mut regions = Vec::new();
    for r in store.org().regions().await? {
        let key = ScopeKey::Region(r.id).to_string();
        let f = figures
            .iter()
            .zip(&hidden)
            .find(|(f, _)| f.key == key)
            .filter(|(_, hidden)| !**hidden)
            .map(|(f, _)| f);
        let visible = own.is_none_or(|o| o == r.id);
        let value = f
            .filter(|_| visible)
            .and_then(|f| f.active_rate())
            .map(|v| v * 100.0);
        regions.push(RegionValue {
            code: r.code.clone(),
            name: page.pick(&r.name_ar, &r.name_fr).to_string(),
            value,
            href: visible.then(|| DashScope::Region(r.id).href()),
            highlighted: own == Some(r.id),
        });
    }
    Ok(Some(RegionMap { regions, own }))
}
