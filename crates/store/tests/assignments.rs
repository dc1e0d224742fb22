//! Assigning capsules on both engines: only what the class may watch can be assigned, and a
//! capsule that stops being open to the class leaves its pupils' to-do lists.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::NaiveDate;
use lawha_core::capsule::CapsuleFields;
use lawha_core::role::Grant;
use lawha_core::{Locale, Role};
use lawha_store::catalog::capsules::{Capsule, NewCapsule};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::media_jobs::media::{NewMedia, TranscodeResult};
use lawha_store::on_both;
use lawha_store::testing::{self, school_with_class, TestStore};
use lawha_store::{Class, Store, StoreError};
use uuid::Uuid;

/// A capsule that plays (its video processed), published or not, open to all or to one
/// school.
async fn capsule(
    store: &Store,
    lesson: Uuid,
    title: &str,
    published: bool,
    school_id: Option<Uuid>,
) -> Capsule {
    let fields = CapsuleFields {
        title_fr: title.into(),
        language: Some(Locale::Fr),
        ..CapsuleFields::default()
    }
    .validate()
    .unwrap();
    let capsule = store
        .catalog()
        .create_capsule(&NewCapsule {
            lesson_id: lesson,
            fields,
            school_id,
            external_ref: None,
            created_by: None,
        })
        .await
        .unwrap();
    let id = Uuid::now_v7();
    store
        .media_jobs()
        .attach_ready_media(
            &NewMedia {
                capsule_id: capsule.id,
                id,
                source_key: format!("sources/{id}/original.mp4"),
                source_name: "cours.mp4".into(),
                source_bytes: 1,
                source_sha256: String::new(),
                output_prefix: format!("media/{id}"),
                created_by: None,
            },
            &TranscodeResult {
                manifest_json: "{\"renditions\":[]}".into(),
                report_json: "{}".into(),
                compliant: false,
                duration_ms: 6_000,
            },
        )
        .await
        .unwrap();
    if published {
        store.catalog().publish_capsule(capsule.id).await.unwrap()
    } else {
        store.catalog().capsule(capsule.id).await.unwrap()
    }
}

fn assignment(class: &Class, capsule: &Capsule) -> NewAssignment {
    NewAssignment {
        class_id: class.id,
        work: Work::Capsule(capsule.id),
        due_on: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        note: String::new(),
        pupils: None,
        created_by: None,
    }
}

async fn todo_titles(store: &Store, pupil: Uuid) -> Vec<String> {
    let mut titles: Vec<String> = store
        .learning()
        .pupil_todo(pupil, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.assignment.title_fr)
        .collect();
    titles.sort();
    titles
}

async fn only_watchable_capsules_are_assigned_and_listed(store: TestStore) {
    let (school, class) = school_with_class(&store, "06", "ASSIGN-A").await;
    let (other, _) = school_with_class(&store, "06", "ASSIGN-B").await;
    let pupil = testing::pupil(&store, "Salma", "J130000001").await;
    let grant = Grant::new(
        Role::Pupil,
        lawha_core::Scope::Class {
            region: class.region_id,
            school: class.school_id,
            class: class.id,
        },
    )
    .unwrap();
    store.accounts().add_grant(pupil.id, &grant).await.unwrap();
    let titles = Titles {
        ar: "كسور".into(),
        fr: "Fractions".into(),
    };
    let lesson = testing::lesson(&store, "1AC", "MATH", &titles).await.id;

    let draft = capsule(&store, lesson, "Brouillon secret", false, None).await;
    let elsewhere = capsule(&store, lesson, "Autre école", true, Some(other.id)).await;
    let open = capsule(&store, lesson, "Pour tous", true, None).await;
    let ours = capsule(&store, lesson, "Notre école", true, Some(school.id)).await;

    for refused in [&draft, &elsewhere] {
        assert!(
            matches!(
                store
                    .learning()
                    .create_assignment(&assignment(&class, refused))
                    .await,
                Err(StoreError::Conflict(lawha_store::Refusal::WorkUnavailable))
            ),
            "{} must not be assignable",
            refused.title_fr
        );
    }
    store
        .learning()
        .create_assignment(&assignment(&class, &open))
        .await
        .unwrap();
    store
        .learning()
        .create_assignment(&assignment(&class, &ours))
        .await
        .unwrap();
    assert_eq!(
        todo_titles(&store, pupil.id).await,
        ["Notre école", "Pour tous"]
    );

    // Withdrawn, or restricted to another school, after it was assigned: it leaves the list.
    store.catalog().withdraw_capsule(open.id).await.unwrap();
    assert_eq!(todo_titles(&store, pupil.id).await, ["Notre école"]);
    let fields = CapsuleFields {
        title_fr: ours.title_fr.clone(),
        language: Some(Locale::Fr),
        ..CapsuleFields::default()
    }
    .validate()
    .unwrap();
    store
        .catalog()
        .update_capsule(ours.id, lesson, &fields, Some(other.id))
        .await
        .unwrap();
    assert!(todo_titles(&store, pupil.id).await.is_empty());
    // The teacher's view still counts them: they gave that work.
    assert_eq!(
        store
            .learning()
            .class_assignments(class.id)
            .await
            .unwrap()
            .len(),
        2
    );
}
on_both!(only_watchable_capsules_are_assigned_and_listed);

/// The same work cannot be given twice to a pupil while the first is open (due today or
/// later); once its due date has passed it can be given again, and other pupils of the
/// class can get it meanwhile.
async fn open_work_is_not_assigned_twice(store: TestStore) {
    let (_, class) = school_with_class(&store, "06", "TWICE-A").await;
    let mut pupils = Vec::new();
    for (name, code) in [("Salma", "J140000001"), ("Yassine", "J140000002")] {
        let pupil = testing::pupil(&store, name, code).await;
        let grant = Grant::new(
            Role::Pupil,
            lawha_core::Scope::Class {
                region: class.region_id,
                school: class.school_id,
                class: class.id,
            },
        )
        .unwrap();
        store.accounts().add_grant(pupil.id, &grant).await.unwrap();
        pupils.push(pupil.id);
    }
    let (_, set, _) = testing::practice_set(&store, &[]).await;
    let today = store.today();
    let work = |due_on: NaiveDate, pupils: Option<Vec<Uuid>>| NewAssignment {
        class_id: class.id,
        work: Work::Set(set.id),
        due_on,
        note: String::new(),
        pupils,
        created_by: None,
    };
    let twice = |result: Result<_, StoreError>| {
        matches!(
            result,
            Err(StoreError::Conflict(lawha_store::Refusal::AlreadyAssigned))
        )
    };
    let learning = store.learning();
    // Given once, due yesterday: closed, so it may be given again.
    learning
        .create_assignment(&work(today - chrono::Duration::days(1), None))
        .await
        .unwrap();
    learning
        .create_assignment(&work(today, Some(vec![pupils[0]])))
        .await
        .unwrap();
    // Open for the first pupil (due today): refused for them, whole class or alone.
    assert!(twice(
        learning
            .create_assignment(&work(today + chrono::Duration::days(7), None))
            .await
    ));
    assert!(twice(
        learning
            .create_assignment(&work(
                today + chrono::Duration::days(3),
                Some(vec![pupils[0]])
            ))
            .await
    ));
    // The other pupil may still get it.
    learning
        .create_assignment(&work(
            today + chrono::Duration::days(7),
            Some(vec![pupils[1]]),
        ))
        .await
        .unwrap();
    assert_eq!(learning.class_assignments(class.id).await.unwrap().len(), 3);
}
on_both!(open_work_is_not_assigned_twice);
