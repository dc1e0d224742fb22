//! The help centre: a support agent writes an article in Arabic and French; everyone reads
//! it in their language, its body escaped; drafts stay with the writers; the search and
//! the suggestions find it by the capsules' search engine, and the suggestions are
//! throttled per client address. On both engines.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp, PASSWORD};
use lawha_core::{Role, Scope};
use lawha_store::Backend;

async fn agent(app: &TestApp) -> Client {
    app.user(
        "Agent",
        "agent@example.ma",
        &[(Role::SupportAgent, Scope::National)],
    )
    .await;
    app.sign_in("agent@example.ma", PASSWORD).await
}

fn article<'a>(slug: &'a str, published: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("topic", "sign_in"),
        ("title_ar", "نسيت كلمة المرور"),
        ("title_fr", "J’ai oublié mon mot de passe"),
        ("body_ar", "## الخطوات\n- افتح صفحة الدخول\n- اضغط **نسيت كلمة المرور**"),
        (
            "body_fr",
            "Ouvrez la page de connexion.\n\n- Cliquez **Mot de passe oublié**\n- <script>alert(1)</script>",
        ),
        ("published", published),
    ]
}

fn in_french(client: &Client) -> Client {
    let mut client = client.clone();
    client.set("lawha_lang", "fr".into());
    client
}

async fn story(backend: Backend) {
    let app = TestApp::on(backend).await;
    let agent = agent(&app).await;
    let visitor = app.visitor().await;

    // Written and opened.
    let resp = app
        .post(&agent, "/help/articles/new", &article("mot-de-passe", "on"))
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(resp.location(), "/help/mot-de-passe");

    // Arabic by default, French by choice; the body's marks render, its markup does not.
    let ar = app.get(&visitor, "/help/mot-de-passe").await;
    assert_eq!(ar.status, StatusCode::OK);
    assert!(ar.body.contains("<h2>الخطوات</h2>"), "{}", ar.body);
    assert!(ar.body.contains("<strong>نسيت كلمة المرور</strong>"));
    let fr = app.get(&in_french(&visitor), "/help/mot-de-passe").await;
    assert!(fr
        .body
        .contains("<li>Cliquez <strong>Mot de passe oublié</strong></li>"));
    assert!(!fr.body.contains("<script>alert"), "{}", fr.body);
    assert!(fr.body.contains("&lt;script&gt;alert(1)"));
    // The index lists it under its topic.
    let index = app.get(&in_french(&visitor), "/help").await;
    assert!(index.body.contains("href=\"/help/mot-de-passe\""));
    assert!(index.body.contains("Se connecter"));

    // A draft is the writers' only.
    let resp = app
        .post(
            &agent,
            "/help/articles/new",
            &article("brouillon-cache", ""),
        )
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(
        app.get(&visitor, "/help/brouillon-cache").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&agent, "/help/brouillon-cache").await.status,
        StatusCode::OK
    );

    // Search: a typo in French, Arabic without its article; the draft is not found.
    let found = app.get(&in_french(&visitor), "/help?q=mot+de+pase").await;
    assert!(found.body.contains("id=\"help-found\""), "{}", found.body);
    assert!(found.body.contains("href=\"/help/mot-de-passe\""));
    assert!(!found.body.contains("href=\"/help/brouillon-cache\""));
    let found = app.get(&visitor, "/help?q=%D9%85%D8%B1%D9%88%D8%B1").await;
    assert!(
        found.body.contains("href=\"/help/mot-de-passe\""),
        "{}",
        found.body
    );

    // Suggestions: JSON in the page's language, nothing for two letters.
    let s = app
        .get(&in_french(&visitor), "/help/suggest?q=oubli%C3%A9")
        .await;
    assert_eq!(s.status, StatusCode::OK);
    assert!(s.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let json: serde_json::Value = serde_json::from_str(&s.body).unwrap();
    assert_eq!(json["articles"][0]["href"], "/help/mot-de-passe");
    assert_eq!(json["articles"][0]["title"], "J’ai oublié mon mot de passe");
    assert_eq!(json["articles"].as_array().unwrap().len(), 1, "no draft");
    let short: serde_json::Value =
        serde_json::from_str(&app.get(&visitor, "/help/suggest?q=mo").await.body).unwrap();
    assert!(short["articles"].as_array().unwrap().is_empty());

    // Editing: new words are found at once, a taken slug is refused on the form.
    let id = app
        .store
        .help()
        .article_by_slug("mot-de-passe")
        .await
        .unwrap()
        .id;
    let mut edited = article("mot-de-passe", "on");
    edited[3].1 = "Changer son mot de passe oublié avec un courriel";
    let resp = app
        .post(&agent, &format!("/help/articles/{id}/edit"), &edited)
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let found = app.get(&visitor, "/help?q=courriel").await;
    assert!(found.body.contains("href=\"/help/mot-de-passe\""));
    let taken = app
        .post(
            &agent,
            &format!("/help/articles/{id}/edit"),
            &article("brouillon-cache", "on"),
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("id=\"slug-err\""), "{}", taken.body);

    // Not a writer, or a writer without the CSRF token: refused, nothing written.
    app.user(
        "Studio",
        "studio@example.ma",
        &[(Role::Producer, Scope::National)],
    )
    .await;
    let producer = app.sign_in("studio@example.ma", PASSWORD).await;
    let refused = app
        .post(
            &producer,
            "/help/articles/new",
            &article("sans-droit", "on"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let forged = app
        .post_raw(&agent, "/help/articles/new", &article("sans-jeton", "on"))
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    for slug in ["sans-droit", "sans-jeton"] {
        assert!(app.store.help().article_by_slug(slug).await.is_err());
    }
}

#[tokio::test]
async fn help_centre_story_sqlite() {
    story(Backend::Sqlite).await;
}

#[tokio::test]
async fn help_centre_story_postgres() {
    story(Backend::Postgres).await;
}

#[tokio::test]
async fn suggestions_are_throttled_per_address() {
    let app = TestApp::sqlite().await;
    let visitor = app.visitor().await;
    for _ in 0..lawha_web::HELP_SUGGEST_PER_MINUTE {
        let resp = app.get(&visitor, "/help/suggest?q=connexion").await;
        assert_eq!(resp.status, StatusCode::OK);
    }
    let resp = app.get(&visitor, "/help/suggest?q=connexion").await;
    assert_eq!(resp.status, StatusCode::TOO_MANY_REQUESTS);
    // The pages themselves are not slowed.
    assert_eq!(app.get(&visitor, "/help").await.status, StatusCode::OK);
    // The count belongs to the application: another one in this process, from the same
    // address, answers (so tests running together never share it).
    let other = TestApp::sqlite().await;
    let visitor = other.visitor().await;
    let resp = other.get(&visitor, "/help/suggest?q=connexion").await;
    assert_eq!(resp.status, StatusCode::OK);
}
