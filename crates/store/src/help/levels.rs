//! Service levels: for each region and category, the tickets still open (the backlog),
//! and the mean times to a first response and to resolution of the tickets filed in the
//! period. Computed by the database from the tickets' own timestamps (one `GROUP BY`
//! query); the dashboard reads it for an AREF admin's regions or, for the ministry, all
//! of them.

use chrono::{DateTime, Utc};
use lawha_core::help::Category;
use lawha_core::role::Grant;
use uuid::Uuid;

use super::Help;
use crate::rows::StoredName;
use crate::{Backend, Result};

/// One region's (or the unplaced tickets', `region_id` `None`) figures in one category.
#[derive(Debug, Clone, PartialEq)]
pub struct Backlog {
    pub region_id: Option<Uuid>,
    pub category: Category,
    /// Filed in the period.
    pub filed: i64,
    /// Not resolved now (whenever filed).
    pub open: i64,
    /// Mean seconds to the first response, over the period's tickets that had one.
    pub first_response_secs: Option<i64>,
    /// Mean seconds to resolution, over the period's resolved tickets.
    pub resolution_secs: Option<i64>,
}

/// The figures a dashboard shows, by region then category.
#[derive(Debug, Clone, Default)]
pub struct ServiceLevels {
    pub rows: Vec<Backlog>,
}

/// One group's sums, as the database aggregates them.
#[derive(sqlx::FromRow)]
struct Row {
    region_id: Option<Uuid>,
    #[sqlx(try_from = "StoredName<Category>")]
    category: Category,
    filed: i64,
    open: i64,
    first_response_secs: Option<i64>,
    resolution_secs: Option<i64>,
}

/// The milliseconds from a ticket's filing to `column`, in each engine's terms: SQLite
/// keeps times as text, which `julianday` reads to the millisecond (rounded back to whole
/// milliseconds, so the float in between never shifts a figure); PostgreSQL subtracts
/// `timestamptz`s exactly.
fn millis_to(postgres: bool, column: &str) -> String {
    match postgres {
        true => {
            format!("CAST(ROUND(EXTRACT(EPOCH FROM ({column} - created_at)) * 1000) AS BIGINT)")
        }
        false => format!(
            "CAST(ROUND((julianday({column}) - julianday(created_at)) * 86400000) AS INTEGER)"
        ),
    }
}

/// The mean, in whole seconds (truncated), of the milliseconds to `column` over the
/// period's tickets that have it; NULL when none has.
fn mean_secs(postgres: bool, column: &str) -> String {
    let in_period = format!("created_at >= $1 AND {column} IS NOT NULL");
    format!(
        "CAST(SUM(CASE WHEN {in_period} THEN {millis} END) AS BIGINT)
           / NULLIF(1000 * SUM(CASE WHEN {in_period} THEN 1 ELSE 0 END), 0)",
        millis = millis_to(postgres, column),
    )
}

impl Help<'_> {
    /// The service levels an administrator holding `grants` sees, for tickets filed since
    /// `since` (the backlog counts every open ticket). Aggregated by the database, by
    /// region and category; durations are counted in milliseconds and their means
    /// truncated to whole seconds.
    pub async fn service_levels(
        &self,
        grants: &[Grant],
        since: DateTime<Utc>,
    ) -> Result<ServiceLevels> {
        let regions = lawha_core::help::reach::oversight_regions(grants);
        if regions.as_ref().is_some_and(|r| r.is_empty()) {
            return Ok(ServiceLevels::default());
        }
        let postgres = self.store.backend() == Backend::Postgres;
        // `$1` is `since`; an AREF admin's regions follow as `$2`…; the ministry (no list)
        // sees every ticket, the unplaced ones too.
        let in_regions = match &regions {
            Some(regions) => {
                let list: Vec<String> = (0..regions.len()).map(|i| format!("${}", i + 2)).collect();
                format!(" AND region_id IN ({})", list.join(", "))
            }
            None => String::new(),
        };
        let sql = format!(
            "SELECT region_id, category,
                    SUM(CASE WHEN created_at >= $1 THEN 1 ELSE 0 END) AS filed,
                    SUM(CASE WHEN state <> 'resolved' THEN 1 ELSE 0 END) AS open,
                    {} AS first_response_secs,
                    {} AS resolution_secs
             FROM help_tickets
             WHERE (state <> 'resolved' OR created_at >= $1){in_regions}
             GROUP BY region_id, category",
            mean_secs(postgres, "first_response_at"),
            mean_secs(postgres, "resolved_at"),
        );
        let mut rows: Vec<Row> = on_db!(self.store, pool => {
            let mut query = sqlx::query_as(&sql).bind(since);
            for region in regions.iter().flatten() {
                query = query.bind(*region);
            }
            query.fetch_all(pool).await?
        });
        rows.sort_by_key(|r| (r.region_id, r.category.as_str()));
        let rows = rows
            .into_iter()
            .map(|r| Backlog {
                region_id: r.region_id,
                category: r.category,
                filed: r.filed,
                open: r.open,
                first_response_secs: r.first_response_secs,
                resolution_secs: r.resolution_secs,
            })
            .collect();
        Ok(ServiceLevels { rows })
    }
}
