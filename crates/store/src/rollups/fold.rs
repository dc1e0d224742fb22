//! The pure part of the rollups: a batch of learner events, with what is already known
//! about the pupils in it, becomes counter increments per scope. No I/O, so the counting
//! rules are tested on their own (and the brute-force comparison in `tests/rollups.rs`
//! checks the whole chain).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use lawha_core::ScopeKey;
use uuid::Uuid;

/// Watched past this share, a capsule counts as completed.
pub const COMPLETED_PCT: f64 = 95.0;

/// A learner event as the rollups read it.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub kind: String,
    pub item_id: Option<Uuid>,
    pub capsule_id: Option<Uuid>,
    pub correct: Option<bool>,
    /// Watch events: share watched, 0..=100.
    pub watched_pct: Option<f64>,
    pub occurred_at: DateTime<Utc>,
}

/// Where a pupil is enrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub region: Uuid,
    pub province: Uuid,
    pub school: Uuid,
    /// The class's level or programme code.
    pub level: String,
}

impl Placement {
    /// The keys of the scopes a pupil counts in, each with its parent's (the nation has
    /// none: ""): the nation, region, province, school.
    pub fn scopes(&self) -> [(String, String); 4] {
        let national = ScopeKey::National.to_string();
        let region = ScopeKey::Region(self.region).to_string();
        let province = ScopeKey::Province(self.province).to_string();
        let school = ScopeKey::School(self.school).to_string();
        [
            (national.clone(), String::new()),
            (region.clone(), national),
            (province.clone(), region),
            (school, province),
        ]
    }
}

/// The lesson and subject an item or capsule belongs to (and a capsule's length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub lesson: Uuid,
    pub subject: String,
    pub duration_ms: i64,
}

/// What the database already holds about this batch's pupils.
#[derive(Debug, Default)]
pub struct Known {
    pub days: HashSet<(Uuid, String)>,
    pub weeks: HashSet<(Uuid, String)>,
    /// (pupil, capsule) → (watched ms, completed).
    pub capsules: HashMap<(Uuid, Uuid), (i64, bool)>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub active_pupils: i64,
    pub answers: i64,
    pub correct_answers: i64,
    pub watch_seconds: i64,
}

/// A daily counter's key: (scope, parent, day, level).
pub type DayKey = (String, String, String, String);
/// A subject counter's key: (scope, day, level, subject).
pub type SubjectKey = (String, String, String, String);

/// Increments to apply, keyed for the tables' primary keys.
#[derive(Debug, Default)]
pub struct Deltas {
    pub new_days: Vec<(Uuid, String)>,
    pub new_weeks: Vec<(Uuid, String)>,
    pub daily: BTreeMap<DayKey, Usage>,
    /// (scope, parent, week, level) → newly active pupils
    pub weekly: BTreeMap<DayKey, i64>,
    /// → answers, correct, watch seconds
    pub subjects: BTreeMap<SubjectKey, (i64, i64, i64)>,
    /// The new watched/completed state of (pupil, capsule).
    pub capsules: BTreeMap<(Uuid, Uuid), (i64, bool)>,
    /// (scope, capsule) → (starts, completions)
    pub reach: BTreeMap<(String, Uuid), (i64, i64)>,
    /// (pupil, lesson) answered in this batch, and those `mastery_rechecks` queued: their
    /// mastery is recomputed.
    pub touched_lessons: HashSet<(Uuid, Uuid)>,
    /// Pupils with activity in this batch (their open assignments are checked).
    pub active_users: HashSet<Uuid>,
}

/// The calendar day and the week (its Monday) of an instant in the platform's zone.
pub fn day_and_week(at: DateTime<Utc>, zone: Tz) -> (String, String) {
    let day: NaiveDate = at.with_timezone(&zone).date_naive();
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    (
        day.format("%Y-%m-%d").to_string(),
        monday.format("%Y-%m-%d").to_string(),
    )
}

