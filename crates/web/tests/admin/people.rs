//! People: accounts with one-time passwords, deactivation, resets and roles, and pupils
//! kept out of every admin route.

use axum::http::StatusCode;
use lawha_core::Role;

use crate::common::PASSWORD;
use crate::{secret, upload, user_count, world};

/// The new-account form for a teacher of the school coded `school`.
fn teacher<'a>(name: &'a str, email: &'a str, school: &'a str) -> [(&'static str, &'a str); 4] {
    [
        ("display_name", name),
        ("email", email),
        ("role", "teacher"),
        ("school", school),
    ]
}

#[tokio::test]
async fn a_new_account_shows_its_one_time_password_once() {
    let w = world().await;
    let app = &w.app;
    let admin = app.sign_in("dir.a@example.ma", PASSWORD).await;
    let before = user_count(app).await;

    // Beyond the admin's reach: another school reads as unknown, a regional role is refused.
    let karim = teacher("Karim Alaoui", "k.alaoui@ecole.ma", "SCH-B");
    let elsewhere = app.post(&admin, "/admin/users", &karim).await;
    assert_eq!(elsewhere.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(elsewhere.body.contains("value=\"Karim Alaoui\""));
    let regional = app
        .post(
            &admin,
            "/admin/users",
            &[
                ("display_name", "X"),
                ("role", "regional_admin"),
                ("region", "06"),
            ],
        )
        .await;
    assert_eq!(regional.status, StatusCode::FORBIDDEN);
    assert_eq!(user_count(app).await, before);

    let karim = teacher("Karim Alaoui", "K.Alaoui@ecole.ma", "SCH-A");
    let karim = [karim.as_slice(), &[("locale", "fr")]].concat();
    let created = app.post(&admin, "/admin/users", &karim).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let password = secret(&created);
    assert_eq!(password.len(), 10);
    let user = app
        .store
        .accounts()
        .verify_credentials("k.alaoui@ecole.ma", &password)
        .await
        .unwrap()
        .expect("the one-time password works");
    assert!(user.must_change_password);
    let grants = app.store.accounts().grants(user.id).await.unwrap();
    assert_eq!((grants.len(), grants[0].role), (1, Role::Teacher));
    // Signing in with it leads to choosing a personal password.
    let visitor = app.visitor().await;
    let login = app
        .post(
            &visitor,
            "/login",
            &[("identifier", "k.alaoui@ecole.ma"), ("password", &password)],
        )
        .await;
    assert_eq!(login.location(), "/profile?first=1");
    // The same e-mail again is a form error on the e-mail field.
    let other = teacher("Autre", "k.alaoui@ecole.ma", "SCH-A");
    let taken = app.post(&admin, "/admin/users", &other).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken.body.contains("aria-describedby=\"email-err\""),
        "{}",
        taken.body
    );

    // A pupil gets a class-scoped role from school code, class name and year.
    let pupil = app
        .post(
            &admin,
            "/admin/users",
            &[
                ("display_name", "Nadia Idrissi"),
                ("pupil_code", "j130099999"),
                ("role", "pupil"),
                ("school", "SCH-A"),
                ("class_name", "1AC-A"),
                ("school_year", "2025-2026"),
            ],
        )
        .await;
    assert_eq!(pupil.status, StatusCode::OK, "{}", pupil.body);
    let nadia = app
        .store
        .accounts()
        .verify_credentials("J130099999", &secret(&pupil))
        .await
        .unwrap()
        .unwrap();
    let grants = app.store.accounts().grants(nadia.id).await.unwrap();
    assert_eq!(grants[0].scope, w.class_a.scope());
}

