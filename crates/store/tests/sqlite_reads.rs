//! SQLite's in-place read path against the sqlx path, on the same generated data: every read
//! the pupil pages take in place returns exactly what its sqlx query returns, including at
//! the boundaries of its time comparisons, and sees a write made through sqlx at once.
//! (The methods themselves are tested on both engines in their own files.)

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use lawha_core::capsule::CapsuleFields;
use lawha_core::exercise::Response;
use lawha_core::Locale;
use lawha_seed::synthetic::{self, SyntheticConfig};
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::learning::exercises::AnswerEvent;
use lawha_store::learning::watching::WatchEvent;
use lawha_store::testing::{self, TestStore};
use lawha_store::{Store, StoreError};
use uuid::Uuid;

const ZONE: Tz = chrono_tz::Africa::Casablanca;

/// A SQLite store with a generated population's answers and presentations, and watches.
async fn generated() -> TestStore {
    let store = testing::sqlite().await;
    let config = SyntheticConfig {
        pupils: 48,
        pupils_per_class: 12,
        classes_per_school: 2,
        days: 9,
        events_per_active_day: 5,
        seed: 5,
        code_prefix: "R".into(),
        ..SyntheticConfig::default()
    };
    synthetic::generate(&store, &config, ZONE, |_| {})
        .await
        .unwrap();
    store
}

/// What the generated answers touched: (pupil, item) pairs, sets, lessons and answer times.
struct Touched {
    pupils: BTreeSet<Uuid>,
    items: BTreeSet<Uuid>,
    sets: BTreeSet<Uuid>,
    lessons: BTreeSet<Uuid>,
    times: Vec<DateTime<Utc>>,
}

async fn touched(store: &Store) -> Touched {
    let events = store.raw_events_for_tests().await.unwrap();
    let mut touched = Touched {
        pupils: events.iter().map(|e| e.user_id).collect(),
        items: events.iter().filter_map(|e| e.item_id).collect(),
        sets: BTreeSet::new(),
        lessons: BTreeSet::new(),
        times: events.iter().map(|e| e.occurred_at).collect(),
    };
    for item in &touched.items {
        let item = store.catalog().exercise_item(*item).await.unwrap();
        let set = store.catalog().exercise_set(item.set_id).await.unwrap();
        touched.sets.insert(set.id);
        touched.lessons.insert(set.lesson_id);
    }
    touched
}

/// A published capsule of the first lesson, with a ready version.
async fn published_capsule(store: &Store, touched: &Touched) -> Uuid {
    let lesson = *touched.lessons.first().unwrap();
    let fields = CapsuleFields {
        title_fr: "Capsule".into(),
        language: Some(Locale::Fr),
        tags: "fractions, nombres".into(),
        ..CapsuleFields::default()
    };
    testing::published_capsule(store, lesson, fields).await
}

/// The capsule and every touched set assigned to the classes of the first pupils.
async fn assigned(store: &Store, touched: &Touched, capsule: Uuid) {
    let mut classes = BTreeSet::new();
    for pupil in touched.pupils.iter().take(12) {
        for class in store.accounts().classes_of(*pupil).await.unwrap() {
            classes.insert(class.class.id);
        }
    }
    let today = store.today();
    let sets = touched.sets.iter().map(|set| Work::Set(*set));
    for (n, work) in std::iter::once(Work::Capsule(capsule))
        .chain(sets)
        .enumerate()
    {
        for class in &classes {
            store
                .learning()
                .create_assignment(&NewAssignment {
                    class_id: *class,
                    work,
                    due_on: today + chrono::Days::new(n as u64 % 3),
                    note: format!("note {n}"),
                    pupils: None,
                    created_by: None,
                })
                .await
                .unwrap();
        }
    }
}

