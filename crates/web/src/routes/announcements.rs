//! Announcements on the web: `/announcements` (those concerning the person, newest first,
//! marked read once shown; an administrator's own with how many read them of how many
//! concerned), `/announcements/new` (school, regional and ministry administrators: a place
//! among their scopes, a level or programme, an audience, the texts, a last day) and
//! `/announcements/{id}`. Whether the author may post to the place is the store's rule,
//! checked in the inserting transaction (`lawha_store::announcements::post`): a place
//! outside their scopes is 404, even when forged into the form.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use lawha_core::{reference, Scope};
use lawha_store::announcements::{Announcement, Audience, NewAnnouncement, Place, Reach, Seen};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{FieldErrors, Form};
use crate::page::{render, PageCtx};
use crate::session::{Admin, Signed};
use crate::AppState;

/// Announcements listed at most.
const LISTED: i64 = 50;

#[derive(Template)]
#[template(path = "announcements/list.html")]
struct ListPage {
    page: PageCtx,
    mine: Vec<Seen>,
    posted: Vec<Reach>,
    may_post: bool,
}

#[derive(Template)]
#[template(path = "announcements/show.html")]
struct ShowPage {
    page: PageCtx,
    announcement: Announcement,
}

/// A place the form offers: its value and its name.
pub struct PlaceOption {
    pub value: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "announcements/new.html")]
struct NewPage {
    page: PageCtx,
    places: Vec<PlaceOption>,
    classes: Vec<PlaceOption>,
    levels: Vec<(String, String)>,
    form: AnnouncementFields,
    errors: FieldErrors,
}

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnnouncementFields {
    pub place: String,
    pub level: String,
    pub audience: String,
    pub title_ar: String,
    pub title_fr: String,
    pub body_ar: String,
    pub body_fr: String,
    pub ends_on: String,
}

/// A place from its form value: `national`, `region:<id>`, `school:<id>`, `class:<id>`.
fn parse_place(value: &str) -> Option<Place> {
    if value == "national" {
        return Some(Place::National);
    }
    let (kind, id) = value.split_once(':')?;
    let id: Uuid = id.parse().ok()?;
    match kind {
        "region" => Some(Place::Region(id)),
        "school" => Some(Place::School(id)),
        "class" => Some(Place::Class(id)),
        _ => None,
    }
}

/// Classes offered per school, at most (a listing's largest page; no school has more).
const CLASSES_OFFERED: u32 = lawha_store::Page::MAX_SIZE;

/// The form's classes: the active classes of the administrator's schools, each
/// `class:<id>` under the name "class (year) — school". Offered to school administrators
/// only: a region or the country has thousands, and their administrators post to the
/// region, a level or a programme instead. The store still checks any class sent
/// (`Announcements::post`), so one forged into the form from elsewhere is 404.
async fn classes(state: &AppState, admin: &Admin, page: &PageCtx) -> AppResult<Vec<PlaceOption>> {
    let mut out = Vec::new();
    for scope in &admin.scopes {
        let Scope::School { school, .. } = *scope else {
            continue;
        };
        let filter = lawha_store::ListFilter {
            scopes: vec![*scope],
            school: Some(school),
            ..Default::default()
        };
        let listed = state
            .store
            .org()
            .list_classes(&filter, lawha_store::Page::new(1, CLASSES_OFFERED))
            .await?;
        for c in listed.items {
            out.push(PlaceOption {
                value: format!("class:{}", c.class.id),
                name: format!(
                    "{} ({}) — {}",
                    c.class.name,
                    c.class.school_year,
                    page.pick(&c.school_name_ar, &c.school_name_fr)
                ),
            });
        }
    }
    Ok(out)
}

/// The form's places: the administrator's own scopes.
async fn places(state: &AppState, admin: &Admin, page: &PageCtx) -> AppResult<Vec<PlaceOption>> {
    let mut out = Vec::new();
    for scope in &admin.scopes {
        let (value, name) = match *scope {
            Scope::National => ("national".to_string(), page.t("scope-national")),
            Scope::Region { region } => {
                let r = state.store.org().region(region).await?;
                (
                    format!("region:{region}"),
                    page.pick(&r.name_ar, &r.name_fr).to_string(),
                )
            }
            Scope::School { school, .. } => {
                let s = state.store.org().school(school).await?;
                (format!("school:{school}"), s.name(page.locale).to_string())
            }
            Scope::Class { class, .. } => {
                let c = state.store.org().class(class).await?;
                (format!("class:{class}"), c.name)
            }
        };
        out.push(PlaceOption { value, name });
    }
    Ok(out)
}

