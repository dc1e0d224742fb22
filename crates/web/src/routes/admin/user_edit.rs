//! One person, seen by an admin: their identity, roles, password reset and deactivation.
//!
//! An admin sees a person only if that person holds a role inside the admin's scopes (the
//! ministry sees everyone); others are not found, so existence does not leak. Admins see
//! their own page but change themselves through `/profile` only. Identity, password,
//! deactivation and new roles also need every role the person holds — pupil, parent,
//! teacher, producer, admin alike — to lie within the acting admin's scopes; otherwise the
//! person is also someone else's, and those forms answer 404. So a school admin cannot take
//! over a teacher of another school who is a parent in theirs, nor their regional admin.
//! The store checks the same rule again inside the transaction that writes.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use lawha_core::role::{can_grant, can_manage_account, Grant};
use lawha_core::{password, Locale};
use lawha_store::{StoredGrant, User, UserEdit};

use super::account_fields::{AccountFields, GrantFields, IdentityFields};
use super::grants::GrantChoices;
use super::pagination::ListQuery;
use super::shared::{back_with_notice, check_name, parse_active, parse_id, place, AdminPage};
use super::users::OneTimePage;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::forms::{ActiveField, FieldErrors, Form};
use crate::page::{render, PageCtx};
use crate::session::Admin;
use crate::AppState;

/// A person an admin may see, with their grants.
pub struct Target {
    pub user: User,
    pub grants: Vec<StoredGrant>,
}

/// The person at `id` if the admin may see them; others are not found.
pub async fn load_target(state: &AppState, admin: &Admin, id: &str) -> AppResult<Target> {
    let id = parse_id(id)?;
    let user = state.store.accounts().user(id).await?;
    let grants = state.store.accounts().grants(id).await?;
    let visible = admin.is_national() || grants.iter().any(|g| admin.covers(&g.scope));
    if !visible {
        return Err(AppError::NotFound);
    }
    Ok(Target { user, grants })
}

/// Refuses changes to one's own account through the admin screens.
pub fn require_other(admin: &Admin, target: &Target) -> AppResult<()> {
    if target.user.id == admin.session.user.id {
        Err(AppError::Forbidden)
    } else {
        Ok(())
    }
}

/// Whether the admin may change the person's identity, password, activation and roles:
/// every grant the person holds, whatever its role, lies within the admin's scopes.
fn can_manage(admin: &Admin, target: &Target) -> bool {
    target.user.id != admin.session.user.id
        && can_manage_account(admin.grants(), target.grants.iter().map(|g| g.scope))
}

/// Refuses changes to oneself (403) and to a person who is also someone else's: one
/// grant outside the admin's scopes and the person is not found for these forms (404),
/// like any other object outside them.
pub fn require_manage(admin: &Admin, target: &Target) -> AppResult<()> {
    require_other(admin, target)?;
    if can_manage(admin, target) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub struct GrantLine {
    pub id: uuid::Uuid,
    pub role_key: String,
    pub place: String,
    pub removable: bool,
}

#[derive(Template)]
#[template(path = "admin/user_edit.html")]
pub struct UserPage {
    page: PageCtx,
    user: User,
    is_self: bool,
    can_manage: bool,
    grants: Vec<GrantLine>,
    grant: GrantChoices,
    /// The identity form's values and the add-role form's values.
    form: AccountFields,
    errors: FieldErrors,
    notice_key: &'static str,
}

/// The identity form filled with the person's values.
pub fn identity_of(user: &User) -> IdentityFields {
    IdentityFields {
        display_name: user.display_name.clone(),
        email: user.email.clone().unwrap_or_default(),
        pupil_code: user.pupil_code.clone().unwrap_or_default(),
        locale: user
            .locale
            .map(Locale::code)
            .unwrap_or_default()
            .to_string(),
    }
}

impl UserPage {
    /// The page for `target`; `form` holds what was sent when a form is shown again
    /// (`None`: the person's identity and an empty role form).
    pub async fn build(
        state: &AppState,
        admin: &Admin,
        page: PageCtx,
        target: Target,
        form: Option<AccountFields>,
        errors: FieldErrors,
    ) -> AppResult<UserPage> {
        let mut lines = Vec::new();
        for g in &target.grants {
            let grant = Grant {
                role: g.role,
                scope: g.scope,
            };
            lines.push(GrantLine {
                id: g.id,
                role_key: format!("role-{}", g.role.as_str()),
                place: place(&state.store, page.locale, &g.scope).await?,
                removable: can_grant(admin.grants(), &grant),
            });
        }
        let form = form.unwrap_or_else(|| AccountFields {
            identity: identity_of(&target.user),
            grant: GrantFields::fresh(state.now()),
        });
        Ok(UserPage {
            is_self: target.user.id == admin.session.user.id,
            can_manage: can_manage(admin, &target),
            grant: GrantChoices::load(&state.store, admin, page.locale).await?,
            page,
            user: target.user,
            grants: lines,
            form,
            errors,
            notice_key: "",
        })
    }

    pub fn unprocessable(&self) -> AppResult<Response> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(self.render()?)).into_response())
    }
}

