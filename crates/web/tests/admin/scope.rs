//! Accounts that are also someone else's — a teacher of another school of the region, a
//! teacher or pupil of another region, even one holding a grant in the admin's own school
//! — through the real forms: the import refuses the rows naming them (preview and apply,
//! by row, translated) and the identity, activation, password and role forms answer 404;
//! nothing about them changes. On SQLite and PostgreSQL.

use axum::http::StatusCode;
use lawha_core::{Role, Scope};
use lawha_store::on_both;
use lawha_store::{Backend, User};

use crate::common::{account_state, AccountState, TestApp};
use crate::{french, school, upload, world_on};

/// Everything an import or an admin form could change about an account.
async fn snapshots(app: &TestApp, users: &[&User]) -> Vec<AccountState> {
    let mut out = Vec::new();
    for u in users {
        out.push(account_state(app, u).await);
    }
    out
}

const TEACHERS: &str = "school_code,email,last_name,first_name,school_year,classes,subject\n";
const PUPILS: &str =
    "school_code,class_name,school_year,pupil_code,last_name,first_name,parent_email\n";

/// The cells `<td>row</td><td dir="ltr">column</td>` of the preview's error table.
fn cell(row: usize, column: &str) -> String {
    format!("<td>{row}</td><td dir=\"ltr\">{column}</td>")
}

async fn import_rows_naming_accounts_elsewhere_are_refused(backend: Backend) {
    let w = world_on(backend).await;
    let app = &w.app;
    let (a2, class_a2) = school(app, "06", "SCH-A2", "1AC-A2").await;
    let teacher_a2 = app
        .user("Prof A2", "t.a2@example.ma", &[(Role::Teacher, a2.scope())])
        .await;
    let pupil_a2 = app
        .user("Pupil A2", "PUPILA21", &[(Role::Pupil, class_a2.scope())])
        .await;
    let teacher_b = app
        .user("B Prof", "t.b@example.ma", &[(Role::Teacher, w.b.scope())])
        .await;
    let outside = [&teacher_a2, &pupil_a2, &teacher_b, &w.pupil_b];
    let before = snapshots(app, &outside).await;
    let admin = french(app, "dir.a@example.ma").await;

    // A rename (another school of the region) and a grant added under the same name
    // (another region).
    let teachers = format!(
        "{TEACHERS}SCH-A,t.a2@example.ma,Pirate,Renamed,2025-2026,1AC-A,MATH\n\
         SCH-A,t.b@example.ma,Prof,B,2025-2026,1AC-A,MATH\n"
    );
    // Pupils of another school and of another region moved into class A, and a teacher of
    // another region linked as the parent of a new pupil.
    let pupils = format!(
        "{PUPILS}SCH-A,1AC-A,2025-2026,PUPILA21,A2,Pupil,\n\
         SCH-A,1AC-A,2025-2026,PUPILB1,Tazi,Youssef,\n\
         SCH-A,1AC-A,2025-2026,J140000077,Nouveau,Un,t.b@example.ma\n"
    );
    for (kind, csv, cells) in [
        (
            "teachers",
            &teachers,
            vec![cell(2, "email"), cell(3, "email")],
        ),
        (
            "pupils",
            &pupils,
            vec![
                cell(2, "pupil_code"),
                cell(3, "pupil_code"),
                cell(4, "parent_email"),
            ],
        ),
    ] {
        let preview = upload(app, &admin, kind, csv.as_bytes()).await;
        assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY, "{kind}");
        for c in &cells {
            assert!(preview.body.contains(c), "{kind}: {c}\n{}", preview.body);
        }
        assert_eq!(
            preview
                .body
                .matches("Ce compte a aussi un rôle hors de votre périmètre")
                .count(),
            cells.len(),
            "{}",
            preview.body
        );
        assert!(!preview.body.contains("/admin/import/apply"));
        // Applying the file anyway is refused the same way.
        let forced = app
            .post(
                &admin,
                "/admin/import/apply",
                &[("kind", kind), ("csv", csv)],
            )
            .await;
        assert_eq!(forced.status, StatusCode::UNPROCESSABLE_ENTITY, "{kind}");
        assert!(forced.body.contains(&cells[0]), "{}", forced.body);
    }
    // In Arabic too.
    let mut arabic = admin.clone();
    arabic.set("lawha_lang", "ar".into());
    let preview = upload(app, &arabic, "teachers", teachers.as_bytes()).await;
    assert!(
        preview
            .body
            .contains("لهذا الحساب أيضًا دور خارج نطاق صلاحياتك"),
        "{}",
        preview.body
    );
    assert_eq!(snapshots(app, &outside).await, before);
    assert!(app
        .store
        .accounts()
        .verify_credentials("J140000077", "x")
        .await
        .unwrap()
        .is_none());

    // The regional admin of 06 covers school A2: the same teachers file now fails only on
    // the teacher of region 01.
    let regional = french(app, "aref@example.ma").await;
    let preview = upload(app, &regional, "teachers", teachers.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(preview.body.contains(&cell(3, "email")));
    assert!(
        !preview.body.contains(&cell(2, "email")),
        "{}",
        preview.body
    );
}
on_both!(
    import_refuses_accounts_elsewhere,
    import_rows_naming_accounts_elsewhere_are_refused
);

