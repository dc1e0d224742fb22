//! Filing a ticket, and the filer's way back to it. Anyone may file: a signed-in filer's
//! ticket carries their account; an anonymous one leaves a pupil code or a phone number.
//! Filing is throttled per account, or per client address for anonymous filers (hashed),
//! counted inside the transaction that inserts, so parallel floods cannot slip past.
//! The filer follows the ticket with a secret reference, stored hashed. A report on a
//! capsule or an exercise set is accepted only when the filer may see the item.

use chrono::Duration;
use lawha_core::capsule::{CapsuleAudience, CapsuleStatus};
use lawha_core::help::{Category, Contact, TicketState};
use lawha_core::role::Grant;
use lawha_core::Role;
use uuid::Uuid;

use super::{Help, Message, Ticket, TICKET_COLUMNS};
use crate::accounts::roles::scope_of;
use crate::recovery::hashed;
use crate::{Backend, BeginWrite, Result, StoreError};

/// Tickets one client address may file anonymously within [`window`].
pub const PER_CLIENT: i64 = 5;
/// Tickets one account may file within [`window`].
pub const PER_ACCOUNT: i64 = 10;

/// How far back filed tickets count against the limits.
pub fn window() -> Duration {
    Duration::hours(1)
}

/// A reported capsule's maker, status, school and that school's region.
type ReportedCapsule = (Option<Uuid>, String, Option<Uuid>, Option<Uuid>);
/// A grant's role, region, school and class, as stored.
type GrantColumns = (String, Option<Uuid>, Option<Uuid>, Option<Uuid>);

/// The capsule or exercise set a "report a problem" ticket is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentRef {
    Capsule(Uuid),
    ExerciseSet(Uuid),
}

impl ContentRef {
    fn kind(self) -> &'static str {
        match self {
            ContentRef::Capsule(_) => "capsule",
            ContentRef::ExerciseSet(_) => "exercise_set",
        }
    }

    fn id(self) -> Uuid {
        match self {
            ContentRef::Capsule(id) | ContentRef::ExerciseSet(id) => id,
        }
    }
}

/// What a filer submits (validated by the caller with `lawha_core::help`).
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// The signed-in filer.
    pub requester: Option<Uuid>,
    /// An anonymous filer's pupil code or phone (ignored when `requester` is set).
    pub contact: Option<Contact>,
    pub category: Category,
    pub subject: String,
    pub description: String,
    pub content: Option<ContentRef>,
}

/// A filed ticket: its id and the secret reference its filer follows it with.
#[derive(Debug, Clone)]
pub struct Filed {
    pub id: Uuid,
    pub reference: String,
}

/// The stored hash of a ticket's reference.
fn reference_hash(reference: &str) -> String {
    hashed("ticket", reference.trim())
}

