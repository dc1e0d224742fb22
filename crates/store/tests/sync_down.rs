//! Downward sync on both engines: a platform and a school node, the node pulling its
//! school's people and assignments page by page exactly as `lawha sync pull` does (signed
//! request, gzip answer, applied with the cursor in one transaction).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{Duration, NaiveDate};
use lawha_core::exercise::{Item, ItemKind};
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::on_both;
use lawha_store::schoolbag::{PackContent, PackSelection};
use lawha_store::sync::batch::{NodeIdentity, SignedBatch};
use lawha_store::sync::down::{DownApplied, DownBatch, DownRequest, DOWN_VERSION};
use lawha_store::testing::{self, SubmitShown, TestStore, PUPIL_PASSWORD};
use lawha_store::{Class, School, Store, StoreError, SyncRefusal, User};
use uuid::Uuid;

const NEW_PASSWORD: &str = "a new long password";

/// The platform's school with its class, two pupils, a teacher, an admin, a set of 1AC
/// MATH, and the school's registered node.
struct Platform {
    school: School,
    class: Class,
    pupils: Vec<User>,
    teacher: User,
    admin: Vec<Grant>,
    set_id: Uuid,
    node: NodeIdentity,
}

async fn person(store: &Store, code: &str, role: Role, scope: Scope) -> User {
    let user = testing::pupil(store, code, code).await;
    let grant = Grant::new(role, scope).unwrap();
    store.accounts().add_grant(user.id, &grant).await.unwrap();
    user
}

async fn platform(store: &Store, code: &str, seed: u8) -> Platform {
    let (school, class) = testing::school_with_class(store, "06", code).await;
    let pupils = vec![
        person(store, &format!("{code}P1"), Role::Pupil, class.scope()).await,
        person(store, &format!("{code}P2"), Role::Pupil, class.scope()).await,
    ];
    let teacher = person(store, &format!("{code}T"), Role::Teacher, school.scope()).await;
    store
        .accounts()
        .assign_teacher(class.id, teacher.id, Some("MATH"))
        .await
        .unwrap();
    let admin_user = person(
        store,
        &format!("{code}A"),
        Role::SchoolAdmin,
        school.scope(),
    )
    .await;
    let admin = vec![Grant::new(Role::SchoolAdmin, school.scope()).unwrap()];
    let item = Item::new(
        "1 + 1 = 2",
        ItemKind::TrueFalse {
            answer: true,
            feedback_true: None,
            feedback_false: None,
        },
    );
    let (_, set, _) = testing::practice_set(store, &[item]).await;
    let node = testing::registered_node(store, school.id, admin_user.id, &admin, seed).await;
    Platform {
        school,
        class,
        pupils,
        teacher,
        admin,
        set_id: set.id,
        node,
    }
}

/// A fresh node for `p`'s school, with the 1AC MATH pack of the school applied when
/// `with_pack`.
async fn node_for(platform: &Store, p: &Platform, with_pack: bool) -> TestStore {
    let node = testing::on(platform.backend()).await;
    if with_pack {
        let content = school_pack(platform, p).await;
        node.schoolbag().apply_pack_content(&content).await.unwrap();
    }
    node
}

/// The 1AC MATH pack of `p`'s school, as the platform builds it now.
async fn school_pack(platform: &Store, p: &Platform) -> PackContent {
    platform
        .schoolbag()
        .select(&PackSelection {
            levels: vec!["1AC".into()],
            subjects: vec!["MATH".into()],
            school: Some(p.school.id),
            ..PackSelection::default()
        })
        .await
        .unwrap()
}

/// The node's signed request for its next page, as `lawha sync pull` makes it.
async fn request(node: &Store, identity: &NodeIdentity) -> SignedBatch {
    let (cursor, roster_digest) = node.sync().down_state().await.unwrap();
    DownRequest {
        version: DOWN_VERSION,
        node_id: identity.node_id,
        cursor,
        sent_at: node.clock().now(),
        roster_digest,
    }
    .seal(identity)
    .unwrap()
}

