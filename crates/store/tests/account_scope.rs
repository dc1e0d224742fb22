//! Admins change only accounts lying wholly inside their scopes, on SQLite and PostgreSQL:
//! CSV imports naming an account of another school or region (rename, new grant, pupil
//! moved, parent linked) are refused on that row with nothing written, the admin writes
//! refuse such accounts even when a grant in the admin's school was somehow added to them,
//! and applying a plan checks again inside its transaction.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use lawha_core::import::{self, codes, ImportKind, RowError};
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::accounts::import::ImportPlan;
use lawha_store::on_both;
use lawha_store::testing::{school_with_class, TestStore};
use lawha_store::{Class, NewUser, School, Store, UserEdit};
use lawha_store::{StoreError, User};
use uuid::Uuid;

const PASSWORD: &str = "cahier-bleu-42";

async fn account(store: &Store, name: &str, login: &str, grant: Option<(Role, Scope)>) -> User {
    let (email, code) = if login.contains('@') {
        (Some(login.to_string()), None)
    } else {
        (None, Some(login.to_string()))
    };
    let new = NewUser {
        display_name: name.into(),
        email,
        pupil_code: code,
        password: PASSWORD.into(),
        locale: None,
        must_change_password: false,
    };
    let grant = grant.map(|(role, scope)| Grant::new(role, scope).unwrap());
    store
        .accounts()
        .create_user_with_grant(&new, grant.as_ref())
        .await
        .unwrap()
}

/// Gives `user` the grant of `role` in `scope`, as the system does (no admin's check).
async fn add_grant(store: &Store, user: &User, role: Role, scope: Scope) {
    let grant = Grant::new(role, scope).unwrap();
    store.accounts().add_grant(user.id, &grant).await.unwrap();
}

fn admin(role: Role, scope: Scope) -> Vec<Grant> {
    vec![Grant::new(role, scope).unwrap()]
}

/// School A (the school admin's) and A2 in region 06, school B in region 01, and accounts
/// in each; only `teacher_a` and `pupil_a` lie inside school A.
struct World {
    a: School,
    class_a: Class,
    b: School,
    class_b: Class,
    teacher_a: User,
    pupil_a: User,
    teacher_a2: User,
    pupil_a2: User,
    teacher_b: User,
    pupil_b: User,
    producer: User,
    /// An account without any grant.
    loner: User,
}

async fn world(store: &Store) -> World {
    let (a, class_a) = school_with_class(store, "06", "20100A").await;
    let (a2, class_a2) = school_with_class(store, "06", "20100B").await;
    let (b, class_b) = school_with_class(store, "01", "20100C").await;
    let teacher = |s: &School| Some((Role::Teacher, s.scope()));
    let pupil = |c: &Class| Some((Role::Pupil, c.scope()));
    World {
        teacher_a: account(store, "Prof A", "t.a@example.ma", teacher(&a)).await,
        pupil_a: account(store, "Pupil A", "J100000001", pupil(&class_a)).await,
        teacher_a2: account(store, "Prof A2", "t.a2@example.ma", teacher(&a2)).await,
        pupil_a2: account(store, "Pupil A2", "J100000002", pupil(&class_a2)).await,
        teacher_b: account(store, "Prof B", "t.b@example.ma", teacher(&b)).await,
        pupil_b: account(store, "Pupil B", "J100000003", pupil(&class_b)).await,
        producer: account(
            store,
            "Producer",
            "prod@example.ma",
            Some((Role::Producer, Scope::National)),
        )
        .await,
        loner: account(store, "Loner", "loner@example.ma", None).await,
        a,
        class_a,
        b,
        class_b,
    }
}

/// Everything an import or an admin form could change about an account.
#[derive(Debug, PartialEq)]
struct Snapshot {
    name: String,
    active: bool,
    must_change_password: bool,
    grants: Vec<(Role, lawha_core::ScopeKey)>,
    classes: Vec<Uuid>,
    children: Vec<Uuid>,
    password_unchanged: bool,
}

