//! `GET /sync/packs…` on both engines: a node lists and downloads its school's packs and
//! the content-only ones, with byte ranges; another school's pack, an unknown, revoked or
//! forging node, a stale request and any file outside a pack's own are refused.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{TimeZone, Utc};
use common::{Resp, TestApp};
use ed25519_dalek::SigningKey;
use lawha_core::role::Grant;
use lawha_core::Role;
use lawha_store::on_both;
use lawha_store::sync::batch::NodeIdentity;
use lawha_store::sync::packs::NewPublishedPack;
use lawha_store::testing;
use lawha_store::Backend;
use lawha_web::WebConfig;
use uuid::Uuid;

/// A volume's bytes: every offset tells its own byte.
fn volume_bytes() -> Vec<u8> {
    (0..5000u32).map(|i| b'a' + (i % 26) as u8).collect()
}

/// A pack folder with its three files, and a file that is not the pack's beside them.
fn pack_folder(packs: &Path, id: Uuid) {
    let dir = packs.join(id.to_string());
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        format!("{{\"pack_id\":\"{id}\"}}"),
    )
    .unwrap();
    std::fs::write(dir.join("manifest.sig"), "ed25519 x y").unwrap();
    std::fs::write(dir.join("volume-0001.bin"), volume_bytes()).unwrap();
    std::fs::write(dir.join("notes.txt"), "not served").unwrap();
}

async fn publish(app: &TestApp, packs: &Path, school: Option<Uuid>, day: u32) -> Uuid {
    let id = Uuid::now_v7();
    pack_folder(packs, id);
    let pack = NewPublishedPack {
        pack_id: id,
        school_id: school,
        built_at: Utc.with_ymd_and_hms(2026, 11, day, 8, 0, 0).unwrap(),
        base_pack_id: None,
        total_bytes: 5030,
    };
    app.store.sync().publish_pack(&pack).await.unwrap();
    id
}

