//! What a parent reads about a child they follow, in one language: the last seven days'
//! activity, assignments with their due dates and state, mastery by subject, the latest
//! results by exercise set and the live sessions of the next seven days ([`WeekReport`]). The child's
//! page (`routes::families`), its CSV download ([`csv`]) and the weekly e-mail
//! ([`weekly`]) all read the same report, so the three say the same thing.

pub mod csv;
pub mod weekly;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use lawha_core::live::{join_window, JoinWindow};
use lawha_core::mastery::Mastery;
use lawha_core::{reference, Locale};
use lawha_store::families::WeekActivity;
use lawha_store::{Store, StoreError, User};
use uuid::Uuid;

use crate::format;

/// The period a report covers: the seven days up to now.
pub const REPORT_DAYS: i64 = 7;
/// Results by exercise set shown, newest first.
const RESULTS_SHOWN: i64 = 8;
/// Assignments shown (open ones first).
const ASSIGNMENTS_SHOWN: i64 = 20;
/// The live sessions shown are those of the next days, at most this many.
pub const LIVE_DAYS: i64 = 7;
const LIVE_SHOWN: usize = 30;

/// An assignment as a parent reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentLine {
    pub title: String,
    pub due: String,
    pub state: AssignmentState,
}

/// Where an assignment stands for the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentState {
    Done,
    Open,
    /// Past its due day and not done.
    Late,
}

impl AssignmentState {
    /// The translation key of the state.
    pub fn key(self) -> &'static str {
        match self {
            AssignmentState::Done => "child-assignment-done",
            AssignmentState::Open => "child-assignment-open",
            AssignmentState::Late => "child-assignment-late",
        }
    }
}

/// A subject's lessons by mastery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectLine {
    pub name: String,
    pub mastered: i64,
    /// In progress, struggling included.
    pub in_progress: i64,
    pub not_started: i64,
}

/// An exercise set's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultLine {
    pub title: String,
    pub answers: i64,
    /// Mean score in percent, when scored.
    pub mean_pct: Option<i64>,
    pub last: String,
}

/// An occurrence of a live session in the next [`LIVE_DAYS`] (or open now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveLine {
    pub id: Uuid,
    pub title: String,
    /// Day and times on the platform's clock.
    pub when: String,
    /// Open for joining now.
    pub now: bool,
}

/// Everything a parent reads about one child, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekReport {
    pub child_id: Uuid,
    pub name: String,
    /// "class — school" for each class.
    pub classes: Vec<String>,
    /// The first and last day covered, as read.
    pub from: String,
    pub to: String,
    pub activity: WeekActivity,
    pub assignments: Vec<AssignmentLine>,
    pub subjects: Vec<SubjectLine>,
    pub results: Vec<ResultLine>,
    pub live: Vec<LiveLine>,
}

/// `ar` or `fr` in `locale`, else the other when that one is empty.
fn pick_or<'a>(locale: Locale, ar: &'a str, fr: &'a str) -> &'a str {
    let preferred = locale.pick(ar, fr);
    if preferred.is_empty() {
        match locale {
            Locale::Ar => fr,
            Locale::Fr => ar,
        }
    } else {
        preferred
    }
}

