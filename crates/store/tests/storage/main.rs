//! The storage story, told once and run against SQLite and a real PostgreSQL: one module per
//! capability, sharing the fixtures below.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod accounts;
mod csv_import;
mod curriculum;
mod exercises;
mod org;

use chrono::Duration;
use lawha_core::import::{self, ImportKind};
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::accounts::import::RowAction;
use lawha_store::on_both;
use lawha_store::testing::{self, TestStore};
use lawha_store::{
    Backend, ClassInput, ListFilter, NewUser, Page, SchoolInput, SchoolKind, Store, StoreError,
    Unique, User, UserEdit,
};

struct Org {
    region: lawha_store::Region,
    school: lawha_store::School,
    class: lawha_store::Class,
}

async fn org(store: &Store, school_code: &str) -> Org {
    let region = store.org().region_by_code("06").await.expect("region 06");
    let province = match store
        .org()
        .provinces(Some(region.id))
        .await
        .expect("provinces")
        .first()
    {
        Some(p) => p.clone(),
        None => store
            .org()
            .create_province(region.id, "CASA-ANFA", "أنفا", "Anfa")
            .await
            .expect("province"),
    };
    let school = store
        .org()
        .create_school(&SchoolInput {
            province_id: province.id,
            code: school_code.into(),
            kind: SchoolKind::School,
            name_ar: "إعدادية ابن سينا".into(),
            name_fr: "Collège Ibn Sina".into(),
        })
        .await
        .expect("school");
    let class = store
        .org()
        .create_class(&ClassInput {
            school_id: school.id,
            name: "1AC-1".into(),
            school_year: "2025-2026".into(),
            level: import::ClassLevel::Level("1AC".into()),
        })
        .await
        .expect("class");
    Org {
        region,
        school,
        class,
    }
}

fn user(name: &str, email: Option<&str>, code: Option<&str>) -> NewUser {
    NewUser {
        display_name: name.into(),
        email: email.map(Into::into),
        pupil_code: code.map(Into::into),
        password: "cahier-bleu-42".into(),
        locale: None,
        must_change_password: false,
    }
}

/// A new account made of [`user`]'s fields.
async fn new_user(store: &Store, name: &str, email: Option<&str>, code: Option<&str>) -> User {
    store
        .accounts()
        .create_user(&user(name, email, code))
        .await
        .expect("user")
}

fn admin_of(scope: Scope, role: Role) -> Vec<Grant> {
    vec![Grant { role, scope }]
}

async fn org_school(store: &Store, code: &str, province: uuid::Uuid) -> lawha_store::School {
    store
        .org()
        .create_school(&SchoolInput {
            province_id: province,
            code: code.into(),
            kind: SchoolKind::School,
            name_ar: "ثانوية".into(),
            name_fr: "Lycée".into(),
        })
        .await
        .expect("school")
}

#[test]
fn both_backends_are_named() {
    assert_eq!(Backend::Sqlite.name(), "sqlite");
    assert_eq!(Backend::Postgres.name(), "postgres");
    let _ = testing::both;
}
