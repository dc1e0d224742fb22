//! Announcements through the router: a school admin posts to one level's pupils, who see
//! it on their home page (new, then read), as does the parent linked to one, and no one
//! else does; the author sees how many
//! read it of how many concerned; a place outside the author's scope is 404 even forged
//! into the form; the form needs its CSRF token. Who is concerned on every engine is
//! `lawha-store`'s `tests/announcements.rs`; every route with every role is `tests/authz.rs`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::{Client, TestApp, PASSWORD};
use lawha_core::Role;
use lawha_store::{Backend, ClassInput};

async fn in_french(app: &TestApp, login: &str) -> Client {
    let mut browser = app.sign_in(login, PASSWORD).await;
    browser.set("lawha_lang", "fr".into());
    browser
}

async fn an_announcement_to_one_level_reaches_its_pupils_only(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school, class_1ac) = app.school_and_class("06", "ANN-W").await;
    let (other_school, _) = app.school_and_class("01", "ANN-X").await;
    let class_2ac = app
        .store
        .org()
        .create_class(&ClassInput {
            school_id: school.id,
            name: "2AC-1".into(),
            school_year: "2025-2026".into(),
            level: lawha_core::import::ClassLevel::Level("2AC".into()),
        })
        .await
        .unwrap();
    let amal = app
        .user("Amal", "P9001", &[(Role::Pupil, class_1ac.scope())])
        .await;
    let badr = app
        .user("Badr", "P9002", &[(Role::Pupil, class_2ac.scope())])
        .await;
    // Amal's mother, and Badr's father: parents of the school, each linked to one child.
    for (name, login, child) in [
        ("Mère", "mere@example.ma", amal.id),
        ("Père", "pere@example.ma", badr.id),
    ] {
        let parent = app
            .user(name, login, &[(Role::Parent, school.scope())])
            .await;
        app.store
            .accounts()
            .link_parent(parent.id, child)
            .await
            .unwrap();
    }
    app.teacher_of(&school, &class_1ac, "Prof", "prof@example.ma")
        .await;
    app.user(
        "Dir",
        "dir@example.ma",
        &[(Role::SchoolAdmin, school.scope())],
    )
    .await;
    let admin = in_french(&app, "dir@example.ma").await;
    let form = app.get(&admin, "/announcements/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let place = format!("school:{}", school.id);
    assert!(form.body.contains(&format!("value=\"{place}\"")));
    let fields = [
        ("place", place.as_str()),
        ("level", "1AC"),
        ("audience", "learners"),
        ("title_ar", "عطلة"),
        ("body_ar", "لا دروس يوم الجمعة."),
        ("title_fr", "Congé"),
        ("body_fr", "Pas de cours vendredi."),
    ];
    // Without its CSRF token: refused, nothing posted.
    let forged = app.post_raw(&admin, "/announcements/new", &fields).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let posted = app.post(&admin, "/announcements/new", &fields).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let page = posted.location().to_string();
    assert!(page.starts_with("/announcements/"));
    // The 1AC pupil sees it on her home page, new the first time, read after.
    let amal = in_french(&app, "P9001").await;
    let home = app.get(&amal, "/").await;
    assert!(home.body.contains("id=\"home-announcements\""));
    assert!(home.body.contains("Congé"));
    assert!(home.body.contains(">Nouveau<"));
    let again = app.get(&amal, "/").await;
    assert!(again.body.contains("Congé"));
    assert!(!again.body.contains(">Nouveau<"));
    assert_eq!(app.get(&amal, &page).await.status, StatusCode::OK);
    // In Arabic, its Arabic title.
    let mut arabic = amal.clone();
    arabic.set("lawha_lang", "ar".into());
    assert!(app
        .get(&arabic, "/announcements")
        .await
        .body
        .contains("عطلة"));
    // Her mother too, through the link to her.
    let mother = in_french(&app, "mere@example.ma").await;
    assert!(app.get(&mother, "/").await.body.contains("Congé"));
    assert_eq!(app.get(&mother, &page).await.status, StatusCode::OK);
    // Nobody else: the 2AC pupil and his father, the teacher.
    for login in ["P9002", "pere@example.ma", "prof@example.ma"] {
        let browser = in_french(&app, login).await;
        assert!(
            !app.get(&browser, "/").await.body.contains("Congé"),
            "{login}"
        );
        assert_eq!(
            app.get(&browser, &page).await.status,
            StatusCode::NOT_FOUND,
            "{login}"
        );
    }
    // The author: read by 2 of 2 (the pupil and her mother).
    let list = app.get(&admin, "/announcements").await;
    assert!(list.body.contains("Lue par 2 sur 2"), "{}", list.body);
    // Another region's school, forged into the form: 404, nothing posted.
    let outside = format!("school:{}", other_school.id);
    let mut forged_fields = fields;
    forged_fields[0] = ("place", outside.as_str());
    let refused = app.post(&admin, "/announcements/new", &forged_fields).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let list = app.get(&admin, "/announcements").await;
    assert_eq!(list.body.matches("Lue par").count(), 1);
}

