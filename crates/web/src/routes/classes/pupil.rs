//! `GET /classes/{id}/pupils/{pupil}`: one pupil followed by their teacher — activity
//! timeline, recent mistakes with the question, revision state, and mastery per lesson.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use lawha_store::learning::class_progress::{RevisionState, TimelineEntry};
use lawha_store::{Class, User};
use uuid::Uuid;

use super::{access, member};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::page::{render_blocking, PageCtx};
use crate::rich_text::filters;
use crate::session::Signed;
use crate::AppState;

/// A mistake with the question it answered.
pub struct Mistake {
    pub entry: TimelineEntry,
    pub prompt: String,
}

#[derive(Template)]
#[template(path = "classes/pupil.html")]
struct PupilPage {
    page: PageCtx,
    class: Class,
    pupil: User,
    timeline: Vec<TimelineEntry>,
    mistakes: Vec<Mistake>,
    revision: RevisionState,
    last_active: Option<NaiveDate>,
}

impl PupilPage {
    fn score(&self, e: &TimelineEntry) -> i64 {
        e.score.map_or(0, |s| (s * 100.0).round() as i64)
    }

    fn watched(&self, e: &TimelineEntry) -> i64 {
        serde_json::from_str::<serde_json::Value>(&e.payload)
            .ok()
            .and_then(|v| v.get("watched_pct")?.as_f64())
            .map_or(0, |p| p.round() as i64)
    }
}

pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path((id, pupil_id)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let store = &state.store;
    let class = store.org().class(id).await?;
    if !access(store, &session, &class).await?.sees_pupils() {
        return Err(AppError::Forbidden);
    }
    let pupil = member(store, id, pupil_id).await?;
    let timeline = store.learning().pupil_timeline(pupil_id, 50).await?;
    let mut mistakes = Vec::new();
    for entry in store.learning().pupil_mistakes(pupil_id, 20).await? {
        let prompt = match entry.item_id {
            Some(item) => store
                .catalog()
                .exercise_item(item)
                .await
                .map(|i| i.item.prompt)
                .unwrap_or_default(),
            None => String::new(),
        };
        mistakes.push(Mistake { entry, prompt });
    }
    let revision = store
        .learning()
        .revision_state(pupil_id, state.now())
        .await?;
    let grid = store.learning().class_grid(&[pupil_id], &[]).await?;
    tracing::info!(class = %id, "pupil drill-down viewed");
    render_blocking(PupilPage {
        last_active: grid.last_active.get(&pupil_id).copied(),
        page,
        class,
        pupil,
        timeline,
        mistakes,
        revision,
    })
    .await
}
