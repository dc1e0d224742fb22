//! `GET/POST /login/reset?token=…`: the page a reset link opens. The token stays in the
//! query string and the form (the request log records paths only). A used, expired or
//! stale token (the password changed since) shows the same "no longer valid" page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use lawha_core::password;
use lawha_store::StoreError;
use serde::Deserialize;

use crate::error::AppResult;
use crate::extract::Query;
use crate::forms::{FieldErrors, RawForm};
use crate::page::PageCtx;
use crate::routes::signin::with_pre_token;
use crate::AppState;

#[derive(Template)]
#[template(path = "recovery/reset.html")]
struct ResetPage {
    page: PageCtx,
    token: String,
    /// False: the link is not (or no longer) valid; no form is shown.
    valid: bool,
    errors: FieldErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

/// `GET /login/reset?token=…`.
pub async fn form(
    State(state): State<AppState>,
    page: PageCtx,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let (page, jar) = with_pre_token(page, jar, state.config.secure_cookies());
    let valid = !q.token.is_empty() && state.store.recovery().reset_link_valid(&q.token).await?;
    // 410: the link existed in some form and is gone; forged ones read the same.
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    let body = ResetPage {
        page,
        token: if valid { q.token } else { String::new() },
        valid,
        errors: FieldErrors::default(),
    }
    .render()?;
    Ok((status, jar, Html(body)).into_response())
}

/// The new password, twice, with the token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetFields {
    token: String,
    new_password: String,
    confirm_password: String,
}

/// `POST /login/reset`: sets the new password (the policy as everywhere), uses the token
/// up, ends every session of the account; then to sign-in.
pub async fn submit(
    State(state): State<AppState>,
    page: PageCtx,
    RawForm(form): RawForm<ResetFields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    if let Err(e) = password::check_policy(&form.new_password) {
        errors.add("new_password", e.code);
    } else if form.new_password != form.confirm_password {
        errors.add("confirm_password", "password-mismatch");
    }
    let render = |page, token, valid, errors, status| {
        let body = ResetPage {
            page,
            token,
            valid,
            errors,
        }
        .render()?;
        Ok::<_, crate::AppError>((status, Html(body)).into_response())
    };
    if !errors.is_empty() {
        return render(
            page,
            form.token,
            true,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match state
        .store
        .recovery()
        .reset_with_link(&form.token, &form.new_password)
        .await
    {
        Ok(user) => {
            tracing::info!(user = %user, "password reset with a link");
            Ok(Redirect::to("/login?reset=1").into_response())
        }
        Err(StoreError::NotFound) => render(
            page,
            String::new(),
            false,
            FieldErrors::default(),
            StatusCode::GONE,
        ),
        Err(StoreError::Invalid { error, .. }) => {
            errors.add("new_password", error.code);
            render(
                page,
                form.token,
                true,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e.into()),
    }
}