async fn snapshot(store: &Store, user: &User) -> Snapshot {
    let stored = store.accounts().user(user.id).await.unwrap();
    let mut grants: Vec<(Role, lawha_core::ScopeKey)> = store
        .accounts()
        .grants(user.id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.role, g.scope.key()))
        .collect();
    grants.sort();
    let mut classes: Vec<Uuid> = store
        .accounts()
        .classes_of(user.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.class.id)
        .collect();
    classes.sort();
    let children = store
        .accounts()
        .children_of(user.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    Snapshot {
        name: stored.display_name.clone(),
        active: stored.active,
        must_change_password: stored.must_change_password,
        grants,
        classes,
        children,
        password_unchanged: store
            .accounts()
            .check_password(user.id, PASSWORD)
            .await
            .unwrap(),
    }
}

async fn snapshots(store: &Store, users: &[&User]) -> Vec<Snapshot> {
    let mut out = Vec::new();
    for u in users {
        out.push(snapshot(store, u).await);
    }
    out
}

fn parsed(kind: ImportKind, csv: &str) -> import::ParsedImport {
    import::parse(kind, csv.as_bytes()).unwrap_or_else(|e| panic!("fixture parses: {e:?}"))
}

fn faults(errors: &[RowError]) -> Vec<(usize, &str, &str)> {
    errors
        .iter()
        .map(|e| (e.row, e.column.as_deref().unwrap_or_default(), e.code))
        .collect()
}

/// Plans `import` as `admin`; nothing is wrong with it yet.
async fn clean_plan(store: &Store, import: &import::ParsedImport, admin: &[Grant]) -> ImportPlan {
    let plan = store.accounts().plan_import(import, admin).await.unwrap();
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    plan
}

/// Applies `plan`, gone stale since it was drawn up, and checks that it is refused on `row`
/// and `column` as out of the importer's scope, with `untouched` as it was.
async fn assert_refused_out_of_scope(
    store: &Store,
    plan: &ImportPlan,
    untouched: &User,
    row: usize,
    column: &str,
) {
    let before = snapshot(store, untouched).await;
    let refused = store
        .accounts()
        .apply_plan(plan)
        .await
        .unwrap()
        .expect_err("stale");
    assert_eq!(
        faults(&refused),
        vec![(row, column, codes::ACCOUNT_OUT_OF_SCOPE)]
    );
    assert_eq!(snapshot(store, untouched).await, before);
}

const TEACHERS: &str = "school_code,email,last_name,first_name,school_year,classes,subject\n";
const PUPILS: &str =
    "school_code,class_name,school_year,pupil_code,last_name,first_name,parent_email\n";

