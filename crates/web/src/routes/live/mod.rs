//! Live sessions on the web (issue 17): the timetable, the scheduling form, a session's
//! page, joining, ending, the attendance export, retrying a failed recording, and the
//! engine's callbacks (`callbacks.rs`, the only routes here without a session).
//!
//! Every route is signed in. Who may see a session is the store's audience rule
//! (`Live::may_join`: the host, the class or group, the programme's groups, a staff
//! meeting's invitees) and the administrators in scope who oversee it (`Live::may_oversee`:
//! its page with attendance and recordings, retrying a recording); anyone else gets "not
//! found", as for every object outside one's scope. Ending is the host's alone. The engine is `AppState::live`; without
//! one, pages say live classes are not available here, and scheduling still works.

mod callbacks;
mod join;
mod moderation;
mod mute;
mod remove;
mod schedule;
mod show;
mod timetable;

use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use lawha_core::live::Occurrence;
use lawha_store::live::Session;
use lawha_store::SessionInfo;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::page::PageCtx;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/live", get(timetable::show))
        .route("/live/new", get(schedule::form).post(schedule::submit))
        .route("/live/{id}", get(show::show))
        .route("/live/{id}/join", post(join::join))
        .route("/live/{id}/end", post(show::end))
        .route("/live/{id}/remove", post(remove::remove))
        .route("/live/{id}/mute", post(mute::mute))
        .route("/live/{id}/attendance.csv", get(show::attendance_csv))
        .route(
            "/live/{id}/recordings/{recording}/retry",
            post(show::retry_recording),
        )
}

/// The engine's callbacks: no session, no CSRF (machines sign them; see `callbacks`).
/// Mounted beside `/sync/up`, outside the session and CSRF layers.
pub fn callback_routes() -> Router<AppState> {
    Router::new()
        .route("/live/bbb/meeting-ended", get(callbacks::meeting_ended))
        .route(
            "/live/bbb/recording-ready",
            post(callbacks::recording_ready),
        )
}

/// What a viewer may do with a session they may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Access {
    /// They host it: joining as moderator, ending.
    pub hosts: bool,
    /// They are in its audience (or host it): joining.
    pub audience: bool,
    /// They host it or oversee it as an administrator in scope (`Live::may_oversee`):
    /// attendance, its CSV, recordings and retrying one.
    pub oversees: bool,
}

/// A session the viewer may see, and what they may do with it; "not found" to anyone
/// neither in its audience nor overseeing it (a pupil of another class learns nothing of
/// the session).
pub(crate) async fn visible(
    state: &AppState,
    viewer: &SessionInfo,
    id: Uuid,
) -> AppResult<(Session, Access)> {
    let live = state.store.live();
    let audience = live.may_join(viewer.user.id, id).await?;
    let session = match live.session(id).await {
        Ok(session) => session,
        Err(lawha_store::StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let hosts = session.host_id == viewer.user.id;
    let oversees = hosts || live.may_oversee(viewer.user.id, id).await?;
    if !audience && !oversees {
        return Err(AppError::NotFound);
    }
    Ok((
        session,
        Access {
            hosts,
            audience,
            oversees,
        },
    ))
}

/// An occurrence as people read it: its day, and its start and end on the platform's clock.
pub(crate) fn when(page: &PageCtx, zone: Tz, occurrence: &Occurrence) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).format("%H:%M").to_string();
    format!(
        "{} {}–{}",
        page.date(
            &occurrence
                .starts_at
                .with_timezone(&zone)
                .naive_local()
                .and_utc()
        ),
        local(occurrence.starts_at),
        local(occurrence.ends_at)
    )
}

/// Minutes as `h:mm` or `m min`, the same in both languages.
pub(crate) fn minutes(seconds: i64) -> String {
    let m = seconds.max(0) / 60;
    if m >= 60 {
        format!("{}:{:02}", m / 60, m % 60)
    } else {
        format!("{m} min")
    }
}
