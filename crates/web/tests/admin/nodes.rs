//! School nodes through the admin forms: each admin lists, registers and revokes the nodes
//! of their own scope only; the list shows what a node last reported once its batch is
//! received; the register form names the field at fault; a revoked node's next batch is
//! refused. On SQLite and PostgreSQL.

use axum::http::StatusCode;
use ed25519_dalek::SigningKey;
use lawha_store::on_both;
use lawha_store::sync::batch::{NodeIdentity, SignedBatch};
use lawha_store::sync::SyncRefusal;
use lawha_store::testing::batch_of;
use lawha_store::{Backend, StoreError};
use uuid::Uuid;

use crate::common::{Client, TestApp};
use crate::{french, world_on};

fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn key_hex(seed: u8) -> String {
    hex::encode(key(seed).verifying_key().to_bytes())
}

/// Registers a node of the school with this code through the form; its id, read from
/// where the form sends the admin.
async fn register(app: &TestApp, admin: &Client, school: &str, seed: u8) -> Uuid {
    let key = key_hex(seed);
    let resp = app
        .post(
            admin,
            "/admin/nodes",
            &[
                ("school", school),
                ("name", "Serveur"),
                ("public_key", &key),
            ],
        )
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let id = resp
        .location()
        .trim_start_matches("/admin/nodes/")
        .trim_end_matches("?done=registered");
    Uuid::parse_str(id).unwrap()
}

/// Sends the node an empty batch (pack `pack-1`, backlog 0, version `test`).
async fn send(app: &TestApp, node: Uuid, seed: u8) -> Result<(), StoreError> {
    let node = NodeIdentity {
        node_id: node,
        key: key(seed),
    };
    let sealed = SignedBatch::seal(&batch_of(&node, Vec::new(), Vec::new()), &node).unwrap();
    app.store.sync().receive(&sealed).await.map(|_| ())
}

async fn node_count(app: &TestApp) -> usize {
    let all = [lawha_core::Scope::National];
    app.store.sync().nodes_in(&all).await.unwrap().len()
}