impl Help<'_> {
    /// Files `ticket` from `client` (the client address); `None` when the account or the
    /// address filed too many within [`window`] (nothing is stored then).
    /// [`StoreError::NotFound`] when the content reported does not exist or is not one the
    /// filer may see (checked in the inserting transaction).
    pub async fn file(&self, ticket: &NewTicket, client: &str) -> Result<Option<Filed>> {
        let at = self.store.now();
        let id = lawha_core::id::new_id();
        let reference = lawha_core::id::random_token();
        let client_key = hashed("ticket-ip", client);
        let contact = ticket
            .contact
            .as_ref()
            .filter(|_| ticket.requester.is_none());
        let postgres = self.store.backend() == Backend::Postgres;
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let (count_sql, lock_key, limit) = match ticket.requester {
                Some(user) => (
                    "SELECT COUNT(*) FROM help_tickets WHERE requester_id = $1 AND created_at > $2",
                    user.to_string(),
                    PER_ACCOUNT,
                ),
                None => (
                    "SELECT COUNT(*) FROM help_tickets
                     WHERE client_key = $1 AND requester_id IS NULL AND created_at > $2",
                    client_key.clone(),
                    PER_CLIENT,
                ),
            };
            if postgres {
                // Parallel filings from one account or address take turns (SQLite's write
                // transaction already excludes other writers).
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(&lock_key).execute(&mut *tx).await?;
            }
            let mut count = sqlx::query_scalar::<_, i64>(count_sql);
            count = match ticket.requester {
                Some(user) => count.bind(user),
                None => count.bind(client_key.clone()),
            };
            if count.bind(at - window()).fetch_one(&mut *tx).await? >= limit {
                return Ok(None);
            }
            // Where the ticket goes: the filer's (or the pupil code's) first placed grant.
            let place: Option<(Option<Uuid>, Option<Uuid>)> = match (ticket.requester, contact) {
                (Some(user), _) => sqlx::query_as(
                    "SELECT region_id, school_id FROM role_grants
                     WHERE user_id = $1 AND region_id IS NOT NULL
                     ORDER BY created_at, id LIMIT 1",
                ).bind(user).fetch_optional(&mut *tx).await?,
                (None, Some(Contact::PupilCode(code))) => sqlx::query_as(
                    "SELECT g.region_id, g.school_id FROM role_grants g
                     JOIN users u ON u.id = g.user_id
                     WHERE u.pupil_code = $1 AND g.region_id IS NOT NULL
                     ORDER BY g.created_at, g.id LIMIT 1",
                ).bind(code).fetch_optional(&mut *tx).await?,
                _ => None,
            };
            let (region, school) = place.unwrap_or_default();
            // The item reported must be one the filer may see, read in this transaction:
            // a draft capsule, one restricted to another school, or (for a visitor) an
            // exercise set is as absent as an item that does not exist.
            let owner: Option<Uuid> = match ticket.content {
                Some(ContentRef::Capsule(capsule)) => {
                    let row: Option<ReportedCapsule> = sqlx::query_as(
                        "SELECT c.created_by, c.status, c.school_id, s.region_id
                         FROM capsules c LEFT JOIN schools s ON s.id = c.school_id
                         WHERE c.id = $1",
                    ).bind(capsule).fetch_optional(&mut *tx).await?;
                    let Some((owner, status, school, region)) = row else {
                        return Err(StoreError::NotFound);
                    };
                    let grants: Vec<GrantColumns> = match ticket.requester {
                        Some(user) => sqlx::query_as(
                            "SELECT role, region_id, school_id, class_id FROM role_grants
                             WHERE user_id = $1",
                        ).bind(user).fetch_all(&mut *tx).await?,
                        None => Vec::new(),
                    };
                    let grants: Vec<Grant> = grants
                        .into_iter()
                        .filter_map(|(role, region, school, class)| {
                            Some(Grant { role: Role::parse(&role)?, scope: scope_of(region, school, class) })
                        })
                        .collect();
                    let audience = CapsuleStatus::parse(&status).map(|status| CapsuleAudience {
                        status,
                        school: school.zip(region),
                    });
                    if !audience.is_some_and(|a| a.visible_to(&grants)) {
                        return Err(StoreError::NotFound);
                    }
                    owner
                }
                Some(ContentRef::ExerciseSet(set)) => {
                    // Sets have no drafts; their pages are for people signed in.
                    if ticket.requester.is_none() {
                        return Err(StoreError::NotFound);
                    }
                    let owner: Option<Option<Uuid>> =
                        sqlx::query_scalar("SELECT created_by FROM exercise_sets WHERE id = $1")
                            .bind(set).fetch_optional(&mut *tx).await?;
                    owner.ok_or(StoreError::NotFound)?
                }
                None => None,
            };
            sqlx::query(
                "INSERT INTO help_tickets
                   (id, reference_hash, requester_id, contact_kind, contact, region_id, school_id,
                    category, subject, description, state, content_kind, content_id,
                    content_owner, client_key, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
            )
            .bind(id).bind(reference_hash(&reference)).bind(ticket.requester)
            .bind(contact.map(Contact::kind)).bind(contact.map(|c| c.value().to_string()))
            .bind(region).bind(school).bind(ticket.category.as_str())
            .bind(&ticket.subject).bind(&ticket.description).bind(TicketState::Open.as_str())
            .bind(ticket.content.map(ContentRef::kind)).bind(ticket.content.map(ContentRef::id))
            .bind(owner).bind(&client_key).bind(at)
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(Some(Filed { id, reference }))
    }

    /// The ticket its filer follows with `reference`, with its messages.
    pub async fn by_reference(&self, reference: &str) -> Result<(Ticket, Vec<Message>)> {
        let sql =
            format!("SELECT {TICKET_COLUMNS} FROM help_tickets t WHERE t.reference_hash = $1");
        let ticket: Ticket = self
            .store
            .fetch_one(&sql, reference_hash(reference))
            .await?;
        let messages = self.messages(ticket.id).await?;
        Ok((ticket, messages))
    }

    /// The filer answers on their ticket (what an agent asked for): the message is added
    /// and a waiting ticket goes back to its agent. A resolved ticket takes no more.
    pub async fn filer_answer(&self, reference: &str, body: &str) -> Result<()> {
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let row: Option<(Uuid, Option<Uuid>, String)> = sqlx::query_as(
                "UPDATE help_tickets
                 SET state = CASE WHEN state = 'waiting' THEN 'taken' ELSE state END,
                     updated_at = $2
                 WHERE reference_hash = $1 AND state <> 'resolved'
                 RETURNING id, requester_id, state",
            )
            .bind(reference_hash(reference)).bind(at).fetch_optional(&mut *tx).await?;
            let Some((id, requester, _)) = row else {
                return Err(StoreError::NotFound);
            };
            sqlx::query(
                "INSERT INTO help_ticket_messages (id, ticket_id, author_id, from_agent, body, at)
                 VALUES ($1, $2, $3, FALSE, $4, $5)",
            )
            .bind(lawha_core::id::new_id()).bind(id).bind(requester).bind(body).bind(at)
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// A ticket's messages, oldest first.
    pub async fn messages(&self, ticket: Uuid) -> Result<Vec<Message>> {
        self.store
            .fetch_all(
                "SELECT author_id, from_agent, body, at FROM help_ticket_messages
                 WHERE ticket_id = $1 ORDER BY at, id",
                ticket,
            )
            .await
    }
}
