//! `POST /sync/up` on both engines: a node's signed batch is applied once, however often it
//! is sent, and refused whole — with nothing applied — when the signature or the node is
//! wrong; what is about people outside the node's school is set aside. `POST /sync/down`
//! answers a node's signed request with its school's changes, and refuses unknown, forged,
//! stale and revoked requesters.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{TimeZone, Utc};
use common::{Resp, TestApp};
use ed25519_dalek::{Signer, SigningKey};
use lawha_core::exercise::{Item, ItemKind};
use lawha_core::role::Grant;
use lawha_core::Role;
use lawha_store::learning::exercises::{AnswerEvent, StoredItem};
use lawha_store::on_both;
use lawha_store::sync::batch::{NodeIdentity, SignedBatch};
use lawha_store::testing;
use lawha_store::{Backend, User};
use uuid::Uuid;

fn item() -> Item {
    Item::new(
        "La Terre tourne autour du Soleil.",
        ItemKind::TrueFalse {
            answer: true,
            feedback_true: None,
            feedback_false: None,
        },
    )
}

fn answer(pupil: &User, item: &StoredItem) -> AnswerEvent {
    let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    testing::true_answer(Uuid::now_v7(), pupil.id, item, at)
}

fn sealed(node: &NodeIdentity, answers: &[AnswerEvent]) -> SignedBatch {
    SignedBatch::seal(&testing::batch_of(node, answers.to_vec(), Vec::new()), node).unwrap()
}

async fn post(app: &TestApp, signed: &SignedBatch) -> Resp {
    let req = Request::post("/sync/up")
        .header("x-lawha-node", signed.node_id.to_string())
        .header("x-lawha-signature", hex::encode(signed.signature))
        .header("content-type", "application/octet-stream")
        .body(Body::from(signed.body.clone()))
        .unwrap();
    app.send(req).await
}

async fn events(app: &TestApp) -> usize {
    app.store.raw_events_for_tests().await.unwrap().len()
}

fn error_code(resp: &Resp) -> String {
    let body: serde_json::Value = serde_json::from_str(&resp.body).unwrap();
    body["error"].as_str().unwrap_or_default().to_string()
}

