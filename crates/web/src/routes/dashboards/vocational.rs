//! `GET /dashboards/vocational`: attendance and progress of vocational training — per
//! establishment and per group of trainees over the last four weeks. Trainers see their own
//! groups; administrators (the monitoring committee at each level) see the establishments
//! of their scope, with the privacy rule applied to groups under the threshold.
//!
//! Two attendances, named apart: platform activity (days with activity over 20 training
//! days) and real live-class attendance, taken from the conferencing engine's joins and
//! leaves (`live_attendance_events`, through `Live::group_live_attendance`): seats taken of
//! the seats there were (each trainee at each session held for their group), and minutes
//! per trainee. A hidden group hides both; each trainee's own is on the group's page.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Duration;
use lawha_core::role::admin_scopes;
use lawha_core::Role;
use lawha_store::learning::class_progress::GroupActivity;
use lawha_store::live::attendance::GroupLiveAttendance;
use lawha_store::rollups::dashboards::{hidden_groups, MIN_GROUP};
use lawha_store::{ListFilter, Page, SchoolKind};
use uuid::Uuid;

use super::figures::percent;
use crate::error::{AppError, AppResult};
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// School days in the four weeks looked at (attendance's base).
const SCHOOL_DAYS: i64 = 20;
const WEEKS: i64 = 4;

pub struct GroupRow {
    pub name: String,
    pub href: String,
    pub trainees: i64,
    pub activity: GroupActivity,
    /// Live classes attended, from the engine's events.
    pub live: GroupLiveAttendance,
    pub suppressed: bool,
}

impl GroupRow {
    /// Why a hidden group is hidden (see [`super::figures::suppressed_key`]).
    pub fn suppressed_key(&self) -> &'static str {
        super::figures::suppressed_key(self.trainees)
    }

    pub fn attendance(&self) -> String {
        percent(
            (self.trainees > 0)
                .then(|| self.activity.active_days as f64 / (self.trainees * SCHOOL_DAYS) as f64),
        )
    }

    /// Seats taken at live classes held, of the seats there were.
    pub fn live_attendance(&self) -> String {
        percent((self.live.seats > 0).then(|| self.live.attended as f64 / self.live.seats as f64))
    }

    /// Live-class minutes per trainee (whole minutes).
    pub fn live_minutes(&self) -> i64 {
        if self.trainees > 0 {
            self.live.minutes / self.trainees
        } else {
            0
        }
    }

    pub fn mastery(&self) -> String {
        percent(
            (self.activity.started > 0)
                .then(|| self.activity.mastered as f64 / self.activity.started as f64),
        )
    }
}

pub struct Establishment {
    pub name: String,
    pub total: GroupRow,
    pub groups: Vec<GroupRow>,
}

#[derive(Template)]
#[template(path = "dashboards/vocational.html")]
struct VocationalPage {
    page: PageCtx,
    establishments: Vec<Establishment>,
    weeks: i64,
    min_group: i64,
}

pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
) -> AppResult<Response> {
    let store = &state.store;
    let trainer = session
        .grants
        .iter()
        .any(|g| g.role == Role::VocationalTrainer);
    let scopes = admin_scopes(&session.grants);
    if !trainer && scopes.is_empty() {
        return Err(AppError::Forbidden);
    }
    let today = state
        .now()
        .with_timezone(&state.config.time_zone)
        .date_naive();
    let (from, to) = (today - Duration::days(WEEKS * 7 - 1), today);
    // The same four weeks on the clock, for live sessions: from the platform's midnight.
    let now = state.now();
    let live_from = from
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(state.config.time_zone).earliest())
        .map_or(now - Duration::days(WEEKS * 7), |t| {
            t.with_timezone(&chrono::Utc)
        });
    // The groups to show, by establishment: all of the admin's vocational ones, or the
    // trainer's own.
    let mut by_school: Vec<(Uuid, Vec<lawha_store::ClassSummary>)> = Vec::new();
    if !scopes.is_empty() {
        let filter = ListFilter {
            scopes: scopes.clone(),
            ..ListFilter::default()
        };
        let schools = store
            .org()
            .list_schools(&filter, Page::new(1, Page::MAX_SIZE))
            .await?;
        for school in schools
            .items
            .into_iter()
            .filter(|s| s.kind == SchoolKind::Vocational)
        {
            let classes = store
                .org()
                .list_classes(
                    &ListFilter {
                        scopes: scopes.clone(),
                        school: Some(school.id),
                        ..ListFilter::default()
                    },
                    Page::new(1, Page::MAX_SIZE),
                )
                .await?;
            by_school.push((school.id, classes.items));
        }
    } else {
        for c in store.accounts().classes_of(session.user.id).await? {
            if store
                .accounts()
                .teaches(session.user.id, c.class.id)
                .await?
            {
                match by_school.iter_mut().find(|(s, _)| *s == c.class.school_id) {
                    Some((_, list)) => list.push(c),
                    None => by_school.push((c.class.school_id, vec![c])),
                }
            }
        }
    }
    let suppress = !scopes.is_empty();
    let mut establishments = Vec::new();
    for (school_id, classes) in by_school {
        let school = store.org().school(school_id).await?;
        let mut groups = Vec::new();
        let mut all_members = Vec::new();
        let mut live_total = GroupLiveAttendance::default();
        for c in classes {
            let members: Vec<Uuid> = store
                .accounts()
                .class_members(c.class.id)
                .await?
                .into_iter()
                .map(|u| u.id)
                .collect();
            let activity = store.learning().group_activity(&members, from, to).await?;
            let live = store
                .live()
                .group_live_attendance(c.class.id, live_from, now, now)
                .await?;
            live_total.add(&live);
            let trainees = members.len() as i64;
            all_members.extend(members);
            groups.push(GroupRow {
                name: c.class.name.clone(),
                href: format!("/classes/{}", c.class.id),
                trainees,
                activity,
                live,
                suppressed: suppress && trainees < MIN_GROUP,
            });
        }
        if suppress {
            // The establishment's total is shown beside its groups.
            let sizes: Vec<i64> = groups.iter().map(|g| g.trainees).collect();
            for (group, hidden) in groups.iter_mut().zip(hidden_groups(&sizes)) {
                group.suppressed = hidden;
            }
        }
        let activity = store
            .learning()
            .group_activity(&all_members, from, to)
            .await?;
        let trainees = all_members.len() as i64;
        establishments.push(Establishment {
            name: school.name(page.locale).to_string(),
            total: GroupRow {
                name: school.name(page.locale).to_string(),
                href: String::new(),
                trainees,
                activity,
                live: live_total,
                suppressed: suppress && trainees < MIN_GROUP,
            },
            groups,
        });
    }
    render(&VocationalPage {
        page,
        establishments,
        weeks: WEEKS,
        min_group: MIN_GROUP,
    })
}
