//! Upward sync on both engines: the node's outbox read after its acknowledged cursor, the
//! platform's registry, and batches applied once whatever happens to the answer.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use ed25519_dalek::SigningKey;
use lawha_core::exercise::{Item, ItemKind};
use lawha_core::role::{Grant, Role};
use lawha_store::learning::exercises::{AnswerEvent, StoredItem};
use lawha_store::learning::watching::WatchEvent;
use lawha_store::on_both;
use lawha_store::sync::batch::{AccountEdit, Ack, Batch, Cursor, NodeIdentity, SignedBatch};
use lawha_store::sync::nodes::NewNode;
use lawha_store::sync::set_aside::SetAsideReason;
use lawha_store::testing::interrupts::interrupted;
use lawha_store::testing::{
    batch_of, practice_set, pupil, registered_node, school_with_class, true_answer, SubmitShown,
    TestStore,
};
use lawha_store::{Class, School, Store, StoreError, SyncRefusal, User};
use uuid::Uuid;

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn true_false(n: usize) -> Vec<Item> {
    (0..n)
        .map(|i| {
            Item::new(
                format!("statement {i}"),
                ItemKind::TrueFalse {
                    answer: true,
                    feedback_true: None,
                    feedback_false: None,
                },
            )
        })
        .collect()
}

fn answer(id: Uuid, pupil: Uuid, item: &StoredItem, minute: i64) -> AnswerEvent {
    true_answer(id, pupil, item, at(minute))
}

/// A school with one pupil of its class, an admin of it, and a set of `items` items.
struct World {
    school: School,
    pupil: User,
    admin: Vec<Grant>,
    admin_id: Uuid,
    items: Vec<StoredItem>,
}

async fn world(store: &Store, code: &str, items: usize) -> World {
    let (school, class): (School, Class) = school_with_class(store, "06", code).await;
    let pupil = pupil(store, "Salma", &format!("P{code}")).await;
    let grant = Grant::new(Role::Pupil, class.scope()).unwrap();
    store.accounts().add_grant(pupil.id, &grant).await.unwrap();
    let admin = vec![Grant::new(Role::SchoolAdmin, school.scope()).unwrap()];
    let (_, _, items) = practice_set(store, &true_false(items)).await;
    World {
        admin_id: pupil.id,
        school,
        pupil,
        admin,
        items,
    }
}

async fn registered(store: &Store, w: &World, seed: u8) -> NodeIdentity {
    registered_node(store, w.school.id, w.admin_id, &w.admin, seed).await
}

fn batch(node: &NodeIdentity, answers: Vec<AnswerEvent>, accounts: Vec<AccountEdit>) -> Batch {
    batch_of(node, answers, accounts)
}

/// `batch` sealed by `node`.
fn sealed(node: &NodeIdentity, batch: &Batch) -> SignedBatch {
    SignedBatch::seal(batch, node).unwrap()
}

/// A batch of `answers` and `accounts` made anew by `node`, sealed and received.
async fn send(
    store: &Store,
    node: &NodeIdentity,
    answers: Vec<AnswerEvent>,
    accounts: Vec<AccountEdit>,
) -> Result<Ack, StoreError> {
    store
        .sync()
        .receive(&sealed(node, &batch(node, answers, accounts)))
        .await
}