/// A GET of `path` as `node`, signed at `time` (now when `None`), with more headers.
async fn get_as(
    app: &TestApp,
    node: &NodeIdentity,
    path: &str,
    time: Option<i64>,
    more: &[(header::HeaderName, &str)],
) -> Resp {
    let time = time.unwrap_or_else(|| app.store.clock().now().timestamp());
    // The signed path is the one the request names, percent-encoding and all.
    let signed_path = path.split('?').next().unwrap();
    let signature = node.sign_request("GET", signed_path, time);
    let mut req = Request::get(path)
        .header("x-lawha-node", node.node_id.to_string())
        .header("x-lawha-time", time.to_string())
        .header("x-lawha-signature", hex::encode(signature));
    for (name, value) in more {
        req = req.header(name, *value);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

async fn get(app: &TestApp, node: &NodeIdentity, path: &str) -> Resp {
    get_as(app, node, path, None, &[]).await
}

fn code(resp: &Resp) -> String {
    let body: serde_json::Value = serde_json::from_str(&resp.body).unwrap_or_default();
    body["error"].as_str().unwrap_or_default().to_string()
}

async fn nodes_fetch_their_packs(backend: Backend) {
    let packs = tempfile::tempdir().unwrap();
    let config = WebConfig {
        packs_dir: packs.path().to_owned(),
        ..WebConfig::default()
    };
    let app = TestApp::with_config(testing::on(backend).await, config);
    let (school_a, _) = app.school_and_class("06", "40100A").await;
    let (school_b, _) = app.school_and_class("01", "40100B").await;
    let admin = app
        .user(
            "Ministère",
            "min@packs.ma",
            &[(Role::MinistryAdmin, lawha_core::Scope::National)],
        )
        .await;
    let grants = [Grant::new(Role::MinistryAdmin, lawha_core::Scope::National).unwrap()];
    let node_a = testing::registered_node(&app.store, school_a.id, admin.id, &grants, 31).await;
    let node_b = testing::registered_node(&app.store, school_b.id, admin.id, &grants, 32).await;
    let content = publish(&app, packs.path(), None, 1).await;
    let for_a = publish(&app, packs.path(), Some(school_a.id), 2).await;
    let for_b = publish(&app, packs.path(), Some(school_b.id), 3).await;

    // The list: its own school's and the content-only pack, the newest first, with files.
    let resp = get(&app, &node_a, "/sync/packs").await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    let list: serde_json::Value = serde_json::from_str(&resp.body).unwrap();
    let ids: Vec<&str> = list["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pack_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [for_a.to_string(), content.to_string()]);
    let files: Vec<(&str, u64)> = list["packs"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["size"].as_u64().unwrap()))
        .collect();
    let manifest_len = format!("{{\"pack_id\":\"{for_a}\"}}").len() as u64;
    assert_eq!(
        files,
        [
            ("volume-0001.bin", 5000),
            ("manifest.json", manifest_len),
            ("manifest.sig", 11)
        ]
    );

    // A whole file, then ranges: 206 with the bytes asked for; 416 past the end.
    let volume = |id: Uuid| format!("/sync/packs/{id}/volume-0001.bin");
    let whole = get(&app, &node_a, &volume(for_a)).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.body.as_bytes(), volume_bytes());
    assert_eq!(whole.headers[header::ACCEPT_RANGES], "bytes");
    let range = get_as(
        &app,
        &node_a,
        &volume(for_a),
        None,
        &[(header::RANGE, "bytes=1000-")],
    )
    .await;
    assert_eq!(range.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(range.headers[header::CONTENT_RANGE], "bytes 1000-4999/5000");
    assert_eq!(range.body.as_bytes(), &volume_bytes()[1000..]);
    let middle = get_as(
        &app,
        &node_a,
        &volume(for_a),
        None,
        &[(header::RANGE, "bytes=26-51")],
    )
    .await;
    assert_eq!(middle.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(middle.body, "abcdefghijklmnopqrstuvwxyz");
    let past = get_as(
        &app,
        &node_a,
        &volume(for_a),
        None,
        &[(header::RANGE, "bytes=6000-")],
    )
    .await;
    assert_eq!(past.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        get(&app, &node_b, &volume(content)).await.status,
        StatusCode::OK,
        "a content-only pack goes to every node"
    );

    // Another school's pack, a pack not published, files not the pack's, paths escaping.
    for path in [
        volume(for_b),
        volume(Uuid::now_v7()),
        format!("/sync/packs/{for_a}/notes.txt"),
        format!("/sync/packs/{for_a}/volume-0001.bin.part"),
        format!("/sync/packs/{for_a}/..%2F..%2Fetc%2Fpasswd"),
        format!("/sync/packs/{for_a}/%2E%2E"),
        format!("/sync/packs/..%2F{for_a}/manifest.json"),
        "/sync/packs/not-a-pack/manifest.json".to_string(),
    ] {
        let resp = get(&app, &node_a, &path).await;
        assert_eq!(resp.status, StatusCode::NOT_FOUND, "{path}: {}", resp.body);
    }
    let resp = get(&app, &node_b, &volume(for_a)).await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND);

    // Unsigned, forged, signed for another path, unknown, stale: 401; revoked: 403.
    let unsigned = Request::get("/sync/packs").body(Body::empty()).unwrap();
    assert_eq!(app.send(unsigned).await.status, StatusCode::UNAUTHORIZED);
    let forger = NodeIdentity {
        node_id: node_a.node_id,
        key: SigningKey::from_bytes(&[77; 32]),
    };
    let resp = get(&app, &forger, &volume(for_a)).await;
    assert_eq!(resp.status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&resp), "bad-signature");
    let now = app.store.clock().now().timestamp();
    let signed_for_list = node_a.sign_request("GET", "/sync/packs", now);
    let replayed = Request::get(volume(for_a))
        .header("x-lawha-node", node_a.node_id.to_string())
        .header("x-lawha-time", now.to_string())
        .header("x-lawha-signature", hex::encode(signed_for_list))
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(replayed).await.status, StatusCode::UNAUTHORIZED);
    let stranger = NodeIdentity {
        node_id: Uuid::now_v7(),
        key: SigningKey::from_bytes(&[31; 32]),
    };
    let resp = get(&app, &stranger, "/sync/packs").await;
    assert_eq!(
        (resp.status, code(&resp).as_str()),
        (StatusCode::UNAUTHORIZED, "unknown-node")
    );
    let resp = get_as(&app, &node_a, "/sync/packs", Some(now - 3600), &[]).await;
    assert_eq!(
        (resp.status, code(&resp).as_str()),
        (StatusCode::UNAUTHORIZED, "stale-request")
    );
    app.store
        .sync()
        .revoke_node(&grants, node_a.node_id)
        .await
        .unwrap();
    for path in ["/sync/packs".to_string(), volume(for_a)] {
        let resp = get(&app, &node_a, &path).await;
        assert_eq!(resp.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(code(&resp), "node-revoked");
    }
}

on_both!(nodes_fetch_their_packs);