async fn imports_never_touch_accounts_outside_the_importer_scope(store: TestStore) {
    let w = world(&store).await;
    let school_admin = admin(Role::SchoolAdmin, w.a.scope());
    let outside = [
        &w.teacher_a2,
        &w.pupil_a2,
        &w.teacher_b,
        &w.pupil_b,
        &w.producer,
        &w.loner,
    ];
    let before = snapshots(&store, &outside).await;

    // Teachers file: a rename (another school of the region), a grant added to an
    // unchanged name (another region), a national producer and an account without grants;
    // the in-scope row beside them is fine but the file is refused whole.
    let teachers = parsed(
        ImportKind::Teachers,
        &format!(
            "{TEACHERS}\
            20100A,t.a2@example.ma,Pirate,Renamed,2025-2026,1AC-1,MATH\n\
            20100A,t.b@example.ma,B,Prof,2025-2026,1AC-1,MATH\n\
            20100A,prod@example.ma,Producer,X,2025-2026,,\n\
            20100A,loner@example.ma,Loner,X,2025-2026,,\n\
            20100A,t.a@example.ma,A,Prof,2025-2026,1AC-1,MATH\n"
        ),
    );
    // Pupils file: pupils of another school and another region moved into class A, and
    // teachers of those schools linked as parents of a new pupil of class A.
    let pupils = parsed(
        ImportKind::Pupils,
        &format!(
            "{PUPILS}\
            20100A,1AC-1,2025-2026,J100000002,A2,Pupil,\n\
            20100A,1AC-1,2025-2026,J100000003,B,Pupil,\n\
            20100A,1AC-1,2025-2026,J100000011,Nouveau,Un,t.b@example.ma\n\
            20100A,1AC-1,2025-2026,J100000012,Nouveau,Deux,t.a2@example.ma\n\
            20100A,1AC-1,2025-2026,J100000013,Nouveau,Trois,parent.ok@example.ma\n"
        ),
    );
    let expected_teachers = vec![
        (2, "email", codes::ACCOUNT_OUT_OF_SCOPE),
        (3, "email", codes::ACCOUNT_OUT_OF_SCOPE),
        (4, "email", codes::ACCOUNT_OUT_OF_SCOPE),
        (5, "email", codes::ACCOUNT_OUT_OF_SCOPE),
    ];
    let expected_pupils = vec![
        (2, "pupil_code", codes::ACCOUNT_OUT_OF_SCOPE),
        (3, "pupil_code", codes::ACCOUNT_OUT_OF_SCOPE),
        (4, "parent_email", codes::ACCOUNT_OUT_OF_SCOPE),
        (5, "parent_email", codes::ACCOUNT_OUT_OF_SCOPE),
    ];
    for (file, expected) in [(&teachers, &expected_teachers), (&pupils, &expected_pupils)] {
        let plan = store
            .accounts()
            .plan_import(file, &school_admin)
            .await
            .unwrap();
        assert_eq!(&faults(&plan.errors), expected);
        let applied = store
            .accounts()
            .apply_import(file, &school_admin)
            .await
            .unwrap();
        let errors = applied.expect_err("the file is refused");
        assert_eq!(&faults(&errors), expected);
    }
    assert_eq!(snapshots(&store, &outside).await, before);
    assert!(store
        .accounts()
        .verify_credentials("J100000013", "x")
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        store
            .accounts()
            .class_members(w.class_a.id)
            .await
            .unwrap()
            .len(),
        1,
        "nobody joined class A"
    );

    // The regional admin of 06 covers school A2 but not school B: the same files fail on
    // region 01's accounts (and the national and grant-less ones) only.
    let regional = admin(
        Role::RegionalAdmin,
        Scope::Region {
            region: w.a.region_id,
        },
    );
    let plan = store
        .accounts()
        .plan_import(&teachers, &regional)
        .await
        .unwrap();
    assert_eq!(faults(&plan.errors), expected_teachers[1..].to_vec());
    let plan = store
        .accounts()
        .plan_import(&pupils, &regional)
        .await
        .unwrap();
    assert_eq!(
        faults(&plan.errors),
        vec![expected_pupils[1], expected_pupils[2]]
    );

    // Accounts wholly inside the scope are still updated, and the ministry manages all.
    let inside = parsed(
        ImportKind::Teachers,
        &format!("{TEACHERS}20100A,t.a@example.ma,Alaoui,Prof,2025-2026,1AC-1,MATH\n"),
    );
    let done = store
        .accounts()
        .apply_import(&inside, &school_admin)
        .await
        .unwrap()
        .expect("in scope");
    assert_eq!(done.updated, 1);
    assert_eq!(
        store
            .accounts()
            .user(w.teacher_a.id)
            .await
            .unwrap()
            .display_name,
        "Prof Alaoui"
    );
    let ministry = admin(Role::MinistryAdmin, Scope::National);
    let loner = parsed(
        ImportKind::Teachers,
        &format!("{TEACHERS}20100A,loner@example.ma,Loner,X,2025-2026,,\n"),
    );
    store
        .accounts()
        .apply_import(&loner, &ministry)
        .await
        .unwrap()
        .expect("the ministry manages accounts without grants");
}
on_both!(
    import_scope,
    imports_never_touch_accounts_outside_the_importer_scope
);