/// The refusal `outcome` must be.
fn refusal<T: std::fmt::Debug>(outcome: Result<T, StoreError>) -> SyncRefusal {
    match outcome {
        Err(StoreError::SyncRefused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// An edit of `user`'s password made on a node at `edited_at`.
fn password_edit(user: Uuid, password: &str, edited_at: DateTime<Utc>) -> AccountEdit {
    AccountEdit {
        user_id: user,
        password_hash: lawha_core::password::hash(password).unwrap(),
        must_change_password: false,
        locale: None,
        edited_at,
    }
}

async fn answer_count(store: &Store) -> usize {
    store.raw_events_for_tests().await.unwrap().len()
}

async fn outbox_reads_in_insertion_order(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100A", 4).await;
    let node = Uuid::now_v7();
    let ids: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
    for (i, id) in ids.iter().enumerate() {
        let a = answer(*id, w.pupil.id, &w.items[i], i as i64);
        store.submit_shown(&a).await.unwrap();
    }
    let first = store
        .sync()
        .next_batch(node, Cursor::default(), 2, "t")
        .await
        .unwrap()
        .unwrap();
    let got: Vec<Uuid> = first.answers.iter().map(|a| a.id).collect();
    assert_eq!(got, ids[..2]);
    assert_eq!(first.health.backlog, 3);
    // The pupil's account comes along (its edit time is its creation here).
    assert!(first.accounts.iter().any(|a| a.user_id == w.pupil.id));

    // An event made offline long ago, inserted now, comes after what was read, not before.
    let old_id = Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, 1_000_000, 0));
    store
        .submit_shown(&answer(old_id, w.pupil.id, &w.items[3], 9))
        .await
        .unwrap();
    let watch = WatchEvent {
        id: Uuid::now_v7(),
        user_id: w.pupil.id,
        capsule_id: lawha_store::testing::capsule(
            store,
            lawha_store::testing::lesson(store, "1AC", "MATH", &titles())
                .await
                .id,
            fields(),
        )
        .await
        .id,
        position_ms: 5_000,
        watched_pct: 20.0,
        occurred_at: at(10),
    };
    store.learning().record_watch(&watch).await.unwrap();
    let second = store
        .sync()
        .next_batch(node, first.to, 10, "t")
        .await
        .unwrap()
        .unwrap();
    let got: Vec<Uuid> = second.answers.iter().map(|a| a.id).collect();
    assert_eq!(got, vec![ids[2], old_id]);
    assert_eq!(second.watches, vec![watch]);
    assert!(second.accounts.is_empty(), "the account was sent already");

    // Acknowledged, nothing is left; an edit made afterwards is.
    store.sync().acknowledge(second.to).await.unwrap();
    assert_eq!(store.sync().acknowledged().await.unwrap(), second.to);
    assert!(store
        .sync()
        .next_batch(node, second.to, 10, "t")
        .await
        .unwrap()
        .is_none());
    store
        .accounts()
        .set_password(w.pupil.id, "another long password", false)
        .await
        .unwrap();
    let third = store
        .sync()
        .next_batch(node, second.to, 10, "t")
        .await
        .unwrap()
        .unwrap();
    assert!(third.answers.is_empty());
    assert_eq!(third.accounts.len(), 1);
}
on_both!(outbox_reads_in_insertion_order);

fn titles() -> lawha_store::catalog::curriculum::Titles {
    lawha_store::catalog::curriculum::Titles {
        ar: "درس".into(),
        fr: "Leçon".into(),
    }
}

fn fields() -> lawha_core::capsule::CapsuleFields {
    lawha_core::capsule::CapsuleFields {
        title_fr: "Capsule".into(),
        language: Some(lawha_core::Locale::Fr),
        ..Default::default()
    }
}

async fn a_batch_applies_once(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100B", 2).await;
    let node = registered(store, &w, 1).await;
    let answers: Vec<AnswerEvent> = w
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| answer(Uuid::now_v7(), w.pupil.id, item, i as i64))
        .collect();
    let once = sealed(&node, &batch(&node, answers.clone(), Vec::new()));
    let ack = store.sync().receive(&once).await.unwrap();
    assert_eq!(ack.new_answers, 2);
    assert_eq!(answer_count(store).await, 2);
    // The same batch again, and the same events in a batch made anew (its answer was lost):
    // nothing more is counted, and the first gets its first answer back.
    assert_eq!(store.sync().receive(&once).await.unwrap(), ack);
    let again = sealed(&node, &batch(&node, answers, Vec::new()));
    assert_eq!(store.sync().receive(&again).await.unwrap().new_answers, 0);
    assert_eq!(answer_count(store).await, 2);

    let seen = store.sync().node(node.node_id).await.unwrap();
    assert_eq!(seen.last_pack_id.as_deref(), Some("pack-1"));
    assert_eq!(seen.last_backlog, Some(2));
    assert!(seen.last_contact_at.is_some());
}
on_both!(a_batch_applies_once);

