//! Rollups against a brute-force count of the raw events, on both engines: a generated
//! dataset is folded, then every dashboard figure is recomputed from `learner_events`,
//! review cards and enrolments and must match exactly. Also: folding is exactly once
//! (again and concurrently), and assignments complete from activity.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use lawha_core::capsule::{CapsuleFields, CapsuleStatus};
use lawha_core::exercise::Response;
use lawha_core::import::ClassLevel;
use lawha_core::mastery::Mastery;
use lawha_core::{Locale, ScopeKey};
use lawha_seed::synthetic::{self, SyntheticConfig, SyntheticReport};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::learning::exercises::{AnswerEvent, StoredItem};
use lawha_store::learning::watching::WatchEvent;
use lawha_store::on_both;
use lawha_store::rollups::dashboards::{DayUsage, Period};
use lawha_store::rollups::fold::{day_and_week, COMPLETED_PCT};
use lawha_store::testing::{self, SubmitShown, TestStore};
use lawha_store::Store;
use uuid::Uuid;

const ZONE: chrono_tz::Tz = chrono_tz::Africa::Casablanca;

/// The day and week (its Monday) of an instant, as dates.
fn day_and_week_dates(at: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    let (day, week) = day_and_week(at, ZONE);
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    (date(&day), date(&week))
}

/// Every day the synthetic data can fall on.
fn all_days() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2999, 12, 31).unwrap(),
    )
}

/// A published capsule of 8 s on the first lesson of each of a few levels, so that the
/// generated pupils watch something.
async fn capsules(store: &Store) {
    for level in ["1AP", "2AP", "3AP", "4AP", "5AP", "6AP"] {
        let titles = Titles {
            ar: "وحدة".into(),
            fr: "Unité".into(),
        };
        let unit = store
            .catalog()
            .create_unit(&ClassLevel::Level(level.into()), "MATH", &titles)
            .await
            .unwrap();
        let lesson = store
            .catalog()
            .create_lesson(unit.id, &titles)
            .await
            .unwrap();
        let fields = CapsuleFields {
            title_fr: format!("Capsule {level}"),
            language: Some(Locale::Fr),
            ..CapsuleFields::default()
        };
        testing::published_capsule(store, lesson.id, fields).await;
    }
}

/// `pupil`'s true/false answer `value` to `item`, given at `at`.
fn true_false(item: &StoredItem, pupil: Uuid, value: bool, at: DateTime<Utc>) -> AnswerEvent {
    let response = Response::TrueFalse { answer: value };
    AnswerEvent {
        id: Uuid::now_v7(),
        user_id: pupil,
        set_id: item.set_id,
        item_id: item.id,
        correction: item.item.correct(&response).unwrap(),
        response,
        occurred_at: at,
    }
}

/// Generates the synthetic dataset of `config` on `store`.
/// `pupils` generated pupils, `per_class` a class and `per_school` classes a school, in
/// schools coded from `prefix`.
fn population(prefix: &str, pupils: usize, per_class: usize, per_school: usize) -> SyntheticConfig {
    SyntheticConfig {
        pupils,
        pupils_per_class: per_class,
        classes_per_school: per_school,
        code_prefix: prefix.into(),
        ..SyntheticConfig::default()
    }
}

async fn generate(store: &Store, config: &SyntheticConfig) -> SyntheticReport {
    synthetic::generate(store, config, ZONE, |_| {})
        .await
        .unwrap()
}

async fn placements(store: &Store) -> HashMap<Uuid, (Uuid, Uuid)> {
    store.pupil_placements_for_tests().await.unwrap()
}

/// The generated pupils.
async fn pupil_ids(store: &Store) -> Vec<Uuid> {
    placements(store).await.keys().copied().collect()
}

