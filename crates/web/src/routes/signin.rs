//! Signing in and out, and switching the interface language.

use askama::Template;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::Duration;
use lawha_core::id::random_token;
use lawha_core::Locale;
use serde::Deserialize;

use crate::client_address::client_address;
use crate::error::{AppError, AppResult, BUSY_RETRY_AFTER_SECS};
use crate::extract::{Path, Query};
use crate::forms::RawForm;
use crate::page::{PageCtx, LANG_COOKIE};
use crate::redirect::safe_redirect_target;
use crate::session::{cookie, MaybeSigned, Signed, PRE_SESSION_COOKIE, SESSION_COOKIE};
use crate::throttle::{Attempt, DEVICE_COOKIE};
use crate::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    identifier: String,
    next: String,
    /// Translation key of the error shown above the form ("" when none).
    error_key: &'static str,
    /// Whether the visitor just signed out (a confirmation is shown).
    signed_out: bool,
    /// Whether the visitor just set a new password with a reset link.
    reset_done: bool,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
    signed_out: Option<String>,
    reset: Option<String>,
}

/// Ensures the anonymous visitor has a pre-session token for the form's CSRF field.
pub(crate) fn with_pre_token(
    mut page: PageCtx,
    jar: CookieJar,
    secure: bool,
) -> (PageCtx, CookieJar) {
    if page.csrf.is_empty() {
        page.csrf = random_token();
        let jar = jar.add(cookie(
            PRE_SESSION_COOKIE,
            page.csrf.clone(),
            secure,
            60 * 60 * 24,
        ));
        return (page, jar);
    }
    (page, jar)
}

/// `GET /login`: the sign-in form (signed-in people go home).
pub async fn form(
    State(state): State<AppState>,
    MaybeSigned(viewer): MaybeSigned,
    page: PageCtx,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if viewer.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let (page, jar) = with_pre_token(page, jar, state.config.secure_cookies());
    let body = LoginPage {
        page,
        identifier: String::new(),
        next: safe_redirect_target(
            q.next.as_deref().unwrap_or("/"),
            &state.config.public_base_url,
        ),
        error_key: "",
        signed_out: q.signed_out.is_some(),
        reset_done: q.reset.is_some(),
    }
    .render()?;
    Ok((jar, axum::response::Html(body)).into_response())
}

/// The sign-in form, as typed (the password is never trimmed).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInFields {
    identifier: String,
    password: String,
    /// Where to go once signed in.
    next: String,
}

/// `POST /login`: checks throttling, then the credentials; opens a session and marks the
/// browser as known to the account.
pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    parts: ClientParts,
    RawForm(form): RawForm<SignInFields>,
) -> AppResult<Response> {
    let identifier = form.identifier.trim().to_string();
    let password = form.password;
    // Checked as sent: trimming first would be a normalisation the check did not see.
    let next = safe_redirect_target(&form.next, &state.config.public_base_url);
    let refuse =
        |page: PageCtx, status: StatusCode, error_key: &'static str, identifier: String| {
            let body = LoginPage {
                page,
                identifier,
                next: next.clone(),
                error_key,
                signed_out: false,
                reset_done: false,
            }
            .render()?;
            Ok::<_, AppError>((status, axum::response::Html(body)).into_response())
        };
    if identifier.is_empty() || password.is_empty() {
        return refuse(
            page,
            StatusCode::UNPROCESSABLE_ENTITY,
            "login-missing",
            identifier,
        );
    }
    // A place to check the password is taken first: when too many are being checked, the
    // attempt is refused at once, leaving no trace for the throttle to count.
    let Ok(admission) = state.store.password_hashing().admit() else {
        tracing::warn!("sign-in refused: too many passwords being checked");
        let mut response = refuse(
            page,
            StatusCode::SERVICE_UNAVAILABLE,
            "login-busy",
            identifier,
        )?;
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(BUSY_RETRY_AFTER_SECS),
        );
        return Ok(response);
    };
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    let attempt =
        match Attempt::begin(&state.store, &identifier, &parts.0, device.as_deref()).await? {
            Ok(attempt) => attempt,
            Err(wait) => {
                tracing::warn!(
                    wait_s = wait.num_seconds(),
                    "sign-in delayed after failures"
                );
                let mut response = refuse(
                    page,
                    StatusCode::TOO_MANY_REQUESTS,
                    "login-throttled",
                    identifier,
                )?;
                // Whole seconds, rounded up: a client that honours it is never early.
                let secs = (wait.num_milliseconds() + 999) / 1000;
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
                return Ok(response);
            }
        };
    // A wrong password leaves the recorded attempt as a failure.
    let Some(user) = state
        .store
        .accounts()
        .verify_credentials_admitted(admission, &identifier, &password)
        .await?
    else {
        tracing::info!("sign-in failed");
        return refuse(page, StatusCode::UNAUTHORIZED, "login-failed", identifier);
    };
    let device = attempt
        .succeeded(&state.store, &identifier, device.as_deref())
        .await?;
    let lifetime = Duration::hours(state.config.session_hours);
    let token = state
        .store
        .accounts()
        .create_session(user.id, lifetime)
        .await?;
    tracing::info!(user = %user.id, "signed in");
    let jar = jar
        .add(cookie(
            SESSION_COOKIE,
            token,
            state.config.secure_cookies(),
            lifetime.num_seconds(),
        ))
        .add(cookie(
            DEVICE_COOKIE,
            device,
            state.config.secure_cookies(),
            crate::throttle::DEVICE_COOKIE_SECS,
        ));
    let target = if user.must_change_password {
        "/profile?first=1".to_string()
    } else {
        next
    };
    Ok((jar, Redirect::to(&target)).into_response())
}

/// `POST /logout`: ends the session.
pub async fn logout(
    State(state): State<AppState>,
    Signed(_): Signed,
    jar: CookieJar,
) -> AppResult<Response> {
    if let Some(c) = jar.get(SESSION_COOKIE) {
        state.store.accounts().delete_session(c.value()).await?;
        state.sessions.forget_token(c.value());
    }
    let jar = jar.remove(axum_extra::extract::cookie::Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/login?signed_out=1")).into_response())
}

/// `GET /lang/{code}?next=`: remembers the chosen language in a cookie and goes back.
/// Only a display preference changes, so a plain link (no form, no JavaScript) is fine.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
    jar: CookieJar,
) -> AppResult<Response> {
    let locale = Locale::parse(&code).ok_or(AppError::NotFound)?;
    let jar = jar.add(cookie(
        LANG_COOKIE,
        locale.code().to_string(),
        state.config.secure_cookies(),
        60 * 60 * 24 * 365,
    ));
    let next = safe_redirect_target(
        q.next.as_deref().unwrap_or("/"),
        &state.config.public_base_url,
    );
    Ok((jar, Redirect::to(&next)).into_response())
}

/// The client address of the request (for throttling).
pub struct ClientParts(String);

impl ClientParts {
    /// The address, as the throttles count it.
    pub fn address(&self) -> &str {
        &self.0
    }
}

impl axum::extract::FromRequestParts<AppState> for ClientParts {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientParts(client_address(
            parts,
            state.config.trusted_proxies,
        )))
    }
}
