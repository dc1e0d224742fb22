//! What agents, administrators and content owners read: an agent's queue (their regions,
//! a category, a state), the tickets escalated to an administrator, the reports on a
//! producer's or author's own content, and one ticket with what an agent needs to know
//! about its filer — role, school and class, last sign-in, whether failed sign-ins slow
//! them — and no more (never answers or marks).

use chrono::{DateTime, Utc};
use lawha_core::help::reach::admin_sees;
use lawha_core::help::{AgentReach, Category, TicketState};
use lawha_core::role::Grant;
use lawha_core::Role;
use sqlx::{Database, Encode, QueryBuilder, Type};
use uuid::Uuid;

use super::{Help, Message, Ticket, TICKET_COLUMNS};
use crate::rows::{Listing, ListingWhere};
use crate::{Page, Paged, Result, StoreError};

/// Which tickets of a queue to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueueFilter {
    pub category: Option<Category>,
    /// One state; `None`: every state but resolved.
    pub state: Option<TicketState>,
}

/// Whose tickets a listing shows.
enum Whose<'r> {
    /// An agent's queue: the reach's regions, reports on content excepted (they go to
    /// the content's owner).
    Agent(&'r AgentReach),
    /// Escalated to administrators in these regions (`None`: all, the ministry), or to
    /// these schools.
    Escalated {
        regions: Option<Vec<Uuid>>,
        schools: Vec<Uuid>,
    },
    /// Reports on one person's content.
    Owner(Uuid),
}

struct TicketsWhere<'r> {
    whose: Whose<'r>,
    filter: QueueFilter,
}

fn push_in<'a, DB: Database>(qb: &mut QueryBuilder<'a, DB>, column: &str, ids: &'a [Uuid])
where
    Uuid: Encode<'a, DB> + Type<DB>,
{
    if ids.is_empty() {
        qb.push("1 = 0");
        return;
    }
    qb.push(format!("{column} IN ("));
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    list.push_unseparated(")");
}

impl ListingWhere for TicketsWhere<'_> {
    fn push<'a, DB: Database>(&'a self, qb: &mut QueryBuilder<'a, DB>)
    where
        Uuid: Encode<'a, DB> + Type<DB>,
        String: Encode<'a, DB> + Type<DB>,
        &'a str: Encode<'a, DB> + Type<DB>,
    {
        match &self.whose {
            Whose::Agent(reach) => {
                qb.push("t.content_owner IS NULL AND ");
                if reach.national {
                    qb.push("1 = 1");
                } else {
                    push_in(qb, "t.region_id", &reach.regions);
                }
            }
            Whose::Escalated { regions, schools } => {
                qb.push("t.escalated_to IS NOT NULL AND (");
                match regions {
                    None => {
                        qb.push("1 = 1");
                    }
                    Some(regions) => {
                        push_in(qb, "t.region_id", regions);
                        qb.push(" OR (t.escalated_to = 'school' AND ");
                        push_in(qb, "t.school_id", schools);
                        qb.push(")");
                    }
                }
                qb.push(")");
            }
            Whose::Owner(owner) => {
                qb.push("t.content_owner = ").push_bind(*owner);
            }
        }
        match self.filter.state {
            Some(state) => qb.push(" AND t.state = ").push_bind(state.as_str()),
            None => qb.push(" AND t.state <> 'resolved'"),
        };
        if let Some(category) = self.filter.category {
            qb.push(" AND t.category = ").push_bind(category.as_str());
        }
    }
}

/// What an agent sees of a ticket's filer.
#[derive(Debug, Clone, Default)]
pub struct Requester {
    /// The account, when the filer was signed in or their pupil code names one.
    pub user_id: Option<Uuid>,
    pub display_name: String,
    pub role: Option<Role>,
    pub school_ar: Option<String>,
    pub school_fr: Option<String>,
    pub class_name: Option<String>,
    pub last_sign_in: Option<DateTime<Utc>>,
    /// Failed sign-ins counting against the account now.
    pub recent_failures: i64,
    /// Whether those failures slow the person's sign-ins (`lawha_core::throttle`).
    pub slowed: bool,
    /// Whether the account signs in with a pupil code (a one-time code can help).
    pub is_pupil: bool,
    /// Whether it has an e-mail (a reset link can be sent).
    pub has_email: bool,
}