/// Identity fields checked, ready for the store.
pub fn read_identity(form: &IdentityFields, errors: &mut FieldErrors) -> UserEdit {
    let display_name = check_name(&form.display_name, "display_name", errors);
    fn filled(value: &str) -> Option<&str> {
        Some(value).filter(|v| !v.is_empty())
    }
    let email = filled(&form.email).and_then(|raw| {
        lawha_core::validate::email(raw)
            .map_err(|e| errors.add("email", e.code))
            .ok()
    });
    let pupil_code = filled(&form.pupil_code).and_then(|raw| {
        lawha_core::validate::pupil_code(raw)
            .map_err(|e| errors.add("pupil_code", e.code))
            .ok()
    });
    if form.email.is_empty() && form.pupil_code.is_empty() {
        errors.add("email", "email-or-code-required");
    }
    let locale = match form.locale.as_str() {
        "" => None,
        "ar" => Some(Locale::Ar),
        "fr" => Some(Locale::Fr),
        _ => {
            errors.add("locale", "invalid-locale");
            None
        }
    };
    UserEdit {
        display_name,
        email,
        pupil_code,
        locale,
    }
}

/// The notices after a change to a person: `done` code → message key.
const NOTICES: &[(&str, &str)] = &[
    ("saved", "saved"),
    ("granted", "grant-added"),
    ("revoked", "grant-removed"),
    ("deactivated", "users-deactivated"),
    ("reactivated", "users-reactivated"),
];

/// `GET /admin/users/{id}`.
pub async fn show(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let target = load_target(&state, &admin, &id).await?;
    let mut view =
        UserPage::build(&state, &admin, page, target, None, FieldErrors::default()).await?;
    view.notice_key = query.notice(NOTICES);
    render(&view)
}

/// `POST /admin/users/{id}`: saves name, sign-in identifiers and language.
pub async fn update(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
    Form(identity): Form<IdentityFields>,
) -> AppResult<Response> {
    let target = load_target(&state, &admin, &id).await?;
    require_manage(&admin, &target)?;
    let mut errors = FieldErrors::default();
    let edit = read_identity(&identity, &mut errors);
    if errors.is_empty() {
        let updated = state
            .store
            .accounts()
            .update_user_as_admin(admin.grants(), target.user.id, &edit)
            .await;
        if let Some(u) = errors.saved(updated, "email")? {
            return back_with_notice(&format!("/admin/users/{}", u.id), "saved");
        }
    }
    let form = AccountFields {
        identity,
        grant: GrantFields::fresh(state.now()),
    };
    UserPage::build(&state, &admin, page, target, Some(form), errors)
        .await?
        .unprocessable()
}

/// `POST /admin/users/{id}/active`: deactivates (`active=0`, which also ends the person's
/// sessions) or reactivates (`active=1`).
pub async fn set_active(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<ActiveField>,
) -> AppResult<Response> {
    let target = load_target(&state, &admin, &id).await?;
    require_manage(&admin, &target)?;
    let active = parse_active(&form.active)?;
    state
        .store
        .accounts()
        .set_user_active_as_admin(admin.grants(), target.user.id, active)
        .await?;
    tracing::info!(user = %target.user.id, active, "account activation changed");
    let done = if active { "reactivated" } else { "deactivated" };
    back_with_notice(&format!("/admin/users/{}", target.user.id), done)
}

/// `POST /admin/users/{id}/password`: replaces the password with a generated one, shown
/// once, which the person must change at next sign-in. Their sessions end.
pub async fn reset_password(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let target = load_target(&state, &admin, &id).await?;
    require_manage(&admin, &target)?;
    let one_time = password::generate();
    state
        .store
        .accounts()
        .reset_password_as_admin(admin.grants(), target.user.id, &one_time)
        .await?;
    tracing::info!(user = %target.user.id, "password reset by an admin");
    render(&OneTimePage {
        page,
        user: target.user,
        password: one_time,
        title_key: "one-time-reset-title",
    })
}
