//! The catalog each node holds in memory, with two nodes on one database: a change made on
//! one node shows there at once and on the other within its refresh interval, never later.

#![allow(clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::node::Node;
use common::{Client, TestApp};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::{on_both, testing, Backend};
use lawha_web::WebConfig;
use uuid::Uuid;

/// A node beside `first` that compares its catalog's version every `refresh`.
fn node_beside(first: &TestApp, refresh: Duration) -> Node {
    let config = WebConfig {
        catalog_refresh: refresh,
        ..(*first.state.config).clone()
    };
    Node::beside(first, config)
}

/// The lesson page as `node` serves it to `who`.
async fn lesson_page(node: &Node, who: &Client, lesson: Uuid) -> String {
    let (status, page) = node.get(who, &format!("/lessons/{lesson}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

async fn a_change_shows_at_once_here_and_within_the_interval_there(backend: Backend) {
    // Every node would keep its copy for an hour, but for one that compares every 200 ms.
    let hour = Duration::from_secs(3600);
    let config = WebConfig {
        catalog_refresh: hour,
        ..WebConfig::default()
    };
    let first = TestApp::with_config(testing::on(backend).await, config);
    let studio = first.producer().await;
    let (lesson, capsule) = first.new_capsule(&studio, "Titre premier").await;
    let slow = node_beside(&first, hour);
    let quick_refresh = Duration::from_millis(200);
    let quick = node_beside(&first, quick_refresh);
    let before = first.get(&studio, &format!("/lessons/{lesson}")).await;
    assert!(before.body.contains("Titre premier"), "{}", before.body);
    for node in [&slow, &quick] {
        assert!(lesson_page(node, &studio, lesson)
            .await
            .contains("Titre premier"));
    }

    let edit = first
        .post(
            &studio,
            &format!("/studio/capsules/{capsule}/edit"),
            &[("title_fr", "Titre second"), ("language", "fr")],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER, "{}", edit.body);
    let changed_at = Instant::now();

    // The node that made the change shows it on its very next page.
    let here = first.get(&studio, &format!("/lessons/{lesson}")).await;
    assert!(here.body.contains("Titre second"), "{}", here.body);
    // A node serves its copy until it compares versions: the catalog is not read per page…
    assert!(lesson_page(&slow, &studio, lesson)
        .await
        .contains("Titre premier"));
    // …and one comparing every 200 ms shows the change within that (a loaded machine adds
    // its own delay, hence the slack).
    loop {
        if lesson_page(&quick, &studio, lesson)
            .await
            .contains("Titre second")
        {
            break;
        }
        assert!(
            changed_at.elapsed() < quick_refresh + Duration::from_secs(5),
            "the change did not show on the other node"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The capsule's own page reads the same copy.
    let (status, page) = quick.get(&studio, &format!("/capsules/{capsule}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Titre second"));
}
on_both!(a_change_shows_at_once_here_and_within_the_interval_there);

async fn a_node_that_compares_on_every_page_is_never_behind(backend: Backend) {
    let first = TestApp::on(backend).await;
    let studio = first.producer().await;
    let (lesson, _) = first.new_capsule(&studio, "Titre premier").await;
    let every_page = node_beside(&first, Duration::ZERO);
    assert!(lesson_page(&every_page, &studio, lesson)
        .await
        .contains("Titre premier"));
    // A change by another path than a request (a CLI import, a media worker).
    let titles = Titles {
        ar: "الهندسة".into(),
        fr: "Géométrie".into(),
    };
    let other = testing::lesson(&first.store, "1AC", "MATH", &titles).await;
    let page = lesson_page(&every_page, &studio, other.id).await;
    assert!(
        page.contains("الهندسة") || page.contains("Géométrie"),
        "{page}"
    );
}
on_both!(a_node_that_compares_on_every_page_is_never_behind);