/// One page: asked, answered through its bytes, applied.
async fn pull_page(
    platform: &Store,
    node: &Store,
    p: &Platform,
    page_size: usize,
) -> (DownBatch, DownApplied) {
    let signed = request(node, &p.node).await;
    let answer = platform
        .sync()
        .answer_down_paged(&signed, page_size)
        .await
        .unwrap();
    let answer = DownBatch::from_gzip(&answer.to_gzip().unwrap()).unwrap();
    let applied = node
        .sync()
        .apply_down(&answer, p.node.node_id, p.school.id)
        .await
        .unwrap();
    (answer, applied)
}

/// Pulls every page; returns what each applied.
async fn pull(platform: &Store, node: &Store, p: &Platform, page_size: usize) -> Vec<DownApplied> {
    let mut pages = Vec::new();
    loop {
        let (batch, applied) = pull_page(platform, node, p, page_size).await;
        assert!(!applied.ignored);
        pages.push(applied);
        if !batch.more {
            return pages;
        }
        assert!(pages.len() < 100, "paging does not end");
    }
}

fn changed_nothing(pages: &[DownApplied]) -> bool {
    pages.iter().all(|a| {
        a.written.is_empty() && a.people_removed == 0 && a.links_removed == 0 && !a.ignored
    })
}

async fn signs_in(node: &Store, user: &User, password: &str) -> bool {
    node.accounts()
        .verify_credentials(user.pupil_code.as_deref().unwrap(), password)
        .await
        .unwrap()
        .is_some()
}

/// Rows of the tables a pull may write or clear, for "nothing changed".
async fn counts(store: &Store) -> Vec<i64> {
    store
        .schoolbag()
        .row_counts_for_tests(&[
            "users",
            "role_grants",
            "class_teachers",
            "parent_links",
            "assignments",
            "assignment_pupils",
            "sync_state",
            "learner_events",
        ])
        .await
        .unwrap()
}

async fn a_password_reset_on_the_platform_reaches_the_node(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWNA", 1).await;
    let node = node_for(store, &p, true).await;
    let pupil = &p.pupils[0];
    assert!(signs_in(&node, pupil, PUPIL_PASSWORD).await);
    pull(store, &node, &p, 500).await;

    store
        .accounts()
        .reset_password_as_admin(&p.admin, pupil.id, NEW_PASSWORD)
        .await
        .unwrap();
    let stale = request(&node, &p.node).await;
    let pages = pull(store, &node, &p, 500).await;
    assert_eq!(pages[0].written.get("users"), Some(&1));
    assert!(signs_in(&node, pupil, NEW_PASSWORD).await);
    assert!(!signs_in(&node, pupil, PUPIL_PASSWORD).await);
    let on_node = node.accounts().user(pupil.id).await.unwrap();
    assert!(on_node.must_change_password, "the reset's flag comes too");

    // Pulling again, and an answer to the request made before the last pull, change nothing.
    let before = counts(&node).await;
    assert!(changed_nothing(&pull(store, &node, &p, 500).await));
    let replayed = store.sync().answer_down(&stale).await.unwrap();
    let applied = node
        .sync()
        .apply_down(&replayed, p.node.node_id, p.school.id)
        .await
        .unwrap();
    assert!(applied.ignored && applied.written.is_empty());
    assert_eq!(counts(&node).await, before);
    assert!(signs_in(&node, pupil, NEW_PASSWORD).await);
}
on_both!(a_password_reset_on_the_platform_reaches_the_node);

async fn a_later_edit_on_the_node_stands(t: TestStore) {
    let clock = lawha_core::Clock::fixed(t.store.clock().now() - Duration::hours(1));
    let store = &Store::clone(&t.store).with_clock(clock.clone());
    let p = platform(store, "DOWNB", 2).await;
    let node_store = node_for(store, &p, true).await;
    let node = &Store::clone(&node_store).with_clock(clock.clone());
    let pupil = &p.pupils[0];
    store
        .accounts()
        .reset_password_as_admin(&p.admin, pupil.id, NEW_PASSWORD)
        .await
        .unwrap();
    clock.advance(Duration::seconds(30));
    node.accounts()
        .set_password(pupil.id, "changed on the node later", false)
        .await
        .unwrap();
    pull(store, node, &p, 500).await;
    assert!(signs_in(node, pupil, "changed on the node later").await);
    assert!(!signs_in(node, pupil, NEW_PASSWORD).await);
}
on_both!(a_later_edit_on_the_node_stands);