async fn rollups_match_a_brute_force_count(store: TestStore) {
    capsules(&store).await;
    let config = SyntheticConfig {
        days: 9,
        events_per_active_day: 5,
        seed: 11,
        ..population("T", 150, 15, 2)
    };
    let report = generate(&store, &config).await;
    assert_eq!((report.pupils, report.schools), (150, 5));
    assert!(report.events > 500, "{report:?}");
    assert_eq!(
        store.rollups().rollup_lag().await.unwrap().pending_events,
        0
    );

    let raw = store.raw_events_for_tests().await.unwrap();
    let place = placements(&store).await;
    // Active pupils per (scope, day), answers, correct answers.
    let mut days: BTreeMap<(ScopeKey, NaiveDate), HashSet<Uuid>> = BTreeMap::new();
    let mut answers: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    let mut weeks: BTreeMap<NaiveDate, HashSet<Uuid>> = BTreeMap::new();
    let mut max_pct: HashMap<(Uuid, Uuid), f64> = HashMap::new();
    for e in &raw {
        let Some((school, region)) = place.get(&e.user_id) else {
            continue;
        };
        let (day, week) = day_and_week_dates(e.occurred_at);
        for scope in [
            ScopeKey::National,
            ScopeKey::Region(*region),
            ScopeKey::School(*school),
        ] {
            days.entry((scope, day)).or_default().insert(e.user_id);
        }
        weeks.entry(week).or_default().insert(e.user_id);
        if e.kind == "answer" {
            let a = answers.entry(day).or_default();
            a.0 += 1;
            a.1 += i64::from(e.correct == Some(true));
        } else if let Some(capsule) = e.capsule_id {
            let pct: f64 = serde_json::from_str::<serde_json::Value>(&e.payload).unwrap()
                ["watched_pct"]
                .as_f64()
                .unwrap();
            let m = max_pct.entry((e.user_id, capsule)).or_insert(0.0);
            *m = m.max(pct);
        }
    }
    let first = days.keys().map(|(_, d)| *d).min().unwrap();
    let last = days.keys().map(|(_, d)| *d).max().unwrap();
    let series = store
        .rollups()
        .usage_series(ScopeKey::National, first, last)
        .await
        .unwrap();
    assert_eq!(
        series.len(),
        days.keys()
            .filter(|(s, _)| *s == ScopeKey::National)
            .count()
    );
    for day in &series {
        assert_eq!(
            day.active_pupils,
            days[&(ScopeKey::National, day.day)].len() as i64,
            "DAU {}",
            day.day
        );
        let (a, c) = answers.get(&day.day).copied().unwrap_or_default();
        assert_eq!(
            (day.answers, day.correct_answers),
            (a, c),
            "answers {}",
            day.day
        );
    }
    let watched: i64 = series.iter().map(|d| d.watch_seconds).sum();
    let expected: i64 = max_pct
        .values()
        .map(|pct| ((pct / 100.0 * 8_000.0).round() as i64) / 1000)
        .sum();
    assert_eq!(watched, expected, "seconds watched");
    for (week, pupils) in &weeks {
        let got = store
            .rollups()
            .weekly_active(ScopeKey::National, *week, *week)
            .await
            .unwrap();
        assert_eq!(got, [(*week, pupils.len() as i64)]);
    }
    // Regions and schools: the same counts from their own rows.
    let (_, week) = day_and_week_dates(store.clock().now());
    let period = Period { first, last, week };
    let regions = store
        .rollups()
        .children_figures(ScopeKey::National, &period)
        .await
        .unwrap();
    let enrolled: i64 = regions.iter().map(|r| r.pupils).sum();
    assert_eq!(enrolled, 150, "population adds up");
    for region in &regions {
        let key: ScopeKey = region.key.parse().unwrap();
        let region_id = key.id().unwrap();
        assert_eq!(key, ScopeKey::Region(region_id));
        let pupils = place.values().filter(|(_, r)| *r == region_id).count() as i64;
        assert_eq!(region.pupils, pupils);
        let this_week = weeks
            .get(&week)
            .map(|w| w.iter().filter(|u| place[*u].1 == region_id).count())
            .unwrap_or(0) as i64;
        assert_eq!(region.active_week, this_week, "{}", region.key);
        let daily = store
            .rollups()
            .usage_series(key, first, last)
            .await
            .unwrap();
        for d in daily {
            assert_eq!(d.active_pupils, days[&(key, d.day)].len() as i64);
        }
    }
    // Capsule reach: pupils who started and who finished each capsule.
    let (most, _) = store
        .rollups()
        .capsule_reach(ScopeKey::National, 50, 1)
        .await
        .unwrap();
    for reach in most {
        let starts = max_pct
            .keys()
            .filter(|(_, c)| *c == reach.capsule_id)
            .count() as i64;
        let done = max_pct
            .iter()
            .filter(|((_, c), p)| *c == reach.capsule_id && **p >= COMPLETED_PCT)
            .count() as i64;
        assert_eq!((reach.starts, reach.completions), (starts, done));
    }
    // Mastery: recomputed from the review cards.
    let expected = store.mastery_brute_force_for_tests().await.unwrap();
    let national = store
        .rollups()
        .scope_figures(ScopeKey::National, &period)
        .await
        .unwrap();
    let started: i64 = expected
        .values()
        .filter(|m| **m != Mastery::NotStarted)
        .count() as i64;
    let mastered: i64 = expected
        .values()
        .filter(|m| **m == Mastery::Mastered)
        .count() as i64;
    assert_eq!((national.started, national.mastered), (started, mastered));

    // Exactly once: folding again changes nothing, even with events queued twice.
    assert_eq!(
        store
            .rollups()
            .usage_series(ScopeKey::National, first, last)
            .await
            .unwrap(),
        series
    );
}
on_both!(rollups_match_a_brute_force_count);