/// A person who moved school after answering on the node, a pupil of another school and an
/// account the platform does not know (made on the node): what is about them is set aside,
/// the rest applied and the batch acknowledged, so the node's queue moves on; sent again,
/// in the same batch or one made anew, it is kept once.
async fn foreign_people_are_set_aside_and_the_rest_applied(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100C", 2).await;
    let other = world(store, "30100D", 1).await;
    let node = registered(store, &w, 2).await;
    let moved = pupil(store, "Nadia", "P30100C1").await;
    let here = Grant::new(Role::Teacher, w.school.scope()).unwrap();
    store.accounts().add_grant(moved.id, &here).await.unwrap();
    let answered = answer(Uuid::now_v7(), moved.id, &w.items[1], 0);
    // She moves: her grant in the node's school is removed on the platform.
    for grant in store.accounts().grants(moved.id).await.unwrap() {
        store
            .accounts()
            .remove_grant(moved.id, grant.id)
            .await
            .unwrap();
    }
    let ours = answer(Uuid::now_v7(), w.pupil.id, &w.items[0], 1);
    let theirs = answer(Uuid::now_v7(), other.pupil.id, &other.items[0], 2);
    let made_on_node = password_edit(Uuid::now_v7(), "made on the node", at(3));
    let mut first = batch(
        &node,
        vec![answered.clone(), ours, theirs.clone()],
        vec![made_on_node.clone()],
    );
    let watch = WatchEvent {
        id: Uuid::now_v7(),
        user_id: other.pupil.id,
        capsule_id: lawha_store::testing::capsule(
            store,
            lawha_store::testing::lesson(store, "1AC", "MATH", &titles())
                .await
                .id,
            fields(),
        )
        .await
        .id,
        position_ms: 1_000,
        watched_pct: 10.0,
        occurred_at: at(4),
    };
    first.watches.push(watch);
    let first = sealed(&node, &first);
    let ack = store.sync().receive(&first).await.unwrap();
    assert_eq!((ack.new_answers, ack.new_watches), (1, 0));
    assert_eq!(ack.set_aside, 4);
    assert_eq!(answer_count(store).await, 1, "only our pupil's answer");

    let aside = store.sync().set_aside(node.node_id).await.unwrap();
    let mut got: Vec<(String, Uuid, Uuid, SetAsideReason)> = aside
        .iter()
        .map(|a| (a.kind.clone(), a.item_id, a.person_id, a.reason))
        .collect();
    got.sort();
    let outside = SetAsideReason::PersonOutsideSchool;
    let mut expected = vec![
        ("answer".to_string(), answered.id, moved.id, outside),
        ("answer".to_string(), theirs.id, other.pupil.id, outside),
        ("watch".to_string(), watch.id, other.pupil.id, outside),
        (
            "account".to_string(),
            made_on_node.user_id,
            made_on_node.user_id,
            outside,
        ),
    ];
    expected.sort();
    assert_eq!(got, expected);

    // The same batch again gets the same answer; the same events in a batch made anew are
    // set aside again but kept once.
    assert_eq!(store.sync().receive(&first).await.unwrap(), ack);
    let again = send(store, &node, vec![answered, theirs], vec![made_on_node])
        .await
        .unwrap();
    assert_eq!((again.new_answers, again.set_aside), (0, 3));
    assert_eq!(store.sync().set_aside(node.node_id).await.unwrap().len(), 4);
    let seen = store.sync().node(node.node_id).await.unwrap();
    assert_eq!(seen.set_aside, 4);
    assert!(seen.last_contact_at.is_some(), "the batch was acknowledged");
    assert_eq!(answer_count(store).await, 1);
}
on_both!(foreign_people_are_set_aside_and_the_rest_applied);

