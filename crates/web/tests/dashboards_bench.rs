//! Governance dashboards on a large generated population, on SQLite and PostgreSQL:
//! response times of the national, regional, provincial and school dashboards through the
//! whole router in process (session, scope check, rollup queries, SVG charts, rendering;
//! no network), against `/profile` for the same admin as the baseline in the same run;
//! then how far the rollups fall behind while answers stream in with a folding worker
//! running, and how long they take to catch up.
//!
//! The size comes from `LAWHA_BENCH_PUPILS` (default 20,000), `LAWHA_BENCH_DAYS` (default
//! 30) and `LAWHA_BENCH_EVENTS_PER_DAY` (events a pupil makes on an active day, default 6).
//! Dashboard queries read the rollups, whose size follows schools × days × levels, not the
//! number of events; fewer events per day keep a month of a national population affordable
//! to generate. A benchmark, not a test: ignored by default; `bench/dashboards.sh` runs it
//! in release mode and records the output in `bench/RESULTS.md`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{Client, TestApp, PASSWORD};
use lawha_core::exercise::Response;
use lawha_core::import::ClassLevel;
use lawha_core::{Role, Scope};
use lawha_seed::synthetic::{self, SyntheticConfig};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::exercises::AnswerEvent;
use lawha_store::testing::SubmitShown;
use lawha_store::Backend;
use uuid::Uuid;

const ZONE: chrono_tz::Tz = chrono_tz::Africa::Casablanca;
const RUNS: usize = 200;
/// Answers streamed in while the rollup worker folds (`LAWHA_BENCH_STREAMED`, default
/// 200,000), in batches the size of a busy server's ingest.
const STREAM_BATCH: usize = 5_000;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

#[derive(Clone, Copy)]
struct Timing {
    p50: Duration,
    p99: Duration,
    mean: Duration,
}

