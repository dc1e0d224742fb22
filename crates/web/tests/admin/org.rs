//! The organisation: each admin sees and builds within their scope only.

use axum::http::StatusCode;
use lawha_store::SchoolKind;

use crate::common::PASSWORD;
use crate::{add_class, french, world};

#[tokio::test]
async fn school_admin_sees_only_their_school() {
    let w = world().await;
    let app = &w.app;
    let admin = app.sign_in("dir.a@example.ma", PASSWORD).await;

    let classes = app.get(&admin, "/admin/classes").await;
    assert_eq!(classes.status, StatusCode::OK);
    assert!(classes.body.contains("1AC-A") && !classes.body.contains("1AC-B"));
    assert!(classes
        .body
        .contains(&format!("href=\"/classes/{}\"", w.class_a.id)));
    let pupils = app.get(&admin, "/admin/users?role=pupil").await;
    assert!(pupils.body.contains("Salma Benali"), "{}", pupils.body);
    assert!(!pupils.body.contains("Youssef Tazi"));
    // Each person is listed with the roles they hold (in the page's language: Arabic).
    assert!(pupils.body.contains("<td>تلميذ(ة)</td>"), "{}", pupils.body);
    let schools = app.get(&admin, "/admin/schools").await;
    assert!(schools.body.contains("SCH-A") && !schools.body.contains("SCH-B"));

    // Another school's objects do not exist for this admin, even by id.
    for path in [
        format!("/admin/classes/{}", w.class_b.id),
        format!("/admin/users/{}", w.pupil_b.id),
        format!("/admin/schools/{}", w.b.id),
    ] {
        assert_eq!(
            app.get(&admin, &path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let reset = app
        .post(
            &admin,
            &format!("/admin/users/{}/password", w.pupil_b.id),
            &[],
        )
        .await;
    assert_eq!(reset.status, StatusCode::NOT_FOUND);
    assert!(
        !app.store
            .accounts()
            .user(w.pupil_b.id)
            .await
            .unwrap()
            .must_change_password
    );
    // A school filter naming another school finds nothing and says so.
    let other = app.get(&admin, "/admin/classes?school=SCH-B").await;
    assert!(!other.body.contains("1AC-B") && other.body.contains("aria-invalid=\"true\""));

    // School admins neither create schools nor move theirs; they may rename it.
    assert_eq!(
        app.get(&admin, "/admin/schools/new").await.status,
        StatusCode::FORBIDDEN
    );
    let fields = [
        ("name_ar", "ثانوية الأمل"),
        ("name_fr", "Lycée Al Amal"),
        ("code", "MOVED"),
    ];
    let saved = app
        .post(&admin, &format!("/admin/schools/{}", w.a.id), &fields)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let renamed = app.store.org().school(w.a.id).await.unwrap();
    assert_eq!(
        (renamed.name_fr.as_str(), renamed.code.as_str()),
        ("Lycée Al Amal", "SCH-A")
    );
    let deactivate = app
        .post(
            &admin,
            &format!("/admin/schools/{}/active", w.a.id),
            &[("active", "0")],
        )
        .await;
    assert_eq!(deactivate.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn regional_admin_builds_their_region_only() {
    let w = world().await;
    let app = &w.app;
    let admin = french(app, "aref@example.ma").await;

    let created = app
        .post(
            &admin,
            "/admin/provinces",
            &[
                ("region", "06"),
                ("code", "casa-anfa"),
                ("name_ar", "أنفا"),
                ("name_fr", "Anfa"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let done = app.get(&admin, created.location()).await;
    assert!(done.body.contains("La direction provinciale a été créée"));
    let list = app.get(&admin, "/admin/provinces?q=anfa").await;
    assert!(list.body.contains("CASA-ANFA") && !list.body.contains("P-SCH-A"));
    // Another region is refused before the form is even checked.
    let elsewhere = app
        .post(
            &admin,
            "/admin/provinces",
            &[("region", "01"), ("code", "")],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    // A mistake keeps what was typed and points at the field.
    let invalid = app
        .post(
            &admin,
            "/admin/provinces",
            &[("region", "06"), ("code", "bad code!"), ("name_ar", "أنفا")],
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid.body.contains("value=\"bad code!\""));
    assert!(invalid.body.contains("aria-describedby=\"code-err\""));
    assert!(invalid.body.contains("role=\"alert\""));

    let region_06 = app.store.org().region_by_code("06").await.unwrap();
    let anfa = app
        .store
        .org()
        .provinces(Some(region_06.id))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.code == "CASA-ANFA")
        .unwrap();
    let new_school = |province: String, code: &'static str| {
        vec![
            ("province", province),
            ("code", code.to_string()),
            ("kind", "vocational".to_string()),
            ("name_ar", "معهد التكنولوجيا".to_string()),
            ("name_fr", "Institut de technologie".to_string()),
        ]
    };
    let fields = new_school(anfa.id.to_string(), "ISTA-ANFA");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let school = app.post(&admin, "/admin/schools", &fields).await;
    assert_eq!(school.status, StatusCode::SEE_OTHER, "{}", school.body);
    assert!(school.location().starts_with("/admin/schools/"));
    let created = app.store.org().school_by_code("ISTA-ANFA").await.unwrap();
    assert_eq!(
        (created.kind, created.region_id),
        (SchoolKind::Vocational, region_06.id)
    );
    // The same code twice is a form error, not a failure.
    let again = app.post(&admin, "/admin/schools", &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("Ce code est déjà utilisé"),
        "{}",
        again.body
    );

    // A province of region 01 is out of reach, and so is school B.
    let b_province = app.store.org().school(w.b.id).await.unwrap().province_id;
    let fields = new_school(b_province.to_string(), "ISTA-TNG");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.post(&admin, "/admin/schools", &fields).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&admin, &format!("/admin/schools/{}", w.b.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let off = app
        .post(
            &admin,
            &format!("/admin/schools/{}/active", w.b.id),
            &[("active", "0")],
        )
        .await;
    assert_eq!(off.status, StatusCode::NOT_FOUND);
    assert!(app.store.org().school(w.b.id).await.unwrap().active);

    // Classes of the new vocational school take a programme, not a school level.
    let dd_101 = |level| {
        [
            ("school", "ISTA-ANFA"),
            ("name", "DD-101"),
            ("school_year", "2025-2026"),
            ("level", level),
        ]
    };
    let wrong = app.post(&admin, "/admin/classes", &dd_101("1AC")).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("value=\"DD-101\""));
    let class = dd_101("OFPPT-DD");
    let right = app.post(&admin, "/admin/classes", &class).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
    let twice = app.post(&admin, "/admin/classes", &class).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        twice.body.contains("aria-describedby=\"name-err\""),
        "{}",
        twice.body
    );

    // Deactivating a school hides it from the list unless asked for.
    let off = app
        .post(
            &admin,
            &format!("/admin/schools/{}/active", w.a.id),
            &[("active", "0")],
        )
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert!(!app
        .get(&admin, "/admin/schools")
        .await
        .body
        .contains("SCH-A"));
    assert!(app
        .get(&admin, "/admin/schools?inactive=1")
        .await
        .body
        .contains("SCH-A"));
}

#[tokio::test]
async fn listings_page_and_search() {
    let w = world().await;
    let app = &w.app;
    for i in 0..30 {
        add_class(app, &w.a, &format!("Groupe {i:02}")).await;
    }
    let admin = french(app, "dir.a@example.ma").await;
    let first = app.get(&admin, "/admin/classes").await;
    assert!(first.body.contains("Page 1 sur 2"), "{}", first.body);
    assert!(first.body.contains("aria-label=\"Pagination\""));
    assert!(first.body.contains("href=\"/admin/classes?page=2\""));
    assert!(first.body.contains("<th scope=\"col\">"));
    let second = app.get(&admin, "/admin/classes?page=2").await;
    assert!(second.body.contains("Page 2 sur 2") && second.body.contains("?page=1\""));
    let found = app.get(&admin, "/admin/classes?q=groupe+07").await;
    assert!(found.body.contains("Groupe 07") && !found.body.contains("Groupe 08"));
    let none = app.get(&admin, "/admin/users?q=nobody").await;
    assert!(none.body.contains("class=\"empty\""));
}
