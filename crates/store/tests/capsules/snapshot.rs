//! The catalog snapshot a node keeps in memory answers exactly as the queries it stands
//! for, order included, and its version moves with every change to what it holds.

use lawha_core::import::ClassLevel;
use lawha_store::catalog::exercise_sets::{NewExerciseSet, SetMode};
use lawha_store::catalog::snapshot::CatalogSnapshot;
use lawha_store::SchoolInput;

use super::*;

/// Levels (and a programme) × subjects × two units × two lessons, with capsules published,
/// drafts and one restricted to a school, files, and sets; returns the lessons.
async fn a_catalog(store: &Store) -> Vec<Lesson> {
    let (school, _) = testing::school_with_class(store, "06", "SNAP-1").await;
    let mut lessons = Vec::new();
    let places = [
        ClassLevel::Level("1AC".into()),
        ClassLevel::Level("2AC".into()),
        ClassLevel::Programme("OFPPT-DD".into()),
    ];
    for level in &places {
        for subject in ["MATH", "FR"] {
            for unit_number in 1..=2 {
                let unit = store
                    .catalog()
                    .create_unit(level, subject, &titles(&format!("U{unit_number}")))
                    .await
                    .unwrap();
                for lesson_number in 1..=2 {
                    let name = format!("L{unit_number}.{lesson_number}");
                    let lesson = store
                        .catalog()
                        .create_lesson(unit.id, &titles(&name))
                        .await
                        .unwrap();
                    lessons.push(lesson);
                }
            }
        }
    }
    for (n, lesson) in lessons.iter().enumerate() {
        for k in 0..n % 3 {
            let made = capsule(store, lesson, &format!("C{n}.{k}")).await;
            if (n + k) % 2 == 0 {
                store
                    .media_jobs()
                    .attach_ready_media(&new_media(&made), &result())
                    .await
                    .unwrap();
                store.catalog().publish_capsule(made.id).await.unwrap();
            }
            if k == 1 {
                let school_id = Some(school.id);
                let fields = fields(&format!("C{n}.{k} restricted"));
                store
                    .catalog()
                    .update_capsule(made.id, lesson.id, &fields, school_id)
                    .await
                    .unwrap();
                for (kind, language) in [
                    (FileKind::Worksheet, Locale::Ar),
                    (FileKind::Subtitles, Locale::Fr),
                    (FileKind::Worksheet, Locale::Fr),
                ] {
                    store
                        .catalog()
                        .add_capsule_file(&NewCapsuleFile {
                            id: Uuid::now_v7(),
                            capsule_id: made.id,
                            kind,
                            language,
                            name: "fiche.pdf".into(),
                            object_key: format!("files/{}", Uuid::now_v7()),
                            bytes: 10,
                            transcript: None,
                        })
                        .await
                        .unwrap();
                }
            }
        }
        for k in 0..n % 2 + 1 {
            store
                .catalog()
                .create_exercise_set(&NewExerciseSet {
                    lesson_id: lesson.id,
                    titles: titles(&format!("S{n}.{k}")),
                    mode: if k == 0 {
                        SetMode::Practice
                    } else {
                        SetMode::Quiz
                    },
                    max_attempts: None,
                    created_by: None,
                })
                .await
                .unwrap();
        }
    }
    lessons
}

/// Every accessor of the snapshot against the query it stands for.
async fn assert_same_as_queries(store: &Store, snapshot: &CatalogSnapshot, lessons: &[Lesson]) {
    let catalog = store.catalog();
    for place in ["1AC", "2AC", "OFPPT-DD", "3AC"] {
        assert_eq!(
            snapshot.subjects_with_units(place),
            catalog.subjects_with_units(place).await.unwrap(),
            "{place}"
        );
        for subject in ["MATH", "FR", "INFO"] {
            let units = catalog.units_with_lessons(place, subject).await.unwrap();
            assert_eq!(snapshot.units_with_lessons(place, subject), units);
            let ids: Vec<Uuid> = units
                .iter()
                .flat_map(|u| u.lessons.iter().map(|l| l.id))
                .collect();
            for unpublished in [false, true] {
                assert_eq!(
                    snapshot.capsules_of_lessons(&ids, unpublished),
                    catalog
                        .capsules_of_lessons(&ids, unpublished)
                        .await
                        .unwrap(),
                    "{place} {subject}"
                );
            }
        }
    }
    for lesson in lessons {
        assert_eq!(snapshot.lesson(lesson.id), Some(lesson));
        let unit = catalog.unit(lesson.unit_id).await.unwrap();
        assert_eq!(snapshot.unit(unit.id), Some(&unit));
        let sets = catalog.sets_of_lesson(lesson.id).await.unwrap();
        assert_eq!(snapshot.sets_of_lesson(lesson.id), sets);
        for set in &sets {
            assert_eq!(snapshot.exercise_set(set.id), Some(set));
        }
        for unpublished in [false, true] {
            let capsules = catalog
                .capsules_of_lessons(&[lesson.id], unpublished)
                .await
                .unwrap();
            assert_eq!(
                snapshot.capsules_of_lessons(&[lesson.id, lesson.id], unpublished),
                capsules
            );
            for capsule in &capsules {
                assert_eq!(snapshot.capsule(capsule.id), Some(capsule));
                let files = catalog.capsule_files(capsule.id).await.unwrap();
                assert_eq!(snapshot.capsule_files(capsule.id), files);
                for file in &files {
                    assert_eq!(snapshot.capsule_file(file.id), Some(file));
                }
            }
        }
    }
    let unknown = Uuid::now_v7();
    let mut ids: Vec<Uuid> = lessons
        .iter()
        .flat_map(|l| snapshot.capsules_of_lessons(&[l.id], true))
        .map(|c| c.id)
        .collect();
    ids.reverse();
    ids.insert(1, unknown);
    assert_eq!(
        snapshot.capsules_by_ids(&ids),
        catalog.capsules_by_ids(&ids).await.unwrap()
    );
    assert!(snapshot.lesson(unknown).is_none() && snapshot.capsule(unknown).is_none());
    assert!(snapshot.capsules_of_lessons(&[unknown], true).is_empty());
}

