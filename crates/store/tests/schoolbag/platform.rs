//! The platform the tests pack from: two schools and their people, 1AC MATH with a
//! capsule, a draft and a set, other subjects and levels, an assignment.

use chrono::NaiveDate;
use lawha_core::capsule::CapsuleFields;
use lawha_core::role::Grant;
use lawha_core::{Locale, Role, Scope};
use lawha_store::catalog::capsule_files::{FileKind, NewCapsuleFile};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::media_jobs::media::{NewMedia, TranscodeResult};
use lawha_store::testing::{self};
use lawha_store::{School, Store, User};
use uuid::Uuid;

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
pub(crate) struct Platform {
    pub(crate) school: School,
    pub(crate) class_id: Uuid,
    /// The school's people: two pupils, a teacher, a parent.
    pub(crate) people: Vec<User>,
    /// Accounts that must never reach the school's node.
    pub(crate) strangers: Vec<User>,
    pub(crate) capsule_id: Uuid,
}

pub(crate) fn titles(t: &str) -> Titles {
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
pub(crate) async fn platform(store: &Store) -> Platform {
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
