//! The audit log of agents' actions: who did what, on which ticket, for whom, when. The
//! ticket actions write their line in their own transaction (`actions`); the help given
//! from a ticket page (unlock, one-time code, reset link) in the recovery transaction that
//! gives it (`recovery::Door::Ticket`).
//! AREF admins read their regions' lines, the ministry all of them.

use chrono::{DateTime, Utc};
use lawha_core::help::AgentAction;
use lawha_core::role::Grant;
use sqlx::{Database, Encode, QueryBuilder, Type};
use uuid::Uuid;

use super::Help;
use crate::rows::{Listing, ListingWhere, StoredAsName, StoredName};
use crate::{Page, Paged, Result};

/// Binds: id, actor, action, ticket, target, region, at.
pub(crate) const INSERT: &str = "INSERT INTO agent_audit_log
    (id, actor_id, action, ticket_id, target_id, region_id, at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// One line of the audit log, with the names of who acted and for whom.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEntry {
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    #[sqlx(try_from = "StoredName<AgentAction>")]
    pub action: AgentAction,
    pub ticket_id: Option<Uuid>,
    pub target_id: Option<Uuid>,
    pub target_name: Option<String>,
    pub region_id: Option<Uuid>,
    pub at: DateTime<Utc>,
}

impl StoredAsName for AgentAction {
    const WHAT: &'static str = "agent action";
    fn from_name(name: &str) -> Option<AgentAction> {
        AgentAction::parse(name)
    }
}

impl From<StoredName<AgentAction>> for AgentAction {
    fn from(name: StoredName<AgentAction>) -> AgentAction {
        name.0
    }
}

/// The lines in some regions (`None`: all).
struct InRegions(Option<Vec<Uuid>>);

impl ListingWhere for InRegions {
    fn push<'a, DB: Database>(&'a self, qb: &mut QueryBuilder<'a, DB>)
    where
        Uuid: Encode<'a, DB> + Type<DB>,
        String: Encode<'a, DB> + Type<DB>,
        &'a str: Encode<'a, DB> + Type<DB>,
    {
        match &self.0 {
            None => {
                qb.push("1 = 1");
            }
            Some(regions) if regions.is_empty() => {
                qb.push("1 = 0");
            }
            Some(regions) => {
                qb.push("a.region_id IN (");
                let mut list = qb.separated(", ");
                for r in regions {
                    list.push_bind(*r);
                }
                list.push_unseparated(")");
            }
        }
    }
}

impl Help<'_> {
    /// The audit log an administrator holding `grants` may read, newest first.
    pub async fn audit_log(&self, grants: &[Grant], page: Page) -> Result<Paged<AuditEntry>> {
        let listing = Listing {
            columns: "a.actor_id, actor.display_name AS actor_name, a.action, a.ticket_id, \
                      a.target_id, target.display_name AS target_name, a.region_id, a.at",
            from: "FROM agent_audit_log a
                   LEFT JOIN users actor ON actor.id = a.actor_id
                   LEFT JOIN users target ON target.id = a.target_id WHERE ",
            order: "a.at DESC, a.id DESC",
        };
        let regions = lawha_core::help::reach::oversight_regions(grants);
        self.store
            .fetch_page(&listing, &InRegions(regions), page)
            .await
    }
}
