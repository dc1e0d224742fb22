//! A capsule's page and what its player sends back: watching progress, and the viewer's
//! data-saver choice. Media files themselves are served by [`super::media`].

pub mod access;
pub(crate) mod player;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::capsule::DataSaver;
use lawha_core::help::{PlaybackErrorCode, Rendition};
use lawha_store::catalog::capsule_files::{CapsuleFile, FileKind};
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::curriculum::{Lesson, Unit};
use lawha_store::learning::exercises::ExerciseSet;
use lawha_store::learning::watching::{WatchEvent, WATCHED_PCT};
use lawha_store::SessionInfo;
use uuid::Uuid;

use self::player::Player;
use super::curriculum::{place_of, LevelLink};
use super::offline::SaveButton;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::FormFields;
use crate::page::{render, PageCtx};
use crate::redirect::same_origin_target;
use crate::session::{MaybeSigned, Signed};
use crate::AppState;

#[derive(Template)]
#[template(path = "capsules/show.html")]
struct CapsulePage {
    page: PageCtx,
    capsule: Capsule,
    lesson: Lesson,
    unit: Unit,
    level: LevelLink,
    subject_name: String,
    player: Option<Player>,
    /// A newer version is being processed (shown to editors).
    processing: bool,
    saver: DataSaver,
    /// Where to resume, seconds.
    start_s: f64,
    worksheets: Vec<CapsuleFile>,
    sets: Vec<ExerciseSet>,
    is_editor: bool,
    /// "Save for offline" (this capsule and the lesson's practice), for signed-in viewers.
    save: Option<SaveButton>,
}

impl CapsulePage {
    fn duration(&self) -> String {
        crate::format::duration(self.capsule.duration_ms.unwrap_or(0))
    }

    fn progress_url(&self) -> String {
        format!(
            "/capsules/{}/progress?csrf={}",
            self.capsule.id, self.page.csrf
        )
    }

    fn playback_error_url(&self) -> String {
        format!(
            "/capsules/{}/playback-error?csrf={}",
            self.capsule.id, self.page.csrf
        )
    }

    fn language_key(&self) -> String {
        format!("capsule-language-{}", self.capsule.language.code())
    }

    fn status_key(&self) -> String {
        format!("capsule-status-{}", self.capsule.status.as_str())
    }

    fn player_href(&self) -> &'static str {
        crate::assets::player_js_href()
    }

    fn hls_href(&self) -> &'static str {
        crate::assets::hls_js_href()
    }
}

