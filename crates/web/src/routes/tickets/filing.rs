//! `GET|POST /help/ticket`: anyone asks for help. Signed in, the ticket carries the
//! account; anonymous, the filer leaves a pupil code or a phone number. A "report a
//! problem" link on a capsule or an exercise set opens the form with the item named
//! (`?capsule=` / `?set=`), and the report goes to the item's author. The answer shows
//! the ticket's secret reference and nothing of any account; a flood from one client
//! address (or one account) is refused with a message, other addresses unaffected.
//!
//! `GET|POST /help/ticket/{reference}`: the filer reads the replies and answers.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use lawha_core::help::{self, Category, Contact};
use lawha_core::validate;
use lawha_store::help::{ContentRef, Message, NewTicket, Ticket};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::forms::{FieldErrors, Form};
use crate::page::PageCtx;
use crate::routes::signin::{with_pre_token, ClientParts};
use crate::AppState;

#[derive(Template)]
#[template(path = "tickets/file.html")]
struct FilePage {
    page: PageCtx,
    categories: Vec<(&'static str, String)>,
    fields: TicketFields,
    errors: FieldErrors,
    /// Translation key of the error above the form ("" when none).
    error_key: &'static str,
}

impl FollowPage {
    fn new(page: PageCtx, reference: String, ticket: Ticket, messages: Vec<Message>) -> Self {
        FollowPage {
            category: page.t(&format!("ticket-category-{}", ticket.category.as_str())),
            state: page.t(&format!("ticket-state-{}", ticket.state.as_str())),
            page,
            reference,
            ticket,
            messages,
            just_filed: false,
            errors: FieldErrors::default(),
        }
    }
}

#[derive(Template)]
#[template(path = "tickets/follow.html")]
struct FollowPage {
    page: PageCtx,
    reference: String,
    ticket: Ticket,
    category: String,
    state: String,
    messages: Vec<Message>,
    /// Just filed: the reference is shown to be kept.
    just_filed: bool,
    errors: FieldErrors,
}

/// The form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TicketFields {
    category: String,
    contact: String,
    subject: String,
    description: String,
    /// The capsule or exercise set reported (from the "report a problem" link).
    capsule: String,
    set: String,
}

impl TicketFields {
    fn content(&self) -> Result<Option<ContentRef>, ()> {
        let id = |raw: &str| raw.parse::<Uuid>().map_err(|_| ());
        match (self.capsule.as_str(), self.set.as_str()) {
            ("", "") => Ok(None),
            (capsule, "") => Ok(Some(ContentRef::Capsule(id(capsule)?))),
            ("", set) => Ok(Some(ContentRef::ExerciseSet(id(set)?))),
            _ => Err(()),
        }
    }
}

fn categories(page: &PageCtx) -> Vec<(&'static str, String)> {
    Category::ALL
        .into_iter()
        .map(|c| {
            (
                c.as_str(),
                page.t(&format!("ticket-category-{}", c.as_str())),
            )
        })
        .collect()
}

fn render_form(
    page: PageCtx,
    fields: TicketFields,
    errors: FieldErrors,
    error_key: &'static str,
    status: StatusCode,
) -> AppResult<Response> {
    let body = FilePage {
        categories: categories(&page),
        page,
        fields,
        errors,
        error_key,
    }
    .render()?;
    Ok((status, Html(body)).into_response())
}

/// `GET /help/ticket`.
pub async fn form(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Query(mut fields): Query<TicketFields>,
) -> AppResult<Response> {
    let (page, jar) = with_pre_token(page, jar, state.config.secure_cookies());
    if fields.content().ok().flatten().is_some() {
        fields.category = Category::ContentError.as_str().into();
    }
    let response = render_form(page, fields, FieldErrors::default(), "", StatusCode::OK)?;
    Ok((jar, response).into_response())
}

/// `POST /help/ticket`: validates, files (throttled), shows the reference.
pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    client: ClientParts,
    Form(fields): Form<TicketFields>,
) -> AppResult<Response> {
    let requester = page.viewer.as_ref().map(|s| s.user.id);
    let mut errors = FieldErrors::default();
    let category = Category::parse(&fields.category);
    if category.is_none() {
        errors.add("category", "required");
    }
    let contact = match requester {
        Some(_) => None,
        None => match Contact::parse(&fields.contact) {
            Ok(contact) => Some(contact),
            Err(e) => {
                errors.add("contact", e.code);
                None
            }
        },
    };
    let subject = validate::name(&fields.subject)
        .map_err(|e| errors.add("subject", e.code))
        .unwrap_or_default();
    let description = help::ticket::text(&fields.description)
        .map_err(|e| errors.add("description", e.code))
        .unwrap_or_default();
    let Ok(content) = fields.content() else {
        return Err(crate::AppError::BadRequest("content"));
    };
    let (Some(category), true) = (category, errors.is_empty()) else {
        return render_form(page, fields, errors, "", StatusCode::UNPROCESSABLE_ENTITY);
    };
    let ticket = NewTicket {
        requester,
        contact,
        category,
        subject,
        description,
        content,
    };
    let Some(filed) = state.store.help().file(&ticket, client.address()).await? else {
        tracing::warn!("ticket filing throttled");
        return render_form(
            page,
            fields,
            errors,
            "ticket-throttled",
            StatusCode::TOO_MANY_REQUESTS,
        );
    };
    tracing::info!(ticket = %filed.id, "ticket filed");
    let (ticket, messages) = state.store.help().by_reference(&filed.reference).await?;
    let body = FollowPage {
        just_filed: true,
        ..FollowPage::new(page, filed.reference, ticket, messages)
    }
    .render()?;
    Ok((StatusCode::CREATED, Html(body)).into_response())
}

/// `GET /help/ticket/{reference}`: the ticket as its filer sees it.
pub async fn follow(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Path(reference): Path<String>,
) -> AppResult<Response> {
    let (page, jar) = with_pre_token(page, jar, state.config.secure_cookies());
    let (ticket, messages) = state.store.help().by_reference(&reference).await?;
    let body = FollowPage::new(page, reference, ticket, messages).render()?;
    Ok((jar, Html(body)).into_response())
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnswerFields {
    body: String,
}

/// `POST /help/ticket/{reference}`: the filer answers (a waiting ticket goes back to its
/// agent).
pub async fn answer(
    State(state): State<AppState>,
    page: PageCtx,
    Path(reference): Path<String>,
    Form(fields): Form<AnswerFields>,
) -> AppResult<Response> {
    let help = state.store.help();
    let body = match help::ticket::text(&fields.body) {
        Ok(body) => body,
        Err(e) => {
            let (ticket, messages) = help.by_reference(&reference).await?;
            let mut errors = FieldErrors::default();
            errors.add("body", e.code);
            let body = FollowPage {
                errors,
                ..FollowPage::new(page, reference, ticket, messages)
            }
            .render()?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
        }
    };
    help.filer_answer(&reference, &body).await?;
    Ok(Redirect::to(&format!(
        "/help/ticket/{}",
        crate::forms::url_encode(&reference)
    ))
    .into_response())
}
