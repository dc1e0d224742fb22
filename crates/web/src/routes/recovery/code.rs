//! `GET/POST /login/code`: a pupil signs in with a one-time code from a helper (teacher,
//! parent, school) and chooses a new password in the same form, so the code never becomes
//! a password. Attempts go through the sign-in throttle under the pupil's code: guessing
//! codes is slowed as guessing passwords is, and a helper's "unlock" lifts it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::Duration;
use lawha_core::password;
use lawha_store::StoreError;
use serde::Deserialize;

use crate::error::AppResult;
use crate::forms::{FieldErrors, RawForm};
use crate::page::PageCtx;
use crate::routes::signin::{with_pre_token, ClientParts};
use crate::session::{cookie, SESSION_COOKIE};
use crate::throttle::{Attempt, DEVICE_COOKIE, DEVICE_COOKIE_SECS};
use crate::AppState;

#[derive(Template)]
#[template(path = "recovery/code.html")]
struct CodePage {
    page: PageCtx,
    pupil_code: String,
    errors: FieldErrors,
    /// Translation key of the error above the form ("" when none).
    error_key: &'static str,
}

/// `GET /login/code`.
pub async fn form(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
) -> AppResult<Response> {
    let (page, jar) = with_pre_token(page, jar, state.config.secure_cookies());
    let body = CodePage {
        page,
        pupil_code: String::new(),
        errors: FieldErrors::default(),
        error_key: "",
    }
    .render()?;
    Ok((jar, Html(body)).into_response())
}

/// The form: who, the code, the new password twice.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeFields {
    pupil_code: String,
    one_time_code: String,
    new_password: String,
    confirm_password: String,
}

/// `POST /login/code`: checks the new password, then (throttled like a sign-in) redeems
/// the code, which sets the password and ends the pupil's other sessions; signs in.
pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    client: ClientParts,
    RawForm(form): RawForm<CodeFields>,
) -> AppResult<Response> {
    let pupil_code = form.pupil_code.trim().to_ascii_uppercase();
    let mut errors = FieldErrors::default();
    if pupil_code.is_empty() {
        errors.add("pupil_code", "required");
    }
    if form.one_time_code.trim().is_empty() {
        errors.add("one_time_code", "required");
    }
    if let Err(e) = password::check_policy(&form.new_password) {
        errors.add("new_password", e.code);
    } else if form.new_password != form.confirm_password {
        errors.add("confirm_password", "password-mismatch");
    }
    let render = |page, pupil_code, errors, error_key, status| {
        let body = CodePage {
            page,
            pupil_code,
            errors,
            error_key,
        }
        .render()?;
        Ok::<_, crate::AppError>((status, Html(body)).into_response())
    };
    if !errors.is_empty() {
        return render(
            page,
            pupil_code,
            errors,
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    let attempt = match Attempt::begin(
        &state.store,
        &pupil_code,
        client.address(),
        device.as_deref(),
    )
    .await?
    {
        Ok(attempt) => attempt,
        Err(_) => {
            tracing::warn!("one-time code delayed after failures");
            return render(
                page,
                pupil_code,
                errors,
                "login-throttled",
                StatusCode::TOO_MANY_REQUESTS,
            );
        }
    };
    let user = match state
        .store
        .recovery()
        .reset_with_code(&pupil_code, &form.one_time_code, &form.new_password)
        .await
    {
        Ok(user) => user,
        // A wrong code stays recorded as a failed attempt.
        Err(StoreError::NotFound) => {
            tracing::info!("one-time code refused");
            return render(
                page,
                pupil_code,
                errors,
                "code-refused",
                StatusCode::UNAUTHORIZED,
            );
        }
        Err(e) => return Err(e.into()),
    };
    let device = attempt
        .succeeded(&state.store, &pupil_code, device.as_deref())
        .await?;
    let lifetime = Duration::hours(state.config.session_hours);
    let token = state
        .store
        .accounts()
        .create_session(user, lifetime)
        .await?;
    tracing::info!(user = %user, "signed in with a one-time code");
    let secure = state.config.secure_cookies();
    let jar = jar
        .add(cookie(
            SESSION_COOKIE,
            token,
            secure,
            lifetime.num_seconds(),
        ))
        .add(cookie(DEVICE_COOKIE, device, secure, DEVICE_COOKIE_SECS));
    Ok((jar, Redirect::to("/")).into_response())
}
