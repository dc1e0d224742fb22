//! The VideoRoom plugin's synchronous requests Lawha sends, and how their answers read.
//!
//! Every room is made so that its number alone lets nobody in: it is private (not listed),
//! has a random `secret` (needed to change, record or destroy it), a random `pin` and an
//! `allowed` list of per-person tokens (both needed to join as a publisher), and
//! `require_pvtid` (a subscription must name the private id of a publisher in the room, so
//! watching without having joined with a token is refused too). Recording cannot be switched
//! by participants (`lock_record`).

use std::path::Path;

use serde_json::{json, Value};

use crate::{DownReason, LiveError, RoomId, Secret};

/// The VideoRoom's error codes Lawha reads (janus_videoroom.c).
const NO_SUCH_ROOM: i64 = 426;

/// Limits of every room: a class has one host sending a camera and a screen, and a few
/// speakers at a time.
const PUBLISHERS: u32 = 12;
/// The video bitrate cap of every publisher, in bit/s, enforced by Janus (`bitrate_cap`): a
/// shared screen of slides or code at a low frame rate fits, and a trainee on "screen and
/// sound" stays near 150 kbit/s with the sound.
const VIDEO_BITRATE: u32 = 128_000;
/// A key frame asked of publishers every this many seconds, so a late joiner sees the screen.
const FIR_SECONDS: u32 = 10;

/// A room to create.
pub(super) struct NewRoom<'a> {
    pub room: &'a RoomId,
    pub secret: &'a Secret,
    pub pin: &'a Secret,
    pub admin_key: &'a Secret,
    pub description: &'a str,
    pub record: bool,
    pub rec_dir: &'a Path,
}

pub(super) fn create(new: &NewRoom<'_>) -> Result<Value, LiveError> {
    let rec_dir = new
        .rec_dir
        .to_str()
        .ok_or(LiveError::Invalid("recordings folder is not UTF-8"))?;
    Ok(json!({
        "request": "create",
        "admin_key": new.admin_key.expose(),
        "room": new.room.expose(),
        "permanent": false,
        "description": new.description,
        "is_private": true,
        "secret": new.secret.expose(),
        "pin": new.pin.expose(),
        "allowed": [],
        "require_pvtid": true,
        "notify_joining": false,
        "publishers": PUBLISHERS,
        "bitrate": VIDEO_BITRATE,
        "bitrate_cap": true,
        "fir_freq": FIR_SECONDS,
        "audiocodec": "opus",
        "videocodec": "vp8",
        "record": new.record,
        "rec_dir": rec_dir,
        "lock_record": true,
    }))
}

pub(super) fn allow(room: &RoomId, secret: &Secret, token: &Secret) -> Value {
    json!({
        "request": "allowed",
        "room": room.expose(),
        "secret": secret.expose(),
        "action": "add",
        "allowed": [token.expose()],
    })
}

/// Takes `token` off the room's list: whoever holds it cannot join again.
pub(super) fn disallow(room: &RoomId, secret: &Secret, token: &Secret) -> Value {
    json!({
        "request": "allowed",
        "room": room.expose(),
        "secret": secret.expose(),
        "action": "remove",
        "allowed": [token.expose()],
    })
}

/// Puts participant `id` out of the room (Janus hangs up their media).
pub(super) fn kick(room: &RoomId, secret: &Secret, id: &str) -> Value {
    json!({"request": "kick", "room": room.expose(), "secret": secret.expose(), "id": id})
}

/// Mutes (or lets through) one stream `mid` of participant `id`: Janus stops relaying it to
/// every subscriber (and to the recording) until it is let through again.
pub(super) fn moderate(room: &RoomId, secret: &Secret, id: &str, mid: &str, mute: bool) -> Value {
    json!({
        "request": "moderate",
        "room": room.expose(),
        "secret": secret.expose(),
        "id": id,
        "mid": mid,
        "mute": mute,
    })
}

pub(super) fn destroy(room: &RoomId, secret: &Secret) -> Value {
    json!({"request": "destroy", "room": room.expose(), "secret": secret.expose(), "permanent": false})
}

pub(super) fn exists(room: &RoomId) -> Value {
    json!({"request": "exists", "room": room.expose()})
}

pub(super) fn list_participants(room: &RoomId) -> Value {
    json!({"request": "listparticipants", "room": room.expose()})
}

/// One participant as `listparticipants` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Participant {
    /// The id it joined with (Janus turns numbers into their digits here).
    pub id: String,
    /// Whether it is sending media now.
    pub publisher: bool,
}

