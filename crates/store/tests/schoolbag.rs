//! Offline packs on both engines: a pack selected on the platform for one school and one
//! level's subject, carried as JSON and applied on a fresh node, serves the same catalog,
//! accounts (the same passwords sign in), grants and classes; applying it again changes
//! nothing; a `since` delta carries only what changed (with its parents); bad content is
//! refused naming the row, with the node unchanged.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{Duration, NaiveDate};
use lawha_core::capsule::{CapsuleFields, CapsuleStatus};
use lawha_core::exercise::Response;
use lawha_core::role::Grant;
use lawha_core::{Clock, Locale, Role, Scope};
use lawha_store::catalog::capsule_files::{FileKind, NewCapsuleFile};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::learning::exercises::AnswerEvent;
use lawha_store::media_jobs::media::{NewMedia, TranscodeResult};
use lawha_store::on_both;
use lawha_store::schoolbag::{MediaFileKind, PackContent, PackFault, PackSelection};
use lawha_store::testing::{self, SubmitShown, TestStore, PUPIL_PASSWORD};
use lawha_store::{School, Store, StoreError, User};
use uuid::Uuid;

/// Every table a pack writes, the learner tables it must not, and the change feeds.
const TABLES: &[&str] = &[
    "regions",
    "provinces",
    "schools",
    "classes",
    "users",
    "role_grants",
    "class_teachers",
    "parent_links",
    "units",
    "lessons",
    "capsules",
    "media_assets",
    "capsule_files",
    "exercise_sets",
    "exercise_items",
    "assignments",
    "assignment_pupils",
    "learner_events",
    "item_presentations",
    "review_cards",
    "capsule_views",
    "account_changes",
    "installed_packs",
];

const MANIFEST: &str = r#"{"duration_ms":6000,"width":640,"height":360,"master":"master.m3u8",
  "progressive":"download.mp4","progressive_bytes":5,"poster":"poster.jpg","thumbnail":"thumb.jpg",
  "renditions":[
   {"name":"144p","kind":"video","width":256,"height":144,"frame_rate":25.0,"bandwidth":1,
    "average_bandwidth":1,"codecs":"","playlist":"144p/index.m3u8","bytes":300},
   {"name":"360p","kind":"video","width":640,"height":360,"frame_rate":25.0,"bandwidth":1,
    "average_bandwidth":1,"codecs":"","playlist":"360p/index.m3u8","bytes":900},
   {"name":"audio","kind":"audio","width":0,"height":0,"frame_rate":0.0,"bandwidth":1,
    "average_bandwidth":1,"codecs":"","playlist":"audio/index.m3u8","bytes":70}]}"#;

/// What the platform holds for the tests.
struct Platform {
    school: School,
    class_id: Uuid,
    /// The school's people: two pupils, a teacher, a parent.
    people: Vec<User>,
    /// Accounts that must never reach the school's node.
    strangers: Vec<User>,
    capsule_id: Uuid,
}

fn titles(t: &str) -> Titles {
    Titles {
        ar: t.into(),
        fr: t.into(),
    }
}

async fn person(store: &Store, code: &str, role: Role, scope: Scope) -> User {
    let user = testing::pupil(store, code, code).await;
    let grant = Grant::new(role, scope).unwrap();
    store.accounts().add_grant(user.id, &grant).await.unwrap();
    user
}

