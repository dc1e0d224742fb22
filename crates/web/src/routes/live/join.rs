//! `POST /live/{id}/join`: lets an invited person into the session's room, inside the
//! joining window only. The first join creates the room on the engine and stores it. The
//! answer is the join page: for Janus, the ticket in data attributes for the page script
//! (not built yet: a `<noscript>` says so); for BigBlueButton, a link to its signed URL (a
//! redirect after a form post would be refused by the `form-action 'self'` policy).
//!
//! An engine that is down or refuses marks the session (`Live::mark_engine_failure`) and
//! answers a clear message; the session, its invitations and attendance are untouched.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Duration;
use lawha_core::live::{join_window, JoinWindow};
use lawha_live::{Bandwidth, JoinTicket, Joiner, LiveError, Role, RoomSpec};
use lawha_store::live::engine::EngineRoom;
use serde::Deserialize;
use uuid::Uuid;

use super::visible;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// Minutes a room outlives its occurrence's planned end before the engine closes it.
const ROOM_MARGIN_MINUTES: i64 = 30;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct JoinFields {
    /// `screen-and-sound`, `sound-only` or `full`.
    mode: String,
}

/// The Janus ticket as the page script reads it (data attributes, escaped).
struct JanusData {
    server: String,
    room: String,
    pin: String,
    token: String,
    participant: String,
    /// The host's own participant id: the only feed a viewer's page follows (a page may
    /// join with any id; only Lawha can write the host's, marked with the room's secret).
    host: String,
    display: String,
}

#[derive(Template)]
#[template(path = "live/join.html")]
struct JoinPage {
    page: PageCtx,
    session_id: Uuid,
    title: String,
    moderator: bool,
    mode: &'static str,
    mode_label: String,
    janus: Option<JanusData>,
    /// janus.js on our origin; none where `libjs-janus-gateway` is not installed.
    janus_js: Option<String>,
    live_js: &'static str,
    redirect: Option<String>,
}

/// The message key of an engine failure, for the page.
pub(crate) fn message_of(e: &LiveError) -> &'static str {
    if e.is_engine_down() {
        "live-engine-down"
    } else {
        "live-engine-refused"
    }
}

fn bandwidth(mode: &str, host: bool, light_only: bool) -> (Bandwidth, &'static str) {
    match mode {
        _ if host => (Bandwidth::Full, "full"),
        "sound-only" => (Bandwidth::SoundOnly, "sound-only"),
        "full" if !light_only => (Bandwidth::Full, "full"),
        _ => (Bandwidth::ScreenAndSound, "screen-and-sound"),
    }
}

pub async fn join(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
    Form(fields): Form<JoinFields>,
) -> AppResult<Response> {
    let (session, access) = visible(&state, &viewer, id).await?;
    // An administrator who oversees the session sees its page, but joins only if invited.
    if !access.audience {
        return Err(AppError::Forbidden);
    }
    let hosts = access.hosts;
    let now = state.now();
    let JoinWindow::Open(occurrence) = join_window(&session.slot, now) else {
        return Err(AppError::Conflict("live-join-closed"));
    };
    // Someone the host put out of this occurrence gets no new ticket for it.
    if state
        .store
        .live()
        .is_removed(id, occurrence.starts_at, viewer.user.id)
        .await?
    {
        return Err(AppError::Conflict("live-removed"));
    }
    let Some(engine) = state.live.clone() else {
        return Err(AppError::Conflict("live-unavailable"));
    };
    let live = state.store.live();
    let failed = |e: LiveError| async move {
        tracing::warn!(session = %id, error = %e, "live engine failed at join");
        live.mark_engine_failure(id, e.code()).await?;
        Err::<Response, AppError>(AppError::Conflict(message_of(&e)))
    };
    let room = match live.engine_room(id).await? {
        Some(stored) => crate::live_engine::room_of(&stored),
        None => {
            let spec = RoomSpec {
                session: id,
                title: session.title.clone(),
                record: true,
                max_minutes: u32::try_from(
                    (occurrence.ends_at - now).num_minutes() + ROOM_MARGIN_MINUTES,
                )
                .ok(),
                callbacks_until: session.slot.last_end() + Duration::hours(1),
            };
            let room = match engine.create_room(&spec).await {
                Ok(room) => room,
                Err(e) => return failed(e).await,
            };
            live.attach_room(
                id,
                &EngineRoom {
                    room_id: room.id.expose().to_string(),
                    secret: room.secret.expose().to_string(),
                },
            )
            .await?;
            tracing::info!(session = %id, "live room created");
            room
        }
    };
    let light_only = viewer
        .grants
        .iter()
        .all(|g| matches!(g.role, lawha_core::Role::Pupil | lawha_core::Role::Trainee));
    let (bandwidth, mode) = bandwidth(&fields.mode, hosts, light_only);
    let joiner = Joiner {
        user: viewer.user.id,
        display_name: viewer.user.display_name.clone(),
        role: if hosts { Role::Moderator } else { Role::Viewer },
        bandwidth,
    };
    let ticket = match engine.join(&room, &joiner).await {
        Ok(ticket) => ticket,
        Err(e) => return failed(e).await,
    };
    // A removal that landed between the check above and the engine's join found nobody to
    // put out, and the join gave the token back: look again, and take it back.
    if live
        .is_removed(id, occurrence.starts_at, viewer.user.id)
        .await?
    {
        if let Err(e) = engine.remove(&room, viewer.user.id).await {
            return failed(e).await;
        }
        return Err(AppError::Conflict("live-removed"));
    }
    tracing::info!(session = %id, mode, "live join ticket issued");
    let (janus, redirect) = match &ticket {
        JoinTicket::Redirect(_) => (None, ticket.redirect_url().map(str::to_string)),
        _ => (
            ticket.janus().map(|t| JanusData {
                server: t.server.clone(),
                room: t.room.expose().to_string(),
                pin: t.pin.expose().to_string(),
                token: t.token.expose().to_string(),
                participant: t.participant.expose().to_string(),
                host: lawha_live::janus::participant::id_for(
                    &room.secret,
                    session.host_id,
                    Role::Moderator,
                ),
                display: t.display.clone(),
            }),
            None,
        ),
    };
    let mut response = render(&JoinPage {
        mode_label: page.t(&format!("live-mode-{mode}")),
        page,
        session_id: id,
        title: session.title,
        moderator: hosts,
        mode,
        janus,
        janus_js: state.live_page.janus_js_href().map(str::to_string),
        live_js: crate::assets::live_js_href(),
        redirect,
    })?;
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_get_everything_and_pupils_the_lighter_modes() {
        assert_eq!(bandwidth("sound-only", true, false).0, Bandwidth::Full);
        assert_eq!(bandwidth("sound-only", false, true).0, Bandwidth::SoundOnly);
        assert_eq!(bandwidth("full", false, true).0, Bandwidth::ScreenAndSound);
        assert_eq!(bandwidth("full", false, false).0, Bandwidth::Full);
        assert_eq!(bandwidth("", false, true).0, Bandwidth::ScreenAndSound);
    }
}
