//! A full pack applied on a fresh node: what it serves, a second apply, bad content.

use lawha_core::exercise::Response;
use lawha_store::learning::exercises::AnswerEvent;
use lawha_store::on_both;
use lawha_store::schoolbag::{MediaFileKind, PackContent, PackFault};
use lawha_store::testing::{SubmitShown, TestStore, PUPIL_PASSWORD};
use lawha_store::{Store, StoreError};
use uuid::Uuid;

use super::platform::{platform, Platform};
use super::{carried, comparable, fingerprint, node_like, selection, TABLES};

async fn a_pack_applied_on_a_fresh_node_serves_what_the_platform_serves(store: TestStore) {
    let made = platform(&store).await;
    let chosen = selection(made.school.id);
    let content = carried(&store.schoolbag().select(&chosen).await.unwrap());
    let node = node_like(&store).await;
    let version_before = node.catalog().catalog_version().await.unwrap();
    let summary = node.schoolbag().apply_pack_content(&content).await.unwrap();
    assert!(summary.total() > 0);
    assert!(node.catalog().catalog_version().await.unwrap() > version_before);

    same_catalog(&store, &node, &made).await;
    carries_media(&content);
    same_people(&store, &node, &made, &content).await;
    same_classes(&store, &node, &made).await;
    // Brute force: what the node would pack for the same selection is, row for row, what
    // the platform packed (region ids aside: each side has its own).
    let again = node.schoolbag().select(&chosen).await.unwrap();
    assert_eq!(comparable(again), comparable(content.clone()));

    let installed = node.schoolbag().installed_packs().await.unwrap();
    assert_eq!(installed.len(), 1);
    assert_eq!(installed[0].pack_id, content.pack_id);
    assert_eq!(installed[0].summary, summary);
}
on_both!(a_pack_applied_on_a_fresh_node_serves_what_the_platform_serves);

async fn applying_the_same_pack_twice_changes_nothing(store: TestStore) {
    let made = platform(&store).await;
    let chosen = selection(made.school.id);
    let content = carried(&store.schoolbag().select(&chosen).await.unwrap());
    let node = node_like(&store).await;
    node.schoolbag().apply_pack_content(&content).await.unwrap();
    // A pupil answers on the node: the pupils' own data is never touched by a pack.
    let item = content.exercise_items.first().unwrap();
    let stored = node.catalog().exercise_item(item.id).await.unwrap();
    let response = Response::TrueFalse { answer: true };
    node.submit_shown(&AnswerEvent {
        id: Uuid::now_v7(),
        user_id: made.people[0].id,
        set_id: item.set_id,
        item_id: item.id,
        correction: stored.item.correct(&response).unwrap(),
        response,
        occurred_at: node.clock().now(),
    })
    .await
    .unwrap();
    let before = fingerprint(&node, &chosen).await;
    let again = node.schoolbag().apply_pack_content(&content).await.unwrap();
    assert_eq!(again.total(), 0, "{again:?}");
    assert_eq!(fingerprint(&node, &chosen).await, before);
    // A new pack of the same content writes nothing but its own record.
    let rebuilt = store.schoolbag().select(&chosen).await.unwrap();
    let summary = node.schoolbag().apply_pack_content(&rebuilt).await.unwrap();
    assert_eq!(summary.total(), 0, "{summary:?}");
    let (counts, version, rows) = fingerprint(&node, &chosen).await;
    assert_eq!((version, rows), (before.1, before.2));
    let installed = TABLES.iter().position(|t| *t == "installed_packs").unwrap();
    for (i, (now, then)) in counts.iter().zip(&before.0).enumerate() {
        let expected = if i == installed { then + 1 } else { *then };
        assert_eq!(*now, expected, "rows of {}", TABLES[i]);
    }
}
on_both!(applying_the_same_pack_twice_changes_nothing);

async fn bad_content_is_refused_naming_the_row_and_changes_nothing(store: TestStore) {
    let made = platform(&store).await;
    let chosen = selection(made.school.id);
    let content = store.schoolbag().select(&chosen).await.unwrap();
    let node = node_like(&store).await;
    let before = node.schoolbag().row_counts_for_tests(TABLES).await.unwrap();
    let version = node.catalog().catalog_version().await.unwrap();

    let future = PackContent {
        format_version: 99,
        ..content.clone()
    };
    let refused = node.schoolbag().apply_pack_content(&future).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Pack(PackFault::UnknownFormat { found: 99 }))
        ),
        "{refused:?}"
    );

    let orphan = content.lessons.first().unwrap().clone();
    let dangling = PackContent {
        units: Vec::new(),
        ..content.clone()
    };
    let refused = node.schoolbag().apply_pack_content(&dangling).await;
    match refused {
        Err(StoreError::Pack(fault @ PackFault::MissingReference { .. })) => {
            let said = fault.to_string();
            assert!(said.contains(&format!("lessons {}", orphan.id)), "{said}");
            assert!(said.contains(&orphan.unit_id.to_string()), "{said}");
        }
        other => panic!("expected a missing reference, got {other:?}"),
    }
    // A reference found on neither side, late in the order: nothing before it stays.
    let mut late = content.clone();
    late.assignments[0].set_id = Some(Uuid::now_v7());
    let refused = node.schoolbag().apply_pack_content(&late).await;
    assert!(refused.is_err(), "{refused:?}");

    assert_eq!(
        node.schoolbag().row_counts_for_tests(TABLES).await.unwrap(),
        before
    );
    assert_eq!(node.catalog().catalog_version().await.unwrap(), version);
}
on_both!(bad_content_is_refused_naming_the_row_and_changes_nothing);

