//! Roles given to people: which roles an admin may hand out, reading the role-and-scope
//! fields of a form, and adding or removing one grant of a person.
//!
//! An admin grants only inside their own scopes (`can_grant`): a school admin hands out
//! class and school roles of their school, a regional admin also regional ones, and only the
//! ministry national ones. A school or class outside the admin's scope reads as unknown.
//! A role is added only to a person the admin manages whole (every grant they hold lies in
//! the admin's scopes), so it cannot bring someone of another school under the admin's
//! hand. Removing one needs only that role to lie in the admin's scopes: it narrows what
//! the person may do there and nowhere else, and lets a school let go of a teacher who
//! also works elsewhere.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::role::{can_grant, Grant, ScopeKind};
use lawha_core::{validate, Locale, Role, Scope};
use lawha_store::Store;

use super::account_fields::{AccountFields, GrantFields};
use super::shared::{
    back_with_notice, parse_id, regions_in_scope, school_in_scope, AdminPage, RegionOption,
    SchoolChoice,
};
use super::user_edit::{identity_of, load_target, require_manage, require_other, UserPage};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{FieldErrors, Form};
use crate::session::Admin;
use crate::AppState;

pub struct RoleOption {
    pub value: &'static str,
    pub key: String,
}

/// What the role-and-scope fields offer this admin.
pub struct GrantChoices {
    pub roles: Vec<RoleOption>,
    /// Regions the admin covers (empty for a school admin: the field is then hidden).
    pub regions: Vec<RegionOption>,
    pub schools: SchoolChoice,
}

impl GrantChoices {
    pub async fn load(store: &Store, admin: &Admin, locale: Locale) -> AppResult<GrantChoices> {
        Ok(GrantChoices {
            roles: Role::ALL
                .into_iter()
                .filter(|r| grantable(admin, *r))
                .map(|r| RoleOption {
                    value: r.as_str(),
                    key: format!("role-{}", r.as_str()),
                })
                .collect(),
            regions: regions_in_scope(store, admin, locale).await?,
            schools: SchoolChoice::load(store, admin, locale).await?,
        })
    }
}

/// Whether the admin may hand out `role` at some scope at all.
pub fn grantable(admin: &Admin, role: Role) -> bool {
    let regional = admin
        .scopes
        .iter()
        .any(|s| matches!(s, Scope::Region { .. }));
    role.allowed_scopes().iter().any(|kind| match kind {
        ScopeKind::National => admin.is_national(),
        ScopeKind::Region => admin.is_national() || regional,
        ScopeKind::School | ScopeKind::Class => true,
    })
}

/// Reads the `school` field: a school in the admin's scope, or an error on the field.
async fn school_field(
    store: &Store,
    admin: &Admin,
    form: &GrantFields,
    errors: &mut FieldErrors,
) -> AppResult<Option<lawha_store::School>> {
    let code = form.school.as_str();
    let school = school_in_scope(store, admin, code).await?;
    if school.is_none() {
        errors.add(
            "school",
            if code.is_empty() {
                "required"
            } else {
                "unknown-school"
            },
        );
    }
    Ok(school)
}

/// Reads the scope a class, school, region or national role applies to.
async fn scope_fields(
    store: &Store,
    admin: &Admin,
    role: Role,
    form: &GrantFields,
    errors: &mut FieldErrors,
) -> AppResult<Option<Scope>> {
    let kinds = role.allowed_scopes();
    if kinds.contains(&ScopeKind::Class) {
        let school = school_field(store, admin, form, errors).await?;
        let name = validate::name(&form.class_name)
            .map_err(|e| errors.add("class_name", e.code))
            .ok();
        let year = validate::school_year(&form.school_year)
            .map_err(|e| errors.add("school_year", e.code))
            .ok();
        let (Some(school), Some(name), Some(year)) = (school, name, year) else {
            return Ok(None);
        };
        let class = store.org().find_class(school.id, &year, &name).await?;
        if class.is_none() {
            errors.add("class_name", "unknown-class");
        }
        return Ok(class.map(|c| c.scope()));
    }
    if kinds.contains(&ScopeKind::School) {
        let school = school_field(store, admin, form, errors).await?;
        return Ok(school.map(|s| s.scope()));
    }
    let code = form.region.as_str();
    if code.is_empty() {
        if kinds.contains(&ScopeKind::National) && admin.is_national() {
            return Ok(Some(Scope::National));
        }
        errors.add("region", "required");
        return Ok(None);
    }
    let region = store
        .org()
        .regions()
        .await?
        .into_iter()
        .find(|r| r.code == code);
    match region {
        Some(r) if kinds.contains(&ScopeKind::Region) => Ok(Some(Scope::Region { region: r.id })),
        Some(_) => {
            errors.add("region", "scope-not-allowed");
            Ok(None)
        }
        None => {
            errors.add("region", "unknown-region");
            Ok(None)
        }
    }
}