/// Watches of the first pupils on a published capsule, at stored times.
async fn watched(store: &Store, touched: &Touched) -> Uuid {
    let capsule = published_capsule(store, touched).await;
    for (n, pupil) in touched.pupils.iter().take(6).enumerate() {
        let at = touched.times[n];
        let event = WatchEvent {
            id: Uuid::now_v7(),
            user_id: *pupil,
            capsule_id: capsule,
            position_ms: 1_000 * n as i64 + 7,
            watched_pct: 12.5 * n as f64,
            occurred_at: at,
        };
        assert!(store.learning().record_watch(&event).await.unwrap());
    }
    capsule
}

/// The times a query compares against: now, a week back, and the stored times themselves
/// (where `<=` and `>=` against text decide).
fn instants(store: &Store, touched: &Touched) -> Vec<DateTime<Utc>> {
    let now = store.clock().now();
    let mut at = vec![now, now - Duration::days(7), now + Duration::days(30)];
    at.extend(touched.times.iter().step_by(37).copied());
    at
}

#[tokio::test]
async fn reads_in_place_return_what_sqlx_returns() {
    let store = generated().await;
    let in_place: &Store = &store;
    let sqlx_only = store.without_reads_in_place_for_tests();
    assert!(in_place.reads_in_place_for_tests());
    assert!(!sqlx_only.reads_in_place_for_tests());
    let touched = touched(in_place).await;
    assert!(touched.pupils.len() > 20 && touched.sets.len() > 1);
    let capsule = watched(in_place, &touched).await;
    assigned(in_place, &touched, capsule).await;
    let instants = instants(in_place, &touched);
    let versions = in_place
        .media_jobs()
        .media_of_capsule(capsule)
        .await
        .unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        versions,
        sqlx_only
            .media_jobs()
            .media_of_capsule(capsule)
            .await
            .unwrap()
    );

    let (mut due_seen, mut watching_seen, mut todo_seen) = (0, 0, 0);
    for pupil in &touched.pupils {
        let (a, b) = (in_place.accounts(), sqlx_only.accounts());
        let classes = a.classes_of(*pupil).await.unwrap();
        assert!(!classes.is_empty());
        assert_eq!(classes, b.classes_of(*pupil).await.unwrap());
        let levels: Vec<String> = classes
            .iter()
            .filter_map(|c| c.class.level_code.clone())
            .collect();

        let (a, b) = (in_place.learning(), sqlx_only.learning());
        assert_eq!(
            a.lesson_progress(*pupil, &levels).await.unwrap(),
            b.lesson_progress(*pupil, &levels).await.unwrap()
        );
        assert_eq!(
            a.latest_scores_by_lesson(*pupil).await.unwrap(),
            b.latest_scores_by_lesson(*pupil).await.unwrap()
        );
        assert_eq!(
            a.capsule_view(*pupil, capsule).await.unwrap(),
            b.capsule_view(*pupil, capsule).await.unwrap()
        );
        let watching = a.continue_watching(*pupil, 6).await.unwrap();
        assert_eq!(watching, b.continue_watching(*pupil, 6).await.unwrap());
        watching_seen += watching.len();
        let todo = a.pupil_todo(*pupil, 10).await.unwrap();
        assert_eq!(todo, b.pupil_todo(*pupil, 10).await.unwrap());
        todo_seen += todo.len();
        for set in &touched.sets {
            let items = in_place.catalog().set_items(*set).await.unwrap();
            assert!(!items.is_empty());
            assert_eq!(items, sqlx_only.catalog().set_items(*set).await.unwrap());
            for item in items {
                assert_eq!(
                    in_place.catalog().exercise_item(item.id).await.unwrap(),
                    sqlx_only.catalog().exercise_item(item.id).await.unwrap()
                );
            }
            assert_eq!(
                a.latest_answers(*pupil, *set).await.unwrap(),
                b.latest_answers(*pupil, *set).await.unwrap()
            );
        }
        for at in &instants {
            assert_eq!(
                a.activity_times(*pupil, *at).await.unwrap(),
                b.activity_times(*pupil, *at).await.unwrap()
            );
            let due = a.due_count(*pupil, *at).await.unwrap();
            assert_eq!(due, b.due_count(*pupil, *at).await.unwrap());
            let items = a.due_items(*pupil, *at, 50).await.unwrap();
            assert_eq!(items, b.due_items(*pupil, *at, 50).await.unwrap());
            due_seen += items.len();
            for lesson in &touched.lessons {
                assert_eq!(
                    a.weak_lesson_items(*pupil, *lesson, *at, 50).await.unwrap(),
                    b.weak_lesson_items(*pupil, *lesson, *at, 50).await.unwrap()
                );
            }
        }
        // Each card's own due time: `due_at <= $2` must count the card on both paths.
        for item in a.due_items(*pupil, instants[2], 50).await.unwrap() {
            let due_at = item.card.unwrap().card.due_at;
            assert_eq!(
                a.due_count(*pupil, due_at).await.unwrap(),
                b.due_count(*pupil, due_at).await.unwrap()
            );
        }
    }
    // An unknown item is not found on either path.
    let unknown = Uuid::now_v7();
    for store in [in_place, &sqlx_only] {
        let found = store.catalog().exercise_item(unknown).await;
        assert!(matches!(found, Err(StoreError::NotFound)), "{found:?}");
    }
    // Each comparison saw rows, not only empty lists.
    assert!(due_seen > 0 && watching_seen > 0 && todo_seen > 0);
}