impl Help<'_> {
    async fn list(
        &self,
        whose: Whose<'_>,
        filter: QueueFilter,
        page: Page,
    ) -> Result<Paged<Ticket>> {
        let listing = Listing {
            columns: TICKET_COLUMNS,
            from: "FROM help_tickets t WHERE ",
            order: "t.created_at, t.id",
        };
        self.store
            .fetch_page(&listing, &TicketsWhere { whose, filter }, page)
            .await
    }

    /// An agent's queue, oldest first.
    pub async fn queue(
        &self,
        reach: &AgentReach,
        filter: QueueFilter,
        page: Page,
    ) -> Result<Paged<Ticket>> {
        self.list(Whose::Agent(reach), filter, page).await
    }

    /// The tickets escalated to an administrator holding `grants`.
    pub async fn escalated(
        &self,
        grants: &[Grant],
        filter: QueueFilter,
        page: Page,
    ) -> Result<Paged<Ticket>> {
        let regions = lawha_core::help::reach::oversight_regions(grants);
        let schools = grants
            .iter()
            .filter(|g| g.role == Role::SchoolAdmin)
            .filter_map(|g| g.scope.school())
            .collect();
        self.list(Whose::Escalated { regions, schools }, filter, page)
            .await
    }

    /// The reports on `owner`'s capsules and exercise sets.
    pub async fn reports_for(
        &self,
        owner: Uuid,
        filter: QueueFilter,
        page: Page,
    ) -> Result<Paged<Ticket>> {
        self.list(Whose::Owner(owner), filter, page).await
    }

    /// Ticket `id` with its messages, for `viewer` holding `grants`: an agent within
    /// reach, an administrator it was escalated to, or the owner of the content it
    /// reports. [`StoreError::NotFound`] for anyone else.
    pub async fn ticket_for(
        &self,
        viewer: Uuid,
        grants: &[Grant],
        id: Uuid,
    ) -> Result<(Ticket, Vec<Message>)> {
        let sql = format!("SELECT {TICKET_COLUMNS} FROM help_tickets t WHERE t.id = $1");
        let ticket: Ticket = self.store.fetch_one(&sql, id).await?;
        if !may_see(viewer, grants, &ticket) {
            return Err(StoreError::NotFound);
        }
        let messages = self.messages(id).await?;
        Ok((ticket, messages))
    }

    /// What an agent may know of the ticket's filer: the account the ticket carries, or
    /// the one its pupil code names.
    pub async fn requester(&self, ticket: &Ticket) -> Result<Option<Requester>> {
        let user_id = match (ticket.requester_id, ticket.contact_kind.as_deref()) {
            (Some(id), _) => Some(id),
            (None, Some("pupil_code")) => {
                let code = ticket.contact.clone().unwrap_or_default();
                on_db!(self.store, pool => {
                    sqlx::query_scalar::<_, Uuid>("SELECT id FROM users WHERE pupil_code = $1")
                        .bind(code).fetch_optional(pool).await?
                })
            }
            _ => None,
        };
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        let user = self.store.accounts().user(user_id).await?;
        #[derive(sqlx::FromRow)]
        struct Placed {
            role: String,
            school_ar: Option<String>,
            school_fr: Option<String>,
            class_name: Option<String>,
        }
        let placed: Option<Placed> = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT g.role, s.name_ar AS school_ar, s.name_fr AS school_fr,
                        c.name AS class_name
                 FROM role_grants g
                 LEFT JOIN schools s ON s.id = g.school_id
                 LEFT JOIN classes c ON c.id = g.class_id
                 WHERE g.user_id = $1 ORDER BY g.created_at, g.id LIMIT 1",
            )
            .bind(user_id).fetch_optional(pool).await?
        });
        let last_sign_in: Option<DateTime<Utc>> = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT MAX(created_at) FROM sessions WHERE user_id = $1")
                .bind(user_id).fetch_one(pool).await?
        });
        let recent_failures = self.store.recovery().recent_failures(&user).await?;
        let placed = placed.map(|p| (Role::parse(&p.role), p.school_ar, p.school_fr, p.class_name));
        let (role, school_ar, school_fr, class_name) = placed.unwrap_or_default();
        Ok(Some(Requester {
            user_id: Some(user_id),
            display_name: user.display_name.clone(),
            role,
            school_ar,
            school_fr,
            class_name,
            last_sign_in,
            recent_failures,
            slowed: recent_failures > lawha_core::throttle::PAIR.free,
            is_pupil: user.pupil_code.is_some(),
            has_email: user.email.is_some(),
        }))
    }
}

/// Whether `viewer` holding `grants` may open `ticket` (see [`Help::ticket_for`]).
pub(crate) fn may_see(viewer: Uuid, grants: &[Grant], ticket: &Ticket) -> bool {
    let agent = AgentReach::of(grants).covers(ticket.place()) && ticket.content_owner.is_none();
    agent
        || admin_sees(grants, ticket.place(), ticket.escalation())
        || ticket.content_owner == Some(viewer)
}
