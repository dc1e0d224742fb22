//! Revision schedules and progress on both engines: cards follow answers in the recording
//! transaction, late (offline) answers are replayed into place, duplicates change nothing,
//! and the revision and progress queries pick the right items.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use lawha_core::exercise::{Item, ItemKind, Response};
use lawha_core::import::ClassLevel;
use lawha_core::revision::{self, Phase};
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::learning::exercises::{AnswerEvent, NewExerciseSet, SetMode, StoredItem};
use lawha_store::learning::revision::Reason;
use lawha_store::on_both;
use lawha_store::testing::{SubmitShown, TestStore};
use lawha_store::{NewUser, Store, User};
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn titles(t: &str) -> Titles {
    Titles {
        ar: t.into(),
        fr: t.into(),
    }
}

/// A lesson of 1AC maths with one set of `n` true/false items (the answer is always "true").
async fn lesson_with_items(store: &Store, name: &str, n: usize) -> (Lesson, Vec<StoredItem>) {
    let unit = store
        .catalog()
        .create_unit(&ClassLevel::Level("1AC".into()), "MATH", &titles(name))
        .await
        .unwrap();
    let lesson = store
        .catalog()
        .create_lesson(unit.id, &titles(name))
        .await
        .unwrap();
    let set = store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: lesson.id,
            titles: titles(name),
            mode: SetMode::Practice,
            max_attempts: None,
            created_by: None,
        })
        .await
        .unwrap();
    let items: Vec<Item> = (0..n)
        .map(|i| {
            Item::new(
                format!("{name} {i}"),
                ItemKind::TrueFalse {
                    answer: true,
                    feedback_true: None,
                    feedback_false: None,
                },
            )
        })
        .collect();
    let stored = store.catalog().add_items(set.id, &items).await.unwrap();
    (lesson, stored)
}

async fn pupil(store: &Store) -> User {
    store
        .accounts()
        .create_user(&NewUser {
            display_name: "Yassine".into(),
            email: None,
            pupil_code: Some("RV01".into()),
            password: "a long password".into(),
            locale: None,
            must_change_password: false,
        })
        .await
        .unwrap()
}

/// An answer to `item` at `at`, right or wrong.
fn answer(user: &User, item: &StoredItem, right: bool, at: DateTime<Utc>) -> AnswerEvent {
    let response = Response::TrueFalse { answer: right };
    AnswerEvent {
        id: Uuid::now_v7(),
        user_id: user.id,
        set_id: item.set_id,
        item_id: item.id,
        correction: item.item.correct(&response).unwrap(),
        response,
        occurred_at: at,
    }
}

fn ids(items: &[lawha_store::learning::revision::RevisionItem]) -> Vec<Uuid> {
    items.iter().map(|r| r.item.id).collect()
}

