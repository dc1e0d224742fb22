//! The store's time is the clock it is given: what it stamps and what it compares against
//! both follow an injected clock, on both engines.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{DateTime, Duration, Utc};
use lawha_core::Clock;
use lawha_store::testing::TestStore;
use lawha_store::{on_both, NewUser};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

on_both!(stamps_and_expiry_follow_the_injected_clock);
async fn stamps_and_expiry_follow_the_injected_clock(test: TestStore) {
    // Years away from the real time, so that no stamp can come from the system clock.
    let start = at("2031-09-15T07:30:00.250Z");
    let clock = Clock::fixed(start);
    let store = test.store.clone().with_clock(clock.clone());

    let user = store
        .accounts()
        .create_user(&NewUser {
            display_name: "Salma Benali".into(),
            email: Some("salma@example.ma".into()),
            pupil_code: None,
            password: "cahier-bleu-42".into(),
            locale: None,
            must_change_password: false,
        })
        .await
        .unwrap();
    assert_eq!(user.created_at, start);
    assert_eq!(
        store.accounts().user(user.id).await.unwrap().created_at,
        start
    );

    let token = store
        .accounts()
        .create_session(user.id, Duration::hours(1))
        .await
        .unwrap();
    let session = store
        .accounts()
        .session(&token)
        .await
        .unwrap()
        .expect("live");
    assert_eq!(session.expires_at, start + Duration::hours(1));

    // The store compares against the same clock: moved past the lifetime, the session is
    // over, although the real time has not moved.
    clock.advance(Duration::minutes(59));
    assert!(store.accounts().session(&token).await.unwrap().is_some());
    clock.advance(Duration::minutes(2));
    assert!(store.accounts().session(&token).await.unwrap().is_none());
    assert_eq!(store.clock().now(), start + Duration::minutes(61));
}
