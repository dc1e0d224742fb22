//! What the admin screens share: reading ids from paths, scope checks that go beyond
//! [`Admin::covers`], turning fixable store errors into form errors, and the choice of
//! school that several forms offer.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Datelike;
use lawha_core::{validate, Locale, Role, Scope};
use lawha_store::{ListFilter, Page, School, Store, StoreError};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::forms::FieldErrors;
use crate::page::PageCtx;
use crate::session::Admin;
use crate::AppState;

/// What an admin page handler starts from: the state, the signed-in admin (others are
/// refused first, as by [`Admin`]) and the page context.
pub struct AdminPage {
    pub state: AppState,
    pub admin: Admin,
    pub page: PageCtx,
}

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let admin = Admin::from_request_parts(parts, state).await?;
        let Ok(page) = PageCtx::from_request_parts(parts, state).await;
        Ok(AdminPage {
            state: state.clone(),
            admin,
            page,
        })
    }
}

/// Reads an id from the path; anything that is not one is simply not found.
pub fn parse_id(raw: &str) -> AppResult<Uuid> {
    Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)
}

/// Reads the `active` field of a deactivate/reactivate form.
pub fn parse_active(raw: &str) -> AppResult<bool> {
    match raw {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(AppError::BadRequest("active")),
    }
}

/// Sends the admin back to `page` with a `done` notice (see `ListQuery::notice`).
pub fn back_with_notice(page: &str, done: &str) -> AppResult<Response> {
    Ok(Redirect::to(&format!("{page}?done={done}")).into_response())
}

/// Renders a form again with its errors (422), keeping what was typed.
pub fn unprocessable(template: &impl Template) -> AppResult<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(template.render()?)).into_response())
}

/// Whether the admin holds a regional or ministry grant over `target`: only those may
/// create, move or deactivate schools.
pub fn org_covers(admin: &Admin, target: &Scope) -> bool {
    admin.grants().iter().any(|g| {
        matches!(g.role, Role::RegionalAdmin | Role::MinistryAdmin) && g.scope.contains(target)
    })
}

/// Checks a required name field into `errors`; returns the cleaned value.
pub fn check_name(value: &str, field: &'static str, errors: &mut FieldErrors) -> String {
    match validate::name(value) {
        Ok(v) => v,
        Err(e) => {
            errors.add(field, e.code);
            String::new()
        }
    }
}

/// The school year an admin most likely means `today`: from August on, the coming one.
pub fn current_school_year(today: chrono::DateTime<chrono::Utc>) -> String {
    let start = if today.month() >= 8 {
        today.year()
    } else {
        today.year() - 1
    };
    format!("{}-{}", start, start + 1)
}

/// The school with this code, if it exists and lies in the admin's scope. Schools outside
/// the scope read as unknown, so a form never reveals what exists elsewhere.
pub async fn school_in_scope(
    store: &Store,
    admin: &Admin,
    code: &str,
) -> AppResult<Option<School>> {
    let Ok(code) = validate::org_code(code) else {
        return Ok(None);
    };
    match store.org().school_by_code(&code).await {
        Ok(s) if admin.covers(&s.scope()) => Ok(Some(s)),
        Ok(_) | Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// One school in a choice list.
#[derive(Debug, Clone)]
pub struct SchoolOption {
    pub code: String,
    pub label: String,
}

/// The schools a form offers: a select when the admin's scope holds few enough of them,
/// otherwise a code to type (a ministry admin's scope holds thousands).
#[derive(Debug, Clone, Default)]
pub struct SchoolChoice {
    pub options: Vec<SchoolOption>,
    /// Whether `options` lists every school in scope (then a select is shown).
    pub complete: bool,
}

impl SchoolChoice {
    pub async fn load(store: &Store, admin: &Admin, locale: Locale) -> AppResult<SchoolChoice> {
        let filter = ListFilter {
            scopes: admin.scopes.clone(),
            ..ListFilter::default()
        };
        let paged = store
            .org()
            .list_schools(&filter, Page::new(1, Page::MAX_SIZE))
            .await?;
        Ok(SchoolChoice {
            complete: paged.total <= i64::from(Page::MAX_SIZE),
            options: paged
                .items
                .iter()
                .map(|s| SchoolOption {
                    code: s.code.clone(),
                    label: format!("{} — {}", s.code, s.name(locale)),
                })
                .collect(),
        })
    }
}

/// A region in a choice list.
#[derive(Debug, Clone)]
pub struct RegionOption {
    pub id: Uuid,
    pub code: String,
    pub label: String,
}

/// The regions the admin covers, by code.
pub async fn regions_in_scope(
    store: &Store,
    admin: &Admin,
    locale: Locale,
) -> AppResult<Vec<RegionOption>> {
    Ok(store
        .org()
        .regions()
        .await?
        .into_iter()
        .filter(|r| admin.covers(&Scope::Region { region: r.id }))
        .map(|r| RegionOption {
            id: r.id,
            label: format!("{} — {}", r.code, locale.pick(&r.name_ar, &r.name_fr)),
            code: r.code,
        })
        .collect())
}

/// Describes where a grant applies, in the page's language.
pub async fn place(store: &Store, locale: Locale, scope: &Scope) -> AppResult<String> {
    Ok(match *scope {
        Scope::National => crate::i18n::t(locale, "scope-national"),
        Scope::Region { region } => {
            let r = store.org().region(region).await?;
            locale.pick(&r.name_ar, &r.name_fr).to_string()
        }
        Scope::School { school, .. } => {
            let s = store.org().school(school).await?;
            format!("{} ({})", s.name(locale), s.code)
        }
        Scope::Class { class, school, .. } => {
            let c = store.org().class(class).await?;
            let s = store.org().school(school).await?;
            format!(
                "{} {} — {} ({})",
                c.name,
                c.school_year,
                s.name(locale),
                s.code
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_switches_are_read_strictly() {
        assert!(matches!(parse_id("nope"), Err(AppError::NotFound)));
        assert!(parse_id(&Uuid::now_v7().to_string()).is_ok());
        assert!(parse_active("1").unwrap_or(false));
        assert!(!parse_active("0").unwrap_or(true));
        assert!(parse_active("").is_err());
    }

    #[test]
    fn school_years_look_like_2025_2026() {
        let at = |text: &str| text.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        assert_eq!(current_school_year(at("2026-07-31T12:00:00Z")), "2025-2026");
        assert_eq!(current_school_year(at("2026-08-01T12:00:00Z")), "2026-2027");
        assert!(validate::school_year(&current_school_year(at("2026-01-01T00:00:00Z"))).is_ok());
    }
}