async fn each_admin_reaches_the_nodes_of_their_scope(backend: Backend) {
    let w = world_on(backend).await;
    let app = &w.app;
    let ministry = french(app, "min@example.ma").await;
    let node_a = register(app, &ministry, "SCH-A", 1).await;
    let node_b = register(app, &ministry, "SCH-B", 2).await;

    for login in ["aref@example.ma", "dir.a@example.ma"] {
        let admin = french(app, login).await;
        let list = app.get(&admin, "/admin/nodes").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(
            list.body.contains(&format!("/admin/nodes/{node_a}")),
            "{login}"
        );
        assert!(
            !list.body.contains(&format!("/admin/nodes/{node_b}")),
            "{login}"
        );
        assert!(!list.body.contains("SCH-B"), "{login}");
        let other = app.get(&admin, &format!("/admin/nodes/{node_b}")).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{login}");

        // Registering for another region's school: that school is unknown here.
        let form = app.get(&admin, "/admin/nodes/new").await;
        assert!(form.body.contains("SCH-A") && !form.body.contains("SCH-B"));
        let refused = app
            .post(
                &admin,
                "/admin/nodes",
                &[
                    ("school", "SCH-B"),
                    ("name", "Pirate"),
                    ("public_key", &key_hex(3)),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{login}");
        assert!(
            refused.body.contains("id=\"school-err\""),
            "{}",
            refused.body
        );
        assert_eq!(node_count(app).await, 2, "{login}");

        let revoke = app
            .post(&admin, &format!("/admin/nodes/{node_b}/revoke"), &[])
            .await;
        assert_eq!(revoke.status, StatusCode::NOT_FOUND, "{login}");
        let b = app.store.sync().node(node_b).await.unwrap();
        assert_eq!(b.revoked_at, None, "{login}");
    }

    // The ministry sees both; each admin may register in their own school.
    let all = app.get(&ministry, "/admin/nodes").await;
    assert!(all.body.contains("SCH-A") && all.body.contains("SCH-B"));
    let school_admin = french(app, "dir.a@example.ma").await;
    register(app, &school_admin, "SCH-A", 4).await;
    assert_eq!(node_count(app).await, 3);
}

async fn the_list_shows_what_a_node_last_reported(backend: Backend) {
    let mut w = world_on(backend).await;
    let ministry = french(&w.app, "min@example.ma").await;
    let node = register(&w.app, &ministry, "SCH-A", 1).await;
    let before = w.app.get(&ministry, "/admin/nodes").await;
    assert!(before.body.contains("Jamais contacté"), "{}", before.body);
    assert!(!before.body.contains("pack-1"));

    send(&w.app, node, 1).await.unwrap();
    let after = w.app.get(&ministry, "/admin/nodes").await;
    assert!(after.body.contains("à l’instant"), "{}", after.body);
    assert!(after.body.contains("<td dir=\"ltr\">pack-1</td>"));
    assert!(after.body.contains("<td>0</td>"), "the backlog");
    assert!(
        after.body.contains("<td dir=\"ltr\">test</td>"),
        "the version"
    );
    assert!(after.body.contains(">Actif</span>"));
    assert!(
        after.body.contains("<td>0</td><td><span"),
        "nothing set aside"
    );

    // An edit of an account the platform does not place in the school is set aside, and
    // counted on the list and the node's page.
    let identity = NodeIdentity {
        node_id: node,
        key: key(1),
    };
    let stranger = lawha_store::sync::batch::AccountEdit {
        user_id: Uuid::now_v7(),
        password_hash: "x".into(),
        must_change_password: false,
        locale: None,
        edited_at: chrono::DateTime::UNIX_EPOCH,
    };
    let batch = batch_of(&identity, Vec::new(), vec![stranger]);
    let sealed = SignedBatch::seal(&batch, &identity).unwrap();
    let ack = w.app.store.sync().receive(&sealed).await.unwrap();
    assert_eq!(ack.set_aside, 1);
    let counted = w.app.get(&ministry, "/admin/nodes").await;
    assert!(
        counted.body.contains("<td>1</td><td><span"),
        "{}",
        counted.body
    );
    let page = w.app.get(&ministry, &format!("/admin/nodes/{node}")).await;
    assert!(
        page.body.contains("Mis de côté</dt><dd>1 "),
        "{}",
        page.body
    );

    // Ten days without news: the node is flagged, in the plural form each language needs.
    w.app.travel(10);
    let ministry = french(&w.app, "min@example.ma").await;
    let silent = w.app.get(&ministry, "/admin/nodes").await;
    assert!(silent.body.contains("il y a 10 jours"), "{}", silent.body);
    assert!(silent.body.contains("Silencieux depuis 10 jours"));
    let arabic = w
        .app
        .sign_in("min@example.ma", crate::common::PASSWORD)
        .await;
    let silent = w.app.get(&arabic, "/admin/nodes").await;
    assert!(
        silent.body.contains("لا اتصال منذ 10 أيام"),
        "{}",
        silent.body
    );
    assert!(silent.body.contains("منذ 10 أيام"));
}

async fn register_errors_name_the_field(backend: Backend) {
    let w = world_on(backend).await;
    let app = &w.app;
    let admin = french(app, "dir.a@example.ma").await;
    // The school's page offers the form with the school chosen.
    let school = app.get(&admin, &format!("/admin/schools/{}", w.a.id)).await;
    assert!(school
        .body
        .contains("href=\"/admin/nodes/new?school=SCH-A\""));
    let form = app.get(&admin, "/admin/nodes/new?school=SCH-A").await;
    assert!(
        form.body.contains("<option value=\"SCH-A\" selected>"),
        "{}",
        form.body
    );
    register(app, &admin, "SCH-A", 1).await;
    let long = "x".repeat(500);
    let cases = [
        (
            "SCH-A",
            "Serveur",
            "zz".repeat(32),
            "public_key",
            "que des chiffres",
        ),
        (
            "SCH-A",
            "Serveur",
            "ab".repeat(31),
            "public_key",
            "exactement 64",
        ),
        (
            "SCH-A",
            "Serveur",
            key_hex(1),
            "public_key",
            "déjà enregistrée",
        ),
        ("SCH-A", " ", key_hex(2), "name", "obligatoire"),
        ("SCH-A", &long, key_hex(2), "name", "trop long"),
        ("", "Serveur", key_hex(2), "school", "obligatoire"),
        (
            "NOPE",
            "Serveur",
            key_hex(2),
            "school",
            "Établissement inconnu",
        ),
    ];
    for (school, name, key, field, message) in cases {
        let resp = app
            .post(
                &admin,
                "/admin/nodes",
                &[("school", school), ("name", name), ("public_key", &key)],
            )
            .await;
        assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let error = format!("<p class=\"field-error\" id=\"{field}-err\">");
        let at = resp
            .body
            .find(&error)
            .unwrap_or_else(|| panic!("{field}: {}", resp.body));
        assert!(resp.body[at..].contains(message), "{field}: {message}");
        // What was typed stays in the form.
        assert!(resp.body.contains(&format!("value=\"{key}\"")), "{field}");
    }
    assert_eq!(node_count(app).await, 1);
}

async fn a_revoked_node_stays_listed_and_is_refused(backend: Backend) {
    let w = world_on(backend).await;
    let app = &w.app;
    let admin = french(app, "dir.a@example.ma").await;
    let node = register(app, &admin, "SCH-A", 1).await;
    send(app, node, 1).await.unwrap();

    let page = app.get(&admin, &format!("/admin/nodes/{node}")).await;
    assert!(page
        .body
        .contains(&format!("action=\"/admin/nodes/{node}/revoke\"")));
    let revoke = app
        .post(&admin, &format!("/admin/nodes/{node}/revoke"), &[])
        .await;
    assert_eq!(revoke.status, StatusCode::SEE_OTHER);
    let page = app.get(&admin, revoke.location()).await;
    assert!(page.body.contains("a été révoqué"), "{}", page.body);
    assert!(!page.body.contains("/revoke\""), "no second revoke button");
    let list = app.get(&admin, "/admin/nodes").await;
    assert!(list.body.contains(&format!("/admin/nodes/{node}")));
    assert!(list.body.contains(">Révoqué</span>"));

    let refused = send(app, node, 1).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::SyncRefused(SyncRefusal::RevokedNode))
        ),
        "{refused:?}"
    );
}

on_both!(nodes_scope, each_admin_reaches_the_nodes_of_their_scope);
on_both!(nodes_report, the_list_shows_what_a_node_last_reported);
on_both!(nodes_register_errors, register_errors_name_the_field);
on_both!(nodes_revoke, a_revoked_node_stays_listed_and_is_refused);
