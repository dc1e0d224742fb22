//! The client's own rules, without a server: join URLs, names, recording ids.

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::*;

const SECRET: &str = "639259d4-9dd8-4b25-bf01-95f9567eaf4b";

fn client() -> BbbClient {
    BbbClient::new(BbbConfig {
        api_url: Url::parse("https://bbb.example/bigbluebutton/api").unwrap(),
        secret: Secret::new(SECRET),
        callback_base: Url::parse("https://lawha.example/live/bbb/").unwrap(),
        timeout: Duration::from_secs(1),
    })
    .unwrap()
}

fn room() -> Room {
    Room {
        id: RoomId::new("0123456789abcdef0123456789abcdef"),
        secret: Secret::new("moderator-secret"),
        created: Some("1531155809613".into()),
    }
}

fn joiner(role: Role, bandwidth: Bandwidth) -> Joiner {
    Joiner {
        user: Uuid::from_u128(0x42),
        display_name: "Salma El Idrissi".into(),
        role,
        bandwidth,
    }
}

/// The query's parameters, after checking its checksum the way BigBlueButton does: SHA-256
/// of the call, the query as sent without `&checksum=…`, and the secret.
fn checked(url: &str, call: &str) -> Vec<(String, String)> {
    let prefix = format!("https://bbb.example/bigbluebutton/api/{call}?");
    let query = url.strip_prefix(&prefix).expect("the call's URL");
    let (signed, checksum) = query.rsplit_once("&checksum=").expect("a checksum");
    let expected = hex::encode(Sha256::digest(format!("{call}{signed}{SECRET}").as_bytes()));
    assert_eq!(checksum, expected);
    url::form_urlencoded::parse(signed.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn value<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn join_urls_carry_role_user_and_creation_mark() {
    let url = client()
        .join_url(&room(), &joiner(Role::Moderator, Bandwidth::Full))
        .unwrap();
    let params = checked(&url, "join");
    assert_eq!(value(&params, "role"), Some("MODERATOR"));
    assert_eq!(value(&params, "fullName"), Some("Salma El Idrissi"));
    assert_eq!(
        value(&params, "meetingID"),
        Some("0123456789abcdef0123456789abcdef")
    );
    assert_eq!(
        value(&params, "userID"),
        Some("00000000-0000-0000-0000-000000000042")
    );
    assert_eq!(value(&params, "createTime"), Some("1531155809613"));
    // No password: the role decides, and the room's secret stays on the server.
    assert_eq!(value(&params, "password"), None);
    assert!(!url.contains("moderator-secret"));
    assert!(!url.contains("userdata-"));

    let viewer = client()
        .join_url(&room(), &joiner(Role::Viewer, Bandwidth::Full))
        .unwrap();
    assert_eq!(value(&checked(&viewer, "join"), "role"), Some("VIEWER"));
}

#[test]
fn low_bandwidth_modes_turn_cameras_off() {
    let screen = client()
        .join_url(&room(), &joiner(Role::Viewer, Bandwidth::ScreenAndSound))
        .unwrap();
    let params = checked(&screen, "join");
    assert_eq!(value(&params, "userdata-bbb_enable_video"), Some("false"));
    assert_eq!(
        value(&params, "userdata-bbb_force_listen_only"),
        Some("true")
    );
    assert_eq!(
        value(&params, "userdata-bbb_hide_presentation_on_join"),
        None
    );
    let sound = client()
        .join_url(&room(), &joiner(Role::Viewer, Bandwidth::SoundOnly))
        .unwrap();
    let params = checked(&sound, "join");
    assert_eq!(value(&params, "userdata-bbb_enable_video"), Some("false"));
    assert_eq!(
        value(&params, "userdata-bbb_hide_presentation_on_join"),
        Some("true")
    );
}

#[test]
fn names_are_cleaned_and_bounded() {
    let mut person = joiner(Role::Viewer, Bandwidth::Full);
    person.display_name = " \u{7}Yassine\n& co ".into();
    let url = client().join_url(&room(), &person).unwrap();
    assert_eq!(
        value(&checked(&url, "join"), "fullName"),
        Some("Yassine & co")
    );
    person.display_name = "\n\t ".into();
    assert!(matches!(
        client().join_url(&room(), &person),
        Err(LiveError::Invalid(_))
    ));

    assert_eq!(meeting_name("  Maths 2BAC  ").unwrap(), "Maths 2BAC");
    let long = "ر".repeat(100);
    assert_eq!(meeting_name(&long).unwrap().chars().count(), 64);
    assert!(matches!(meeting_name(" x "), Err(LiveError::Invalid(_))));
}

#[test]
fn recording_ids_must_name_exactly_one_recording() {
    let good = RecordingId("ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124".into());
    assert!(checked_recording(&good).is_ok());
    for bad in [
        "",
        "ffbfc4cc",
        "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124,ffbfc4cc24428694e8b53a4e144f414052431693-1530278898111",
        "ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124&publish=false",
    ] {
        assert!(
            checked_recording(&RecordingId(bad.into())).is_err(),
            "{bad}"
        );
    }
}
