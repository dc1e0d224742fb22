//! Dashboards through the web, on SQLite and PostgreSQL: each administrator sees their
//! scope only, small groups are suppressed (pages and CSV), no pupil is ever named; and a
//! teacher follows their class, assigns work that pupils see and complete, and exports it.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{TestApp, PASSWORD};
use lawha_core::import::ClassLevel;
use lawha_core::{Role, Scope};
use lawha_seed::synthetic::{self, SyntheticConfig};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::watching::WatchEvent;
use lawha_store::on_both;
use lawha_store::testing;
use lawha_store::{Backend, Class, ClassInput, School, SchoolInput, SchoolKind};
use uuid::Uuid;

const ZONE: chrono_tz::Tz = chrono_tz::Africa::Casablanca;

/// Five empty cells in a row of a CSV export (every cell is quoted).
const NO_FIGURES: &str = r#""","","","","""#;

struct World {
    app: TestApp,
    /// A school with a class of 5 pupils: under the privacy threshold.
    tiny: (School, Class),
    /// The teacher's class, which also gets generated pupils.
    class: Class,
    capsule: Uuid,
}

async fn world(backend: Backend) -> World {
    let app = TestApp::on(backend).await;
    let (school, class) = app.school_and_class("06", "SCH-T").await;
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    let casablanca = app.store.org().region_by_code("06").await.unwrap();
    let head = (Role::SchoolAdmin, school.scope());
    let ministry = (Role::MinistryAdmin, Scope::National);
    let region = Scope::Region {
        region: casablanca.id,
    };
    for (name, login, grant) in [
        ("Directeur", "direction@example.ma", head),
        ("Ministère", "ministere@example.ma", ministry),
        ("AREF", "aref@example.ma", (Role::RegionalAdmin, region)),
    ] {
        app.user(name, login, &[grant]).await;
    }
    let tiny = app.school_and_class("12", "SCH-TINY").await;
    for n in 0..5 {
        app.user(
            &format!("Petit {n}"),
            &format!("TINY{n:03}"),
            &[(Role::Pupil, tiny.1.scope())],
        )
        .await;
    }
    app.user(
        "Directrice",
        "petite@example.ma",
        &[(Role::SchoolAdmin, tiny.0.scope())],
    )
    .await;
    // A published capsule on the class's level, to assign and watch.
    let titles = Titles {
        ar: "الكسور".into(),
        fr: "Fractions".into(),
    };
    let lesson = testing::lesson(&app.store, "1AC", "MATH", &titles).await;
    let (capsule, _) = app
        .playable_capsule(lesson.id, "Simplifier", true, None)
        .await;
    let config = SyntheticConfig {
        pupils: 80,
        pupils_per_class: 20,
        classes_per_school: 2,
        days: 5,
        events_per_active_day: 3,
        seed: 9,
        code_prefix: "W".into(),
        join_classes: vec![class.id],
    };
    synthetic::generate(&app.store, &config, ZONE, |_| {})
        .await
        .unwrap();
    World {
        app,
        tiny,
        class,
        capsule: capsule.id,
    }
}

