//! First contact on a phone (issue 19), on SQLite and PostgreSQL: a teacher's class grid
//! opens on the subject they teach, in their language.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{TestApp, PASSWORD};
use lawha_core::{Locale, Role};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::on_both;
use lawha_store::testing;
use lawha_store::Backend;

async fn a_teacher_gets_the_grid_of_their_subject_in_their_language(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school, class) = app.school_and_class("06", "SCH-L").await;
    // Two subjects of the level: French comes first in the list, the teacher teaches maths.
    let french = Titles {
        ar: "البنية السردية".into(),
        fr: "Le schéma narratif".into(),
    };
    let maths = Titles {
        ar: "الأعداد العشرية".into(),
        fr: "Les nombres décimaux".into(),
    };
    testing::lesson(&app.store, "1AC", "FR", &french).await;
    testing::lesson(&app.store, "1AC", "MATH", &maths).await;
    for n in 0..3 {
        app.user(
            &format!("تلميذ {n}"),
            &format!("L{n:03}"),
            &[(Role::Pupil, class.scope())],
        )
        .await;
    }
    let teacher = app
        .user(
            "رشيد",
            "prof.maths@example.ma",
            &[(Role::Teacher, school.scope())],
        )
        .await;
    app.store
        .accounts()
        .set_user_locale(teacher.id, Locale::Ar)
        .await
        .unwrap();
    app.store
        .accounts()
        .assign_teacher(class.id, teacher.id, Some("MATH"))
        .await
        .unwrap();

    let client = app.sign_in("prof.maths@example.ma", PASSWORD).await;
    let page = app.get(&client, &format!("/classes/{}", class.id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<html lang=\"ar\" dir=\"rtl\""));
    let grid = &page.body[page.body.find("class=\"grid\"").expect("the grid")..];
    let head = &grid[..grid.find("</thead>").unwrap()];
    assert!(
        head.contains(&maths.ar),
        "the maths lessons, in Arabic: {head}"
    );
    for other in [&maths.fr, &french.ar, &french.fr] {
        assert!(!head.contains(other.as_str()), "{other} in {head}");
    }
    assert!(page.body.contains("<option value=\"MATH\" selected>"));
    // The other subject stays one choice away.
    let page = app
        .get(&client, &format!("/classes/{}?subject=FR", class.id))
        .await;
    assert!(page.body.contains(&french.ar));
    assert!(page.body.contains("<option value=\"FR\" selected>"));
}
on_both!(a_teacher_gets_the_grid_of_their_subject_in_their_language);
