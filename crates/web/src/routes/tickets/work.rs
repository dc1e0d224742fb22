//! A support agent's work: the queue of their regions (`/help/queue`, by category and
//! state, paginated), a ticket's page (`/help/tickets/{id}`) and its actions. The page
//! shows the agent what helps and no more: the filer's role, school and class, last
//! sign-in, whether failed sign-ins slow them, their recent playback failures — never
//! answers or marks. From it, within
//! the agent's powers (the store's `recovery::helpers` rules, checked again in each write):
//! unlock, a pupil's one-time code, a reset link by mail; each logged in the audit log in
//! the transaction that gives it.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::help::{self, AgentAction, AgentReach, Category, Escalation, TicketState};
use lawha_core::id::random_token;
use lawha_store::help::{Message, PlaybackError, QueueFilter, Requester, Ticket};
use lawha_store::recovery::{Door, FromTicket};
use lawha_store::{Page, SessionInfo};
use serde::Deserialize;
use uuid::Uuid;

use super::{page_number, PAGE_SIZE};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::forms::Form;
use crate::mail::texts;
use crate::page::{render, PageCtx};
use crate::routes::admin::pagination::Pager;
use crate::session::Signed;
use crate::AppState;

/// A ticket's line in a listing.
pub struct Line {
    pub id: Uuid,
    pub subject: String,
    pub category: String,
    pub state: String,
    pub filed: String,
}

impl Line {
    pub fn of(page: &PageCtx, t: &Ticket) -> Line {
        Line {
            id: t.id,
            subject: t.subject.clone(),
            category: page.t(&format!("ticket-category-{}", t.category.as_str())),
            state: page.t(&format!("ticket-state-{}", t.state.as_str())),
            filed: page.date(&t.created_at),
        }
    }
}

#[derive(Template)]
#[template(path = "tickets/queue.html")]
struct QueuePage {
    page: PageCtx,
    title_key: &'static str,
    action: &'static str,
    lines: Vec<Line>,
    pager: Pager,
    categories: Vec<(&'static str, String)>,
    states: Vec<(&'static str, String)>,
    query: ListQuery,
}

/// A listing's filters and page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub category: String,
    pub state: String,
    pub page: String,
}

impl ListQuery {
    pub fn filter(&self) -> QueueFilter {
        QueueFilter {
            category: Category::parse(&self.category),
            state: TicketState::parse(&self.state),
        }
    }