async fn admin_writes_refuse_accounts_with_a_grant_elsewhere(store: TestStore) {
    let w = world(&store).await;
    let school_admin = admin(Role::SchoolAdmin, w.a.scope());
    // "Reset after linking": a grant in school A was somehow added to a teacher of school
    // A2 (same region) and one of school B (another region). They are now visible to
    // school A's admin, but still not theirs.
    for t in [&w.teacher_a2, &w.teacher_b] {
        add_grant(&store, t, Role::Parent, w.a.scope()).await;
    }
    let targets = [&w.teacher_a2, &w.teacher_b, &w.producer, &w.loner];
    let before = snapshots(&store, &targets).await;
    for t in targets {
        let refused = |r: Result<(), StoreError>| {
            assert!(
                matches!(r, Err(StoreError::NotFound)),
                "{}: {r:?}",
                t.display_name
            )
        };
        refused(
            store
                .accounts()
                .reset_password_as_admin(&school_admin, t.id, "taken-over-42")
                .await,
        );
        refused(
            store
                .accounts()
                .set_user_active_as_admin(&school_admin, t.id, false)
                .await,
        );
        let edit = UserEdit {
            display_name: "Pirate".into(),
            email: t.email.clone(),
            pupil_code: None,
            locale: None,
        };
        refused(
            store
                .accounts()
                .update_user_as_admin(&school_admin, t.id, &edit)
                .await
                .map(|_| ()),
        );
        let teacher_here = Grant::new(Role::Teacher, w.a.scope()).unwrap();
        refused(
            store
                .accounts()
                .add_grant_as_admin(&school_admin, t.id, &teacher_here)
                .await,
        );
    }
    assert_eq!(snapshots(&store, &targets).await, before);

    // Inside the scope the same writes work; a grant outside it is refused even then.
    let pupil = &w.pupil_a;
    store
        .accounts()
        .reset_password_as_admin(&school_admin, pupil.id, "nouveau-mot-42")
        .await
        .unwrap();
    assert!(
        store
            .accounts()
            .user(pupil.id)
            .await
            .unwrap()
            .must_change_password
    );
    store
        .accounts()
        .set_user_active_as_admin(&school_admin, pupil.id, false)
        .await
        .unwrap();
    let parent_a = Grant::new(Role::Parent, w.a.scope()).unwrap();
    store
        .accounts()
        .add_grant_as_admin(&school_admin, pupil.id, &parent_a)
        .await
        .unwrap();
    let parent_b = Grant::new(Role::Parent, w.b.scope()).unwrap();
    assert!(matches!(
        store
            .accounts()
            .add_grant_as_admin(&school_admin, pupil.id, &parent_b)
            .await,
        Err(StoreError::NotFound)
    ));
    // The regional admin of 06 manages the linked teacher of A2, not the one of B; the
    // ministry manages everyone, including accounts without grants.
    let regional = admin(
        Role::RegionalAdmin,
        Scope::Region {
            region: w.a.region_id,
        },
    );
    store
        .accounts()
        .reset_password_as_admin(&regional, w.teacher_a2.id, "nouveau-mot-42")
        .await
        .unwrap();
    assert!(matches!(
        store
            .accounts()
            .reset_password_as_admin(&regional, w.teacher_b.id, "nouveau-mot-42")
            .await,
        Err(StoreError::NotFound)
    ));
    let ministry = admin(Role::MinistryAdmin, Scope::National);
    store
        .accounts()
        .set_user_active_as_admin(&ministry, w.loner.id, false)
        .await
        .unwrap();
}
on_both!(
    admin_writes,
    admin_writes_refuse_accounts_with_a_grant_elsewhere
);

