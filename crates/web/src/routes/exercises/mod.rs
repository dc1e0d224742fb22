//! Working through an exercise set: the set page (every item as its own plain form) and
//! the answer handler ([`answer`]).
//!
//! - Items are drawn from their public view only ([`inputs`]); the feedback and solution
//!   reach the page only through a stored correction, after answering, and the right answer
//!   only after a second wrong try or when asked for ([`result`], [`show_answer`]).
//! - An answered item shows its result first, then the form to answer again.
//! - Rendering the page for a pupil records that its items were shown: answers to items a
//!   pupil was never shown are refused.
//! - Each form carries a fresh UUID v7 (`event_id`), the client-made idempotency key of the
//!   answer: submitting the same form twice records one answer.

mod answer;
mod form;
pub(crate) mod inputs;
mod result;
mod show_answer;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_store::catalog::curriculum::Lesson;
use lawha_store::learning::exercises::{
    AnswerHelp, ExerciseSet, RecordedAnswer, SetMode, StoredItem,
};
use lawha_store::{SessionInfo, Store};
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::page::{render_blocking, PageCtx};
use crate::rich_text::filters;
use crate::session::Signed;
use crate::AppState;

pub use answer::submit;
use inputs::{Inputs, Piece};
pub(crate) use result::{key_lines, HelpState, ResultView};
pub use show_answer::show_answer;

/// One item of the set page.
pub struct ItemView {
    pub id: Uuid,
    pub set_id: Uuid,
    /// Where the answer form returns to: [`Back::Set`] or [`Back::Revision`].
    pub back: Back,
    /// 1-based, for headings and element ids.
    pub number: i64,
    pub prompt: String,
    pub inputs: Inputs,
    /// The latest answer, when there is one.
    pub result: Option<ResultView>,
    /// The idempotency key this rendering of the form carries.
    pub event_id: Uuid,
    /// For quizzes that limit attempts.
    pub attempts: Option<Attempts>,
    pub can_answer: bool,
    /// Why the last submission of this item was refused (translation key).
    pub refusal: Option<&'static str>,
}

/// The page an answer form returns to, sent as the hidden `back` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    Set,
    Revision,
}

impl Back {
    /// The value of the hidden field; the set page sends none.
    pub fn field(self) -> &'static str {
        match self {
            Back::Set => "",
            Back::Revision => "revision",
        }
    }

    pub fn parse(value: Option<&str>) -> Back {
        match value {
            Some("revision") => Back::Revision,
            _ => Back::Set,
        }
    }
}

/// Answers given to an item and answers allowed.
#[derive(Debug, Clone, Copy)]
pub struct Attempts {
    pub used: i64,
    pub allowed: i64,
}

/// The line above the items: how far the pupil is.
pub struct Summary {
    pub answered: i64,
    pub total: i64,
    /// Mean score of the answered items, in percent.
    pub average: Option<i64>,
}

#[derive(Template)]
#[template(path = "exercises/set.html")]
struct SetPage {
    page: PageCtx,
    set: ExerciseSet,
    lesson: Lesson,
    is_quiz: bool,
    summary: Summary,
    items: Vec<ItemView>,
}

/// A refused submission, shown next to its item when the page is drawn again.
#[derive(Debug, Clone, Copy)]
pub struct Refused {
    pub item_id: Uuid,
    pub message_key: &'static str,
}

/// How many answers each item of the set allows; `None`: as many as the pupil likes.
pub fn attempt_limit(set: &ExerciseSet) -> Option<i64> {
    match set.mode {
        SetMode::Quiz => set.max_attempts.map(i64::from),
        SetMode::Practice => None,
    }
}

/// `GET /exercises/{set_id}`: the set's items, answered ones with their correction.
pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(set_id): Path<Uuid>,
) -> AppResult<Response> {
    let set = exercise_set(&state, set_id).await?;
    set_page(&state, page, &session, set, None).await
}

/// The exercise set `id`, from this node's copy of the catalog.
pub async fn exercise_set(state: &AppState, id: Uuid) -> AppResult<ExerciseSet> {
    let catalog = state.catalog().await?;
    catalog.exercise_set(id).cloned().ok_or(AppError::NotFound)
}

/// A set and one of its items, as an address names them: an item of another set is 404,
/// like one that does not exist.
pub(crate) async fn set_and_item(
    state: &AppState,
    set_id: Uuid,
    item_id: Uuid,
) -> AppResult<(ExerciseSet, StoredItem)> {
    let set = exercise_set(state, set_id).await?;
    let item = state.store.catalog().exercise_item(item_id).await?;
    if item.set_id != set.id {
        return Err(AppError::NotFound);
    }
    Ok((set, item))
}