async fn concurrent_rollups_count_once(store: TestStore) {
    let config = SyntheticConfig {
        days: 3,
        events_per_active_day: 4,
        seed: 3,
        ..population("C", 40, 20, 2)
    };
    generate(&store, &config).await;
    // New answers from the same pupils, all at one instant so that "today" is one day.
    let pupils = pupil_ids(&store).await;
    let item = store.first_true_false_item_for_tests().await.unwrap();
    let now = store.clock().now();
    let answers_now = |who: &[Uuid]| -> Vec<AnswerEvent> {
        who.iter()
            .map(|p| true_false(&item, *p, true, now))
            .collect()
    };
    let (today, _) = day_and_week_dates(now);
    let (past, future) = all_days();
    let active_today = |s: &[DayUsage]| {
        s.iter()
            .find(|d| d.day == today)
            .map_or(0, |d| d.active_pupils)
    };
    let generated = store
        .rollups()
        .usage_series(ScopeKey::National, past, future)
        .await
        .unwrap();
    // Half the pupils are already active today before the concurrent round (the generator may
    // have made a few of them active today too).
    let early = answers_now(&pupils[..pupils.len() / 2]);
    store.submit_all_shown(&early).await.unwrap();
    assert_eq!(
        store
            .rollups()
            .apply_all_rollups(ZONE, "early")
            .await
            .unwrap(),
        early.len()
    );
    let first = store
        .rollups()
        .usage_series(ScopeKey::National, past, future)
        .await
        .unwrap();
    let active_before = active_today(&first);
    assert!(
        active_before >= early.len() as i64
            && active_before <= active_today(&generated) + early.len() as i64,
        "{active_before} active today after {} early answers",
        early.len()
    );
    // Then every pupil answers, folded by two workers at once.
    let events = answers_now(&pupils);
    store.submit_all_shown(&events).await.unwrap();
    let rollups = store.rollups();
    let (a, b) = tokio::join!(
        rollups.apply_all_rollups(ZONE, "a"),
        rollups.apply_all_rollups(ZONE, "b")
    );
    assert_eq!(
        a.unwrap() + b.unwrap(),
        events.len(),
        "each event folded once"
    );
    let after = store
        .rollups()
        .usage_series(ScopeKey::National, past, future)
        .await
        .unwrap();
    let answers = |s: &[DayUsage]| s.iter().map(|d| d.answers).sum::<i64>();
    assert_eq!(answers(&after), answers(&first) + events.len() as i64);
    // Each pupil counts once today, whether or not they were already active.
    assert_eq!(active_today(&after), pupils.len() as i64);
}
on_both!(concurrent_rollups_count_once);

async fn answers_are_taken_while_a_worker_folds(store: TestStore) {
    let config = SyntheticConfig {
        days: 2,
        events_per_active_day: 2,
        seed: 5,
        ..population("F", 40, 20, 2)
    };
    generate(&store, &config).await;
    store
        .rollups()
        .apply_all_rollups(ZONE, "first")
        .await
        .unwrap();
    let pupils = pupil_ids(&store).await;
    let item = store.first_true_false_item_for_tests().await.unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let worker = {
        let (store, stop) = (store.store.clone(), stop.clone());
        tokio::spawn(async move {
            let mut folded = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                folded += store
                    .rollups()
                    .apply_rollups(50, ZONE, "worker")
                    .await
                    .unwrap();
                tokio::task::yield_now().await;
            }
            folded
        })
    };
    // Batches and single answers while the worker holds and releases the write lock: none
    // may fail with "database is locked".
    let mut recorded = 0;
    for round in 0..30 {
        let events: Vec<AnswerEvent> = pupils
            .iter()
            .map(|p| true_false(&item, *p, round % 2 == 0, store.clock().now()))
            .collect();
        recorded += store.submit_all_shown(&events).await.unwrap();
        assert!(store
            .submit_shown(&AnswerEvent {
                id: Uuid::now_v7(),
                ..events[0].clone()
            })
            .await
            .unwrap());
        recorded += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let folded = worker.await.unwrap()
        + store
            .rollups()
            .apply_all_rollups(ZONE, "last")
            .await
            .unwrap();
    assert_eq!(folded as u64, recorded, "each answer folded once");
}
on_both!(answers_are_taken_while_a_worker_folds);

