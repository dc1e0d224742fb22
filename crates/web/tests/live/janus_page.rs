//! The Janus join page: janus.js and live.js from our origin (and the message where janus.js
//! is not installed), and `/janus` forwarding janus.js's requests to a stand-in for Janus's
//! HTTP API (who may call it, which requests go through, what reaches Janus).

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{StatusCode, Uri};
use lawha_web::{LivePage, VendorScript};

use super::*;

const SCRIPT: &[u8] = b"window.Janus = function () {};";

/// What the stand-in saw: method, path and query, body.
type Seen = Arc<Mutex<Vec<(String, String, String)>>>;

/// A refused request: who, method, path, headers, the status expected.
type Refusal<'a> = (
    &'a Client,
    &'a str,
    &'a str,
    Vec<(&'a str, &'a str)>,
    StatusCode,
);

/// A stand-in for Janus's HTTP API on 127.0.0.1 that records each request and answers JSON.
async fn janus_stand_in() -> (SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let app =
        axum::Router::new().fallback(move |method: axum::http::Method, uri: Uri, body: Bytes| {
            let record = record.clone();
            async move {
                record.lock().unwrap().push((
                    method.to_string(),
                    uri.to_string(),
                    String::from_utf8_lossy(&body).into_owned(),
                ));
                (
                    [("content-type", "application/json")],
                    r#"{"janus":"success"}"#,
                )
            }
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address, seen)
}

async fn janus_world(backend: Backend, script: bool) -> (World, Uuid, String, Seen) {
    let mut w = world(backend).await;
    w.engine.janus.store(true, Ordering::SeqCst);
    let (address, seen) = janus_stand_in().await;
    let js = script.then(|| VendorScript::from_bytes("janus", SCRIPT.to_vec()));
    let href = js
        .as_ref()
        .map(|s| s.href().to_string())
        .unwrap_or_default();
    w.app.use_live_page(LivePage::janus(
        format!("http://{address}/janus").parse().unwrap(),
        js,
    ));
    let id = w.class_session("Écran et son").await;
    w.set_time(w.start);
    (w, id, href, seen)
}

on_both!(the_join_page_loads_janus_js_and_the_page_script_from_our_origin);
async fn the_join_page_loads_janus_js_and_the_page_script_from_our_origin(backend: Backend) {
    let (w, id, href, _) = janus_world(backend, true).await;
    let pupil = w
        .app
        .post(
            &w.pupil_client,
            &format!("/live/{id}/join"),
            &[("mode", "screen-and-sound")],
        )
        .await;
    assert_eq!(pupil.status, StatusCode::OK, "{}", pupil.body);
    let body = &pupil.body;
    assert!(
        body.contains(&format!("<script src=\"{href}\" defer>")),
        "{body}"
    );
    assert!(body.contains("<script src=\"/static/live-"), "{body}");
    assert!(body.contains("id=\"live-room\""), "{body}");
    assert!(body.contains("data-server=\"/janus\""), "{body}");
    assert!(body.contains("data-mode=\"screen-and-sound\""), "{body}");
    assert!(body.contains("data-role=\"viewer\""), "{body}");
    // The viewer follows the host's exact id, marked with the room's secret (a page that
    // joins with a made-up "host" id is never followed).
    let host = attribute(body, "data-host");
    let stored = w.app.store.live().engine_room(id).await.unwrap().unwrap();
    let secret = lawha_live::Secret::new(stored.secret);
    let (user, role) = lawha_live::janus::participant::read(&secret, &host).expect("a marked id");
    assert_eq!(role, lawha_live::Role::Moderator);
    assert_eq!(user, w.app.store.live().session(id).await.unwrap().host_id);
    assert_ne!(host, attribute(body, "data-participant"));
    assert!(
        body.contains("id=\"live-screen\""),
        "the screen has its element"
    );
    assert!(
        !body.contains("id=\"live-controls\""),
        "a viewer has no host controls"
    );
    // The page's words are Arabic (the client's language), for the script to show.
    assert!(body.contains("data-waiting=\"المنشّط لم يحضر بعد"), "{body}");
    // Nothing in the policy opens another origin to the page.
    let csp = pupil.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'self';"), "{csp}");
    assert!(!csp.contains("connect-src"), "{csp}");

    let sound = w
        .app
        .post(
            &w.pupil_client,
            &format!("/live/{id}/join"),
            &[("mode", "sound-only")],
        )
        .await;
    assert!(sound.body.contains("data-mode=\"sound-only\""));
    assert!(
        !sound.body.contains("id=\"live-screen\""),
        "no screen in sound only"
    );

    let host = w
        .app
        .post(&w.teacher, &format!("/live/{id}/join"), &[])
        .await;
    assert!(
        host.body.contains("data-role=\"moderator\""),
        "{}",
        host.body
    );
    assert!(host.body.contains("id=\"live-controls\""));
    assert!(host.body.contains(&format!("action=\"/live/{id}/end\"")));

    // The script under its name; any other name is not found.
    let js = w.app.get(&w.pupil_client, &href).await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(js.body.as_bytes(), SCRIPT);
    assert!(js.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let other = w
        .app
        .get(&w.pupil_client, "/static/vendor/janus-000000000000.js")
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    // The page script is served and is no other page's.
    let live_js = body
        .split("<script src=\"")
        .find(|s| s.starts_with("/static/live-"))
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert_eq!(
        w.app.get(&w.pupil_client, live_js).await.status,
        StatusCode::OK
    );
    let home = w.app.get(&w.pupil_client, "/").await;
    assert!(!home.body.contains("/static/live-"));
}

on_both!(without_janus_js_the_join_page_says_the_player_is_missing);
async fn without_janus_js_the_join_page_says_the_player_is_missing(backend: Backend) {
    let (w, id, _, _) = janus_world(backend, false).await;
    let page = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("غير مثبت"), "{}", page.body);
    assert!(!page.body.contains("id=\"live-room\""));
    assert!(!page.body.contains("/static/live-"));
    assert!(!page.body.contains("/static/vendor/"));
}

on_both!(the_janus_proxy_forwards_janus_js_requests_of_signed_in_people_only);
async fn the_janus_proxy_forwards_janus_js_requests_of_signed_in_people_only(backend: Backend) {
    let (w, _, _, seen) = janus_world(backend, true).await;
    let json = [
        ("content-type", "application/json"),
        ("host", "lawha.test"),
        ("origin", "http://lawha.test"),
    ];
    let create = br#"{"janus":"create","transaction":"t"}"#.to_vec();

    // Signed in: a session, a long poll (its numbers only), a message to a handle.
    let resp = w
        .app
        .request(&w.pupil_client, "POST", "/janus", &json, create.clone())
        .await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert_eq!(resp.body, r#"{"janus":"success"}"#);
    let poll = w
        .app
        .request(
            &w.pupil_client,
            "GET",
            "/janus/123?rid=5&maxev=10&admin_secret=x",
            &[],
            Vec::new(),
        )
        .await;
    assert_eq!(poll.status, StatusCode::OK);
    let message = w
        .app
        .request(
            &w.pupil_client,
            "POST",
            "/janus/123/456",
            &json,
            create.clone(),
        )
        .await;
    assert_eq!(message.status, StatusCode::OK);
    // janus.js's unload beacon: text, from our origin.
    let beacon = [
        ("content-type", "text/plain;charset=UTF-8"),
        ("host", "lawha.test"),
        ("origin", "http://lawha.test"),
    ];
    let destroy = br#"{"janus":"destroy","transaction":"u"}"#.to_vec();
    let resp = w
        .app
        .request(
            &w.pupil_client,
            "POST",
            "/janus/123",
            &beacon,
            destroy.clone(),
        )
        .await;
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (
                "POST".into(),
                "/janus".into(),
                String::from_utf8(create.clone()).unwrap()
            ),
            (
                "GET".into(),
                "/janus/123?rid=5&maxev=10".into(),
                String::new()
            ),
            (
                "POST".into(),
                "/janus/123/456".into(),
                String::from_utf8(create.clone()).unwrap()
            ),
            (
                "POST".into(),
                "/janus/123".into(),
                String::from_utf8(destroy).unwrap()
            ),
        ]
    );

    // Refused, with nothing reaching Janus.
    seen.lock().unwrap().clear();
    let anonymous = w.app.visitor().await;
    let cases: Vec<Refusal> = vec![
        (
            &anonymous,
            "POST",
            "/janus",
            json.to_vec(),
            StatusCode::UNAUTHORIZED,
        ),
        (
            &anonymous,
            "GET",
            "/janus/123",
            vec![],
            StatusCode::UNAUTHORIZED,
        ),
        // A form, or a text without our origin (a cross-site form's).
        (
            &w.pupil_client,
            "POST",
            "/janus",
            vec![("content-type", "application/x-www-form-urlencoded")],
            StatusCode::FORBIDDEN,
        ),
        (
            &w.pupil_client,
            "POST",
            "/janus",
            vec![("content-type", "text/plain")],
            StatusCode::FORBIDDEN,
        ),
        (
            &w.pupil_client,
            "POST",
            "/janus",
            vec![
                ("content-type", "application/json"),
                ("host", "lawha.test"),
                ("origin", "https://evil.test"),
            ],
            StatusCode::FORBIDDEN,
        ),
        // Paths janus.js does not use.
        (
            &w.pupil_client,
            "POST",
            "/janus/1/2/3",
            json.to_vec(),
            StatusCode::NOT_FOUND,
        ),
        (
            &w.pupil_client,
            "POST",
            "/janus/info",
            json.to_vec(),
            StatusCode::NOT_FOUND,
        ),
        (
            &w.pupil_client,
            "GET",
            "/janus/1/2",
            vec![],
            StatusCode::NOT_FOUND,
        ),
    ];
    for (client, method, path, headers, expected) in cases {
        let resp = w
            .app
            .request(client, method, path, &headers, create.clone())
            .await;
        assert_eq!(resp.status, expected, "{method} {path} {headers:?}");
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "{:?}",
        seen.lock().unwrap()
    );
}