async fn the_snapshot_answers_as_the_queries_do(store: TestStore) {
    let lessons = a_catalog(&store).await;
    let snapshot = store.catalog().snapshot().await.unwrap();
    assert_eq!(
        snapshot.version(),
        store.catalog().catalog_version().await.unwrap()
    );
    assert!(
        snapshot.capsules_of_lessons(&[lessons[1].id], false).len()
            < snapshot.capsules_of_lessons(&[lessons[1].id], true).len(),
        "the catalog has drafts beside published capsules"
    );
    assert_same_as_queries(&store, &snapshot, &lessons).await;
}
on_both!(the_snapshot_answers_as_the_queries_do);

async fn version(store: &Store) -> i64 {
    store.catalog().catalog_version().await.unwrap()
}

/// Asserts the version moved past `last` since, and remembers where it is now.
async fn moved(store: &Store, last: &mut i64, what: &str) {
    let now = version(store).await;
    assert!(now > *last, "{what} did not move the catalog version");
    *last = now;
}

async fn every_change_to_the_catalog_moves_its_version(store: TestStore) {
    let mut last = version(&store).await;
    let lesson = lesson(&store, "1AC", "MATH", "Fractions").await;
    moved(&store, &mut last, "a unit and a lesson").await;
    let made = capsule(&store, &lesson, "Capsule").await;
    moved(&store, &mut last, "a new capsule").await;
    store
        .media_jobs()
        .attach_ready_media(&new_media(&made), &result())
        .await
        .unwrap();
    moved(&store, &mut last, "a version that plays").await;
    store.catalog().publish_capsule(made.id).await.unwrap();
    moved(&store, &mut last, "publishing").await;
    let (school, _) = testing::school_with_class(&store, "06", "SNAP-2").await;
    let restricted = fields("Capsule de l'école");
    store
        .catalog()
        .update_capsule(made.id, lesson.id, &restricted, Some(school.id))
        .await
        .unwrap();
    moved(&store, &mut last, "an edit").await;
    store
        .catalog()
        .add_capsule_file(&NewCapsuleFile {
            id: Uuid::now_v7(),
            capsule_id: made.id,
            kind: FileKind::Worksheet,
            language: Locale::Fr,
            name: "fiche.pdf".into(),
            object_key: "files/fiche".into(),
            bytes: 10,
            transcript: None,
        })
        .await
        .unwrap();
    moved(&store, &mut last, "a file").await;
    store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: lesson.id,
            titles: titles("Série"),
            mode: SetMode::Practice,
            max_attempts: None,
            created_by: None,
        })
        .await
        .unwrap();
    moved(&store, &mut last, "a set").await;
    store.catalog().withdraw_capsule(made.id).await.unwrap();
    moved(&store, &mut last, "withdrawing").await;

    // The school of a restricted capsule moves to another region: the capsule's copy
    // carries the region, so the version moves too.
    let elsewhere = store.org().region_by_code("01").await.unwrap();
    let province = store
        .org()
        .create_province(elsewhere.id, "P-SNAP", "مديرية", "Direction")
        .await
        .unwrap();
    assert_eq!(
        version(&store).await,
        last,
        "a province is not in the catalog"
    );
    store
        .org()
        .update_school(
            school.id,
            &SchoolInput {
                province_id: province.id,
                code: school.code.clone(),
                kind: school.kind,
                name_ar: school.name_ar.clone(),
                name_fr: school.name_fr.clone(),
            },
        )
        .await
        .unwrap();
    moved(&store, &mut last, "the school's region").await;
    let snapshot = store.catalog().snapshot().await.unwrap();
    assert_eq!(
        snapshot.capsule(made.id).unwrap().school_region_id,
        Some(elsewhere.id)
    );

    // What is not in the catalog leaves the version alone.
    let someone = pupil(&store, "P900001").await;
    store
        .learning()
        .set_data_saver(someone.id, DataSaver::Lowest)
        .await
        .unwrap();
    assert_eq!(version(&store).await, last);
}
on_both!(every_change_to_the_catalog_moves_its_version);
