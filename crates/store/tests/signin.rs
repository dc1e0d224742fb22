//! Sign-in throttling on both engines, with the clock passed in: an attacker is slowed
//! more with each failure, the owner still gets in from elsewhere or from a known device,
//! and a school's shared address where every pupil mistypes once slows nobody.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{DateTime, Duration, Utc};
use lawha_core::throttle;
use lawha_store::accounts::signin::SigninKeys;
use lawha_store::on_both;
use lawha_store::testing::TestStore;
use lawha_store::Store;

/// An attempt as the sign-in form makes it: recorded, checked, dropped when refused.
/// Returns how long it must wait (`None`: its password would be checked now).
async fn attempt(store: &Store, keys: &SigninKeys, at: DateTime<Utc>) -> Option<Duration> {
    let id = store
        .accounts()
        .record_signin_attempt(keys, at)
        .await
        .unwrap();
    let failures = store
        .accounts()
        .signin_failures(keys, id, at)
        .await
        .unwrap();
    let wait = throttle::wait_until(&failures, keys.known_device(), at);
    if wait.is_some() {
        store.accounts().drop_signin_attempt(id).await.unwrap();
    }
    wait.map(|until| until - at)
}

fn start() -> DateTime<Utc> {
    lawha_core::Clock::system().now()
}

async fn an_attacker_waits_longer_after_each_failure(store: TestStore) {
    let attacker = SigninKeys::new("P2025001", "198.51.100.7", None);
    let mut at = start();
    let mut waits = Vec::new();
    for _ in 0..10 {
        // Each guess comes as soon as it is allowed, and fails.
        if let Some(wait) = attempt(&store, &attacker, at).await {
            waits.push(wait.num_seconds());
            at += wait;
            assert!(attempt(&store, &attacker, at).await.is_none());
        }
    }
    assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64]);
    // Asking again before the delay is over changes nothing: refusals are not failures.
    for _ in 0..5 {
        assert_eq!(
            attempt(&store, &attacker, at).await,
            Some(Duration::seconds(128))
        );
    }
}
on_both!(an_attacker_waits_longer_after_each_failure);

async fn the_owner_gets_in_while_an_attacker_hammers(store: TestStore) {
    let attacker = SigninKeys::new("P2025001", "198.51.100.7", None);
    let at = start();
    // Failures made just now, as fast as they come (backdated by a second each).
    let hammer = |count: i64| {
        let (store, attacker) = (store.store.clone(), attacker.clone());
        async move {
            for i in 0..count {
                store
                    .accounts()
                    .record_signin_attempt(&attacker, at - Duration::seconds(count - i))
                    .await
                    .unwrap();
            }
        }
    };
    hammer(10).await;
    assert!(
        attempt(&store, &attacker, at).await.is_some(),
        "attacker waits"
    );
    // The owner, from another address, with fewer failures on the account than the
    // account-wide threshold: in at once (it used to be locked after five).
    let home = SigninKeys::new("P2025001", "203.0.113.20", None);
    assert_eq!(attempt(&store, &home, at).await, None, "owner from home");
    store.accounts().clear_signin_failures(&home).await.unwrap();

    // A sustained attack past the account-wide threshold slows new places too (a few
    // minutes at most), but not a browser the owner signed in from before.
    hammer(40).await;
    let new_place = SigninKeys::new("P2025001", "192.0.2.33", None);
    let wait = attempt(&store, &new_place, at)
        .await
        .expect("new place waits");
    assert!(wait <= Duration::minutes(5), "{wait}");
    store
        .accounts()
        .remember_device("device-token", "p2025001", at)
        .await
        .unwrap();
    assert!(store
        .accounts()
        .is_known_device("device-token", "P2025001", at)
        .await
        .unwrap());
    assert!(!store
        .accounts()
        .is_known_device("device-token", "P2025002", at)
        .await
        .unwrap());
    assert!(!store
        .accounts()
        .is_known_device("other-token", "P2025001", at)
        .await
        .unwrap());
    let device = SigninKeys::new("P2025001", "192.0.2.33", Some("device-token"));
    assert_eq!(attempt(&store, &device, at).await, None, "known device");
    // A device unused for its whole lifetime is a stranger again.
    let later = at + lawha_store::accounts::signin::known_device_lifetime() + Duration::days(1);
    assert!(!store
        .accounts()
        .is_known_device("device-token", "P2025001", later)
        .await
        .unwrap());
}
on_both!(the_owner_gets_in_while_an_attacker_hammers);

async fn a_school_connection_where_every_pupil_mistypes_once_slows_nobody(store: TestStore) {
    let at = start();
    let school = "192.0.2.200";
    let pupils: Vec<String> = (0..60).map(|i| format!("J13{i:07}")).collect();
    for (i, code) in pupils.iter().enumerate() {
        let keys = SigninKeys::new(code, school, None);
        let when = at + Duration::seconds(i as i64);
        assert_eq!(attempt(&store, &keys, when).await, None, "typo of {code}");
    }
    for (i, code) in pupils.iter().enumerate() {
        let keys = SigninKeys::new(code, school, None);
        let when = at + Duration::seconds(60 + i as i64);
        assert_eq!(
            attempt(&store, &keys, when).await,
            None,
            "second try of {code}"
        );
        store.accounts().clear_signin_failures(&keys).await.unwrap();
    }

    // One address trying a password on account after account is slowed.
    let sprayer = "198.51.100.99";
    let mut refused = 0;
    for i in 0..110 {
        let keys = SigninKeys::new(&format!("K14{i:07}"), sprayer, None);
        if attempt(&store, &keys, at + Duration::seconds(i))
            .await
            .is_some()
        {
            refused += 1;
        }
    }
    assert!(refused > 0, "spraying from one address is slowed");
}
on_both!(a_school_connection_where_every_pupil_mistypes_once_slows_nobody);

/// Attempts made in parallel see each other: recorded first, counted after.
async fn parallel_guesses_count_against_each_other(store: TestStore) {
    let keys = SigninKeys::new("karim@example.ma", "198.51.100.7", None);
    let at = start();
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(
            store
                .accounts()
                .record_signin_attempt(&keys, at)
                .await
                .unwrap(),
        );
    }
    let last = *ids.last().unwrap();
    let failures = store
        .accounts()
        .signin_failures(&keys, last, at)
        .await
        .unwrap();
    assert_eq!(failures.pair.count, 5, "the other five, not itself");
    assert!(throttle::wait_until(&failures, false, at).is_some());
    // A success from the pair clears its failures; another address is not affected.
    let elsewhere = SigninKeys::new("karim@example.ma", "203.0.113.5", None);
    let other = store
        .accounts()
        .record_signin_attempt(&elsewhere, at)
        .await
        .unwrap();
    store.accounts().clear_signin_failures(&keys).await.unwrap();
    let cleared = store
        .accounts()
        .signin_failures(&keys, last, at)
        .await
        .unwrap();
    assert_eq!((cleared.pair.count, cleared.account.count), (0, 1));
    // Purging drops what is older than the cut-off.
    store
        .accounts()
        .purge_expired(at + Duration::seconds(1))
        .await
        .unwrap();
    let purged = store
        .accounts()
        .signin_failures(&elsewhere, other, at)
        .await
        .unwrap();
    assert_eq!(purged.account.count, 0);
}
on_both!(parallel_guesses_count_against_each_other);
