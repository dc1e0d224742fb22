//! What agents do on a ticket: take it, reply, ask for information, resolve, escalate to
//! a school or AREF admin. Each write locks the ticket's row, checks the actor's right to
//! it in the same transaction, moves the state, and writes its line in the audit log.
//! An administrator it was escalated to, or the owner of the reported content, may reply
//! and resolve too; taking and escalating are agents' alone.

use lawha_core::help::{AgentAction, AgentReach, Escalation, TicketState};
use lawha_core::role::Grant;
use uuid::Uuid;

use super::queue::may_see;
use super::{Help, Ticket, TICKET_COLUMNS};
use crate::{Backend, BeginWrite, Result, StoreError};

impl Help<'_> {
    /// `actor` takes ticket `id` (it becomes theirs, and `taken`).
    pub async fn take(&self, actor: Uuid, grants: &[Grant], id: Uuid) -> Result<()> {
        self.act(actor, grants, id, AgentAction::Take, None, None)
            .await
    }

    /// A message from `actor` on ticket `id`: a reply, a request for information (the
    /// ticket waits for its filer) or the closing answer (resolved).
    pub async fn respond(
        &self,
        actor: Uuid,
        grants: &[Grant],
        id: Uuid,
        action: AgentAction,
        body: &str,
    ) -> Result<()> {
        if !matches!(
            action,
            AgentAction::Reply | AgentAction::AskInformation | AgentAction::Resolve
        ) {
            return Err(StoreError::NotFound);
        }
        self.act(actor, grants, id, action, Some(body), None).await
    }

    /// Hands ticket `id` to the filer's school admins or their AREF's.
    pub async fn escalate(
        &self,
        actor: Uuid,
        grants: &[Grant],
        id: Uuid,
        to: Escalation,
    ) -> Result<()> {
        self.act(actor, grants, id, AgentAction::Escalate, None, Some(to))
            .await
    }

    async fn act(
        &self,
        actor: Uuid,
        grants: &[Grant],
        id: Uuid,
        action: AgentAction,
        body: Option<&str>,
        to: Option<Escalation>,
    ) -> Result<()> {
        let at = self.store.now();
        let Some(state) = action.state_after() else {
            return Err(StoreError::NotFound);
        };
        // SQLite's write transaction already excludes other writers.
        let lock = match self.store.backend() {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let sql = format!("SELECT {TICKET_COLUMNS} FROM help_tickets t WHERE t.id = $1{lock}");
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let ticket: Option<Ticket> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut *tx).await?;
            let Some(ticket) = ticket else {
                return Err(StoreError::NotFound);
            };
            if !allowed(actor, grants, &ticket, action) {
                return Err(StoreError::NotFound);
            }
            if action == AgentAction::Escalate && to == Some(Escalation::School) && ticket.school_id.is_none() {
                return Err(StoreError::invalid("escalate_to", lawha_core::validate::FieldError::new("no-school")));
            }
            // A ticket with no region (a phone that names no one) has no AREF to take it.
            if action == AgentAction::Escalate && to == Some(Escalation::Region) && ticket.region_id.is_none() {
                return Err(StoreError::invalid("escalate_to", lawha_core::validate::FieldError::new("no-region")));
            }
            let from_agent_message = body.is_some();
            sqlx::query(
                "UPDATE help_tickets SET state = $2, updated_at = $3,
                   assignee_id = CASE WHEN $4 THEN $5 ELSE assignee_id END,
                   escalated_to = COALESCE($6, escalated_to),
                   first_response_at = CASE WHEN $7 AND first_response_at IS NULL THEN $3
                                            ELSE first_response_at END,
                   resolved_at = CASE WHEN $8 THEN $3 ELSE resolved_at END
                 WHERE id = $1",
            )
            .bind(id).bind(state.as_str()).bind(at)
            .bind(action == AgentAction::Take || ticket.assignee_id.is_none() && from_agent_message)
            .bind(actor)
            .bind(to.map(Escalation::as_str))
            .bind(from_agent_message)
            .bind(state == TicketState::Resolved)
            .execute(&mut *tx).await?;
            if let Some(body) = body {
                sqlx::query(
                    "INSERT INTO help_ticket_messages (id, ticket_id, author_id, from_agent, body, at)
                     VALUES ($1, $2, $3, TRUE, $4, $5)",
                )
                .bind(lawha_core::id::new_id()).bind(id).bind(actor).bind(body).bind(at)
                .execute(&mut *tx).await?;
            }
            sqlx::query(super::audit::INSERT)
                .bind(lawha_core::id::new_id()).bind(actor).bind(action.as_str()).bind(id)
                .bind(ticket.requester_id).bind(ticket.region_id).bind(at)
                .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }
}

/// Whether `actor` may do `action` on `ticket`: agents within reach do everything but
/// escalate an escalated ticket again; those it was escalated to and content owners reply
/// and resolve. A resolved ticket takes nothing more.
fn allowed(actor: Uuid, grants: &[Grant], ticket: &Ticket, action: AgentAction) -> bool {
    if ticket.state == TicketState::Resolved || !may_see(actor, grants, ticket) {
        return false;
    }
    let agent = AgentReach::of(grants).covers(ticket.place()) && ticket.content_owner.is_none();
    match action {
        AgentAction::Take => agent,
        AgentAction::Escalate => agent && ticket.escalation().is_none(),
        _ => true,
    }
}