async fn revoked_and_unknown_nodes_are_refused(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100E", 1).await;
    let node = registered(store, &w, 3).await;
    let one = sealed(
        &node,
        &batch(
            &node,
            vec![answer(Uuid::now_v7(), w.pupil.id, &w.items[0], 0)],
            Vec::new(),
        ),
    );

    // Only an admin of the school's scope registers or revokes.
    let elsewhere = world(store, "30100F", 1).await;
    let outsider = store
        .sync()
        .revoke_node(&elsewhere.admin, node.node_id)
        .await;
    assert!(
        matches!(outsider, Err(StoreError::NotFound)),
        "{outsider:?}"
    );
    let foreign_register = store
        .sync()
        .register_node(
            w.admin_id,
            &elsewhere.admin,
            &NewNode {
                school_id: w.school.id,
                name: "x",
                public_key: [9; 32],
            },
        )
        .await;
    assert!(
        matches!(foreign_register, Err(StoreError::NotFound)),
        "{foreign_register:?}"
    );

    store
        .sync()
        .revoke_node(&w.admin, node.node_id)
        .await
        .unwrap();
    assert_eq!(
        refusal(store.sync().receive(&one).await),
        SyncRefusal::RevokedNode
    );
    let unknown = NodeIdentity {
        node_id: Uuid::now_v7(),
        key: SigningKey::from_bytes(&[4; 32]),
    };
    assert_eq!(
        refusal(send(store, &unknown, Vec::new(), Vec::new()).await),
        SyncRefusal::UnknownNode
    );
    assert_eq!(answer_count(store).await, 0);
    let listed = store.sync().nodes_in(&[w.school.scope()]).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].revoked_at.is_some());
    assert!(store
        .sync()
        .nodes_in(&[elsewhere.school.scope()])
        .await
        .unwrap()
        .is_empty());
}
on_both!(revoked_and_unknown_nodes_are_refused);

/// A node of a school must not set the password of someone whose rights reach beyond it —
/// a person of the school who is also a regional administrator, or who also holds a grant in
/// another school: the edit is set aside (never applied), the platform's password stays, and
/// the rest of the batch is applied.
async fn an_account_with_rights_beyond_the_school_is_not_changed_from_a_node(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100H", 1).await;
    let elsewhere = world(store, "30100J", 1).await;
    let node = registered(store, &w, 6).await;
    let beyond = [
        Grant::new(
            Role::RegionalAdmin,
            lawha_core::role::Scope::Region {
                region: w.school.region_id,
            },
        )
        .unwrap(),
        Grant::new(Role::SchoolAdmin, elsewhere.school.scope()).unwrap(),
    ];
    for (n, grant) in beyond.iter().enumerate() {
        let person = pupil(store, "Karim", &format!("P30100H{n}")).await;
        let own = Grant::new(Role::Teacher, w.school.scope()).unwrap();
        store.accounts().add_grant(person.id, &own).await.unwrap();
        store.accounts().add_grant(person.id, grant).await.unwrap();
        let platform = store.accounts().user(person.id).await.unwrap();
        let takeover = password_edit(
            person.id,
            "set by a node",
            platform.created_at + Duration::hours(1),
        );
        let ours = answer(Uuid::now_v7(), w.pupil.id, &w.items[0], n as i64);
        let ack = send(store, &node, vec![ours], vec![takeover])
            .await
            .unwrap();
        assert_eq!(
            (ack.new_answers, ack.accounts_applied, ack.set_aside),
            (1, 0, 1),
            "{grant:?}"
        );
        assert!(store
            .accounts()
            .check_password(person.id, lawha_store::testing::PUPIL_PASSWORD)
            .await
            .unwrap());
        let aside = store.sync().set_aside(node.node_id).await.unwrap();
        assert_eq!(aside.len(), n + 1);
        assert!(aside.iter().any(|a| a.person_id == person.id
            && a.kind == "account"
            && a.reason == SetAsideReason::AccountBeyondSchool));
    }
    assert_eq!(answer_count(store).await, 2, "the rest is applied");
}
on_both!(an_account_with_rights_beyond_the_school_is_not_changed_from_a_node);

