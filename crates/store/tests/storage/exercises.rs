//! Exercise answers, recorded once.

use super::*;

async fn exercises_answers_are_recorded_once(store: TestStore) {
    use lawha_core::exercise::{Choice, Item, ItemKind, Response, TextAnswer};
    use lawha_store::catalog::curriculum::Titles;
    use lawha_store::learning::exercises::{AnswerEvent, NewExerciseSet, SetMode};
    let titles = |ar: &str, fr: &str| Titles {
        ar: ar.into(),
        fr: fr.into(),
    };
    let unit = store
        .catalog()
        .create_unit(
            &lawha_core::import::ClassLevel::Level("1AC".into()),
            "MATH",
            &titles("الكسور", ""),
        )
        .await
        .expect("unit");
    let lesson = store
        .catalog()
        .create_lesson(unit.id, &titles("تبسيط كسر", ""))
        .await
        .expect("lesson");
    let set = store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: lesson.id,
            titles: titles("تمارين", "Exercices"),
            mode: SetMode::Quiz,
            max_attempts: Some(2),
            created_by: None,
        })
        .await
        .expect("set");
    assert_eq!(set.mode, SetMode::Quiz);
    let choice = Item::new(
        "2/4 = ?",
        ItemKind::SingleChoice {
            choices: vec![Choice::new("1/2", 1.0), Choice::new("2/8", 0.0)],
        },
    );
    let short = Item::new(
        "ما اسم هذا الكسر؟",
        ItemKind::ShortAnswer {
            answers: vec![TextAnswer::new("النِّصْف")],
            case: Default::default(),
        },
    );
    let stored = store
        .catalog()
        .add_items(set.id, &[choice.clone(), short.clone()])
        .await
        .expect("items");
    assert_eq!(
        stored.iter().map(|i| i.position).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let items = store.catalog().set_items(set.id).await.expect("set items");
    assert_eq!(items[0].item, choice, "items round-trip through JSON");
    assert_eq!(
        store
            .catalog()
            .sets_of_lesson(lesson.id)
            .await
            .expect("sets")
            .len(),
        1
    );

    let pupil = store
        .accounts()
        .create_user(&NewUser {
            display_name: "Salma".into(),
            email: None,
            pupil_code: Some("D777".into()),
            password: "a long password".into(),
            locale: None,
            must_change_password: false,
        })
        .await
        .expect("pupil");
    assert!(!store
        .learning()
        .was_presented(pupil.id, items[1].id)
        .await
        .expect("presented?"));
    store
        .learning()
        .mark_presented(pupil.id, &[items[0].id, items[1].id])
        .await
        .expect("present");
    store
        .learning()
        .mark_presented(pupil.id, &[items[0].id])
        .await
        .expect("present again");
    assert!(store
        .learning()
        .was_presented(pupil.id, items[1].id)
        .await
        .expect("presented?"));

    let response = Response::ShortAnswer {
        text: "النصف".into(),
    };
    let correction = items[1].item.correct(&response).expect("correct");
    assert!(correction.correct, "diacritics do not matter");
    let event = AnswerEvent {
        id: uuid::Uuid::now_v7(),
        user_id: pupil.id,
        set_id: set.id,
        item_id: items[1].id,
        response,
        correction,
        occurred_at: store.clock().now(),
    };
    let once = std::slice::from_ref(&event);
    assert_eq!(
        store.learning().submit_answers(once).await.expect("record"),
        1
    );
    assert_eq!(
        store.learning().submit_answers(once).await.expect("retry"),
        0,
        "the same event counts once"
    );
    assert_eq!(
        store
            .learning()
            .answers_to_item(pupil.id, items[1].id)
            .await
            .expect("count"),
        1
    );

    let wrong = Response::ShortAnswer {
        text: "الربع".into(),
    };
    let later = AnswerEvent {
        id: uuid::Uuid::now_v7(),
        correction: items[1].item.correct(&wrong).expect("correct"),
        response: wrong,
        occurred_at: event.occurred_at + Duration::seconds(5),
        ..event.clone()
    };
    assert_eq!(
        store
            .learning()
            .submit_answers(std::slice::from_ref(&later))
            .await
            .expect("record later"),
        1
    );
    let latest = store
        .learning()
        .latest_answers(pupil.id, set.id)
        .await
        .expect("latest");
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0].event_id, later.id);
    assert!(!latest[0].correction.correct);
    assert_eq!(
        store
            .learning()
            .answers_to_item(pupil.id, items[1].id)
            .await
            .expect("count"),
        2
    );

    // Answers naming a stranger, an unknown item or another set's item are refused, and a
    // batch holding one of them records nothing.
    let other_set = store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: lesson.id,
            titles: titles("تمارين أخرى", "Autres exercices"),
            mode: SetMode::Practice,
            max_attempts: None,
            created_by: None,
        })
        .await
        .expect("other set");
    let fresh = |changes: &dyn Fn(&mut AnswerEvent)| {
        let mut e = AnswerEvent {
            id: uuid::Uuid::now_v7(),
            ..later.clone()
        };
        changes(&mut e);
        e
    };
    for (bad, field) in [
        (fresh(&|e| e.user_id = uuid::Uuid::now_v7()), "user_id"),
        (fresh(&|e| e.item_id = uuid::Uuid::now_v7()), "item_id"),
        (fresh(&|e| e.set_id = other_set.id), "item_id"),
    ] {
        match store
            .learning()
            .submit_answers(std::slice::from_ref(&bad))
            .await
        {
            Err(StoreError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected an invalid {field}, got {other:?}"),
        }
        let good = fresh(&|_| {});
        match store.learning().submit_answers(&[good, bad]).await {
            Err(StoreError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected an invalid {field} in the batch, got {other:?}"),
        }
    }
    assert_eq!(
        store
            .learning()
            .answers_to_item(pupil.id, items[1].id)
            .await
            .expect("count"),
        2,
        "nothing of the refused batches was kept"
    );
}
on_both!(exercises, exercises_answers_are_recorded_once);
