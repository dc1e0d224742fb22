//! People: the list within the admin's scopes, and creating an account with its first role
//! and a one-time password.

use askama::Template;
use axum::response::Response;
use lawha_core::{password, Role};
use lawha_store::{ListFilter, NewUser, Paged, User};

use super::account_fields::{AccountFields, GrantFields};
use super::grants::{read_grant, GrantChoices, RoleOption};
use super::pagination::{ListQuery, Pager};
use super::shared::{school_in_scope, unprocessable, AdminPage, SchoolChoice};
use super::user_edit::read_identity;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use crate::forms::{FieldErrors, Form};
use crate::page::{render, PageCtx};
use crate::AppState;

/// A row of the people list: the person and the roles they hold.
struct ListedUser {
    user: User,
    role_keys: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    page: PageCtx,
    q: String,
    /// The role filter (a role name); "" for all.
    role: String,
    roles: Vec<RoleOption>,
    /// The school filter (a code); "" for all.
    school: String,
    schools: SchoolChoice,
    inactive: bool,
    errors: FieldErrors,
    items: Vec<ListedUser>,
    pager: Pager,
    notice_key: &'static str,
}

/// `GET /admin/users`: people holding a role in the admin's scopes, with search and
/// filters by role (`?role=pupil`) and school (`?school=CODE`).
pub async fn list(
    AdminPage { state, admin, page }: AdminPage,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let role = query.role.as_deref().and_then(Role::parse);
    let school = query.school_code();
    let mut errors = FieldErrors::default();
    let school_id = if school.is_empty() {
        None
    } else {
        let found = school_in_scope(store, &admin, &school).await?;
        if found.is_none() {
            errors.add("school", "unknown-school");
        }
        found.map(|s| s.id)
    };
    let filter = ListFilter {
        scopes: admin.scopes.clone(),
        query: query.query(),
        include_inactive: query.include_inactive(),
        role,
        school: school_id,
    };
    let paged = if errors.is_empty() {
        store.accounts().list_users(&filter, query.page()).await?
    } else {
        Paged {
            items: Vec::new(),
            total: 0,
            number: 1,
            size: 1,
        }
    };
    let q = query.text();
    let role = role.map(Role::as_str).unwrap_or_default().to_string();
    let inactive = if query.include_inactive() { "1" } else { "" };
    let ids: Vec<_> = paged.items.iter().map(|u| u.id).collect();
    let roles = store.accounts().roles_of(&ids).await?;
    let items = paged
        .items
        .iter()
        .map(|user| ListedUser {
            user: user.clone(),
            role_keys: roles
                .iter()
                .filter(|(id, _)| *id == user.id)
                .map(|(_, role)| format!("role-{}", role.as_str()))
                .collect(),
        })
        .collect();
    let pager = Pager::new(
        page.locale,
        &paged,
        "/admin/users",
        &[
            ("q", &q),
            ("role", &role),
            ("school", &school),
            ("inactive", inactive),
        ],
    );
    render(&UsersPage {
        roles: Role::ALL
            .into_iter()
            .map(|r| RoleOption {
                value: r.as_str(),
                key: format!("role-{}", r.as_str()),
            })
            .collect(),
        schools: SchoolChoice::load(store, &admin, page.locale).await?,
        notice_key: if query.done() == "revoked" {
            "grant-removed"
        } else {
            ""
        },
        page,
        q,
        role,
        school,
        inactive: query.include_inactive(),
        errors,
        items,
        pager,
    })
}

#[derive(Template)]
#[template(path = "admin/user_new.html")]
struct NewUserPage {
    page: PageCtx,
    grant: GrantChoices,
    form: AccountFields,
    errors: FieldErrors,
}

/// The one-time password of a new account or of a reset, shown once.
#[derive(Template)]
#[template(path = "admin/one_time.html")]
pub struct OneTimePage {
    pub page: PageCtx,
    pub user: User,
    pub password: String,
    pub title_key: &'static str,
}

/// `GET /admin/users/new`.
pub async fn new_form(AdminPage { state, admin, page }: AdminPage) -> AppResult<Response> {
    refuse_on_a_node(&state)?;
    let form = AccountFields {
        grant: GrantFields::fresh(state.now()),
        ..AccountFields::default()
    };
    render(&NewUserPage {
        grant: GrantChoices::load(&state.store, &admin, page.locale).await?,
        page,
        form,
        errors: FieldErrors::default(),
    })
}

/// `POST /admin/users`: creates the account with its first role; the page that answers
/// shows the generated password once.
pub async fn create(
    AdminPage { state, admin, page }: AdminPage,
    Form(form): Form<AccountFields>,
) -> AppResult<Response> {
    refuse_on_a_node(&state)?;
    // The role is read first (it may refuse the request outright), its errors listed
    // after the identity's, in the order of the form.
    let mut grant_errors = FieldErrors::default();
    let grant = read_grant(&state.store, &admin, &form.grant, &mut grant_errors).await?;
    let mut errors = FieldErrors::default();
    let identity = read_identity(&form.identity, &mut errors);
    errors.0.extend(grant_errors.0);
    if let (Some(grant), true) = (grant, errors.is_empty()) {
        let one_time = password::generate();
        let new = NewUser {
            display_name: identity.display_name,
            email: identity.email,
            pupil_code: identity.pupil_code,
            password: one_time.clone(),
            locale: identity.locale,
            must_change_password: true,
        };
        match state
            .store
            .accounts()
            .create_user_with_grant(&new, Some(&grant))
            .await
        {
            Ok(user) => {
                tracing::info!(user = %user.id, role = grant.role.as_str(), "account created");
                return render(&OneTimePage {
                    page,
                    user,
                    password: one_time,
                    title_key: "one-time-created-title",
                });
            }
            Err(e) => errors.record(e, "email")?,
        }
    }
    unprocessable(&NewUserPage {
        grant: GrantChoices::load(&state.store, &admin, page.locale).await?,
        page,
        form,
        errors,
    })
}

/// Refuses to create accounts on a school node: they are made on the platform and reach the
/// node with the next pack (a node's sync carries edits of accounts the platform knows, and
/// sets aside anything about one it does not).
pub(super) fn refuse_on_a_node(state: &AppState) -> AppResult<()> {
    if state.config.school_node {
        return Err(AppError::Conflict("accounts-made-on-platform"));
    }
    Ok(())
}
