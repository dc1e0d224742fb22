//! "My progress": per subject, the lessons of the pupil's level mastered, in progress and
//! not started ([`lawha_core::mastery`]), the streak of days worked, and what to do next.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Duration;
use lawha_core::mastery::{self, Mastery};
use lawha_core::reference;
use lawha_store::learning::progress::LessonProgress;
use uuid::Uuid;

use crate::error::AppResult;
use crate::page::{render, PageCtx};
use crate::session::Signed;
use crate::AppState;

/// How far back activity is read for the streak.
const STREAK_WINDOW_DAYS: i64 = 366;

/// A lesson line under its subject.
pub struct LessonLine {
    pub id: Uuid,
    pub title: String,
    pub unit: String,
    pub mastery: Mastery,
    pub answered: i64,
    pub items: i64,
}

impl LessonLine {
    /// The translation key of the lesson's mastery.
    pub fn mastery_key(&self) -> &'static str {
        match self.mastery {
            Mastery::NotStarted => "mastery-not-started",
            Mastery::Struggling => "mastery-struggling",
            Mastery::InProgress => "mastery-in-progress",
            Mastery::Mastered => "mastery-mastered",
        }
    }
}

/// One subject's lessons and counts.
pub struct SubjectProgress {
    pub name: String,
    pub mastered: i64,
    /// In progress, struggling included.
    pub in_progress: i64,
    pub not_started: i64,
    pub lessons: Vec<LessonLine>,
}

/// The suggested next lesson and why.
pub struct NextStep {
    /// `progress-next-struggling`, `progress-next-continue` or `progress-next-start`.
    pub key: &'static str,
    pub lesson: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "progress.html")]
struct ProgressPage {
    page: PageCtx,
    subjects: Vec<SubjectProgress>,
    streak: i64,
    due: i64,
    next: Option<NextStep>,
}

/// `GET /progress`.
pub async fn show(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
) -> AppResult<Response> {
    let store = &state.store;
    let user = session.user.id;
    let now = state.now();
    let mut levels: Vec<String> = store
        .accounts()
        .classes_of(user)
        .await?
        .into_iter()
        .filter_map(|c| c.class.level_code.or(c.class.programme_code))
        .collect();
    levels.sort();
    levels.dedup();
    let lessons = store.learning().lesson_progress(user, &levels).await?;

    let zone = state.config.time_zone;
    let days: Vec<chrono::NaiveDate> = store
        .learning()
        .activity_times(user, now - Duration::days(STREAK_WINDOW_DAYS))
        .await?
        .iter()
        .map(|at| at.with_timezone(&zone).date_naive())
        .collect();
    let streak = mastery::streak(&days, now.with_timezone(&zone).date_naive());

    render(&ProgressPage {
        next: next_step(&page, &lessons),
        subjects: by_subject(&page, lessons),
        streak: i64::from(streak),
        due: store.learning().due_count(user, now).await?,
        page,
    })
}

fn mastery_of(lesson: &LessonProgress) -> Mastery {
    Mastery::of(
        usize::try_from(lesson.items).unwrap_or(0),
        &lesson.latest_scores,
    )
}

/// Lessons grouped by subject, in the order the store gives them (curriculum order).
fn by_subject(page: &PageCtx, lessons: Vec<LessonProgress>) -> Vec<SubjectProgress> {
    let mut subjects: Vec<(String, SubjectProgress)> = Vec::new();
    for lesson in lessons {
        let mastery = mastery_of(&lesson);
        let index = match subjects.iter().position(|(c, _)| *c == lesson.subject_code) {
            Some(i) => i,
            None => {
                let name = reference::subjects()
                    .iter()
                    .find(|s| s.code == lesson.subject_code)
                    .map_or_else(
                        || lesson.subject_code.clone(),
                        |s| page.pick(&s.name_ar, &s.name_fr).to_string(),
                    );
                subjects.push((
                    lesson.subject_code.clone(),
                    SubjectProgress {
                        name,
                        mastered: 0,
                        in_progress: 0,
                        not_started: 0,
                        lessons: Vec::new(),
                    },
                ));
                subjects.len() - 1
            }
        };
        let subject = &mut subjects[index].1;
        match mastery {
            Mastery::Mastered => subject.mastered += 1,
            Mastery::NotStarted => subject.not_started += 1,
            Mastery::InProgress | Mastery::Struggling => subject.in_progress += 1,
        }
        subject.lessons.push(LessonLine {
            id: lesson.lesson_id,
            title: page.pick_or(&lesson.title_ar, &lesson.title_fr).to_string(),
            unit: page
                .pick_or(&lesson.unit_title_ar, &lesson.unit_title_fr)
                .to_string(),
            mastery,
            answered: lesson.latest_scores.len() as i64,
            items: lesson.items,
        });
    }
    subjects.into_iter().map(|(_, s)| s).collect()
}

/// A lesson the pupil struggles with first, then one in progress, then the first not
/// started; only lessons that have exercises.
fn next_step(page: &PageCtx, lessons: &[LessonProgress]) -> Option<NextStep> {
    let choices = [
        (Mastery::Struggling, "progress-next-struggling"),
        (Mastery::InProgress, "progress-next-continue"),
        (Mastery::NotStarted, "progress-next-start"),
    ];
    choices.iter().find_map(|(wanted, key)| {
        lessons
            .iter()
            .filter(|l| mastery_of(l) == *wanted)
            .find_map(|l| {
                l.first_set.map(|set| NextStep {
                    key,
                    lesson: page.pick_or(&l.title_ar, &l.title_fr).to_string(),
                    href: format!("/exercises/{set}"),
                })
            })
    })
}
