//! The CSV import: problems by row and column with nothing written, then preview, apply
//! and re-apply on both engines.

use axum::http::{header, StatusCode};
use lawha_store::on_both;
use lawha_store::Backend;

use crate::{french, hidden, upload, user_count, world, world_on};

#[tokio::test]
async fn a_bad_file_is_reported_by_row_and_column_and_changes_nothing() {
    let w = world().await;
    let app = &w.app;
    let admin = french(app, "dir.a@example.ma").await;
    let before = user_count(app).await;
    let csv = "school_code,class_name,school_year,pupil_code,last_name,first_name\n\
               SCH-A,1AC-A,2025-2026,J130000001,Benali,Salma\n\
               SCH-A,1AC-A,2025-2026,12-34,Tazi,Omar\n\
               SCH-B,1AC-B,2025-2026,J130000003,Idrissi,Hind\n";
    let syntax = upload(app, &admin, "pupils", csv.as_bytes()).await;
    assert_eq!(
        syntax.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        syntax.body
    );
    assert!(
        syntax
            .body
            .contains("<td>3</td><td dir=\"ltr\">pupil_code</td>"),
        "{}",
        syntax.body
    );
    assert!(syntax.body.contains("Code élève invalide"));
    assert!(!syntax.body.contains("/admin/import/apply"));

    // A clean file naming a school outside the admin's scope.
    let csv = "school_code,class_name,school_year,pupil_code,last_name,first_name\n\
               SCH-B,1AC-B,2025-2026,J130000003,Idrissi,Hind\n";
    let scope = upload(app, &admin, "pupils", csv.as_bytes()).await;
    assert_eq!(scope.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        scope
            .body
            .contains("<td>2</td><td dir=\"ltr\">school_code</td>"),
        "{}",
        scope.body
    );
    // Applying it anyway is refused the same way.
    let forced = app
        .post(
            &admin,
            "/admin/import/apply",
            &[("kind", "pupils"), ("csv", csv)],
        )
        .await;
    assert_eq!(forced.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(user_count(app).await, before);

    let empty = upload(app, &admin, "", b"x").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let huge = vec![b'a'; 5 * 1024 * 1024 + 1];
    let too_large = upload(app, &admin, "pupils", &huge).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_large.body.contains("5 Mo"));
    // The upload needs the CSRF token like every other form.
    let mut forged = admin.clone();
    forged.csrf = "forged".into();
    assert_eq!(
        upload(app, &forged, "pupils", b"x").await.status,
        StatusCode::FORBIDDEN
    );

    let template = app.get(&admin, "/admin/import/template/pupils").await;
    assert_eq!(template.status, StatusCode::OK);
    assert!(template.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(template
        .body
        .contains("school_code,class_name,school_year,pupil_code"));
}

/// Classes, then pupils: preview, apply through the preview's own confirmation form, and
/// apply again, which changes nothing.
async fn import_story(backend: Backend) {
    let w = world_on(backend).await;
    let app = &w.app;
    let admin = french(app, "dir.a@example.ma").await;
    let classes = "school_code;class_name;level_code;school_year\nSCH-A;2AC-1;2AC;2025-2026\n";
    let preview = upload(app, &admin, "classes", classes.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let applied = app
        .post(
            &admin,
            "/admin/import/apply",
            &[("kind", "classes"), ("csv", &hidden(&preview.body, "csv"))],
        )
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert!(app
        .store
        .org()
        .find_class(w.a.id, "2025-2026", "2AC-1")
        .await
        .unwrap()
        .is_some());

    let pupils = "school_code,class_name,school_year,pupil_code,last_name,first_name,locale,parent_email\n\
                  SCH-A,2AC-1,2025-2026,J140000001,Benali,\"Salma, dite \"\"Sousou\"\"\",ar,parent.benali@example.ma\n\
                  SCH-A,2AC-1,2025-2026,J140000002,العلوي,يوسف,,\n";
    let preview = upload(app, &admin, "pupils", pupils.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("À créer</dt><dd>2</dd>"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("1 compte de parent"));
    assert!(app
        .store
        .accounts()
        .verify_credentials("J140000001", "x")
        .await
        .unwrap()
        .is_none());
    let csv = hidden(&preview.body, "csv");
    assert_eq!(
        csv, pupils,
        "the file survives the round trip through the form"
    );

    let result = app
        .post(
            &admin,
            "/admin/import/apply",
            &[("kind", "pupils"), ("csv", &csv)],
        )
        .await;
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    assert!(
        result.body.contains("Créés</dt><dd>2</dd>"),
        "{}",
        result.body
    );
    // The credentials table: the pupil's login, then their one-time password.
    let row = result
        .body
        .find("<td dir=\"ltr\">J140000002</td>")
        .expect("credential row");
    let cell = &result.body[row..];
    let start = cell.find("<code>").unwrap() + "<code>".len();
    let password = &cell[start..start + cell[start..].find("</code>").unwrap()];
    let pupil = app
        .store
        .accounts()
        .verify_credentials("J140000002", password)
        .await
        .unwrap()
        .unwrap();
    assert!(pupil.must_change_password);
    assert!(result.body.contains("parent.benali@example.ma"));

    let again = app
        .post(
            &admin,
            "/admin/import/apply",
            &[("kind", "pupils"), ("csv", &csv)],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(
        again.body.contains("Créés</dt><dd>0</dd>"),
        "{}",
        again.body
    );
    assert!(again.body.contains("Sans changement</dt><dd>2</dd>"));
    assert!(
        !again.body.contains("<code>"),
        "no new credentials the second time"
    );
    let listed = app.get(&admin, "/admin/users?role=pupil&q=benali").await;
    assert!(listed.body.contains("Salma, dite"), "{}", listed.body);
}

on_both!(import_preview_apply_and_reapply, import_story);

/// On a school node no form makes an account: the user form and pupils' and teachers'
/// imports are refused with the reason (accounts are made on the platform and arrive with
/// the next pack or sync), in French and in Arabic; nothing is written.
async fn a_school_node_makes_no_accounts(backend: Backend) {
    let mut w = world_on(backend).await;
    w.app.become_school_node();
    let app = &w.app;
    let admin = french(app, "dir.a@example.ma").await;
    let before = user_count(app).await;
    let message = "ils sont créés sur la plateforme et arrivent ici avec le prochain paquet";

    let form = app.get(&admin, "/admin/users/new").await;
    assert_eq!(form.status, StatusCode::CONFLICT);
    assert!(form.body.contains(message), "{}", form.body);
    let made = app
        .post(
            &admin,
            "/admin/users",
            &[
                ("display_name", "Hind Idrissi"),
                ("email", "hind@example.ma"),
                ("role", "teacher"),
                ("school", "SCH-A"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::CONFLICT);
    assert!(made.body.contains(message), "{}", made.body);

    let csv = "school_code,class_name,school_year,pupil_code,last_name,first_name\n\
               SCH-A,1AC-A,2025-2026,J130000003,Idrissi,Hind\n";
    let preview = upload(app, &admin, "pupils", csv.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::CONFLICT);
    assert!(preview.body.contains(message), "{}", preview.body);
    for kind in ["pupils", "teachers"] {
        let forced = app
            .post(
                &admin,
                "/admin/import/apply",
                &[("kind", kind), ("csv", csv)],
            )
            .await;
        assert_eq!(forced.status, StatusCode::CONFLICT, "{kind}");
    }
    assert_eq!(user_count(app).await, before);

    let arabic = app
        .sign_in("dir.a@example.ma", crate::common::PASSWORD)
        .await;
    let form = app.get(&arabic, "/admin/users/new").await;
    assert!(
        form.body.contains("تُنشأ على المنصة وتصل إلى هنا"),
        "{}",
        form.body
    );
}
on_both!(node_makes_no_accounts, a_school_node_makes_no_accounts);
