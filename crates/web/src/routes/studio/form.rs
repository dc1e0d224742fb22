//! Creating a capsule on a lesson and editing what it says: titles, descriptions,
//! language, teacher, tags, and whether only one school may watch it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use lawha_core::capsule::CapsuleFields;
use lawha_core::Locale;
use lawha_store::catalog::capsules::NewCapsule;
use lawha_store::catalog::curriculum::Lesson;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::forms::{FieldErrors, FormFields};
use crate::page::{render, PageCtx};
use crate::session::Editor;
use crate::AppState;

/// The form as typed.
#[derive(Debug, Default, Clone)]
pub struct Draft {
    pub title_ar: String,
    pub title_fr: String,
    pub description_ar: String,
    pub description_fr: String,
    pub language: String,
    pub teacher: String,
    pub tags: String,
    pub school_code: String,
}

impl Draft {
    fn from_form(form: &FormFields) -> Draft {
        Draft {
            title_ar: form.get("title_ar").into(),
            title_fr: form.get("title_fr").into(),
            description_ar: form.get("description_ar").into(),
            description_fr: form.get("description_fr").into(),
            language: form.get("language").into(),
            teacher: form.get("teacher").into(),
            tags: form.get("tags").into(),
            school_code: form.get("school_code").into(),
        }
    }