async fn applying_checks_every_account_again_in_its_transaction(store: TestStore) {
    let w = world(&store).await;
    let school_admin = admin(Role::SchoolAdmin, w.a.scope());

    // Planned while the teacher was school A's alone; a grant in school B arrives before
    // the plan is applied.
    let rename = parsed(
        ImportKind::Teachers,
        &format!("{TEACHERS}20100A,t.a@example.ma,Pirate,Renamed,2025-2026,1AC-1,MATH\n"),
    );
    let plan = clean_plan(&store, &rename, &school_admin).await;
    add_grant(&store, &w.teacher_a, Role::Teacher, w.b.scope()).await;
    assert_refused_out_of_scope(&store, &plan, &w.teacher_a, 2, "email").await;

    // Planned as a new pupil; the code is taken in school B before applying: that pupil is
    // neither renamed nor moved. Taken in school A instead, the plan is merely stale.
    let new_pupils = parsed(
        ImportKind::Pupils,
        &format!(
            "{PUPILS}\
            20100A,1AC-1,2025-2026,J100000021,Nouveau,Un,\n\
            20100A,1AC-1,2025-2026,J100000022,Nouveau,Deux,\n"
        ),
    );
    let plan = clean_plan(&store, &new_pupils, &school_admin).await;
    let taken = account(
        &store,
        "Other",
        "J100000022",
        Some((Role::Pupil, w.class_b.scope())),
    )
    .await;
    assert_refused_out_of_scope(&store, &plan, &taken, 3, "pupil_code").await;
    assert!(
        store
            .accounts()
            .verify_credentials("J100000021", "x")
            .await
            .unwrap()
            .is_none()
            && store
                .accounts()
                .class_members(w.class_a.id)
                .await
                .unwrap()
                .len()
                == 1,
        "the row before it was rolled back"
    );
    let plan = store
        .accounts()
        .plan_import(&new_pupils, &school_admin)
        .await
        .unwrap();
    assert_eq!(
        faults(&plan.errors),
        vec![(3, "pupil_code", codes::ACCOUNT_OUT_OF_SCOPE)]
    );
    // Planned as a parent for an unchanged pupil of class A; the pupil gets a grant in
    // school B before applying: no parent of school A is linked to them.
    let parent_for = parsed(
        ImportKind::Pupils,
        &format!("{PUPILS}20100A,1AC-1,2025-2026,J100000001,A,Pupil,famille@example.ma\n"),
    );
    let plan = clean_plan(&store, &parent_for, &school_admin).await;
    add_grant(&store, &w.pupil_a, Role::Parent, w.b.scope()).await;
    assert_refused_out_of_scope(&store, &plan, &w.pupil_a, 2, "pupil_code").await;
    assert!(store
        .accounts()
        .verify_credentials("famille@example.ma", "x")
        .await
        .unwrap()
        .is_none());

    let new_pupil = parsed(
        ImportKind::Pupils,
        &format!("{PUPILS}20100A,1AC-1,2025-2026,J100000023,Nouveau,Trois,\n"),
    );
    let plan = store
        .accounts()
        .plan_import(&new_pupil, &school_admin)
        .await
        .unwrap();
    account(
        &store,
        "Same school",
        "J100000023",
        Some((Role::Pupil, w.class_a.scope())),
    )
    .await;
    let refused = store
        .accounts()
        .apply_plan(&plan)
        .await
        .unwrap()
        .expect_err("stale");
    assert_eq!(
        faults(&refused),
        vec![(2, "pupil_code", codes::ACCOUNT_CHANGED)]
    );
}
on_both!(
    apply_recheck,
    applying_checks_every_account_again_in_its_transaction
);

async fn siblings_share_one_new_parent(store: TestStore) {
    let w = world(&store).await;
    let school_admin = admin(Role::SchoolAdmin, w.a.scope());
    let siblings = parsed(
        ImportKind::Pupils,
        &format!(
            "{PUPILS}\
            20100A,1AC-1,2025-2026,J100000031,Fassi,Adam,famille.fassi@example.ma\n\
            20100A,1AC-1,2025-2026,J100000032,Fassi,Ines,famille.fassi@example.ma\n"
        ),
    );
    let plan = store
        .accounts()
        .plan_import(&siblings, &school_admin)
        .await
        .unwrap();
    assert_eq!(plan.new_parents(), 1);
    let done = store
        .accounts()
        .apply_import(&siblings, &school_admin)
        .await
        .unwrap()
        .expect("clean");
    assert_eq!(done.credentials.len(), 3, "two pupils and one parent");
    let parent = done
        .credentials
        .iter()
        .find(|c| c.role == Role::Parent)
        .unwrap();
    let parent = store
        .accounts()
        .verify_credentials(&parent.login, &parent.password)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.accounts().children_of(parent.id).await.unwrap().len(),
        2
    );
    let again = store
        .accounts()
        .apply_import(&siblings, &school_admin)
        .await
        .unwrap()
        .expect("clean");
    assert_eq!((again.created, again.unchanged), (0, 2));
}
on_both!(siblings, siblings_share_one_new_parent);
