//! The session cache with two nodes on one database: a change made on one node shows on the
//! other once that node reads the feed of account changes (every refresh interval), and at
//! once on the node that made it; a cached session still ends at its expiry.

#![allow(clippy::expect_used)]

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::node::Node;
use common::{Client, TestApp, PASSWORD};
use lawha_core::{Role, Scope};
use lawha_store::{on_both, Backend};
use lawha_web::{AppState, SessionCacheConfig, WebConfig};

/// A second node beside `first` whose session cache reads the feed every `refresh`.
fn node_beside(first: &TestApp, refresh: Duration) -> Node {
    let config = WebConfig {
        session_cache: SessionCacheConfig {
            refresh,
            ..SessionCacheConfig::default()
        },
        ..(*first.state.config).clone()
    };
    Node::beside(first, config)
}

/// Two nodes, a pupil signed in on the first, and their home page cached on the second.
async fn pupil_seen_by_two_nodes(backend: Backend) -> (TestApp, Node, Client, lawha_store::User) {
    let first = TestApp::on(backend).await;
    let (school, class) = first.school_and_class("01", "S1").await;
    let scope = Scope::Class {
        region: school.region_id,
        school: school.id,
        class: class.id,
    };
    let pupil = first
        .user("Amina", "P100001", &[(Role::Pupil, scope)])
        .await;
    // A slow refresh: this test reads the feed itself, so what it sees does not hang on time.
    let second = node_beside(&first, Duration::from_secs(3600));
    second.read_feed().await;
    let client = first.sign_in("P100001", PASSWORD).await;
    let (status, page) = second.home(&client).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    (first, second, client, pupil)
}

async fn sign_out_on_one_node_ends_the_session_on_the_other(backend: Backend) {
    let (first, second, client, _) = pupil_seen_by_two_nodes(backend).await;
    let resp = first.post(&client, "/logout", &[]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    // On the node that signed out, at once.
    assert_eq!(first.get(&client, "/").await.location(), "/login");
    // The other node serves its cached entry until it reads the feed…
    assert_eq!(second.home(&client).await.0, StatusCode::OK);
    // …and not after.
    second.read_feed().await;
    let (status, _) = second.home(&client).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}
on_both!(sign_out_on_one_node_ends_the_session_on_the_other);

async fn a_password_reset_or_lost_grant_shows_on_the_other_node(backend: Backend) {
    let (first, second, client, pupil) = pupil_seen_by_two_nodes(backend).await;
    // A change made by another path than a request (a CLI import, an admin on a third node).
    first
        .store
        .accounts()
        .set_password(pupil.id, "another long passphrase", false)
        .await
        .expect("set password");
    second.read_feed().await;
    assert_eq!(second.home(&client).await.0, StatusCode::SEE_OTHER);

    let (first, second, client, pupil) = pupil_seen_by_two_nodes(backend).await;
    let (_, page) = second.home(&client).await;
    assert!(page.contains("1AC-1"), "the pupil's class is shown: {page}");
    let grant = first
        .store
        .accounts()
        .grants(pupil.id)
        .await
        .expect("grants")[0]
        .id;
    first
        .store
        .accounts()
        .remove_grant(pupil.id, grant)
        .await
        .expect("remove grant");
    second.read_feed().await;
    let (status, page) = second.home(&client).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !page.contains("1AC-1"),
        "the class is gone once the grant is: {page}"
    );
}
on_both!(a_password_reset_or_lost_grant_shows_on_the_other_node);

async fn a_change_shows_at_once_on_the_node_that_made_it(backend: Backend) {
    let (first, _second, client, _) = pupil_seen_by_two_nodes(backend).await;
    assert!(first.get(&client, "/").await.body.contains("lang=\"ar\""));
    let resp = first
        .post(&client, "/profile/language", &[("locale", "fr")])
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    assert!(first.get(&client, "/").await.body.contains("lang=\"fr\""));
}
on_both!(a_change_shows_at_once_on_the_node_that_made_it);

async fn a_cached_session_still_ends_at_its_expiry(backend: Backend) {
    let (mut first, second, client, _) = pupil_seen_by_two_nodes(backend).await;
    assert_eq!(second.home(&client).await.0, StatusCode::OK);
    first.travel(30);
    assert_eq!(second.home(&client).await.0, StatusCode::SEE_OTHER);
}
on_both!(a_cached_session_still_ends_at_its_expiry);

async fn the_feed_reader_applies_changes_by_itself(backend: Backend) {
    let (first, _, client, _) = pupil_seen_by_two_nodes(backend).await;
    let second = node_beside(&first, Duration::from_millis(50));
    let reader = tokio::spawn(
        second
            .state
            .sessions
            .clone()
            .follow_feed(second.state.store.clone()),
    );
    let started = async {
        while !second.state.sessions.following() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), started)
        .await
        .expect("the reader finds its place in the feed");
    // Cached now, so only the reader can end it on this node.
    assert_eq!(second.home(&client).await.0, StatusCode::OK);
    first.post(&client, "/logout", &[]).await;
    let ended = async {
        while second.home(&client).await.0 == StatusCode::OK {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    // Generous: the reader runs every 50 ms; a loaded test machine is slower.
    tokio::time::timeout(Duration::from_secs(20), ended)
        .await
        .expect("the other node ends the session once its reader has run");
    reader.abort();
}
on_both!(the_feed_reader_applies_changes_by_itself);

async fn no_cache_when_turned_off(backend: Backend) {
    let first = TestApp::on(backend).await;
    let config = WebConfig {
        session_cache: SessionCacheConfig {
            ttl: Duration::ZERO,
            ..SessionCacheConfig::default()
        },
        ..WebConfig::default()
    };
    let (school, class) = first.school_and_class("01", "S1").await;
    let scope = Scope::Class {
        region: school.region_id,
        school: school.id,
        class: class.id,
    };
    first
        .user("Amina", "P100001", &[(Role::Pupil, scope)])
        .await;
    let state = AppState::new(first.store.store.clone(), config);
    let uncached = Node::of(state);
    uncached.read_feed().await;
    let client = first.sign_in("P100001", PASSWORD).await;
    assert_eq!(uncached.home(&client).await.0, StatusCode::OK);
    first.post(&client, "/logout", &[]).await;
    // Without a cache, the sign-out shows on the other node with no feed read at all.
    assert_eq!(uncached.home(&client).await.0, StatusCode::SEE_OTHER);
}
on_both!(no_cache_when_turned_off);
