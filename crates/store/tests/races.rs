//! Rules checked inside the transaction that writes, so parallel requests cannot all pass
//! the check: a quiz's attempt limit, an upload's offset and the part it records (SQLite
//! and PostgreSQL).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use lawha_core::capsule::CapsuleFields;
use lawha_core::exercise::gift::parse_gift;
use lawha_core::exercise::Response;
use lawha_core::import::ClassLevel;
use lawha_store::capsules::NewCapsule;
use lawha_store::curriculum::{Lesson, Titles};
use lawha_store::exercises::{AnswerEvent, NewExerciseSet, SetMode};
use lawha_store::on_both;
use lawha_store::testing;
use lawha_store::{Backend, NewUser, Store, StoreError, User};
use uuid::Uuid;

fn titles(t: &str) -> Titles {
    Titles {
        ar: t.into(),
        fr: t.into(),
    }
}

async fn lesson_and_pupil(store: &Store) -> (Lesson, User) {
    let unit = store
        .create_unit(&ClassLevel::Level("1AC".into()), "MATH", &titles("وحدة"))
        .await
        .unwrap();
    let lesson = store.create_lesson(unit.id, &titles("درس")).await.unwrap();
    let pupil = store
        .create_user(&NewUser {
            display_name: "Salma".into(),
            email: None,
            pupil_code: Some("P100".into()),
            password: "a long password".into(),
            locale: None,
            must_change_password: false,
        })
        .await
        .unwrap();
    (lesson, pupil)
}

const RACERS: usize = 20;
const ALLOWED: i32 = 3;

on_both!(racing parallel_answers_keep_a_quiz_attempt_limit);
async fn parallel_answers_keep_a_quiz_attempt_limit(backend: Backend) {
    let store = testing::on(backend).await;
    let (lesson, pupil) = lesson_and_pupil(&store).await;
    let quiz = store
        .create_exercise_set_with_items(
            &NewExerciseSet {
                lesson_id: lesson.id,
                titles: titles("اختبار"),
                mode: SetMode::Quiz,
                max_attempts: Some(ALLOWED),
                created_by: None,
            },
            &[parse_gift("::a:: Rabat ? {=رباط}").unwrap().remove(0).item],
        )
        .await
        .unwrap();
    let item = store.set_items(quiz.id).await.unwrap().remove(0);
    let answer = |id: Uuid| {
        let response = Response::ShortAnswer {
            text: "فاس".into()
        };
        AnswerEvent {
            id,
            user_id: pupil.id,
            set_id: quiz.id,
            item_id: item.id,
            correction: item.item.correct(&response).unwrap(),
            response,
            occurred_at: store.clock().now(),
        }
    };
    let racers: Vec<_> = (0..RACERS)
        .map(|_| {
            let (store, event) = (store.store.clone(), answer(Uuid::now_v7()));
            tokio::spawn(async move { store.record_answer(&event).await })
        })
        .collect();
    let mut recorded = 0;
    for racer in racers {
        match racer.await.unwrap() {
            Ok(true) => recorded += 1,
            Err(StoreError::Conflict {
                code: "no-attempts-left",
            }) => {}
            other => panic!("{backend:?}: {other:?}"),
        }
    }
    let stored = store.answers_to_item(pupil.id, item.id).await.unwrap();
    assert_eq!(
        (recorded, stored),
        (ALLOWED, i64::from(ALLOWED)),
        "{backend:?}"
    );

    // A retry of a recorded answer is still recognised once the attempts are spent.
    let first = store.latest_answers(pupil.id, quiz.id).await.unwrap();
    assert!(!store
        .record_answer(&answer(first[0].event_id))
        .await
        .unwrap());
    assert_eq!(
        store.answers_to_item(pupil.id, item.id).await.unwrap(),
        i64::from(ALLOWED)
    );
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
    let capsule = store
        .create_capsule(&NewCapsule {
            lesson_id: lesson.id,
            fields: fields.validate().unwrap(),
            school_id: None,
            external_ref: None,
            created_by: None,
        })
        .await
        .unwrap();
    let upload = store
        .create_upload(producer.id, capsule.id, "v.mp4", 100)
        .await
        .unwrap();
    let racers: Vec<_> = (0..4)
        .map(|k| {
            let store = store.store.clone();
            tokio::spawn(async move {
                let part = format!("uploads/{}/part-{k}", upload.id);
                let moved = store.advance_upload(upload.id, 0, 60, Some(&part)).await;
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
    let parts = store.upload_parts(upload.id).await.unwrap();
    assert_eq!(parts.len(), 1, "{backend:?}");
    assert_eq!(
        (parts[0].from_byte, parts[0].to_byte, &parts[0].part_key),
        (0, 60, &winners[0])
    );
    assert_eq!(store.upload(upload.id).await.unwrap().received_bytes, 60);
}
