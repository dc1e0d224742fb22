//! Hardening through the whole router: malformed ids and query values get the translated
//! error page in Arabic and French (not axum's English text), an oversized form gets 413, HSTS is sent when the
//! platform is reached over https, the studio never shows ffmpeg's words (server paths) to
//! producers, and teachers can only assign capsules their class may watch.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{Client, Resp, TestApp};
use lawha_core::capsule::CapsuleFields;
use lawha_core::import::ClassLevel;
use lawha_core::{Locale, Role, Scope};
use lawha_store::catalog::capsules::NewCapsule;
use lawha_store::catalog::curriculum::Titles;
use lawha_store::media_jobs::media::{JobFailure, NewMedia};
use lawha_store::on_both;
use lawha_store::testing;
use lawha_store::Backend;
use lawha_web::{router, AppState, WebConfig};
use tower::ServiceExt;

fn french(mut client: Client) -> Client {
    client.set("lawha_lang", "fr".into());
    client
}

/// The translated "invalid request" page, in French.
fn is_french_bad_request(resp: &Resp) -> bool {
    resp.status == StatusCode::BAD_REQUEST
        && resp.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
        && resp.body.contains(r#"<html lang="fr""#)
        && resp.body.contains("La demande est invalide.")
}

async fn malformed_ids_and_query_values_get_the_translated_page(backend: Backend) {
    let app = TestApp::on(backend).await;
    let visitor = app.visitor().await;
    // Arabic by default.
    let ar = app.get(&visitor, "/capsules/not-a-uuid").await;
    assert_eq!(ar.status, StatusCode::BAD_REQUEST);
    assert!(ar.body.contains("الطلب غير صالح."), "{}", ar.body);
    assert!(!ar.body.contains("Invalid URL"), "{}", ar.body);

    let visitor = french(visitor);
    for path in [
        "/capsules/not-a-uuid",
        "/lessons/12",
        "/media/not-a-uuid/master.m3u8",
    ] {
        let resp = app.get(&visitor, path).await;
        assert!(is_french_bad_request(&resp), "{path}: {resp:?}");
    }

    app.user(
        "Ministère",
        "ministere@example.ma",
        &[(Role::MinistryAdmin, Scope::National)],
    )
    .await;
    let admin = french(app.sign_in("ministere@example.ma", common::PASSWORD).await);
    for path in ["/dashboards/national?period=abc", "/studio?page=-1"] {
        let resp = app.get(&admin, path).await;
        assert!(is_french_bad_request(&resp), "{path}: {resp:?}");
    }
}
on_both!(malformed_ids_and_query_values_get_the_translated_page);

/// The path and query extractors refuse with the translated page in both languages, and
/// say nothing of what axum or serde found wrong.
async fn refused_paths_and_queries_answer_in_arabic_and_french(backend: Backend) {
    let app = TestApp::on(backend).await;
    app.user(
        "Production",
        "production@example.ma",
        &[(Role::Producer, Scope::National)],
    )
    .await;
    let producer = app.sign_in("production@example.ma", common::PASSWORD).await;
    for path in [
        "/lessons/not-a-uuid",
        "/studio?page=abc",
        "/dashboards/national?period=abc",
    ] {
        let ar = app.get(&producer, path).await;
        assert_eq!(ar.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            ar.body.contains(r#"<html lang="ar""#),
            "{path}: {}",
            ar.body
        );
        assert!(ar.body.contains("الطلب غير صالح."), "{path}: {}", ar.body);
        for english in ["Failed to deserialize", "Invalid URL", "missing field"] {
            assert!(!ar.body.contains(english), "{path}: {}", ar.body);
        }
    }
    let producer = french(producer);
    for path in ["/lessons/not-a-uuid", "/studio?page=abc"] {
        let fr = app.get(&producer, path).await;
        assert!(is_french_bad_request(&fr), "{path}: {fr:?}");
        assert!(!fr.body.contains("Failed to deserialize"), "{path}");
    }
}
on_both!(refused_paths_and_queries_answer_in_arabic_and_french);

#[tokio::test]
async fn an_oversized_form_gets_413_with_the_translated_page() {
    let app = TestApp::sqlite().await;
    let visitor = french(app.visitor().await);
    let filler = "a".repeat(16 * 1024 * 1024 + 1);
    let resp = app
        .post(
            &visitor,
            "/login",
            &[("identifier", "P2025001"), ("password", &filler)],
        )
        .await;
    assert_eq!(resp.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(resp.body.contains(r#"<html lang="fr""#), "{}", resp.body);
    assert!(resp
        .body
        .contains("La demande dépasse la taille autorisée."));
}

async fn headers_of(config: WebConfig) -> axum::http::HeaderMap {
    let store = lawha_store::testing::sqlite().await;
    let app = router(AppState::new(store.store.clone(), config));
    let req = Request::get("/login").body(Body::empty()).unwrap();
    app.oneshot(req).await.unwrap().headers().clone()
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_public_url_is_https() {
    let https = headers_of(WebConfig {
        public_base_url: "https://lawha.example.ma".into(),
        ..WebConfig::default()
    })
    .await;
    assert_eq!(
        https[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
    let http = headers_of(WebConfig::default()).await;
    assert!(http.get(header::STRICT_TRANSPORT_SECURITY).is_none());
}

async fn the_studio_shows_why_a_video_failed_without_server_paths(backend: Backend) {
    let app = TestApp::on(backend).await;
    let titles = Titles {
        ar: "الكسور".into(),
        fr: "Les fractions".into(),
    };
    let lesson = testing::lesson(&app.store, "1AC", "MATH", &titles).await;
    let fields = CapsuleFields {
        title_fr: "Simplifier".into(),
        language: Some(Locale::Fr),
        ..CapsuleFields::default()
    }
    .validate()
    .unwrap();
    let capsule = app
        .store
        .catalog()
        .create_capsule(&NewCapsule {
            lesson_id: lesson.id,
            fields,
            school_id: None,
            external_ref: None,
            created_by: None,
        })
        .await
        .unwrap();
    let id = uuid::Uuid::now_v7();
    app.store
        .media_jobs()
        .add_media(&NewMedia {
            capsule_id: capsule.id,
            id,
            source_key: format!("sources/{id}/original.mp4"),
            source_name: "cours.mp4".into(),
            source_bytes: 10,
            source_sha256: String::new(),
            output_prefix: format!("media/{id}"),
            created_by: None,
        })
        .await
        .unwrap();
    let job = app
        .store
        .media_jobs()
        .claim_job("w1", chrono::Duration::minutes(5))
        .await
        .unwrap()
        .unwrap();
    let detail = "not a usable media file: /var/lib/lawha/scratch/job-7/original.mp4: \
                  Invalid data found when processing input";
    let failure = JobFailure {
        code: "not-media".into(),
        detail: detail.into(),
        retryable: false,
    };
    app.store
        .media_jobs()
        .fail_job(&job, "w1", &failure, chrono::Duration::zero())
        .await
        .unwrap();

    app.user(
        "Studio",
        "studio@example.ma",
        &[(Role::Producer, Scope::National)],
    )
    .await;
    let producer = french(app.sign_in("studio@example.ma", common::PASSWORD).await);
    let page = app
        .get(&producer, &format!("/studio/capsules/{}", capsule.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Ce fichier n’est pas une vidéo lisible (fichier abîmé ou d’un autre type)."),
        "{}",
        page.body
    );
    assert!(!page.body.contains("/var/lib"), "{}", page.body);
    assert!(!page.body.contains("Invalid data"), "{}", page.body);
}
on_both!(the_studio_shows_why_a_video_failed_without_server_paths);

async fn teachers_assign_only_capsules_their_class_may_watch(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school, class) = app.school_and_class("06", "SCH-ASSIGN").await;
    let (elsewhere, _) = app.school_and_class("06", "SCH-ELSEWHERE").await;
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    app.user("Salma", "J130000001", &[(Role::Pupil, class.scope())])
        .await;
    let titles = Titles {
        ar: "الكسور".into(),
        fr: "Les fractions".into(),
    };
    let unit = app
        .store
        .catalog()
        .create_unit(&ClassLevel::Level("1AC".into()), "MATH", &titles)
        .await
        .unwrap();
    let lesson = app
        .store
        .catalog()
        .create_lesson(unit.id, &titles)
        .await
        .unwrap()
        .id;
    let (open, _) = app.playable_capsule(lesson, "Pour tous", true, None).await;
    let (draft, _) = app
        .playable_capsule(lesson, "Brouillon secret", false, None)
        .await;
    let (theirs, _) = app
        .playable_capsule(lesson, "Autre école", true, Some(elsewhere.id))
        .await;

    let teacher = french(app.sign_in("prof@example.ma", common::PASSWORD).await);
    let page = app
        .get(&teacher, &format!("/classes/{}?subject=MATH", class.id))
        .await;
    assert!(
        page.body.contains(&format!("capsule:{}", open.id)),
        "{}",
        page.body
    );
    for hidden in [&draft, &theirs] {
        assert!(
            !page.body.contains(&hidden.id.to_string()),
            "{}",
            hidden.title_fr
        );
        assert!(!page.body.contains(&hidden.title_fr), "{}", hidden.title_fr);
    }
    let due = (app.store.clock().now().date_naive() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    for refused in [&draft, &theirs] {
        let sent = app
            .post(
                &teacher,
                &format!("/classes/{}/assignments", class.id),
                &[
                    ("work", &format!("capsule:{}", refused.id)),
                    ("due_on", &due),
                ],
            )
            .await;
        assert!(
            sent.location().contains("done=unavailable-work"),
            "{}: {}",
            refused.title_fr,
            sent.location()
        );
        let page = app.get(&teacher, sent.location()).await;
        assert!(page
            .body
            .contains("Cette capsule n’est pas publiée ou n’est pas ouverte à cette classe."));
    }
    assert!(app
        .store
        .learning()
        .class_assignments(class.id)
        .await
        .unwrap()
        .is_empty());
}
on_both!(teachers_assign_only_capsules_their_class_may_watch);