    pub fn page(&self) -> Page {
        Page::new(page_number(&self.page), PAGE_SIZE)
    }
}

/// Renders a listing of tickets (the queue, the escalated ones, an author's reports).
pub fn listing(
    page: PageCtx,
    title_key: &'static str,
    action: &'static str,
    paged: &lawha_store::Paged<Ticket>,
    query: ListQuery,
) -> AppResult<Response> {
    let pager = Pager::new(
        page.locale,
        paged,
        action,
        &[("category", &query.category), ("state", &query.state)],
    );
    let lines = paged.items.iter().map(|t| Line::of(&page, t)).collect();
    let categories = Category::ALL
        .into_iter()
        .map(|c| {
            (
                c.as_str(),
                page.t(&format!("ticket-category-{}", c.as_str())),
            )
        })
        .collect();
    let states = TicketState::ALL
        .into_iter()
        .map(|s| (s.as_str(), page.t(&format!("ticket-state-{}", s.as_str()))))
        .collect();
    render(&QueuePage {
        page,
        title_key,
        action,
        lines,
        pager,
        categories,
        states,
        query,
    })
}

/// `GET /help/queue`: the tickets of the agent's regions, oldest first.
pub async fn queue(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let reach = AgentReach::of(&session.grants);
    if !reach.is_agent() {
        return Err(AppError::Forbidden);
    }
    let paged = state
        .store
        .help()
        .queue(&reach, query.filter(), query.page())
        .await?;
    listing(page, "ticket-queue-title", "/help/queue", &paged, query)
}

#[derive(Template)]
#[template(path = "tickets/ticket.html")]
struct TicketPage {
    page: PageCtx,
    ticket: Ticket,
    category: String,
    state: String,
    messages: Vec<Message>,
    /// What an agent within reach sees of the filer.
    requester: Option<Requester>,
    /// The filer's recent playback failures, for agents within reach.
    playback_errors: Vec<PlaybackLine>,
    /// The filer's role, translated ("" when unknown).
    role_label: String,
    /// An anonymous filer's contact (its kind, translated, and value), for agents.
    contact: Option<(String, String)>,
    may_take: bool,
    may_respond: bool,
    may_escalate: bool,
    /// The reply box's text (a canned reply chosen, or empty).
    draft: String,
    canned: Vec<(&'static str, String)>,
    /// A one-time code just issued, shown this once.
    code: Option<String>,
    notice_key: &'static str,
}

/// A playback failure of the filer, as the agent reads it.
pub struct PlaybackLine {
    pub capsule_id: Uuid,
    pub title: String,
    pub code: String,
    pub rendition: String,
    pub at: String,
}

impl PlaybackLine {
    fn of(page: &PageCtx, e: &PlaybackError) -> PlaybackLine {
        PlaybackLine {
            capsule_id: e.capsule_id,
            title: page.pick_or(&e.title_ar, &e.title_fr).to_string(),
            code: page.t(&format!("playback-error-{}", e.code.as_str())),
            rendition: page.t(&format!("playback-rendition-{}", e.rendition.as_str())),
            at: page.date(&e.at),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    canned: String,
    done: String,
}

async fn ticket_page(
    state: &AppState,
    session: &SessionInfo,
    page: PageCtx,
    id: Uuid,
    query: &ShowQuery,
    code: Option<String>,
) -> AppResult<Response> {
    let help = state.store.help();
    let (ticket, messages) = help
        .ticket_for(session.user.id, &session.grants, id)
        .await?;
    let agent =
        AgentReach::of(&session.grants).covers(ticket.place()) && ticket.content_owner.is_none();
    let requester = match agent {
        true => help.requester(&ticket).await?,
        false => None,
    };
    // Only the filer's own failures, and only once the reader is an agent within reach.
    let playback_errors = match requester.as_ref().and_then(|r| r.user_id) {
        Some(user) => help
            .recent_playback_errors(user)
            .await?
            .iter()
            .map(|e| PlaybackLine::of(&page, e))
            .collect(),
        None => Vec::new(),
    };
    let open = ticket.state.is_open();
    let canned: Vec<(&'static str, String)> = help::CANNED_REPLIES
        .iter()
        .map(|key| (*key, page.t(&format!("ticket-canned-{key}"))))
        .collect();
    let draft = canned
        .iter()
        .find(|(key, _)| *key == query.canned)
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    let notice_key = match query.done.as_str() {
        "take" => "ticket-done-take",
        "respond" => "ticket-done-respond",
        "escalate" => "ticket-done-escalate",
        "unlock" => "ticket-done-unlock",
        "reset-link" => "ticket-done-reset-link",
        _ => "",
    };
    let role_label = requester
        .as_ref()
        .and_then(|r| r.role)
        .map(|role| page.t(&format!("role-{}", role.as_str())))
        .unwrap_or_default();
    let contact = match (
        agent,
        ticket.contact_kind.as_deref(),
        ticket.contact.as_deref(),
    ) {
        (true, Some(kind), Some(value)) => {
            Some((page.t(&format!("ticket-contact-{kind}")), value.to_string()))
        }
        _ => None,
    };
    let response = render(&TicketPage {
        playback_errors,
        role_label,
        contact,
        category: page.t(&format!("ticket-category-{}", ticket.category.as_str())),
        state: page.t(&format!("ticket-state-{}", ticket.state.as_str())),
        may_take: agent && open && ticket.assignee_id != Some(session.user.id),
        may_respond: open,
        may_escalate: agent && open && ticket.escalation().is_none(),
        page,
        ticket,
        messages,
        requester,
        draft,
        canned,
        code,
        notice_key,
    })?;
    // A one-time code may be on the page: no cache may keep it.
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], response).into_response())
}

/// `GET /help/tickets/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    ticket_page(&state, &session, page, id, &query, None).await
}

fn back(id: Uuid, done: &str) -> Response {
    Redirect::to(&format!("/help/tickets/{id}?done={done}")).into_response()
}

/// `POST /help/tickets/{id}/take`.
pub async fn take(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    state
        .store
        .help()
        .take(session.user.id, &session.grants, id)
        .await?;
    Ok(back(id, "take"))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RespondFields {
    action: String,
    body: String,
}

/// `POST /help/tickets/{id}/respond`: a reply, a request for information or the
/// closing answer.
pub async fn respond(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path(id): Path<Uuid>,
    Form(fields): Form<RespondFields>,
) -> AppResult<Response> {
    let help = state.store.help();
    // Authorise first: a ticket out of reach is not found, whatever the form says.
    help.ticket_for(session.user.id, &session.grants, id)
        .await?;
    let action = match AgentAction::parse(&fields.action) {
        Some(a @ (AgentAction::Reply | AgentAction::AskInformation | AgentAction::Resolve)) => a,
        _ => return Err(AppError::BadRequest("action")),
    };
    let body = help::ticket::text(&fields.body).map_err(|e| AppError::Invalid {
        field: "body",
        code: e.code,
    })?;
    help.respond(session.user.id, &session.grants, id, action, &body)
        .await?;
    Ok(back(id, "respond"))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EscalateFields {
    to: String,
}

/// `POST /help/tickets/{id}/escalate`: to the filer's school admins or their AREF's.
pub async fn escalate(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path(id): Path<Uuid>,
    Form(fields): Form<EscalateFields>,
) -> AppResult<Response> {
    let help = state.store.help();
    help.ticket_for(session.user.id, &session.grants, id)
        .await?;
    let Some(to) = Escalation::parse(&fields.to) else {
        return Err(AppError::BadRequest("to"));
    };
    help.escalate(session.user.id, &session.grants, id, to)
        .await?;
    Ok(back(id, "escalate"))
}

/// The ticket and the filer's account, for an agent within reach; not found otherwise.
async fn agent_target(
    state: &AppState,
    session: &SessionInfo,
    id: Uuid,
) -> AppResult<(Ticket, Uuid)> {
    let help = state.store.help();
    let (ticket, _) = help
        .ticket_for(session.user.id, &session.grants, id)
        .await?;
    let agent =
        AgentReach::of(&session.grants).covers(ticket.place()) && ticket.content_owner.is_none();
    if !agent {
        return Err(AppError::NotFound);
    }
    // Help comes from a ticket being worked, not from one closed long ago.
    if !ticket.state.is_open() {
        return Err(AppError::Conflict("error-conflict"));
    }
    let target = help
        .requester(&ticket)
        .await?
        .and_then(|r| r.user_id)
        .ok_or(AppError::NotFound)?;
    Ok((ticket, target))
}

/// `POST /help/tickets/{id}/unlock`: lifts the filer's sign-in delays.
pub async fn unlock(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let (ticket, target) = agent_target(&state, &session, id).await?;
    // The help and its line in the audit log are written in one transaction.
    let door = Door::Ticket(FromTicket::of(&ticket));
    state
        .store
        .recovery()
        .unlock_through(door, session.user.id, &session.grants, target)
        .await?;
    tracing::info!(agent = %session.user.id, ticket = %id, "sign-in delays lifted from a ticket");
    Ok(back(id, "unlock"))
}

/// `POST /help/tickets/{id}/one-time-code`: a one-time code for the pupil, shown once.
pub async fn one_time_code(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let (ticket, target) = agent_target(&state, &session, id).await?;
    // The help and its line in the audit log are written in one transaction.
    let door = Door::Ticket(FromTicket::of(&ticket));
    let code = state
        .store
        .recovery()
        .issue_one_time_code_through(door, session.user.id, &session.grants, target)
        .await?;
    tracing::info!(agent = %session.user.id, ticket = %id, "one-time code issued from a ticket");
    ticket_page(
        &state,
        &session,
        page,
        id,
        &ShowQuery::default(),
        Some(code),
    )
    .await
}

/// `POST /help/tickets/{id}/reset-link`: sends the filer a reset link by mail.
pub async fn reset_link(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let (ticket, target) = agent_target(&state, &session, id).await?;
    // The help and its line in the audit log are written in one transaction.
    let door = Door::Ticket(FromTicket::of(&ticket));
    let recovery = state.store.recovery();
    // The same powers as unlocking: the agent's region holds the person.
    let helped = recovery
        .help_target_through(door, session.user.id, &session.grants, target)
        .await?;
    if !helped.powers.unlock {
        return Err(AppError::NotFound);
    }
    let Some(email) = helped.user.email.clone() else {
        return Err(AppError::Conflict("ticket-no-email"));
    };
    if !state.config.mail_enabled {
        return Err(AppError::Conflict("ticket-mail-off"));
    }
    let token = random_token();
    let link = format!(
        "{}/login/reset?token={token}",
        state.config.public_base_url.trim_end_matches('/')
    );
    let minutes = lawha_store::recovery::secrets::reset_link_lifetime().num_minutes();
    let locale = helped.user.locale.unwrap_or(page.locale);
    let mail = texts::reset_link(locale, &email, &helped.user.display_name, &link, minutes);
    recovery
        .issue_reset_link_from_ticket(
            FromTicket::of(&ticket),
            session.user.id,
            &session.grants,
            target,
            &token,
            &mail,
        )
        .await?;
    tracing::info!(agent = %session.user.id, ticket = %id, "reset link queued from a ticket");
    Ok(back(id, "reset-link"))
}
