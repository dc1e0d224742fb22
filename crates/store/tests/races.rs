//! Rules checked inside the transaction that writes, so parallel requests cannot all pass
//! the check: a quiz's attempt limit, answers to items shown and counted once, an upload's
//! offset and the part it records (SQLite and PostgreSQL).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use lawha_core::capsule::CapsuleFields;
use lawha_core::exercise::gift::parse_gift;
use lawha_core::exercise::Response;
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::learning::exercises::{AnswerEvent, NewExerciseSet, SetMode};
use lawha_store::on_both;
use lawha_store::testing;
use lawha_store::{Backend, Store, StoreError, User};
use uuid::Uuid;

fn titles(t: &str) -> Titles {
    Titles {
        ar: t.into(),
        fr: t.into(),
    }
}

async fn lesson_and_pupil(store: &Store) -> (Lesson, User) {
    let lesson = testing::lesson(store, "1AC", "MATH", &titles("درس")).await;
    let pupil = testing::pupil(store, "Salma", "P100").await;
    (lesson, pupil)
}

/// How many answers of `pupil` to `item` are stored.
async fn answers_to(store: &Store, pupil: &User, item: Uuid) -> i64 {
    store
        .learning()
        .answers_to_item(pupil.id, item)
        .await
        .unwrap()
}

const RACERS: usize = 20;
const ALLOWED: i32 = 3;

/// A quiz of one item allowing `allowed` answers, shown to the pupil, and a maker of
/// answers to it with the given id.
async fn quiz_shown_to(
    store: &Store,
    lesson: &Lesson,
    pupil: &User,
    allowed: i32,
) -> (Uuid, Uuid, impl Fn(Uuid) -> AnswerEvent) {
    let quiz = store
        .catalog()
        .create_exercise_set_with_items(
            &NewExerciseSet {
                lesson_id: lesson.id,
                titles: titles("اختبار"),
                mode: SetMode::Quiz,
                max_attempts: Some(allowed),
                created_by: None,
            },
            &[parse_gift("::a:: Rabat ? {=رباط}").unwrap().remove(0).item],
        )
        .await
        .unwrap();
    let item = store.catalog().set_items(quiz.id).await.unwrap().remove(0);
    store
        .learning()
        .mark_presented(pupil.id, &[item.id])
        .await
        .unwrap();
    let (pupil_id, quiz_id, item_id) = (pupil.id, quiz.id, item.id);
    let clock = store.clock().clone();
    let answer = move |id: Uuid| {
        let response = Response::ShortAnswer {
            text: "فاس".into()
        };
        AnswerEvent {
            id,
            user_id: pupil_id,
            set_id: quiz_id,
            item_id,
            correction: item.item.correct(&response).unwrap(),
            response,
            occurred_at: clock.now(),
        }
    };
    (quiz_id, item_id, answer)
}

/// Submits each batch in a task of its own, all at once; returns how many answers were
/// recorded and how many batches were refused for lack of attempts.
async fn race(store: &Store, batches: Vec<Vec<AnswerEvent>>, backend: Backend) -> (u64, usize) {
    let racers: Vec<_> = batches
        .into_iter()
        .map(|batch| {
            let store = store.clone();
            tokio::spawn(async move { store.learning().submit_answers(&batch).await })
        })
        .collect();
    let (mut recorded, mut refused) = (0, 0);
    for racer in racers {
        match racer.await.unwrap() {
            Ok(n) => recorded += n,
            Err(StoreError::Conflict(lawha_store::Refusal::NoAttemptsLeft)) => refused += 1,
            other => panic!("{backend:?}: {other:?}"),
        }
    }
    (recorded, refused)
}

on_both!(racing parallel_answers_keep_a_quiz_attempt_limit);
async fn parallel_answers_keep_a_quiz_attempt_limit(backend: Backend) {
    let store = testing::on(backend).await;
    let (lesson, pupil) = lesson_and_pupil(&store).await;
    let (quiz, item, answer) = quiz_shown_to(&store, &lesson, &pupil, ALLOWED).await;
    let batches = (0..RACERS).map(|_| vec![answer(Uuid::now_v7())]).collect();
    let (recorded, _) = race(&store, batches, backend).await;
    let stored = answers_to(&store, &pupil, item).await;
    assert_eq!(
        (recorded, stored),
        (ALLOWED as u64, i64::from(ALLOWED)),
        "{backend:?}"
    );

    // A retry of a recorded answer is still recognised once the attempts are spent.
    let first = store
        .learning()
        .latest_answers(pupil.id, quiz)
        .await
        .unwrap();
    let retry = answer(first[0].event_id);
    assert_eq!(
        store
            .learning()
            .submit_answers(std::slice::from_ref(&retry))
            .await
            .unwrap(),
        0
    );
    assert_eq!(answers_to(&store, &pupil, item).await, i64::from(ALLOWED));
}