#[tokio::test]
async fn an_announcement_to_one_level_reaches_its_pupils_only_sqlite() {
    an_announcement_to_one_level_reaches_its_pupils_only(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_announcement_to_one_level_reaches_its_pupils_only_postgres() {
    an_announcement_to_one_level_reaches_its_pupils_only(Backend::Postgres).await;
}

async fn a_school_admin_narrows_to_one_class_of_theirs(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school, class_a) = app.school_and_class("06", "ANN-C").await;
    let (_, class_same_region) = app.school_and_class("06", "ANN-D").await;
    let class_b = app
        .store
        .org()
        .create_class(&ClassInput {
            school_id: school.id,
            name: "1AC-2".into(),
            school_year: "2025-2026".into(),
            level: lawha_core::import::ClassLevel::Level("1AC".into()),
        })
        .await
        .unwrap();
    app.user("Amal", "P9101", &[(Role::Pupil, class_a.scope())])
        .await;
    app.user("Badr", "P9102", &[(Role::Pupil, class_b.scope())])
        .await;
    app.user(
        "Dir",
        "dir@example.ma",
        &[(Role::SchoolAdmin, school.scope())],
    )
    .await;
    app.user(
        "Aref",
        "aref@example.ma",
        &[(
            Role::RegionalAdmin,
            lawha_core::Scope::Region {
                region: school.region_id,
            },
        )],
    )
    .await;
    let admin = in_french(&app, "dir@example.ma").await;
    let form = app.get(&admin, "/announcements/new").await;
    assert_eq!(form.status, StatusCode::OK);
    // The school's two classes are offered, not a class of another school.
    assert!(form.body.contains("id=\"place-classes\""));
    for class in [&class_a, &class_b] {
        assert!(
            form.body.contains(&format!("value=\"class:{}\"", class.id)),
            "{}",
            class.name
        );
    }
    assert!(!form
        .body
        .contains(&format!("class:{}", class_same_region.id)));
    let place = format!("class:{}", class_a.id);
    let mut fields = vec![
        ("place", place.as_str()),
        ("level", ""),
        ("audience", "everyone"),
        ("title_fr", "Sortie"),
        ("body_fr", "Sortie au musée jeudi."),
    ];
    let posted = app.post(&admin, "/announcements/new", &fields).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    // Its class's pupil sees it, the other class's does not.
    let amal = in_french(&app, "P9101").await;
    assert!(app.get(&amal, "/").await.body.contains("Sortie"));
    let badr = in_french(&app, "P9102").await;
    assert!(!app.get(&badr, "/").await.body.contains("Sortie"));
    // A class of another school, forged into the form: 404, nothing posted.
    let forged = format!("class:{}", class_same_region.id);
    fields[0] = ("place", forged.as_str());
    let refused = app.post(&admin, "/announcements/new", &fields).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let list = app.get(&admin, "/announcements").await;
    assert_eq!(list.body.matches("Lue par").count(), 1);
    // A regional administrator is offered no class list (the region has too many).
    let aref = in_french(&app, "aref@example.ma").await;
    let form = app.get(&aref, "/announcements/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("id=\"place-classes\""));
}

#[tokio::test]
async fn a_school_admin_narrows_to_one_class_of_theirs_sqlite() {
    a_school_admin_narrows_to_one_class_of_theirs(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_school_admin_narrows_to_one_class_of_theirs_postgres() {
    a_school_admin_narrows_to_one_class_of_theirs(Backend::Postgres).await;
}

async fn the_last_day_ends_on_the_platforms_clock(backend: Backend) {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
    // The last day, and 23:30 UTC on it: in the platform's zone the same day or the next,
    // by the zone's offset on that date.
    let day = NaiveDate::from_ymd_opt(2026, 5, 12).unwrap();
    let late = Utc.from_utc_datetime(&day.and_time(NaiveTime::from_hms_opt(23, 30, 0).unwrap()));
    let mut store = lawha_store::testing::on(backend).await;
    let clock = lawha_core::Clock::fixed(late - chrono::Duration::hours(12));
    store.store = store.store.clone().with_clock(clock.clone());
    let app = TestApp::with(store).await;
    let zone = app.state.config.time_zone;
    let past_in_zone = late.with_timezone(&zone).date_naive() > day;
    // Only a zone ahead of UTC on that date tells the platform's day from UTC's.
    assert!(
        past_in_zone,
        "the default zone must be past the day at 23:30 UTC"
    );
    let (school, class) = app.school_and_class("06", "ANN-Z").await;
    app.user("Amal", "P9201", &[(Role::Pupil, class.scope())])
        .await;
    app.user(
        "Dir",
        "dir@example.ma",
        &[(Role::SchoolAdmin, school.scope())],
    )
    .await;
    let place = format!("school:{}", school.id);
    let last = day.to_string();
    let fields = [
        ("place", place.as_str()),
        ("level", ""),
        ("audience", "everyone"),
        ("title_fr", "Inscriptions"),
        ("body_fr", "Dernier jour pour s’inscrire."),
        ("ends_on", last.as_str()),
    ];
    let admin = in_french(&app, "dir@example.ma").await;
    let posted = app.post(&admin, "/announcements/new", &fields).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    clock.advance(chrono::Duration::hours(12));
    // At 23:30 UTC: still on the pupil's home page unless the zone is past the day.
    let amal = in_french(&app, "P9201").await;
    let home = app.get(&amal, "/").await;
    assert_eq!(home.body.contains("Inscriptions"), !past_in_zone);
    // The same last day posted now: refused when the zone is past it.
    let admin = in_french(&app, "dir@example.ma").await;
    let again = app.post(&admin, "/announcements/new", &fields).await;
    let expected = if past_in_zone {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::SEE_OTHER
    };
    assert_eq!(again.status, expected);
}

#[tokio::test]
async fn the_last_day_ends_on_the_platforms_clock_sqlite() {
    the_last_day_ends_on_the_platforms_clock(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_last_day_ends_on_the_platforms_clock_postgres() {
    the_last_day_ends_on_the_platforms_clock(Backend::Postgres).await;
}
