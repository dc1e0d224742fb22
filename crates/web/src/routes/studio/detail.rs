//! One capsule in the studio: its description, every uploaded version with its job and
//! progress, the broadcast compliance report of each ready version, the upload forms,
//! and the publish / withdraw / broadcast-master actions.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::capsule::MediaStatus;
use lawha_media::compliance::ComplianceReport;
use lawha_store::catalog::capsule_files::CapsuleFile;
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::curriculum::Lesson;
use lawha_store::media_jobs::media::{Job, JobKind, JobStatus, MediaAsset};
use lawha_store::{Refusal, StoreError};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::media_http::{self, Caching};
use crate::page::{render, PageCtx};
use crate::session::Editor;
use crate::AppState;

/// A version with what the page says about it.
pub struct VersionView {
    pub asset: MediaAsset,
    pub transcode: Option<Job>,
    pub master: Option<Job>,
    pub report: Option<ComplianceReport>,
    pub playing: bool,
}

impl VersionView {
    pub fn percent(&self) -> i64 {
        self.transcode
            .as_ref()
            .map_or(0, |j| (j.progress * 100.0).round() as i64)
    }

    pub fn status_key(&self) -> String {
        format!("media-status-{}", self.asset.status.as_str())
    }

    /// The translated reason a version failed. Only the code reaches the page: the
    /// detail (ffmpeg's words, with server paths) stays in the log and the database.
    pub fn error_key(&self) -> String {
        let key = format!(
            "media-error-{}",
            self.asset.error_code.as_deref().unwrap_or("unknown")
        );
        // Codes only an operator can act on (storage keys, database) share one message.
        if crate::i18n::has(lawha_core::Locale::Fr, &key) {
            key
        } else {
            "media-error-unknown".to_string()
        }
    }

    pub fn master_pending(&self) -> bool {
        self.master
            .as_ref()
            .is_some_and(|j| matches!(j.status, JobStatus::Queued | JobStatus::Running))
    }

    pub fn master_failed(&self) -> bool {
        self.master
            .as_ref()
            .is_some_and(|j| j.status == JobStatus::Failed)
    }

    pub fn is_ready(&self) -> bool {
        self.asset.status == MediaStatus::Ready
    }

    pub fn is_failed(&self) -> bool {
        self.asset.status == MediaStatus::Failed
    }
}

/// A broadcast check's value in the page's language. Reports are stored with the media
/// crate's English words ("yes", "no audio", "1920x1080 or 1280x720"), kept as they are for the
/// reports already stored; only those words are translated here, numbers and units stay.
fn check_value(page: &PageCtx, value: &str) -> String {
    value
        .split(" or ")
        .map(|part| match part {
            "yes" => page.t("report-value-yes"),
            "no" => page.t("report-value-no"),
            "no audio" => page.t("report-value-no-audio"),
            "no video" => page.t("report-value-no-video"),
            "not measured" => page.t("report-value-not-measured"),
            "silent" => page.t("report-value-silent"),
            measured => page.stored_measure(measured),
        })
        .collect::<Vec<_>>()
        .join(&page.t("report-value-or"))
}

#[derive(Template)]
#[template(path = "studio/capsule.html")]
struct StudioCapsulePage {
    page: PageCtx,
    capsule: Capsule,
    lesson: Lesson,
    versions: Vec<VersionView>,
    files: Vec<CapsuleFile>,
    /// Something is being processed: the page refreshes itself.
    pending: bool,
    /// A refused upload or file, to explain (`upload-error-…` key).
    error: Option<String>,
    ffmpeg_missing: bool,
    max_video_bytes: u64,
}

impl StudioCapsulePage {
    fn check_value(&self, value: &str) -> String {
        check_value(&self.page, value)
    }
}

impl StudioCapsulePage {
    fn upload_url(&self) -> String {
        format!(
            "/studio/capsules/{}/video?csrf={}",
            self.capsule.id, self.page.csrf
        )
    }

    fn files_url(&self) -> String {
        format!(
            "/studio/capsules/{}/files?csrf={}",
            self.capsule.id, self.page.csrf
        )
    }

    fn status_key(&self) -> String {
        format!("capsule-status-{}", self.capsule.status.as_str())
    }

    fn upload_js(&self) -> &'static str {
        crate::assets::upload_js_href()
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct DetailQuery {
    #[serde(default)]
    error: String,
}

/// The upload error codes the page explains (anything else reads as a generic refusal).
const UPLOAD_ERRORS: [&str; 7] = [
    "empty-file",
    "too-large",
    "broken-upload",
    "not-webvtt",
    "not-pdf",
    "bad-language",
    "no-file",
];

/// `GET /studio/capsules/{id}`.
pub async fn show(
    State(state): State<AppState>,
    _editor: Editor,
    page: PageCtx,
    Path(id): Path<Uuid>,
    Query(query): Query<DetailQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let capsule = store.catalog().capsule(id).await?;
    let lesson = store.catalog().lesson(capsule.lesson_id).await?;
    let mut versions = Vec::new();
    for asset in store.media_jobs().media_of_capsule(id).await? {
        let jobs = store.media_jobs().jobs_of_media(asset.id).await?;
        let report = asset
            .report
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok());
        versions.push(VersionView {
            playing: capsule.media_id == Some(asset.id),
            transcode: jobs.iter().find(|j| j.kind == JobKind::Transcode).cloned(),
            master: jobs.iter().find(|j| j.kind == JobKind::Master).cloned(),
            report,
            asset,
        });
    }
    let pending = versions
        .iter()
        .any(|v| v.asset.status.is_pending() || v.master_pending());
    let error = Some(query.error.trim()).filter(|e| !e.is_empty()).map(|e| {
        if UPLOAD_ERRORS.contains(&e) {
            e.to_string()
        } else {
            "refused".to_string()
        }
    });
    render(&StudioCapsulePage {
        files: store.catalog().capsule_files(id).await?,
        page,
        capsule,
        lesson,
        versions,
        pending,
        error,
        ffmpeg_missing: !state.config.ffmpeg_available,
        max_video_bytes: state.config.max_video_bytes,
    })
}

