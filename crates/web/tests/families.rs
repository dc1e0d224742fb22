//! Families through the router, with a real SMTP server (`smtp_sink`) for the weekly
//! summary: a parent sees their child's week (activity, assignments, mastery, results) in
//! Arabic and French, prints it and downloads it as CSV; anyone else gets 404; the weekly
//! summary is mailed once per parent and week in the parent's language (a rerun sends
//! nothing), only to parents with an e-mail, and a mail server that is down makes the
//! outbox retry and deliver once. Who reaches which child on every engine is
//! `lawha-store`'s `tests/families.rs`; every route with every role is `tests/authz.rs`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;
mod smtp_sink;

use axum::http::{header, StatusCode};
use chrono::{Duration, NaiveDate, Weekday};
use common::{Client, TestApp, PASSWORD};
use lawha_core::exercise::{Item, ItemKind};
use lawha_core::{Locale, Role};
use lawha_store::learning::assignments::{NewAssignment, Work};
use lawha_store::recovery::outbox;
use lawha_store::testing::{self, SubmitShown};
use lawha_store::{Backend, User};
use lawha_web::families::weekly::{queue_week, WeeklyRun, WeeklySchedule, WeeklySettings};
use lawha_web::mail::worker::{work_once, Turn};
use lawha_web::mail::Mailer;
use smtp_sink::SmtpSink;
use uuid::Uuid;

/// A class with a pupil who answered three items (two right) and has an assignment, her
/// parent (linked, with an e-mail) and another pupil.
struct Family {
    app: TestApp,
    child: User,
    other: User,
    parent: User,
}

fn items_of(n: usize) -> Vec<Item> {
    (0..n)
        .map(|i| {
            Item::new(
                format!("statement {i}"),
                ItemKind::TrueFalse {
                    answer: true,
                    feedback_true: None,
                    feedback_false: None,
                },
            )
        })
        .collect()
}

async fn family(backend: Backend) -> Family {
    let app = TestApp::on(backend).await;
    let (school, class) = app.school_and_class("06", "FAM-W").await;
    let child = app
        .user("Salma Alaoui", "P7001", &[(Role::Pupil, class.scope())])
        .await;
    let other = app
        .user("Other Pupil", "P7002", &[(Role::Pupil, class.scope())])
        .await;
    let parent = app
        .user(
            "Nadia Alaoui",
            "nadia@example.ma",
            &[(Role::Parent, school.scope())],
        )
        .await;
    app.store
        .accounts()
        .link_parent(parent.id, child.id)
        .await
        .unwrap();
    let (_, set, items) = testing::practice_set(&app.store, &items_of(3)).await;
    let now = app.state.now();
    let mut answers: Vec<_> = items
        .iter()
        .map(|item| testing::true_answer(Uuid::now_v7(), child.id, item, now - Duration::hours(2)))
        .collect();
    answers[2].response = lawha_core::exercise::Response::TrueFalse { answer: false };
    answers[2].correction.score = 0.0;
    answers[2].correction.correct = false;
    app.store.submit_all_shown(&answers).await.unwrap();
    // Two assignments: the set she answered in full (done) and another one (open).
    let (_, untouched, _) = testing::practice_set(&app.store, &items_of(1)).await;
    for (set, day) in [(set.id, 1), (untouched.id, 2)] {
        app.store
            .learning()
            .create_assignment(&NewAssignment {
                class_id: class.id,
                work: Work::Set(set),
                due_on: NaiveDate::from_ymd_opt(2030, 1, day).unwrap(),
                note: String::new(),
                pupils: None,
                created_by: None,
            })
            .await
            .unwrap();
    }
    Family {
        app,
        child,
        other,
        parent,
    }
}

async fn in_french(app: &TestApp, login: &str) -> Client {
    let mut browser = app.sign_in(login, PASSWORD).await;
    browser.set("lawha_lang", "fr".into());
    browser
}

