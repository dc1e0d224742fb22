//! `GET /offline/lessons/{lesson_id}` (optionally `?capsule=`): everything a pupil's phone
//! downloads to keep a lesson — the pages to cache, the files with their sizes, the practice
//! sets with their keys (corrected on the device) and each item's right answer as the set
//! page writes it (shown on the device by the set page's rule), the quizzes' names (never
//! saved) and when
//! each saved item is next due for revision. The shape is the contract with the device
//! scripts (issue 16); it is drawn for the signed-in viewer only and never cached.
//!
//! What never travels: quiz keys, capsules the viewer may not watch, anything of another
//! pupil, the rest of the catalog.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use lawha_core::exercise::Item;
use lawha_store::learning::exercises::SetMode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::size::{lesson_files, CapsuleDownload, OfflineFile};
use super::{downloads, player_file};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::page::PageCtx;
use crate::routes::capsules::access;
use crate::routes::exercises::key_lines;
use crate::session::Signed;
use crate::AppState;

#[derive(Debug, Deserialize)]
pub struct BundleQuery {
    /// Only this capsule of the lesson (the capsule page's button).
    capsule: Option<Uuid>,
}

#[derive(Serialize)]
struct Bundle {
    lesson: Uuid,
    title: String,
    user: Uuid,
    data_saver: &'static str,
    bytes: u64,
    pages: Vec<String>,
    files: Vec<OfflineFile>,
    capsules: Vec<CapsuleDownload>,
    practice: Vec<Practice>,
    quizzes: Vec<Quiz>,
    due: Vec<Due>,
}

#[derive(Serialize)]
struct Practice {
    set: Uuid,
    title: String,
    /// Every item whole (key, feedback, solution): the device corrects answers offline.
    items: BTreeMap<Uuid, Item>,
    /// Each item's right answer, line by line in the page's language, as the set page
    /// shows it after a second miss or when asked for; the device follows the same rule.
    right_answers: BTreeMap<Uuid, Vec<KeyLine>>,
}

/// One line of a right answer: what it answers (empty for a whole answer) and the answer.
#[derive(Serialize)]
struct KeyLine {
    label: String,
    text: String,
}

#[derive(Serialize)]
struct Quiz {
    set: Uuid,
    title: String,
}

#[derive(Serialize)]
struct Due {
    set: Uuid,
    item: Uuid,
    due_at: chrono::DateTime<chrono::Utc>,
}

/// Draws the bundle of lesson `lesson_id` for the signed-in viewer.
pub async fn bundle(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(lesson_id): Path<Uuid>,
    Query(query): Query<BundleQuery>,
) -> AppResult<Response> {
    let catalog = state.catalog().await?;
    let lesson = catalog.lesson(lesson_id).ok_or(AppError::NotFound)?;
    let viewer = Some(&session);
    // The capsules the lesson page shows this viewer, or the one asked for among them: a
    // capsule of another lesson, or one the viewer may not watch, is not found.
    let mut capsules: Vec<_> = catalog
        .capsules_of_lessons(&[lesson_id], access::is_reviewer(viewer))
        .into_iter()
        .filter(|c| access::can_watch(c, viewer))
        .collect();
    if let Some(only) = query.capsule {
        capsules.retain(|c| c.id == only);
        if capsules.is_empty() {
            return Err(AppError::NotFound);
        }
    }
    let locale = page.locale;
    let downloads = downloads(&state, &catalog, &session, locale, &capsules).await?;
    let files = lesson_files(&downloads, &player_file());

    let user = session.user.id;
    let learning = state.store.learning();
    let (mut practice, mut quizzes, mut due) = (Vec::new(), Vec::new(), Vec::new());
    for set in catalog.sets_of_lesson(lesson_id) {
        let title = page.pick_or(&set.title_ar, &set.title_fr).to_owned();
        if set.mode == SetMode::Quiz {
            // Named so the Saved page can say it needs the network; its items stay here.
            quizzes.push(Quiz { set: set.id, title });
            continue;
        }
        let items = state.store.catalog().set_items(set.id).await?;
        let ids: Vec<Uuid> = items.iter().map(|i| i.id).collect();
        // The device shows these items: answers sent from it later must be accepted.
        learning.mark_presented(user, &ids).await?;
        for item in &ids {
            if let Some(scheduled) = learning.review_card(user, *item).await? {
                due.push(Due {
                    set: set.id,
                    item: *item,
                    due_at: scheduled.card.due_at,
                });
            }
        }
        let right_answers = items
            .iter()
            .map(|i| {
                let lines = key_lines(&page, &i.item)
                    .into_iter()
                    .map(|l| KeyLine {
                        label: l.label,
                        text: l.text,
                    })
                    .collect();
                (i.id, lines)
            })
            .collect();
        practice.push(Practice {
            set: set.id,
            title,
            items: items.into_iter().map(|i| (i.id, i.item)).collect(),
            right_answers,
        });
    }

    let mut pages = vec![format!("/lessons/{lesson_id}")];
    pages.extend(capsules.iter().map(|c| format!("/capsules/{}", c.id)));
    pages.extend(practice.iter().map(|p| format!("/exercises/{}", p.set)));
    pages.push("/saved".into());
    let bundle = Bundle {
        lesson: lesson_id,
        title: page.pick_or(&lesson.title_ar, &lesson.title_fr).to_owned(),
        user,
        data_saver: session.user.data_saver.as_str(),
        bytes: files.iter().map(|f| f.bytes).sum(),
        pages,
        files,
        capsules: downloads,
        practice,
        quizzes,
        due,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(bundle)).into_response())
}