/// The answer's `videoroom` kind, or the error it carries.
fn kind(data: &Value) -> Result<&str, LiveError> {
    if let Some(code) = data.get("error_code").and_then(Value::as_i64) {
        if code == NO_SUCH_ROOM {
            return Err(LiveError::NoSuchRoom);
        }
        let message = data
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(LiveError::Refused {
            key: format!("videoroom-{code}"),
            message: message.chars().take(200).collect(),
        });
    }
    data.get("videoroom")
        .and_then(Value::as_str)
        .ok_or(LiveError::EngineDown(DownReason::NotApiJson("videoroom")))
}

fn expect(data: &Value, wanted: &'static str) -> Result<(), LiveError> {
    if kind(data)? == wanted {
        Ok(())
    } else {
        Err(LiveError::EngineDown(DownReason::NotApiJson(wanted)))
    }
}

pub(super) fn read_created(data: &Value) -> Result<(), LiveError> {
    expect(data, "created")
}

pub(super) fn read_destroyed(data: &Value) -> Result<(), LiveError> {
    expect(data, "destroyed")
}

/// Janus's "no such participant" (`JANUS_VIDEOROOM_ERROR_NO_SUCH_FEED`): someone not in the
/// room is out already.
const NO_SUCH_FEED: i64 = 428;

/// Checks a `kick`: done, or the person was not in the room.
pub(super) fn read_kicked(data: &Value) -> Result<(), LiveError> {
    if data.get("error_code").and_then(Value::as_i64) == Some(NO_SUCH_FEED) {
        return Ok(());
    }
    expect(data, "success")
}

/// Checks a `moderate`. Janus answers "no such feed" (428) both for someone not in the room
/// and for a stream they do not send, so the caller looks at the room's list first and any
/// refusal here is one.
pub(super) fn read_moderated(data: &Value) -> Result<(), LiveError> {
    expect(data, "success")
}

/// Checks that the token is off the room's list now.
pub(super) fn read_disallowed(data: &Value, token: &Secret) -> Result<(), LiveError> {
    expect(data, "success")?;
    let listed = data
        .get("allowed")
        .and_then(Value::as_array)
        .is_some_and(|list| list.iter().any(|t| t.as_str() == Some(token.expose())));
    if listed {
        Err(LiveError::EngineDown(DownReason::NotApiJson("allowed")))
    } else {
        Ok(())
    }
}

/// Checks that the token is now on the room's list.
pub(super) fn read_allowed(data: &Value, token: &Secret) -> Result<(), LiveError> {
    expect(data, "success")?;
    let listed = data
        .get("allowed")
        .and_then(Value::as_array)
        .is_some_and(|list| list.iter().any(|t| t.as_str() == Some(token.expose())));
    if listed {
        Ok(())
    } else {
        Err(LiveError::EngineDown(DownReason::NotApiJson("allowed")))
    }
}

pub(super) fn read_exists(data: &Value) -> Result<bool, LiveError> {
    expect(data, "success")?;
    data.get("exists")
        .and_then(Value::as_bool)
        .ok_or(LiveError::EngineDown(DownReason::NotApiJson("exists")))
}

