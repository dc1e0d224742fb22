//! Sign-in throttling through the form, on both engines: failures slow whoever makes them
//! and never lock the owner out; a school's shared address is not punished for its pupils'
//! typos. (The delays themselves are tested in `lawha-core` and `lawha-store`.)

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::{Client, Resp, TestApp, PASSWORD};
use lawha_store::accounts::signin::SigninKeys;
use lawha_store::on_both;
use lawha_store::Backend;

const OWNER: &str = "P2025001";

/// Posts the sign-in form from `address` (the socket peer the server sees).
async fn sign_in_from(
    app: &TestApp,
    client: &Client,
    address: &str,
    login: &str,
    password: &str,
) -> Resp {
    let mut req = Request::post("/login")
        .header(header::COOKIE, client.cookie_header())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(client.sign_in_form(login, password)))
        .unwrap();
    let peer = SocketAddr::new(address.parse().unwrap(), 40_000);
    req.extensions_mut().insert(ConnectInfo(peer));
    app.send(req).await
}

/// Three wrong guesses (the free ones) from each address.
async fn guesses(app: &TestApp, addresses: &[String]) {
    for address in addresses {
        let attacker = app.visitor().await;
        for _ in 0..3 {
            let resp = sign_in_from(app, &attacker, address, OWNER, "guess-guess").await;
            assert_eq!(resp.status, StatusCode::UNAUTHORIZED, "from {address}");
        }
    }
}

fn addresses(count: u8) -> Vec<String> {
    (1..=count).map(|i| format!("198.51.100.{i}")).collect()
}

async fn an_attacker_is_slowed_while_the_owner_gets_in(backend: Backend) {
    let app = TestApp::on(backend).await;
    app.user("Yasmine El Idrissi", OWNER, &[]).await;
    // Six failures on the account (five used to lock it for everyone).
    guesses(&app, &addresses(2)).await;
    let owner = app.visitor().await;
    let resp = sign_in_from(&app, &owner, "203.0.113.20", OWNER, PASSWORD).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert!(resp.set_cookie("lawha_session").is_some());
    assert!(resp.set_cookie("lawha_device").is_some());

    // The attacker keeps going (more failures recorded just now): even the right password
    // waits, and is not checked at all.
    let keys = SigninKeys::new(OWNER, "198.51.100.2", None);
    for _ in 0..6 {
        app.store
            .accounts()
            .record_signin_attempt(&keys, app.store.clock().now())
            .await
            .unwrap();
    }
    let attacker = app.visitor().await;
    let slowed = sign_in_from(&app, &attacker, "198.51.100.2", OWNER, PASSWORD).await;
    assert_eq!(slowed.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(slowed.set_cookie("lawha_session").is_none());
    let retry: i64 = slowed.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((60..=64).contains(&retry), "Retry-After: {retry}");
    assert!(slowed.body.contains(r#"role="alert""#));
}
on_both!(an_attacker_is_slowed_while_the_owner_gets_in);

async fn the_owners_known_browser_gets_in_during_a_sustained_attack(backend: Backend) {
    let app = TestApp::on(backend).await;
    app.user("Yasmine El Idrissi", OWNER, &[]).await;
    let owner = app.visitor().await;
    let first = sign_in_from(&app, &owner, "203.0.113.20", OWNER, PASSWORD).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let device = first.set_cookie("lawha_device").unwrap();

    // Eighteen failures from six addresses, then a dozen more from elsewhere, just now:
    // past the account-wide threshold (twenty).
    guesses(&app, &addresses(6)).await;
    for i in 0..12 {
        let keys = SigninKeys::new(OWNER, &format!("198.51.100.{}", 100 + i), None);
        app.store
            .accounts()
            .record_signin_attempt(&keys, app.store.clock().now())
            .await
            .unwrap();
    }
    let stranger = app.visitor().await;
    let resp = sign_in_from(&app, &stranger, "192.0.2.50", OWNER, PASSWORD).await;
    assert_eq!(resp.status, StatusCode::TOO_MANY_REQUESTS);

    // The owner's browser, from that same new address (a phone on another network).
    let mut browser = app.visitor().await;
    browser.set("lawha_device", device);
    let resp = sign_in_from(&app, &browser, "192.0.2.50", OWNER, PASSWORD).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
}
on_both!(the_owners_known_browser_gets_in_during_a_sustained_attack);

async fn sixty_pupils_behind_one_address_each_mistyping_once_get_in(backend: Backend) {
    let app = TestApp::on(backend).await;
    let school = "192.0.2.200";
    for i in 0..60 {
        let code = format!("J13{i:07}");
        app.user("Élève", &code, &[]).await;
        let pupil = app.visitor().await;
        let typo = sign_in_from(&app, &pupil, school, &code, "correct horse batery").await;
        assert_eq!(typo.status, StatusCode::UNAUTHORIZED, "typo of pupil {i}");
        let resp = sign_in_from(&app, &pupil, school, &code, PASSWORD).await;
        assert_eq!(
            resp.status,
            StatusCode::SEE_OTHER,
            "pupil {i}: {}",
            resp.body
        );
    }
}
on_both!(sixty_pupils_behind_one_address_each_mistyping_once_get_in);
