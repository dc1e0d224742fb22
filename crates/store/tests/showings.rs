//! Showings of the answer on both engines: recorded beside an answer, whichever
//! transaction reads the card first, the card keeps the showing and counts as a replay of
//! the answers and showings would; a set page's showings are recorded in one call.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use lawha_core::exercise::{Item, ItemKind, Response};
use lawha_core::mastery::Mastery;
use lawha_core::role::Grant;
use lawha_core::{Clock, Role, Scope, ScopeKey};
use lawha_store::learning::exercises::{AnswerEvent, StoredItem};
use lawha_store::rollups::dashboards::Period;
use lawha_store::testing::{self, SubmitShown, TestStore};
use lawha_store::{on_both, Store};
use uuid::Uuid;

const ZONE: chrono_tz::Tz = chrono_tz::Africa::Casablanca;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

/// A practice set of `n` true/false items (the answer is always "true") and a pupil.
async fn items_and_pupil(store: &Store, n: usize) -> (Vec<StoredItem>, Uuid) {
    let items: Vec<Item> = (0..n)
        .map(|i| {
            let kind = ItemKind::TrueFalse {
                answer: true,
                feedback_true: None,
                feedback_false: None,
            };
            Item::new(format!("item {i}"), kind)
        })
        .collect();
    let (_, _, stored) = testing::practice_set(store, &items).await;
    let pupil = testing::pupil(store, "Imane", "SH01").await;
    (stored, pupil.id)
}

/// An answer by `user` to `item` at `at`, right or wrong.
fn answer(user: Uuid, item: &StoredItem, right: bool, at: DateTime<Utc>) -> AnswerEvent {
    let response = Response::TrueFalse { answer: right };
    AnswerEvent {
        id: Uuid::now_v7(),
        user_id: user,
        set_id: item.set_id,
        item_id: item.id,
        correction: item.item.correct(&response).unwrap(),
        response,
        occurred_at: at,
    }
}

/// The card's (counted score, last showing).
async fn counting(
    store: &Store,
    user: Uuid,
    item: &StoredItem,
) -> (Option<f64>, Option<DateTime<Utc>>) {
    store
        .card_counting_for_tests(user, item.id)
        .await
        .unwrap()
        .expect("a card")
}

/// Wrong on the first day; the next day the pupil asks for the answer and, in another tab,
/// types it right a minute later: typed after being shown, it must not count. Review found
/// that on PostgreSQL the answer could write back the card it read before the showing
/// landed; there the answer is held between its read of the card and its write while the
/// showing is recorded. On SQLite writers take turns: the answer first, then the showing,
/// whose time was taken before the answer's.
async fn a_showing_beside_an_answer_stays_on_the_card(store: TestStore) {
    let (items, user) = items_and_pupil(&store, 1).await;
    let item = items[0].clone();
    store
        .submit_shown(&answer(user, &item, false, t0()))
        .await
        .unwrap();
    let next_day = t0() + Duration::days(1);
    let shown_at = next_day + Duration::minutes(1);
    let typed = answer(user, &item, true, next_day + Duration::minutes(2));
    let showing = store.store.clone().with_clock(Clock::fixed(shown_at));
    let show = move || async move { showing.learning().record_answer_shown(user, item.id).await };

    let held = store
        .hold_card_writes_for_tests(typed.occurred_at)
        .await
        .unwrap();
    let answering = {
        let store = store.store.clone();
        let typed = typed.clone();
        tokio::spawn(async move { store.submit_shown(&typed).await })
    };
    match held {
        Some(mut held) => {
            let answered = || answering.is_finished();
            assert!(held.wait_for(&["advisory"], 1, answered).await.unwrap());
            assert!(
                !answering.is_finished(),
                "the answer is held after its read"
            );
            let showing = tokio::spawn(show());
            // The showing waits for the answer's lock on the pair (without it, it ends):
            // two sessions wait on advisory locks, the answer on the hold and the showing.
            let shown = || showing.is_finished();
            let waits = held.wait_for(&["advisory"], 2, shown);
            assert!(waits.await.unwrap());
            assert!(!showing.is_finished(), "the showing waits for the answer");
            held.release().await.unwrap();
            assert!(answering.await.unwrap().unwrap());
            showing.await.unwrap().unwrap();
        }
        None => {
            assert!(answering.await.unwrap().unwrap());
            show().await.unwrap();
        }
    }
    assert_eq!(
        counting(&store, user, &items[0]).await,
        (Some(0.0), Some(shown_at)),
        "typed after being shown: yesterday's score stays"
    );
    // Right again the day after, unshown: it counts.
    let later = answer(user, &items[0], true, next_day + Duration::days(1));
    store.submit_shown(&later).await.unwrap();
    assert_eq!(
        counting(&store, user, &items[0]).await,
        (Some(1.0), Some(shown_at))
    );
}
on_both!(racing a_showing_beside_an_answer_stays_on_the_card);