/// Draws the set page for `session`, recording that its items were shown, and in one call the
/// answers it draws for a first time that day (`HelpState::records_showing`).
pub async fn set_page(
    state: &AppState,
    page: PageCtx,
    session: &SessionInfo,
    set: ExerciseSet,
    refused: Option<Refused>,
) -> AppResult<Response> {
    let store = &state.store;
    let user = session.user.id;
    let lesson = state
        .catalog()
        .await?
        .lesson(set.lesson_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let stored = store.catalog().set_items(set.id).await?;
    let ids: Vec<Uuid> = stored.iter().map(|i| i.id).collect();
    store.learning().mark_presented(user, &ids).await?;
    let latest = store.learning().latest_answers(user, set.id).await?;
    let help = store.learning().answer_help(user, set.id).await?;
    let limit = attempt_limit(&set);

    let mut items = Vec::with_capacity(stored.len());
    let mut drawn_answers = Vec::new();
    for (number, item) in (1..).zip(&stored) {
        let used = match limit {
            Some(_) => store.learning().answers_to_item(user, item.id).await?,
            None => 0,
        };
        let answer = latest.iter().find(|a| a.item_id == item.id).map(|a| {
            let help = help.get(&item.id).copied().unwrap_or_default();
            (a, help_state(a, help, limit, used, store))
        });
        if answer.is_some_and(|(_, state)| state.records_showing()) {
            drawn_answers.push(item.id);
        }
        let view = item_view(&page, item, number, answer, limit, used, refused);
        items.push(view);
    }
    // The answers this drawing shows for a first time today, in one transaction.
    store
        .learning()
        .record_answers_shown(user, &drawn_answers)
        .await?;
    let scores: Vec<i64> = items
        .iter()
        .filter_map(|i| i.result.as_ref().map(|r| r.percent))
        .collect();
    let summary = Summary {
        answered: scores.len() as i64,
        total: items.len() as i64,
        average: average(&scores),
    };
    render_blocking(SetPage {
        page,
        is_quiz: set.mode == SetMode::Quiz,
        set,
        lesson,
        summary,
        items,
    })
    .await
}

/// Where the pupil stands with an item answered `used` times (counted for limited quizzes
/// only), its latest answer being `answer`; "today" is the platform's (`store`'s clock and
/// time zone).
pub(crate) fn help_state(
    answer: &RecordedAnswer,
    help: AnswerHelp,
    limit: Option<i64>,
    used: i64,
    store: &Store,
) -> HelpState {
    let zone = store.time_zone();
    let today = store.clock().now().with_timezone(&zone).date_naive();
    HelpState {
        limited: limit.is_some(),
        attempts_left: limit.is_none_or(|max| used < max),
        correct: answer.correction.correct,
        misses: help.misses,
        shown_since_answer: help.shown_at.is_some_and(|at| at >= answer.occurred_at),
        shown_today: help
            .shown_at
            .is_some_and(|at| at.with_timezone(&zone).date_naive() == today),
    }
}

/// One item: its latest answer's result first, when there is one, then the form.
pub(crate) fn item_view(
    page: &PageCtx,
    item: &StoredItem,
    number: i64,
    answer: Option<(&RecordedAnswer, HelpState)>,
    limit: Option<i64>,
    used: i64,
    refused: Option<Refused>,
) -> ItemView {
    let public = item.item.public_view();
    let attempts_left = limit.is_none_or(|max| used < max);
    let result = answer.map(|(a, state)| {
        let showing = state.showing();
        ResultView::new(
            page,
            (&item.item, &public),
            &a.response,
            &a.correction,
            showing,
        )
    });
    ItemView {
        id: item.id,
        set_id: item.set_id,
        back: Back::Set,
        number,
        inputs: Inputs::of(&public),
        prompt: public.prompt,
        result,
        event_id: Uuid::now_v7(),
        attempts: limit.map(|allowed| Attempts { used, allowed }),
        can_answer: attempts_left,
        refusal: refused
            .filter(|r| r.item_id == item.id)
            .map(|r| r.message_key),
    }
}

/// The rounded mean of percentages; `None` for none.
fn average(scores: &[i64]) -> Option<i64> {
    if scores.is_empty() {
        return None;
    }
    let sum: i64 = scores.iter().sum();
    Some((sum as f64 / scores.len() as f64).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages() {
        assert_eq!(average(&[]), None);
        assert_eq!(average(&[100, 0, 50]), Some(50));
        assert_eq!(average(&[100, 0, 0]), Some(33));
    }
}