async fn forms_refuse_an_account_linked_into_the_school(backend: Backend) {
    let w = world_on(backend).await;
    let app = &w.app;
    let (a2, _) = school(app, "06", "SCH-A2", "1AC-A2").await;
    // "Reset after linking": teachers of another school of the region and of another
    // region somehow got a parent grant in school A. The school's admin now sees them, but
    // they are not theirs to change.
    let here = (Role::Parent, w.a.scope());
    let teacher_a2 = app
        .user(
            "Prof A2",
            "t.a2@example.ma",
            &[(Role::Teacher, a2.scope()), here],
        )
        .await;
    let teacher_b = app
        .user(
            "Prof B",
            "t.b@example.ma",
            &[(Role::Teacher, w.b.scope()), here],
        )
        .await;
    let producer = app
        .user(
            "Producer",
            "prod@example.ma",
            &[(Role::Producer, Scope::National), here],
        )
        .await;
    let targets = [&teacher_a2, &teacher_b, &producer];
    let before = snapshots(app, &targets).await;
    let admin = french(app, "dir.a@example.ma").await;
    for t in targets {
        let page = format!("/admin/users/{}", t.id);
        let forms: [(String, Vec<(&str, &str)>); 4] = [
            (format!("{page}/password"), vec![]),
            (
                page.clone(),
                vec![("display_name", "Pirate"), ("email", "pirate@example.ma")],
            ),
            (format!("{page}/active"), vec![("active", "0")]),
            (
                format!("{page}/grants"),
                vec![("role", "teacher"), ("school", "SCH-A")],
            ),
        ];
        for (path, fields) in &forms {
            let resp = app.post(&admin, path, fields).await;
            assert_eq!(resp.status, StatusCode::NOT_FOUND, "POST {path}");
        }
        // The page still shows the person, says why, and offers none of those forms.
        let shown = app.get(&admin, &page).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("aussi un rôle hors de votre périmètre"));
        for path in ["/password", "\"", "/active", "/grants\""] {
            assert!(
                !shown.body.contains(&format!("action=\"{page}{path}")),
                "{path}"
            );
        }
    }
    assert_eq!(snapshots(app, &targets).await, before);

    // The regional admin of 06 covers both of teacher A2's schools: theirs to reset.
    let regional = french(app, "aref@example.ma").await;
    let reset = app
        .post(
            &regional,
            &format!("/admin/users/{}/password", teacher_a2.id),
            &[],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    let refused = app
        .post(
            &regional,
            &format!("/admin/users/{}/password", teacher_b.id),
            &[],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(account_state(app, &teacher_b).await.password_unchanged);
}
on_both!(
    forms_refuse_linked_accounts,
    forms_refuse_an_account_linked_into_the_school
);