#[tokio::test]
async fn deactivating_an_account_blocks_sign_in_and_ends_its_sessions() {
    let w = world().await;
    let app = &w.app;
    let pupil = app.sign_in("PUPILA1", PASSWORD).await;
    let admin = app.sign_in("dir.a@example.ma", PASSWORD).await;
    let path = format!("/admin/users/{}/active", w.pupil_a.id);

    assert_eq!(
        app.post(&admin, &path, &[("active", "maybe")]).await.status,
        StatusCode::BAD_REQUEST
    );
    let off = app.post(&admin, &path, &[("active", "0")]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert!(app
        .store
        .accounts()
        .verify_credentials("PUPILA1", PASSWORD)
        .await
        .unwrap()
        .is_none());
    assert_eq!(app.get(&pupil, "/").await.location(), "/login");
    // Still listed for the admin when asked for, marked as such.
    let list = app.get(&admin, "/admin/users?inactive=1&q=salma").await;
    assert!(list.body.contains("Salma Benali") && list.body.contains("tag off"));

    let on = app.post(&admin, &path, &[("active", "1")]).await;
    assert_eq!(on.status, StatusCode::SEE_OTHER);
    assert!(app
        .store
        .accounts()
        .verify_credentials("PUPILA1", PASSWORD)
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn an_admin_reset_forces_a_new_password() {
    let w = world().await;
    let app = &w.app;
    let admin = app.sign_in("aref@example.ma", PASSWORD).await;
    let reset = app
        .post(
            &admin,
            &format!("/admin/users/{}/password", w.pupil_a.id),
            &[],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    let password = secret(&reset);
    assert!(
        app.store
            .accounts()
            .user(w.pupil_a.id)
            .await
            .unwrap()
            .must_change_password
    );
    assert!(app
        .store
        .accounts()
        .verify_credentials("PUPILA1", PASSWORD)
        .await
        .unwrap()
        .is_none());
    assert!(app
        .store
        .accounts()
        .verify_credentials("PUPILA1", &password)
        .await
        .unwrap()
        .is_some());

    // Admins change themselves through their profile only; the page says so.
    let me = app
        .store
        .accounts()
        .verify_credentials("aref@example.ma", PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let own = app.get(&admin, &format!("/admin/users/{}", me.id)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(!own.body.contains("/password\""));
    let self_reset = app
        .post(&admin, &format!("/admin/users/{}/password", me.id), &[])
        .await;
    assert_eq!(self_reset.status, StatusCode::FORBIDDEN);
    // A school admin cannot take over the account of an admin above them: not found.
    let school_admin = app.sign_in("dir.a@example.ma", PASSWORD).await;
    let minister = app
        .store
        .accounts()
        .verify_credentials("min@example.ma", PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let grant = lawha_core::role::Grant::new(Role::Teacher, w.a.scope()).unwrap();
    app.store
        .accounts()
        .add_grant(minister.id, &grant)
        .await
        .unwrap();
    let takeover = app
        .post(
            &school_admin,
            &format!("/admin/users/{}/password", minister.id),
            &[],
        )
        .await;
    assert_eq!(takeover.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn roles_are_added_and_removed_within_scope() {
    let w = world().await;
    let app = &w.app;
    let admin = app.sign_in("dir.a@example.ma", PASSWORD).await;
    let page = format!("/admin/users/{}", w.pupil_a.id);

    let bad = app
        .post(
            &admin,
            &format!("{page}/grants"),
            &[("role", "parent"), ("school", "SCH-B")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let added = app
        .post(
            &admin,
            &format!("{page}/grants"),
            &[("role", "parent"), ("school", "SCH-A")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let grants = app.store.accounts().grants(w.pupil_a.id).await.unwrap();
    let parent = grants
        .iter()
        .find(|g| g.role == Role::Parent)
        .expect("parent role");
    let shown = app.get(&admin, &page).await;
    assert!(shown
        .body
        .contains(&format!("/grants/{}/delete", parent.id)));

    let removed = app
        .post(&admin, &format!("{page}/grants/{}/delete", parent.id), &[])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .accounts()
            .grants(w.pupil_a.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // A grant in another school stays out of reach, even on a person the admin may see.
    let elsewhere = lawha_core::role::Grant::new(Role::Parent, w.b.scope()).unwrap();
    app.store
        .accounts()
        .add_grant(w.pupil_a.id, &elsewhere)
        .await
        .unwrap();
    let foreign = app
        .store
        .accounts()
        .grants(w.pupil_a.id)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.scope == w.b.scope())
        .unwrap();
    let refused = app
        .post(&admin, &format!("{page}/grants/{}/delete", foreign.id), &[])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!app
        .get(&admin, &page)
        .await
        .body
        .contains(&format!("/grants/{}/delete", foreign.id)));
}

#[tokio::test]
async fn pupils_are_refused_on_every_admin_route() {
    let w = world().await;
    let app = &w.app;
    let pupil = app.sign_in("PUPILA1", PASSWORD).await;
    let (s, c, u) = (w.a.id, w.class_a.id, w.pupil_b.id);
    let gets = [
        "/admin/provinces".to_string(),
        "/admin/schools".into(),
        "/admin/schools/new".into(),
        format!("/admin/schools/{s}"),
        "/admin/classes".into(),
        "/admin/classes/new".into(),
        format!("/admin/classes/{c}"),
        "/admin/users".into(),
        "/admin/users/new".into(),
        format!("/admin/users/{u}"),
        "/admin/import".into(),
        "/admin/import/template/pupils".into(),
    ];
    for path in &gets {
        assert_eq!(
            app.get(&pupil, path).await.status,
            StatusCode::FORBIDDEN,
            "GET {path}"
        );
    }
    let posts = [
        "/admin/provinces".to_string(),
        "/admin/schools".into(),
        format!("/admin/schools/{s}"),
        format!("/admin/schools/{s}/active"),
        "/admin/classes".into(),
        format!("/admin/classes/{c}"),
        format!("/admin/classes/{c}/active"),
        "/admin/users".into(),
        format!("/admin/users/{u}"),
        format!("/admin/users/{u}/active"),
        format!("/admin/users/{u}/password"),
        format!("/admin/users/{u}/grants"),
        format!("/admin/users/{u}/grants/{u}/delete"),
        "/admin/import/apply".into(),
    ];
    for path in &posts {
        let resp = app.post(&pupil, path, &[("active", "0")]).await;
        assert_eq!(resp.status, StatusCode::FORBIDDEN, "POST {path}");
    }
    assert_eq!(
        upload(app, &pupil, "pupils", b"x").await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        app.store
            .accounts()
            .user(w.pupil_b.id)
            .await
            .unwrap()
            .active
    );
}
