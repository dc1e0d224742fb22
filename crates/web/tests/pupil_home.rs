//! A pupil's home leads with what to do now — due and overdue work before done work,
//! revision due today, continue watching — then the pupil's own level and its subjects;
//! a pupil with nothing yet is told what to do (SQLite and PostgreSQL).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{Resp, TestApp, PASSWORD};
use lawha_core::exercise::gift::parse_gift;
use lawha_core::{Locale, Role};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::learning::exercises::{ExerciseSet, NewExerciseSet, SetMode};
use lawha_store::testing;
use lawha_store::{on_both, Backend};
use uuid::Uuid;

fn titles(fr: &str) -> Titles {
    Titles {
        ar: String::new(),
        fr: fr.into(),
    }
}

/// A practice set of `lesson` holding one choice question ("5" is the wrong choice).
async fn set_of(app: &TestApp, lesson: Uuid, title: &str) -> ExerciseSet {
    let set = app
        .store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: lesson,
            titles: titles(title),
            mode: SetMode::Practice,
            max_attempts: None,
            created_by: None,
        })
        .await
        .unwrap();
    let items: Vec<_> = parse_gift("2 + 2 ? {=4 ~5}")
        .unwrap()
        .into_iter()
        .map(|q| q.item)
        .collect();
    app.store.catalog().add_items(set.id, &items).await.unwrap();
    set
}

/// Where `needle` first occurs in the page (it must).
fn at(page: &Resp, needle: &str) -> usize {
    page.body
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not on the page:\n{}", page.body))
}

on_both!(the_home_leads_with_work_then_revision_then_the_level);
async fn the_home_leads_with_work_then_revision_then_the_level(backend: Backend) {
    let mut app = TestApp::on(backend).await;
    let (school, class) =
        testing::school_with_class_of(&app.store, "01", "PH1", "1AC-1", "1AC").await;
    // A second class of the same level (a group): the level is listed once.
    let group = app
        .store
        .org()
        .create_class(&lawha_store::ClassInput {
            school_id: school.id,
            name: "1AC-soutien".into(),
            school_year: "2025-2026".into(),
            level: lawha_core::import::ClassLevel::Level("1AC".into()),
        })
        .await
        .unwrap();
    let pupil = app
        .user(
            "Salma",
            "PH100",
            &[(Role::Pupil, class.scope()), (Role::Pupil, group.scope())],
        )
        .await;
    let maths = testing::lesson(&app.store, "1AC", "MATH", &titles("Fractions")).await;
    testing::lesson(&app.store, "1AC", "SVT", &titles("La cellule")).await;
    // Another level's subject is not the pupil's.
    testing::lesson(&app.store, "2AC", "PC", &titles("Circuits")).await;
    let answered = set_of(&app, maths.id, "Série faite").await;
    let late = set_of(&app, maths.id, "Série en retard").await;
    let later = set_of(&app, maths.id, "Série pour plus tard").await;

    // Today: the pupil answers the first set, wrongly (due for revision tomorrow).
    let client = app.sign_in("PH100", PASSWORD).await;
    let page = app
        .get(&client, &format!("/exercises/{}", answered.id))
        .await;
    let marker = "name=\"event_id\" value=\"";
    let start = at(&page, marker) + marker.len();
    let event = page.body[start..start + 36].to_string();
    let item = page.body[at(&page, "/items/") + 7..]
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let sent = app
        .post(
            &client,
            &format!("/exercises/{}/items/{item}/answer", answered.id),
            &[("choice", "1"), ("event_id", &event)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    // Work: the answered set (done as it is assigned), one due tomorrow, one in a week.
    let today = app.store.today();
    for (set, due) in [(&answered, 3), (&later, 7), (&late, 0)] {
        app.store
            .learning()
            .create_assignment(&NewAssignment {
                class_id: class.id,
                work: Work::Set(set.id),
                due_on: today + Duration::days(due),
                note: String::new(),
                pupils: Some(vec![pupil.id]),
                created_by: None,
            })
            .await
            .unwrap();
    }

    // Tomorrow: `late` is overdue and the wrong answer is due for revision.
    app.travel(1);
    let client = app.sign_in("PH100", PASSWORD).await;
    let home = app.get(&client, "/").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(
        !home.body.contains("id=\"home-live\""),
        "no live class, no section"
    );
    let sections = ["home-todo", "home-revision", "home-continue", "home-level"]
        .map(|id| at(&home, &format!("id=\"{id}\"")));
    assert!(sections.is_sorted(), "sections out of order: {sections:?}");

    // Open work first, the overdue one before the later one, both before the done one,
    // which is folded away.
    let [late_at, later_at, done_at] =
        [&late, &later, &answered].map(|s| at(&home, &format!("href=\"/exercises/{}\"", s.id)));
    assert!(late_at < later_at && later_at < done_at);
    assert!(at(&home, "<details>") < done_at);
    let overdue = lawha_web::i18n::t(Locale::Ar, "pupil-home-overdue");
    assert_eq!(
        home.body.matches(&overdue).count(),
        1,
        "only `late` is overdue"
    );
    assert!(late_at < at(&home, &overdue) && at(&home, &overdue) < later_at);

    // Revision: the count, linked.
    let due = lawha_web::i18n::t_count(Locale::Ar, "revision-due-count", "count", 1);
    assert!(
        home.body
            .contains(&format!("<a href=\"/revision\">{due}</a>")),
        "{}",
        home.body
    );

    // The level once, with its two subjects and not the other level's.
    let level = &home.body[sections[3]..];
    assert_eq!(level.matches("href=\"/curriculum/1AC\"").count(), 1);
    assert!(level.contains("href=\"/curriculum/1AC/MATH\""));
    assert!(level.contains("href=\"/curriculum/1AC/SVT\""));
    assert!(!home.body.contains("/curriculum/2AC"));
    for key in [
        "home-nothing-to-do",
        "pupil-home-revision-none",
        "pupil-home-no-subjects",
    ] {
        let empty = lawha_web::i18n::t(Locale::Ar, key);
        assert!(!home.body.contains(&empty), "{key} shown");
    }
}

on_both!(a_pupil_with_nothing_yet_is_told_what_to_do);
async fn a_pupil_with_nothing_yet_is_told_what_to_do(backend: Backend) {
    let app = TestApp::on(backend).await;
    // A class at a level with no lessons yet.
    let (_, class) = testing::school_with_class_of(&app.store, "02", "PH2", "2AC-1", "2AC").await;
    app.user("Omar", "PH200", &[(Role::Pupil, class.scope())])
        .await;
    let t = |key| lawha_web::i18n::t(Locale::Ar, key);

    let client = app.sign_in("PH200", PASSWORD).await;
    let home = app.get(&client, "/").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    for key in [
        "home-nothing-to-do",
        "pupil-home-revision-none",
        "home-nothing-to-continue",
        "pupil-home-no-subjects",
    ] {
        assert!(home.body.contains(&t(key)), "{key} missing:\n{}", home.body);
    }
    assert!(home.body.contains("href=\"/curriculum/2AC\""));
    assert!(!home.body.contains("id=\"home-live\""));
    assert!(!home.body.contains("<details>"));
}
