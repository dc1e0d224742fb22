//! Offline packs on both engines: a pack selected on the platform for one school and one
//! level's subject, carried as JSON and applied on a fresh node, serves the same catalog,
//! accounts (the same passwords sign in), grants and classes; applying it again changes
//! nothing; a `since` delta carries only what changed (with its parents); bad content is
//! refused naming the row, with the node unchanged; each demo school's pack, applied on a
//! node, holds the same rows as the platform for it.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod delta;
mod demo;
mod platform;
mod served;

use lawha_store::on_both;
use lawha_store::schoolbag::{PackContent, PackFault, PackSelection};
use lawha_store::testing::{self, TestStore};
use lawha_store::{Store, StoreError};
use uuid::Uuid;

/// Every table a pack writes, the learner tables it must not, and the change feeds.
const TABLES: &[&str] = &[
    "regions",
    "provinces",
    "schools",
    "classes",
    "users",
    "role_grants",
    "class_teachers",
    "parent_links",
    "units",
    "lessons",
    "capsules",
    "media_assets",
    "capsule_files",
    "exercise_sets",
    "exercise_items",
    "assignments",
    "assignment_pupils",
    "learner_events",
    "item_presentations",
    "review_cards",
    "capsule_views",
    "account_changes",
    "installed_packs",
];

fn selection(school: Uuid) -> PackSelection {
    PackSelection {
        levels: vec!["1AC".into()],
        subjects: vec!["MATH".into()],
        school: Some(school),
        ..PackSelection::default()
    }
}

/// The content as a node would read it from the pack: through JSON.
fn carried(content: &PackContent) -> PackContent {
    let json = serde_json::to_string(content).unwrap();
    let back: PackContent = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, content, "the content survives JSON");
    back
}

/// `content` without what differs between two stores holding the same rows: the pack's
/// id and time, and the region ids (each store loads the reference list with its own).
fn comparable(mut content: PackContent) -> PackContent {
    content.pack_id = Uuid::nil();
    content.built_at = chrono::DateTime::UNIX_EPOCH;
    for region in &mut content.regions {
        region.id = Uuid::nil();
    }
    for province in &mut content.provinces {
        province.region_id = Uuid::nil();
    }
    for school in &mut content.schools {
        school.region_id = Uuid::nil();
    }
    for class in &mut content.classes {
        class.region_id = Uuid::nil();
    }
    for grant in &mut content.grants {
        grant.region_id = grant.region_id.map(|_| Uuid::nil());
    }
    content
}

async fn node_like(platform: &Store) -> TestStore {
    testing::on(platform.backend()).await
}

/// Row counts of every table, the catalog version and what the node would pack for the
/// same selection (every row of the scope, field by field): what "unchanged" compares.
async fn fingerprint(store: &Store, selection: &PackSelection) -> (Vec<i64>, i64, PackContent) {
    let counts = store
        .schoolbag()
        .row_counts_for_tests(TABLES)
        .await
        .unwrap();
    let version = store.catalog().catalog_version().await.unwrap();
    let content = store.schoolbag().select(selection).await.unwrap();
    (counts, version, comparable(content))
}

async fn an_empty_selection_or_an_unknown_code_is_refused(store: TestStore) {
    let empty = store.schoolbag().select(&PackSelection::default()).await;
    assert!(matches!(
        empty,
        Err(StoreError::Pack(PackFault::EmptySelection))
    ));
    let unknown = store
        .schoolbag()
        .select(&PackSelection {
            levels: vec!["9XX".into()],
            ..PackSelection::default()
        })
        .await;
    assert!(matches!(
        unknown,
        Err(StoreError::Pack(PackFault::UnknownCode {
            what: "level",
            ..
        }))
    ));
}
on_both!(an_empty_selection_or_an_unknown_code_is_refused);

fn send<T: Send>(_: T) {}

/// Never called: applying a pack is `Send`, so web handlers and the CLI's tasks may call it.
#[allow(dead_code)]
fn applying_is_send(store: &Store, content: &PackContent, chosen: &PackSelection) {
    send(store.schoolbag().apply_pack_content(content));
    send(store.schoolbag().select(chosen));
}
