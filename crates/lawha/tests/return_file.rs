//! `lawha sync import` of a return file, as the platform's operator runs it, on both
//! engines: the first run says what it recorded; a second run of the same file says that
//! nothing new was recorded, rather than the first run's counts again (a batch applied
//! before is answered with the acknowledgement recorded then).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use lawha_core::exercise::{Item, ItemKind};
use lawha_core::role::{Grant, Role};
use lawha_store::schoolbag::PackSelection;
use lawha_store::testing::{self, SubmitShown};
use lawha_store::{on_both, Backend, Store};
use support::{lawha, succeeded, text};
use uuid::Uuid;

async fn a_return_file_imported_again_records_nothing_new(backend: Backend) {
    let work = tempfile::tempdir().unwrap();
    // Kept to the end: the database is dropped with it.
    let database = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(testing::postgres_database().await),
    };
    let url = match &database {
        None => format!("sqlite://{}", work.path().join("lawha.sqlite").display()),
        Some(database) => database.url().to_owned(),
    };
    let platform = Store::connect(&url).await.unwrap();
    platform.migrate().await.unwrap();

    // The platform: a school, its pupil and admin, a 1AC MATH set, the school's node.
    let (school, class) = testing::school_with_class(&platform, "06", "RETF").await;
    let pupil = testing::pupil(&platform, "RETFP1", "RETFP1").await;
    let grant = Grant::new(Role::Pupil, class.scope()).unwrap();
    platform
        .accounts()
        .add_grant(pupil.id, &grant)
        .await
        .unwrap();
    let admin = testing::pupil(&platform, "RETFA", "RETFA").await;
    let admin_grants = vec![Grant::new(Role::SchoolAdmin, school.scope()).unwrap()];
    platform
        .accounts()
        .add_grant(admin.id, &admin_grants[0])
        .await
        .unwrap();
    let items: Vec<Item> = (0..2)
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
        .collect();
    let (_, set, _) = testing::practice_set(&platform, &items).await;
    let identity = testing::registered_node(&platform, school.id, admin.id, &admin_grants, 3).await;

    // The node: the school's pack applied, two answers given there, a return file written.
    let node = testing::sqlite().await;
    let pack = platform
        .schoolbag()
        .select(&PackSelection {
            levels: vec!["1AC".into()],
            subjects: vec!["MATH".into()],
            school: Some(school.id),
            ..PackSelection::default()
        })
        .await
        .unwrap();
    node.schoolbag().apply_pack_content(&pack).await.unwrap();
    for item in node.catalog().set_items(set.id).await.unwrap() {
        let answer = testing::true_answer(Uuid::now_v7(), pupil.id, &item, node.clock().now());
        node.submit_shown(&answer).await.unwrap();
    }
    let file = work.path().join("return.jsonl");
    let written = node
        .sync()
        .write_return_file(&identity, 1, "test", std::fs::File::create(&file).unwrap())
        .await
        .unwrap();
    assert_eq!(written, 2, "one answer a batch");
    let events = || async { platform.raw_events_for_tests().await.unwrap().len() };
    assert_eq!(events().await, 0);

    let data_dir = work.path().join("platform");
    std::fs::create_dir_all(&data_dir).unwrap();
    let env = [
        ("LAWHA_DATA_DIR", text(&data_dir)),
        ("LAWHA_DATABASE_URL", url.as_str()),
    ];
    let import = || succeeded(&lawha(&["sync", "import", text(&file)], &env));
    let first = import();
    assert!(
        first.contains("2 batches applied (0 applied before): 2 new answers"),
        "{first}"
    );
    assert_eq!(events().await, 2);

    let second = import();
    assert!(
        second.contains("all 2 batches were applied before: nothing new was recorded"),
        "{second}"
    );
    assert!(!second.contains("new answers"), "{second}");
    assert_eq!(events().await, 2);

    // One more answer, and a file written again (the node's cursor has not moved: its
    // batches are made anew, their old answers counted once): only the new one counts.
    let third_answer = {
        let items = node.catalog().set_items(set.id).await.unwrap();
        testing::true_answer(Uuid::now_v7(), pupil.id, &items[0], node.clock().now())
    };
    node.submit_shown(&third_answer).await.unwrap();
    node.sync()
        .write_return_file(&identity, 1, "test", std::fs::File::create(&file).unwrap())
        .await
        .unwrap();
    let third = import();
    assert!(
        third.contains("3 batches applied (0 applied before): 1 new answers"),
        "{third}"
    );
    assert_eq!(events().await, 3);
    platform.close().await;
}
on_both!(a_return_file_imported_again_records_nothing_new);
