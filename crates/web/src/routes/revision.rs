//! "My revision today": the pupil's items due for review (FSRS, see
//! [`lawha_core::revision`]) across subjects, items of the lessons they struggle with mixed
//! in, and "more like this" on request.
//!
//! Items are answered through the same form and handler as on the set page, with the hidden
//! `back=revision` field bringing the pupil back here to see the correction
//! (`?answered=ITEM`) before the next item. `?more=ITEM` puts other items of ITEM's lesson
//! at the top.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use lawha_core::mastery::Mastery;
use lawha_store::learning::revision::{Reason, RevisionItem};
use lawha_store::SessionInfo;
use serde::Deserialize;
use uuid::Uuid;

use super::exercises::inputs::{Inputs, Piece};
use super::exercises::{attempt_limit, help_state, item_view, Back, ItemView, Refused};
use crate::error::AppResult;
use crate::extract::Query;
use crate::page::{render_blocking, PageCtx};
use crate::rich_text::filters;
use crate::session::Signed;
use crate::AppState;

/// Due items shown at once; the rest wait for the next visit.
const DUE_PER_PAGE: i64 = 10;
/// Items mixed in from weak lessons.
const WEAK_ITEMS: usize = 3;
/// Items offered by "more like this".
const MORE_ITEMS: i64 = 3;

/// The query string of the revision page.
#[derive(Debug, Default, Deserialize)]
pub struct View {
    /// The item just answered, shown with its correction.
    pub answered: Option<Uuid>,
    /// The item whose lesson the pupil wants more of.
    pub more: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "revision.html")]
struct RevisionPage {
    page: PageCtx,
    answered: Option<ItemView>,
    more: Vec<ItemView>,
    due: Vec<ItemView>,
    due_total: i64,
    weak: Vec<ItemView>,
}

/// `GET /revision`.
pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Query(view): Query<View>,
) -> AppResult<Response> {
    draw(&state, page, &session, view, None).await
}

/// Draws the revision page, recording its items as shown to the pupil.
pub(crate) async fn draw(
    state: &AppState,
    page: PageCtx,
    session: &SessionInfo,
    view: View,
    refused: Option<Refused>,
) -> AppResult<Response> {
    let store = &state.store;
    let user = session.user.id;
    let now = state.now();

    let answered = match view.answered {
        Some(item_id) => answered_view(state, &page, session, item_id).await?,
        None => None,
    };
    let mut more = match view.more {
        Some(item_id) => {
            store
                .learning()
                .more_like(user, item_id, MORE_ITEMS)
                .await?
        }
        None => Vec::new(),
    };
    let due_total = store.learning().due_count(user, now).await?;
    let mut due = store.learning().due_items(user, now, DUE_PER_PAGE).await?;
    due.retain(|d| !more.iter().any(|m| m.item.id == d.item.id));
    let weak = weak_lesson_items(state, user, now).await?;
    // A refused answer is shown again at its item, wherever the item came from.
    if let Some(refused) = refused {
        let listed = more.iter().chain(&due).chain(&weak);
        if !listed.map(|r| r.item.id).any(|id| id == refused.item_id) {
            let item = store.catalog().exercise_item(refused.item_id).await?;
            let set = store.catalog().exercise_set(item.set_id).await?;
            more.insert(
                0,
                RevisionItem {
                    card: store.learning().review_card(user, item.id).await?,
                    lesson_id: set.lesson_id,
                    item,
                    reason: Reason::MoreLikeThis,
                },
            );
        }
    }

    let shown: Vec<Uuid> = more
        .iter()
        .chain(&due)
        .chain(&weak)
        .map(|r| r.item.id)
        .collect();
    store.learning().mark_presented(user, &shown).await?;

    let mut number = 0;
    let mut views = |items: Vec<RevisionItem>| -> Vec<ItemView> {
        items
            .into_iter()
            .map(|r| {
                number += 1;
                let mut view = item_view(&page, &r.item, number, None, None, 0, refused);
                view.back = Back::Revision;
                view
            })
            .collect()
    };
    let (more, due, weak) = (views(more), views(due), views(weak));
    render_blocking(RevisionPage {
        page,
        answered,
        more,
        due,
        due_total,
        weak,
    })
    .await
}

/// The item just answered with the pupil's latest answer and its correction — revealed as on
/// the set page, so a limited quiz keeps its solution until its attempts are spent.
async fn answered_view(
    state: &AppState,
    page: &PageCtx,
    session: &SessionInfo,
    item_id: Uuid,
) -> AppResult<Option<ItemView>> {
    let store = &state.store;
    let user = session.user.id;
    // A stale or foreign id in the address shows nothing rather than an error page.
    let Ok(item) = store.catalog().exercise_item(item_id).await else {
        return Ok(None);
    };
    let set = store.catalog().exercise_set(item.set_id).await?;
    let latest = store.learning().latest_answers(user, set.id).await?;
    let Some(answer) = latest.iter().find(|a| a.item_id == item_id) else {
        return Ok(None);
    };
    let limit = attempt_limit(&set);
    let used = match limit {
        Some(_) => store.learning().answers_to_item(user, item_id).await?,
        None => 0,
    };
    let help = store.learning().answer_help(user, set.id).await?;
    let help = help.get(&item_id).copied().unwrap_or_default();
    let state = help_state(answer, help, limit, used, store);
    if state.records_showing() {
        store.learning().record_answer_shown(user, item_id).await?;
    }
    Ok(Some(item_view(
        page,
        &item,
        0,
        Some((answer, state)),
        limit,
        used,
        None,
    )))
}

/// A few items the pupil has met in the lessons they struggle with most, not already due.
async fn weak_lesson_items(
    state: &AppState,
    user: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<RevisionItem>> {
    let store = &state.store;
    let mut weak: Vec<(Uuid, f64)> = store
        .learning()
        .latest_scores_by_lesson(user)
        .await?
        .into_iter()
        // Struggling does not depend on how many items the lesson has, only on the answers.
        .filter(|(_, scores)| Mastery::of(scores.len(), scores) == Mastery::Struggling)
        .map(|(lesson, scores)| (lesson, scores.iter().sum::<f64>() / scores.len() as f64))
        .collect();
    weak.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut items = Vec::new();
    for (lesson, _) in weak {
        let left = WEAK_ITEMS.saturating_sub(items.len());
        if left == 0 {
            break;
        }
        items.extend(
            store
                .learning()
                .weak_lesson_items(user, lesson, now, left as i64)
                .await?,
        );
    }
    Ok(items)
}