/// A node's clock may run far ahead: its edit counts as made when it arrives, so it does not
/// win over every later edit (here the node's own next one, dated an hour on).
async fn an_edit_dated_in_the_future_counts_from_its_arrival(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100K", 1).await;
    let node = registered(store, &w, 7).await;
    let start = store.clock().now();
    for (password, edited_at) in [
        ("from a node ahead", start + Duration::days(3650)),
        ("an hour later", start + Duration::hours(1)),
    ] {
        let edit = password_edit(w.pupil.id, password, edited_at);
        send(store, &node, Vec::new(), vec![edit]).await.unwrap();
        store.clock().advance(Duration::minutes(1));
    }
    assert!(store
        .accounts()
        .check_password(w.pupil.id, "an hour later")
        .await
        .unwrap());
}
on_both!(an_edit_dated_in_the_future_counts_from_its_arrival);

async fn the_later_account_edit_wins(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100G", 1).await;
    let node = registered(store, &w, 5).await;
    let platform = store.accounts().user(w.pupil.id).await.unwrap();
    let edit = |hash: &str, edited_at| AccountEdit {
        user_id: w.pupil.id,
        password_hash: hash.into(),
        must_change_password: false,
        locale: Some("fr".into()),
        edited_at,
    };
    // Older than the platform's row: the platform keeps its version, the node's is audited.
    let older = edit("older-hash", platform.created_at - Duration::hours(1));
    let ack = send(store, &node, Vec::new(), vec![older]).await.unwrap();
    assert_eq!(ack.accounts_applied, 0);
    assert!(store
        .accounts()
        .check_password(w.pupil.id, lawha_store::testing::PUPIL_PASSWORD)
        .await
        .unwrap());

    // Newer: the node's version wins (and ends the sessions opened with the old password),
    // the platform's is audited; sent twice, once.
    let session = store
        .accounts()
        .create_session(w.pupil.id, Duration::hours(1))
        .await
        .unwrap();
    let hash = lawha_core::password::hash("changed on the node").unwrap();
    let newer = edit(&hash, platform.created_at + Duration::hours(1));
    for _ in 0..2 {
        send(store, &node, Vec::new(), vec![newer.clone()])
            .await
            .unwrap();
    }
    assert!(store.accounts().session(&session).await.unwrap().is_none());
    assert!(store
        .accounts()
        .check_password(w.pupil.id, "changed on the node")
        .await
        .unwrap());
    let audit = store
        .account_edit_conflicts_for_tests(w.pupil.id)
        .await
        .unwrap();
    assert_eq!(audit, vec!["platform".to_string(), "node".to_string()]);
}
on_both!(the_later_account_edit_wins);

/// An edit naming a language the platform does not know (a newer node's) does not stop the
/// batch: the answer beside it counts, the edit's password applies, and its language is
/// read as the default; a regional tag is read as its language.
async fn an_edit_with_an_unknown_locale_applies_with_the_default(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100M", 1).await;
    let node = registered(store, &w, 8).await;
    let platform = store.accounts().user(w.pupil.id).await.unwrap();
    let mut edit = password_edit(
        w.pupil.id,
        "a password chosen on the node",
        platform.created_at + Duration::minutes(1),
    );
    edit.locale = Some("tzm".into());
    let a = answer(Uuid::now_v7(), w.pupil.id, &w.items[0], 0);
    let ack = send(store, &node, vec![a], vec![edit.clone()])
        .await
        .unwrap();
    assert_eq!(ack.new_answers, 1);
    assert_eq!(ack.accounts_applied, 1);
    assert_eq!(ack.set_aside, 0);
    assert_eq!(answer_count(store).await, 1);
    assert!(store
        .accounts()
        .check_password(w.pupil.id, "a password chosen on the node")
        .await
        .unwrap());
    assert_eq!(
        store.accounts().user(w.pupil.id).await.unwrap().locale,
        None
    );

    // Edits count from their arrival at the latest: the second arrives later.
    store.clock().advance(Duration::minutes(2));
    edit.locale = Some("fr-MA".into());
    edit.edited_at += Duration::minutes(2);
    let ack = send(store, &node, Vec::new(), vec![edit]).await.unwrap();
    assert_eq!(ack.accounts_applied, 1);
    assert_eq!(
        store.accounts().user(w.pupil.id).await.unwrap().locale,
        Some(lawha_core::Locale::Fr)
    );
}
on_both!(an_edit_with_an_unknown_locale_applies_with_the_default);