on_both!(racing one_attempt_is_stored_once_whatever_races_for_it);
/// Single answers and batches racing for a quiz's one attempt: exactly one is stored, and
/// a batch that would pass the limit is refused whole.
async fn one_attempt_is_stored_once_whatever_races_for_it(backend: Backend) {
    let store = testing::on(backend).await;
    let (lesson, pupil) = lesson_and_pupil(&store).await;
    let (_, item, answer) = quiz_shown_to(&store, &lesson, &pupil, 1).await;
    let batches: Vec<Vec<AnswerEvent>> = (0..RACERS)
        .map(|k| match k % 3 {
            0 => vec![answer(Uuid::now_v7()), answer(Uuid::now_v7())],
            _ => vec![answer(Uuid::now_v7())],
        })
        .collect();
    let (recorded, refused) = race(&store, batches, backend).await;
    assert_eq!((recorded, refused), (1, RACERS - 1), "{backend:?}");
    assert_eq!(answers_to(&store, &pupil, item).await, 1);
}

on_both!(racing a_resubmitted_answer_counts_once);
/// The same answer sent by many racers at once (a double click, a retried sync) is stored
/// once and spends one attempt.
async fn a_resubmitted_answer_counts_once(backend: Backend) {
    let store = testing::on(backend).await;
    let (lesson, pupil) = lesson_and_pupil(&store).await;
    let (_, item, answer) = quiz_shown_to(&store, &lesson, &pupil, 2).await;
    let id = Uuid::now_v7();
    let batches = (0..RACERS).map(|_| vec![answer(id), answer(id)]).collect();
    let (recorded, refused) = race(&store, batches, backend).await;
    assert_eq!((recorded, refused), (1, 0), "{backend:?}");
    assert_eq!(answers_to(&store, &pupil, item).await, 1);
    // The second attempt is still there.
    let second = answer(Uuid::now_v7());
    let batch = std::slice::from_ref(&second);
    assert_eq!(store.learning().submit_answers(batch).await.unwrap(), 1);
}

on_both!(racing an_unpresented_item_is_refused);
/// An answer to an item the pupil was never shown is refused, alone or in a batch, and
/// nothing of the batch is kept.
async fn an_unpresented_item_is_refused(backend: Backend) {
    let store = testing::on(backend).await;
    let (lesson, pupil) = lesson_and_pupil(&store).await;
    let (_, shown_item, shown) = quiz_shown_to(&store, &lesson, &pupil, 5).await;
    let practice = store
        .catalog()
        .create_exercise_set_with_items(
            &NewExerciseSet {
                lesson_id: lesson.id,
                titles: titles("تمارين"),
                mode: SetMode::Practice,
                max_attempts: None,
                created_by: None,
            },
            &[parse_gift("::b:: Fès ? {=فاس}").unwrap().remove(0).item],
        )
        .await
        .unwrap();
    let unseen = store
        .catalog()
        .set_items(practice.id)
        .await
        .unwrap()
        .remove(0);
    let response = Response::ShortAnswer {
        text: "فاس".into()
    };
    let answer = AnswerEvent {
        id: Uuid::now_v7(),
        user_id: pupil.id,
        set_id: practice.id,
        item_id: unseen.id,
        correction: unseen.item.correct(&response).unwrap(),
        response,
        occurred_at: store.clock().now(),
    };
    for batch in [vec![answer.clone()], vec![shown(Uuid::now_v7()), answer]] {
        match store.learning().submit_answers(&batch).await {
            Err(StoreError::Conflict(lawha_store::Refusal::NotPresented)) => {}
            other => panic!("{backend:?}: {other:?}"),
        }
    }
    assert_eq!(answers_to(&store, &pupil, unseen.id).await, 0);
    assert_eq!(answers_to(&store, &pupil, shown_item).await, 0);
}

on_both!(racing racing_chunks_move_an_upload_once);
async fn racing_chunks_move_an_upload_once(backend: Backend) {
    let store = testing::on(backend).await;
    let (lesson, producer) = lesson_and_pupil(&store).await;
    let fields = CapsuleFields {
        title_fr: "Simplifier".into(),
        title_ar: "تبسيط".into(),
        language: Some(lawha_core::Locale::Fr),
        ..CapsuleFields::default()
    };
    let capsule = testing::capsule(&store, lesson.id, fields).await;
    let upload = store
        .media_jobs()
        .create_upload(producer.id, capsule.id, "v.mp4", 100)
        .await
        .unwrap();
    let racers: Vec<_> = (0..4)
        .map(|k| {
            let store = store.store.clone();
            tokio::spawn(async move {
                let part = format!("uploads/{}/part-{k}", upload.id);
                let moved = store
                    .media_jobs()
                    .advance_upload(upload.id, 0, 60, Some(&part))
                    .await;
                (moved.unwrap(), part)
            })
        })
        .collect();
    let mut winners = Vec::new();
    for racer in racers {
        if let (true, part) = racer.await.unwrap() {
            winners.push(part);
        }
    }
    assert_eq!(winners.len(), 1, "{backend:?}");
    let parts = store.media_jobs().upload_parts(upload.id).await.unwrap();
    assert_eq!(parts.len(), 1, "{backend:?}");
    assert_eq!(
        (parts[0].from_byte, parts[0].to_byte, &parts[0].part_key),
        (0, 60, &winners[0])
    );
    assert_eq!(
        store
            .media_jobs()
            .upload(upload.id)
            .await
            .unwrap()
            .received_bytes,
        60
    );
}