async fn each_admin_sees_their_scope_and_small_groups_are_suppressed(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let ministry = app.sign_in("ministere@example.ma", PASSWORD).await;
    let go = app.get(&ministry, "/dashboards").await;
    assert_eq!(go.location(), "/dashboards/national");
    let national = app.get(&ministry, "/dashboards/national").await;
    assert_eq!(national.status, StatusCode::OK, "{}", national.body);
    assert!(
        national.body.contains("<svg") && national.body.contains("role=\"group\""),
        "charts and the map"
    );
    assert!(national.body.contains("class=\"stats\""));
    // The tiny school's region has only its 5 pupils: suppressed, in the table and the CSV.
    assert!(national.body.contains("class=\"suppressed\""));
    let csv = app
        .get(&ministry, "/dashboards/national?export=children")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let tiny_region = app.store.org().region(w.tiny.0.region_id).await.unwrap();
    let line = csv
        .body
        .lines()
        .find(|l| l.contains(&tiny_region.name_ar) || l.contains(&tiny_region.name_fr))
        .unwrap();
    assert!(
        line.contains(NO_FIGURES),
        "no figure for a small group: {line}"
    );
    // The national total minus the regions shown would give the tiny region away: at least
    // one more region is hidden with it (complementary suppression).
    let hidden: Vec<&str> = csv
        .body
        .lines()
        .skip(1)
        .filter(|l| l.contains(NO_FIGURES))
        .collect();
    assert!(hidden.len() >= 2, "{}", csv.body);
    assert!(
        hidden.iter().any(|l| l.contains("حتى لا تُستنتج")),
        "a region hidden for company says why: {}",
        csv.body
    );
    for table in ["levels", "days", "subjects", "capsules", "coverage"] {
        let export = app
            .get(&ministry, &format!("/dashboards/national?export={table}"))
            .await;
        assert_eq!(export.status, StatusCode::OK, "{table}");
        assert!(export.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        assert!(export.body.lines().count() >= 1, "{table}");
    }
    assert_eq!(
        app.get(&ministry, "/dashboards/national?export=pupils")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // No pupil is named anywhere on a governance page.
    for pupil in app
        .store
        .accounts()
        .class_members(w.class.id)
        .await
        .unwrap()
    {
        assert!(!national.body.contains(&pupil.display_name) || pupil.display_name.len() < 4);
    }
    for code in ["TINY000", "Petit 0"] {
        assert!(!national.body.contains(code));
    }

    let tiny_admin = app.sign_in("petite@example.ma", PASSWORD).await;
    let own = app
        .get(&tiny_admin, &format!("/dashboards/schools/{}", w.tiny.0.id))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(
        !own.body.contains("class=\"stats\""),
        "a school of 5 pupils shows no figure"
    );
    assert!(own.body.contains("role=\"status\""));
    assert_eq!(
        app.get(&tiny_admin, "/dashboards/national").await.status,
        StatusCode::NOT_FOUND
    );

    let aref = app.sign_in("aref@example.ma", PASSWORD).await;
    let casablanca = app.store.org().region_by_code("06").await.unwrap();
    assert_eq!(
        app.get(&aref, "/dashboards").await.location(),
        format!("/dashboards/regions/{}", casablanca.id)
    );
    let region = app
        .get(&aref, &format!("/dashboards/regions/{}", casablanca.id))
        .await;
    assert_eq!(region.status, StatusCode::OK);
    assert_eq!(
        app.get(
            &aref,
            &format!("/dashboards/regions/{}", w.tiny.0.region_id)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&aref, &format!("/dashboards/schools/{}", w.tiny.0.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let teacher = app.sign_in("prof@example.ma", PASSWORD).await;
    assert_eq!(
        app.get(&teacher, "/dashboards/national").await.status,
        StatusCode::FORBIDDEN
    );
}
on_both!(each_admin_sees_their_scope_and_small_groups_are_suppressed);

async fn a_teacher_follows_the_class_and_assigns_work(backend: Backend) {
    let w = world(backend).await;
    let app = &w.app;
    let teacher = app.sign_in("prof@example.ma", PASSWORD).await;
    let page = app.get(&teacher, &format!("/classes/{}", w.class.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("class=\"grid\""), "the progress grid");
    let members = app
        .store
        .accounts()
        .class_members(w.class.id)
        .await
        .unwrap();
    assert!(members.len() >= 10);
    assert!(page.body.contains(&members[0].display_name));

    // Assign the capsule to one pupil; they see it to do, watch it, and it is done.
    let pupil = &members[0];
    let due = (app.store.clock().now().date_naive() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let sent = app
        .post(
            &teacher,
            &format!("/classes/{}/assignments", w.class.id),
            &[
                ("work", &format!("capsule:{}", w.capsule)),
                ("due_on", &due),
                ("note", "Regardez avant jeudi"),
                ("pupil", &pupil.id.to_string()),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert!(
        sent.location().contains("done=assigned"),
        "{}",
        sent.location()
    );
    let past = app
        .post(
            &teacher,
            &format!("/classes/{}/assignments", w.class.id),
            &[
                ("work", &format!("capsule:{}", w.capsule)),
                ("due_on", "2020-01-01"),
            ],
        )
        .await;
    assert!(past.location().contains("done=past-date"));
    let todo = app.store.learning().pupil_todo(pupil.id, 10).await.unwrap();
    assert_eq!(todo.len(), 1);
    assert!(todo[0].completed_at.is_none());
    app.store
        .learning()
        .record_watch(&WatchEvent {
            id: Uuid::now_v7(),
            user_id: pupil.id,
            capsule_id: w.capsule,
            position_ms: 8_000,
            watched_pct: 100.0,
            occurred_at: app.store.clock().now(),
        })
        .await
        .unwrap();
    app.store
        .rollups()
        .apply_all_rollups(ZONE, "test")
        .await
        .unwrap();
    let page = app.get(&teacher, &format!("/classes/{}", w.class.id)).await;
    assert!(page.body.contains("1/1"), "completion shown");
    assert!(page.body.contains("Regardez avant jeudi"));

    // The pupil's own page, and the exports.
    let drill = app
        .get(
            &teacher,
            &format!("/classes/{}/pupils/{}", w.class.id, pupil.id),
        )
        .await;
    assert_eq!(drill.status, StatusCode::OK);
    assert!(drill.body.contains(&pupil.display_name));
    let csv = app
        .get(&teacher, &format!("/classes/{}/export.csv", w.class.id))
        .await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(csv.body.contains(&pupil.display_name) && csv.body.contains("done"));
    let header = csv.body.lines().next().unwrap_or_default();
    assert!(
        header.contains("الأسئلة المجاب عنها") && header.contains("المعدل"),
        "{header}"
    );
    let xlsx = app
        .get(&teacher, &format!("/classes/{}/export.xlsx", w.class.id))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.as_bytes().starts_with(b"PK"), "an xlsx is a zip");
    // Someone else's pupil is not reachable through this class.
    let other = app
        .store
        .accounts()
        .class_members(w.tiny.1.id)
        .await
        .unwrap();
    assert_eq!(
        app.get(
            &teacher,
            &format!("/classes/{}/pupils/{}", w.class.id, other[0].id)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}
on_both!(a_teacher_follows_the_class_and_assigns_work);

/// Every cell of a CSV export (the byte-order mark dropped).
fn csv_cells(body: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect()
}

/// No cell a spreadsheet would run as a formula, nor one that reorders what is shown.
fn assert_inert(cells: &[String]) {
    for cell in cells {
        let first = cell.trim_start().chars().next();
        let number = cell.parse::<f64>().is_ok();
        assert!(
            number || !matches!(first, Some('=' | '+' | '-' | '@')),
            "formula cell {cell:?}"
        );
        assert!(
            !cell.starts_with(['\t', '\r']),
            "cell starting with a tab or CR {cell:?}"
        );
        assert!(
            !cell.contains(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "bidi override in {cell:?}"
        );
    }
}

async fn exports_neutralise_formulas_and_bidi_overrides(backend: Backend) {
    let app = TestApp::on(backend).await;
    let region = app.store.org().region_by_code("06").await.unwrap();
    let province = app
        .store
        .org()
        .create_province(region.id, "P-EVIL", "@SUM(1+1)", "@SUM(1+1)")
        .await
        .unwrap();
    let school = app
        .store
        .org()
        .create_school(&SchoolInput {
            province_id: province.id,
            code: "SCH-EVIL".into(),
            kind: SchoolKind::School,
            name_ar: "+cmd|' /C calc'!A0".into(),
            name_fr: "+cmd|' /C calc'!A0".into(),
        })
        .await
        .unwrap();
    let class = app
        .store
        .org()
        .create_class(&ClassInput {
            school_id: school.id,
            name: "1AC-1".into(),
            school_year: "2025-2026".into(),
            level: ClassLevel::Level("1AC".into()),
        })
        .await
        .unwrap();
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    let formula = r#"=HYPERLINK("http://evil.example","x")"#;
    // U+202E shows what follows reversed: "Sara exe.doc" would read "Sara cod.exe".
    let pupils = [
        (formula, "EVIL001"),
        ("-2+3", "EVIL002"),
        ("Sara \u{202e}cod.exe", "EVIL003"),
    ];
    for (name, login) in pupils {
        app.user(name, login, &[(Role::Pupil, class.scope())]).await;
    }
    app.user(
        "Ministère",
        "ministere@example.ma",
        &[(Role::MinistryAdmin, Scope::National)],
    )
    .await;
    app.store.rollups().refresh_population().await.unwrap();

    let teacher = app.sign_in("prof@example.ma", PASSWORD).await;
    let export = app
        .get(&teacher, &format!("/classes/{}/export.csv", class.id))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let cells = csv_cells(&export.body);
    assert_inert(&cells);
    for name in [format!("'{formula}"), "'-2+3".into(), "Sara cod.exe".into()] {
        assert!(cells.contains(&name), "{name:?} in {cells:?}");
    }

    let ministry = app.sign_in("ministere@example.ma", PASSWORD).await;
    for (path, name) in [
        (
            format!("/dashboards/regions/{}?export=children", region.id),
            "'@SUM(1+1)",
        ),
        (
            format!("/dashboards/provinces/{}?export=children", province.id),
            "'+cmd|' /C calc'!A0",
        ),
    ] {
        let export = app.get(&ministry, &path).await;
        assert_eq!(export.status, StatusCode::OK, "{path}");
        let cells = csv_cells(&export.body);
        assert_inert(&cells);
        assert!(cells.iter().any(|c| c == name), "{name:?} in {cells:?}");
    }
}
on_both!(exports_neutralise_formulas_and_bidi_overrides);