pub(super) fn read_participants(data: &Value) -> Result<Vec<Participant>, LiveError> {
    expect(data, "participants")?;
    let list = data
        .get("participants")
        .and_then(Value::as_array)
        .ok_or(LiveError::EngineDown(DownReason::NotApiJson(
            "participants",
        )))?;
    list.iter()
        .map(|p| {
            let id = match p.get("id") {
                Some(Value::String(id)) => id.clone(),
                Some(Value::Number(id)) => id.to_string(),
                _ => {
                    return Err(LiveError::EngineDown(DownReason::NotApiJson(
                        "participant id",
                    )))
                }
            };
            let publisher = p.get("publisher").and_then(Value::as_bool).unwrap_or(false);
            Ok(Participant { id, publisher })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_room_is_closed_to_guessers() {
        let (room, secret, pin, key) = (
            RoomId::new("r"),
            Secret::new("s"),
            Secret::new("p"),
            Secret::new("k"),
        );
        let body = create(&NewRoom {
            room: &room,
            secret: &secret,
            pin: &pin,
            admin_key: &key,
            description: "Maths 3AC",
            record: true,
            rec_dir: Path::new("/rec/r"),
        })
        .unwrap();
        assert_eq!(body["is_private"], true);
        assert_eq!(body["allowed"], json!([]));
        assert_eq!(body["require_pvtid"], true);
        assert_eq!(body["lock_record"], true);
        assert_eq!(body["secret"], "s");
        assert_eq!(body["pin"], "p");
        assert_eq!(body["admin_key"], "k");
        assert_eq!(body["rec_dir"], "/rec/r");
    }

    #[test]
    fn removing_someone_takes_their_token_off_and_kicks_them() {
        let room = RoomId::new("0123abcd".to_string());
        let secret = Secret::new("s3cret");
        let token = Secret::new("t1");
        assert_eq!(
            disallow(&room, &secret, &token),
            json!({"request": "allowed", "room": "0123abcd", "secret": "s3cret",
                   "action": "remove", "allowed": ["t1"]})
        );
        assert_eq!(
            kick(&room, &secret, "u.v.m"),
            json!({"request": "kick", "room": "0123abcd", "secret": "s3cret", "id": "u.v.m"})
        );
        // The documented answers: the list without the token; success; "no such user".
        assert!(read_disallowed(
            &json!({"videoroom": "success", "room": "0123abcd", "allowed": ["t0"]}),
            &token
        )
        .is_ok());
        assert!(read_disallowed(
            &json!({"videoroom": "success", "room": "0123abcd", "allowed": ["t0", "t1"]}),
            &token
        )
        .is_err());
        assert!(read_kicked(&json!({"videoroom": "success"})).is_ok());
        assert!(read_kicked(
            &json!({"videoroom": "event", "error_code": 428, "error": "No such user"})
        )
        .is_ok());
        assert!(matches!(
            read_kicked(&json!({"videoroom": "event", "error_code": 433, "error": "Unauthorized"})),
            Err(LiveError::Refused { .. })
        ));
        assert!(matches!(
            read_kicked(&json!({"videoroom": "event", "error_code": 426, "error": "No such room"})),
            Err(LiveError::NoSuchRoom)
        ));
    }

    #[test]
    fn muting_names_the_participant_and_the_stream() {
        let room = RoomId::new("0123abcd".to_string());
        let secret = Secret::new("s3cret");
        assert_eq!(
            moderate(&room, &secret, "u.v.m", "1", true),
            json!({"request": "moderate", "room": "0123abcd", "secret": "s3cret",
                   "id": "u.v.m", "mid": "1", "mute": true})
        );
        assert!(read_moderated(&json!({"videoroom": "success"})).is_ok());
        // A stream the participant does not send: "no such feed" in janus_videoroom.c 1.1's
        // moderate (the same code as for someone not in the room, which the client rules
        // out first).
        match read_moderated(
            &json!({"videoroom": "event", "error_code": 428, "error": "No such stream (9)"}),
        ) {
            Err(LiveError::Refused { key, .. }) => assert_eq!(key, "videoroom-428"),
            other => panic!("{other:?}"),
        }
        assert!(read_moderated(&json!({"videoroom": "destroyed"})).is_err());
    }

    #[test]
    fn answers_and_errors_read_as_documented() {
        assert!(
            read_created(&json!({"videoroom": "created", "room": "r", "permanent": false})).is_ok()
        );
        let gone = json!({"videoroom": "event", "error_code": 426, "error": "No such room (r)"});
        assert!(matches!(read_destroyed(&gone), Err(LiveError::NoSuchRoom)));
        let wrong = json!({"videoroom": "event", "error_code": 433, "error": "Unauthorized (wrong secret)"});
        match read_destroyed(&wrong) {
            Err(LiveError::Refused { key, .. }) => assert_eq!(key, "videoroom-433"),
            other => panic!("{other:?}"),
        }
        assert!(read_created(&json!({"videoroom": "destroyed"})).is_err());
        assert_eq!(
            read_exists(&json!({"videoroom": "success", "exists": false})).ok(),
            Some(false)
        );
        assert!(read_exists(&json!({"videoroom": "success"})).is_err());
        let token = Secret::new("t1");
        assert!(read_allowed(
            &json!({"videoroom": "success", "allowed": ["t0", "t1"]}),
            &token
        )
        .is_ok());
        assert!(read_allowed(&json!({"videoroom": "success", "allowed": ["t0"]}), &token).is_err());
        let people = json!({"videoroom": "participants", "participants": [
            {"id": "a.v.b", "display": "A", "publisher": true}, {"id": 7, "publisher": false}]});
        assert_eq!(
            read_participants(&people).unwrap(),
            vec![
                Participant {
                    id: "a.v.b".into(),
                    publisher: true
                },
                Participant {
                    id: "7".into(),
                    publisher: false
                },
            ]
        );
        assert!(read_participants(&json!({"videoroom": "participants"})).is_err());
    }
}