async fn nodes_sync_up(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school, class) = app.school_and_class("06", "40100A").await;
    let (_, other_class) = app.school_and_class("01", "40100B").await;
    let pupil = app
        .user("Salma", "SY01", &[(Role::Pupil, class.scope())])
        .await;
    let stranger = app
        .user("Omar", "SY02", &[(Role::Pupil, other_class.scope())])
        .await;
    let admin = app
        .user(
            "Directrice",
            "dir@sync.ma",
            &[(Role::SchoolAdmin, school.scope())],
        )
        .await;
    let (_, _, items) = testing::practice_set(&app.store, &[item(), item()]).await;
    let grants = [Grant::new(Role::SchoolAdmin, school.scope()).unwrap()];
    let node = testing::registered_node(&app.store, school.id, admin.id, &grants, 11).await;
    let answers: Vec<AnswerEvent> = items.iter().map(|i| answer(&pupil, i)).collect();

    // Accepted without any session or CSRF token, and acknowledged.
    let batch = sealed(&node, &answers);
    let resp = post(&app, &batch).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    let ack: serde_json::Value = serde_json::from_str(&resp.body).unwrap();
    assert_eq!(ack["new_answers"], 2);
    assert_eq!(ack["cursor"]["events"], 2);
    assert_eq!(events(&app).await, 2);

    // Sent again, or made anew after the answer was lost: counted once.
    assert_eq!(post(&app, &batch).await.status, StatusCode::OK);
    let resent = post(&app, &sealed(&node, &answers)).await;
    assert_eq!(resent.status, StatusCode::OK);
    assert_eq!(events(&app).await, 2);
    for i in &items {
        let n = app
            .store
            .learning()
            .answers_to_item(pupil.id, i.id)
            .await
            .unwrap();
        assert_eq!(n, 1);
    }

    // A signature by another key, a tampered body, an unknown node, no signature at all.
    let fresh = [answer(&pupil, &items[0])];
    let mut forged = sealed(&node, &fresh);
    forged.signature = SigningKey::from_bytes(&[12; 32])
        .sign(&forged.body)
        .to_bytes();
    let resp = post(&app, &forged).await;
    assert_eq!(resp.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&resp), "bad-signature");
    let mut tampered = sealed(&node, &fresh);
    if let Some(byte) = tampered.body.get_mut(20) {
        *byte ^= 0x40;
    }
    assert_eq!(post(&app, &tampered).await.status, StatusCode::UNAUTHORIZED);
    let stranger_node = NodeIdentity {
        node_id: Uuid::now_v7(),
        key: SigningKey::from_bytes(&[13; 32]),
    };
    let resp = post(&app, &sealed(&stranger_node, &fresh)).await;
    assert_eq!(resp.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&resp), "unknown-node");
    let unsigned = Request::post("/sync/up").body(Body::from("x")).unwrap();
    assert_eq!(app.send(unsigned).await.status, StatusCode::BAD_REQUEST);

    // An answer of a person of another school is set aside, not applied; the batch is
    // acknowledged, so the node's queue moves on.
    let foreign = answer(&stranger, &items[1]);
    let resp = post(&app, &sealed(&node, std::slice::from_ref(&foreign))).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    let ack: serde_json::Value = serde_json::from_str(&resp.body).unwrap();
    assert_eq!(
        (ack["new_answers"].as_u64(), ack["set_aside"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(events(&app).await, 2, "the set-aside answer is not applied");
    let aside = app.store.sync().set_aside(node.node_id).await.unwrap();
    assert_eq!(aside.len(), 1);
    assert_eq!(aside[0].item_id, foreign.id);

    // Too large a body is refused before it is read.
    let mut huge = sealed(&node, &fresh);
    huge.body = vec![0; 5 * 1024 * 1024];
    assert_eq!(
        post(&app, &huge).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    // Revoked: refused with its reason.
    app.store
        .sync()
        .revoke_node(&grants, node.node_id)
        .await
        .unwrap();
    let resp = post(&app, &sealed(&node, &fresh)).await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&resp), "node-revoked");
    assert_eq!(events(&app).await, 2);
}
on_both!(nodes_sync_up);

/// A node's whole round: its outbox read after the acknowledged cursor, sent, acknowledged,
/// and nothing left to send. (The platform is its own node here: its answers count once.)
async fn a_node_empties_its_outbox(backend: Backend) {
    use lawha_store::sync::batch::Ack;
    use lawha_store::testing::SubmitShown;

    let app = TestApp::on(backend).await;
    let (school, class) = app.school_and_class("06", "40100C").await;
    let pupil = app
        .user("Salma", "SY03", &[(Role::Pupil, class.scope())])
        .await;
    let admin = app
        .user(
            "Directeur",
            "dir2@sync.ma",
            &[(Role::SchoolAdmin, school.scope())],
        )
        .await;
    let (_, _, items) = testing::practice_set(&app.store, &[item(), item(), item()]).await;
    for i in &items {
        app.store.submit_shown(&answer(&pupil, i)).await.unwrap();
    }
    let grants = [Grant::new(Role::SchoolAdmin, school.scope()).unwrap()];
    let node = testing::registered_node(&app.store, school.id, admin.id, &grants, 14).await;
    let sync = app.store.sync();
    let mut sent = 0;
    while let Some(batch) = sync
        .next_batch(node.node_id, sync.acknowledged().await.unwrap(), 2, "test")
        .await
        .unwrap()
    {
        let resp = post(&app, &SignedBatch::seal(&batch, &node).unwrap()).await;
        assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
        let ack: Ack = serde_json::from_str(&resp.body).unwrap();
        assert_eq!(ack.cursor, batch.to);
        sync.acknowledge(ack.cursor).await.unwrap();
        sent += 1;
        assert!(sent <= 3, "the outbox never empties");
    }
    assert_eq!(sent, 2, "three answers, two a batch");
    assert_eq!(events(&app).await, 3);
    let seen = sync.node(node.node_id).await.unwrap();
    assert_eq!(seen.last_backlog, Some(1), "the last batch's backlog");
}
on_both!(a_node_empties_its_outbox);

async fn post_down(app: &TestApp, signed: &SignedBatch) -> Resp {
    let req = Request::post("/sync/down")
        .header("x-lawha-node", signed.node_id.to_string())
        .header("x-lawha-signature", hex::encode(signed.signature))
        .header("content-type", "application/json")
        .body(Body::from(signed.body.clone()))
        .unwrap();
    app.send(req).await
}

fn down_request(node: &NodeIdentity, sent_at: chrono::DateTime<Utc>) -> SignedBatch {
    lawha_store::sync::down::DownRequest {
        version: lawha_store::sync::down::DOWN_VERSION,
        node_id: node.node_id,
        cursor: Default::default(),
        sent_at,
        roster_digest: None,
    }
    .seal(node)
    .unwrap()
}

async fn nodes_sync_down(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school, class) = app.school_and_class("06", "40100D").await;
    app.user("Salma", "SD01", &[(Role::Pupil, class.scope())])
        .await;
    let admin = app
        .user(
            "Directrice",
            "dir@down.ma",
            &[(Role::SchoolAdmin, school.scope())],
        )
        .await;
    let grants = [Grant::new(Role::SchoolAdmin, school.scope()).unwrap()];
    let node = testing::registered_node(&app.store, school.id, admin.id, &grants, 21).await;
    let now = app.store.clock().now();

    // Answered without any session or CSRF token, as gzip.
    let resp = post_down(&app, &down_request(&node, now)).await;
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(resp.headers["content-type"], "application/gzip");

    // Forged, unknown, stale, unsigned.
    let mut forged = down_request(&node, now);
    forged.signature = SigningKey::from_bytes(&[22; 32])
        .sign(&forged.body)
        .to_bytes();
    let resp = post_down(&app, &forged).await;
    assert_eq!(resp.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&resp), "bad-signature");
    let stranger = NodeIdentity {
        node_id: Uuid::now_v7(),
        key: SigningKey::from_bytes(&[23; 32]),
    };
    let resp = post_down(&app, &down_request(&stranger, now)).await;
    assert_eq!(error_code(&resp), "unknown-node");
    let resp = post_down(&app, &down_request(&node, now - chrono::Duration::hours(2))).await;
    assert_eq!(resp.status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&resp), "stale-request");
    let unsigned = Request::post("/sync/down").body(Body::from("x")).unwrap();
    assert_eq!(app.send(unsigned).await.status, StatusCode::BAD_REQUEST);

    // Revoked: refused with its reason.
    app.store
        .sync()
        .revoke_node(&grants, node.node_id)
        .await
        .unwrap();
    let resp = post_down(&app, &down_request(&node, now)).await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&resp), "node-revoked");
}
on_both!(nodes_sync_down);