fn conflict(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict(Refusal::CannotPublish) => AppError::Conflict("error-cannot-publish"),
        StoreError::Conflict(Refusal::CannotWithdraw) => {
            AppError::Conflict("error-cannot-withdraw")
        }
        StoreError::Conflict(Refusal::MediaNotReady) => AppError::Conflict("error-media-not-ready"),
        other => other.into(),
    }
}

/// `POST /studio/capsules/{id}/publish`.
pub async fn publish(
    State(state): State<AppState>,
    _editor: Editor,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    move_capsule(&state, id, Move::Publish).await
}

/// `POST /studio/capsules/{id}/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    _editor: Editor,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    move_capsule(&state, id, Move::Withdraw).await
}

/// A change of a capsule's publication state.
#[derive(Clone, Copy)]
enum Move {
    Publish,
    Withdraw,
}

/// Publishes or withdraws the capsule, brings the search index along, and goes back to it.
async fn move_capsule(state: &AppState, id: Uuid, step: Move) -> AppResult<Response> {
    let catalog = state.store.catalog();
    let moved = match step {
        Move::Publish => catalog.publish_capsule(id).await,
        Move::Withdraw => catalog.withdraw_capsule(id).await,
    };
    let capsule = moved.map_err(conflict)?;
    match step {
        Move::Publish => tracing::info!(capsule = %capsule.id, "capsule published"),
        Move::Withdraw => tracing::info!(capsule = %capsule.id, "capsule withdrawn"),
    }
    state.sync_search().await;
    Ok(Redirect::to(&format!("/studio/capsules/{id}")).into_response())
}

/// `POST /studio/media/{id}/master`: queues the broadcast master of a ready version.
pub async fn request_master(
    State(state): State<AppState>,
    _editor: Editor,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let asset = state.store.media_jobs().media(id).await?;
    state
        .store
        .media_jobs()
        .request_master(id)
        .await
        .map_err(conflict)?;
    Ok(Redirect::to(&format!("/studio/capsules/{}", asset.capsule_id)).into_response())
}

/// `GET /studio/media/{id}/master`: downloads the broadcast master once exported.
pub async fn download_master(
    State(state): State<AppState>,
    _editor: Editor,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let asset = state.store.media_jobs().media(id).await?;
    let key = asset.master_key.ok_or(AppError::NotFound)?;
    let name = format!("lawha-{}-broadcast.mp4", asset.capsule_id);
    media_http::serve(&state.media, &key, &headers, Caching::Private, Some(&name)).await
}

#[cfg(test)]
mod tests {
    use lawha_core::Locale;

    use super::*;

    fn page(locale: Locale) -> PageCtx {
        PageCtx {
            locale,
            path: "/studio".into(),
            viewer: None,
            csrf: String::new(),
            nav: Vec::new(),
            zone: chrono_tz::Tz::Africa__Casablanca,
            content_language: None,
        }
    }

    #[test]
    fn report_words_are_translated_and_measures_kept() {
        let ar = page(Locale::Ar);
        assert_eq!(check_value(&ar, "yes"), "نعم");
        assert_eq!(
            check_value(&ar, "1920x1080 or 1280x720"),
            "1920x1080 أو 1280x720"
        );
        assert_eq!(
            check_value(&ar, "-23.0 ±1.0 LUFS"),
            "\u{2212}23.0\u{a0}±1.0\u{a0}LUFS"
        );
        assert_eq!(
            check_value(&page(Locale::Fr), "-23.0 LUFS"),
            "\u{2212}23,0\u{a0}LUFS"
        );
        assert_eq!(check_value(&page(Locale::Fr), "no audio"), "pas de son");
    }

    /// Every word a stored report can carry (the shipped demo's and each fallback) reads in
    /// both languages: no English left on the page.
    #[test]
    fn no_english_word_of_a_report_reaches_the_page() {
        let report: lawha_media::ComplianceReport =
            serde_json::from_str(lawha_media::demo::REPORT_JSON).unwrap_or_else(|e| panic!("{e}"));
        let words = ["no", "no audio", "no video", "not measured", "silent"];
        let values = report
            .checks
            .iter()
            .flat_map(|c| [c.measured.clone(), c.expected.clone()])
            .chain(words.map(String::from));
        for value in values {
            for locale in [Locale::Ar, Locale::Fr] {
                let shown = check_value(&page(locale), &value);
                // A value with no digit is words only: it must have been translated.
                let words_only = !value.chars().any(|c| c.is_ascii_digit());
                assert!(!words_only || shown != value, "{value} → {shown}");
                assert!(!shown.contains(" or "), "{value} → {shown}");
            }
        }
    }
}
