//! Help (issue 18): the help centre's short articles in Arabic and French, by topic, written
//! by staff ([`articles`]; the search index follows them like it follows capsules,
//! `Help::article_changes`; the web layer renders their bodies, escaped, and decides who may
//! write them); and the hotline: tickets filed by anyone ([`filing`]), the queues and ticket
//! pages agents and administrators read ([`queue`]), what agents do on a ticket
//! ([`actions`]), the audit log of those actions ([`audit`]), the service levels
//! ([`levels`]) and the player's reports of failed playback that agents see ([`playback`]).
//!
//! Tables: `help_articles` (migration 0021); `help_tickets`, `help_ticket_messages`,
//! `agent_audit_log` (migration 0019); `playback_errors` (migration 0023). Who sees which ticket is `lawha_core::help::reach`;
//! every read and write here takes the reader's reach and checks it against the ticket's
//! region inside the same query or transaction, so a ticket outside it reads as not found.

pub mod actions;
pub mod articles;
pub mod audit;
pub mod filing;
pub mod levels;
pub mod playback;
pub mod queue;

use chrono::{DateTime, Utc};
use lawha_core::help::{Category, Escalation, TicketPlace, TicketState};
use uuid::Uuid;

use crate::rows::{StoredAsName, StoredName};
use crate::Store;

pub use articles::{Article, ArticleFields, HelpTopic};
pub use audit::AuditEntry;
pub use filing::{ContentRef, NewTicket};
pub use levels::{Backlog, ServiceLevels};
pub use playback::PlaybackError;
pub use queue::{QueueFilter, Requester};

/// The help centre's articles, and the hotline's tickets, queues, agents' actions and audit
/// log: `store.help()`.
#[derive(Clone, Copy)]
pub struct Help<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Help`].
    pub fn help(&self) -> Help<'_> {
        Help { store: self }
    }
}

/// A ticket as agents, administrators and its filer read it. The filer's page shows only
/// its own text and the replies, never the contact or any account detail.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Ticket {
    pub id: Uuid,
    pub requester_id: Option<Uuid>,
    pub contact_kind: Option<String>,
    pub contact: Option<String>,
    pub region_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
    #[sqlx(try_from = "StoredName<Category>")]
    pub category: Category,
    pub subject: String,
    pub description: String,
    #[sqlx(try_from = "StoredName<TicketState>")]
    pub state: TicketState,
    pub assignee_id: Option<Uuid>,
    pub escalated_to: Option<String>,
    pub content_kind: Option<String>,
    pub content_id: Option<Uuid>,
    pub content_owner: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl Ticket {
    /// Where the ticket belongs, for the reach rules.
    pub fn place(&self) -> TicketPlace {
        TicketPlace {
            region: self.region_id,
            school: self.school_id,
        }
    }

    /// Whom it was escalated to, if it was.
    pub fn escalation(&self) -> Option<Escalation> {
        self.escalated_to.as_deref().and_then(Escalation::parse)
    }
}

/// The columns of [`Ticket`], for `SELECT`s.
pub(crate) const TICKET_COLUMNS: &str = "t.id, t.requester_id, t.contact_kind, t.contact, \
     t.region_id, t.school_id, t.category, t.subject, t.description, t.state, t.assignee_id, \
     t.escalated_to, t.content_kind, t.content_id, t.content_owner, t.created_at, \
     t.first_response_at, t.resolved_at, t.updated_at";

/// A message on a ticket.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Message {
    pub author_id: Option<Uuid>,
    pub from_agent: bool,
    pub body: String,
    pub at: DateTime<Utc>,
}

impl StoredAsName for Category {
    const WHAT: &'static str = "ticket category";
    fn from_name(name: &str) -> Option<Category> {
        Category::parse(name)
    }
}

impl From<StoredName<Category>> for Category {
    fn from(name: StoredName<Category>) -> Category {
        name.0
    }
}

impl StoredAsName for TicketState {
    const WHAT: &'static str = "ticket state";
    fn from_name(name: &str) -> Option<TicketState> {
        TicketState::parse(name)
    }
}

impl From<StoredName<TicketState>> for TicketState {
    fn from(name: StoredName<TicketState>) -> TicketState {
        name.0
    }
}
