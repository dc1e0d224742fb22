//! Browsing the curriculum: levels → subjects → units and lessons, in both languages.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp};
use lawha_core::import::ClassLevel;
use lawha_store::catalog::curriculum::Titles;

fn titles(ar: &str, fr: &str) -> Titles {
    Titles {
        ar: ar.into(),
        fr: fr.into(),
    }
}

#[tokio::test]
async fn levels_subjects_units_and_lessons() {
    let app = TestApp::sqlite().await;
    let level = ClassLevel::Level("1AC".into());
    let unit = app
        .store
        .catalog()
        .create_unit(&level, "MATH", &titles("الكسور", "Les fractions"))
        .await
        .unwrap();
    app.store
        .catalog()
        .create_lesson(unit.id, &titles("مقارنة الكسور", ""))
        .await
        .unwrap();
    app.store
        .catalog()
        .create_unit(&level, "MATH", &titles("", "Équations"))
        .await
        .unwrap();
    let anonymous = Client::default();

    let levels = app.get(&anonymous, "/curriculum").await;
    assert_eq!(levels.status, StatusCode::OK);
    assert!(levels.body.contains(r#"href="/curriculum/1AC""#));
    assert!(
        levels.body.contains(r#"href="/curriculum/OFPPT-DD""#),
        "programmes are listed"
    );
    assert_eq!(levels.body.matches(r#"href="/curriculum/"#).count(), 26 + 7);

    let subjects = app.get(&anonymous, "/curriculum/1AC").await;
    assert!(subjects.body.contains(r#"href="/curriculum/1AC/MATH""#));
    assert!(subjects.body.contains("الرياضيات"));
    let empty = app.get(&anonymous, "/curriculum/2AC").await;
    assert!(empty.body.contains(r#"class="empty""#));

    let units = app.get(&anonymous, "/curriculum/1AC/math").await;
    assert_eq!(units.status, StatusCode::OK);
    let body = &units.body;
    let first = body.find("الكسور").expect("first unit");
    let second = body
        .find("Équations")
        .expect("a French-only title falls back");
    assert!(first < second, "units in order");
    assert!(body.contains("مقارنة الكسور"));

    let mut french = Client::default();
    french.set("lawha_lang", "fr".into());
    let units = app.get(&french, "/curriculum/1AC/MATH").await;
    assert!(units.body.contains("Les fractions") && units.body.contains("Mathématiques"));
    assert!(
        units.body.contains("مقارنة الكسور"),
        "an Arabic-only lesson shows in Arabic"
    );

    for path in [
        "/curriculum/9XX",
        "/curriculum/1AC/ASTRO",
        "/curriculum/9XX/MATH",
    ] {
        assert_eq!(
            app.get(&anonymous, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