async fn a_parent_sees_their_childs_week(backend: Backend) {
    let f = family(backend).await;
    let app = &f.app;
    let browser = in_french(app, "nadia@example.ma").await;
    let home = app.get(&browser, "/").await;
    assert!(home
        .body
        .contains(&format!("href=\"/children/{}\"", f.child.id)));
    let page = app
        .get(&browser, &format!("/children/{}", f.child.id))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Salma Alaoui"));
    assert!(
        page.body.contains("3 réponses aux exercices"),
        "{}",
        page.body
    );
    assert!(page.body.contains("2 justes"));
    assert!(page.body.contains("Aucune capsule regardée"));
    // The assignments with their due dates, one done and one open; the set's result (2
    // of 3 right: 67%).
    assert!(
        page.body.contains("<td>1 janvier 2030</td><td>Fait</td>"),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("<td>2 janvier 2030</td><td>À faire</td>"));
    assert!(page.body.contains("67%"));
    // Mastery by subject (the set's lesson is 1AC mathematics, the class's level).
    // One lesson in progress (two of three right), one not started.
    assert!(page
        .body
        .contains("<tr><td>Mathématiques</td><td>0</td><td>1</td><td>1</td></tr>"));
    assert_eq!(
        page.headers.get(header::CACHE_CONTROL).unwrap(),
        "private, no-store"
    );
    // In Arabic, with its plural forms.
    let mut arabic = browser.clone();
    arabic.set("lawha_lang", "ar".into());
    let page = app.get(&arabic, &format!("/children/{}", f.child.id)).await;
    assert!(page.body.contains("إجابتان صحيحتان"), "{}", page.body);
    assert!(page.body.contains("3 إجابات عن التمارين"));
    // The download: CSV, the same figures.
    let csv = app
        .get(&browser, &format!("/children/{}/week.csv", f.child.id))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    assert!(
        csv.body.contains("\"Réponses justes\",\"2\""),
        "{}",
        csv.body
    );
    assert!(csv.body.contains("\"Réponses aux exercices\",\"3\""));
    assert!(csv.body.contains("\"À faire\""));
}

