//! Published packs on both engines: a node lists and reaches its school's packs and those
//! built for no school, never another school's; its signed request line is refused when the
//! node is unknown or revoked, the signature wrong or the time too far off.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use ed25519_dalek::SigningKey;
use lawha_core::role::{Grant, Role};
use lawha_store::on_both;
use lawha_store::sync::batch::NodeIdentity;
use lawha_store::sync::packs::{NewPublishedPack, RequestingNode, MAX_CLOCK_SKEW};
use lawha_store::testing::{registered_node, school_with_class, TestStore};
use lawha_store::{Store, StoreError, SyncRefusal};
use uuid::Uuid;

fn new_pack(school: Option<Uuid>, day: u32) -> NewPublishedPack {
    NewPublishedPack {
        pack_id: Uuid::now_v7(),
        school_id: school,
        built_at: Utc.with_ymd_and_hms(2026, 11, day, 8, 0, 0).unwrap(),
        base_pack_id: None,
        total_bytes: 1000 + u64::from(day),
    }
}

async fn check(
    store: &Store,
    node: &NodeIdentity,
    path: &str,
    time: i64,
) -> Result<RequestingNode, StoreError> {
    let signature = node.sign_request("GET", path, time);
    store
        .sync()
        .check_request(node.node_id, ("GET", path, time), &signature)
        .await
}

fn refusal(result: Result<RequestingNode, StoreError>) -> SyncRefusal {
    match result {
        Err(StoreError::SyncRefused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn packs_are_served_to_their_school_only(store: TestStore) {
    let (school_a, _) = school_with_class(&store, "06", "PA").await;
    let (school_b, _) = school_with_class(&store, "01", "PB").await;
    let admin =
        |school: &lawha_store::School| vec![Grant::new(Role::SchoolAdmin, school.scope()).unwrap()];
    let someone = lawha_store::testing::pupil(&store, "Admin", "ADM1")
        .await
        .id;
    let node_a = registered_node(&store, school_a.id, someone, &admin(&school_a), 21).await;
    let node_b = registered_node(&store, school_b.id, someone, &admin(&school_b), 22).await;

    let for_a = new_pack(Some(school_a.id), 3);
    let for_b = new_pack(Some(school_b.id), 4);
    let content = new_pack(None, 2);
    let mut delta = new_pack(None, 5);
    delta.base_pack_id = Some(content.pack_id);
    for pack in [&for_a, &for_b, &content, &delta] {
        store.sync().publish_pack(pack).await.unwrap();
    }
    // Publishing again keeps the first row; an unknown school is refused.
    let again = store.sync().publish_pack(&for_a).await.unwrap();
    assert_eq!(again.total_bytes, 1003);
    assert_eq!(again.school_id, Some(school_a.id));
    let nowhere = new_pack(Some(Uuid::now_v7()), 6);
    assert!(matches!(
        store.sync().publish_pack(&nowhere).await,
        Err(StoreError::NotFound)
    ));

    let now = store.clock().now().timestamp();
    let a = check(&store, &node_a, "/sync/packs", now).await.unwrap();
    assert_eq!(a.school_id, school_a.id);
    let listed: Vec<Uuid> = store
        .sync()
        .packs_for(&a)
        .await
        .unwrap()
        .iter()
        .map(|p| p.pack_id)
        .collect();
    assert_eq!(listed, [delta.pack_id, for_a.pack_id, content.pack_id]);
    let got = store.sync().pack_for(&a, delta.pack_id).await.unwrap();
    assert_eq!(got.base_pack_id, Some(content.pack_id));
    assert!(matches!(
        store.sync().pack_for(&a, for_b.pack_id).await,
        Err(StoreError::NotFound)
    ));
    let b = check(&store, &node_b, "/sync/packs", now).await.unwrap();
    assert!(matches!(
        store.sync().pack_for(&b, for_a.pack_id).await,
        Err(StoreError::NotFound)
    ));
    assert!(store.sync().pack_for(&b, for_b.pack_id).await.is_ok());

    // Another path, another key, an unknown node, a time too far off either way.
    let signature = node_a.sign_request("GET", "/sync/packs", now);
    let other_path = store
        .sync()
        .check_request(node_a.node_id, ("GET", "/sync/packs/x", now), &signature)
        .await;
    assert_eq!(refusal(other_path), SyncRefusal::BadSignature);
    let forger = NodeIdentity {
        node_id: node_a.node_id,
        key: SigningKey::from_bytes(&[99; 32]),
    };
    assert_eq!(
        refusal(check(&store, &forger, "/sync/packs", now).await),
        SyncRefusal::BadSignature
    );
    let stranger = NodeIdentity {
        node_id: Uuid::now_v7(),
        key: SigningKey::from_bytes(&[21; 32]),
    };
    assert_eq!(
        refusal(check(&store, &stranger, "/sync/packs", now).await),
        SyncRefusal::UnknownNode
    );
    let off = MAX_CLOCK_SKEW + 60;
    for time in [now - off, now + off] {
        assert_eq!(
            refusal(check(&store, &node_a, "/sync/packs", time).await),
            SyncRefusal::StaleRequest
        );
    }
    let near = now - (MAX_CLOCK_SKEW - 60);
    assert!(check(&store, &node_a, "/sync/packs", near).await.is_ok());

    // Revoked: refused, though its signature is good.
    store
        .sync()
        .revoke_node(&admin(&school_a), node_a.node_id)
        .await
        .unwrap();
    assert_eq!(
        refusal(check(&store, &node_a, "/sync/packs", now).await),
        SyncRefusal::RevokedNode
    );
}

on_both!(packs_are_served_to_their_school_only);
