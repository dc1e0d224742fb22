//! Broken uniqueness rules come back as the rule they broke, named by the constraint, on
//! both engines.

#![allow(clippy::unwrap_used)]

use lawha_core::import::ClassLevel;
use lawha_store::on_both;
use lawha_store::testing::{school_with_class, TestStore};
use lawha_store::{ClassInput, NewUser, StoreError, Unique};

fn pupil(name: &str, code: &str) -> NewUser {
    NewUser {
        display_name: name.into(),
        email: None,
        pupil_code: Some(code.into()),
        password: "cahier-bleu-42".into(),
        locale: None,
        must_change_password: false,
    }
}

async fn each_rule_is_named(store: TestStore) {
    let (school, class) = school_with_class(&store, "06", "20300A").await;

    let province = store
        .org()
        .create_province(school.region_id, "P-20300A", "مديرية", "Direction")
        .await;
    assert!(
        matches!(province, Err(StoreError::Taken(Unique::OrgCode))),
        "{province:?}"
    );

    let same_name = store
        .org()
        .create_class(&ClassInput {
            school_id: school.id,
            name: class.name.clone(),
            school_year: class.school_year.clone(),
            level: ClassLevel::Level("1AC".into()),
        })
        .await;
    assert!(
        matches!(same_name, Err(StoreError::Taken(Unique::ClassName))),
        "{same_name:?}"
    );

    store
        .accounts()
        .create_user(&pupil("Amina", "P20300"))
        .await
        .unwrap();
    let same_code = store
        .accounts()
        .create_user(&pupil("Autre", "P20300"))
        .await;
    assert!(
        matches!(same_code, Err(StoreError::Taken(Unique::PupilCode))),
        "{same_code:?}"
    );
    assert_eq!(Unique::PupilCode.code(), "pupil-code-taken");
}
on_both!(each_rule_is_named);