async fn an_assignment_waits_for_its_content_then_arrives(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWNC", 3).await;
    // One pupil each: the same set, still open, is not given twice to a pupil.
    let assign = |work, pupil: &User| NewAssignment {
        class_id: p.class.id,
        work,
        due_on: NaiveDate::from_ymd_opt(2099, 6, 1).unwrap(),
        note: "Pour lundi".into(),
        pupils: Some(vec![pupil.id]),
        created_by: Some(p.teacher.id),
    };
    let first = store
        .learning()
        .create_assignment(&assign(Work::Set(p.set_id), &p.pupils[0]))
        .await
        .unwrap();
    // A node without its content pack: the people come, the assignment waits.
    let node = node_for(store, &p, false).await;
    let pages = pull(store, &node, &p, 500).await;
    assert_eq!(pages.last().unwrap().rows_waiting, 1);
    assert!(signs_in(&node, &p.pupils[1], PUPIL_PASSWORD).await);
    assert!(node.learning().assignment(first.id).await.is_err());

    // The pack comes: the next pull brings the assignment, with its pupils.
    let content = store
        .schoolbag()
        .select(&PackSelection {
            levels: vec!["1AC".into()],
            subjects: vec!["MATH".into()],
            ..PackSelection::default()
        })
        .await
        .unwrap();
    node.schoolbag().apply_pack_content(&content).await.unwrap();
    let pages = pull(store, &node, &p, 500).await;
    let last = pages.last().unwrap();
    assert_eq!(last.rows_waiting, 0);
    assert_eq!(last.written.get("assignments"), Some(&1));
    assert_eq!(last.written.get("assignment_pupils"), Some(&1));
    assert_eq!(
        node.learning().assignment(first.id).await.unwrap().id,
        first.id
    );

    // One made afterwards on the platform appears too; then nothing more.
    let second = store
        .learning()
        .create_assignment(&assign(Work::Set(p.set_id), &p.pupils[1]))
        .await
        .unwrap();
    let pages = pull(store, &node, &p, 500).await;
    assert_eq!(pages.last().unwrap().written.get("assignments"), Some(&1));
    assert_eq!(
        node.learning().assignment(second.id).await.unwrap().id,
        second.id
    );
    assert!(changed_nothing(&pull(store, &node, &p, 500).await));
}
on_both!(an_assignment_waits_for_its_content_then_arrives);

async fn people_who_leave_the_school_cannot_sign_in_on_the_node(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWND", 4).await;
    let (other, _) = testing::school_with_class(store, "01", "DOWND2").await;
    let node = node_for(store, &p, true).await;
    pull(store, &node, &p, 500).await;
    let pupil = &p.pupils[0];
    let items = node.catalog().set_items(p.set_id).await.unwrap();
    let answer = testing::true_answer(Uuid::now_v7(), pupil.id, &items[0], node.clock().now());
    node.submit_shown(&answer).await.unwrap();
    let events = counts(&node).await[7];
    assert_eq!(events, 1);

    // The pupil's grant is revoked; the teacher gets a grant in another school.
    let grant = store.accounts().grants(pupil.id).await.unwrap()[0].id;
    store
        .accounts()
        .remove_grant(pupil.id, grant)
        .await
        .unwrap();
    let elsewhere = Grant::new(Role::Teacher, other.scope()).unwrap();
    store
        .accounts()
        .add_grant(p.teacher.id, &elsewhere)
        .await
        .unwrap();
    let pages = pull(store, &node, &p, 500).await;
    let last = pages.last().unwrap();
    assert_eq!(last.people_removed, 2);
    assert!(!signs_in(&node, pupil, PUPIL_PASSWORD).await);
    assert!(!signs_in(&node, &p.teacher, PUPIL_PASSWORD).await);
    assert!(signs_in(&node, &p.pupils[1], PUPIL_PASSWORD).await);
    assert!(node.accounts().grants(pupil.id).await.unwrap().is_empty());
    assert!(!node
        .accounts()
        .teaches(p.teacher.id, p.class.id)
        .await
        .unwrap());
    assert_eq!(counts(&node).await[7], events, "past events stay");
    assert!(changed_nothing(&pull(store, &node, &p, 500).await));

    // Back in the school: the pupil signs in on the node again.
    store
        .accounts()
        .add_grant(pupil.id, &Grant::new(Role::Pupil, p.class.scope()).unwrap())
        .await
        .unwrap();
    pull(store, &node, &p, 500).await;
    assert!(signs_in(&node, pupil, PUPIL_PASSWORD).await);
    assert_eq!(node.accounts().grants(pupil.id).await.unwrap().len(), 1);
}
on_both!(people_who_leave_the_school_cannot_sign_in_on_the_node);