async fn a_return_file_applies_like_http(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100H", 3).await;
    let node = registered(store, &w, 6).await;
    // The platform is its own node here: the file holds the events it already has, plus the
    // pupil's account; applied, it changes nothing and acknowledges everything.
    for (i, item) in w.items.iter().enumerate() {
        store
            .submit_shown(&answer(Uuid::now_v7(), w.pupil.id, item, i as i64))
            .await
            .unwrap();
    }
    let mut file = Vec::new();
    let written = store
        .sync()
        .write_return_file(&node, 2, "t", &mut file)
        .await
        .unwrap();
    assert_eq!(written, 2);
    let report = store
        .sync()
        .read_return_file(file.as_slice())
        .await
        .unwrap();
    assert_eq!(report.acks.len(), 2);
    assert_eq!(report.acks.iter().map(|a| a.new_answers).sum::<u64>(), 0);
    assert_eq!(
        report.acks[1].cursor.events,
        report.acks[0].cursor.events + 1
    );
    assert_eq!(answer_count(store).await, 3);
    let tampered = String::from_utf8(file)
        .unwrap()
        .replacen("\"body\":\"H4", "\"body\":\"h4", 1);
    let refused = store.sync().read_return_file(tampered.as_bytes()).await;
    assert_eq!(refusal(refused), SyncRefusal::BadSignature);
}
on_both!(a_return_file_applies_like_http);

/// A return file with a line longer than any batch: refused naming the line, before it is
/// read whole; the batch before it stays applied, the one after it is not applied.
async fn a_return_file_line_too_long_is_refused_by_number(t: TestStore) {
    use base64::Engine;
    use lawha_store::sync::return_file::MAX_LINE_BYTES;
    let store = &t.store;
    let w = world(store, "30100M", 2).await;
    let node = registered(store, &w, 10).await;
    let mut lines = Vec::new();
    for (i, item) in w.items.iter().enumerate() {
        let one = batch(
            &node,
            vec![answer(Uuid::now_v7(), w.pupil.id, item, i as i64)],
            Vec::new(),
        );
        // One batch's line, as `write_return_file` writes it.
        let signed = sealed(&node, &one);
        let body = base64::engine::general_purpose::STANDARD.encode(&signed.body);
        let line = serde_json::json!({
            "node_id": signed.node_id,
            "signature": hex::encode(signed.signature),
            "body": body,
        });
        lines.push(line.to_string());
    }
    let header = "lawha-sync-return 1";
    let long = "x".repeat(MAX_LINE_BYTES + 1);
    let file = format!("{header}\n{}\n{long}\n{}\n", lines[0], lines[1]);
    assert_eq!(
        refusal(store.sync().read_return_file(file.as_bytes()).await),
        SyncRefusal::LineTooLong(3)
    );
    assert_eq!(answer_count(store).await, 1, "the first batch only");
    // A line at the bound is read (and refused for what it holds, not its length).
    let at_bound = "x".repeat(MAX_LINE_BYTES);
    let file = format!("{header}\n{at_bound}\n");
    assert_eq!(
        refusal(store.sync().read_return_file(file.as_bytes()).await),
        SyncRefusal::Malformed("bad-line")
    );
    // The header's line is bounded too.
    let file = format!("{header}{long}\n");
    assert_eq!(
        refusal(store.sync().read_return_file(file.as_bytes()).await),
        SyncRefusal::LineTooLong(1)
    );
    let file = format!("{header}\n{}\n", lines[1]);
    let report = store
        .sync()
        .read_return_file(file.as_bytes())
        .await
        .unwrap();
    assert_eq!(report.acks.len(), 1);
    assert_eq!(answer_count(store).await, 2);
}
on_both!(a_return_file_line_too_long_is_refused_by_number);

