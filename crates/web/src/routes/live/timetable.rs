//! `GET /live`: my timetable — sessions open for joining now, the coming ones, and (for the
//! sessions I host) the past ones with their attendance.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Duration;
use lawha_core::live::{join_window, JoinWindow};
use lawha_store::live::Session;

use super::when;
use crate::error::AppResult;
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// How far back the timetable lists past sessions.
const PAST_DAYS: i64 = 60;

/// One line of the timetable.
struct Line {
    session: Session,
    when: String,
    hosts: bool,
}

#[derive(Template)]
#[template(path = "live/timetable.html")]
struct TimetablePage {
    page: PageCtx,
    live_now: Vec<Line>,
    coming: Vec<Line>,
    /// Past sessions the viewer hosted (each links to its attendance).
    past: Vec<Line>,
    /// Whether this node has a conferencing engine.
    engine: bool,
    /// Whether the viewer may schedule (teaching or administering somewhere).
    schedules: bool,
}

pub async fn show(
    State(state): State<AppState>,
    Signed(viewer): Signed,
    page: PageCtx,
) -> AppResult<Response> {
    let now = state.now();
    let zone = state.config.time_zone;
    let me = viewer.user.id;
    let sessions = state
        .store
        .live()
        .sessions_for(me, now - Duration::days(PAST_DAYS))
        .await?;
    let (mut live_now, mut coming, mut past) = (Vec::new(), Vec::new(), Vec::new());
    for session in sessions {
        let hosts = session.host_id == me;
        match join_window(&session.slot, now) {
            JoinWindow::Open(o) => live_now.push(Line {
                when: when(&page, zone, &o),
                session,
                hosts,
            }),
            JoinWindow::NotYet { occurrence, .. } => coming.push(Line {
                when: when(&page, zone, &occurrence),
                session,
                hosts,
            }),
            JoinWindow::Over if hosts => {
                let last = session.slot.all().last().unwrap_or(session.slot.first);
                past.push(Line {
                    when: when(&page, zone, &last),
                    session,
                    hosts,
                });
            }
            JoinWindow::Over => {}
        }
    }
    past.reverse();
    render(&TimetablePage {
        engine: state.live.is_some(),
        schedules: super::schedule::may_schedule_something(&viewer),
        page,
        live_now,
        coming,
        past,
    })
}