async fn cards_follow_answers_whatever_order_they_arrive_in(store: TestStore) {
    let (_, items) = lesson_with_items(&store, "fractions", 4).await;
    let user = pupil(&store).await;

    // A mistake is due again the next day; a right answer only days later.
    assert!(store
        .submit_shown(&answer(&user, &items[0], false, t0()))
        .await
        .unwrap());
    assert!(store
        .submit_shown(&answer(&user, &items[1], true, t0()))
        .await
        .unwrap());
    let wrong = store
        .learning()
        .review_card(user.id, items[0].id)
        .await
        .unwrap()
        .unwrap();
    let right = store
        .learning()
        .review_card(user.id, items[1].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(wrong.card.due_at, t0() + Duration::days(1));
    assert!(right.card.due_at > t0() + Duration::days(2));
    assert_eq!((wrong.last_score, right.last_score), (0.0, 1.0));
    assert_eq!(
        store
            .learning()
            .review_card(user.id, items[2].id)
            .await
            .unwrap(),
        None
    );

    let tomorrow = t0() + Duration::days(1);
    assert_eq!(
        store.learning().due_count(user.id, tomorrow).await.unwrap(),
        1
    );
    let due = store
        .learning()
        .due_items(user.id, tomorrow, 50)
        .await
        .unwrap();
    assert_eq!(ids(&due), vec![items[0].id]);
    assert_eq!(due[0].reason, Reason::Due);
    let later = t0() + Duration::days(30);
    assert_eq!(store.learning().due_count(user.id, later).await.unwrap(), 2);
    let due = store
        .learning()
        .due_items(user.id, later, 50)
        .await
        .unwrap();
    assert_eq!(
        ids(&due),
        vec![items[0].id, items[1].id],
        "longest overdue first"
    );
    assert_eq!(
        store
            .learning()
            .due_items(user.id, later, 1)
            .await
            .unwrap()
            .len(),
        1
    );

    // A retry of a recorded answer changes nothing.
    let first = answer(&user, &items[2], true, t0() + Duration::days(1));
    store.submit_shown(&first).await.unwrap();
    let before = store
        .learning()
        .review_card(user.id, items[2].id)
        .await
        .unwrap();
    assert!(!store.submit_shown(&first).await.unwrap());
    assert_eq!(
        store
            .learning()
            .review_card(user.id, items[2].id)
            .await
            .unwrap(),
        before
    );

    // Offline work synced late: answers older than the card, in a batch that also repeats
    // itself and an answer already recorded. The card is the in-order replay.
    let late_a = answer(&user, &items[2], false, t0());
    let late_b = answer(&user, &items[2], true, t0() + Duration::hours(3));
    let newer = answer(&user, &items[2], true, t0() + Duration::days(5));
    let batch = [
        late_b.clone(),
        first.clone(),
        late_a.clone(),
        newer.clone(),
        late_a.clone(),
    ];
    assert_eq!(store.submit_all_shown(&batch).await.unwrap(), 3);
    let expected = revision::replay(&[
        (late_a.occurred_at, 0.0),
        (late_b.occurred_at, 1.0),
        (first.occurred_at, 1.0),
        (newer.occurred_at, 1.0),
    ])
    .unwrap();
    let card = store
        .learning()
        .review_card(user.id, items[2].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(card.card.reps, 4);
    assert_eq!(card.card.due_at, expected.due_at);
    assert_eq!(card.card.phase, expected.phase);
    assert!((card.card.stability - expected.stability).abs() < 1e-9);
    assert_eq!(card.last_score, 1.0);

    // A batch with only new answers moves the card on without a replay, as one by one would.
    let (_, solo) = lesson_with_items(&store, "solo", 1).await;
    let steps = [
        answer(&user, &solo[0], true, t0()),
        answer(&user, &solo[0], true, t0() + Duration::days(4)),
    ];
    store.submit_all_shown(&steps).await.unwrap();
    let card = store
        .learning()
        .review_card(user.id, solo[0].id)
        .await
        .unwrap()
        .unwrap();
    let expected = revision::replay(&[(t0(), 1.0), (t0() + Duration::days(4), 1.0)]).unwrap();
    assert_eq!(card.card.due_at, expected.due_at);
    assert_eq!(card.card.phase, Phase::Review);
}
on_both!(cards_follow_answers_whatever_order_they_arrive_in);

/// A bulk batch over more cards than one statement reads or writes, half of them already
/// stored: every card ends as if its answers had been recorded one by one.
async fn a_large_batch_schedules_every_card(store: TestStore) {
    let (_, items) = lesson_with_items(&store, "bulk", 1_200).await;
    let user = pupil(&store).await;
    let old = &items[..600];
    let earlier: Vec<AnswerEvent> = old
        .iter()
        .map(|item| answer(&user, item, false, t0()))
        .collect();
    store.submit_all_shown(&earlier).await.unwrap();
    let later_at = t0() + Duration::days(2);
    let batch: Vec<AnswerEvent> = items
        .iter()
        .enumerate()
        .map(|(i, item)| answer(&user, item, i % 3 != 0, later_at))
        .collect();
    assert_eq!(store.submit_all_shown(&batch).await.unwrap(), 1_200);
    for (i, item) in items.iter().enumerate() {
        let score = if i % 3 != 0 { 1.0 } else { 0.0 };
        let history = if i < old.len() {
            vec![(t0(), 0.0), (later_at, score)]
        } else {
            vec![(later_at, score)]
        };
        let expected = revision::replay(&history).unwrap();
        let card = store
            .learning()
            .review_card(user.id, item.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(card.card.reps, history.len() as i32, "item {i}");
        assert_eq!(card.card.due_at, expected.due_at, "item {i}");
        assert_eq!(card.last_score, score);
    }
}
on_both!(a_large_batch_schedules_every_card);

async fn weak_lessons_more_like_this_and_progress(store: TestStore) {
    let (weak, weak_items) = lesson_with_items(&store, "weak", 4).await;
    let (strong, strong_items) = lesson_with_items(&store, "strong", 2).await;
    let (untouched, _) = lesson_with_items(&store, "untouched", 3).await;
    let user = pupil(&store).await;
    let at = t0() + Duration::days(1);

    // Two items of the weak lesson wrong long ago (due now), one right (not due).
    store
        .submit_all_shown(&[
            answer(&user, &weak_items[0], false, t0()),
            answer(&user, &weak_items[1], false, t0()),
            answer(&user, &weak_items[2], true, t0() + Duration::hours(23)),
            answer(&user, &strong_items[0], true, t0()),
            answer(&user, &strong_items[1], true, t0()),
        ])
        .await
        .unwrap();
    let not_due = store
        .learning()
        .weak_lesson_items(user.id, weak.id, at, 10)
        .await
        .unwrap();
    assert_eq!(
        ids(&not_due),
        vec![weak_items[2].id],
        "only met, not-due items"
    );
    assert_eq!(not_due[0].reason, Reason::WeakLesson);
    assert_eq!(not_due[0].lesson_id, weak.id);

    // More like item 0: the never-answered item of its lesson first, then the worst.
    let more = store
        .learning()
        .more_like(user.id, weak_items[0].id, 2)
        .await
        .unwrap();
    assert_eq!(ids(&more), vec![weak_items[3].id, weak_items[1].id]);
    assert!(more[0].card.is_none() && more[1].card.is_some());
    assert!(matches!(
        store.learning().more_like(user.id, Uuid::now_v7(), 2).await,
        Err(lawha_store::StoreError::NotFound)
    ));

    // Progress over the pupil's level, in curriculum order.
    let progress = store
        .learning()
        .lesson_progress(user.id, &["1AC".to_string()])
        .await
        .unwrap();
    let of = |id: Uuid| progress.iter().find(|p| p.lesson_id == id).unwrap();
    assert_eq!(progress.len(), 3);
    assert_eq!(of(weak.id).items, 4);
    let mut scores = of(weak.id).latest_scores.clone();
    scores.sort_by(f64::total_cmp);
    assert_eq!(scores, vec![0.0, 0.0, 1.0]);
    assert_eq!(of(strong.id).latest_scores, vec![1.0, 1.0]);
    assert!(of(untouched.id).latest_scores.is_empty());
    assert!(of(untouched.id).first_set.is_some());
    assert_eq!(
        store
            .learning()
            .lesson_progress(user.id, &[])
            .await
            .unwrap()
            .len(),
        2,
        "outside their levels, only the lessons a pupil answered"
    );

    let times = store
        .learning()
        .activity_times(user.id, t0() + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(times, vec![t0() + Duration::hours(23)]);
}
on_both!(weak_lessons_more_like_this_and_progress);

/// The lesson's counted scores (what mastery reads).
async fn counted(store: &Store, user: &User, lesson: &Lesson) -> Vec<f64> {
    let scores = store
        .learning()
        .latest_scores_by_lesson(user.id)
        .await
        .unwrap();
    scores.get(&lesson.id).cloned().unwrap_or_default()
}

/// Mastery counts each item's first answer of a day unless its answer was shown earlier that
/// day; an answer arriving late (offline) replays the count with the recorded showings.
async fn late_answers_replay_what_counts_with_the_answers_shown(store: TestStore) {
    let (lesson, items) = lesson_with_items(&store, "angles", 1).await;
    let item = &items[0];
    let user = pupil(&store).await;
    let day = Duration::days(1);

    store
        .submit_shown(&answer(&user, item, false, t0()))
        .await
        .unwrap();
    assert_eq!(counted(&store, &user, &lesson).await, [0.0]);
    // The next morning the pupil asks for the answer before answering, then types it.
    let next_morning = store
        .store
        .clone()
        .with_clock(lawha_core::Clock::fixed(t0() + day));
    next_morning
        .learning()
        .record_answer_shown(user.id, item.id)
        .await
        .unwrap();
    let typed = answer(&user, item, true, t0() + day + Duration::hours(1));
    store.submit_shown(&typed).await.unwrap();
    assert_eq!(
        counted(&store, &user, &lesson).await,
        [0.0],
        "typed after being shown"
    );
    // A wrong answer from the day before, synced late: replayed with the showing, the
    // typed answer still does not count.
    let late = answer(&user, item, false, t0() - day);
    store.submit_shown(&late).await.unwrap();
    assert_eq!(counted(&store, &user, &lesson).await, [0.0], "replayed");
    // Right the day after: it counts.
    let later = answer(&user, item, true, t0() + day * 2);
    store.submit_shown(&later).await.unwrap();
    assert_eq!(counted(&store, &user, &lesson).await, [1.0]);
    let card = store
        .learning()
        .review_card(user.id, item.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(card.last_score, 1.0);
}
on_both!(late_answers_replay_what_counts_with_the_answers_shown);
