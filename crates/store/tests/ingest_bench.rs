//! Answer-event ingest throughput on SQLite and PostgreSQL: batched (`submit_answers` with
//! a batch) against the baseline of one durable transaction per answer, in the
//! same run. A benchmark, not a test: ignored by default; `bench/ingest.sh` runs it in
//! release mode and records the output in `bench/RESULTS.md`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::Instant;

use lawha_core::exercise::{Choice, Item, ItemKind, Response};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::exercises::{AnswerEvent, NewExerciseSet, SetMode};
use lawha_store::testing;
use lawha_store::{Backend, NewUser, Store};

const SINGLE: usize = 2_000;
const BATCHED: usize = 200_000;
const BATCH: usize = 5_000;

async fn fixture(store: &Store) -> (uuid::Uuid, uuid::Uuid, Vec<uuid::Uuid>, Item) {
    let titles = |t: &str| Titles {
        ar: t.into(),
        fr: t.into(),
    };
    let lesson = testing::lesson(store, "1AC", "MATH", &titles("l")).await;
    let item = Item::new(
        "1/2 = ?",
        ItemKind::SingleChoice {
            choices: vec![Choice::new("2/4", 1.0), Choice::new("1/4", 0.0)],
        },
    );
    let set = store
        .catalog()
        .create_exercise_set_with_items(
            &NewExerciseSet {
                lesson_id: lesson.id,
                titles: titles("s"),
                mode: SetMode::Practice,
                max_attempts: None,
                created_by: None,
            },
            std::slice::from_ref(&item),
        )
        .await
        .unwrap();
    let item_id = store.catalog().set_items(set.id).await.unwrap()[0].id;
    let mut pupils = Vec::new();
    for i in 0..20 {
        pupils.push(
            store
                .accounts()
                .create_user(&NewUser {
                    display_name: format!("Pupil {i}"),
                    email: None,
                    pupil_code: Some(format!("B{i:05}")),
                    password: "bench password".into(),
                    locale: None,
                    must_change_password: false,
                })
                .await
                .unwrap()
                .id,
        );
    }
    // Every pupil was shown the item: answers to unseen items are refused.
    for pupil in &pupils {
        store
            .learning()
            .mark_presented(*pupil, &[item_id])
            .await
            .unwrap();
    }
    (set.id, item_id, pupils, item)
}

fn events(
    n: usize,
    set: uuid::Uuid,
    item_id: uuid::Uuid,
    pupils: &[uuid::Uuid],
    item: &Item,
    at: chrono::DateTime<chrono::Utc>,
) -> Vec<AnswerEvent> {
    (0..n)
        .map(|i| {
            let response = Response::SingleChoice { choice: i % 2 };
            AnswerEvent {
                id: uuid::Uuid::now_v7(),
                user_id: pupils[i % pupils.len()],
                set_id: set,
                item_id,
                correction: item.correct(&response).unwrap(),
                response,
                occurred_at: at,
            }
        })
        .collect()
}

async fn run(backend: Backend) {
    let store = testing::on(backend).await;
    let (set, item_id, pupils, item) = fixture(&store).await;

    let single = events(SINGLE, set, item_id, &pupils, &item, store.clock().now());
    let start = Instant::now();
    for e in &single {
        store
            .learning()
            .submit_answers(std::slice::from_ref(e))
            .await
            .unwrap();
    }
    let single_rate = SINGLE as f64 / start.elapsed().as_secs_f64();

    let batched = events(BATCHED, set, item_id, &pupils, &item, store.clock().now());
    let start = Instant::now();
    for chunk in batched.chunks(BATCH) {
        assert_eq!(
            store.learning().submit_answers(chunk).await.unwrap(),
            chunk.len() as u64
        );
    }
    let batched_rate = BATCHED as f64 / start.elapsed().as_secs_f64();
    let total = store
        .learning()
        .answers_to_item(pupils[0], item_id)
        .await
        .unwrap();
    assert_eq!(total as usize, (SINGLE + BATCHED) / pupils.len());
    println!(
        "| {} | {:.0} | {:.0} | {:.1} |",
        backend.name(),
        single_rate,
        batched_rate,
        batched_rate / single_rate
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run by bench/ingest.sh"]
async fn answer_event_ingest() {
    println!("| engine | one per transaction (events/s) | batched by {BATCH} (events/s) | ratio |");
    println!("|---|---:|---:|---:|");
    run(Backend::Sqlite).await;
    run(Backend::Postgres).await;
}
