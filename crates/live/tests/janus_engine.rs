//! The Janus engine against a real Janus that each test starts (support/janus.rs), with a
//! stand-in for the page's janus.js (support/page.rs) joining over the same HTTP API.

#![allow(clippy::unwrap_used)]

mod support;

use chrono::DateTime;
use lawha_live::janus::{JanusClient, JanusTicket};
use lawha_live::{Bandwidth, Joiner, LiveEngine, LiveError, Role, Room, RoomSpec, StreamId};
use serde_json::json;
use support::janus::RunningJanus;
use support::page::{read, Page};
use uuid::Uuid;

const PUPIL: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001);
const HOST: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0002);
/// The VideoRoom's "unauthorized" code (wrong secret, pin or token).
const UNAUTHORIZED: i64 = 433;

fn spec(record: bool) -> RoomSpec {
    RoomSpec {
        session: Uuid::from_u128(0x17),
        title: "Maths 3AC — géométrie".into(),
        record,
        max_minutes: Some(90),
        callbacks_until: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
    }
}

fn joiner(user: Uuid, role: Role) -> Joiner {
    Joiner {
        user,
        display_name: "Amina\u{0} B.".into(),
        role,
        bandwidth: Bandwidth::ScreenAndSound,
    }
}

async fn ticket(client: &JanusClient, room: &Room, user: Uuid, role: Role) -> JanusTicket {
    client
        .join(room, &joiner(user, role))
        .await
        .unwrap()
        .janus()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn only_the_people_lawha_admits_get_into_a_room() {
    let janus = RunningJanus::start();
    let client = JanusClient::new(janus.config()).unwrap();
    let room = client.create_room(&spec(false)).await.unwrap();
    assert!(client.is_running(&room).await.unwrap());
    assert_eq!(room.id.expose().len(), 32);

    // Nobody but Lawha creates rooms, and the room's secret guards it.
    let mut outsider = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    let created = outsider
        .message(json!({"request": "create", "room": "mine", "secret": "x"}))
        .await;
    assert!(read(created, "created").is_err());
    for request in [
        json!({"request": "destroy", "room": room.id.expose(), "secret": "guess"}),
        json!({"request": "allowed", "room": room.id.expose(), "secret": "guess",
               "action": "add", "allowed": ["mine"]}),
        json!({"request": "enable_recording", "room": room.id.expose(), "secret": "guess",
               "record": true}),
    ] {
        let answer = read(outsider.message(request.clone()).await, "success");
        assert_eq!(answer.unwrap_err().0, UNAUTHORIZED, "{request}");
    }
    // A private room is not listed.
    let listed = outsider.message(json!({"request": "list"})).await;
    assert_eq!(listed["list"], json!([]), "{listed}");

    let pupil = ticket(&client, &room, PUPIL, Role::Viewer).await;
    assert_eq!(pupil.server, "/janus");
    assert_eq!(pupil.room, room.id);
    assert_eq!(pupil.display, "Amina  B.");
    assert_eq!(pupil.bandwidth, Bandwidth::ScreenAndSound);
    // The ticket carries nothing that manages the room.
    let shown = format!(
        "{} {} {} {:?}",
        pupil.pin.expose(),
        pupil.token.expose(),
        pupil.participant.expose(),
        pupil
    );
    assert!(!shown.contains(room.secret.expose()), "{shown}");
    assert!(!format!("{pupil:?}").contains(pupil.token.expose()));

    let (room_id, pin, id) = (
        room.id.expose(),
        pupil.pin.expose(),
        pupil.participant.expose(),
    );
    let mut page = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    // No token, a guessed token, the right token with a wrong pin: refused.
    for (token, pin) in [
        (None, pin),
        (Some("guess"), pin),
        (Some(pupil.token.expose()), "0000"),
    ] {
        let refused = page.join(room_id, pin, token, id).await.unwrap_err();
        assert_eq!(refused.0, UNAUTHORIZED, "{token:?} {pin}: {refused:?}");
    }
    assert!(client.present(&room).await.unwrap().is_empty());

    // The ticket as given lets the pupil in, and attendance names the pupil.
    let joined = page
        .join(room_id, pin, Some(pupil.token.expose()), id)
        .await
        .unwrap();
    assert_eq!(joined["id"], id);
    let present = client.present(&room).await.unwrap();
    assert_eq!(present.len(), 1, "{present:?}");
    assert_eq!(present[0].user, Some(PUPIL));
    assert_eq!(present[0].role, Role::Viewer);
    assert!(present[0].listening_only);

    // The host joins with a ticket of their own; a page that makes up an id with its own
    // token is counted but named nobody.
    let host = ticket(&client, &room, HOST, Role::Moderator).await;
    assert_ne!(host.token, pupil.token);
    let mut host_page = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    host_page
        .join(
            room_id,
            pin,
            Some(host.token.expose()),
            host.participant.expose(),
        )
        .await
        .unwrap();
    let forged = format!("{}.m.{}", PUPIL.simple(), "0".repeat(32));
    let mut forger = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    forger
        .join(room_id, pin, Some(host.token.expose()), &forged)
        .await
        .unwrap();
    let mut present = client.present(&room).await.unwrap();
    present.sort_by_key(|p| p.user);
    let named: Vec<_> = present.iter().map(|p| (p.user, p.role)).collect();
    assert_eq!(
        named,
        vec![
            (None, Role::Viewer),
            (Some(PUPIL), Role::Viewer),
            (Some(HOST), Role::Moderator),
        ]
    );

    // A ticket for another room does not open this one.
    let other = client.create_room(&spec(false)).await.unwrap();
    let elsewhere = ticket(&client, &other, PUPIL, Role::Viewer).await;
    let mut wanderer = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    let refused = wanderer
        .join(
            room_id,
            elsewhere.pin.expose(),
            Some(elsewhere.token.expose()),
            "x",
        )
        .await
        .unwrap_err();
    assert_eq!(refused.0, UNAUTHORIZED);

    // Ending destroys the room; ending it again is no error; nobody is left.
    client.end(&room).await.unwrap();
    assert!(!client.is_running(&room).await.unwrap());
    assert!(client.present(&room).await.unwrap().is_empty());
    client.end(&room).await.unwrap();
    assert!(matches!(
        client.join(&room, &joiner(PUPIL, Role::Viewer)).await,
        Err(LiveError::NoSuchRoom)
    ));
    assert!(client.is_running(&other).await.unwrap());
}

/// A subscription must name the private id of someone who joined with a token
/// (`require_pvtid`), so a room's feeds cannot be watched with its number and pin alone. The
/// feed here is a remote publisher (plain RTP, added with the room's secret), since a page
/// without a browser cannot send WebRTC media.
#[tokio::test]
async fn watching_needs_having_joined_with_a_token() {
    let janus = RunningJanus::start();
    let client = JanusClient::new(janus.config()).unwrap();
    let room = client.create_room(&spec(false)).await.unwrap();
    let room_id = room.id.expose();
    let mut lawha = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    let feed = lawha
        .message(json!({"request": "add_remote_publisher", "room": room_id,
                        "secret": room.secret.expose(), "id": "feed", "display": "Screen",
                        "iface": "127.0.0.1",
                        "streams": [{"type": "audio", "mindex": 0, "mid": "0", "codec": "opus"}]}))
        .await;
    read(feed, "success").unwrap();

    let pupil = ticket(&client, &room, PUPIL, Role::Viewer).await;
    let pin = pupil.pin.expose();
    let subscribe = |private_id: Option<u64>| {
        let mut body = json!({"request": "join", "ptype": "subscriber", "room": room_id,
                              "pin": pin, "streams": [{"feed": "feed"}]});
        if let Some(id) = private_id {
            body["private_id"] = json!(id);
        }
        body
    };
    let mut watcher = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    let refused = read(watcher.message(subscribe(None)).await, "attached").unwrap_err();
    assert_eq!(refused.0, UNAUTHORIZED, "{refused:?}");
    let refused = read(watcher.message(subscribe(Some(12345))).await, "attached").unwrap_err();
    assert_eq!(refused.0, UNAUTHORIZED, "{refused:?}");

    let mut page = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    let joined = page
        .join(
            room_id,
            pin,
            Some(pupil.token.expose()),
            pupil.participant.expose(),
        )
        .await
        .unwrap();
    let private_id = joined["private_id"].as_u64().unwrap();
    let mut viewer = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    read(
        viewer.message(subscribe(Some(private_id))).await,
        "attached",
    )
    .unwrap();
}

#[tokio::test]
async fn a_stopped_janus_is_an_engine_down_and_a_restarted_one_is_used_again() {
    let mut janus = RunningJanus::start();
    let client = JanusClient::new(janus.config()).unwrap();
    let room = client.create_room(&spec(false)).await.unwrap();

    janus.stop();
    let down = client.create_room(&spec(false)).await.unwrap_err();
    assert!(down.is_engine_down(), "{down:?}");
    assert_eq!(down.code(), "live-engine-down");
    for result in [
        client.is_running(&room).await.map(|_| ()),
        client.present(&room).await.map(|_| ()),
        client.end(&room).await,
        client
            .join(&room, &joiner(PUPIL, Role::Viewer))
            .await
            .map(|_| ()),
    ] {
        let error = result.unwrap_err();
        assert!(error.is_engine_down(), "{error:?}");
        assert!(!error.to_string().contains(room.id.expose()), "{error}");
    }

    // A new Janus knows neither Lawha's session nor the room: the client opens a new session
    // by itself, and the room reads as gone.
    janus.restart();
    assert!(!client.is_running(&room).await.unwrap());
    let again = client.create_room(&spec(false)).await.unwrap();
    assert!(client.is_running(&again).await.unwrap());
}

#[tokio::test]
async fn a_wrong_admin_key_and_a_short_title_are_refused() {
    let janus = RunningJanus::start();
    let mut config = janus.config();
    config.admin_key = lawha_live::Secret::new("not-the-admin-key-42");
    let client = JanusClient::new(config).unwrap();
    let refused = client.create_room(&spec(false)).await.unwrap_err();
    match &refused {
        LiveError::Refused { key, .. } => assert_eq!(key, "videoroom-433"),
        other => panic!("{other:?}"),
    }
    // A title too short is refused before anything is sent.
    let client = JanusClient::new(janus.config()).unwrap();
    let mut short = spec(false);
    short.title = " x ".into();
    assert!(matches!(
        client.create_room(&short).await,
        Err(LiveError::Invalid(_))
    ));
}

#[tokio::test]
async fn a_removed_person_is_kicked_and_their_ticket_no_longer_lets_them_in() {
    let janus = RunningJanus::start();
    let client = JanusClient::new(janus.config()).unwrap();
    let room = client.create_room(&spec(false)).await.unwrap();
    let pupil = ticket(&client, &room, PUPIL, Role::Viewer).await;
    // One token per person and room: a second ticket carries the same one.
    let again = ticket(&client, &room, PUPIL, Role::Viewer).await;
    assert_eq!(again.token.expose(), pupil.token.expose());
    let (room_id, pin, id) = (
        room.id.expose(),
        pupil.pin.expose(),
        pupil.participant.expose(),
    );
    let mut page = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    page.join(room_id, pin, Some(pupil.token.expose()), id)
        .await
        .unwrap();
    assert_eq!(client.present(&room).await.unwrap().len(), 1);

    // Removed: out of the room, and the ticket they hold is refused (433).
    client.remove(&room, PUPIL).await.unwrap();
    assert!(client.present(&room).await.unwrap().is_empty());
    let mut back = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    let refused = back
        .join(room_id, pin, Some(pupil.token.expose()), id)
        .await
        .unwrap_err();
    assert_eq!(refused.0, UNAUTHORIZED, "{refused:?}");
    // Removing someone who is not there is not an error; the host is untouched.
    client.remove(&room, PUPIL).await.unwrap();
    let host = ticket(&client, &room, HOST, Role::Moderator).await;
    back.join(
        room_id,
        pin,
        Some(host.token.expose()),
        host.participant.expose(),
    )
    .await
    .unwrap();
    assert_eq!(client.present(&room).await.unwrap().len(), 1);
}

#[tokio::test]
async fn muting_reaches_janus_for_the_participant_the_room_shows() {
    let janus = RunningJanus::start();
    let client = JanusClient::new(janus.config()).unwrap();
    let room = client.create_room(&spec(false)).await.unwrap();
    let pupil = ticket(&client, &room, PUPIL, Role::Viewer).await;
    let id = pupil.participant.expose();
    let stream = [StreamId::parse("0").unwrap()];
    // Someone not in the room: nothing to mute, not an error.
    client.mute(&room, id, &stream, true).await.unwrap();
    let mut page = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    page.join(
        room.id.expose(),
        pupil.pin.expose(),
        Some(pupil.token.expose()),
        id,
    )
    .await
    .unwrap();
    // In the room but sending nothing: nothing to mute either. (That a muted stream stops
    // reaching others, and that a stream not sent is refused, is the browser test's: it
    // needs WebRTC.)
    client.mute(&room, id, &stream, true).await.unwrap();
    assert_eq!(client.identify(&room, id), Some((PUPIL, Role::Viewer)));
    assert_eq!(client.identify(&room, "made.v.up"), None);
    // A participant under a made-up id is kicked as it is.
    let mut other = Page::open(&janus.api_url(), "janus.plugin.videoroom").await;
    let impostor = format!("{}.v.00", PUPIL.simple());
    let host = ticket(&client, &room, HOST, Role::Moderator).await;
    other
        .join(
            room.id.expose(),
            pupil.pin.expose(),
            Some(host.token.expose()),
            &impostor,
        )
        .await
        .unwrap();
    assert_eq!(client.present(&room).await.unwrap().len(), 2);
    client.kick(&room, &impostor).await.unwrap();
    let present = client.present(&room).await.unwrap();
    assert_eq!(present.len(), 1, "{present:?}");
    assert_eq!(present[0].user, Some(PUPIL));
}