fn levels(page: &PageCtx) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = reference::levels()
        .iter()
        .map(|l| {
            (
                l.code.clone(),
                page.pick(&l.name_ar, &l.name_fr).to_string(),
            )
        })
        .collect();
    out.extend(reference::programmes().iter().map(|p| {
        (
            p.code.clone(),
            page.pick(&p.name_ar, &p.name_fr).to_string(),
        )
    }));
    out
}

/// `GET /announcements`.
pub async fn list(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
) -> AppResult<Response> {
    let store = &state.store;
    let today = state
        .now()
        .with_timezone(&state.config.time_zone)
        .date_naive();
    let mine = store
        .announcements()
        .for_person(session.user.id, today, LISTED)
        .await?;
    let may_post = !lawha_core::role::admin_scopes(&session.grants).is_empty();
    let posted = if may_post {
        store
            .announcements()
            .by_author(session.user.id, LISTED)
            .await?
    } else {
        Vec::new()
    };
    let unread: Vec<Uuid> = mine
        .iter()
        .filter(|s| !s.read)
        .map(|s| s.announcement.id)
        .collect();
    let response = render(&ListPage {
        page,
        mine,
        posted,
        may_post,
    })?;
    // Shown: read from now on (the page still marks them new this once).
    store
        .announcements()
        .mark_read(session.user.id, &unread)
        .await?;
    Ok(response)
}

/// `GET /announcements/{id}`: its author or a person concerned; marked read.
pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let announcement = state
        .store
        .announcements()
        .visible(session.user.id, id)
        .await?;
    state
        .store
        .announcements()
        .mark_read(session.user.id, &[id])
        .await?;
    render(&ShowPage { page, announcement })
}

/// `GET /announcements/new`.
pub async fn new_form(
    State(state): State<AppState>,
    admin: Admin,
    page: PageCtx,
) -> AppResult<Response> {
    let places = places(&state, &admin, &page).await?;
    let classes = classes(&state, &admin, &page).await?;
    render(&NewPage {
        levels: levels(&page),
        page,
        places,
        classes,
        form: AnnouncementFields::default(),
        errors: FieldErrors::default(),
    })
}

/// `POST /announcements/new`.
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    page: PageCtx,
    Form(form): Form<AnnouncementFields>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let place = parse_place(&form.place);
    if place.is_none() {
        errors.add("place", "required");
    }
    let audience = match form.audience.as_str() {
        "staff" => Audience::Staff,
        "learners" => Audience::Learners,
        _ => Audience::Everyone,
    };
    let ends_on = match form.ends_on.as_str() {
        "" => None,
        text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                errors.add("ends_on", "required");
                None
            }
        },
    };
    let mut posted = None;
    if let (Some(place), true) = (place, errors.is_empty()) {
        let new = NewAnnouncement {
            author_id: admin.session.user.id,
            place,
            level_code: Some(form.level.clone()).filter(|l| !l.is_empty()),
            audience,
            title_ar: form.title_ar.clone(),
            title_fr: form.title_fr.clone(),
            body_ar: form.body_ar.clone(),
            body_fr: form.body_fr.clone(),
            ends_on,
        };
        // Outside the author's scopes the store answers NotFound: 404 here.
        let saved = state
            .store
            .announcements()
            .post(&new, state.config.time_zone)
            .await;
        posted = errors.saved(saved, "title")?;
    }
    if let Some(id) = posted {
        tracing::info!(announcement = %id, "announcement posted");
        return Ok(Redirect::to(&format!("/announcements/{id}")).into_response());
    }
    let body = NewPage {
        places: places(&state, &admin, &page).await?,
        classes: classes(&state, &admin, &page).await?,
        levels: levels(&page),
        page,
        form,
        errors,
    }
    .render()
    .map_err(AppError::from)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response())
}
