//! Live sessions through the web, on SQLite and PostgreSQL, with a fake conferencing engine:
//! scheduling (errors at their fields, scope), the session page, joining inside the window
//! only and by invitees only, an engine that is down, attendance taken from the engine by
//! the poller, ending, the CSV, and "live now" on pupils' and parents' home pages.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod callbacks;
mod fake;
mod janus_page;
mod mute;
mod recordings;
mod removal;
mod vocational;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use common::{Client, Resp, TestApp, PASSWORD};
use lawha_core::Role;
use lawha_store::{on_both, Backend, Class, School, User};
use lawha_web::live_attendance::poll_once;
use uuid::Uuid;

use self::fake::FakeEngine;

const ZONE: chrono_tz::Tz = chrono_tz::Africa::Casablanca;

struct World {
    app: TestApp,
    engine: Arc<FakeEngine>,
    school_a: School,
    school_b: School,
    class_a: Class,
    class_b: Class,
    teacher: Client,
    pupil: User,
    pupil_client: Client,
    outsider: Client,
    /// Tomorrow at 10:00, Casablanca time.
    start: DateTime<Utc>,
}

async fn world(backend: Backend) -> World {
    world_with(backend, FakeEngine::default()).await
}

async fn world_with(backend: Backend, engine: FakeEngine) -> World {
    let mut app = TestApp::on(backend).await;
    let engine = Arc::new(engine);
    app.use_live(Some(engine.clone()));
    let (school_a, class_a) = app.school_and_class("06", "LIVE-A").await;
    let (school_b, class_b) = app.school_and_class("01", "LIVE-B").await;
    app.teacher_of(&school_a, &class_a, "Prof A", "prof.a@example.ma")
        .await;
    let pupil = app
        .user("Amina", "LIVEA1", &[(Role::Pupil, class_a.scope())])
        .await;
    app.user("Karim", "LIVEB1", &[(Role::Pupil, class_b.scope())])
        .await;
    let tomorrow = app.state.now().with_timezone(&ZONE).date_naive() + Duration::days(1);
    let start = ZONE
        .from_local_datetime(&tomorrow.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()))
        .earliest()
        .unwrap()
        .with_timezone(&Utc);
    // Two hours before the start (sign-ins last 12 hours).
    let delta = start - Duration::hours(2) - app.state.now();
    app.state.store.clock().advance(delta);
    let teacher = app.sign_in("prof.a@example.ma", PASSWORD).await;
    let pupil_client = app.sign_in("LIVEA1", PASSWORD).await;
    let outsider = app.sign_in("LIVEB1", PASSWORD).await;
    World {
        app,
        engine,
        school_a,
        school_b,
        class_a,
        class_b,
        teacher,
        pupil,
        pupil_client,
        outsider,
        start,
    }
}

impl World {
    /// Moves the clock to `at`.
    fn set_time(&self, at: DateTime<Utc>) {
        let delta = at - self.app.state.now();
        self.app.state.store.clock().advance(delta);
    }

    /// The form's date and times of `start` for `minutes`.
    fn when(&self, start: DateTime<Utc>, minutes: i64) -> [(String, String); 3] {
        let local = start.with_timezone(&ZONE);
        let end = (start + Duration::minutes(minutes)).with_timezone(&ZONE);
        [
            ("date".into(), local.format("%Y-%m-%d").to_string()),
            ("start".into(), local.format("%H:%M").to_string()),
            ("end".into(), end.format("%H:%M").to_string()),
        ]
    }

    async fn schedule(&self, client: &Client, fields: &[(&str, String)]) -> Resp {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.app.post(client, "/live/new", &fields).await
    }

    /// A class session for class A tomorrow 10:00–11:00, scheduled through the form.
    async fn class_session(&self, title: &str) -> Uuid {
        let mut fields = form(title, "class", self.when(self.start, 60));
        fields.push(("class_id", self.class_a.id.to_string()));
        let resp = self.schedule(&self.teacher, &fields).await;
        assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
        resp.location().rsplit('/').next().unwrap().parse().unwrap()
    }
}

impl World {
    /// A class session for class A every week from tomorrow 10:00–11:00 for `weeks` weeks,
    /// scheduled through the form.
    async fn weekly_class_session(&self, title: &str, weeks: i64) -> Uuid {
        let mut fields = form(title, "class", self.when(self.start, 60));
        fields.retain(|(k, _)| *k != "repeat");
        fields.push(("repeat", "weekly".into()));
        let until = (self.start + Duration::weeks(weeks - 1)).with_timezone(&ZONE);
        fields.push(("until", until.format("%Y-%m-%d").to_string()));
        fields.push(("class_id", self.class_a.id.to_string()));
        let resp = self.schedule(&self.teacher, &fields).await;
        assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
        resp.location().rsplit('/').next().unwrap().parse().unwrap()
    }
}

