//! A scope's dashboard as data: everything its page and its CSV downloads show, read from
//! the rollups and named in the viewer's language.

use lawha_store::rollups::dashboards::{GroupFigures, Period};
use lawha_store::SessionInfo;

use super::days::{day_rows, DayRow};
use super::figures::Row;
use super::groups::{children_rows, level_rows};
use super::lists::{
    capsule_rows, coverage_rows, subject_rows, CapsuleRow, CoverageRow, SubjectRow,
};
use super::map::{region_map, RegionMap};
use super::scope::{describe, Crumb, DashScope};
use crate::error::AppResult;
use crate::page::PageCtx;
use crate::AppState;

pub struct Dashboard {
    pub scope: DashScope,
    pub name: String,
    pub crumbs: Vec<Crumb>,
    /// The number of days shown.
    pub period_days: i64,
    pub totals: GroupFigures,
    pub children: Vec<Row>,
    pub levels: Vec<Row>,
    pub days: Vec<DayRow>,
    pub subjects: Vec<SubjectRow>,
    pub most: Vec<CapsuleRow>,
    pub least: Vec<CapsuleRow>,
    /// Curriculum coverage, on the national dashboard only.
    pub coverage: Vec<CoverageRow>,
    pub map: Option<RegionMap>,
}

impl Dashboard {
    /// The dashboard of `scope` over the `period_days` days up to today (in the platform's
    /// time zone). The caller has checked that the viewer may see it.
    pub async fn load(
        state: &AppState,
        scope: DashScope,
        page: &PageCtx,
        session: &SessionInfo,
        period_days: i64,
    ) -> AppResult<Dashboard> {
        let store = &state.store;
        let (name, crumbs) = describe(store, scope, page, session).await?;
        let today = state
            .now()
            .with_timezone(&state.config.time_zone)
            .date_naive();
        let period = Period::ending(today, period_days);
        let key = scope.key();
        let series = store
            .rollups()
            .usage_series(key, period.first, period.last)
            .await?;
        let (most, least) = capsule_rows(store, key, page).await?;
        let coverage = if scope == DashScope::National {
            coverage_rows(store, page).await?
        } else {
            Vec::new()
        };
        Ok(Dashboard {
            scope,
            name,
            crumbs,
            period_days,
            totals: store.rollups().scope_figures(key, &period).await?,
            children: children_rows(store, scope, page, &period).await?,
            levels: level_rows(store, key, page, &period).await?,
            days: day_rows(&period, &series),
            subjects: subject_rows(store, key, &period, page).await?,
            most,
            least,
            coverage,
            map: region_map(store, scope, page, &period).await?,
        })
    }

    /// The scope itself is under the privacy threshold: nothing is shown.
    pub fn suppressed(&self) -> bool {
        self.totals.suppressed()
    }
}
