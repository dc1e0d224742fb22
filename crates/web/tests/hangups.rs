//! Clients that hang up mid-request (pupils on mobile links) never wedge the database:
//! hundreds of requests to pages that write, dropped at random await points, then every
//! page and sign-in still work and no transaction is left open (SQLite and PostgreSQL).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use std::future::Future;
use std::pin::Pin;

use axum::http::StatusCode;
use common::{Client, TestApp, PASSWORD};
use futures_util::future::join_all;
use lawha_core::exercise::gift::parse_gift;
use lawha_core::Role;
use lawha_store::learning::exercises::StoredItem;
use lawha_store::testing;
use lawha_store::testing::interrupts::interrupted;
use lawha_store::Backend;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// Requests sent at once in each round, and rounds.
const AT_ONCE: usize = 8;
const ROUNDS: usize = 60;
/// Unhindered, the storm takes seconds; a wedged database never ends it.
const STORM_LIMIT: std::time::Duration = std::time::Duration::from_secs(90);

struct World {
    app: TestApp,
    set: Uuid,
    items: Vec<StoredItem>,
    pupil: Client,
    visitor: Client,
}

async fn world(backend: Backend) -> World {
    let app = TestApp::on(backend).await;
    let items: Vec<_> = parse_gift("::a:: Rabat ? {=رباط}\n\n::b:: Fès ? {=فاس}")
        .unwrap()
        .into_iter()
        .map(|q| q.item)
        .collect();
    let (_, set, items) = testing::practice_set(&app.store, &items).await;
    let (_, class) = app.school_and_class("06", "SCH-H").await;
    app.user("Salma", "P100", &[(Role::Pupil, class.scope())])
        .await;
    app.user("Yassine", STORM_SIGNIN, &[(Role::Pupil, class.scope())])
        .await;
    let pupil = app.sign_in("P100", PASSWORD).await;
    // The set page records its items as shown, so answers to them are accepted.
    let page = app.get(&pupil, &format!("/exercises/{}", set.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let visitor = app.visitor().await;
    World {
        app,
        set: set.id,
        items,
        pupil,
        visitor,
    }
}

type Sent<'a> = Pin<Box<dyn Future<Output = StatusCode> + Send + 'a>>;

/// The account the storm's sign-ins go to. A sign-in dropped mid-way stays recorded as a
/// failure (hanging up must not dodge the throttle), so after the storm this account may
/// rightly be slowed down; the checks that follow sign in to the pupil's own account.
const STORM_SIGNIN: &str = "P200";

/// One request that writes, by number: an answer, a set page (it records what was shown),
/// a sign-in to `login`, a language choice, the revision page.
fn request<'a>(w: &'a World, which: usize, login: &'a str) -> Sent<'a> {
    let item = &w.items[which % w.items.len()];
    let answer_path = format!("/exercises/{}/items/{}/answer", w.set, item.id);
    Box::pin(async move {
        let resp = match which % 6 {
            0 | 1 => {
                let id = Uuid::now_v7().to_string();
                let fields = [("text", "رباط"), ("event_id", id.as_str())];
                w.app.post(&w.pupil, &answer_path, &fields).await
            }
            2 => w.app.get(&w.pupil, &format!("/exercises/{}", w.set)).await,
            3 => {
                let fields = [("identifier", login), ("password", PASSWORD)];
                w.app.post(&w.visitor, "/login", &fields).await
            }
            4 => {
                let locale = if (which / 6).is_multiple_of(2) {
                    "fr"
                } else {
                    "ar"
                };
                let fields = [("locale", locale)];
                w.app.post(&w.pupil, "/profile/language", &fields).await
            }
            _ => w.app.get(&w.pupil, "/revision").await,
        };
        resp.status
    })
}

async fn hang_ups_leave_nothing_open(backend: Backend) {
    let w = world(backend).await;
    let seed: u64 = rand::random();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let storm = async {
        for round in 0..ROUNDS {
            let requests = (0..AT_ONCE).map(|_| {
                let waits = rng.gen_range(0..24);
                interrupted(request(&w, rng.gen_range(0..6), STORM_SIGNIN), waits)
            });
            join_all(requests.collect::<Vec<_>>()).await;
            // The next borrower of a leaked connection may end its transaction by chance:
            // look after every round.
            let open = w
                .app
                .store
                .transactions_left_open_for_tests()
                .await
                .unwrap();
            assert_eq!(open, None, "{backend:?}, seed {seed}, round {round}");
        }
    };
    if tokio::time::timeout(STORM_LIMIT, storm).await.is_err() {
        panic!(
            "{backend:?}, seed {seed}: requests still waiting after {STORM_LIMIT:?}: {:?}",
            w.app.store.transactions_left_open_for_tests().await
        );
    }

    // Sign-in, every page the pupil has, and each write, several times over so that every
    // pooled connection serves some.
    let pupil = w.app.sign_in("P100", PASSWORD).await;
    let pages = [
        "/".to_string(),
        "/profile".into(),
        "/revision".into(),
        "/progress".into(),
        "/saved".into(),
        "/curriculum".into(),
        format!("/exercises/{}", w.set),
    ];
    for _ in 0..3 {
        for path in &pages {
            let page = w.app.get(&pupil, path).await;
            assert_eq!(
                page.status,
                StatusCode::OK,
                "{backend:?}, seed {seed}: {path}"
            );
        }
    }
    let expected = |which: usize| match which % 6 {
        0 | 1 | 3 | 4 => StatusCode::SEE_OTHER,
        _ => StatusCode::OK,
    };
    for which in 0..3 * AT_ONCE {
        let status = request(&w, which, "P100").await;
        assert_eq!(
            status,
            expected(which),
            "{backend:?}, seed {seed}, request {which}"
        );
    }
    assert_eq!(
        w.app
            .store
            .transactions_left_open_for_tests()
            .await
            .unwrap(),
        None
    );
}

mod hang_ups_leave_nothing_open {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::hang_ups_leave_nothing_open(lawha_store::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::hang_ups_leave_nothing_open(lawha_store::Backend::Postgres).await;
    }
}