fn form(title: &str, kind: &str, when: [(String, String); 3]) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("title", title.to_string()),
        ("kind", kind.to_string()),
        ("repeat", "once".to_string()),
    ];
    for (k, v) in when {
        let key = match k.as_str() {
            "date" => "date",
            "start" => "start",
            _ => "end",
        };
        fields.push((key, v));
    }
    fields
}

on_both!(a_class_session_is_scheduled_joined_attended_and_ended);
async fn a_class_session_is_scheduled_joined_attended_and_ended(backend: Backend) {
    let w = world(backend).await;
    let id = w.class_session("Maths en direct").await;

    // Before the window: the page says when it opens, joining is refused.
    let page = w.app.get(&w.pupil_client, &format!("/live/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Maths en direct"));
    assert!(
        !page.body.contains("/join\""),
        "no join form before the window"
    );
    let early = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert_eq!(w.engine.rooms(), 0);

    // The timetable lists it as coming; the home page as the next session.
    let timetable = w.app.get(&w.pupil_client, "/live").await;
    assert!(timetable.body.contains(&format!("/live/{id}")));
    let home = w.app.get(&w.pupil_client, "/").await;
    assert!(home.body.contains(&format!("/live/{id}")), "{}", home.body);

    // Five minutes before the start the window is open.
    w.set_time(w.start - Duration::minutes(5));
    let page = w.app.get(&w.pupil_client, &format!("/live/{id}")).await;
    assert!(
        page.body.contains(&format!("/live/{id}/join")),
        "{}",
        page.body
    );
    assert!(page.body.contains("value=\"sound-only\""));
    let home = w.app.get(&w.pupil_client, "/").await;
    assert!(home.body.contains("class=\"live-now\""), "{}", home.body);

    // The outsider (a pupil of another class) neither sees nor joins it.
    let seen = w.app.get(&w.outsider, &format!("/live/{id}")).await;
    assert_eq!(seen.status, StatusCode::NOT_FOUND);
    let joined = w
        .app
        .post(&w.outsider, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(joined.status, StatusCode::NOT_FOUND);
    assert_eq!(w.engine.rooms(), 0);

    // The pupil joins in sound-only mode: the room is made once, the ticket handed over.
    let joined = w
        .app
        .post(
            &w.pupil_client,
            &format!("/live/{id}/join"),
            &[("mode", "sound-only")],
        )
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert!(
        joined.body.contains("https://engine.test/join"),
        "{}",
        joined.body
    );
    let host = w
        .app
        .post(&w.teacher, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(host.status, StatusCode::OK, "{}", host.body);
    assert_eq!(w.engine.rooms(), 1, "the second join reuses the room");
    let joins = w.engine.joins();
    assert_eq!(joins[0].1, lawha_live::Role::Viewer);
    assert_eq!(joins[0].2, lawha_live::Bandwidth::SoundOnly);
    assert_eq!(joins[1].1, lawha_live::Role::Moderator);
    assert_eq!(joins[1].2, lawha_live::Bandwidth::Full);

    // Attendance comes from the engine: the pupil is in from the start, the poll is idempotent.
    let store = &w.app.state.store;
    let engine: &dyn lawha_web::LiveRooms = w.engine.as_ref();
    w.engine.set_present(&[w.pupil.id]);
    w.set_time(w.start);
    assert_eq!(
        poll_once(store, engine, w.app.state.now()).await.unwrap(),
        1
    );
    assert_eq!(
        poll_once(store, engine, w.app.state.now()).await.unwrap(),
        0
    );
    w.set_time(w.start + Duration::minutes(20));
    w.engine.set_present(&[]);
    assert_eq!(
        poll_once(store, engine, w.app.state.now()).await.unwrap(),
        1
    );
    w.set_time(w.start + Duration::minutes(25));
    w.engine.set_present(&[w.pupil.id]);
    assert_eq!(
        poll_once(store, engine, w.app.state.now()).await.unwrap(),
        1
    );

    // The host's page lists the pupil with 20 minutes so far; pupils see no attendance.
    let page = w.app.get(&w.teacher, &format!("/live/{id}")).await;
    assert!(page.body.contains("Amina"), "{}", page.body);
    assert!(page.body.contains(&format!("/live/{id}/end")));
    let pupil_page = w.app.get(&w.pupil_client, &format!("/live/{id}")).await;
    assert!(!pupil_page.body.contains("attendance.csv"));
    let csv = w
        .app
        .get(&w.pupil_client, &format!("/live/{id}/attendance.csv"))
        .await;
    assert_eq!(csv.status, StatusCode::FORBIDDEN);
    let ended = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/end"), &[])
        .await;
    assert_eq!(ended.status, StatusCode::FORBIDDEN);

    // The host ends the session at 10:40: the engine ends the room, the pupil's leave is
    // stored from the engine's (now empty) list.
    w.set_time(w.start + Duration::minutes(40));
    let ended = w
        .app
        .post(&w.teacher, &format!("/live/{id}/end"), &[])
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    assert_eq!(w.engine.ended(), 1);
    let attendance = store.live().attendance(id, w.start).await.unwrap();
    assert_eq!(attendance.people.len(), 1);
    let presence = attendance.people[0].presence;
    assert_eq!(presence.seconds, 35 * 60, "20 minutes, then 15");
    assert!(!presence.stayed_to_end);

    let csv = w
        .app
        .get(&w.teacher, &format!("/live/{id}/attendance.csv"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("\"Amina\""), "{}", csv.body);
    assert!(csv.body.contains("\"35\""), "{}", csv.body);

    // After the end joining is refused; the class page counts the pupil's attendance.
    w.set_time(w.start + Duration::minutes(61));
    let late = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    let class = w
        .app
        .get(&w.teacher, &format!("/classes/{}", w.class_a.id))
        .await;
    assert!(class.body.contains("id=\"live-att\""), "{}", class.body);
    assert!(class.body.contains("1/1"), "{}", class.body);
}

on_both!(whoever_remains_at_the_end_gets_a_leave_at_the_end);
async fn whoever_remains_at_the_end_gets_a_leave_at_the_end(backend: Backend) {
    let w = world(backend).await;
    let id = w.class_session("Jusqu'au bout").await;
    w.set_time(w.start - Duration::minutes(2));
    let joined = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let store = &w.app.state.store;
    let engine: &dyn lawha_web::LiveRooms = w.engine.as_ref();
    w.engine.set_present(&[w.pupil.id]);
    assert_eq!(
        poll_once(store, engine, w.app.state.now()).await.unwrap(),
        1
    );
    // The node was away through the end: the next poll closes at the end, once.
    w.set_time(w.start + Duration::minutes(90));
    assert_eq!(
        poll_once(store, engine, w.app.state.now()).await.unwrap(),
        1
    );
    assert_eq!(
        poll_once(store, engine, w.app.state.now()).await.unwrap(),
        0
    );
    let attendance = store.live().attendance(id, w.start).await.unwrap();
    let presence = attendance.people[0].presence;
    assert_eq!(presence.seconds, 60 * 60);
    assert_eq!(presence.last_leave, w.start + Duration::minutes(60));
    // The host's list says they stayed to the end.
    let page = w.app.get(&w.teacher, &format!("/live/{id}")).await;
    assert!(page.body.contains("class=\"tag\""), "{}", page.body);
}

on_both!(bad_schedules_are_refused_at_their_fields_and_keep_the_form);
async fn bad_schedules_are_refused_at_their_fields_and_keep_the_form(backend: Backend) {
    let w = world(backend).await;
    // End before start.
    let mut fields = form("À l'envers", "class", w.when(w.start, 60));
    fields.push(("class_id", w.class_a.id.to_string()));
    let end = fields.iter_mut().find(|(k, _)| *k == "end").unwrap();
    end.1 = "09:00".into();
    let resp = w.schedule(&w.teacher, &fields).await;
    assert_eq!(
        resp.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        resp.body
    );
    assert!(resp.body.contains("id=\"end-err\""), "{}", resp.body);
    assert!(
        resp.body.contains("value=\"À l&#39;envers\"") || resp.body.contains("À l&#x27;envers"),
        "the form is kept: {}",
        resp.body
    );

    // Overlap with the host's own session.
    w.class_session("Première").await;
    let mut fields = form(
        "Seconde",
        "class",
        w.when(w.start + Duration::minutes(30), 60),
    );
    fields.push(("class_id", w.class_a.id.to_string()));
    let resp = w.schedule(&w.teacher, &fields).await;
    assert_eq!(
        resp.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        resp.body
    );
    assert!(resp.body.contains("id=\"start-err\""), "{}", resp.body);

    // A teacher cannot schedule for another school's class by forging the form.
    let mut fields = form("Ailleurs", "class", w.when(w.start + Duration::days(1), 60));
    fields.push(("class_id", w.class_b.id.to_string()));
    let resp = w.schedule(&w.teacher, &fields).await;
    assert_eq!(
        resp.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        resp.body
    );
    assert!(resp.body.contains("id=\"class_id-err\""), "{}", resp.body);

    // A staff meeting with no invitees: a school admin leaves the invitation empty.
    w.app
        .user(
            "Directrice B",
            "admin.b@example.ma",
            &[(Role::SchoolAdmin, w.school_b.scope())],
        )
        .await;
    let admin = w.app.sign_in("admin.b@example.ma", PASSWORD).await;
    let fields = form("Conseil", "staff", w.when(w.start, 60));
    let resp = w.schedule(&admin, &fields).await;
    assert_eq!(
        resp.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        resp.body
    );
    assert!(
        resp.body.contains("id=\"invite_role-err\""),
        "{}",
        resp.body
    );
    // … and one inviting the school's teachers, of whom there are none: no invitees.
    let mut fields = form("Conseil", "staff", w.when(w.start, 60));
    fields.push(("invite_role", "teacher".into()));
    fields.push(("invite_scope", w.school_b.scope().key().to_string()));
    let resp = w.schedule(&admin, &fields).await;
    assert_eq!(
        resp.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        resp.body
    );
    assert!(
        resp.body.contains("id=\"invite_role-err\""),
        "{}",
        resp.body
    );

    // Pupils schedule nothing; nothing was stored by the refusals.
    let resp = w.app.get(&w.pupil_client, "/live/new").await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    let mine = w
        .app
        .state
        .store
        .live()
        .sessions_for(w.pupil.id, w.app.state.now())
        .await
        .unwrap();
    assert_eq!(mine.len(), 1, "only the first session was scheduled");
}

on_both!(an_engine_that_is_down_marks_the_session_and_loses_nothing);
async fn an_engine_that_is_down_marks_the_session_and_loses_nothing(backend: Backend) {
    let w = world(backend).await;
    let id = w.class_session("Panne").await;
    w.set_time(w.start);
    w.engine.down.store(true, Ordering::SeqCst);
    let resp = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(resp.status, StatusCode::CONFLICT, "{}", resp.body);
    let session = w.app.state.store.live().session(id).await.unwrap();
    assert_eq!(
        session.engine_failure.map(|f| f.code).as_deref(),
        Some("live-engine-down")
    );
    assert_eq!(session.title, "Panne");
    assert!(w
        .app
        .state
        .store
        .live()
        .engine_room(id)
        .await
        .unwrap()
        .is_none());
    // The page says so; once the engine is back, joining works and the mark is cleared.
    let page = w.app.get(&w.pupil_client, &format!("/live/{id}")).await;
    assert!(page.body.contains("role=\"alert\""), "{}", page.body);
    w.engine.down.store(false, Ordering::SeqCst);
    let resp = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    let session = w.app.state.store.live().session(id).await.unwrap();
    assert!(session.engine_failure.is_none());
}

on_both!(without_an_engine_pages_say_so_and_scheduling_works);
async fn without_an_engine_pages_say_so_and_scheduling_works(backend: Backend) {
    let mut w = world(backend).await;
    w.app.use_live(None);
    let id = w.class_session("Sans moteur").await;
    w.set_time(w.start);
    let page = w.app.get(&w.pupil_client, &format!("/live/{id}")).await;
    assert!(page.body.contains("class=\"notice\""), "{}", page.body);
    assert!(!page.body.contains(&format!("/live/{id}/join")));
    let resp = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(resp.status, StatusCode::CONFLICT);
}

on_both!(parents_see_their_child_s_live_session);
async fn parents_see_their_child_s_live_session(backend: Backend) {
    let w = world(backend).await;
    let parent = w
        .app
        .user(
            "Parent",
            "parent.live@example.ma",
            &[(Role::Parent, w.school_a.scope())],
        )
        .await;
    w.app
        .state
        .store
        .accounts()
        .link_parent(parent.id, w.pupil.id)
        .await
        .unwrap();
    let parent = w.app.sign_in("parent.live@example.ma", PASSWORD).await;
    let id = w.class_session("Sciences en direct").await;
    w.set_time(w.start);
    let home = w.app.get(&parent, "/").await;
    assert!(home.body.contains("Sciences en direct"), "{}", home.body);
    // The parent is not in the audience: the session's page is not theirs.
    let page = w.app.get(&parent, &format!("/live/{id}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}
