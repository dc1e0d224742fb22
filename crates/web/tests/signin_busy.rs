//! Sign-in when too many passwords are being checked at once, on both engines: beyond the
//! hashing gate's queue the form answers a translated "busy, try again" page with
//! `Retry-After`, and the refused attempts leave no trace for the throttle.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::{header, StatusCode};
use common::{TestApp, PASSWORD};
use lawha_store::testing;
use lawha_store::{on_both, Backend, HashingLimits};

const OWNER: &str = "P2025001";

/// The Arabic text of a message (visitors without a choice get Arabic).
fn arabic(key: &str) -> &'static str {
    let prefix = format!("{key} = ");
    include_str!("../locales/ar/main.ftl")
        .lines()
        .find_map(|line| line.strip_prefix(prefix.as_str()))
        .unwrap()
}

/// An app whose gate runs one hash and queues none, with the account [`OWNER`].
async fn one_hash_at_a_time(backend: Backend) -> TestApp {
    let mut store = testing::on(backend).await;
    store.store = store.store.clone().with_password_hashing(HashingLimits {
        at_once: 1,
        queued: 0,
    });
    let app = TestApp::with(store).await;
    app.user("Yasmine El Idrissi", OWNER, &[]).await;
    app
}

async fn a_sign_in_beyond_the_hashing_queue_is_told_to_come_back(backend: Backend) {
    let app = one_hash_at_a_time(backend).await;

    let hashing = app.store.password_hashing().admit().unwrap();
    let visitor = app.visitor().await;
    // More refusals than the throttle's free failures: none of them may count as one.
    for _ in 0..5 {
        let busy = app
            .post(
                &visitor,
                "/login",
                &[("identifier", OWNER), ("password", "a wrong guess")],
            )
            .await;
        assert_eq!(busy.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(busy.headers[header::RETRY_AFTER], "3");
        assert!(busy.body.contains(r#"role="alert""#), "{}", busy.body);
        assert!(busy.body.contains(arabic("login-busy")), "{}", busy.body);
        assert!(busy.set_cookie("lawha_session").is_none());
    }
    drop(hashing);

    // Had the refusals counted, these would wait (three failures are free).
    for _ in 0..2 {
        let wrong = app
            .post(
                &visitor,
                "/login",
                &[("identifier", OWNER), ("password", "a wrong guess")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{}", wrong.body);
    }
    let right = app
        .post(
            &visitor,
            "/login",
            &[("identifier", OWNER), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
}
on_both!(a_sign_in_beyond_the_hashing_queue_is_told_to_come_back);

async fn other_password_checks_get_the_busy_page(backend: Backend) {
    let app = one_hash_at_a_time(backend).await;
    let pupil = app.sign_in(OWNER, PASSWORD).await;

    let hashing = app.store.password_hashing().admit().unwrap();
    let busy = app
        .post(
            &pupil,
            "/profile/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a new long password"),
                ("confirm_password", "a new long password"),
            ],
        )
        .await;
    assert_eq!(
        busy.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        busy.body
    );
    assert_eq!(busy.headers[header::RETRY_AFTER], "3");
    assert!(busy.body.contains(arabic("error-busy")), "{}", busy.body);
    drop(hashing);
}
on_both!(other_password_checks_get_the_busy_page);