/// A pack built before a pupil left, imported after the pull that took them off, puts them
/// back; the next pull takes them off again (the import forgets the roster the node held).
async fn an_older_pack_does_not_bring_back_someone_who_left(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWNH", 6).await;
    let node = node_for(store, &p, false).await;
    let old_pack = school_pack(store, &p).await;
    node.schoolbag()
        .apply_pack_content(&old_pack)
        .await
        .unwrap();
    pull(store, &node, &p, 500).await;
    let pupil = &p.pupils[0];
    let grant = store.accounts().grants(pupil.id).await.unwrap()[0].id;
    store
        .accounts()
        .remove_grant(pupil.id, grant)
        .await
        .unwrap();
    pull(store, &node, &p, 500).await;
    assert!(!signs_in(&node, pupil, PUPIL_PASSWORD).await);

    node.schoolbag()
        .apply_pack_content(&old_pack)
        .await
        .unwrap();
    let pages = pull(store, &node, &p, 500).await;
    assert_eq!(pages.last().unwrap().people_removed, 1);
    assert!(!signs_in(&node, pupil, PUPIL_PASSWORD).await);
    assert!(signs_in(&node, &p.pupils[1], PUPIL_PASSWORD).await);
}
on_both!(an_older_pack_does_not_bring_back_someone_who_left);

/// A node reached only by USB: a pupil leaves on the platform, and the next full pack
/// takes them off the node (its roster, applied as a pull's is); their answers stay.
async fn a_pack_takes_off_someone_who_left_on_a_usb_only_node(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWNJ", 9).await;
    let node = node_for(store, &p, true).await;
    let pupil = &p.pupils[0];
    let items = node.catalog().set_items(p.set_id).await.unwrap();
    let answer = testing::true_answer(Uuid::now_v7(), pupil.id, &items[0], node.clock().now());
    node.submit_shown(&answer).await.unwrap();
    assert!(signs_in(&node, pupil, PUPIL_PASSWORD).await);
    let events = counts(&node).await[7];
    assert_eq!(events, 1);

    let grant = store.accounts().grants(pupil.id).await.unwrap()[0].id;
    store
        .accounts()
        .remove_grant(pupil.id, grant)
        .await
        .unwrap();
    let pack = school_pack(store, &p).await;
    assert!(pack.roster.is_some(), "a school's pack carries its roster");
    let applied = node.schoolbag().apply_pack_content(&pack).await.unwrap();
    assert_eq!(applied.people_removed, 1);
    assert!(!signs_in(&node, pupil, PUPIL_PASSWORD).await);
    assert!(node.accounts().grants(pupil.id).await.unwrap().is_empty());
    assert!(signs_in(&node, &p.pupils[1], PUPIL_PASSWORD).await);
    assert!(signs_in(&node, &p.teacher, PUPIL_PASSWORD).await);
    assert_eq!(counts(&node).await[7], events, "past answers stay");
    let before = counts(&node).await;
    let again = node.schoolbag().apply_pack_content(&pack).await.unwrap();
    assert!(again.changed_nothing(), "{again:?}");
    assert_eq!(counts(&node).await, before);

    // Back in the school: the next pack brings them back.
    store
        .accounts()
        .add_grant(pupil.id, &Grant::new(Role::Pupil, p.class.scope()).unwrap())
        .await
        .unwrap();
    let pack = school_pack(store, &p).await;
    node.schoolbag().apply_pack_content(&pack).await.unwrap();
    assert!(signs_in(&node, pupil, PUPIL_PASSWORD).await);
}
on_both!(a_pack_takes_off_someone_who_left_on_a_usb_only_node);

