//! First contact on a phone (issue 19), on SQLite and PostgreSQL: a teacher's class grid
//! opens on the subject they teach, in their language; the dashboard leads with its summary
//! and folds its details under headings that open without JavaScript.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{TestApp, PASSWORD};
use lawha_core::{Locale, Role, Scope};
use lawha_seed::synthetic::{self, SyntheticConfig};
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

async fn the_dashboard_leads_with_its_summary_and_folds_the_details(backend: Backend) {
    let app = TestApp::on(backend).await;
    app.user(
        "Ministère",
        "ministere@example.ma",
        &[(Role::MinistryAdmin, Scope::National)],
    )
    .await;
    // A region with a school of 5 pupils: under the privacy threshold
    // (before the generated data, whose rollups then count it).
    let (_, tiny) = app.school_and_class("12", "SCH-TINY").await;
    for n in 0..5 {
        app.user(
            &format!("Petit {n}"),
            &format!("TINY{n:03}"),
            &[(Role::Pupil, tiny.scope())],
        )
        .await;
    }
    let config = SyntheticConfig {
        pupils: 60,
        pupils_per_class: 20,
        classes_per_school: 1,
        days: 4,
        events_per_active_day: 2,
        seed: 19,
        code_prefix: "Y".into(),
        join_classes: Vec::new(),
    };
    synthetic::generate(&app.store, &config, chrono_tz::Africa::Casablanca, |_| {})
        .await
        .unwrap();
    let ministry = app.sign_in("ministere@example.ma", PASSWORD).await;
    let page = app.get(&ministry, "/dashboards/national").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    let at = |needle: &str| body.find(needle).unwrap_or_else(|| panic!("{needle}"));
    // The summary first: key figures and the map, then the list of sections.
    let details = at("<details id=\"days\" class=\"section\"");
    assert!(at("class=\"stats\"") < details);
    assert!(at("id=\"map-h\"") < details);
    assert!(at("class=\"sections\"") < details);
    // Every detail section is there, folded, with its heading as the summary.
    for id in [
        "days", "children", "levels", "subjects", "capsules", "coverage",
    ] {
        assert!(
            body.contains(&format!(
                "<details id=\"{id}\" class=\"section\"><summary><h2 id=\"{id}-h\">"
            )),
            "{id}"
        );
        assert!(
            body.contains(&format!("?period=30&amp;section={id}#{id}\"")),
            "a link to {id}"
        );
    }
    // Small groups stay hidden in the folded tables.
    assert!(body.contains("class=\"suppressed\""));
    assert!(!body.contains("TINY000") && !body.contains("Petit 0"));

    // A section link opens that section, and only it, without JavaScript.
    let page = app
        .get(&ministry, "/dashboards/national?period=7&section=levels")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .body
        .contains("<details id=\"levels\" class=\"section\" open>"));
    assert_eq!(page.body.matches("class=\"section\" open>").count(), 1);
    assert!(page
        .body
        .contains("<input type=\"hidden\" name=\"section\" value=\"levels\">"));
    // An unknown section opens none.
    let page = app
        .get(&ministry, "/dashboards/national?section=pupils")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("class=\"section\" open>"));
}
on_both!(the_dashboard_leads_with_its_summary_and_folds_the_details);
