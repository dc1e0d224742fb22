//! The studio keeps working while this node's search index fails (as it did once the process
//! ran out of file descriptors): every committed change still gets its response, failures
//! are counted in `/metrics`, and the index catches up once its storage works again.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{Client, TestApp};
use lawha_search::faults::Faults;
use lawha_search::{SearchIndex, SearchQuery};
use lawha_store::on_both;
use lawha_store::Backend;
use lawha_web::CatalogSearch;
use uuid::Uuid;

/// Whether this node's index finds capsule `id` under `word` (drafts included).
fn finds(app: &TestApp, word: &str, id: Uuid) -> bool {
    let query = SearchQuery {
        include_unpublished: true,
        ..SearchQuery::text(word)
    };
    app.state
        .search
        .index
        .search(&query)
        .unwrap()
        .ids()
        .contains(&id)
}

/// The value of an unlabelled counter in `/metrics` (0 when not yet counted).
async fn counter(app: &TestApp, who: &Client, name: &str) -> f64 {
    let page = app.get(who, "/metrics").await;
    page.body
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .map_or(0.0, |value| value.trim().parse().unwrap())
}

async fn studio_edits_are_answered_while_the_index_fails(backend: Backend) {
    let mut app = TestApp::on(backend).await;
    let faults = Faults::new();
    let index = SearchIndex::in_memory_with_faults(&faults).unwrap();
    app.use_search(CatalogSearch::with_index(index));
    let studio = app.producer().await;
    let (_, id) = app.new_capsule(&studio, "Simplifier une fraction").await;
    app.state.sync_search().await;
    assert!(finds(&app, "simplifier", id));
    let failures = counter(&app, &studio, "lawha_search_sync_failures_total").await;

    faults.fail(true);
    for title in [
        "Géométrie plane",
        "Géométrie dans l'espace",
        "Géométrie analytique",
    ] {
        let edit = app
            .post(
                &studio,
                &format!("/studio/capsules/{id}/edit"),
                &[("title_fr", title), ("language", "fr")],
            )
            .await;
        assert_eq!(edit.status, StatusCode::SEE_OTHER, "{title}: {}", edit.body);
        assert_eq!(
            app.store.catalog().capsule(id).await.unwrap().title_fr,
            title
        );
    }
    assert!(
        counter(&app, &studio, "lawha_search_sync_failures_total").await >= failures + 3.0,
        "each failed sync is counted"
    );
    assert!(
        finds(&app, "simplifier", id),
        "searches still answer from the last commit"
    );

    // The storage works again: the next sync (a poll, or the next change) catches up.
    faults.fail(false);
    app.state.sync_search().await;
    assert!(finds(&app, "analytique", id));
    assert!(!finds(&app, "simplifier", id));
}
on_both!(studio_edits_are_answered_while_the_index_fails);