    fn fields(&self) -> CapsuleFields {
        CapsuleFields {
            title_ar: self.title_ar.clone(),
            title_fr: self.title_fr.clone(),
            description_ar: self.description_ar.clone(),
            description_fr: self.description_fr.clone(),
            language: Locale::parse(&self.language).filter(|_| !self.language.is_empty()),
            teacher: self.teacher.clone(),
            tags: self.tags.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "studio/form.html")]
struct FormPage {
    page: PageCtx,
    lesson: Lesson,
    /// `None`: a new capsule.
    capsule_id: Option<Uuid>,
    draft: Draft,
    errors: FieldErrors,
}

/// The text fields in form order, and whether each is several lines.
const FIELDS: [(&str, bool); 7] = [
    ("title_ar", false),
    ("title_fr", false),
    ("description_ar", true),
    ("description_fr", true),
    ("teacher", false),
    ("tags", false),
    ("school_code", false),
];

impl FormPage {
    fn fields(&self) -> &'static [(&'static str, bool)] {
        &FIELDS
    }

    fn value(&self, name: &str) -> &str {
        let d = &self.draft;
        match name {
            "title_ar" => &d.title_ar,
            "title_fr" => &d.title_fr,
            "description_ar" => &d.description_ar,
            "description_fr" => &d.description_fr,
            "teacher" => &d.teacher,
            "tags" => &d.tags,
            "school_code" => &d.school_code,
            _ => "",
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct NewQuery {
    lesson: Uuid,
}

/// The new capsule page's query: a lesson, or the steps choosing one.
#[derive(Debug, Default, Deserialize)]
pub struct ChooseQuery {
    #[serde(default)]
    lesson: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    subject: String,
}

/// `GET /studio/new?lesson=…`: an empty capsule form for a lesson; without a lesson (or
/// with one that does not exist), the steps that choose it ([`super::choose`]).
pub async fn new_form(
    State(state): State<AppState>,
    _editor: Editor,
    page: PageCtx,
    Query(query): Query<ChooseQuery>,
) -> AppResult<Response> {
    let asked = query.lesson.trim();
    let found = match Uuid::parse_str(asked) {
        Ok(id) => match state.store.catalog().lesson(id).await {
            Ok(lesson) => Some(lesson),
            Err(lawha_store::StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        Err(_) => None,
    };
    let Some(lesson) = found else {
        let steps = super::choose::Steps {
            level: query.level,
            subject: query.subject,
            unknown_lesson: !asked.is_empty(),
        };
        return super::choose::page(&state, page, steps).await;
    };
    let draft = Draft {
        language: page.locale.code().into(),
        ..Draft::default()
    };
    render(&FormPage {
        page,
        lesson,
        capsule_id: None,
        draft,
        errors: FieldErrors::default(),
    })
}

/// Checks the form; the school, when given, must exist.
async fn check(
    state: &AppState,
    draft: &Draft,
) -> AppResult<Result<(lawha_core::capsule::ValidCapsule, Option<Uuid>), FieldErrors>> {
    let mut errors = FieldErrors::default();
    let valid = match draft.fields().validate() {
        Ok(valid) => Some(valid),
        Err((field, e)) => {
            errors.add(field, e.code);
            None
        }
    };
    let school = if draft.school_code.is_empty() {
        None
    } else {
        match state.store.org().school_by_code(&draft.school_code).await {
            Ok(school) => Some(school.id),
            Err(lawha_store::StoreError::NotFound) => {
                errors.add("school_code", "unknown-school");
                None
            }
            Err(e) => return Err(e.into()),
        }
    };
    Ok(match valid {
        Some(valid) if errors.is_empty() => Ok((valid, school)),
        _ => Err(errors),
    })
}

fn redraw(
    page: PageCtx,
    lesson: Lesson,
    capsule_id: Option<Uuid>,
    draft: Draft,
    errors: FieldErrors,
) -> AppResult<Response> {
    let view = FormPage {
        page,
        lesson,
        capsule_id,
        draft,
        errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
}

/// `POST /studio/new?lesson=…`: creates the capsule (a draft) and opens its studio page.
pub async fn create(
    State(state): State<AppState>,
    Editor(session): Editor,
    page: PageCtx,
    Query(query): Query<NewQuery>,
    form: FormFields,
) -> AppResult<Response> {
    let lesson = state.store.catalog().lesson(query.lesson).await?;
    let draft = Draft::from_form(&form);
    let (fields, school_id) = match check(&state, &draft).await? {
        Ok(checked) => checked,
        Err(errors) => return redraw(page, lesson, None, draft, errors),
    };
    let capsule = state
        .store
        .catalog()
        .create_capsule(&NewCapsule {
            lesson_id: lesson.id,
            fields,
            school_id,
            external_ref: None,
            created_by: Some(session.user.id),
        })
        .await?;
    tracing::info!(capsule = %capsule.id, "capsule created");
    Ok(Redirect::to(&format!("/studio/capsules/{}", capsule.id)).into_response())
}

/// `GET /studio/capsules/{id}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    _editor: Editor,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let capsule = state.store.catalog().capsule(id).await?;
    let lesson = state.store.catalog().lesson(capsule.lesson_id).await?;
    let school_code = match capsule.school_id {
        Some(school) => state
            .store
            .org()
            .school(school)
            .await
            .map(|s| s.code)
            .unwrap_or_default(),
        None => String::new(),
    };
    let draft = Draft {
        title_ar: capsule.title_ar,
        title_fr: capsule.title_fr,
        description_ar: capsule.description_ar,
        description_fr: capsule.description_fr,
        language: capsule.language.code().into(),
        teacher: capsule.teacher,
        tags: capsule.tags.join(", "),
        school_code,
    };
    render(&FormPage {
        page,
        lesson,
        capsule_id: Some(id),
        draft,
        errors: FieldErrors::default(),
    })
}

/// `POST /studio/capsules/{id}/edit`.
pub async fn update(
    State(state): State<AppState>,
    _editor: Editor,
    page: PageCtx,
    Path(id): Path<Uuid>,
    form: FormFields,
) -> AppResult<Response> {
    let capsule = state.store.catalog().capsule(id).await?;
    let lesson = state.store.catalog().lesson(capsule.lesson_id).await?;
    let draft = Draft::from_form(&form);
    let (fields, school_id) = match check(&state, &draft).await? {
        Ok(checked) => checked,
        Err(errors) => return redraw(page, lesson, Some(id), draft, errors),
    };
    state
        .store
        .catalog()
        .update_capsule(id, lesson.id, &fields, school_id)
        .await
        .map_err(AppError::from)?;
    state.sync_search().await;
    Ok(Redirect::to(&format!("/studio/capsules/{id}")).into_response())
}