/// A return file holding two nodes' batches: its acknowledgement would have two owners, so
/// it is refused at the first line of another node; the batches before it stay applied,
/// and the other node's batch is not applied (it applies from a file of its own).
async fn a_return_file_of_several_nodes_is_refused(t: TestStore) {
    use base64::Engine;
    let store = &t.store;
    let w = world(store, "30100N", 2).await;
    let first = registered(store, &w, 11).await;
    let second = registered(store, &w, 12).await;
    let line = |node: &NodeIdentity, item: &StoredItem, minute: i64| {
        let one = batch(
            node,
            vec![answer(Uuid::now_v7(), w.pupil.id, item, minute)],
            Vec::new(),
        );
        let signed = sealed(node, &one);
        serde_json::json!({
            "node_id": signed.node_id,
            "signature": hex::encode(signed.signature),
            "body": base64::engine::general_purpose::STANDARD.encode(&signed.body),
        })
        .to_string()
    };
    let header = "lawha-sync-return 1";
    let of_first = line(&first, &w.items[0], 0);
    let of_second = line(&second, &w.items[1], 1);
    let file = format!("{header}\n{of_first}\n{of_second}\n");
    assert_eq!(
        refusal(store.sync().read_return_file(file.as_bytes()).await),
        SyncRefusal::Malformed("several-nodes")
    );
    assert_eq!(answer_count(store).await, 1, "the first node's batch only");
    let contact =
        |node: Uuid| async move { store.sync().node(node).await.unwrap().last_contact_at };
    assert!(contact(first.node_id).await.is_some());
    assert!(
        contact(second.node_id).await.is_none(),
        "nothing of the second"
    );

    // The second node's batch in a file of its own is applied.
    let file = format!("{header}\n{of_second}\n");
    let report = store
        .sync()
        .read_return_file(file.as_bytes())
        .await
        .unwrap();
    assert_eq!(report.node_id, Some(second.node_id));
    assert_eq!(report.acks.len(), 1);
    assert_eq!(answer_count(store).await, 2);
}
on_both!(a_return_file_of_several_nodes_is_refused);

/// The platform's side of kill -9 and lost answers: a receive cut at any await point either
/// applied the whole batch or nothing, leaves no transaction open, and the node — which got
/// no acknowledgement — sends the same events again, which count once.
async fn a_receive_cut_anywhere_is_all_or_nothing(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100J", 2).await;
    let node = registered(store, &w, 7).await;
    for waits in 0.. {
        let before = answer_count(store).await;
        let answers: Vec<AnswerEvent> = w
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| answer(Uuid::now_v7(), w.pupil.id, item, i as i64))
            .collect();
        let once = sealed(&node, &batch(&node, answers.clone(), Vec::new()));
        let finished = interrupted(store.sync().receive(&once), waits).await;
        assert_eq!(
            store.transactions_left_open_for_tests().await.unwrap(),
            None
        );
        let applied = answer_count(store).await - before;
        assert!(
            applied == 0 || applied == 2,
            "cut after {waits} waits: {applied} of 2 applied"
        );
        if finished.is_some() {
            assert_eq!(applied, 2);
        }
        let resent = sealed(&node, &batch(&node, answers, Vec::new()));
        store.sync().receive(&resent).await.unwrap();
        assert_eq!(
            answer_count(store).await - before,
            2,
            "cut after {waits} waits"
        );
        if finished.is_some() {
            assert!(waits > 0, "the receive was never cut");
            break;
        }
    }
}
on_both!(a_receive_cut_anywhere_is_all_or_nothing);

