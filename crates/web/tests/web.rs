//! Sign-in, sessions, CSRF, the profile forms and the platform endpoints, through the
//! whole router (throttling: `signin_throttle.rs`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Client, TestApp, PASSWORD};

async fn app_with_pupil() -> (TestApp, lawha_store::User) {
    let app = TestApp::sqlite().await;
    let pupil = app.user("Yasmine El Idrissi", "P2025001", &[]).await;
    (app, pupil)
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_and_back() {
    let app = TestApp::sqlite().await;
    let home = app.get(&Client::default(), "/").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), "/login");
    let profile = app.get(&Client::default(), "/profile").await;
    assert_eq!(profile.location(), "/login?next=%2Fprofile");
}

#[tokio::test]
async fn anonymous_visitors_find_the_public_lessons() {
    let app = TestApp::sqlite().await;
    let login = app.get(&Client::default(), "/login").await;
    // In the header's navigation and on the page itself.
    assert_eq!(
        login.body.matches(r#"href="/curriculum""#).count(),
        2,
        "{}",
        login.body
    );
    let search = app.get(&Client::default(), "/search").await;
    assert!(search.body.contains(r#"href="/curriculum""#));
    let curriculum = app.get(&Client::default(), "/curriculum").await;
    assert_eq!(curriculum.status, StatusCode::OK);
    assert!(curriculum
        .body
        .contains(r#"href="/curriculum" aria-current="page""#));
}

#[tokio::test]
async fn sign_in_page_is_arabic_rtl_by_default_and_french_on_request() {
    let app = TestApp::sqlite().await;
    let ar = app.get(&Client::default(), "/login").await;
    assert!(
        ar.body.contains(r#"<html lang="ar" dir="rtl">"#),
        "{}",
        ar.body
    );
    assert!(ar.body.contains("تسجيل الدخول"));
    let mut client = Client::default();
    client.set("lawha_lang", "fr".into());
    let fr = app.get(&client, "/login").await;
    assert!(fr.body.contains(r#"<html lang="fr" dir="ltr">"#));
    assert!(fr.body.contains("Connexion"));
    // The browser's language counts when nothing was chosen.
    let req = Request::get("/login")
        .header(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9")
        .body(Body::empty())
        .unwrap();
    assert!(app.send(req).await.body.contains(r#"lang="fr""#));
}

#[tokio::test]
async fn language_switch_sets_a_cookie_and_returns_only_to_local_pages() {
    let app = TestApp::sqlite().await;
    let resp = app
        .get(&Client::default(), "/lang/fr?next=%2Fprofile")
        .await;
    assert_eq!(resp.location(), "/profile");
    assert_eq!(resp.set_cookie("lawha_lang").as_deref(), Some("fr"));
    let evil = app
        .get(&Client::default(), "/lang/fr?next=%2F%2Fevil.example")
        .await;
    assert_eq!(evil.location(), "/");
    let unknown = app.get(&Client::default(), "/lang/xx").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pupil_signs_in_with_code_and_session_cookie_is_safe() {
    let (app, _) = app_with_pupil().await;
    let mut visitor = app.visitor().await;
    let resp = app
        .post(
            &visitor,
            "/login",
            &[("identifier", "p2025001"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let set_cookie = resp
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("lawha_session="))
        .expect("session cookie");
    assert!(set_cookie.contains("HttpOnly"));
    assert!(set_cookie.contains("SameSite=Lax"));
    assert!(
        !set_cookie.contains("Secure"),
        "plain http must not set Secure"
    );
    visitor.set("lawha_session", resp.set_cookie("lawha_session").unwrap());
    let home = app.get(&visitor, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Yasmine El Idrissi"));
}

#[tokio::test]
async fn wrong_password_is_refused_with_an_alert_and_the_identifier_kept() {
    let (app, _) = app_with_pupil().await;
    let visitor = app.visitor().await;
    let resp = app
        .post(
            &visitor,
            "/login",
            &[("identifier", "P2025001"), ("password", "nope-nope-nope")],
        )
        .await;
    assert_eq!(resp.status, StatusCode::UNAUTHORIZED);
    assert!(resp.body.contains(r#"role="alert""#));
    assert!(resp.body.contains(r#"value="P2025001""#));
    assert!(resp.set_cookie("lawha_session").is_none());
    let empty = app
        .post(&visitor, "/login", &[("identifier", ""), ("password", "")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let (app, _) = app_with_pupil().await;
    let visitor = app.visitor().await;
    // Sign-in without the pre-session token.
    let forged = app
        .post_raw(
            &Client::default(),
            "/login",
            &[("identifier", "P2025001"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // With the cookie but a wrong token.
    let wrong = app
        .post_raw(
            &visitor,
            "/login",
            &[
                ("identifier", "P2025001"),
                ("password", PASSWORD),
                ("csrf", "0000"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    // A signed-in session's token is its own: the pre-session token no longer works.
    let signed = app.sign_in("P2025001", PASSWORD).await;
    let stale = app
        .post_raw(&signed, "/logout", &[("csrf", visitor.csrf.as_str())])
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert!(
        stale.body.contains(r#"role="alert""#),
        "error page is rendered"
    );
    // Cross-origin posts are refused even with the token.
    let req = Request::post("/logout")
        .header(header::HOST, "lawha.example")
        .header(header::ORIGIN, "https://evil.example")
        .header(
            header::COOKIE,
            signed
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; "),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={}", signed.csrf)))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    // The right token signs out, and the session is gone server-side.
    let out = app.post(&signed, "/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&signed, "/").await.location(), "/login");
}

#[tokio::test]
async fn password_change_checks_each_field_then_ends_sessions() {
    let (app, _) = app_with_pupil().await;
    let client = app.sign_in("P2025001", PASSWORD).await;
    let wrong = app
        .post(
            &client,
            "/profile/password",
            &[
                ("current_password", "not-my-password"),
                ("new_password", "new secret 2026"),
                ("confirm_password", "new secret 2026"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains(r#"id="current_password" name="current_password" type="password" autocomplete="current-password" required aria-invalid="true""#));
    let short = app
        .post(
            &client,
            "/profile/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("new_password-err"));
    let mismatch = app
        .post(
            &client,
            "/profile/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "new secret 2026"),
                ("confirm_password", "new secret 2027"),
            ],
        )
        .await;
    assert!(mismatch.body.contains("confirm_password-err"));
    let ok = app
        .post(
            &client,
            "/profile/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "new secret 2026"),
                ("confirm_password", "new secret 2026"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&client, "/").await.location(),
        "/login",
        "old session ended"
    );
    app.sign_in("P2025001", "new secret 2026").await;
}

#[tokio::test]
async fn a_forced_password_change_comes_first() {
    let (app, pupil) = app_with_pupil().await;
    app.store
        .accounts()
        .set_password(pupil.id, "temporary 123", true)
        .await
        .unwrap();
    let visitor = app.visitor().await;
    let resp = app
        .post(
            &visitor,
            "/login",
            &[("identifier", "P2025001"), ("password", "temporary 123")],
        )
        .await;
    assert_eq!(resp.location(), "/profile?first=1");
}

#[tokio::test]
async fn preferred_language_is_saved_on_the_account() {
    let (app, pupil) = app_with_pupil().await;
    let client = app.sign_in("P2025001", PASSWORD).await;
    let resp = app
        .post(&client, "/profile/language", &[("locale", "fr")])
        .await;
    assert_eq!(resp.location(), "/profile?done=language");
    assert_eq!(
        app.store.accounts().user(pupil.id).await.unwrap().locale,
        Some(lawha_core::Locale::Fr)
    );
    // Without the language cookie, the account's preference applies.
    let page = app.get(&client, "/").await;
    assert!(page.body.contains(r#"lang="fr""#));
}

#[tokio::test]
async fn unknown_pages_get_a_translated_404() {
    let app = TestApp::sqlite().await;
    let resp = app.get(&Client::default(), "/nowhere").await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    assert!(resp.body.contains("هذه الصفحة غير موجودة"));
}

#[tokio::test]
async fn health_metrics_and_assets() {
    let app = TestApp::sqlite().await;
    let health = app.get(&Client::default(), "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    app.get(&Client::default(), "/login").await;
    let metrics = app.get(&Client::default(), "/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics.body.contains("http_requests_total"),
        "{}",
        metrics.body
    );
    assert!(
        metrics
            .body
            .contains("lawha_media_jobs{status=\"queued\"} 0"),
        "{}",
        metrics.body
    );

    let login = app.get(&Client::default(), "/login").await;
    let css_start = login.body.find("/static/app-").expect("hashed css link");
    let css_end = login.body[css_start..].find('"').unwrap();
    let css_path = &login.body[css_start..css_start + css_end];
    let css = app.get(&Client::default(), css_path).await;
    assert_eq!(css.status, StatusCode::OK);
    let cache = css
        .headers
        .get(header::CACHE_CONTROL)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cache.contains("immutable") && cache.contains("max-age=31536000"),
        "{cache}"
    );
    assert!(css.body.contains("inline-size"), "logical properties");
    let stale = app
        .get(&Client::default(), "/static/app-000000000000.css")
        .await;
    assert_eq!(stale.status, StatusCode::NOT_FOUND);

    // Pages are compressed for clients that accept it, and carry a request id and a CSP.
    let req = Request::get("/login")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let resp = app.send(req).await;
    assert_eq!(resp.headers.get(header::CONTENT_ENCODING).unwrap(), "br");
    assert!(resp.headers.contains_key("x-request-id"));
    assert!(resp
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
}

#[tokio::test]
async fn secure_cookies_behind_https() {
    let store = lawha_store::testing::sqlite().await;
    let config = lawha_web::WebConfig {
        public_base_url: "https://lawha.example.ma".into(),
        ..Default::default()
    };
    let app = lawha_web::router(lawha_web::AppState::new(store.store.clone(), config));
    let resp = tower::ServiceExt::oneshot(app, Request::get("/login").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let cookie = resp
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

/// Targets that look local to a naive check but lead off-site in a browser (which drops
/// tabs and newlines and reads `\` as `/`), or that are plainly elsewhere.
const OFF_SITE: [&str; 8] = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/%09/evil.example",
    "//evil.example",
    "https://evil.example",
    "javascript:alert(1)",
];

/// Control characters that cannot be put in a `Location` header.
const CONTROL: [&str; 4] = ["/\u{0}", "/\u{1}", "/\u{7f}", "\u{1}"];

fn query_value(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .unwrap()
        .trim_start_matches("v=")
        .to_string()
}

#[tokio::test]
async fn redirect_targets_from_the_client_never_leave_the_site() {
    let (app, _) = app_with_pupil().await;
    for next in CONTROL.iter().chain(&OFF_SITE) {
        let lang = app
            .get(
                &Client::default(),
                &format!("/lang/fr?next={}", query_value(next)),
            )
            .await;
        assert_eq!(
            (lang.status, lang.location()),
            (StatusCode::SEE_OTHER, "/"),
            "language switch to {next:?}"
        );
        let form = app
            .get(
                &Client::default(),
                &format!("/login?next={}", query_value(next)),
            )
            .await;
        assert_eq!(form.status, StatusCode::OK, "{next:?}");
        assert!(
            form.body.contains(r#"name="next" value="/""#),
            "sign-in form for {next:?}"
        );
        // Signing in succeeds and lands home: the cookie is set on a 303, never a 500.
        let visitor = app.visitor().await;
        let resp = app
            .post(
                &visitor,
                "/login",
                &[
                    ("identifier", "P2025001"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(
            (resp.status, resp.location()),
            (StatusCode::SEE_OTHER, "/"),
            "sign-in then {next:?}: {}",
            resp.body
        );
        assert!(resp.set_cookie("lawha_session").is_some(), "{next:?}");
    }
    // Pages of the site are still reached, query included.
    let visitor = app.visitor().await;
    let resp = app
        .post(
            &visitor,
            "/login",
            &[
                ("identifier", "P2025001"),
                ("password", PASSWORD),
                ("next", "/revision?answered=1"),
            ],
        )
        .await;
    assert_eq!(resp.location(), "/revision?answered=1");
}

/// Posts the sign-in form as a client behind a reverse proxy that sent `forwarded_for`.
async fn sign_in_through_proxy(
    app: &TestApp,
    visitor: &Client,
    forwarded_for: &str,
    identifier: &str,
    password: &str,
) -> StatusCode {
    app.request(
        visitor,
        "POST",
        "/login",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-forwarded-for", forwarded_for),
        ],
        visitor.sign_in_form(identifier, password).into_bytes(),
    )
    .await
    .status
}

#[tokio::test]
async fn behind_a_proxy_the_address_limit_counts_the_address_the_proxy_saw() {
    let config = lawha_web::WebConfig {
        trusted_proxies: 1,
        ..Default::default()
    };
    let app = TestApp::with_config(lawha_store::testing::sqlite().await, config);
    app.user("Yasmine El Idrissi", "P2025001", &[]).await;
    let visitor = app.visitor().await;
    // One client, one proxy: the client writes a new first hop each time, the proxy
    // appends the address it really received the request from.
    for i in 0..10 {
        let status = sign_in_through_proxy(
            &app,
            &visitor,
            &format!("10.9.{i}.1, 203.0.113.7"),
            &format!("guess{i}@example.ma"),
            "guess-guess",
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // The address limit counts distinct accounts failed from an address: with 95 more
    // from the proxy-seen address, the ten above pass the hundred allowed.
    for i in 0..95 {
        let keys = lawha_store::accounts::signin::SigninKeys::new(
            &format!("seeded{i}@example.ma"),
            "203.0.113.7",
            None,
        );
        app.store
            .accounts()
            .record_signin_attempt(&keys, app.store.clock().now())
            .await
            .unwrap();
    }
    let spoofed = sign_in_through_proxy(
        &app,
        &visitor,
        "10.9.99.1, 203.0.113.7",
        "P2025001",
        PASSWORD,
    )
    .await;
    assert_eq!(spoofed, StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same proxy is not blocked.
    let other = sign_in_through_proxy(&app, &visitor, "198.51.100.2", "P2025001", PASSWORD).await;
    assert_eq!(other, StatusCode::SEE_OTHER);
}
