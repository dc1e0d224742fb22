//! Curriculum units and lessons, in order.

use super::*;

async fn curriculum_units_and_lessons_in_order(store: TestStore) {
    use lawha_core::import::ClassLevel;
    use lawha_store::catalog::curriculum::Titles;
    let titles = |ar: &str, fr: &str| Titles {
        ar: ar.into(),
        fr: fr.into(),
    };
    let level = ClassLevel::Level("1AC".into());
    let fractions = store
        .catalog()
        .create_unit(&level, "math", &titles("الكسور", "Les fractions"))
        .await
        .expect("unit");
    assert_eq!(fractions.subject_code, "MATH");
    assert_eq!(fractions.position, 1);
    let equations = store
        .catalog()
        .create_unit(&level, "MATH", &titles("المعادلات", ""))
        .await
        .expect("unit with an Arabic title only");
    assert_eq!(equations.position, 2);
    store
        .catalog()
        .create_unit(
            &ClassLevel::Level("2AC".into()),
            "MATH",
            &titles("", "Puissances"),
        )
        .await
        .expect("other level");
    store
        .catalog()
        .create_unit(
            &ClassLevel::Programme("OFPPT-DD".into()),
            "INFO",
            &titles("", "Algorithmique"),
        )
        .await
        .expect("programme unit");
    for (lesson_ar, lesson_fr) in [
        ("مقارنة الكسور", "Comparer des fractions"),
        ("جمع الكسور", "Additionner des fractions"),
    ] {
        store
            .catalog()
            .create_lesson(fractions.id, &titles(lesson_ar, lesson_fr))
            .await
            .expect("lesson");
    }

    let tree = store
        .catalog()
        .units_with_lessons("1AC", "MATH")
        .await
        .expect("tree");
    assert_eq!(tree.len(), 2);
    assert_eq!(tree[0].unit.id, fractions.id);
    let positions: Vec<i32> = tree[0].lessons.iter().map(|l| l.position).collect();
    assert_eq!(positions, vec![1, 2]);
    assert!(tree[1].lessons.is_empty());
    assert_eq!(
        store
            .catalog()
            .subjects_with_units("1AC")
            .await
            .expect("subjects"),
        vec![("MATH".to_string(), 2)]
    );
    assert_eq!(
        store
            .catalog()
            .subjects_with_units("OFPPT-DD")
            .await
            .expect("programme subjects"),
        vec![("INFO".to_string(), 1)]
    );

    // Bad input is refused with the field at fault, and nothing is written.
    for (level, subject, t, field) in [
        (
            ClassLevel::Level("9XX".into()),
            "MATH",
            titles("أ", "a"),
            "level",
        ),
        (level.clone(), "ASTRO", titles("أ", "a"), "subject"),
        (level.clone(), "MATH", titles(" ", ""), "title_ar"),
    ] {
        match store.catalog().create_unit(&level, subject, &t).await {
            Err(StoreError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected an invalid {field}, got {other:?}"),
        }
    }
    assert_eq!(
        store
            .catalog()
            .units_with_lessons("1AC", "MATH")
            .await
            .expect("tree")
            .len(),
        2
    );
    assert!(matches!(
        store
            .catalog()
            .create_lesson(uuid::Uuid::now_v7(), &titles("درس", ""))
            .await,
        Err(StoreError::NotFound)
    ));
}
on_both!(curriculum, curriculum_units_and_lessons_in_order);
