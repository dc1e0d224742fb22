//! Credential slips: a teacher prints a PDF for their class; read back with pdftotext,
//! it has one slip per pupil of that class (Arabic names shaped and extractable), none of
//! another class, and the codes printed are real one-time codes, logged. A teacher of
//! another class is refused. On both engines.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::process::Command;

use axum::http::StatusCode;
use common::{Client, TestApp, PASSWORD};
use lawha_core::Role;
use lawha_store::Backend;

/// The text pdftotext reads from `pdf`.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("slips.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils; scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn in_french(client: &Client) -> Client {
    let mut client = client.clone();
    client.set("lawha_lang", "fr".into());
    client
}

async fn story(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school_a, class_a) = app.school_and_class("06", "SCH-A").await;
    let (school_b, class_b) = app.school_and_class("01", "SCH-B").await;
    app.teacher_of(&school_a, &class_a, "Prof A", "prof.a@example.ma")
        .await;
    app.teacher_of(&school_b, &class_b, "Prof B", "prof.b@example.ma")
        .await;
    let pupils_a = [
        app.user("Yassine Amrani", "PUPA1", &[(Role::Pupil, class_a.scope())])
            .await,
        app.user("سلمى العلوي", "PUPA2", &[(Role::Pupil, class_a.scope())])
            .await,
        app.user("Nora Lahlou", "PUPA3", &[(Role::Pupil, class_a.scope())])
            .await,
    ];
    app.user("Karim Other", "PUPB1", &[(Role::Pupil, class_b.scope())])
        .await;

    let teacher = in_french(&app.sign_in("prof.a@example.ma", PASSWORD).await);
    let path = format!("/classes/{}/slips.pdf", class_a.id);
    let resp = app.post(&teacher, &path, &[]).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert_eq!(resp.headers["content-type"], "application/pdf");
    assert_eq!(resp.headers["cache-control"], "no-store");
    let text = pdf_text(&resp.bytes);

    // One slip per pupil of the class, none of the other class.
    assert_eq!(text.matches("Code élève").count(), 3, "{text}");
    for code in ["PUPA1", "PUPA2", "PUPA3"] {
        assert_eq!(text.matches(code).count(), 1, "{code} in {text}");
    }
    assert!(!text.contains("PUPB1") && !text.contains("Karim"), "{text}");
    assert!(text.contains("Yassine Amrani"));
    assert!(
        text.contains("سلمى العلوي"),
        "the Arabic name, extractable: {text}"
    );

    // The codes printed are real: the last slip's code lets its pupil choose a password.
    let codes: Vec<String> = text
        .lines()
        .filter_map(|l| l.split("Code à usage unique : ").nth(1))
        .map(|c| c.trim().to_string())
        .collect();
    assert_eq!(codes.len(), 3, "{text}");
    // Slips are in name order: Nora, Yassine, then the Arabic name.
    let recovered = app
        .store
        .recovery()
        .reset_with_code("PUPA1", &codes[1], "une phrase neuve")
        .await
        .expect("the printed code works");
    assert_eq!(recovered, pupils_a[0].id);
    // Every code issued is logged (one slip each).
    for pupil in &pupils_a {
        assert_eq!(
            app.store.recovery().help_log(pupil.id).await.unwrap().len(),
            1
        );
    }

    // In Arabic: the labels shaped as well.
    let mut in_arabic = teacher.clone();
    in_arabic.set("lawha_lang", "ar".into());
    let arabic = app.post(&in_arabic, &path, &[]).await;
    let text = pdf_text(&arabic.bytes);
    assert_eq!(text.matches("رمز التلميذ").count(), 3, "{text}");

    // Another class's teacher: refused, nothing issued.
    let other = app.sign_in("prof.b@example.ma", PASSWORD).await;
    let refused = app.post(&other, &path, &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .recovery()
            .help_log(pupils_a[2].id)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn slips_for_a_class_sqlite() {
    story(Backend::Sqlite).await;
}

#[tokio::test]
async fn slips_for_a_class_postgres() {
    story(Backend::Postgres).await;
}