#[tokio::test]
async fn a_write_through_sqlx_is_read_in_place_at_once() {
    let store = generated().await;
    assert!(store.reads_in_place_for_tests());
    let touched = touched(&store).await;
    let capsule = watched(&store, &touched).await;
    let pupil = *touched.pupils.last().unwrap();
    let learning = store.learning();

    // A new item shown and answered: the presentation, the answer and its card all show.
    let item = store.first_true_false_item_for_tests().await.unwrap();
    let fresh = testing::pupil(&store, "Nouvelle", "R900").await;
    learning.mark_presented(fresh.id, &[item.id]).await.unwrap();
    assert!(learning.was_presented(fresh.id, item.id).await.unwrap());
    let now = store.clock().now();
    let response = Response::TrueFalse { answer: true };
    let answer = AnswerEvent {
        id: Uuid::now_v7(),
        user_id: fresh.id,
        set_id: item.set_id,
        item_id: item.id,
        correction: item.item.correct(&response).unwrap(),
        response,
        occurred_at: now,
    };
    assert_eq!(
        learning
            .submit_answers(std::slice::from_ref(&answer))
            .await
            .unwrap(),
        1
    );
    let latest = learning
        .latest_answers(fresh.id, item.set_id)
        .await
        .unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0].event_id, answer.id);
    assert_eq!(
        learning.activity_times(fresh.id, now).await.unwrap(),
        vec![now]
    );
    assert_eq!(
        learning
            .latest_scores_by_lesson(fresh.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let card_due = store
        .learning()
        .review_card(fresh.id, item.id)
        .await
        .unwrap()
        .unwrap()
        .card
        .due_at;
    assert_eq!(learning.due_count(fresh.id, card_due).await.unwrap(), 1);
    assert_eq!(
        learning
            .due_count(fresh.id, card_due - Duration::milliseconds(1))
            .await
            .unwrap(),
        0
    );

    // A watch moves the view read in place.
    let before = learning.capsule_view(pupil, capsule).await.unwrap();
    let watch = WatchEvent {
        id: Uuid::now_v7(),
        user_id: pupil,
        capsule_id: capsule,
        position_ms: 99_000,
        watched_pct: 50.0,
        occurred_at: now,
    };
    assert!(learning.record_watch(&watch).await.unwrap());
    let after = learning
        .capsule_view(pupil, capsule)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(Some(after), before);
    assert_eq!((after.position_ms, after.updated_at), (99_000, now));
}