/// A pack built before the node's last pull read the platform: its roster is older than
/// what the node knows, and someone who arrived since stays.
async fn a_pack_older_than_the_last_pull_takes_nobody_off(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWNK", 10).await;
    let node = node_for(store, &p, true).await;
    let old_pack = school_pack(store, &p).await;
    // Past the pull's overlap: the pull reads what the pack could not know.
    store.clock().advance(Duration::minutes(10));
    let newcomer = person(store, "DOWNKP3", Role::Pupil, p.class.scope()).await;
    pull(store, &node, &p, 500).await;
    assert!(signs_in(&node, &newcomer, PUPIL_PASSWORD).await);

    let applied = node
        .schoolbag()
        .apply_pack_content(&old_pack)
        .await
        .unwrap();
    assert_eq!(applied.people_removed, 0);
    assert!(signs_in(&node, &newcomer, PUPIL_PASSWORD).await);
}
on_both!(a_pack_older_than_the_last_pull_takes_nobody_off);

/// Someone who arrives after a pack is built and reaches the node by a pull before the pack
/// does is taken off by its roster (within the pull's overlap the node cannot tell), and the
/// next pull brings them back.
async fn a_pull_brings_back_whom_a_pack_took_off_too_early(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWNL", 11).await;
    let node = node_for(store, &p, true).await;
    pull(store, &node, &p, 500).await;
    let pack = school_pack(store, &p).await;
    store.clock().advance(Duration::seconds(1));
    let newcomer = person(store, "DOWNLP3", Role::Pupil, p.class.scope()).await;
    pull(store, &node, &p, 500).await;
    assert!(signs_in(&node, &newcomer, PUPIL_PASSWORD).await);

    let applied = node.schoolbag().apply_pack_content(&pack).await.unwrap();
    assert_eq!(applied.people_removed, 1);
    assert!(!signs_in(&node, &newcomer, PUPIL_PASSWORD).await);
    pull(store, &node, &p, 500).await;
    assert!(signs_in(&node, &newcomer, PUPIL_PASSWORD).await);
    assert!(signs_in(&node, &p.pupils[0], PUPIL_PASSWORD).await);
}
on_both!(a_pull_brings_back_whom_a_pack_took_off_too_early);

