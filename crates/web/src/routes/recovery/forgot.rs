//! `GET/POST /login/forgot`: asks for a reset link by e-mail. The answer is the same page
//! whether an account exists or not; only a throttled request (per address typed and per
//! client address, counted for any address) is told to wait. Pupils, who have no e-mail,
//! are told who can help them.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use lawha_core::id::random_token;
use lawha_core::validate;
use serde::Deserialize;

use crate::error::AppResult;
use crate::forms::Form;
use crate::mail::texts;
use crate::page::PageCtx;
use crate::routes::signin::{with_pre_token, ClientParts};
use crate::AppState;

#[derive(Template)]
#[template(path = "recovery/forgot.html")]
struct ForgotPage {
    page: PageCtx,
    /// Whether mail is configured (else the page says to contact the school).
    mail_on: bool,
    email: String,
    /// Translation key of the message shown above the form ("" when none).
    notice_key: &'static str,
    error_key: &'static str,
}

/// `GET /login/forgot`.
pub async fn form(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
) -> AppResult<Response> {
    let (page, jar) = with_pre_token(page, jar, state.config.secure_cookies());
    let body = ForgotPage {
        page,
        mail_on: state.config.mail_enabled,
        email: String::new(),
        notice_key: "",
        error_key: "",
    }
    .render()?;
    Ok((jar, Html(body)).into_response())
}

/// The form's one field.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ForgotFields {
    email: String,
}

/// `POST /login/forgot`: counts the request, then, when an active account has this
/// e-mail, stores a reset token and queues its mail in one transaction. The same answer
/// follows either way.
pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    client: ClientParts,
    Form(form): Form<ForgotFields>,
) -> AppResult<Response> {
    let render = |page: PageCtx, status, email: String, notice_key, error_key| {
        let body = ForgotPage {
            page,
            mail_on: state.config.mail_enabled,
            email,
            notice_key,
            error_key,
        }
        .render()?;
        Ok::<_, crate::AppError>((status, Html(body)).into_response())
    };
    if !state.config.mail_enabled {
        return render(page, StatusCode::OK, String::new(), "", "");
    }
    let email = form.email.trim().to_lowercase();
    if !validate::is_email_login(&email) {
        return render(
            page,
            StatusCode::UNPROCESSABLE_ENTITY,
            form.email,
            "",
            "forgot-not-an-email",
        );
    }
    let recovery = state.store.recovery();
    if !recovery
        .admit_reset_request(&email, client.address())
        .await?
    {
        tracing::warn!("password reset request throttled");
        return render(
            page,
            StatusCode::TOO_MANY_REQUESTS,
            String::new(),
            "",
            "forgot-throttled",
        );
    }
    if let Some(user) = recovery.account_by_email(&email).await? {
        let token = random_token();
        let link = format!(
            "{}/login/reset?token={token}",
            state.config.public_base_url.trim_end_matches('/')
        );
        let locale = user.locale.unwrap_or(page.locale);
        let minutes = lawha_store::recovery::secrets::reset_link_lifetime().num_minutes();
        let mail = texts::reset_link(locale, &email, &user.display_name, &link, minutes);
        recovery.issue_reset_link(user.id, &token, &mail).await?;
        tracing::info!(user = %user.id, "password reset link queued");
    }
    render(page, StatusCode::OK, String::new(), "forgot-sent", "")
}
