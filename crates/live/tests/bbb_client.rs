//! The BigBlueButton client end to end, against a local stand-in for BigBlueButton that
//! checks each call's checksum as BigBlueButton does and answers with the API documentation's
//! example responses (fixtures/bbb). The stand-in's path prefix picks a behaviour: `ok`
//! answers, `status500` fails, `html` answers a proxy's page, `slow` answers too late.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use chrono::DateTime;
use lawha_live::bbb::{BbbClient, BbbConfig};
use lawha_live::callbacks::verify_meeting_ended;
use lawha_live::{
    Bandwidth, DownReason, Joiner, LiveEngine, LiveError, RecordingId, Role, Room, RoomSpec, Secret,
};
use sha2::{Digest, Sha256};
use url::Url;
use uuid::Uuid;

const SECRET: &str = "ECCJZNJWLPEA3YB6Y2LTQGQD3GJZ3F93";
const SESSION: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0017);

/// The calls the stand-in received: name and decoded parameters.
type Calls = Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>;

async fn api(
    State(calls): State<Calls>,
    Path((mode, call)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> (StatusCode, String) {
    match mode.as_str() {
        "status500" => return (StatusCode::INTERNAL_SERVER_ERROR, "oops".into()),
        "html" => {
            return (
                StatusCode::OK,
                "<html><body>Maintenance</body></html>".into(),
            )
        }
        "slow" => tokio::time::sleep(Duration::from_secs(5)).await,
        _ => {}
    }
    let query = query.unwrap_or_default();
    // BigBlueButton's check: the query without its checksum, hashed with the call and secret.
    let Some((signed, checksum)) = query.rsplit_once("&checksum=") else {
        return (StatusCode::OK, fixture("checksum-error.xml"));
    };
    let expected = hex::encode(Sha256::digest(format!("{call}{signed}{SECRET}").as_bytes()));
    if checksum != expected {
        return (StatusCode::OK, fixture("checksum-error.xml"));
    }
    let params: Vec<(String, String)> = url::form_urlencoded::parse(signed.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    calls.lock().unwrap().push((call.clone(), params));
    let body = match call.as_str() {
        "create" => fixture("create.xml"),
        "end" => fixture("end.xml"),
        "isMeetingRunning" => fixture("is-meeting-running.xml"),
        "getMeetingInfo" => fixture("get-meeting-info.xml")
            .replace("w_ftcrsyuh44oj", &Uuid::from_u128(0x42).to_string()),
        "getRecordings" => fixture("get-recordings.xml"),
        "publishRecordings" => fixture("publish-recordings.xml"),
        "deleteRecordings" => fixture("delete-recordings.xml"),
        _ => return (StatusCode::NOT_FOUND, String::new()),
    };
    (StatusCode::OK, body)
}

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/bbb/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

/// Starts the stand-in; returns its address and the calls it will record.
async fn stand_in() -> (std::net::SocketAddr, Calls) {
    let calls = Calls::default();
    let app = Router::new()
        .route("/{mode}/bigbluebutton/api/{call}", get(api))
        .with_state(calls.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, calls)
}

fn client(address: std::net::SocketAddr, mode: &str, secret: &str) -> BbbClient {
    BbbClient::new(BbbConfig {
        api_url: Url::parse(&format!("http://{address}/{mode}/bigbluebutton/api/")).unwrap(),
        secret: Secret::new(secret),
        callback_base: Url::parse("https://lawha.example/live/bbb/").unwrap(),
        timeout: Duration::from_millis(500),
    })
    .unwrap()
}

fn spec(record: bool) -> RoomSpec {
    RoomSpec {
        session: SESSION,
        title: "Réseaux informatiques — TS1".into(),
        record,
        max_minutes: Some(120),
        callbacks_until: DateTime::from_timestamp(2_000_000_000, 0).unwrap(),
    }
}

fn room() -> Room {
    Room {
        id: lawha_live::RoomId::new("0123456789abcdef0123456789abcdef"),
        secret: Secret::new("moderator-secret"),
        created: None,
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn every_call_is_signed_and_read() {
    let (address, calls) = stand_in().await;
    let bbb = client(address, "ok", SECRET);

    let room = bbb.create_room(&spec(true)).await.unwrap();
    assert_eq!(room.created.as_deref(), Some("1531155809613"));
    assert_ne!(room.id, self::room().id);
    {
        let calls = calls.lock().unwrap();
        let (name, create) = calls.last().unwrap();
        assert_eq!(name, "create");
        assert_eq!(param(create, "meetingID"), Some(room.id.expose()));
        assert_eq!(param(create, "moderatorPW"), Some(room.secret.expose()));
        assert_ne!(param(create, "attendeePW"), Some(room.secret.expose()));
        assert_eq!(param(create, "name"), Some("Réseaux informatiques — TS1"));
        assert_eq!(param(create, "record"), Some("true"));
        assert_eq!(param(create, "duration"), Some("120"));
        assert_eq!(
            param(create, "meta_bbb-recording-ready-url"),
            Some("https://lawha.example/live/bbb/recording-ready")
        );
        // The end callback BigBlueButton will call back verifies as Lawha's.
        let ended = Url::parse(param(create, "meta_endCallbackUrl").unwrap()).unwrap();
        assert_eq!(ended.path(), "/live/bbb/meeting-ended");
        let query = format!("{}&recordingmarks=true", ended.query().unwrap());
        let now = DateTime::from_timestamp(1_900_000_000, 0).unwrap();
        let notice = verify_meeting_ended(&query, &Secret::new(SECRET), now).unwrap();
        assert_eq!(notice.session, SESSION);
        assert!(!ended.as_str().contains(room.id.expose()));
    }

    assert!(bbb.is_running(&room).await.unwrap());
    let present = bbb.present(&room).await.unwrap();
    assert_eq!(present.len(), 1);
    assert_eq!(present[0].user, Some(Uuid::from_u128(0x42)));
    let recordings = bbb.recordings(&room).await.unwrap();
    assert_eq!(recordings.len(), 2);
    bbb.publish_recording(&recordings[0].id, true)
        .await
        .unwrap();
    bbb.delete_recording(&recordings[1].id).await.unwrap();
    bbb.end(&room).await.unwrap();

    let calls = calls.lock().unwrap();
    let names: Vec<&str> = calls.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "create",
            "isMeetingRunning",
            "getMeetingInfo",
            "getRecordings",
            "publishRecordings",
            "deleteRecordings",
            "end"
        ]
    );
    let (_, get_recordings) = &calls[3];
    assert_eq!(param(get_recordings, "state"), Some("any"));
    let (_, delete) = &calls[5];
    assert_eq!(
        param(delete, "recordID"),
        Some("ffbfc4cc24428694e8b53a4e144f414052431693-1530278898111")
    );
}

#[tokio::test]
async fn a_room_without_recording_asks_for_no_recording_callback() {
    let (address, calls) = stand_in().await;
    client(address, "ok", SECRET)
        .create_room(&spec(false))
        .await
        .unwrap();
    let calls = calls.lock().unwrap();
    let (_, create) = calls.last().unwrap();
    assert_eq!(param(create, "record"), Some("false"));
    assert_eq!(param(create, "meta_bbb-recording-ready-url"), None);
}

#[tokio::test]
async fn joining_makes_no_call() {
    let (address, calls) = stand_in().await;
    let ticket = client(address, "ok", SECRET)
        .join(
            &room(),
            &Joiner {
                user: Uuid::from_u128(7),
                display_name: "Trainee".into(),
                role: Role::Viewer,
                bandwidth: Bandwidth::ScreenAndSound,
            },
        )
        .await
        .unwrap();
    let url = ticket.redirect_url().unwrap();
    assert!(url.starts_with(&format!("http://{address}/ok/bigbluebutton/api/join?")));
    assert!(!format!("{ticket:?}").contains("checksum"));
    assert!(calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_wrong_secret_is_refused_with_its_message_key() {
    let (address, _) = stand_in().await;
    let error = client(address, "ok", "not-the-shared-secret")
        .is_running(&room())
        .await
        .unwrap_err();
    match &error {
        LiveError::Refused { key, .. } => assert_eq!(key, "checksumError"),
        other => panic!("{other:?}"),
    }
    assert!(!error.is_engine_down());
}

#[tokio::test]
async fn an_engine_that_fails_is_down_and_the_error_names_no_room() {
    let (address, _) = stand_in().await;
    // A closed port: bind one, note it, let it go.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let cases = [
        (address, "status500", DownReason::Status(500)),
        (
            address,
            "html",
            DownReason::NotApiXml("no response element"),
        ),
        (address, "slow", DownReason::Timeout),
        (closed, "ok", DownReason::Unreachable),
    ];
    for (address, mode, reason) in cases {
        let error = client(address, mode, SECRET)
            .is_running(&room())
            .await
            .unwrap_err();
        assert!(
            matches!(&error, LiveError::EngineDown(r) if *r == reason),
            "{mode}: {error:?}"
        );
        assert!(error.is_engine_down());
        assert_eq!(error.code(), "live-engine-down");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(room().id.expose()), "{shown}");
        assert!(!shown.contains("checksum"), "{shown}");
    }
}

#[tokio::test]
async fn an_ambiguous_recording_id_is_never_sent() {
    let (address, calls) = stand_in().await;
    let bbb = client(address, "ok", SECRET);
    let prefix = RecordingId("ffbfc4cc".into());
    assert!(matches!(
        bbb.delete_recording(&prefix).await,
        Err(LiveError::Invalid(_))
    ));
    assert!(calls.lock().unwrap().is_empty());
}