async fn refused_requests_change_nothing(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWNE", 5).await;
    let other = platform(store, "DOWNF", 6).await;
    let node = node_for(store, &p, true).await;
    pull(store, &node, &p, 500).await;
    store
        .accounts()
        .reset_password_as_admin(&p.admin, p.pupils[0].id, NEW_PASSWORD)
        .await
        .unwrap();
    let before = counts(&node).await;
    let refusal = |r: Result<DownBatch, StoreError>| match r {
        Err(StoreError::SyncRefused(refusal)) => refusal,
        other => panic!("not refused: {other:?}"),
    };

    let mut forged = request(&node, &p.node).await;
    forged.signature = request(&node, &other.node).await.signature;
    assert_eq!(
        refusal(store.sync().answer_down(&forged).await),
        SyncRefusal::BadSignature
    );
    let mut unknown = request(&node, &p.node).await;
    unknown.node_id = Uuid::now_v7();
    assert_eq!(
        refusal(store.sync().answer_down(&unknown).await),
        SyncRefusal::UnknownNode
    );
    let (cursor, _) = node.sync().down_state().await.unwrap();
    let old = DownRequest {
        version: DOWN_VERSION,
        node_id: p.node.node_id,
        cursor,
        sent_at: store.clock().now() - Duration::hours(1),
        roster_digest: None,
    };
    assert_eq!(
        refusal(store.sync().answer_down(&old.seal(&p.node).unwrap()).await),
        SyncRefusal::StaleRequest
    );
    // Another school's node gets its own school, which this node refuses to apply.
    let theirs = store
        .sync()
        .answer_down(&request(&node, &other.node).await)
        .await
        .unwrap();
    assert_eq!(theirs.school_id, other.school.id);
    assert!(theirs.content.users.iter().all(|u| u.id != p.pupils[0].id));
    assert!(matches!(
        node.sync()
            .apply_down(&theirs, p.node.node_id, p.school.id)
            .await,
        Err(StoreError::SyncRefused(SyncRefusal::Malformed(
            "another-node"
        )))
    ));
    store
        .sync()
        .revoke_node(&p.admin, p.node.node_id)
        .await
        .unwrap();
    assert_eq!(
        refusal(
            store
                .sync()
                .answer_down(&request(&node, &p.node).await)
                .await
        ),
        SyncRefusal::RevokedNode
    );
    assert_eq!(counts(&node).await, before);
    assert!(signs_in(&node, &p.pupils[0], PUPIL_PASSWORD).await);
}
on_both!(refused_requests_change_nothing);

async fn a_pull_goes_page_by_page(t: TestStore) {
    let store = &t.store;
    let p = platform(store, "DOWNG", 7).await;
    let node = node_for(store, &p, false).await;
    // Five people (two pupils, the teacher and the admin, and one more), two a page.
    person(store, "DOWNGP3", Role::Pupil, p.class.scope()).await;
    let pages = pull(store, &node, &p, 2).await;
    assert_eq!(pages.len(), 3);
    let users: u64 = pages.iter().filter_map(|a| a.written.get("users")).sum();
    assert_eq!(users, 5);
    for pupil in &p.pupils {
        assert!(signs_in(&node, pupil, PUPIL_PASSWORD).await);
    }
    // A change after a page was read comes by the next pull.
    store
        .accounts()
        .reset_password_as_admin(&p.admin, p.pupils[1].id, NEW_PASSWORD)
        .await
        .unwrap();
    let pages = pull(store, &node, &p, 2).await;
    let users: u64 = pages.iter().filter_map(|a| a.written.get("users")).sum();
    assert_eq!(users, 1);
    assert!(signs_in(&node, &p.pupils[1], NEW_PASSWORD).await);
    assert!(changed_nothing(&pull(store, &node, &p, 2).await));
}
on_both!(a_pull_goes_page_by_page);

/// Someone whose id comes before the pages already read is made a teacher of the class in
/// the middle of a pull: the last page's roster and teachers name them, the node lacks
/// them; the pull ends all the same, and the next one brings them with their class.
async fn a_teacher_arriving_during_a_pull_does_not_stop_it(t: TestStore) {
    let store = &t.store;
    let early = testing::pupil(store, "DOWNIT2", "DOWNIT2").await;
    let p = platform(store, "DOWNI", 8).await;
    let node = node_for(store, &p, false).await;
    let (first, _) = pull_page(store, &node, &p, 2).await;
    assert!(first.more);
    let grant = Grant::new(Role::Teacher, p.school.scope()).unwrap();
    store.accounts().add_grant(early.id, &grant).await.unwrap();
    store
        .accounts()
        .assign_teacher(p.class.id, early.id, Some("MATH"))
        .await
        .unwrap();
    let rest = pull(store, &node, &p, 2).await;
    assert!(rest.last().unwrap().rows_waiting > 0);
    pull(store, &node, &p, 2).await;
    assert!(node.accounts().teaches(early.id, p.class.id).await.unwrap());
    assert!(changed_nothing(&pull(store, &node, &p, 2).await));
}
on_both!(a_teacher_arriving_during_a_pull_does_not_stop_it);