/// Two first answers to one item, in two transactions at once (two tabs, or an answer beside
/// a school node's sync): neither finds a card, and the second must still build on the
/// first. Review found that on PostgreSQL a row lock covers only a card that exists, so the
/// later upsert replaced the card with one of its own answer; there the first answer is held
/// between its read and its write while the second arrives, which must wait for it.
async fn two_first_answers_to_one_item_both_reach_the_card(store: TestStore) {
    let (items, user) = items_and_pupil(&store, 1).await;
    let item = items[0].clone();
    let first = answer(user, &item, false, t0());
    let second = answer(user, &item, true, t0() + Duration::minutes(1));
    let held = store
        .hold_card_writes_for_tests(first.occurred_at)
        .await
        .unwrap();
    let send = |event: AnswerEvent| {
        let store = store.store.clone();
        tokio::spawn(async move { store.submit_shown(&event).await })
    };
    let answering = send(first);
    match held {
        Some(mut held) => {
            let answered = || answering.is_finished();
            assert!(held.wait_for(&["advisory"], 1, answered).await.unwrap());
            let other = send(second);
            let done = || other.is_finished();
            assert!(held.wait_for(&["advisory"], 2, done).await.unwrap());
            assert!(
                !other.is_finished(),
                "the second answer waits for the first"
            );
            held.release().await.unwrap();
            assert!(answering.await.unwrap().unwrap());
            assert!(other.await.unwrap().unwrap());
        }
        None => {
            assert!(answering.await.unwrap().unwrap());
            assert!(send(second).await.unwrap().unwrap());
        }
    }
    let card = store
        .learning()
        .review_card(user, item.id)
        .await
        .unwrap()
        .expect("a card");
    assert_eq!(card.card.reps, 2, "both answers are on the card: {card:?}");
    assert_eq!(
        counting(&store, user, &item).await,
        (Some(0.0), None),
        "the day's first answer counts"
    );
}
on_both!(racing two_first_answers_to_one_item_both_reach_the_card);