/// A day as read, from the platform's local date.
fn day(locale: Locale, d: NaiveDate) -> String {
    format::date(locale, &d.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// The report on `child` at `now`, in `locale`, with times on `zone`'s clock.
pub async fn report(
    store: &Store,
    child: &User,
    locale: Locale,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<WeekReport, StoreError> {
    let today = now.with_timezone(&zone).date_naive();
    let from = now - Duration::days(REPORT_DAYS);
    let class_list = store.accounts().classes_of(child.id).await?;
    let classes = class_list
        .iter()
        .map(|c| {
            format!(
                "{} — {}",
                c.class.name,
                locale.pick(&c.school_name_ar, &c.school_name_fr)
            )
        })
        .collect();
    let mut levels: Vec<String> = class_list
        .iter()
        .filter_map(|c| {
            c.class
                .level_code
                .clone()
                .or(c.class.programme_code.clone())
        })
        .collect();
    levels.sort();
    levels.dedup();
    let activity = store.families().activity(child.id, from, now).await?;
    let assignments = store
        .learning()
        .pupil_todo(child.id, ASSIGNMENTS_SHOWN)
        .await?
        .into_iter()
        .map(|t| AssignmentLine {
            title: pick_or(locale, &t.assignment.title_ar, &t.assignment.title_fr).to_string(),
            due: day(locale, t.assignment.due_on),
            state: match t.completed_at {
                Some(_) => AssignmentState::Done,
                None if t.assignment.due_on < today => AssignmentState::Late,
                None => AssignmentState::Open,
            },
        })
        .collect();
    let lessons = store.learning().lesson_progress(child.id, &levels).await?;
    let mut subjects: Vec<(String, SubjectLine)> = Vec::new();
    for lesson in lessons {
        let mastery = Mastery::of(
            usize::try_from(lesson.items).unwrap_or(0),
            &lesson.latest_scores,
        );
        let index = match subjects.iter().position(|(c, _)| *c == lesson.subject_code) {
            Some(i) => i,
            None => {
                let name = reference::subjects()
                    .iter()
                    .find(|s| s.code == lesson.subject_code)
                    .map_or_else(
                        || lesson.subject_code.clone(),
                        |s| locale.pick(&s.name_ar, &s.name_fr).to_string(),
                    );
                let line = SubjectLine {
                    name,
                    mastered: 0,
                    in_progress: 0,
                    not_started: 0,
                };
                subjects.push((lesson.subject_code.clone(), line));
                subjects.len() - 1
            }
        };
        if let Some((_, line)) = subjects.get_mut(index) {
            match mastery {
                Mastery::Mastered => line.mastered += 1,
                Mastery::NotStarted => line.not_started += 1,
                Mastery::InProgress | Mastery::Struggling => line.in_progress += 1,
            }
        }
    }
    let results = store
        .families()
        .recent_results(child.id, RESULTS_SHOWN)
        .await?
        .into_iter()
        .map(|r| ResultLine {
            title: pick_or(locale, &r.title_ar, &r.title_fr).to_string(),
            answers: r.answers,
            mean_pct: r.mean_score.map(|m| (m * 100.0).round() as i64),
            last: day(locale, r.last_at.with_timezone(&zone).date_naive()),
        })
        .collect();
    let live = live_week(store, child, locale, zone, now).await?;
    Ok(WeekReport {
        child_id: child.id,
        name: child.display_name.clone(),
        classes,
        from: day(locale, from.with_timezone(&zone).date_naive()),
        to: day(locale, today),
        activity,
        assignments,
        subjects: subjects.into_iter().map(|(_, s)| s).collect(),
        results,
        live,
    })
}

/// The occurrences of the live sessions `child` may join that are under way or start in
/// the next [`LIVE_DAYS`] from `now`, by start; their day and times on `zone`'s clock.
async fn live_week(
    store: &Store,
    child: &User,
    locale: Locale,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Vec<LiveLine>, StoreError> {
    let horizon = now + Duration::days(LIVE_DAYS);
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).format("%H:%M").to_string();
    let mut found: Vec<(DateTime<Utc>, LiveLine)> = Vec::new();
    for session in store.live().sessions_for(child.id, now).await? {
        let open = match join_window(&session.slot, now) {
            JoinWindow::Open(o) => Some(o.starts_at),
            _ => None,
        };
        for o in session.slot.occurrences(now, horizon) {
            let when = format!(
                "{} {}–{}",
                day(locale, o.starts_at.with_timezone(&zone).date_naive()),
                local(o.starts_at),
                local(o.ends_at)
            );
            found.push((
                o.starts_at,
                LiveLine {
                    id: session.id,
                    title: session.title.clone(),
                    when,
                    now: open == Some(o.starts_at),
                },
            ));
        }
    }
    found.sort_by_key(|(at, line)| (*at, line.id));
    Ok(found
        .into_iter()
        .map(|(_, line)| line)
        .take(LIVE_SHOWN)
        .collect())
}
