//! The storage story, told once and run against SQLite and a real PostgreSQL.

#![allow(clippy::expect_used, clippy::unwrap_used)]

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

async fn reference_lists_load_idempotently(store: TestStore) {
    store.migrate().await.expect("second migrate is a no-op");
    assert_eq!(store.org().regions().await.expect("regions").len(), 12);
    let levels = store.org().levels_and_programmes().await.expect("levels");
    assert_eq!(
        levels
            .iter()
            .filter(|l| l.cycle != "vocational" && l.cycle != "preparatory")
            .count(),
        26
    );
    assert_eq!(levels.first().map(|l| l.code.as_str()), Some("1AP"));
    store.ping().await.expect("ping");
}
on_both!(reference_lists, reference_lists_load_idempotently);

async fn organisation_is_scoped_and_searchable(store: TestStore) {
    let org = org(&store, "20001A").await;
    let other_region = store.org().region_by_code("01").await.expect("region 01");
    let national = ListFilter {
        scopes: vec![Scope::National],
        ..Default::default()
    };
    let page = Page::new(1, 20);
    assert_eq!(
        store
            .org()
            .list_schools(&national, page)
            .await
            .expect("list")
            .total,
        1
    );
    let regional = ListFilter {
        scopes: vec![Scope::Region {
            region: org.region.id,
        }],
        ..Default::default()
    };
    assert_eq!(
        store
            .org()
            .list_schools(&regional, page)
            .await
            .expect("list")
            .total,
        1
    );
    let elsewhere = ListFilter {
        scopes: vec![Scope::Region {
            region: other_region.id,
        }],
        ..Default::default()
    };
    assert_eq!(
        store
            .org()
            .list_schools(&elsewhere, page)
            .await
            .expect("list")
            .total,
        0
    );
    let nobody = ListFilter::default();
    assert_eq!(
        store
            .org()
            .list_schools(&nobody, page)
            .await
            .expect("list")
            .total,
        0
    );

    let search = |q: &str| ListFilter {
        scopes: vec![Scope::National],
        query: Some(q.into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .org()
            .list_schools(&search("ibn"), page)
            .await
            .expect("search")
            .total,
        1
    );
    assert_eq!(
        store
            .org()
            .list_schools(&search("سينا"), page)
            .await
            .expect("search")
            .total,
        1
    );
    assert_eq!(
        store
            .org()
            .list_schools(&search("100%"), page)
            .await
            .expect("search")
            .total,
        0
    );

    // Deactivated schools leave default listings but stay reachable.
    store
        .org()
        .set_school_active(org.school.id, false)
        .await
        .expect("deactivate");
    assert_eq!(
        store
            .org()
            .list_schools(&national, page)
            .await
            .expect("list")
            .total,
        0
    );
    let all = ListFilter {
        include_inactive: true,
        ..national.clone()
    };
    assert_eq!(
        store
            .org()
            .list_schools(&all, page)
            .await
            .expect("list")
            .total,
        1
    );

    // Duplicate codes and bad names are refused with stable codes.
    let school = |code: &str, name_ar: &str| SchoolInput {
        province_id: org.school.province_id,
        code: code.into(),
        kind: SchoolKind::School,
        name_ar: name_ar.into(),
        name_fr: "École".into(),
    };
    let dup = store.org().create_school(&school("20001a", "مدرسة")).await;
    assert!(
        matches!(dup, Err(StoreError::Taken(Unique::OrgCode))),
        "{dup:?}"
    );
    let empty = store.org().create_school(&school("X1", " ")).await;
    assert!(
        matches!(
            empty,
            Err(StoreError::Invalid {
                field: "name_ar",
                ..
            })
        ),
        "{empty:?}"
    );

    let classes = store.org().list_classes(&all, page).await.expect("classes");
    assert_eq!(
        classes.items.first().map(|c| c.class.id),
        Some(org.class.id)
    );
}
on_both!(organisation, organisation_is_scoped_and_searchable);

async fn paging_counts_and_orders(store: TestStore) {
    let org = org(&store, "20002B").await;
    for i in 0..25 {
        store
            .org()
            .create_class(&ClassInput {
                school_id: org.school.id,
                name: format!("2AC-{i:02}"),
                school_year: "2025-2026".into(),
                level: import::ClassLevel::Level("2AC".into()),
            })
            .await
            .expect("class");
    }
    let filter = ListFilter {
        scopes: vec![org.school.scope()],
        ..Default::default()
    };
    let first = store
        .org()
        .list_classes(&filter, Page::new(1, 10))
        .await
        .expect("page 1");
    let third = store
        .org()
        .list_classes(&filter, Page::new(3, 10))
        .await
        .expect("page 3");
    assert_eq!(first.total, 26);
    assert_eq!(first.pages(), 3);
    assert_eq!(first.items.len(), 10);
    assert_eq!(third.items.len(), 6);
    assert!(first.has_next() && !third.has_next());
}
on_both!(paging, paging_counts_and_orders);

async fn accounts_sign_in_by_email_or_code(store: TestStore) {
    let teacher = new_user(&store, "Amina Alaoui", Some("Amina@Ecole.ma"), None).await;
    let pupil = new_user(&store, "يوسف الإدريسي", None, Some("j130000001")).await;
    assert_eq!(teacher.email.as_deref(), Some("amina@ecole.ma"));
    assert_eq!(pupil.pupil_code.as_deref(), Some("J130000001"));

    let ok = store
        .accounts()
        .verify_credentials(" AMINA@ecole.ma", "cahier-bleu-42")
        .await
        .expect("verify");
    assert_eq!(ok.map(|u| u.id), Some(teacher.id));
    let ok = store
        .accounts()
        .verify_credentials("J130000001", "cahier-bleu-42")
        .await
        .expect("verify");
    assert_eq!(ok.map(|u| u.id), Some(pupil.id));
    assert!(store
        .accounts()
        .verify_credentials("j130000001", "wrong-password")
        .await
        .expect("verify")
        .is_none());
    assert!(store
        .accounts()
        .verify_credentials("nobody@ecole.ma", "cahier-bleu-42")
        .await
        .expect("verify")
        .is_none());

    let dup = store
        .accounts()
        .create_user(&user("Autre", Some("amina@ecole.ma"), None))
        .await;
    assert!(
        matches!(dup, Err(StoreError::Taken(Unique::Email))),
        "{dup:?}"
    );
    let weak = store
        .accounts()
        .create_user(&NewUser {
            password: "short".into(),
            ..user("X Y", Some("x@y.ma"), None)
        })
        .await;
    assert!(
        matches!(
            weak,
            Err(StoreError::Invalid {
                field: "password",
                ..
            })
        ),
        "{weak:?}"
    );

    // A password change ends sessions and forces nothing unless asked.
    let token = store
        .accounts()
        .create_session(teacher.id, Duration::hours(1))
        .await
        .expect("session");
    store
        .accounts()
        .set_password(teacher.id, "nouveau-secret-7", true)
        .await
        .expect("reset");
    assert!(store
        .accounts()
        .session(&token)
        .await
        .expect("lookup")
        .is_none());
    assert!(store
        .accounts()
        .check_password(teacher.id, "nouveau-secret-7")
        .await
        .expect("check"));
    assert!(
        store
            .accounts()
            .user(teacher.id)
            .await
            .expect("user")
            .must_change_password
    );

    // Deactivated accounts cannot sign in.
    store
        .accounts()
        .set_user_active(pupil.id, false)
        .await
        .expect("deactivate");
    assert!(store
        .accounts()
        .verify_credentials("J130000001", "cahier-bleu-42")
        .await
        .expect("verify")
        .is_none());

    let edited = store
        .accounts()
        .update_user(
            teacher.id,
            &UserEdit {
                display_name: "Amina  El Alaoui".into(),
                email: Some("amina@ecole.ma".into()),
                pupil_code: None,
                locale: Some(lawha_core::Locale::Fr),
            },
        )
        .await
        .expect("edit");
    assert_eq!(edited.display_name, "Amina El Alaoui");
    assert_eq!(edited.locale, Some(lawha_core::Locale::Fr));
}
on_both!(accounts, accounts_sign_in_by_email_or_code);

async fn grants_scope_people_listings(store: TestStore) {
    let org = org(&store, "20003C").await;
    let teacher = new_user(&store, "Karim Tazi", Some("karim@ecole.ma"), None).await;
    let pupil = new_user(&store, "Salma Bennani", None, Some("J130000002")).await;
    let lone = new_user(&store, "Sans Rôle", Some("lone@ecole.ma"), None).await;
    let teaches = Grant {
        role: Role::Teacher,
        scope: org.school.scope(),
    };
    let learns = Grant {
        role: Role::Pupil,
        scope: org.class.scope(),
    };
    store
        .accounts()
        .add_grant(teacher.id, &teaches)
        .await
        .expect("grant");
    store
        .accounts()
        .add_grant(pupil.id, &learns)
        .await
        .expect("grant");
    // Idempotent.
    store
        .accounts()
        .add_grant(pupil.id, &learns)
        .await
        .expect("grant");
    store
        .accounts()
        .assign_teacher(org.class.id, teacher.id, Some("MATH"))
        .await
        .expect("assign");

    let grants = store.accounts().grants(pupil.id).await.expect("grants");
    assert_eq!(grants.len(), 1);
    assert_eq!(grants.first().map(|g| g.scope), Some(org.class.scope()));

    let page = Page::new(1, 50);
    let school_view = ListFilter {
        scopes: vec![org.school.scope()],
        ..Default::default()
    };
    let listed = store
        .accounts()
        .list_users(&school_view, page)
        .await
        .expect("users");
    let ids: Vec<_> = listed.items.iter().map(|u| u.id).collect();
    assert!(ids.contains(&teacher.id) && ids.contains(&pupil.id) && !ids.contains(&lone.id));
    let pupils_only = ListFilter {
        role: Some(Role::Pupil),
        ..school_view.clone()
    };
    assert_eq!(
        store
            .accounts()
            .list_users(&pupils_only, page)
            .await
            .expect("users")
            .total,
        1
    );
    let national = ListFilter {
        scopes: vec![Scope::National],
        ..Default::default()
    };
    assert_eq!(
        store
            .accounts()
            .list_users(&national, page)
            .await
            .expect("users")
            .total,
        3
    );
    let other = store.org().region_by_code("02").await.expect("region");
    let elsewhere = ListFilter {
        scopes: vec![Scope::Region { region: other.id }],
        ..Default::default()
    };
    assert_eq!(
        store
            .accounts()
            .list_users(&elsewhere, page)
            .await
            .expect("users")
            .total,
        0
    );

    let taught = store
        .accounts()
        .classes_of(teacher.id)
        .await
        .expect("classes");
    assert_eq!(taught.first().map(|c| c.pupils), Some(1));
    assert_eq!(
        store
            .accounts()
            .class_members(org.class.id)
            .await
            .expect("members")
            .len(),
        1
    );
    let counts = store
        .accounts()
        .scope_counts(&[org.school.scope()])
        .await
        .expect("counts");
    assert_eq!(
        (
            counts.schools,
            counts.classes,
            counts.pupils,
            counts.teachers
        ),
        (1, 1, 1, 1)
    );

    let parent = new_user(&store, "Parent", Some("parent@ecole.ma"), None).await;
    store
        .accounts()
        .link_parent(parent.id, pupil.id)
        .await
        .expect("link");
    store
        .accounts()
        .link_parent(parent.id, pupil.id)
        .await
        .expect("link twice");
    assert_eq!(
        store
            .accounts()
            .children_of(parent.id)
            .await
            .expect("children")
            .len(),
        1
    );

    let grant_id = grants.first().map(|g| g.id).expect("grant id");
    store
        .accounts()
        .remove_grant(pupil.id, grant_id)
        .await
        .expect("remove");
    assert!(store
        .accounts()
        .grants(pupil.id)
        .await
        .expect("grants")
        .is_empty());
}
on_both!(grants, grants_scope_people_listings);

async fn sessions_expire_and_end(store: TestStore) {
    let u = new_user(&store, "Hind Amrani", Some("hind@ecole.ma"), None).await;
    let token = store
        .accounts()
        .create_session(u.id, Duration::hours(2))
        .await
        .expect("session");
    let session = store
        .accounts()
        .session(&token)
        .await
        .expect("lookup")
        .expect("live session");
    assert_eq!(session.user.id, u.id);
    assert_eq!(session.csrf_token.len(), 64);
    assert!(store
        .accounts()
        .session("not-a-token")
        .await
        .expect("lookup")
        .is_none());
    store
        .accounts()
        .delete_session(&token)
        .await
        .expect("sign out");
    assert!(store
        .accounts()
        .session(&token)
        .await
        .expect("lookup")
        .is_none());

    let expired = store
        .accounts()
        .create_session(u.id, Duration::seconds(-1))
        .await
        .expect("session");
    assert!(store
        .accounts()
        .session(&expired)
        .await
        .expect("lookup")
        .is_none());
    assert_eq!(
        store
            .accounts()
            .purge_expired(store.clock().now())
            .await
            .expect("purge"),
        1
    );

    let key = lawha_store::account_throttle_key("Hind@ecole.ma");
    assert!(
        !key.contains("hind"),
        "throttle keys must not hold the identifier"
    );
}
on_both!(sessions, sessions_expire_and_end);

fn parsed(kind: ImportKind, csv: &str) -> import::ParsedImport {
    import::parse(kind, csv.as_bytes()).unwrap_or_else(|e| panic!("fixture parses: {e:?}"))
}

async fn csv_import_is_all_or_nothing_and_idempotent(store: TestStore) {
    let org = org(&store, "20004D").await;
    let admin = admin_of(org.school.scope(), Role::SchoolAdmin);

    let classes = parsed(ImportKind::Classes, "school_code,class_name,level_code,school_year\n20004D,1AC-2,1AC,2025-2026\n20004D,1AC-1,1AC,2025-2026\n");
    let plan = store
        .accounts()
        .plan_import(&classes, &admin)
        .await
        .expect("plan");
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(
        (
            plan.count(RowAction::Create),
            plan.count(RowAction::Unchanged)
        ),
        (1, 1)
    );
    // The dry run wrote nothing.
    assert!(store
        .org()
        .find_class(org.school.id, "2025-2026", "1AC-2")
        .await
        .expect("find")
        .is_none());
    let done = store
        .accounts()
        .apply_import(&classes, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!((done.created, done.unchanged), (1, 1));

    let pupils_csv =
        "school_code,class_name,school_year,pupil_code,last_name,first_name,parent_email\n\
        20004D,1AC-1,2025-2026,J140000001,Berrada,Omar,\n\
        20004D,1AC-2,2025-2026,J140000002,Chraibi,Nour,famille.chraibi@example.ma\n";
    let pupils = parsed(ImportKind::Pupils, pupils_csv);
    let done = store
        .accounts()
        .apply_import(&pupils, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!(done.created, 2);
    assert_eq!(
        done.credentials.len(),
        3,
        "two pupils and one parent get initial passwords"
    );
    let nour = done
        .credentials
        .iter()
        .find(|c| c.login == "J140000002")
        .expect("credential");
    let signed_in = store
        .accounts()
        .verify_credentials("J140000002", &nour.password)
        .await
        .expect("verify")
        .expect("signs in");
    assert!(signed_in.must_change_password);
    assert_eq!(signed_in.display_name, "Nour Chraibi");

    // Importing the same file again changes nothing and creates no account.
    let again = store
        .accounts()
        .apply_import(&pupils, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert!(again.credentials.is_empty());

    // One bad row (an unknown class) and the whole file is refused: nothing written.
    let bad = parsed(
        ImportKind::Pupils,
        "school_code,class_name,school_year,pupil_code,last_name,first_name\n\
        20004D,1AC-1,2025-2026,J140000003,Fassi,Adam\n\
        20004D,9Z-9,2025-2026,J140000004,Lahlou,Ines\n",
    );
    let refused = store
        .accounts()
        .apply_import(&bad, &admin)
        .await
        .expect("apply");
    let errors = refused.expect_err("row errors");
    assert_eq!(errors.len(), 1);
    let e = errors.first().expect("one error");
    assert_eq!(
        (e.row, e.column.as_deref(), e.code),
        (3, Some("class_name"), "unknown-class")
    );
    assert!(store
        .accounts()
        .verify_credentials("J140000003", "x")
        .await
        .expect("verify")
        .is_none());
    let members = store
        .accounts()
        .class_members(org.class.id)
        .await
        .expect("members");
    assert_eq!(
        members.len(),
        1,
        "the valid row of the refused file was not written"
    );

    // A school admin cannot import into another school.
    let other = org_school(&store, "20005E", org.school.province_id).await;
    let foreign = parsed(
        ImportKind::Classes,
        &format!(
            "school_code,class_name,level_code,school_year\n{},3AC-1,3AC,2025-2026\n",
            other.code
        ),
    );
    let plan = store
        .accounts()
        .plan_import(&foreign, &admin)
        .await
        .expect("plan");
    assert_eq!(
        plan.errors.first().map(|e| e.code),
        Some("school-out-of-scope")
    );

    // Teachers: linked to the classes they teach; re-import is unchanged.
    let teachers = parsed(
        ImportKind::Teachers,
        "school_code,email,last_name,first_name,school_year,classes,subject\n\
        20004D,prof.math@example.ma,Idrissi,Leila,2025-2026,1AC-1;1AC-2,MATH\n",
    );
    let done = store
        .accounts()
        .apply_import(&teachers, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!(done.created, 1);
    let again = store
        .accounts()
        .apply_import(&teachers, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!(again.unchanged, 1);
    let prof = done.credentials.first().expect("credential");
    let prof = store
        .accounts()
        .verify_credentials(&prof.login, &prof.password)
        .await
        .expect("verify")
        .expect("signs in");
    assert_eq!(
        store
            .accounts()
            .classes_of(prof.id)
            .await
            .expect("classes")
            .len(),
        2
    );

    // Moving a pupil to another class is an update, not a second membership.
    let moved = parsed(
        ImportKind::Pupils,
        "school_code,class_name,school_year,pupil_code,last_name,first_name\n\
        20004D,1AC-2,2025-2026,J140000001,Berrada,Omar\n",
    );
    let done = store
        .accounts()
        .apply_import(&moved, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!(done.updated, 1);
    assert!(store
        .accounts()
        .class_members(org.class.id)
        .await
        .expect("members")
        .is_empty());
}
on_both!(csv_import, csv_import_is_all_or_nothing_and_idempotent);

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

async fn account_and_first_role_are_created_together_or_not_at_all(store: TestStore) {
    let new = NewUser {
        display_name: "Salma Bennani".into(),
        email: None,
        pupil_code: Some("D900".into()),
        password: "a long password".into(),
        locale: None,
        must_change_password: true,
    };
    // A class that does not exist: the grant fails its foreign key, so the account must not
    // stay behind without a role.
    let ghost = Scope::Class {
        region: uuid::Uuid::now_v7(),
        school: uuid::Uuid::now_v7(),
        class: uuid::Uuid::now_v7(),
    };
    let grant = Grant::new(Role::Pupil, ghost).expect("grant");
    assert!(store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
        .is_err());
    assert!(store
        .accounts()
        .verify_credentials("D900", "a long password")
        .await
        .expect("verify")
        .is_none());

    let o = org(&store, "SCH-TX").await;
    let grant = Grant::new(Role::Pupil, o.class.scope()).expect("grant");
    let user = store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
        .expect("create");
    let grants = store.accounts().grants(user.id).await.expect("grants");
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].role, Role::Pupil);
}
on_both!(
    create_with_grant,
    account_and_first_role_are_created_together_or_not_at_all
);

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
