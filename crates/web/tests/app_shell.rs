//! The installable app shell: the manifest, the service worker and the offline page
//! (browser checks: `tests/browser/app_shell.test.mjs`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Client, Resp, TestApp, PASSWORD};
use serde_json::Value;

const APP_CSS: &str = include_str!("../static/app.css");

fn header_of(resp: &Resp, name: header::HeaderName) -> &str {
    resp.headers
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// A custom property's value in app.css, e.g. `--brand`.
fn css_var(name: &str) -> &'static str {
    let marker = format!("{name}:");
    let start = APP_CSS.find(&marker).expect("variable in app.css") + marker.len();
    let rest = &APP_CSS[start..];
    rest[..rest.find([';', '}']).unwrap()].trim()
}

async fn manifest(app: &TestApp, client: &Client, path: &str) -> Value {
    let resp = app.get(client, path).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert_eq!(
        header_of(&resp, header::CONTENT_TYPE),
        "application/manifest+json"
    );
    // It names this release's icons: browsers must revalidate it, not keep it.
    assert_eq!(header_of(&resp, header::CACHE_CONTROL), "no-cache");
    serde_json::from_str(&resp.body).expect("manifest is JSON")
}

#[tokio::test]
async fn the_manifest_speaks_the_language_asked_for() {
    let app = TestApp::sqlite().await;
    let anyone = Client::default();
    for (lang, dir, name) in [("ar", "rtl", "لوحة"), ("fr", "ltr", "Lawha")] {
        let m = manifest(&app, &anyone, &format!("/manifest.webmanifest?lang={lang}")).await;
        assert_eq!(m["lang"], lang);
        assert_eq!(m["dir"], dir);
        assert_eq!(m["short_name"], name);
        assert!(m["name"].as_str().unwrap().starts_with(name), "{m}");
        assert_eq!(m["start_url"], "/");
        assert_eq!(m["scope"], "/");
        assert_eq!(m["id"], "/");
        assert_eq!(m["display"], "standalone");
        assert_eq!(m["theme_color"], css_var("--brand"));
        assert_eq!(m["background_color"], css_var("--bg"));
    }
    // Without `lang`: the language cookie, then the browser's, then the platform default.
    let mut french = Client::default();
    french.set("lawha_lang", "fr".into());
    let m = manifest(&app, &french, "/manifest.webmanifest").await;
    assert_eq!(m["lang"], "fr");
    let req = Request::get("/manifest.webmanifest")
        .header(header::ACCEPT_LANGUAGE, "fr-MA,fr;q=0.9")
        .body(Body::empty())
        .unwrap();
    let resp = app.send(req).await;
    assert!(resp.body.contains(r#""lang":"fr""#), "{}", resp.body);
    let m = manifest(&app, &anyone, "/manifest.webmanifest?lang=xx").await;
    assert_eq!(m["lang"], "ar");
    assert_eq!(m["dir"], "rtl");
}

#[tokio::test]
async fn the_manifest_icons_are_served_png_192_512_and_maskable() {
    let app = TestApp::sqlite().await;
    let m = manifest(&app, &Client::default(), "/manifest.webmanifest?lang=fr").await;
    let icons = m["icons"].as_array().unwrap();
    let png = |sizes: &str, purpose: &str| {
        icons
            .iter()
            .any(|i| i["type"] == "image/png" && i["sizes"] == sizes && i["purpose"] == purpose)
    };
    assert!(png("192x192", "any"), "{icons:?}");
    assert!(png("512x512", "any"), "{icons:?}");
    assert!(png("512x512", "maskable"), "{icons:?}");
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        assert!(src.starts_with("/static/"), "{src}");
        let resp = app.get(&Client::default(), src).await;
        assert_eq!(resp.status, StatusCode::OK, "{src}");
        assert_eq!(header_of(&resp, header::CONTENT_TYPE), icon["type"]);
        if icon["type"] == "image/png" {
            // The served file is static/<stem>.png: its IHDR chunk holds width and height.
            let size: u32 = icon["sizes"].as_str().unwrap()[..3].parse().unwrap();
            let stem = src
                .trim_start_matches("/static/")
                .rsplit_once('-')
                .unwrap()
                .0;
            let path = format!("{}/static/{stem}.png", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(&path).unwrap();
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{path}");
            let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
            let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
            assert_eq!((width, height), (size, size), "{path}");
            assert!(bytes.len() < 16 * 1024, "{path} is {} bytes", bytes.len());
        }
    }
}

/// The JSON value the worker's text assigns to `name`.
fn worker_const(script: &str, name: &str) -> Value {
    let marker = format!("const {name} = ");
    let start = script.find(&marker).expect("constant in sw.js") + marker.len();
    let end = start + script[start..].find(";\n").unwrap();
    serde_json::from_str(&script[start..end]).expect("JSON constant")
}

/// The quoted values on a page that point under /static/ (stylesheet, scripts, icons).
fn static_refs(html: &str) -> Vec<String> {
    html.split(['"', '\''])
        .filter(|s| s.starts_with("/static/"))
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_worker_precaches_exactly_the_served_shell() {
    let app = TestApp::sqlite().await;
    let anyone = Client::default();
    let resp = app.get(&anyone, "/sw.js").await;
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(
        header_of(&resp, header::CONTENT_TYPE),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(header_of(&resp, header::CACHE_CONTROL), "no-cache");
    let script = resp.body;
    assert!(!script.contains("__LAWHA_"), "a value was left unfilled");
    assert!(script.contains("const DEFAULT_LANG = 'ar';"));

    let shell: Vec<String> = serde_json::from_value(worker_const(&script, "SHELL")).unwrap();
    for url in &shell {
        let asset = app.get(&anyone, url).await;
        assert_eq!(asset.status, StatusCode::OK, "{url} is not served");
        assert!(header_of(&asset, header::CACHE_CONTROL).contains("immutable"));
    }
    // What every page loads is there: the stylesheet, the shell script, the icon.
    let login = app.get(&anyone, "/login").await;
    let on_page = static_refs(&login.body);
    assert!(on_page.len() >= 3, "{on_page:?}");
    for url in &on_page {
        assert!(
            shell.contains(url),
            "{url} is on every page but not precached"
        );
    }
    // And the manifest's icons.
    let m = manifest(&app, &anyone, "/manifest.webmanifest?lang=ar").await;
    for icon in m["icons"].as_array().unwrap() {
        assert!(shell.iter().any(|u| icon["src"] == u.as_str()), "{icon}");
    }
    // Never the heavy or studio-only scripts.
    assert!(!shell
        .iter()
        .any(|u| u.contains("hls") || u.contains("upload")));

    let offline = worker_const(&script, "OFFLINE");
    assert_eq!(offline["ar"], "/offline/ar");
    assert_eq!(offline["fr"], "/offline/fr");
    let version = worker_const_str(&script, "VERSION");
    assert_eq!(version, lawha_web::app_shell::worker::shell().version);
    assert_eq!(version.len(), 16);
}

fn worker_const_str(script: &str, name: &str) -> String {
    let marker = format!("const {name} = '");
    let start = script.find(&marker).expect("constant in sw.js") + marker.len();
    let end = start + script[start..].find('\'').unwrap();
    script[start..end].to_string()
}

#[tokio::test]
async fn the_worker_falls_back_to_the_platform_language() {
    let store = lawha_store::testing::sqlite().await;
    let config = lawha_web::WebConfig {
        default_locale: lawha_core::Locale::Fr,
        ..lawha_web::WebConfig::default()
    };
    let app = TestApp::with_config(store, config);
    let script = app.get(&Client::default(), "/sw.js").await.body;
    assert!(script.contains("const DEFAULT_LANG = 'fr';"));
}

#[tokio::test]
async fn the_offline_page_is_translated_and_holds_nothing_personal() {
    let app = TestApp::sqlite().await;
    app.user("Yasmine El Idrissi", "P2025001", &[]).await;
    let pupil = app.sign_in("P2025001", PASSWORD).await;
    for (lang, dir, text) in [
        ("ar", "rtl", "لا يوجد اتصال"),
        ("fr", "ltr", "Pas de connexion"),
    ] {
        // Asked by a signed-in browser: still the anonymous page.
        let resp = app.get(&pupil, &format!("/offline/{lang}")).await;
        assert_eq!(resp.status, StatusCode::OK);
        assert!(header_of(&resp, header::CONTENT_TYPE).starts_with("text/html"));
        assert!(
            resp.body
                .contains(&format!(r#"<html lang="{lang}" dir="{dir}">"#)),
            "{}",
            resp.body
        );
        assert!(resp.body.contains(text), "{}", resp.body);
        assert!(!resp.body.contains("Yasmine"), "{}", resp.body);
        assert!(!resp.body.contains("/logout"), "{}", resp.body);
        assert!(!resp.body.contains(&pupil.csrf), "{}", resp.body);
        assert!(resp.set_cookie("lawha_session").is_none());
        assert!(resp.set_cookie("lawha_pre").is_none());
    }
    let unknown = app.get(&Client::default(), "/offline/en").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_page_links_the_manifest_in_its_language_and_csp_allows_the_shell() {
    let app = TestApp::sqlite().await;
    let mut client = Client::default();
    for lang in ["ar", "fr"] {
        client.set("lawha_lang", lang.into());
        let page = app.get(&client, "/login").await;
        assert!(
            page.body.contains(&format!(
                r#"<link rel="manifest" href="/manifest.webmanifest?lang={lang}">"#
            )),
            "{}",
            page.body
        );
        assert!(page.body.contains(&format!(
            r#"<meta name="theme-color" content="{}">"#,
            css_var("--brand")
        )));
        // Registered by a deferred script: never blocking the page. It names the offline
        // script it loads once the worker controls the page (from the worker's cache).
        let shell_js = static_refs(&page.body)
            .into_iter()
            .find(|u| u.contains("/shell-"))
            .expect("shell script on the page");
        let offline_js = static_refs(&page.body)
            .into_iter()
            .find(|u| u.contains("/offline-"))
            .expect("offline script named on the page");
        assert!(page.body.contains(&format!(
            r#"<script src="{shell_js}" data-offline="{offline_js}" defer></script>"#
        )));
        // The install button waits, hidden, for the browser's offer.
        assert!(page.body.contains(r#"id="install" class="link" hidden"#));
        let csp = header_of(&page, header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("worker-src 'self'"), "{csp}");
        assert!(csp.contains("manifest-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
    }
}
