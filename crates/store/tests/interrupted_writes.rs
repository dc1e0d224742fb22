//! Writes interrupted at every await point (a client hanging up, a timeout) never leave a
//! transaction open: afterwards no lock is held and every write and sign-in works, on
//! SQLite and PostgreSQL.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::future::Future;
use std::pin::Pin;

use chrono::Duration;
use lawha_core::exercise::gift::parse_gift;
use lawha_core::exercise::Response;
use lawha_core::Locale;
use lawha_store::accounts::signin::SigninKeys;
use lawha_store::learning::exercises::{AnswerEvent, StoredItem};
use lawha_store::testing::interrupts::interrupted;
use lawha_store::testing::{self, SubmitShown, TestStore};
use lawha_store::{Backend, Result, Store};
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// Writes sent at once in each round, as many as the SQLite pool holds connections.
const AT_ONCE: usize = 8;
const ROUNDS: usize = 40;
const STORM_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

struct World {
    store: Store,
    pupil: Uuid,
    set: Uuid,
    items: Vec<StoredItem>,
}

async fn world(store: &TestStore) -> World {
    let items: Vec<_> = parse_gift("::a:: Rabat ? {=رباط}\n\n::b:: Fès ? {=فاس}")
        .unwrap()
        .into_iter()
        .map(|q| q.item)
        .collect();
    let (_, set, items) = testing::practice_set(store, &items).await;
    let pupil = testing::pupil(store, "Salma", "P100").await;
    World {
        store: store.store.clone(),
        pupil: pupil.id,
        set: set.id,
        items,
    }
}

type Write = Pin<Box<dyn Future<Output = Result<()>> + Send>>;

/// One of the writes pupils make all day, by number (several kinds of transaction).
fn write(w: &World, which: usize) -> Write {
    let store = w.store.clone();
    let (pupil, set) = (w.pupil, w.set);
    let item = w.items[which % w.items.len()].clone();
    Box::pin(async move {
        match which % 6 {
            0 | 1 => {
                let response = Response::ShortAnswer { text: "4".into() };
                let correction = item.item.correct(&response).unwrap();
                store
                    .submit_shown(&AnswerEvent {
                        id: Uuid::now_v7(),
                        user_id: pupil,
                        set_id: set,
                        item_id: item.id,
                        response,
                        correction,
                        occurred_at: store.clock().now(),
                    })
                    .await?;
            }
            2 => store.learning().mark_presented(pupil, &[item.id]).await?,
            3 => {
                store
                    .accounts()
                    .create_session(pupil, Duration::hours(1))
                    .await?;
            }
            4 => {
                let keys = SigninKeys::new("P100", "192.0.2.1", None);
                store
                    .accounts()
                    .record_signin_attempt(&keys, store.clock().now())
                    .await?;
            }
            _ => store.accounts().set_user_locale(pupil, Locale::Fr).await?,
        }
        Ok(())
    })
}

async fn interrupted_writes_leave_nothing_open(backend: Backend) {
    let store = testing::on(backend).await;
    let w = world(&store).await;
    let seed: u64 = rand::random();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let storm = async {
        for round in 0..ROUNDS {
            let tasks: Vec<_> = (0..AT_ONCE)
                .map(|_| {
                    let work = write(&w, rng.gen_range(0..6));
                    let waits = rng.gen_range(0..8);
                    tokio::spawn(interrupted(work, waits))
                })
                .collect();
            for task in tasks {
                // Finished or dropped midway, either is fine here; what matters is after.
                let _ = task.await.unwrap();
            }
            // The next borrower of a leaked connection may end its transaction by chance:
            // look after every round.
            let open = store.transactions_left_open_for_tests().await.unwrap();
            assert_eq!(open, None, "{backend:?}, seed {seed}, round {round}");
        }
    };
    // Unhindered, the storm takes a second or two; a wedged database never ends it.
    if tokio::time::timeout(STORM_LIMIT, storm).await.is_err() {
        panic!(
            "{backend:?}, seed {seed}: writes still waiting after {STORM_LIMIT:?}: {:?}",
            store.transactions_left_open_for_tests().await
        );
    }
    // Every kind of write, on every pooled connection, and sign-in.
    let tasks: Vec<_> = (0..3 * AT_ONCE)
        .map(|which| tokio::spawn(write(&w, which)))
        .collect();
    for (which, task) in tasks.into_iter().enumerate() {
        let done = task.await.unwrap();
        assert!(
            done.is_ok(),
            "{backend:?}, seed {seed}, write {which}: {done:?}"
        );
    }
    let pupil = store
        .accounts()
        .verify_credentials("P100", testing::PUPIL_PASSWORD)
        .await
        .unwrap();
    let token = store
        .accounts()
        .create_session(pupil.expect("signs in").id, Duration::hours(1))
        .await
        .unwrap();
    assert!(store.accounts().session(&token).await.unwrap().is_some());
    assert_eq!(
        store.transactions_left_open_for_tests().await.unwrap(),
        None
    );
}

mod interrupted_writes_leave_nothing_open {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::interrupted_writes_leave_nothing_open(lawha_store::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::interrupted_writes_leave_nothing_open(lawha_store::Backend::Postgres).await;
    }
}

/// The pools' own check, whatever leaked the transaction: the connection is closed before
/// anyone borrows it, which ends its transaction.
async fn a_leaked_transaction_is_closed_before_anyone_borrows_it(backend: Backend) {
    let store = testing::on(backend).await;
    let w = world(&store).await;
    store.leak_a_transaction_for_tests().await.unwrap();
    assert_eq!(
        store.transactions_left_open_for_tests().await.unwrap(),
        None,
        "{backend:?}"
    );
    let tasks: Vec<_> = (0..3 * AT_ONCE)
        .map(|which| tokio::spawn(write(&w, which)))
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
}

mod a_leaked_transaction_is_closed_before_anyone_borrows_it {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sqlite() {
        super::a_leaked_transaction_is_closed_before_anyone_borrows_it(
            lawha_store::Backend::Sqlite,
        )
        .await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres() {
        super::a_leaked_transaction_is_closed_before_anyone_borrows_it(
            lawha_store::Backend::Postgres,
        )
        .await;
    }
}
