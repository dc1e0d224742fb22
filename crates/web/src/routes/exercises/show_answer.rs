//! `POST /exercises/{set_id}/items/{item_id}/show-answer`: a pupil who answered an item and
//! did not get it right asks to see its answer before a second try (a plain form, no script
//! needed). The request is recorded with its time: answers typed after it that day do not
//! count towards mastery (`lawha_store::learning::counting`).
//!
//! A limited quiz (an assessment) never shows its answer on request: 409. So does an item
//! the pupil has not answered yet (the page offers no button there).
//!
//! A phone that showed the answer without network (asked for, or after a second miss in a
//! row) sends the showing later from its outbox, with when it happened (`shown_at`,
//! milliseconds since the epoch, clamped as answers' times are): it is recorded at that
//! time. It follows the answer it was shown after, but is recorded even when that answer
//! never reached the server (refused, say): the device would otherwise keep a refused
//! showing and send it again for ever, and a showing changes nothing but how the pupil's
//! own later answers count. It must name an item presented to the pupil, as an answer
//! must (404 otherwise), and a set that became a quiz refuses it with 400: refusals the
//! device drops rather than keeps.

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::form::AnswerForm;
use super::{attempt_limit, Back};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::session::Signed;
use crate::AppState;

/// Records that the pupil asked for the answer of an item and sends them back to it.
pub async fn show_answer(
    State(state): State<AppState>,
    Signed(session): Signed,
    Path((set_id, item_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> AppResult<Response> {
    let store = &state.store;
    let user = session.user.id;
    let (set, _item) = super::set_and_item(&state, set_id, item_id).await?;
    let form = AnswerForm::parse(&body).ok();
    let from_phone = form.as_ref().and_then(AnswerForm::shown_at);
    if attempt_limit(&set).is_some() {
        // A phone's showing of a set that became a quiz since is refused for good: a
        // conflict would stay on the phone, sent again for ever.
        return Err(match from_phone {
            Some(_) => AppError::BadRequest("shown_at"),
            None => AppError::Conflict("practice-err-quiz-answer"),
        });
    }
    match from_phone {
        Some(claimed) => {
            // As for answers, only an item the pupil was shown (saving a lesson marks its
            // items); otherwise there is nothing to record, for good.
            if !store.learning().was_presented(user, item_id).await? {
                return Err(AppError::NotFound);
            }
            let at = crate::client_time::occurred_at(Some(claimed), state.now());
            store
                .learning()
                .record_answer_shown_at(user, item_id, at)
                .await?;
        }
        None => {
            let latest = store.learning().latest_answers(user, set_id).await?;
            if !latest.iter().any(|a| a.item_id == item_id) {
                return Err(AppError::Conflict("practice-err-answer-first"));
            }
            store.learning().record_answer_shown(user, item_id).await?;
        }
    }
    // The button sits in the answer form (or the revision page's): its `back` says where.
    let back = form.map_or(Back::Set, |form| form.back());
    let to = match back {
        Back::Set => format!("/exercises/{set_id}#item-{item_id}"),
        Back::Revision => format!("/revision?answered={item_id}#answered"),
    };
    Ok(Redirect::to(&to).into_response())
}
