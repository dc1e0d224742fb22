//! `GET /classes/{id}`: the class page — the roster for administrators; for teachers and
//! the school's administrators, the pupils × lessons grid of a subject, pupils at risk,
//! assignments (and, for teachers, the form to assign work).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use lawha_core::reference;
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::curriculum::Lesson;
use lawha_store::learning::assignments::AssignmentProgress;
use lawha_store::learning::class_progress::{ClassGrid, LessonCell};
use lawha_store::learning::exercises::ExerciseSet;
use lawha_store::{Class, User};
use serde::Deserialize;
use uuid::Uuid;

use super::{access, ClassAccess};
use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// What the last assignment attempt did (`done=` in the address), as the page says it.
const DONE_CODES: [&str; 8] = [
    "assigned",
    "already-assigned",
    "bad-work",
    "unavailable-work",
    "bad-date",
    "past-date",
    "bad-pupils",
    "no-pupils",
];

/// A pupil is at risk after this many days without activity.
pub const INACTIVE_DAYS: i64 = 7;

#[derive(Debug, Deserialize, Default)]
pub struct GridQuery {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    done: String,
}

/// A subject of the class's level, for the filter.
pub struct SubjectChoice {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

/// Why a pupil is at risk.
pub struct AtRisk {
    pub pupil: User,
    pub inactive_days: Option<i64>,
    /// Lessons the class has worked on where the pupil struggles.
    pub struggling: Vec<String>,
}

/// Something that can be assigned.
pub struct WorkChoice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "classes/show.html")]
struct ClassPage {
    page: PageCtx,
    class: Class,
    school_name: String,
    level_name: String,
    members: Vec<User>,
    access: ClassAccess,
    subjects: Vec<SubjectChoice>,
    subject: String,
    lessons: Vec<Lesson>,
    grid: ClassGrid,
    /// Items answered and mean latest score per pupil.
    marks: std::collections::HashMap<Uuid, (i64, f64)>,
    at_risk: Vec<AtRisk>,
    assignments: Vec<AssignmentProgress>,
    work: Vec<WorkChoice>,
    today: NaiveDate,
    done: String,
    /// Per-pupil attendance of the class's live sessions over the last days.
    live: Option<lawha_store::live::attendance::ClassAttendance>,
}

impl ClassPage {
    fn cell(&self, pupil: &Uuid, lesson: &Uuid) -> LessonCell {
        self.grid
            .cells
            .get(&(*pupil, *lesson))
            .copied()
            .unwrap_or_default()
    }

    /// The cell's CSS class and its words (the colour is never the only sign).
    fn cell_class(&self, pupil: &Uuid, lesson: &Uuid) -> &'static str {
        let c = self.cell(pupil, lesson);
        match c.state {
            3 => "m3",
            2 => "m2",
            1 => "m1",
            _ if c.watched || c.started => "w",
            _ => "m0",
        }
    }

    fn cell_key(&self, pupil: &Uuid, lesson: &Uuid) -> String {
        format!("grid-{}", self.cell_class(pupil, lesson))
    }

    fn watched_mark(&self, pupil: &Uuid, lesson: &Uuid) -> bool {
        self.cell(pupil, lesson).watched
    }

    fn last_active(&self, pupil: &Uuid) -> String {
        self.grid
            .last_active
            .get(pupil)
            .map(NaiveDate::to_string)
            .unwrap_or_default()
    }

    fn done_key(&self) -> String {
        format!("class-done-{}", self.done)
    }

    fn mean_score(&self, pupil: &Uuid) -> String {
        match self.marks.get(pupil) {
            Some((n, mean)) if *n > 0 => format!("{}%", (mean * 100.0).round() as i64),
            _ => "—".to_string(),
        }
    }

    fn can_assign(&self) -> bool {
        self.access == ClassAccess::Teacher
    }

    fn sees_pupils(&self) -> bool {
        self.access.sees_pupils()
    }

    fn percent(&self, a: &AssignmentProgress) -> i64 {
        if a.pupils == 0 {
            0
        } else {
            a.completed * 100 / a.pupils
        }
    }

    fn default_due(&self) -> NaiveDate {
        self.today + chrono::Duration::days(7)
    }
}

/// How far back the class page counts live-session attendance.
const LIVE_ATTENDANCE_DAYS: i64 = 30;

pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
    Query(query): Query<GridQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let class = store.org().class(id).await?;
    let access = access(store, &session, &class).await?;
    let school = store.org().school(class.school_id).await?;
    let members = store.accounts().class_members(id).await?;
    let level = class
        .level_code
        .clone()
        .or(class.programme_code.clone())
        .unwrap_or_default();
    let level_name = reference::level(&level)
        .map(|l| page.pick(&l.name_ar, &l.name_fr).to_string())
        .or_else(|| {
            reference::programme(&level).map(|p| page.pick(&p.name_ar, &p.name_fr).to_string())
        })
        .unwrap_or_else(|| level.clone());
    let today = state
        .now()
        .with_timezone(&state.config.time_zone)
        .date_naive();
    let mut view = ClassPage {
        school_name: school.name(page.locale).to_string(),
        level_name,
        class,
        members,
        access,
        subjects: Vec::new(),
        subject: String::new(),
        lessons: Vec::new(),
        grid: ClassGrid::default(),
        marks: Default::default(),
        at_risk: Vec::new(),
        assignments: Vec::new(),
        work: Vec::new(),
        today,
        done: Some(query.done.trim())
            .filter(|d| DONE_CODES.contains(d))
            .unwrap_or_default()
            .to_string(),
        live: None,
        page,
    };
    if !access.sees_pupils() {
        return render(&view);
    }
    let subjects = store.catalog().subjects_with_units(&level).await?;
    // Without a choice in the address, a teacher sees the subject they teach in this class:
    // the level's first subject (alphabetically French for a college class) would greet a
    // maths teacher with French lessons.
    let taught = match (query.subject.trim().is_empty(), access) {
        (true, ClassAccess::Teacher) => {
            store.accounts().taught_subject(session.user.id, id).await?
        }
        _ => None,
    };
    let asked = taught.as_deref().unwrap_or(query.subject.trim());
    let chosen = subjects
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(asked))
        .or(subjects.first())
        .map(|(code, _)| code.clone())
        .unwrap_or_default();
    view.subjects = subjects
        .iter()
        .map(|(code, _)| SubjectChoice {
            name: reference::subjects()
                .iter()
                .find(|s| &s.code == code)
                .map_or_else(
                    || code.clone(),
                    |s| view.page.pick(&s.name_ar, &s.name_fr).to_string(),
                ),
            selected: *code == chosen,
            code: code.clone(),
        })
        .collect();
    view.lessons = store
        .catalog()
        .units_with_lessons(&level, &chosen)
        .await?
        .into_iter()
        .flat_map(|u| u.lessons)
        .collect();
    let pupils: Vec<Uuid> = view.members.iter().map(|m| m.id).collect();
    let lesson_ids: Vec<Uuid> = view.lessons.iter().map(|l| l.id).collect();
    view.grid = store.learning().class_grid(&pupils, &lesson_ids).await?;
    view.marks = store.learning().pupil_marks(&pupils).await?;
    view.at_risk = at_risk(&view, today);
    view.assignments = store.learning().class_assignments(id).await?;
    let now = state.now();
    let from = now - chrono::Duration::days(LIVE_ATTENDANCE_DAYS);
    view.live = Some(store.live().class_attendance(id, from, now, now).await?);
    if access == ClassAccess::Teacher {
        let school = view.class.school_id;
        view.work = work_choices(&state, &view.lessons, school, &view.page).await?;
    }
    view.subject = chosen;
    render(&view)
}

/// Pupils inactive for [`INACTIVE_DAYS`] (or never active), and pupils struggling in a
/// lesson at least half the class has started.
fn at_risk(view: &ClassPage, today: NaiveDate) -> Vec<AtRisk> {
    let half = view.members.len().div_ceil(2).max(1);
    let worked: Vec<&Lesson> = view
        .lessons
        .iter()
        .filter(|l| {
            view.members
                .iter()
                .filter(|m| view.cell(&m.id, &l.id).state > 0)
                .count()
                >= half
        })
        .collect();
    view.members
        .iter()
        .filter_map(|m| {
            let inactive = match view.grid.last_active.get(&m.id) {
                Some(day) => Some((today - *day).num_days()).filter(|d| *d >= INACTIVE_DAYS),
                None => Some(-1),
            };
            let struggling: Vec<String> = worked
                .iter()
                .filter(|l| view.cell(&m.id, &l.id).state == 1)
                .map(|l| view.page.pick_or(&l.title_ar, &l.title_fr).to_string())
                .collect();
            (inactive.is_some() || !struggling.is_empty()).then(|| AtRisk {
                pupil: m.clone(),
                inactive_days: inactive,
                struggling,
            })
        })
        .collect()
}

/// The published capsules open to the class's school and the exercise sets of these
/// lessons (a capsule restricted to another school is not even named).
async fn work_choices(
    state: &AppState,
    lessons: &[Lesson],
    school: Uuid,
    page: &PageCtx,
) -> AppResult<Vec<WorkChoice>> {
    let ids: Vec<Uuid> = lessons.iter().map(|l| l.id).collect();
    let capsules: Vec<Capsule> = state
        .store
        .catalog()
        .capsules_of_lessons(&ids, false)
        .await?;
    let mut choices: Vec<WorkChoice> = capsules
        .iter()
        .filter(|c| c.school_id.is_none_or(|s| s == school))
        .map(|c| WorkChoice {
            value: format!("capsule:{}", c.id),
            label: format!("▶ {}", c.title(page.locale)),
        })
        .collect();
    for lesson in lessons {
        let sets: Vec<ExerciseSet> = state.store.catalog().sets_of_lesson(lesson.id).await?;
        choices.extend(sets.iter().map(|s| WorkChoice {
            value: format!("set:{}", s.id),
            label: format!("✎ {}", page.pick_or(&s.title_ar, &s.title_fr)),
        }));
    }
    Ok(choices)
}