/// Reads the role-and-scope fields into a grant. A role or scope beyond what the admin may
/// hand out is refused outright (403); a fixable mistake goes to `errors`.
pub async fn read_grant(
    store: &Store,
    admin: &Admin,
    form: &GrantFields,
    errors: &mut FieldErrors,
) -> AppResult<Option<Grant>> {
    let raw = form.role.as_str();
    let Some(role) = Role::parse(raw) else {
        errors.add(
            "role",
            if raw.is_empty() {
                "required"
            } else {
                "unknown-role"
            },
        );
        return Ok(None);
    };
    if !grantable(admin, role) {
        return Err(AppError::Forbidden);
    }
    let Some(scope) = scope_fields(store, admin, role, form, errors).await? else {
        return Ok(None);
    };
    let grant = match Grant::new(role, scope) {
        Ok(g) => g,
        Err(e) => {
            errors.add("role", e.code);
            return Ok(None);
        }
    };
    if !can_grant(admin.grants(), &grant) {
        return Err(AppError::Forbidden);
    }
    Ok(Some(grant))
}

/// `POST /admin/users/{id}/grants`: gives the person one more role.
pub async fn add(
    AdminPage { state, admin, page }: AdminPage,
    Path(id): Path<String>,
    Form(grant_fields): Form<GrantFields>,
) -> AppResult<Response> {
    let target = load_target(&state, &admin, &id).await?;
    require_manage(&admin, &target)?;
    let mut errors = FieldErrors::default();
    if let Some(grant) = read_grant(&state.store, &admin, &grant_fields, &mut errors).await? {
        state
            .store
            .accounts()
            .add_grant_as_admin(admin.grants(), target.user.id, &grant)
            .await?;
        tracing::info!(user = %target.user.id, role = grant.role.as_str(), "role granted");
        return back_with_notice(&format!("/admin/users/{}", target.user.id), "granted");
    }
    let form = AccountFields {
        identity: identity_of(&target.user),
        grant: grant_fields,
    };
    UserPage::build(&state, &admin, page, target, Some(form), errors)
        .await?
        .unprocessable()
}

/// `POST /admin/users/{id}/grants/{grant_id}/delete`: takes one role away. A grant already
/// gone counts as removed, so a repeated click does no harm.
pub async fn remove(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, grant_id)): Path<(String, String)>,
) -> AppResult<Response> {
    let target = load_target(&state, &admin, &id).await?;
    require_other(&admin, &target)?;
    let user_id = target.user.id;
    let back = format!("/admin/users/{user_id}?done=revoked");
    let grant_id = parse_id(&grant_id)?;
    let Some(stored) = target.grants.iter().find(|g| g.id == grant_id) else {
        return Ok(Redirect::to(&back).into_response());
    };
    let grant = Grant {
        role: stored.role,
        scope: stored.scope,
    };
    // Taking a role away needs the same reach as handing it out.
    admin.require(&grant.scope)?;
    match state.store.accounts().remove_grant(user_id, grant_id).await {
        Ok(()) | Err(lawha_store::StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    tracing::info!(user = %user_id, role = grant.role.as_str(), "role removed");
    // Without a role left in the admin's scope, the person is no longer theirs to see.
    let still_visible = match load_target(&state, &admin, &id).await {
        Ok(_) => true,
        Err(AppError::NotFound) => false,
        Err(e) => return Err(e),
    };
    let to = if still_visible {
        back
    } else {
        "/admin/users?done=revoked".to_string()
    };
    Ok(Redirect::to(&to).into_response())
}