/// The score counted is the platform's: a node claiming a wrong answer right is corrected.
async fn answers_are_corrected_again(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100K", 1).await;
    let node = registered(store, &w, 8).await;
    let mut wrong = answer(Uuid::now_v7(), w.pupil.id, &w.items[0], 0);
    wrong.response = lawha_core::exercise::Response::TrueFalse { answer: false };
    send(store, &node, vec![wrong], Vec::new()).await.unwrap();
    let events = store.raw_events_for_tests().await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].correct, Some(false));
}
on_both!(answers_are_corrected_again);

/// Answers to an item the platform no longer has, to an item of another set, or with a
/// response the platform's item cannot take (changed after the pack was built) are set
/// aside, the rest applied: the node's queue moves on, and a replay keeps them once.
async fn answers_the_platform_cannot_take_are_set_aside(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100M", 2).await;
    let other = world(store, "30100N", 1).await;
    let node = registered(store, &w, 9).await;
    let good = answer(Uuid::now_v7(), w.pupil.id, &w.items[0], 0);
    let mut gone = answer(Uuid::now_v7(), w.pupil.id, &w.items[1], 1);
    gone.item_id = Uuid::now_v7();
    let mut elsewhere = answer(Uuid::now_v7(), w.pupil.id, &w.items[1], 2);
    elsewhere.item_id = other.items[0].id;
    let mut unfit = answer(Uuid::now_v7(), w.pupil.id, &w.items[1], 3);
    unfit.response = lawha_core::exercise::Response::SingleChoice { choice: 0 };
    let answers = vec![good, gone.clone(), elsewhere.clone(), unfit.clone()];
    let ack = send(store, &node, answers.clone(), Vec::new())
        .await
        .unwrap();
    assert_eq!((ack.new_answers, ack.set_aside), (1, 3));
    assert_eq!(answer_count(store).await, 1);
    let aside = store.sync().set_aside(node.node_id).await.unwrap();
    let mut ids: Vec<Uuid> = aside.iter().map(|a| a.item_id).collect();
    ids.sort_unstable();
    let mut expected = vec![gone.id, elsewhere.id, unfit.id];
    expected.sort_unstable();
    assert_eq!(ids, expected);
    assert!(aside
        .iter()
        .all(|a| a.reason == SetAsideReason::ItemNotOnPlatform && a.kind == "answer"));
    let again = send(store, &node, answers, Vec::new()).await.unwrap();
    assert_eq!((again.new_answers, again.set_aside), (0, 3));
    assert_eq!(store.sync().set_aside(node.node_id).await.unwrap().len(), 3);
}
on_both!(answers_the_platform_cannot_take_are_set_aside);

/// What a node reports of its health is kept cut to a bound, the batch applied all the same.
async fn health_texts_are_kept_bounded(t: TestStore) {
    let store = &t.store;
    let w = world(store, "30100L", 1).await;
    let node = registered(store, &w, 9).await;
    let mut long = batch(
        &node,
        vec![answer(Uuid::now_v7(), w.pupil.id, &w.items[0], 0)],
        Vec::new(),
    );
    long.health.pack_id = Some("p".repeat(100_000));
    long.health.app_version = "v".repeat(100_000);
    let ack = store.sync().receive(&sealed(&node, &long)).await.unwrap();
    assert_eq!(ack.new_answers, 1);
    let seen = store.sync().node(node.node_id).await.unwrap();
    let cap = lawha_store::sync::batch::MAX_HEALTH_TEXT;
    assert_eq!(seen.last_pack_id.map(|p| p.len()), Some(cap));
    assert_eq!(seen.last_app_version.map(|v| v.len()), Some(cap));
}
on_both!(health_texts_are_kept_bounded);