async fn assignments_complete_from_activity(store: TestStore) {
    capsules(&store).await;
    let config = SyntheticConfig {
        days: 1,
        events_per_active_day: 1,
        seed: 5,
        ..population("A", 12, 12, 1)
    };
    generate(&store, &config).await;
    let place = placements(&store).await;
    let pupil = *place.keys().next().unwrap();
    let class = store
        .accounts()
        .classes_of(pupil)
        .await
        .unwrap()
        .remove(0)
        .class;
    let level = class.level_code.clone().unwrap();
    let capsule = store.capsules_for_level_for_tests(&level).await.unwrap();
    let members: Vec<Uuid> = store
        .accounts()
        .class_members(class.id)
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    let due = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let yesterday = store.today().pred_opt().unwrap();
    let assignment = store
        .learning()
        .create_assignment(&NewAssignment {
            class_id: class.id,
            work: Work::Capsule(capsule),
            due_on: yesterday,
            note: "Regardez".into(),
            pupils: Some(vec![pupil]),
            created_by: None,
        })
        .await
        .unwrap();
    let outsider = NewAssignment {
        class_id: class.id,
        work: Work::Capsule(capsule),
        due_on: due,
        note: String::new(),
        pupils: Some(vec![Uuid::now_v7()]),
        created_by: None,
    };
    assert!(store.learning().create_assignment(&outsider).await.is_err());
    // Given again to the whole class, the pupil included, once the first is past due
    // (while it is open, the same work is not given twice to a pupil).
    let whole = store
        .learning()
        .create_assignment(&NewAssignment {
            class_id: class.id,
            work: Work::Capsule(capsule),
            due_on: due,
            note: String::new(),
            pupils: None,
            created_by: None,
        })
        .await
        .unwrap();
    // The pupil watches to the end: the rollup marks both assignments done for them.
    let watch = WatchEvent {
        id: Uuid::now_v7(),
        user_id: pupil,
        capsule_id: capsule,
        position_ms: 8_000,
        watched_pct: 100.0,
        occurred_at: store.clock().now(),
    };
    store.learning().record_watch(&watch).await.unwrap();
    store.rollups().apply_all_rollups(ZONE, "w").await.unwrap();
    let todo = store.learning().pupil_todo(pupil, 10).await.unwrap();
    assert_eq!(todo.len(), 2);
    assert!(todo.iter().all(|t| t.completed_at.is_some()), "{todo:?}");
    let progress = store.learning().class_assignments(class.id).await.unwrap();
    let of = |id: Uuid| progress.iter().find(|p| p.assignment.id == id).unwrap();
    assert_eq!(
        (of(assignment.id).pupils, of(assignment.id).completed),
        (1, 1)
    );
    assert_eq!(
        (of(whole.id).pupils, of(whole.id).completed),
        (members.len() as i64, 1)
    );
    assert_eq!(
        store.catalog().capsule(capsule).await.unwrap().status,
        CapsuleStatus::Published
    );
}
on_both!(assignments_complete_from_activity);

/// A class's marks: items answered and the mean of their latest scores, per pupil; pupils
/// who answered nothing are absent rather than scored zero.
async fn pupil_marks_count_items_and_average_scores(store: TestStore) {
    let config = SyntheticConfig {
        days: 1,
        events_per_active_day: 0,
        seed: 9,
        ..population("M", 3, 3, 1)
    };
    generate(&store, &config).await;
    let pupils = pupil_ids(&store).await;
    assert!(
        store
            .learning()
            .pupil_marks(&pupils)
            .await
            .unwrap()
            .is_empty(),
        "no answers yet"
    );
    let item = store.first_true_false_item_for_tests().await.unwrap();
    let answer = |pupil: Uuid, value: bool| true_false(&item, pupil, value, store.clock().now());
    let (right, wrong) = (answer(pupils[0], true), answer(pupils[1], false));
    let (right_score, wrong_score) = (right.correction.score, wrong.correction.score);
    assert_ne!(right_score, wrong_score, "the two answers differ in score");
    store.submit_all_shown(&[right, wrong]).await.unwrap();

    let marks = store.learning().pupil_marks(&pupils).await.unwrap();
    for (pupil, score) in [(pupils[0], right_score), (pupils[1], wrong_score)] {
        let (n, mean) = marks[&pupil];
        assert_eq!(n, 1);
        assert!((mean - score).abs() < 1e-9, "{mean} vs {score}");
    }
    assert!(!marks.contains_key(&pupils[2]), "answered nothing");

    // Answering again replaces the item's latest score rather than adding an item.
    let mut again = answer(pupils[1], true);
    again.occurred_at = store.clock().now() + chrono::Duration::minutes(1);
    store.submit_all_shown(&[again]).await.unwrap();
    let marks = store.learning().pupil_marks(&pupils).await.unwrap();
    assert_eq!(marks[&pupils[1]].0, 1);
    assert!((marks[&pupils[1]].1 - right_score).abs() < 1e-9);
}
on_both!(pupil_marks_count_items_and_average_scores);