/// Folds `events` (in the order given) into increments. Events of pupils without a class
/// count nowhere; answers and watching of unknown items or capsules still make the pupil
/// active.
pub fn fold(
    events: &[EventRow],
    placements: &HashMap<Uuid, Placement>,
    items: &HashMap<Uuid, Place>,
    capsules: &HashMap<Uuid, Place>,
    known: &Known,
    zone: Tz,
) -> Deltas {
    let mut d = Deltas::default();
    let mut days = known.days.clone();
    let mut weeks = known.weeks.clone();
    let mut watched: HashMap<(Uuid, Uuid), (i64, bool)> = known.capsules.clone();
    for event in events {
        let Some(place) = placements.get(&event.user_id) else {
            continue;
        };
        d.active_users.insert(event.user_id);
        let (day, week) = day_and_week(event.occurred_at, zone);
        let scopes = place.scopes();
        let level = &place.level;
        let first_today = days.insert((event.user_id, day.clone()));
        if first_today {
            d.new_days.push((event.user_id, day.clone()));
        }
        if weeks.insert((event.user_id, week.clone())) {
            d.new_weeks.push((event.user_id, week.clone()));
            for (scope, parent) in &scopes {
                *d.weekly
                    .entry((scope.clone(), parent.clone(), week.clone(), level.clone()))
                    .or_default() += 1;
            }
        }
        let mut usage = Usage {
            active_pupils: i64::from(first_today),
            ..Usage::default()
        };
        let mut subject = None;
        match event.kind.as_str() {
            "answer" => {
                usage.answers = 1;
                usage.correct_answers = i64::from(event.correct == Some(true));
                if let Some(item) = event.item_id.and_then(|i| items.get(&i)) {
                    d.touched_lessons.insert((event.user_id, item.lesson));
                    subject = Some((
                        item.subject.clone(),
                        usage.answers,
                        usage.correct_answers,
                        0,
                    ));
                }
            }
            "watch" => {
                if let Some((capsule_id, capsule)) = event
                    .capsule_id
                    .and_then(|c| capsules.get(&c).map(|p| (c, p)))
                {
                    let pct = event.watched_pct.unwrap_or(0.0).clamp(0.0, 100.0);
                    let now_ms = (pct / 100.0 * capsule.duration_ms as f64).round() as i64;
                    let key = (event.user_id, capsule_id);
                    let before = watched.get(&key).copied();
                    let (old_ms, was_completed) = before.unwrap_or((0, false));
                    let completed = was_completed || pct >= COMPLETED_PCT;
                    let new_ms = old_ms.max(now_ms);
                    // Whole seconds of the cumulative total: rounding each increment would
                    // lose the remainders.
                    usage.watch_seconds = new_ms / 1000 - old_ms / 1000;
                    watched.insert(key, (new_ms, completed));
                    d.capsules.insert(key, (new_ms, completed));
                    let start = i64::from(before.is_none());
                    let completion = i64::from(completed && !was_completed);
                    if start + completion > 0 {
                        for (scope, _) in &scopes {
                            let r = d.reach.entry((scope.clone(), capsule_id)).or_default();
                            r.0 += start;
                            r.1 += completion;
                        }
                    }
                    subject = Some((capsule.subject.clone(), 0, 0, usage.watch_seconds));
                }
            }
            _ => {}
        }
        for (scope, parent) in &scopes {
            let u = d
                .daily
                .entry((scope.clone(), parent.clone(), day.clone(), level.clone()))
                .or_default();
            u.active_pupils += usage.active_pupils;
            u.answers += usage.answers;
            u.correct_answers += usage.correct_answers;
            u.watch_seconds += usage.watch_seconds;
            if let Some((code, answers, correct, seconds)) = &subject {
                let s = d
                    .subjects
                    .entry((scope.clone(), day.clone(), level.clone(), code.clone()))
                    .or_default();
                s.0 += answers;
                s.1 += correct;
                s.2 += seconds;
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn event(user: Uuid, kind: &str, at: DateTime<Utc>) -> EventRow {
        EventRow {
            id: Uuid::now_v7(),
            user_id: user,
            kind: kind.into(),
            item_id: None,
            capsule_id: None,
            correct: None,
            watched_pct: None,
            occurred_at: at,
        }
    }

    #[test]
    fn days_follow_the_platform_zone_and_weeks_start_on_monday() {
        // 23:30 UTC on Sunday 29 November is already Monday 30 in Casablanca (UTC+1).
        let late = Utc
            .with_ymd_and_hms(2026, 11, 29, 23, 30, 0)
            .single()
            .unwrap_or_default();
        let (day, week) = day_and_week(late, chrono_tz::Africa::Casablanca);
        assert_eq!((day.as_str(), week.as_str()), ("2026-11-30", "2026-11-30"));
        let (day, week) = day_and_week(at(26, 10), chrono_tz::Africa::Casablanca);
        assert_eq!((day.as_str(), week.as_str()), ("2026-11-26", "2026-11-23"));
    }

    #[test]
    fn a_pupil_counts_once_a_day_in_every_scope_and_watching_counts_new_seconds() {
        let (pupil, stranger, capsule, item, lesson) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let place = Placement {
            region: Uuid::now_v7(),
            province: Uuid::now_v7(),
            school: Uuid::now_v7(),
            level: "1AC".into(),
        };
        let placements = HashMap::from([(pupil, place.clone())]);
        let items = HashMap::from([(
            item,
            Place {
                lesson,
                subject: "MATH".into(),
                duration_ms: 0,
            },
        )]);
        let capsules = HashMap::from([(
            capsule,
            Place {
                lesson,
                subject: "MATH".into(),
                duration_ms: 100_000,
            },
        )]);
        let mut answer = event(pupil, "answer", at(26, 9));
        answer.item_id = Some(item);
        answer.correct = Some(true);
        let mut watch1 = event(pupil, "watch", at(26, 10));
        watch1.capsule_id = Some(capsule);
        watch1.watched_pct = Some(40.0);
        let mut watch2 = watch1.clone();
        watch2.watched_pct = Some(30.0); // a replay of the start: nothing new watched
        let mut watch3 = watch1.clone();
        watch3.watched_pct = Some(96.0);
        let events = [
            answer,
            watch1,
            watch2,
            watch3,
            event(stranger, "answer", at(26, 9)),
        ];
        let d = fold(
            &events,
            &placements,
            &items,
            &capsules,
            &Known::default(),
            chrono_tz::Africa::Casablanca,
        );
        assert_eq!(d.new_days.len(), 1);
        let key = |scope: &str, parent: &str| {
            (
                scope.to_string(),
                parent.to_string(),
                "2026-11-26".to_string(),
                "1AC".to_string(),
            )
        };
        let national = d.daily[&key(&ScopeKey::National.to_string(), "")];
        assert_eq!(
            national,
            Usage {
                active_pupils: 1,
                answers: 1,
                correct_answers: 1,
                watch_seconds: 96
            }
        );
        let school = ScopeKey::School(place.school).to_string();
        let province = ScopeKey::Province(place.province).to_string();
        assert_eq!(d.daily[&key(&school, &province)], national);
        assert_eq!(d.reach[&(ScopeKey::National.to_string(), capsule)], (1, 1));
        assert_eq!(d.capsules[&(pupil, capsule)], (96_000, true));
        assert!(d.touched_lessons.contains(&(pupil, lesson)));
        assert!(
            !d.active_users.contains(&stranger),
            "pupils without a class count nowhere"
        );

        // Folded again later with what is now known: not active again that day, no new start.
        let known = Known {
            days: HashSet::from([(pupil, "2026-11-26".to_string())]),
            weeks: HashSet::from([(pupil, "2026-11-23".to_string())]),
            capsules: HashMap::from([((pupil, capsule), (96_000, true))]),
        };
        let mut again = event(pupil, "watch", at(26, 18));
        again.capsule_id = Some(capsule);
        again.watched_pct = Some(100.0);
        let d = fold(
            &[again],
            &placements,
            &items,
            &capsules,
            &known,
            chrono_tz::Africa::Casablanca,
        );
        let national = d.daily[&key(&ScopeKey::National.to_string(), "")];
        assert_eq!(
            national,
            Usage {
                active_pupils: 0,
                answers: 0,
                correct_answers: 0,
                watch_seconds: 4
            }
        );
        assert!(d.reach.is_empty() && d.weekly.is_empty());
    }
}
