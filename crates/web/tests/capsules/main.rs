//! Capsules through the web, on SQLite and PostgreSQL: who sees which capsule, the player
//! page and its media (ranges, ETags, cache rules), watching progress counted once, the
//! data-saver choice, search, and the studio — forms, plain and resumable uploads, files,
//! publishing. Processing itself (ffmpeg) is tested in `lawha-media`; here versions are
//! the demo clip, already processed.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod first_contact;
mod studio;
mod watching;

use axum::http::StatusCode;
use common::{Client, Resp, TestApp};
use lawha_core::capsule::{CapsuleStatus, MediaStatus};
use lawha_core::import::ClassLevel;
use lawha_core::{Role, Scope};
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::media_jobs::media::JobKind;
use lawha_store::on_both;
use lawha_store::Backend;
use sha2::{Digest, Sha256};
use uuid::Uuid;

async fn lesson(app: &TestApp) -> Lesson {
    let titles = |ar: &str, fr: &str| Titles {
        ar: ar.into(),
        fr: fr.into(),
    };
    let unit = app
        .store
        .catalog()
        .create_unit(
            &ClassLevel::Level("1AC".into()),
            "MATH",
            &titles("الكسور", "Les fractions"),
        )
        .await
        .unwrap();
    app.store
        .catalog()
        .create_lesson(unit.id, &titles("تبسيط كسر", "Simplifier une fraction"))
        .await
        .unwrap()
}

async fn producer(app: &TestApp) -> Client {
    app.producer().await
}

async fn pupil(app: &TestApp, school: Option<Scope>) -> (Client, Uuid) {
    let scope = match school {
        Some(scope) => scope,
        None => app.school_and_class("06", "SCH-P").await.1.scope(),
    };
    let user = app.user("Salma", "PUPIL01", &[(Role::Pupil, scope)]).await;
    (app.sign_in("PUPIL01", common::PASSWORD).await, user.id)
}

fn attr(body: &str, name: &str) -> String {
    let marker = format!("{name}=\"");
    let start = body
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no {name} in page"));
    let end = body[start..].find('"').unwrap();
    body[start..start + end].replace("&#38;", "&")
}

/// One tus `PATCH` of `bytes` at `offset`.
/// Posts the file `name` holding `bytes` to a capsule's `files` form, as a French file of
/// `kind`.
async fn add_file(
    app: &TestApp,
    studio: &Client,
    files: &str,
    kind: &str,
    name: &str,
    bytes: &[u8],
) -> Resp {
    let fields = [("kind", kind), ("language", "fr")];
    app.post_multipart(studio, files, &fields, Some(("file", name, bytes)))
        .await
}

async fn tus_patch(app: &TestApp, who: &Client, url: &str, offset: usize, bytes: &[u8]) -> Resp {
    let offset = offset.to_string();
    let headers = [
        ("Tus-Resumable", "1.0.0"),
        ("Upload-Offset", offset.as_str()),
        ("Content-Type", "application/offset+octet-stream"),
    ];
    app.request(who, "PATCH", url, &headers, bytes.to_vec())
        .await
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}
