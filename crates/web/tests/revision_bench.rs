//! "My revision today" latency for a pupil who has met 5,000 items, on SQLite and
//! PostgreSQL, through the whole router in process (session, queries, rendering; no
//! network). Baselines in the same run: `/profile` for the same pupil (a signed-in page
//! with no revision work) and `/revision` for a pupil who has met 50 items.
//!
//! A benchmark, not a test: ignored by default; `bench/revision.sh` runs it in release mode
//! and records the output in `bench/RESULTS.md`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use common::{Client, TestApp, PASSWORD};
use lawha_core::exercise::{Choice, Item, ItemKind, Response};
use lawha_core::import::ClassLevel;
use lawha_core::Role;
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::exercises::{AnswerEvent, NewExerciseSet, SetMode, StoredItem};
use lawha_store::testing::SubmitShown;
use lawha_store::{Backend, Class};

const ITEMS: usize = 5_000;
const LESSONS: usize = 50;
/// Other pupils who met every item too: the tables are not the one pupil's alone.
const OTHER_PUPILS: usize = 20;
const SMALL: usize = 50;
const RUNS: usize = 200;

/// `ITEMS` single-choice items, spread over `LESSONS` lessons of one unit.
async fn curriculum(app: &TestApp) -> Vec<StoredItem> {
    let titles = |t: String| Titles {
        ar: t.clone(),
        fr: t,
    };
    let unit = app
        .store
        .catalog()
        .create_unit(
            &ClassLevel::Level("1AC".into()),
            "MATH",
            &titles("U".into()),
        )
        .await
        .unwrap();
    let mut all = Vec::with_capacity(ITEMS);
    for l in 0..LESSONS {
        let lesson = app
            .store
            .catalog()
            .create_lesson(unit.id, &titles(format!("L{l}")))
            .await
            .unwrap();
        let items: Vec<Item> = (0..ITEMS / LESSONS)
            .map(|i| {
                Item::new(
                    format!("{l}.{i}: 1/2 = ?"),
                    ItemKind::SingleChoice {
                        choices: vec![Choice::right("2/4"), Choice::wrong("1/4")],
                    },
                )
            })
            .collect();
        let set = app
            .store
            .catalog()
            .create_exercise_set_with_items(
                &NewExerciseSet {
                    lesson_id: lesson.id,
                    titles: titles(format!("S{l}")),
                    mode: SetMode::Practice,
                    max_attempts: None,
                    created_by: None,
                },
                &items,
            )
            .await
            .unwrap();
        all.extend(app.store.catalog().set_items(set.id).await.unwrap());
    }
    all
}

/// One answer per item, over the last 40 days; the first fifth of the lessons mostly
/// wrong (weak lessons), the rest mostly right, so that many items are due today.
fn history(user: uuid::Uuid, items: &[StoredItem], now: DateTime<Utc>) -> Vec<AnswerEvent> {
    let weak_until = items.len() / 5;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let wrong = if i < weak_until {
                i % 10 < 7
            } else {
                i % 10 == 0
            };
            let response = Response::SingleChoice {
                choice: usize::from(wrong),
            };
            AnswerEvent {
                id: uuid::Uuid::now_v7(),
                user_id: user,
                set_id: item.set_id,
                item_id: item.id,
                correction: item.item.correct(&response).unwrap(),
                response,
                occurred_at: now - chrono::Duration::hours((i % (40 * 24)) as i64),
            }
        })
        .collect()
}

async fn pupil(app: &TestApp, class: &Class, code: &str, items: &[StoredItem]) -> uuid::Uuid {
    let user = app.user(code, code, &[(Role::Pupil, class.scope())]).await;
    for chunk in history(user.id, items, app.state.now()).chunks(5_000) {
        app.store.submit_all_shown(chunk).await.unwrap();
    }
    user.id
}

/// Median, 95th percentile and mean of `RUNS` requests after a warm-up.
async fn time(app: &TestApp, client: &Client, path: &str) -> (Duration, Duration, Duration) {
    for _ in 0..20 {
        assert_eq!(app.get(client, path).await.status, StatusCode::OK);
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let resp = app.get(client, path).await;
        times.push(start.elapsed());
        assert_eq!(resp.status, StatusCode::OK);
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / RUNS as u32;
    (times[RUNS / 2], times[RUNS * 95 / 100], mean)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn run(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (_, class) = app.school_and_class("01", "BENCH").await;
    let items = curriculum(&app).await;
    for p in 0..OTHER_PUPILS {
        pupil(&app, &class, &format!("O{p:04}"), &items).await;
    }
    pupil(&app, &class, "BIG0001", &items).await;
    pupil(&app, &class, "SMALL001", &items[..SMALL]).await;

    let big = app.sign_in("BIG0001", PASSWORD).await;
    let small = app.sign_in("SMALL001", PASSWORD).await;
    let page = app.get(&big, "/revision").await;
    assert!(
        page.body.contains("id=\"item-"),
        "the big pupil has items due"
    );

    let baseline = time(&app, &big, "/profile").await;
    for (who, client, path) in [
        ("5,000 items", &big, "/profile"),
        ("5,000 items", &big, "/revision"),
        ("50 items", &small, "/revision"),
    ] {
        let (p50, p95, mean) = if path == "/profile" {
            baseline
        } else {
            time(&app, client, path).await
        };
        println!(
            "| {} | {path} | {who} | {} | {} | {} | {:.1} |",
            backend.name(),
            ms(p50),
            ms(p95),
            ms(mean),
            p50.as_secs_f64() / baseline.0.as_secs_f64()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run by bench/revision.sh"]
async fn my_revision_today_latency() {
    println!("| engine | page | pupil has met | p50 | p95 | mean | p50 × /profile |");
    println!("|---|---|---|---:|---:|---:|---:|");
    run(Backend::Sqlite).await;
    run(Backend::Postgres).await;
}
