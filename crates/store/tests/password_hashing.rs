//! Password hashing is bounded on both engines: many sign-ins at once never run more
//! argon2 hashes together than the gate allows (counted inside the hasher), and beyond its
//! queue a sign-in is refused as busy instead of waiting or growing memory.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use lawha_store::testing::{pupil, TestStore, PUPIL_PASSWORD};
use lawha_store::{on_both, HashingLimits, StoreError};

async fn concurrent_sign_ins_never_hash_more_than_the_bound(store: TestStore) {
    let store = store.store.clone().with_password_hashing(HashingLimits {
        at_once: 2,
        queued: 64,
    });
    pupil(&store, "Salma Idrissi", "P2025001").await;
    let attempts: Vec<_> = (0..24)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let password = if i % 2 == 0 {
                    PUPIL_PASSWORD
                } else {
                    "wrong guess"
                };
                let user = store
                    .accounts()
                    .verify_credentials("P2025001", password)
                    .await
                    .unwrap();
                (i % 2 == 0, user.is_some())
            })
        })
        .collect();
    for attempt in attempts {
        let (right, signed_in) = attempt.await.unwrap();
        assert_eq!(right, signed_in);
    }
    let gate = store.password_hashing();
    assert!(gate.peak() <= 2, "{} hashes ran at once", gate.peak());
    assert!(gate.peak() >= 1);
    assert_eq!(gate.active(), 0);
}
on_both!(racing concurrent_sign_ins_never_hash_more_than_the_bound);

async fn a_sign_in_beyond_the_queue_is_refused_as_busy(store: TestStore) {
    let store = store.store.clone().with_password_hashing(HashingLimits {
        at_once: 1,
        queued: 1,
    });
    let salma = pupil(&store, "Salma Idrissi", "P2025001").await;
    let running = store.password_hashing().admit().unwrap();
    let waiting = store.password_hashing().admit().unwrap();
    let refused = store
        .accounts()
        .verify_credentials("P2025001", PUPIL_PASSWORD)
        .await;
    assert!(matches!(refused, Err(StoreError::Busy)), "{refused:?}");
    // Checking the current password before changing it goes through the same gate.
    let refused = store
        .accounts()
        .check_password(salma.id, PUPIL_PASSWORD)
        .await;
    assert!(matches!(refused, Err(StoreError::Busy)), "{refused:?}");
    drop((running, waiting));
    let user = store
        .accounts()
        .verify_credentials("P2025001", PUPIL_PASSWORD)
        .await
        .unwrap();
    assert!(user.is_some());
}
on_both!(a_sign_in_beyond_the_queue_is_refused_as_busy);