/// `GET /capsules/{id}`: the player, the capsule's description and documents.
pub async fn show(
    State(state): State<AppState>,
    page: PageCtx,
    MaybeSigned(viewer): MaybeSigned,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let store = &state.store;
    let catalog = state.catalog().await?;
    let capsule = catalog.capsule(id).cloned().ok_or(AppError::NotFound)?;
    access::require_watch(&capsule, viewer.as_ref())?;
    let lesson = catalog
        .lesson(capsule.lesson_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let (unit, level, subject_name) = place_of(&catalog, &lesson, &page)?;
    let files = catalog.capsule_files(id);
    let versions = store.media_jobs().media_of_capsule(id).await?;
    let playing = match capsule.media_id {
        Some(media_id) => versions.iter().find(|v| v.id == media_id),
        None => None,
    };
    let player = playing.and_then(|asset| Player::of(asset, id, &files));
    let processing = versions.iter().any(|v| v.status.is_pending());
    let (saver, start_s) = match &viewer {
        Some(session) => {
            let saver = session.user.data_saver;
            let view = store.learning().capsule_view(session.user.id, id).await?;
            let start = view
                .filter(|v| v.watched_pct < WATCHED_PCT)
                .map_or(0.0, |v| v.position_ms as f64 / 1000.0);
            (saver, start)
        }
        None => (DataSaver::Auto, 0.0),
    };
    let sets = catalog.sets_of_lesson(lesson.id);
    let is_editor = access::is_editor(viewer.as_ref());
    let save = match &viewer {
        Some(session) => {
            let only = std::slice::from_ref(&capsule);
            let (locale, lesson) = (page.locale, lesson.id);
            let button =
                SaveButton::for_page(&state, &catalog, session, locale, lesson, only, Some(id));
            Some(button.await?)
        }
        None => None,
    };
    render(&CapsulePage {
        save,
        worksheets: files
            .into_iter()
            .filter(|f| f.kind == FileKind::Worksheet)
            .collect(),
        page,
        capsule,
        lesson,
        unit,
        level,
        subject_name,
        player,
        processing,
        saver,
        start_s,
        sets,
        is_editor,
    })
}

/// Refuses unless capsule `id` exists and `viewer` may watch it.
async fn require_watchable(
    state: &AppState,
    id: Uuid,
    viewer: Option<&SessionInfo>,
) -> AppResult<()> {
    let catalog = state.catalog().await?;
    let capsule = catalog.capsule(id).ok_or(AppError::NotFound)?;
    access::require_watch(capsule, viewer)
}

/// `POST /capsules/{id}/progress`: the player reports where it is (a form-encoded beacon;
/// `event_id` made by the page makes retries count once; `watched_at` dates progress made
/// offline). 204, or 422 for a bad report.
pub async fn progress(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path(id): Path<Uuid>,
    form: FormFields,
) -> AppResult<Response> {
    require_watchable(&state, id, Some(&session)).await?;
    let event_id =
        Uuid::parse_str(form.get("event_id")).map_err(|_| AppError::BadRequest("event_id"))?;
    let position_ms = form
        .get("position_ms")
        .parse::<i64>()
        .ok()
        .filter(|p| (0..=24 * 3_600_000).contains(p));
    let watched_pct = form
        .get("watched_pct")
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=100.0).contains(p));
    let (Some(position_ms), Some(watched_pct)) = (position_ms, watched_pct) else {
        return Ok(StatusCode::UNPROCESSABLE_ENTITY.into_response());
    };
    state
        .store
        .learning()
        .record_watch(&WatchEvent {
            id: event_id,
            user_id: session.user.id,
            capsule_id: id,
            position_ms,
            watched_pct,
            // Progress made offline carries when it was made (clamped: the device's word).
            occurred_at: crate::client_time::occurred_at(Some(form.get("watched_at")), state.now()),
        })
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /capsules/{id}/playback-error`: the player could not play the capsule (a
/// form-encoded beacon like the progress reports, with the same CSRF token). Only a code
/// and a rendition from fixed lists (400 for anything else), kept for a hotline agent to
/// see on the person's tickets. 204, or 429 once the person reported too many.
pub async fn playback_error(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path(id): Path<Uuid>,
    form: FormFields,
) -> AppResult<Response> {
    let code = PlaybackErrorCode::parse(form.get("code")).ok_or(AppError::BadRequest("code"))?;
    let rendition =
        Rendition::parse(form.get("rendition")).ok_or(AppError::BadRequest("rendition"))?;
    require_watchable(&state, id, Some(&session)).await?;
    let recorded = state
        .store
        .help()
        .record_playback_error(session.user.id, id, code, rendition)
        .await?;
    if !recorded {
        return Err(AppError::TooManyAttempts);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /profile/data-saver`: remembers the choice and goes back to the page it was made
/// on (204 for the player's background save, `js=1`).
pub async fn set_data_saver(
    State(state): State<AppState>,
    Signed(session): Signed,
    form: FormFields,
) -> AppResult<Response> {
    let choice =
        DataSaver::parse(form.get("data_saver")).ok_or(AppError::BadRequest("data_saver"))?;
    state
        .store
        .learning()
        .set_data_saver(session.user.id, choice)
        .await?;
    // The player saves in the background: it needs no page back.
    if form.get("js") == "1" {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    // Only a page of this site: never an open redirect.
    let back = same_origin_target(form.raw("back"), &state.config.public_base_url)
        .unwrap_or_else(|| "/profile".to_string());
    Ok(Redirect::to(&back).into_response())
}

/// `GET /capsules/{id}/files/{file_id}`: a subtitle file or worksheet of a capsule one may watch.
pub async fn file(
    State(state): State<AppState>,
    MaybeSigned(viewer): MaybeSigned,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let capsule = catalog.capsule(id).ok_or(AppError::NotFound)?;
    access::require_watch(capsule, viewer.as_ref())?;
    let file = catalog
        .capsule_file(file_id)
        .filter(|f| f.capsule_id == id)
        .ok_or(AppError::NotFound)?;
    let cache = crate::media_http::Caching::for_capsule(capsule);
    let disposition = (file.kind == FileKind::Worksheet).then_some(file.name.as_str());
    crate::media_http::serve(&state.media, &file.object_key, &headers, cache, disposition).await
}
