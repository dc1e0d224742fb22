//! The person's own profile: who they are, their language, and changing their password.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use lawha_core::{password, Locale};
use lawha_store::{SessionInfo, StoreError};
use serde::Deserialize;

use crate::error::AppResult;
use crate::extract::Query;
use crate::forms::{FieldErrors, Form, RawForm};
use crate::page::{PageCtx, LANG_COOKIE};
use crate::session::{cookie, Signed};
use crate::AppState;

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    page: PageCtx,
    session: SessionInfo,
    errors: FieldErrors,
    /// Translation key of a confirmation shown at the top ("" when none).
    notice_key: &'static str,
}

#[derive(Deserialize)]
pub struct ProfileQuery {
    first: Option<String>,
    done: Option<String>,
}

/// `GET /profile`.
pub async fn show(
    Signed(session): Signed,
    page: PageCtx,
    Query(q): Query<ProfileQuery>,
) -> AppResult<Response> {
    let notice_key = match (
        q.first.is_some() || session.user.must_change_password,
        q.done.as_deref(),
    ) {
        (_, Some("password")) => "profile-password-changed",
        (_, Some("language")) => "profile-language-saved",
        (true, _) => "profile-must-change",
        _ => "",
    };
    let body = ProfilePage {
        page,
        session,
        errors: FieldErrors::default(),
        notice_key,
    }
    .render()?;
    Ok(Html(body).into_response())
}

/// The password form, exactly as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordFields {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

/// The language form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LanguageField {
    locale: String,
}

/// `POST /profile/password`: needs the current password; the new one twice.
pub async fn change_password(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    RawForm(form): RawForm<PasswordFields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let new = form.new_password.as_str();
    if !state
        .store
        .accounts()
        .check_password(session.user.id, &form.current_password)
        .await?
    {
        errors.add("current_password", "wrong-password");
    }
    if let Err(e) = password::check_policy(new) {
        errors.add("new_password", e.code);
    } else if new != form.confirm_password {
        errors.add("confirm_password", "password-mismatch");
    }
    if !errors.is_empty() {
        let body = ProfilePage {
            page,
            session,
            errors,
            notice_key: "",
        }
        .render()?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
    }
    match state
        .store
        .accounts()
        .set_password(session.user.id, new, false)
        .await
    {
        Ok(()) => {}
        Err(StoreError::Invalid { error, .. }) => {
            errors.add("new_password", error.code);
            let body = ProfilePage {
                page,
                session,
                errors,
                notice_key: "",
            }
            .render()?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response());
        }
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %session.user.id, "password changed");
    // Changing the password ended every session, this one included: sign in again.
    Ok(Redirect::to("/login").into_response())
}

/// `POST /profile/language`: stores the preferred language and applies it now.
pub async fn set_language(
    State(state): State<AppState>,
    Signed(session): Signed,
    jar: CookieJar,
    Form(form): Form<LanguageField>,
) -> AppResult<Response> {
    let Some(locale) = Locale::parse(&form.locale) else {
        return Ok(Redirect::to("/profile").into_response());
    };
    state
        .store
        .accounts()
        .set_user_locale(session.user.id, locale)
        .await?;
    let jar = jar.add(cookie(
        LANG_COOKIE,
        locale.code().to_string(),
        state.config.secure_cookies(),
        60 * 60 * 24 * 365,
    ));
    Ok((jar, Redirect::to("/profile?done=language")).into_response())
}
