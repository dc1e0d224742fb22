//! Service levels: for each region and category, the tickets still open (the backlog),
//! and the mean times to a first response and to resolution of the tickets filed in the
//! period. Computed from the tickets' own timestamps; the dashboard reads it for an AREF
//! admin's regions or, for the ministry, all of them.

use chrono::{DateTime, Utc};
use lawha_core::help::{Category, TicketState};
use lawha_core::role::Grant;
use uuid::Uuid;

use super::Help;
use crate::rows::StoredName;
use crate::Result;

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

#[derive(sqlx::FromRow)]
struct Row {
    region_id: Option<Uuid>,
    #[sqlx(try_from = "StoredName<Category>")]
    category: Category,
    #[sqlx(try_from = "StoredName<TicketState>")]
    state: TicketState,
    created_at: DateTime<Utc>,
    first_response_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
}

impl Help<'_> {
    /// The service levels an administrator holding `grants` sees, for tickets filed since
    /// `since` (the backlog counts every open ticket).
    pub async fn service_levels(
        &self,
        grants: &[Grant],
        since: DateTime<Utc>,
    ) -> Result<ServiceLevels> {
        let regions = lawha_core::help::reach::oversight_regions(grants);
        let rows: Vec<Row> = self
            .store
            .fetch_all(
                "SELECT region_id, category, state, created_at, first_response_at, resolved_at
                 FROM help_tickets WHERE state <> 'resolved' OR created_at >= $1",
                since,
            )
            .await?;
        let mut levels: Vec<(Backlog, i64, i64)> = Vec::new();
        for row in rows {
            if let Some(regions) = &regions {
                if !row.region_id.is_some_and(|r| regions.contains(&r)) {
                    continue;
                }
            }
            let index = match levels
                .iter()
                .position(|(b, _, _)| b.region_id == row.region_id && b.category == row.category)
            {
                Some(i) => i,
                None => {
                    levels.push((
                        Backlog {
                            region_id: row.region_id,
                            category: row.category,
                            filed: 0,
                            open: 0,
                            first_response_secs: None,
                            resolution_secs: None,
                        },
                        0,
                        0,
                    ));
                    levels.len() - 1
                }
            };
            let Some((b, responded, resolved)) = levels.get_mut(index) else {
                continue;
            };
            if row.state.is_open() {
                b.open += 1;
            }
            if row.created_at < since {
                continue;
            }
            b.filed += 1;
            if let Some(first) = row.first_response_at {
                let secs = (first - row.created_at).num_seconds();
                b.first_response_secs = Some(b.first_response_secs.unwrap_or(0) + secs);
                *responded += 1;
            }
            if let Some(done) = row.resolved_at {
                let secs = (done - row.created_at).num_seconds();
                b.resolution_secs = Some(b.resolution_secs.unwrap_or(0) + secs);
                *resolved += 1;
            }
        }
        let mut rows: Vec<Backlog> = levels
            .into_iter()
            .map(|(mut b, responded, resolved)| {
                b.first_response_secs = b.first_response_secs.map(|t| t / responded.max(1));
                b.resolution_secs = b.resolution_secs.map(|t| t / resolved.max(1));
                b
            })
            .collect();
        rows.sort_by_key(|b| (b.region_id, b.category.as_str()));
        Ok(ServiceLevels { rows })
    }
}