/// Median, 99th percentile and mean of `RUNS` requests after a warm-up.
async fn time(app: &TestApp, client: &Client, path: &str) -> Timing {
    for _ in 0..10 {
        let resp = app.get(client, path).await;
        assert_eq!(resp.status, StatusCode::OK, "{path}: {}", resp.body);
    }
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let resp = app.get(client, path).await;
        times.push(start.elapsed());
        assert_eq!(resp.status, StatusCode::OK);
    }
    times.sort();
    Timing {
        p50: times[RUNS / 2],
        p99: times[RUNS * 99 / 100],
        mean: times.iter().sum::<Duration>() / RUNS as u32,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Two published capsules on a lesson of every level, so that the generated pupils watch
/// as well as answer and the capsule tables have rows.
async fn capsules(app: &TestApp) {
    let titles = Titles {
        ar: "وحدة".into(),
        fr: "Unité".into(),
    };
    for level in lawha_core::reference::levels() {
        let unit = app
            .store
            .catalog()
            .create_unit(&ClassLevel::Level(level.code.clone()), "MATH", &titles)
            .await
            .unwrap();
        let lesson = app
            .store
            .catalog()
            .create_lesson(unit.id, &titles)
            .await
            .unwrap();
        for n in 1..=2 {
            app.playable_capsule(lesson.id, &format!("{} {n}", level.code), true, None)
                .await;
        }
    }
}

async fn run(backend: Backend, pupils: usize, days: i64, events_per_active_day: usize) {
    let app = TestApp::on(backend).await;
    capsules(&app).await;
    let config = SyntheticConfig {
        pupils,
        days,
        events_per_active_day,
        seed: 11,
        code_prefix: "BENCH".into(),
        ..SyntheticConfig::default()
    };
    let start = Instant::now();
    let mut shown_tenth = 0;
    let report = synthetic::generate(&app.store, &config, ZONE, |share| {
        let tenth = (share * 10.0).floor() as u32;
        if tenth > shown_tenth {
            shown_tenth = tenth;
            eprintln!("{}: generated {}0 %", backend.name(), tenth);
        }
    })
    .await
    .unwrap();
    let generated = start.elapsed();

    let regions = app.store.org().regions().await.unwrap();
    let region = &regions[0];
    let province = app.store.org().provinces(Some(region.id)).await.unwrap()[0].clone();
    let placements = app.store.pupil_placements_for_tests().await.unwrap();
    let school = placements
        .values()
        .find(|(_, r)| *r == region.id)
        .map(|(s, _)| *s)
        .unwrap();
    app.user(
        "Ministry",
        "bench-ministry@example.ma",
        &[(Role::MinistryAdmin, Scope::National)],
    )
    .await;
    app.user(
        "AREF",
        "bench-aref@example.ma",
        &[(Role::RegionalAdmin, Scope::Region { region: region.id })],
    )
    .await;
    let ministry = app.sign_in("bench-ministry@example.ma", PASSWORD).await;
    let aref = app.sign_in("bench-aref@example.ma", PASSWORD).await;

    eprintln!(
        "{}: {} pupils, {} schools, {} events generated and folded in {:.0} s",
        backend.name(),
        report.pupils,
        report.schools,
        report.events,
        generated.as_secs_f64()
    );
    println!(
        "- {}: {} pupils, {} schools, {} events over {days} days ({events_per_active_day} per active pupil-day), generated and folded in {:.0} s",
        backend.name(),
        report.pupils,
        report.schools,
        report.events,
        generated.as_secs_f64()
    );
    let baseline = time(&app, &ministry, "/profile").await;
    let pages = [
        ("ministry", &ministry, "/profile".to_string()),
        ("ministry", &ministry, "/dashboards/national".to_string()),
        ("AREF", &aref, format!("/dashboards/regions/{}", region.id)),
        (
            "AREF",
            &aref,
            format!("/dashboards/provinces/{}", province.id),
        ),
        ("AREF", &aref, format!("/dashboards/schools/{school}")),
    ];
    for (who, client, path) in pages {
        let t = if path == "/profile" {
            baseline
        } else {
            time(&app, client, &path).await
        };
        let shown = path
            .split('/')
            .map(|part| {
                if Uuid::parse_str(part).is_ok() {
                    "{id}"
                } else {
                    part
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        println!(
            "| {} | {shown} ({who}) | {} | {} | {} | {:.1} |",
            backend.name(),
            ms(t.p50),
            ms(t.p99),
            ms(t.mean),
            t.p50.as_secs_f64() / baseline.p50.as_secs_f64()
        );
    }
    rollup_lag(
        &app,
        backend,
        &placements.keys().copied().collect::<Vec<_>>(),
    )
    .await;
}

/// Streams answers from the generated pupils as fast as the store takes them,
/// with one folding worker running as `lawha serve` runs it; samples the queue after each
/// batch, then times the catch-up once ingest stops.
async fn rollup_lag(app: &TestApp, backend: Backend, pupils: &[Uuid]) {
    let store = app.store.clone();
    let item = store.first_true_false_item_for_tests().await.unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let (store, stop) = (store.clone(), stop.clone());
        tokio::spawn(async move {
            let mut folded = 0usize;
            while !stop.load(Ordering::Relaxed) {
                match store
                    .rollups()
                    .apply_rollups(lawha_store::rollups::BATCH, ZONE, "bench")
                    .await
                    .unwrap()
                {
                    0 => tokio::time::sleep(Duration::from_millis(50)).await,
                    n => folded += n,
                }
            }
            folded
        })
    };
    let streamed = env_number("LAWHA_BENCH_STREAMED", 200_000);
    let start = Instant::now();
    let (mut max_pending, mut max_age) = (0i64, Duration::ZERO);
    for batch in 0..streamed.div_ceil(STREAM_BATCH) {
        let events: Vec<AnswerEvent> = (0..STREAM_BATCH)
            .map(|i| {
                let response = Response::TrueFalse {
                    answer: (batch + i) % 3 != 0,
                };
                AnswerEvent {
                    id: Uuid::now_v7(),
                    user_id: pupils[(batch * STREAM_BATCH + i) % pupils.len()],
                    set_id: item.set_id,
                    item_id: item.id,
                    correction: item.item.correct(&response).unwrap(),
                    response,
                    occurred_at: store.clock().now(),
                }
            })
            .collect();
        store.submit_all_shown(&events).await.unwrap();
        let lag = store.rollups().rollup_lag().await.unwrap();
        max_pending = max_pending.max(lag.pending_events);
        if let Some(oldest) = lag.oldest_queued_at {
            max_age = max_age.max((store.clock().now() - oldest).to_std().unwrap_or_default());
        }
    }
    let ingest = start.elapsed();
    let caught_up = Instant::now();
    while store.rollups().rollup_lag().await.unwrap().pending_events > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let drain = caught_up.elapsed();
    stop.store(true, Ordering::Relaxed);
    worker.await.unwrap();
    println!(
        "- {}: rollup lag while ingesting {streamed} answers at {:.0}/s with one folding worker: at most {max_pending} events queued, the oldest {:.1} s old; caught up {:.1} s after ingest stopped",
        backend.name(),
        streamed as f64 / ingest.as_secs_f64(),
        max_age.as_secs_f64(),
        drain.as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run by bench/dashboards.sh"]
async fn governance_dashboards_latency_and_rollup_lag() {
    let pupils = env_number("LAWHA_BENCH_PUPILS", 20_000);
    let days = env_number("LAWHA_BENCH_DAYS", 30) as i64;
    let per_day = env_number("LAWHA_BENCH_EVENTS_PER_DAY", 6);
    println!("| engine | page (who) | p50 | p99 | mean | p50 × /profile |");
    println!("|---|---|---:|---:|---:|---:|");
    run(Backend::Sqlite, pupils, days, per_day).await;
    run(Backend::Postgres, pupils, days, per_day).await;
}