#[tokio::test]
async fn a_parent_sees_their_childs_week_sqlite() {
    a_parent_sees_their_childs_week(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_parent_sees_their_childs_week_postgres() {
    a_parent_sees_their_childs_week(Backend::Postgres).await;
}

#[tokio::test]
async fn nobody_else_sees_a_child() {
    let f = family(Backend::Sqlite).await;
    let app = &f.app;
    let (school, class) = (
        app.store.org().school_by_code("FAM-W").await.unwrap(),
        app.store.accounts().classes_of(f.child.id).await.unwrap()[0]
            .class
            .clone(),
    );
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    app.user(
        "Other Parent",
        "other@example.ma",
        &[(Role::Parent, school.scope())],
    )
    .await;
    let parent = in_french(app, "nadia@example.ma").await;
    let paths = |id: Uuid| {
        [
            format!("/children/{id}"),
            format!("/children/{id}/week.csv"),
        ]
    };
    // Her own parent, not another pupil's.
    for path in paths(f.other.id) {
        assert_eq!(app.get(&parent, &path).await.status, StatusCode::NOT_FOUND);
    }
    // Nor another parent, the class's teacher or the child herself.
    for login in ["other@example.ma", "prof@example.ma", "P7001"] {
        let browser = app.sign_in(login, PASSWORD).await;
        for path in paths(f.child.id) {
            assert_eq!(
                app.get(&browser, &path).await.status,
                StatusCode::NOT_FOUND,
                "{login} {path}"
            );
        }
    }
    // A signed-out visitor is sent to sign in.
    let visitor = app.visitor().await;
    let resp = app
        .get(&visitor, &format!("/children/{}", f.child.id))
        .await;
    assert!(resp.location().starts_with("/login"));
}

fn settings() -> WeeklySettings {
    WeeklySettings {
        zone: chrono_tz::Africa::Casablanca,
        default_locale: Locale::Ar,
        public_base_url: "https://lawha.example.ma".into(),
        schedule: WeeklySchedule {
            weekday: Weekday::Sun,
            hour: 18,
        },
    }
}

async fn the_weekly_summary_is_mailed_once(backend: Backend) {
    let f = family(backend).await;
    let app = &f.app;
    let store = &app.store;
    store
        .accounts()
        .set_user_locale(f.parent.id, Locale::Fr)
        .await
        .unwrap();
    // A parent without an e-mail is linked too: no message for them.
    let school = store.org().school_by_code("FAM-W").await.unwrap();
    let no_mail = app
        .user("Dad", "P7099", &[(Role::Parent, school.scope())])
        .await;
    store
        .accounts()
        .link_parent(no_mail.id, f.child.id)
        .await
        .unwrap();
    let sink = SmtpSink::start();
    let mailer = Mailer::new(&sink.config()).unwrap();
    let now = app.state.now();
    let run = queue_week(store, &settings(), now).await.unwrap();
    assert_eq!(
        run,
        WeeklyRun {
            queued: 1,
            already: 0
        }
    );
    assert_eq!(work_once(store, &mailer).await.unwrap(), Turn::Sent);
    assert_eq!(work_once(store, &mailer).await.unwrap(), Turn::Idle);
    // Run again the same week (a restart, another node, the command): nothing more.
    assert_eq!(
        queue_week(store, &settings(), now + Duration::hours(1))
            .await
            .unwrap(),
        WeeklyRun::default()
    );
    assert_eq!(work_once(store, &mailer).await.unwrap(), Turn::Idle);
    let received = sink.received();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(mail.rcpt_tos, vec!["nadia@example.ma".to_string()]);
    assert!(mail.from.contains("no-reply@lawha.test"));
    assert_eq!(mail.subject, "Lawha : la semaine de vos enfants");
    assert!(mail.body.contains("Salma Alaoui"), "{}", mail.body);
    assert!(mail.body.contains("3 réponses aux exercices"));
    assert!(mail
        .body
        .contains(&format!("https://lawha.example.ma/children/{}", f.child.id)));
}

#[tokio::test]
async fn the_weekly_summary_is_mailed_once_sqlite() {
    the_weekly_summary_is_mailed_once(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_weekly_summary_is_mailed_once_postgres() {
    the_weekly_summary_is_mailed_once(Backend::Postgres).await;
}

#[tokio::test]
async fn a_summary_waits_out_a_mail_server_that_is_down() {
    let f = family(Backend::Sqlite).await;
    let store = &f.app.store;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = Mailer::new(&smtp_sink::mail_config(closed)).unwrap();
    let now = f.app.state.now();
    assert_eq!(queue_week(store, &settings(), now).await.unwrap().queued, 1);
    assert_eq!(work_once(store, &down).await.unwrap(), Turn::Failed);
    let sink = SmtpSink::start();
    let up = Mailer::new(&sink.config()).unwrap();
    // Not before its time; then once; and the job run again queues nothing.
    assert_eq!(work_once(store, &up).await.unwrap(), Turn::Idle);
    store.clock().advance(outbox::retry_delay(1));
    assert_eq!(work_once(store, &up).await.unwrap(), Turn::Sent);
    assert_eq!(
        queue_week(store, &settings(), store.clock().now())
            .await
            .unwrap(),
        WeeklyRun::default()
    );
    assert_eq!(work_once(store, &up).await.unwrap(), Turn::Idle);
    let received = sink.received();
    assert_eq!(received.len(), 1);
    // The parent chose no language: the platform's default, Arabic.
    assert_eq!(received[0].subject, "لوحة: أسبوع أبنائكم");
    // The next week is another summary.
    store.clock().advance(Duration::days(7));
    assert_eq!(
        queue_week(store, &settings(), store.clock().now())
            .await
            .unwrap()
            .queued,
        1
    );
}

async fn the_childs_page_lists_the_live_sessions_of_the_next_seven_days(backend: Backend) {
    let f = family(backend).await;
    let app = &f.app;
    let school = app.store.org().school_by_code("FAM-W").await.unwrap();
    let class = app.store.accounts().classes_of(f.child.id).await.unwrap()[0]
        .class
        .clone();
    let browser = in_french(app, "nadia@example.ma").await;
    let path = format!("/children/{}", f.child.id);
    // Nothing scheduled: the empty state.
    let page = app.get(&browser, &path).await;
    assert!(
        page.body.contains("id=\"child-live-none\""),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("Aucune classe en direct prévue dans les sept prochains jours."));
    let teacher = app
        .teacher_of(&school, &class, "Prof", "prof-live@example.ma")
        .await;
    let (_, other_class) = app.school_and_class("06", "FAM-L").await;
    let other_school = app.store.org().school_by_code("FAM-L").await.unwrap();
    let other_teacher = app
        .teacher_of(
            &other_school,
            &other_class,
            "Autre",
            "autre-live@example.ma",
        )
        .await;
    let zone = app.state.config.time_zone;
    let now = app.state.now();
    // 08:00 UTC on the day `days` from today.
    let at = |days: i64| {
        (now.date_naive() + Duration::days(days))
            .and_hms_opt(8, 0, 0)
            .unwrap()
            .and_utc()
    };
    let schedule = |title: &str, host: &User, class_id: Uuid, days: i64, repeat| {
        let draft = lawha_core::live::SessionDraft {
            title: title.into(),
            host: host.id,
            audience: lawha_core::live::Audience::Class(class_id),
            starts_at: at(days),
            ends_at: at(days) + Duration::hours(1),
            repeat,
            zone,
        };
        let valid = draft.validate(now).unwrap();
        let host = host.id;
        async move { app.store.live().schedule(host, &valid).await.unwrap() }
    };
    use lawha_core::live::Repeat;
    schedule("Sciences", &teacher, class.id, 1, Repeat::Once).await;
    schedule("Histoire", &teacher, class.id, 5, Repeat::Once).await;
    // Weekly from the day after tomorrow: one occurrence this week, the next one after.
    schedule(
        "Maths",
        &teacher,
        class.id,
        2,
        Repeat::Weekly {
            until: Some(now.date_naive() + Duration::days(30)),
        },
    )
    .await;
    // Past the seven days, and another class's.
    schedule("Géographie", &teacher, class.id, 8, Repeat::Once).await;
    schedule("Physique", &other_teacher, other_class.id, 2, Repeat::Once).await;
    let page = app.get(&browser, &path).await;
    assert!(!page.body.contains("id=\"child-live-none\""));
    let list = page
        .body
        .split("id=\"child-live\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    let titles: Vec<&str> = ["Sciences", "Maths", "Histoire", "Géographie", "Physique"]
        .into_iter()
        .filter(|t| list.contains(*t))
        .collect();
    assert_eq!(titles, vec!["Sciences", "Maths", "Histoire"], "{list}");
    // In the order they come, once each, with their time on the platform's clock.
    let position = |t: &str| list.find(t).unwrap();
    assert!(position("Sciences") < position("Maths"));
    assert!(position("Maths") < position("Histoire"));
    assert_eq!(list.matches("Maths").count(), 1);
    let local =
        |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone).format("%H:%M").to_string();
    let times = format!("{}–{}", local(at(5)), local(at(5) + Duration::hours(1)));
    assert!(list.contains(&times), "{times} in {list}");
}

#[tokio::test]
async fn the_childs_page_lists_the_live_sessions_of_the_next_seven_days_sqlite() {
    the_childs_page_lists_the_live_sessions_of_the_next_seven_days(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_childs_page_lists_the_live_sessions_of_the_next_seven_days_postgres() {
    the_childs_page_lists_the_live_sessions_of_the_next_seven_days(Backend::Postgres).await;
}
