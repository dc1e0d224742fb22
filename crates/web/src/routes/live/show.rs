//! `GET /live/{id}`: a session's page — when, who hosts, whether joining is open (the join
//! form only inside the window, to its audience), the engine's last failure; for the host,
//! the end button; for the host and the administrators who oversee it, the attendance of
//! the current (or last) occurrence with durations, and its recordings: state, draft
//! capsule, failure (translated) and a retry button. `POST /live/{id}/end` is the host's;
//! `GET /live/{id}/attendance.csv` and `POST /live/{id}/recordings/{recording}/retry` the
//! host's and overseers'.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use lawha_core::live::RecordingStatus;
use lawha_core::live::{join_window, JoinWindow, Occurrence};
use lawha_core::Role;
use lawha_store::live::attendance::SessionAttendance;
use lawha_store::live::recordings::{Recording, RecordingMove};
use lawha_store::live::Session;
use lawha_store::{Refusal, StoreError};
use uuid::Uuid;

use super::{minutes, visible, when};
use crate::csv_export::csv_file;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::live_attendance::{current_occurrence, sync_session};
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// One person's line in the attendance list.
struct AttendeeLine {
    user: Uuid,
    name: String,
    from: String,
    to: String,
    duration: String,
    stayed_to_end: bool,
}

#[derive(Template)]
#[template(path = "live/show.html")]
struct SessionPage {
    page: PageCtx,
    session: Session,
    host_name: String,
    hosts: bool,
    /// In the audience: may join.
    audience: bool,
    /// Host or overseeing administrator: attendance and recordings.
    oversees: bool,
    /// The occurrence open now or next, as read.
    when: String,
    /// Joining is open now.
    open: bool,
    /// Joining opens then (local time), when not open yet.
    opens_at: Option<String>,
    over: bool,
    engine: bool,
    /// Pupils and trainees choose between the two lighter modes only.
    light_only: bool,
    room_exists: bool,
    attendance: Option<SessionAttendance>,
    attendees: Vec<AttendeeLine>,
    attendance_when: String,
    recordings: Vec<RecordingLine>,
}

/// A recording as listed: its day, its state's words, why it failed (translated, with the
/// stable code for support), its draft capsule, and whether it may be retried.
struct RecordingLine {
    id: Uuid,
    day: String,
    state: String,
    failure: Option<String>,
    code: Option<String>,
    capsule: Option<Uuid>,
    retry: bool,
}

impl RecordingLine {
    fn of(page: &PageCtx, r: &Recording) -> RecordingLine {
        RecordingLine {
            id: r.id,
            day: page.date(&r.occurrence_start),
            state: page.t(&format!("live-recording-{}", r.status.as_str())),
            failure: r.failure.as_deref().map(|code| page.t(failure_key(code))),
            code: r.failure.clone(),
            capsule: r.capsule_id,
            retry: r.status == RecordingStatus::Failed,
        }
    }
}

/// The message key of a recording's failure code (`to_capsule::reason_code`'s): the code
/// itself where it has a message, the media pipeline's codes under one, and any other a
/// general message (the code is shown beside it), so no failure is ever shown blank.
pub(crate) fn failure_key(code: &str) -> &'static str {
    const KEYS: [&str; 12] = [
        "live-engine-down",
        "live-engine-refused",
        "live-no-such-room",
        "live-invalid",
        "live-files",
        "live-conversion-failed",
        "live-unsupported",
        "live-recording-no-lesson",
        "live-recording-interrupted",
        "live-store",
        "live-callback-refused",
        "live-media",
    ];
    if let Some(key) = KEYS.iter().find(|k| **k == code) {
        return key;
    }
    if code.starts_with("live-media-") {
        return "live-media";
    }
    "live-recording-failed-other"
}

/// Whether someone was there at the end: still joined, or closed at the end by the poller.
fn stayed(presence: &lawha_core::live::Presence, occurrence: &Occurrence) -> bool {
    presence.stayed_to_end || presence.last_leave >= occurrence.ends_at
}

/// The occurrence whose attendance the host sees: the current or last one begun.
fn attendance_occurrence(session: &Session, now: chrono::DateTime<chrono::Utc>) -> Occurrence {
    current_occurrence(session, now).unwrap_or(session.slot.first)
}