/// The catalog of 1AC MATH, lesson by lesson, capsule by capsule, set by set, and nothing
/// of other subjects or levels.
async fn same_catalog(store: &Store, node: &Store, made: &Platform) {
    let tree = store
        .catalog()
        .units_with_lessons("1AC", "MATH")
        .await
        .unwrap();
    assert_eq!(
        node.catalog()
            .units_with_lessons("1AC", "MATH")
            .await
            .unwrap(),
        tree
    );
    let lessons: Vec<Uuid> = tree
        .iter()
        .flat_map(|u| u.lessons.iter().map(|l| l.id))
        .collect();
    let capsules = store
        .catalog()
        .capsules_of_lessons(&lessons, false)
        .await
        .unwrap();
    assert_eq!(
        node.catalog()
            .capsules_of_lessons(&lessons, false)
            .await
            .unwrap(),
        capsules
    );
    assert_eq!(capsules.len(), 1, "the published capsule only");
    for capsule in &capsules {
        assert_eq!(
            node.catalog().capsule_files(capsule.id).await.unwrap(),
            store.catalog().capsule_files(capsule.id).await.unwrap()
        );
        let media = capsule.media_id.unwrap();
        assert_eq!(
            node.media_jobs().media(media).await.unwrap().manifest,
            store.media_jobs().media(media).await.unwrap().manifest
        );
    }
    for lesson in &lessons {
        let sets = store.catalog().sets_of_lesson(*lesson).await.unwrap();
        assert_eq!(node.catalog().sets_of_lesson(*lesson).await.unwrap(), sets);
        for set in sets {
            assert_eq!(
                node.catalog().set_items(set.id).await.unwrap(),
                store.catalog().set_items(set.id).await.unwrap()
            );
        }
    }
    // Nothing of other subjects or levels.
    assert!(node
        .catalog()
        .units_with_lessons("1AC", "FR")
        .await
        .unwrap()
        .is_empty());
    assert!(node
        .catalog()
        .units_with_lessons("2AC", "MATH")
        .await
        .unwrap()
        .is_empty());
    let snapshot = node.catalog().snapshot().await.unwrap();
    assert!(snapshot.capsule(made.capsule_id).is_some());
}

/// The media the node must carry: the lowest rung and the sound, not the other rungs.
fn carries_media(content: &PackContent) {
    let kinds: Vec<MediaFileKind> = content.media.iter().map(|m| m.kind).collect();
    for kind in [
        MediaFileKind::LowestVideo,
        MediaFileKind::SoundOnly,
        MediaFileKind::Poster,
        MediaFileKind::Subtitles,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}");
    }
    assert!(content.media.iter().any(|m| m.key.ends_with("/144p")));
    assert!(!content.media.iter().any(|m| m.key.ends_with("/360p")));
}

/// The school's people: same rows, same grants, and their passwords sign in; nobody else.
async fn same_people(store: &Store, node: &Store, made: &Platform, content: &PackContent) {
    for person in &made.people {
        assert_eq!(node.accounts().user(person.id).await.unwrap(), *person);
        let roles = |grants: Vec<lawha_store::StoredGrant>| {
            let mut found: Vec<_> = grants
                .into_iter()
                .map(|g| (g.id, g.role, g.scope.school(), g.scope.class()))
                .collect();
            found.sort();
            found
        };
        assert_eq!(
            roles(node.accounts().grants(person.id).await.unwrap()),
            roles(store.accounts().grants(person.id).await.unwrap())
        );
        let login = person.pupil_code.clone().unwrap();
        let signed = node
            .accounts()
            .verify_credentials(&login, PUPIL_PASSWORD)
            .await
            .unwrap();
        assert_eq!(signed.map(|u| u.id), Some(person.id), "{login} signs in");
    }
    for stranger in &made.strangers {
        assert!(matches!(
            node.accounts().user(stranger.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(!content.users.iter().any(|u| u.id == stranger.id));
    }
    // Authors who do not travel are not named.
    assert!(content.media_assets.iter().all(|m| m.created_by.is_none()));
}

/// Classes, teachers, parents, assignments; the pack on the node's record.
async fn same_classes(store: &Store, node: &Store, made: &Platform) {
    let class = node.org().class(made.class_id).await.unwrap();
    let there = store.org().class(made.class_id).await.unwrap();
    assert_eq!((class.name, class.school_id), (there.name, there.school_id));
    let teacher = &made.people[2];
    assert!(node
        .accounts()
        .teaches(teacher.id, made.class_id)
        .await
        .unwrap());
    let children = node
        .accounts()
        .children_of(made.people[3].id)
        .await
        .unwrap();
    assert_eq!(
        children.iter().map(|c| c.id).collect::<Vec<_>>(),
        [made.people[0].id]
    );
    assert_eq!(
        node.learning()
            .class_assignments(made.class_id)
            .await
            .unwrap()
            .len(),
        store
            .learning()
            .class_assignments(made.class_id)
            .await
            .unwrap()
            .len()
    );
}