/// A set page's showings in one call: an empty list records nothing; an item already shown
/// that day is recorded again (its time moves, no score does); an item listed twice once;
/// answers typed after the showing that day do not count, the next day's do.
async fn a_page_of_showings_is_recorded_at_once(store: TestStore) {
    let (items, user) = items_and_pupil(&store, 3).await;
    let at = |minutes: i64| Clock::fixed(t0() + Duration::minutes(minutes));
    let on = |minutes: i64| store.store.clone().with_clock(at(minutes));
    let set = items[0].set_id;

    for item in &items[..2] {
        store
            .submit_shown(&answer(user, item, false, t0()))
            .await
            .unwrap();
    }
    // After answers, so that recording any of them would show.
    on(5)
        .learning()
        .record_answers_shown(user, &[])
        .await
        .unwrap();
    let help = store.learning().answer_help(user, set).await.unwrap();
    assert_eq!(help.len(), 2, "{help:?}");
    assert!(
        help.values().all(|h| h.shown_at.is_none()),
        "nothing recorded: {help:?}"
    );
    on(10)
        .learning()
        .record_answer_shown(user, items[0].id)
        .await
        .unwrap();
    let page = [items[0].id, items[1].id, items[1].id];
    on(20)
        .learning()
        .record_answers_shown(user, &page)
        .await
        .unwrap();
    let shown = Some(t0() + Duration::minutes(20));
    let help = store.learning().answer_help(user, set).await.unwrap();
    for item in &items[..2] {
        assert_eq!(help[&item.id].shown_at, shown, "the latest showing");
        assert_eq!(help[&item.id].misses, 1);
        assert_eq!(counting(&store, user, item).await, (Some(0.0), shown));
    }
    assert!(!help.contains_key(&items[2].id), "not on the list");

    // Typed right after the showing, that day: nothing counts; the next day it does.
    for item in &items[..2] {
        let typed = answer(user, item, true, t0() + Duration::minutes(30));
        store.submit_shown(&typed).await.unwrap();
        assert_eq!(counting(&store, user, item).await, (Some(0.0), shown));
    }
    let next_day = answer(user, &items[1], true, t0() + Duration::days(1));
    store.submit_shown(&next_day).await.unwrap();
    assert_eq!(counting(&store, user, &items[1]).await, (Some(1.0), shown));
}
on_both!(a_page_of_showings_is_recorded_at_once);

/// National (mastered, started) pupil-lessons, as the dashboards show them.
async fn national_mastery(store: &Store) -> (i64, i64) {
    let period = Period::ending(store.today(), 7);
    let figures = store
        .rollups()
        .scope_figures(ScopeKey::National, &period)
        .await
        .unwrap();
    (figures.mastered, figures.started)
}

/// A phone's showing that arrives after the answer it came before replays the card and
/// lowers its counted score, with no answer queued for the rollups: the showing queues the
/// pair's mastery itself, and the worker's next run moves the dashboards' counts.
async fn a_late_showing_moves_the_dashboards_mastery(store: TestStore) {
    let (items, user) = items_and_pupil(&store, 1).await;
    let (_, class) = testing::school_with_class(&store, "06", "SHOWN-A").await;
    let grant = Grant::new(
        Role::Pupil,
        Scope::Class {
            region: class.region_id,
            school: class.school_id,
            class: class.id,
        },
    )
    .unwrap();
    store.accounts().add_grant(user, &grant).await.unwrap();
    let item = &items[0];
    let rollups = store.rollups();
    store
        .submit_shown(&answer(user, item, true, t0()))
        .await
        .unwrap();
    rollups.apply_all_rollups(ZONE, "test").await.unwrap();
    assert_eq!(national_mastery(&store).await, (1, 1));

    // Shown a minute before that answer on the phone, and sent after it.
    store
        .learning()
        .record_answer_shown_at(user, item.id, t0() - Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(counting(&store, user, item).await.0, None);
    let lag = rollups.rollup_lag().await.unwrap();
    assert_eq!((lag.pending_events, lag.pending_rechecks), (0, 1));
    assert_eq!(rollups.apply_all_rollups(ZONE, "test").await.unwrap(), 1);
    assert_eq!(rollups.rollup_lag().await.unwrap().pending_rechecks, 0);
    assert_eq!(national_mastery(&store).await, (0, 1));
    let expected = store.mastery_brute_force_for_tests().await.unwrap();
    assert_eq!(
        expected
            .values()
            .filter(|m| **m == Mastery::Mastered)
            .count(),
        0
    );
    // Done once: nothing is left queued.
    assert_eq!(rollups.apply_all_rollups(ZONE, "test").await.unwrap(), 0);
}
on_both!(a_late_showing_moves_the_dashboards_mastery);