pub async fn show(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let (session, access) = visible(&state, &viewer, id).await?;
    let now = state.now();
    let zone = state.config.time_zone;
    let live = state.store.live();
    let window = join_window(&session.slot, now);
    let (when_text, open, opens_at, over) = match window {
        JoinWindow::Open(o) => (when(&page, zone, &o), true, None, false),
        JoinWindow::NotYet {
            occurrence,
            opens_at,
        } => (
            when(&page, zone, &occurrence),
            false,
            Some(opens_at.with_timezone(&zone).format("%H:%M").to_string()),
            false,
        ),
        JoinWindow::Over => {
            let last = session.slot.all().last().unwrap_or(session.slot.first);
            (when(&page, zone, &last), false, None, true)
        }
    };
    let host_name = state
        .store
        .accounts()
        .user(session.host_id)
        .await?
        .display_name;
    let light_only = viewer
        .grants
        .iter()
        .all(|g| matches!(g.role, Role::Pupil | Role::Trainee));
    let room_exists = live.engine_room(id).await?.is_some();
    let (attendance, attendees, attendance_when, recordings) = if access.oversees {
        let occurrence = attendance_occurrence(&session, now);
        let attendance = live.attendance(id, occurrence.starts_at).await?;
        let local =
            |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone).format("%H:%M").to_string();
        let attendees = attendance
            .people
            .iter()
            .map(|a| AttendeeLine {
                user: a.user_id,
                name: a.display_name.clone(),
                from: local(a.presence.first_join),
                to: local(a.presence.last_leave),
                duration: minutes(a.presence.seconds),
                stayed_to_end: stayed(&a.presence, &occurrence),
            })
            .collect();
        (
            Some(attendance),
            attendees,
            when(&page, zone, &occurrence),
            live.recordings(id)
                .await?
                .iter()
                .map(|r| RecordingLine::of(&page, r))
                .collect(),
        )
    } else {
        (None, Vec::new(), String::new(), Vec::new())
    };
    render(&SessionPage {
        page,
        host_name,
        hosts: access.hosts,
        audience: access.audience,
        oversees: access.oversees,
        when: when_text,
        open,
        opens_at,
        over,
        engine: state.live.is_some(),
        light_only,
        room_exists,
        attendance,
        attendees,
        attendance_when,
        recordings,
        session,
    })
}

/// `POST /live/{id}/end`: the host ends the room for everyone; the attendance is closed
/// from the engine's (now empty) list. An engine that is down marks the session and says
/// so; nothing stored is lost.
pub async fn end(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let (session, access) = visible(&state, &viewer, id).await?;
    if !access.hosts {
        return Err(AppError::Forbidden);
    }
    let Some(engine) = state.live.clone() else {
        return Err(AppError::Conflict("live-unavailable"));
    };
    let live = state.store.live();
    if let Some(stored) = live.engine_room(id).await? {
        let room = crate::live_engine::room_of(&stored);
        if let Err(e) = engine.end(&room).await {
            tracing::warn!(session = %id, error = %e, "live room not ended");
            live.mark_engine_failure(id, e.code()).await?;
            return Err(AppError::Conflict(super::join::message_of(&e)));
        }
        tracing::info!(session = %id, "live room ended by its host");
        if let Err(e) = sync_session(&state.store, engine.as_ref(), &session, state.now()).await {
            tracing::warn!(session = %id, error = %e, "attendance not closed at the end");
        }
    }
    Ok(Redirect::to(&format!("/live/{id}")).into_response())
}

/// `POST /live/{id}/recordings/{recording}/retry` (host, overseers): a failed recording goes back to
/// pending, and the recordings worker converts it again. Nothing is asked of the engine
/// here, so an engine that is down loses nothing: the recording waits, listed as pending.
/// A recording that is not failed (or of another session) is refused as such.
pub async fn retry_recording(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    Path((id, recording)): Path<(Uuid, Uuid)>,
) -> AppResult<Response> {
    let (_, access) = visible(&state, &viewer, id).await?;
    if !access.oversees {
        return Err(AppError::Forbidden);
    }
    let live = state.store.live();
    if live.recording(recording).await?.session_id != id {
        return Err(AppError::NotFound);
    }
    match live.move_recording(recording, &RecordingMove::Retry).await {
        Ok(_) => {
            tracing::info!(session = %id, %recording, host = access.hosts, "live recording retried");
            Ok(Redirect::to(&format!("/live/{id}")).into_response())
        }
        Err(StoreError::Conflict(Refusal::CannotMoveRecording)) => {
            Err(AppError::Conflict("live-recording-not-failed"))
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /live/{id}/attendance.csv`: the host's (and overseers') attendance list of the current (or last)
/// occurrence: name, first join, last leave, minutes, stayed to the end.
pub async fn attendance_csv(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let (session, access) = visible(&state, &viewer, id).await?;
    if !access.oversees {
        return Err(AppError::Forbidden);
    }
    let zone = state.config.time_zone;
    let occurrence = attendance_occurrence(&session, state.now());
    let attendance = state
        .store
        .live()
        .attendance(id, occurrence.starts_at)
        .await?;
    let stamp = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&zone)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    let mut rows = vec![vec![
        page.t("col-name"),
        page.t("live-col-first-join"),
        page.t("live-col-last-leave"),
        page.t("live-col-minutes"),
        page.t("live-col-stayed"),
    ]];
    for a in &attendance.people {
        rows.push(vec![
            a.display_name.clone(),
            stamp(a.presence.first_join),
            stamp(a.presence.last_leave),
            a.presence.minutes().to_string(),
            if stayed(&a.presence, &occurrence) {
                "1"
            } else {
                "0"
            }
            .to_string(),
        ]);
    }
    let body = csv_file(rows)?;
    let name = format!(
        "attachment; filename=\"attendance-{}.csv\"",
        occurrence
            .starts_at
            .with_timezone(&zone)
            .format("%Y%m%d-%H%M")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}
