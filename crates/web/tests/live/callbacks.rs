//! The engine's callbacks through the router, without a session or a CSRF token (as
//! BigBlueButton sends them): a signed meeting-ended call closes the attendance, a signed
//! recording-ready call records the recording once; unsigned, forged, malformed, expired
//! calls and calls about unknown sessions or rooms are refused, logged with their reason
//! only, and change nothing.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use lawha_live::callbacks::ended_callback_url;
use lawha_live::Secret;
use sha2::Sha256;
use url::Url;

use super::*;

const SECRET: &str = "callback-secret-0123456789abcdef";

/// The query BigBlueButton sends to the `meta_endCallbackUrl` Lawha gave it.
fn ended_query(session: Uuid, until: DateTime<Utc>, secret: &str) -> String {
    let base = Url::parse("https://lawha.test/live/bbb/meeting-ended").unwrap();
    let url = ended_callback_url(&base, session, until, &Secret::new(secret)).unwrap();
    format!("{}&recordingmarks=true", url.query().unwrap())
}

/// BigBlueButton's recording-ready token: HS256 over `{meeting_id, record_id}`.
fn ready_form(room: &str, record: &str, secret: &str) -> String {
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256"}"#),
        URL_SAFE_NO_PAD
            .encode(format!(r#"{{"meeting_id":"{room}","record_id":"{record}"}}"#).as_bytes())
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    format!(
        "signed_parameters={signed}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

async fn call_ended(w: &World, query: &str) -> Resp {
    let req = Request::get(format!("/live/bbb/meeting-ended?{query}"))
        .body(Body::empty())
        .unwrap();
    w.app.send(req).await
}

async fn call_ready(w: &World, form: &str) -> Resp {
    let req = Request::post("/live/bbb/recording-ready")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap();
    w.app.send(req).await
}

/// A session of class A whose room exists, with the pupil in it since the start (by the
/// engine's account, stored by the poller); returns its id and its room id.
async fn running_session(w: &World) -> (Uuid, String) {
    let id = w.class_session("Rappel").await;
    w.set_time(w.start);
    let joined = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    w.engine.set_present(&[w.pupil.id]);
    let engine: &dyn lawha_web::LiveRooms = w.engine.as_ref();
    poll_once(&w.app.state.store, engine, w.app.state.now())
        .await
        .unwrap();
    let room = w
        .app
        .state
        .store
        .live()
        .engine_room(id)
        .await
        .unwrap()
        .unwrap()
        .room_id;
    (id, room)
}

/// Whether the pupil is still in by Lawha's record (an open join).
async fn pupil_still_in(w: &World, id: Uuid) -> bool {
    let events = w
        .app
        .state
        .store
        .live()
        .occurrence_events(id, w.start)
        .await
        .unwrap();
    events.len() % 2 == 1
}

on_both!(a_signed_meeting_ended_call_closes_the_attendance);
async fn a_signed_meeting_ended_call_closes_the_attendance(backend: Backend) {
    let w = world_with(backend, FakeEngine::calling_back(SECRET)).await;
    let (id, room) = running_session(&w).await;
    let until = w.start + Duration::hours(2);
    w.set_time(w.start + Duration::minutes(30));
    // The room ended on the engine: nobody is in it any more.
    w.engine.set_present(&[]);
    let (logs, _guard) = common::capture_logs(tracing::Level::INFO);

    // Refused, and nothing changes: no token, a forged one, another secret's, an expired
    // one, a malformed one, and a good token for a session Lawha does not know.
    let good = ended_query(id, until, SECRET);
    let forged = good.replace(&id.simple().to_string(), &Uuid::nil().simple().to_string());
    let expired = ended_query(id, w.start, SECRET);
    for (query, status) in [
        ("recordingmarks=true".to_string(), StatusCode::UNAUTHORIZED),
        (
            format!("token=v1.{}.9999999999.", id.simple()),
            StatusCode::UNAUTHORIZED,
        ),
        (forged, StatusCode::UNAUTHORIZED),
        (
            ended_query(id, until, "another-secret-0123456789"),
            StatusCode::UNAUTHORIZED,
        ),
        (expired, StatusCode::UNAUTHORIZED),
        ("token=%FF%FE&token=x".to_string(), StatusCode::UNAUTHORIZED),
        (
            ended_query(Uuid::from_u128(42), until, SECRET),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let resp = call_ended(&w, &query).await;
        assert_eq!(resp.status, status, "{query}: {}", resp.body);
        assert!(pupil_still_in(&w, id).await, "{query} changed nothing");
    }
    let logged = logs.text();
    assert_eq!(
        logged.matches("live callback refused").count(),
        7,
        "every refusal is logged: {logged}"
    );
    for reason in [
        "no signed token",
        "bad signature",
        "expired",
        "malformed",
        "unknown session",
    ] {
        assert!(logged.contains(reason), "{reason}: {logged}");
    }
    assert!(!logged.contains(&room), "no room id in the log: {logged}");
    assert!(!logged.contains("v1."), "no token in the log: {logged}");
    assert!(!logged.contains("Amina"), "no name in the log: {logged}");

    // The signed call: the pupil's leave is stored now, as the host's end button does.
    let resp = call_ended(&w, &good).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert!(!pupil_still_in(&w, id).await);
    let attendance = w
        .app
        .state
        .store
        .live()
        .attendance(id, w.start)
        .await
        .unwrap();
    // The test clock runs on from where it is set: about 30 minutes, to the second.
    let seconds = attendance.people[0].presence.seconds;
    assert!((30 * 60 - 5..=30 * 60 + 5).contains(&seconds), "{seconds}");
    // Given twice (the engine retried): nothing more.
    let resp = call_ended(&w, &good).await;
    assert_eq!(resp.status, StatusCode::OK);
    let events = w
        .app
        .state
        .store
        .live()
        .occurrence_events(id, w.start)
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
}

on_both!(a_signed_recording_ready_call_records_the_recording_once);
async fn a_signed_recording_ready_call_records_the_recording_once(backend: Backend) {
    let w = world_with(backend, FakeEngine::calling_back(SECRET)).await;
    let (id, room) = running_session(&w).await;
    w.set_time(w.start + Duration::minutes(90));
    let record = "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124";
    let live = w.app.state.store.live();
    let (logs, _guard) = common::capture_logs(tracing::Level::INFO);

    let good = ready_form(&room, record, SECRET);
    let (head, _) = good.rsplit_once('.').unwrap();
    let bad_signature = format!("{head}.AAAA");
    for (form, status) in [
        (String::new(), StatusCode::UNAUTHORIZED),
        (
            format!("meeting_id={room}&record_id={record}"),
            StatusCode::UNAUTHORIZED,
        ),
        (bad_signature, StatusCode::UNAUTHORIZED),
        (
            ready_form(&room, record, "another-secret-0123456789"),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "signed_parameters=not.a.jwt".to_string(),
            StatusCode::UNAUTHORIZED,
        ),
        (
            ready_form("no-such-room", record, SECRET),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let resp = call_ready(&w, &form).await;
        assert_eq!(resp.status, status, "{form}: {}", resp.body);
        assert!(live.recordings(id).await.unwrap().is_empty(), "{form}");
    }
    let logged = logs.text();
    assert_eq!(
        logged.matches("live callback refused").count(),
        6,
        "{logged}"
    );
    assert!(!logged.contains(&room), "no room id in the log: {logged}");
    assert!(!logged.contains(record), "{logged}");

    // Signed: recorded as pending for the worker, once however often it is sent.
    for _ in 0..2 {
        let resp = call_ready(&w, &good).await;
        assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    }
    let recordings = live.recordings(id).await.unwrap();
    assert_eq!(recordings.len(), 1);
    assert_eq!(recordings[0].engine_recording_id, record);
    assert_eq!(recordings[0].occurrence_start, w.start);
    assert_eq!(
        recordings[0].status,
        lawha_core::live::RecordingStatus::Pending
    );
}

on_both!(an_engine_that_makes_no_callbacks_refuses_them_all);
async fn an_engine_that_makes_no_callbacks_refuses_them_all(backend: Backend) {
    // The fake without a shared secret stands for Janus (asked, never heard).
    let w = world(backend).await;
    let (id, room) = running_session(&w).await;
    let resp = call_ended(&w, &ended_query(id, w.start + Duration::hours(2), SECRET)).await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    assert!(pupil_still_in(&w, id).await);
    let resp = call_ready(&w, &ready_form(&room, "r-1", SECRET)).await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    assert!(w
        .app
        .state
        .store
        .live()
        .recordings(id)
        .await
        .unwrap()
        .is_empty());
}

on_both!(a_late_recording_ready_call_is_filed_under_the_occurrence_it_recorded);
/// A weekly session's recording reported after the next week's window opened belongs to the
/// week it recorded (its id carries its meeting's creation time), not to the next one; an id
/// whose time is outside the session falls back to the window opened last.
async fn a_late_recording_ready_call_is_filed_under_the_occurrence_it_recorded(backend: Backend) {
    let w = world_with(backend, FakeEngine::calling_back(SECRET)).await;
    let mut fields = form("Hebdo", "class", w.when(w.start, 60));
    fields.retain(|(k, _)| *k != "repeat");
    fields.push(("repeat", "weekly".into()));
    let until = (w.start + Duration::days(21)).with_timezone(&ZONE);
    fields.push(("until", until.format("%Y-%m-%d").to_string()));
    fields.push(("class_id", w.class_a.id.to_string()));
    let resp = w.schedule(&w.teacher, &fields).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let id: Uuid = resp.location().rsplit('/').next().unwrap().parse().unwrap();
    // The first week's room, made at the pupil's first join.
    w.set_time(w.start + Duration::minutes(1));
    let joined = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    let live = w.app.state.store.live();
    let room = live.engine_room(id).await.unwrap().unwrap().room_id;

    // Reported a week later, five minutes into the next occurrence's window.
    let next_week = w.start + Duration::days(7);
    w.set_time(next_week - Duration::minutes(5));
    let made = (w.start + Duration::minutes(1)).timestamp_millis();
    let record = format!("ffbfc4cc24428694e8b53a4e144f414052431693-{made}");
    let resp = call_ready(&w, &ready_form(&room, &record, SECRET)).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    // An id whose time is before the session began (or any other id) cannot say.
    let stray = "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124";
    let resp = call_ready(&w, &ready_form(&room, stray, SECRET)).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);

    let filed: Vec<_> = live
        .recordings(id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.engine_recording_id, r.occurrence_start))
        .collect();
    assert_eq!(
        filed,
        vec![(record, w.start), (stray.to_string(), next_week)],
        "the late one under the week it recorded"
    );
}
