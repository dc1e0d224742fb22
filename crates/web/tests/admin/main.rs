//! The administration screens through the whole router: who sees what, creating the
//! organisation and people, one-time passwords, deactivation, and the CSV import's
//! preview → apply → re-apply story (on SQLite and PostgreSQL).
//!
//! This file holds the world the stories run in and the helpers they share; the stories
//! are in `org.rs`, `people.rs`, `import.rs`, `nodes.rs` and `scope.rs`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../common/mod.rs"]
#[macro_use]
mod common;
mod import;
mod nodes;
mod org;
mod people;
mod scope;

use common::{Client, Resp, TestApp, PASSWORD};
use lawha_core::import::ClassLevel;
use lawha_core::{Role, Scope};
use lawha_store::testing;
use lawha_store::{Backend, Class, ClassInput, ListFilter, Page, School};

/// A province, a school and one class of it in the region with this code.
pub async fn school(app: &TestApp, region: &str, code: &str, class: &str) -> (School, Class) {
    testing::school_with_class_of(&app.store, region, code, class, "1AC").await
}

pub async fn add_class(app: &TestApp, school: &School, name: &str) -> Class {
    app.store
        .org()
        .create_class(&ClassInput {
            school_id: school.id,
            name: name.into(),
            school_year: "2025-2026".into(),
            level: ClassLevel::Level("1AC".into()),
        })
        .await
        .unwrap()
}

/// Two schools in two regions (Casablanca-Settat "06" and Tanger "01"), a pupil in each,
/// and the admins of school A, of region 06 and of the ministry.
pub struct World {
    pub app: TestApp,
    pub a: School,
    pub b: School,
    pub class_a: Class,
    pub class_b: Class,
    pub pupil_a: lawha_store::User,
    pub pupil_b: lawha_store::User,
}

pub async fn world_on(backend: Backend) -> World {
    let app = TestApp::on(backend).await;
    let (a, class_a) = school(&app, "06", "SCH-A", "1AC-A").await;
    let (b, class_b) = school(&app, "01", "SCH-B", "1AC-B").await;
    let region_a = Scope::Region {
        region: a.region_id,
    };
    app.user(
        "Direction A",
        "dir.a@example.ma",
        &[(Role::SchoolAdmin, a.scope())],
    )
    .await;
    app.user(
        "AREF 06",
        "aref@example.ma",
        &[(Role::RegionalAdmin, region_a)],
    )
    .await;
    app.user(
        "Ministère",
        "min@example.ma",
        &[(Role::MinistryAdmin, Scope::National)],
    )
    .await;
    let pupil_a = app
        .user("Salma Benali", "PUPILA1", &[(Role::Pupil, class_a.scope())])
        .await;
    let pupil_b = app
        .user("Youssef Tazi", "PUPILB1", &[(Role::Pupil, class_b.scope())])
        .await;
    World {
        app,
        a,
        b,
        class_a,
        class_b,
        pupil_a,
        pupil_b,
    }
}

pub async fn world() -> World {
    world_on(Backend::Sqlite).await
}

/// Signs in and switches the interface to French, for readable assertions.
pub async fn french(app: &TestApp, login: &str) -> Client {
    let mut client = app.sign_in(login, PASSWORD).await;
    client.set("lawha_lang", "fr".into());
    client
}

/// The one-time password shown in `<pre class="secret">`.
pub fn secret(resp: &Resp) -> String {
    let start = resp
        .body
        .find("<pre class=\"secret\"")
        .expect("secret shown");
    let rest = &resp.body[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</pre>").unwrap();
    rest[open..close].trim().to_string()
}

/// The value of a hidden input, HTML entities undone.
pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).expect("hidden field") + marker.len();
    let end = body[start..].find('"').unwrap();
    body[start..start + end]
        .replace("&#10;", "\n")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Uploads a CSV as the browser's multipart form does (CSRF token in the query string).
pub async fn upload(app: &TestApp, client: &Client, kind: &str, csv: &[u8]) -> Resp {
    app.post_multipart(
        client,
        "/admin/import",
        &[("kind", kind)],
        Some(("file", "f.csv", csv)),
    )
    .await
}

pub async fn user_count(app: &TestApp) -> i64 {
    let filter = ListFilter {
        scopes: vec![Scope::National],
        include_inactive: true,
        ..ListFilter::default()
    };
    app.store
        .accounts()
        .list_users(&filter, Page::new(1, 1))
        .await
        .unwrap()
        .total
}