/// Two schools, people in each and a regional administrator; 1AC MATH with a published
/// capsule (a version that plays, subtitles), a draft and a set of items; lessons of
/// another subject and level; an assignment of the set to the school's class.
async fn platform(store: &Store) -> Platform {
    let (school, class) = testing::school_with_class(store, "06", "PACK-A").await;
    let (other, other_class) = testing::school_with_class(store, "01", "PACK-B").await;
    let region = school.region_id;
    let in_class = |class: Uuid, school: &School| Scope::Class {
        region: school.region_id,
        school: school.id,
        class,
    };
    let in_school = Scope::School {
        region,
        school: school.id,
    };
    let pupil_1 = person(store, "PA001", Role::Pupil, in_class(class.id, &school)).await;
    let pupil_2 = person(store, "PA002", Role::Pupil, in_class(class.id, &school)).await;
    let teacher = person(store, "TA001", Role::Teacher, in_school).await;
    let parent = person(store, "PAR001", Role::Parent, in_school).await;
    store
        .accounts()
        .assign_teacher(class.id, teacher.id, Some("MATH"))
        .await
        .unwrap();
    store
        .accounts()
        .link_parent(parent.id, pupil_1.id)
        .await
        .unwrap();
    let stranger = person(
        store,
        "PB001",
        Role::Pupil,
        in_class(other_class.id, &other),
    )
    .await;
    let regional = person(
        store,
        "RA001",
        Role::RegionalAdmin,
        Scope::Region { region },
    )
    .await;
    // A regional administrator who also teaches at the school never travels either.
    let grant = Grant::new(Role::Teacher, in_school).unwrap();
    store
        .accounts()
        .add_grant(regional.id, &grant)
        .await
        .unwrap();

    let lesson = testing::lesson(store, "1AC", "MATH", &titles("Fractions")).await;
    let made = testing::capsule(
        store,
        lesson.id,
        CapsuleFields {
            title_fr: "Les fractions".into(),
            language: Some(Locale::Fr),
            ..CapsuleFields::default()
        },
    )
    .await;
    let media_id = Uuid::now_v7();
    store
        .media_jobs()
        .attach_ready_media(
            &NewMedia {
                capsule_id: made.id,
                id: media_id,
                source_key: format!("sources/{media_id}/original.mp4"),
                source_name: "cours.mp4".into(),
                source_bytes: 1234,
                source_sha256: "ab".repeat(32),
                output_prefix: format!("media/{media_id}"),
                created_by: Some(regional.id),
            },
            &TranscodeResult {
                manifest_json: MANIFEST.into(),
                report_json: "{}".into(),
                compliant: true,
                duration_ms: 6_000,
            },
        )
        .await
        .unwrap();
    store
        .catalog()
        .add_capsule_file(&NewCapsuleFile {
            id: Uuid::now_v7(),
            capsule_id: made.id,
            kind: FileKind::Subtitles,
            language: Locale::Fr,
            name: "fr.vtt".into(),
            object_key: format!("capsules/{}/fr.vtt", made.id),
            bytes: 42,
            transcript: Some("Bonjour".into()),
        })
        .await
        .unwrap();
    store.catalog().publish_capsule(made.id).await.unwrap();
    testing::capsule(
        store,
        lesson.id,
        CapsuleFields {
            title_fr: "Brouillon".into(),
            language: Some(Locale::Fr),
            ..CapsuleFields::default()
        },
    )
    .await;
    let items =
        lawha_core::exercise::gift::parse_gift("::Q1:: 1 + 1 = 2 {T}\n\n::Q2:: 2 + 2 = 5 {F}")
            .unwrap()
            .into_iter()
            .map(|q| q.item)
            .collect::<Vec<_>>();
    let (_, set, _) = testing::practice_set(store, &items).await;
    testing::lesson(store, "1AC", "FR", &titles("Lecture")).await;
    testing::lesson(store, "2AC", "MATH", &titles("Équations")).await;
    store
        .learning()
        .create_assignment(&NewAssignment {
            class_id: class.id,
            work: Work::Set(set.id),
            due_on: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
            note: "Pour lundi".into(),
            pupils: None,
            created_by: Some(teacher.id),
        })
        .await
        .unwrap();
    Platform {
        school,
        class_id: class.id,
        people: vec![pupil_1, pupil_2, teacher, parent],
        strangers: vec![stranger, regional],
        capsule_id: made.id,
    }
}

fn selection(school: Uuid) -> PackSelection {
    PackSelection {
        levels: vec!["1AC".into()],
        subjects: vec!["MATH".into()],
        school: Some(school),
        ..PackSelection::default()
    }
}

/// The content as a node would read it from the pack: through JSON.
fn carried(content: &PackContent) -> PackContent {
    let json = serde_json::to_string(content).unwrap();
    let back: PackContent = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, content, "the content survives JSON");
    back
}

/// `content` without what differs between two stores holding the same rows: the pack's
/// id and time, and the region ids (each store loads the reference list with its own).
fn comparable(mut content: PackContent) -> PackContent {
    content.pack_id = Uuid::nil();
    content.built_at = chrono::DateTime::UNIX_EPOCH;
    for region in &mut content.regions {
        region.id = Uuid::nil();
    }
    for province in &mut content.provinces {
        province.region_id = Uuid::nil();
    }
    for school in &mut content.schools {
        school.region_id = Uuid::nil();
    }
    for class in &mut content.classes {
        class.region_id = Uuid::nil();
    }
    for grant in &mut content.grants {
        grant.region_id = grant.region_id.map(|_| Uuid::nil());
    }
    content
}

