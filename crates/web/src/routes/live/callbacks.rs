//! The conferencing engine's calls back to Lawha (BigBlueButton's): `GET
//! /live/bbb/meeting-ended` (the `meta_endCallbackUrl` given at create, with Lawha's own
//! token) and `POST /live/bbb/recording-ready` (`meta_bbb-recording-ready-url`, a form whose
//! `signed_parameters` is the engine's HS256 JWT).
//!
//! Machines, not browsers: no session and no CSRF token (the router mounts them beside
//! `/sync/up`, outside those layers); the signature is the only authentication, checked by
//! `lawha_live::callbacks` with the engine's shared secret before anything is read. A call
//! that is unsigned, malformed, forged or expired is answered 401; one for a session or room
//! Lawha does not know, 404; without an engine that calls back (none, or Janus), 404. Each
//! refusal is logged with its reason only — never the token, the room id or anyone's name —
//! and changes nothing.
//!
//! Acting on a good call: meeting ended closes the occurrence's attendance from the
//! engine's (now empty) list, as the host's end button does; recording ready records the
//! recording as pending under the occurrence its meeting was created in (idempotent: a
//! replayed token adds nothing), so the recordings worker takes it.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lawha_store::StoreError;

use crate::live_attendance::{current_occurrence, sync_session};
use crate::AppState;

/// A refusal: logged with its reason, answered with a status and no detail.
fn refused(status: StatusCode, callback: &'static str, reason: &dyn std::fmt::Display) -> Response {
    tracing::warn!(callback, %reason, status = status.as_u16(), "live callback refused");
    (status, "refused").into_response()
}

/// `GET /live/bbb/meeting-ended?token=…&recordingmarks=…`.
pub async fn meeting_ended(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    const CALLBACK: &str = "meeting-ended";
    let Some(engine) = state.live.clone() else {
        return refused(StatusCode::NOT_FOUND, CALLBACK, &"no engine");
    };
    let Some(secret) = engine.callback_secret() else {
        return refused(
            StatusCode::NOT_FOUND,
            CALLBACK,
            &"engine makes no callbacks",
        );
    };
    let now = state.now();
    let ended = match lawha_live::callbacks::verify_meeting_ended(
        query.as_deref().unwrap_or(""),
        secret,
        now,
    ) {
        Ok(ended) => ended,
        Err(fault) => return refused(StatusCode::UNAUTHORIZED, CALLBACK, &fault),
    };
    let live = state.store.live();
    let session = match live.session(ended.session).await {
        Ok(session) => session,
        Err(StoreError::NotFound) => {
            return refused(StatusCode::NOT_FOUND, CALLBACK, &"unknown session")
        }
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    match live.engine_room(session.id).await {
        Ok(Some(_)) => {}
        Ok(None) => return refused(StatusCode::NOT_FOUND, CALLBACK, &"session has no room"),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    }
    // The room has ended on the engine: its list is empty, so whoever Lawha still counts as
    // in gets a leave now. An engine that does not answer leaves it to the poller, which
    // closes the occurrence at its end; the call itself is taken.
    if let Err(e) = sync_session(&state.store, engine.as_ref(), &session, now).await {
        tracing::warn!(session = %session.id, error = %e, "attendance not closed on meeting-ended");
    }
    tracing::info!(
        session = %session.id,
        recording_marks = ended.recording_marks,
        "live room ended (engine callback)"
    );
    (StatusCode::OK, "ok").into_response()
}

/// `POST /live/bbb/recording-ready` with `signed_parameters=<JWT>`.
pub async fn recording_ready(State(state): State<AppState>, body: Bytes) -> Response {
    const CALLBACK: &str = "recording-ready";
    let Some(engine) = state.live.clone() else {
        return refused(StatusCode::NOT_FOUND, CALLBACK, &"no engine");
    };
    let Some(secret) = engine.callback_secret() else {
        return refused(
            StatusCode::NOT_FOUND,
            CALLBACK,
            &"engine makes no callbacks",
        );
    };
    let now = state.now();
    let ready = match lawha_live::callbacks::verify_recording_ready(&body, secret, now) {
        Ok(ready) => ready,
        Err(fault) => return refused(StatusCode::UNAUTHORIZED, CALLBACK, &fault),
    };
    let live = state.store.live();
    let session = match live.session_of_room(ready.room.expose()).await {
        Ok(Some(id)) => id,
        Ok(None) => return refused(StatusCode::NOT_FOUND, CALLBACK, &"unknown room"),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let session = match live.session(session).await {
        Ok(session) => session,
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    // The recording belongs to the occurrence it recorded: its id carries its meeting's
    // creation time (the room is made at an occurrence's first join), so a callback that
    // comes after the next weekly occurrence's window opened is not filed under that one.
    // An id without a usable time falls back to the occurrence whose window opened last.
    let at = lawha_live::bbb::recording_started(&ready.recording)
        .filter(|t| *t <= now && current_occurrence(&session, *t).is_some())
        .unwrap_or(now);
    let Some(occurrence) = current_occurrence(&session, at) else {
        return refused(StatusCode::NOT_FOUND, CALLBACK, &"session not begun");
    };
    match live
        .add_recording(session.id, &ready.recording.0, occurrence.starts_at)
        .await
    {
        Ok(recording) => {
            tracing::info!(
                session = %session.id,
                recording = %recording.id,
                "live recording reported ready (engine callback)"
            );
            (StatusCode::OK, "ok").into_response()
        }
        // Known under another session, or an id the store refuses.
        Err(StoreError::NotFound) => refused(
            StatusCode::NOT_FOUND,
            CALLBACK,
            &"recording of another session",
        ),
        Err(StoreError::Invalid { .. }) => {
            refused(StatusCode::BAD_REQUEST, CALLBACK, &"recording id refused")
        }
        Err(e) => crate::error::AppError::from(e).into_response(),
    }
}
