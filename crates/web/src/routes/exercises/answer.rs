//! `POST /exercises/{set_id}/items/{item_id}/answer`: checking, correcting and recording one
//! answer, then back to the item on the set page.
//!
//! In order: the item must belong to the set (404), the form must be sound (422, the page
//! drawn again with the reason at the item); then the store records the answer and checks,
//! in the transaction that records it, that the pupil was shown the item (409) and that a
//! limited quiz has attempts left (409, the page drawn again), so parallel answers cannot
//! all pass. A form submitted twice carries the same `event_id`: the second time nothing is
//! recorded and the pupil lands where the first one took them.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_store::learning::exercises::{AnswerEvent, ExerciseSet};
use lawha_store::{SessionInfo, StoreError};
use uuid::Uuid;

use super::form::{response_for, AnswerForm, Refusal};
use super::{set_page, Back, Refused};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::session::Signed;
use crate::AppState;

/// Records the pupil's answer to one item and sends them back to it.
pub async fn submit(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path((set_id, item_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> AppResult<Response> {
    let store = &state.store;
    let user = session.user.id;
    let (set, stored) = super::set_and_item(&state, set_id, item_id).await?;
    let form = match AnswerForm::parse(&body) {
        Ok(form) => form,
        Err(refusal) => {
            let to = (Back::Set, set);
            return refuse(&state, page, &session, to, item_id, refusal).await;
        }
    };
    let to = form.back();
    let back = match to {
        Back::Set => Redirect::to(&format!("/exercises/{set_id}#item-{item_id}")),
        Back::Revision => Redirect::to(&format!("/revision?answered={item_id}#answered")),
    }
    .into_response();
    let to = (to, set);
    let event_id = match form.event_id() {
        Ok(id) => id,
        Err(refusal) => return refuse(&state, page, &session, to, item_id, refusal).await,
    };
    let response = match response_for(&stored.item.public_view().kind, &form) {
        Ok(response) => response,
        Err(refusal) => return refuse(&state, page, &session, to, item_id, refusal).await,
    };
    let correction = match stored.item.correct(&response) {
        Ok(correction) => correction,
        Err(err) => return refuse(&state, page, &session, to, item_id, Refusal::from(err)).await,
    };
    let answer = AnswerEvent {
        id: event_id,
        user_id: user,
        set_id,
        item_id,
        response,
        correction,
        // An answer made offline carries when it was made (clamped: the device's word).
        occurred_at: crate::client_time::occurred_at(form.answered_at(), state.now()),
    };
    // `Ok(0)`: the same form sent again (a double click, a retry after a lost response) was
    // recorded the first time, so answer as it was answered.
    match store
        .learning()
        .submit_answers(std::slice::from_ref(&answer))
        .await
    {
        Ok(_) => Ok(back),
        Err(StoreError::Conflict(lawha_store::Refusal::NotPresented)) => {
            Err(AppError::Conflict("exercise-err-not-presented"))
        }
        Err(StoreError::Conflict(lawha_store::Refusal::NoAttemptsLeft)) => {
            let refused = Refused {
                item_id,
                message_key: "exercise-err-no-attempts-left",
            };
            drawn_again(&state, page, &session, to, refused, StatusCode::CONFLICT).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The page the form came from again, with the reason at the item, as 422.
async fn refuse(
    state: &AppState,
    page: PageCtx,
    session: &SessionInfo,
    to: (Back, ExerciseSet),
    item_id: Uuid,
    refusal: Refusal,
) -> AppResult<Response> {
    let refused = Refused {
        item_id,
        message_key: refusal.message_key(),
    };
    drawn_again(
        state,
        page,
        session,
        to,
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The set or revision page drawn again with a refusal at the item.
async fn drawn_again(
    state: &AppState,
    mut page: PageCtx,
    session: &SessionInfo,
    (back, set): (Back, ExerciseSet),
    refused: Refused,
    status: StatusCode,
) -> AppResult<Response> {
    // The language switcher must lead back to the page, not to this POST-only route.
    let mut response = match back {
        Back::Set => {
            page.path = format!("/exercises/{}", set.id);
            set_page(state, page, session, set, Some(refused)).await?
        }
        Back::Revision => {
            page.path = "/revision".into();
            let view = crate::routes::revision::View::default();
            crate::routes::revision::draw(state, page, session, view, Some(refused)).await?
        }
    };
    *response.status_mut() = status;
    Ok(response)
}