async fn node_like(platform: &Store) -> TestStore {
    testing::on(platform.backend()).await
}

/// Row counts of every table, the catalog version and what the node would pack for the
/// same selection (every row of the scope, field by field): what "unchanged" compares.
async fn fingerprint(store: &Store, selection: &PackSelection) -> (Vec<i64>, i64, PackContent) {
    let counts = store
        .schoolbag()
        .row_counts_for_tests(TABLES)
        .await
        .unwrap();
    let version = store.catalog().catalog_version().await.unwrap();
    let content = store.schoolbag().select(selection).await.unwrap();
    (counts, version, comparable(content))
}

async fn a_pack_applied_on_a_fresh_node_serves_what_the_platform_serves(store: TestStore) {
    let made = platform(&store).await;
    let chosen = selection(made.school.id);
    let content = carried(&store.schoolbag().select(&chosen).await.unwrap());
    let node = node_like(&store).await;
    let version_before = node.catalog().catalog_version().await.unwrap();
    let summary = node.schoolbag().apply_pack_content(&content).await.unwrap();
    assert!(summary.total() > 0);
    assert!(node.catalog().catalog_version().await.unwrap() > version_before);

    // The catalog of 1AC MATH, lesson by lesson, capsule by capsule, set by set.
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

    // The media the node must carry.
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

    // The school's people: same rows, same grants, and their passwords sign in.
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

    // Classes, teachers, parents, assignments.
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

async fn a_delta_carries_what_changed_since_with_its_parents(store: TestStore) {
    let clock = Clock::fixed(store.clock().now() - Duration::days(1));
    let store = Store::clone(&store).with_clock(clock.clone());
    let made = platform(&store).await;
    let full = store
        .schoolbag()
        .select(&selection(made.school.id))
        .await
        .unwrap();
    let node = node_like(&store).await;
    node.schoolbag().apply_pack_content(&full).await.unwrap();

    clock.advance(Duration::seconds(60));
    let since = clock.now();
    clock.advance(Duration::seconds(60));
    let unit = full.units.first().unwrap();
    let lesson = store
        .catalog()
        .create_lesson(unit.id, &titles("Nouvelle leçon"))
        .await
        .unwrap();
    let pupil = &made.people[1];
    store
        .accounts()
        .set_password(pupil.id, "a new long password", false)
        .await
        .unwrap();
    store
        .catalog()
        .withdraw_capsule(made.capsule_id)
        .await
        .unwrap();
    let delta = store
        .schoolbag()
        .select(&PackSelection {
            since: Some(since),
            ..selection(made.school.id)
        })
        .await
        .unwrap();
    assert_eq!(
        delta.lessons.iter().map(|l| l.id).collect::<Vec<_>>(),
        [lesson.id]
    );
    assert_eq!(
        delta.units.iter().map(|u| u.id).collect::<Vec<_>>(),
        [unit.id]
    );
    assert_eq!(
        delta.users.iter().map(|u| u.id).collect::<Vec<_>>(),
        [pupil.id]
    );
    assert!(delta.grants.iter().all(|g| g.user_id == pupil.id));
    assert!(delta.capsules.is_empty() && delta.exercise_sets.is_empty());
    assert_eq!(delta.withdrawn_capsules, [made.capsule_id]);
    assert!(delta.classes.is_empty() && delta.assignments.is_empty());

    let summary = node
        .schoolbag()
        .apply_pack_content(&carried(&delta))
        .await
        .unwrap();
    assert_eq!(summary.written.get("lessons"), Some(&1));
    assert_eq!(summary.written.get("users"), Some(&1));
    let signed = node
        .accounts()
        .verify_credentials(pupil.pupil_code.as_deref().unwrap(), "a new long password")
        .await
        .unwrap();
    assert!(signed.is_some(), "the new password signs in on the node");
    assert_eq!(node.catalog().lesson(lesson.id).await.unwrap(), lesson);
    let withdrawn = node.catalog().capsule(made.capsule_id).await.unwrap();
    assert_eq!(withdrawn.status, CapsuleStatus::Withdrawn);
}
on_both!(a_delta_carries_what_changed_since_with_its_parents);

async fn an_account_edited_later_on_the_node_keeps_the_node_edit(store: TestStore) {
    let clock = Clock::fixed(store.clock().now() - Duration::days(1));
    let store = Store::clone(&store).with_clock(clock.clone());
    let made = platform(&store).await;
    let content = store
        .schoolbag()
        .select(&selection(made.school.id))
        .await
        .unwrap();
    let node_store = node_like(&store).await;
    let node = Store::clone(&node_store).with_clock(clock.clone());
    node.schoolbag().apply_pack_content(&content).await.unwrap();
    clock.advance(Duration::seconds(60));
    let pupil = &made.people[0];
    node.accounts()
        .set_password(pupil.id, "changed on the node", false)
        .await
        .unwrap();
    // The same pack again, older than the node's edit: the edit stands.
    node.schoolbag().apply_pack_content(&content).await.unwrap();
    let signed = node
        .accounts()
        .verify_credentials(pupil.pupil_code.as_deref().unwrap(), "changed on the node")
        .await
        .unwrap();
    assert!(signed.is_some());
}
on_both!(an_account_edited_later_on_the_node_keeps_the_node_edit);

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

async fn an_empty_selection_or_an_unknown_code_is_refused(store: TestStore) {
    let empty = store.schoolbag().select(&PackSelection::default()).await;
    assert!(matches!(
        empty,
        Err(StoreError::Pack(PackFault::EmptySelection))
    ));
    let unknown = store
        .schoolbag()
        .select(&PackSelection {
            levels: vec!["9XX".into()],
            ..PackSelection::default()
        })
        .await;
    assert!(matches!(
        unknown,
        Err(StoreError::Pack(PackFault::UnknownCode {
            what: "level",
            ..
        }))
    ));
}
on_both!(an_empty_selection_or_an_unknown_code_is_refused);

fn send<T: Send>(_: T) {}

/// Never called: applying a pack is `Send`, so web handlers and the CLI's tasks may call it.
#[allow(dead_code)]
fn applying_is_send(store: &Store, content: &PackContent, chosen: &PackSelection) {
    send(store.schoolbag().apply_pack_content(content));
    send(store.schoolbag().select(chosen));
}

/// The demo's schools, each of every kind.
const DEMO_SCHOOLS: &[&str] = &[
    "EP-ANFA-IBNKHALDOUN",
    "CL-ANFA-ZERKTOUNI",
    "LQ-RABAT-MYOUSSEF",
    "ISTA-MOHAMMEDIA",
    "CPGE-MARRAKECH",
];

async fn every_demo_school_gets_its_own_people_and_the_whole_catalog(store: TestStore) {
    lawha_seed::demo::seed(&store).await.unwrap();
    let every_subject: Vec<String> = lawha_core::reference::subjects()
        .iter()
        .map(|s| s.code.clone())
        .collect();
    for code in DEMO_SCHOOLS {
        let school = store.org().school_by_code(code).await.unwrap();
        let chosen = PackSelection {
            subjects: every_subject.clone(),
            school: Some(school.id),
            ..PackSelection::default()
        };
        let content = carried(&store.schoolbag().select(&chosen).await.unwrap());
        assert!(!content.users.is_empty(), "{code} has people");
        assert!(
            !content.exercise_items.is_empty(),
            "the demo's exercises travel"
        );
        let node = node_like(&store).await;
        node.schoolbag().apply_pack_content(&content).await.unwrap();
        let again = node.schoolbag().select(&chosen).await.unwrap();
        assert_eq!(comparable(again), comparable(content.clone()), "{code}");
        for user in &content.users {
            // Everyone carried belongs to this school and to no scope above it.
            let grants = store.accounts().grants(user.id).await.unwrap();
            assert!(grants.iter().any(|g| g.scope.school() == Some(school.id)));
            assert!(grants.iter().all(|g| g.scope.school().is_some()), "{code}");
        }
        // Each kind of account signs in on the node with its usual password.
        let mut roles_seen = Vec::new();
        for grant in &content.grants {
            if roles_seen.contains(&grant.role) {
                continue;
            }
            roles_seen.push(grant.role.clone());
            let user = content
                .users
                .iter()
                .find(|u| u.id == grant.user_id)
                .unwrap();
            let login = user.email.clone().or(user.pupil_code.clone()).unwrap();
            let signed = node
                .accounts()
                .verify_credentials(&login, lawha_seed::demo::DEMO_PASSWORD)
                .await
                .unwrap();
            assert_eq!(signed.map(|u| u.id), Some(user.id), "{code}: {login}");
        }
    }
}
on_both!(every_demo_school_gets_its_own_people_and_the_whole_catalog);