/// The value of the first `name="…"` attribute in `html`.
fn attribute(html: &str, name: &str) -> String {
    let marker = format!("{name}=\"");
    let start = html.find(&marker).expect("the attribute") + marker.len();
    let end = html[start..].find('"').expect("its end");
    html[start..start + end].to_string()
}

on_both!(the_janus_proxy_limits_each_person_s_requests);
/// One person's requests beyond the burst are refused with 429 and `Retry-After`, and do
/// not reach Janus; another person is not slowed by them.
async fn the_janus_proxy_limits_each_person_s_requests(backend: Backend) {
    let (w, _, _, seen) = janus_world(backend, true).await;
    let json = [
        ("content-type", "application/json"),
        ("host", "lawha.test"),
        ("origin", "http://lawha.test"),
    ];
    let body = br#"{"janus":"keepalive","transaction":"k"}"#.to_vec();
    // Sends until refused: the burst passes, then tokens come back at 10 a second only
    // (a slow machine sends fewer a second than that, so the bound counts the time taken).
    let started = std::time::Instant::now();
    let (mut passed, mut refused) = (0, None);
    for _ in 0..400 {
        let resp = w
            .app
            .request(&w.pupil_client, "POST", "/janus/123", &json, body.clone())
            .await;
        if resp.status == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(resp);
            break;
        }
        assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
        passed += 1;
    }
    let refused = refused.expect("one person's flood is refused");
    assert_eq!(refused.headers["retry-after"], "1");
    let most = 120 + (started.elapsed().as_secs_f64() * 10.0).ceil() as usize + 1;
    assert!(
        (120..=most).contains(&passed),
        "{passed} passed, at most {most}"
    );
    assert_eq!(
        seen.lock().unwrap().len(),
        passed,
        "refused ones reach nothing"
    );

    let other = w
        .app
        .request(&w.teacher, "POST", "/janus/123", &json, body.clone())
        .await;
    assert_eq!(other.status, StatusCode::OK, "another person is not slowed");
}

on_both!(the_hosts_join_page_carries_what_its_script_moderates_with);
async fn the_hosts_join_page_carries_what_its_script_moderates_with(backend: Backend) {
    let (w, id, _, _) = janus_world(backend, true).await;
    let host = w
        .app
        .post(&w.teacher, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(host.status, StatusCode::OK, "{}", host.body);
    assert_eq!(attribute(&host.body, "data-session"), id.to_string());
    assert!(!attribute(&host.body, "data-csrf").is_empty());
    assert!(host.body.contains("id=\"live-people\""), "{}", host.body);
    assert!(
        !host.body.contains("id=\"live-speak\""),
        "the host speaks already"
    );
    // A participant's page: the button to speak, and neither the token nor the list.
    let pupil = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(pupil.status, StatusCode::OK, "{}", pupil.body);
    assert!(pupil.body.contains("id=\"live-speak\""), "{}", pupil.body);
    assert!(!pupil.body.contains("data-csrf="));
    assert!(!pupil.body.contains("id=\"live-people\""));
}
