//! The trait every conferencing engine implements, and the values it takes and returns.
//!
//! Methods return `impl Future + Send` (async functions in traits, Rust 1.75) rather than
//! going through `async-trait`, which the workspace does not use: the futures stay unboxed,
//! are `Send` for axum handlers and workers, and the configured choice is an enum
//! ([`crate::Engine`]) instead of a `dyn` object.

use std::fmt;
use std::future::Future;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::attendance::Present;
use crate::{LiveError, RoomId, Secret};

/// A conferencing engine: Janus (embedded) or BigBlueButton.
pub trait LiveEngine: Send + Sync {
    /// Creates the room of one session with a fresh random id and secret. Lawha stores the
    /// returned [`Room`] with the session; callbacks about it are signed until
    /// `spec.callbacks_until`.
    fn create_room(&self, spec: &RoomSpec) -> impl Future<Output = Result<Room, LiveError>> + Send;

    /// A ticket that lets one invited person into the room with a role and a bandwidth mode.
    /// Lawha checks the invitation and the joining window before asking.
    fn join(
        &self,
        room: &Room,
        joiner: &Joiner,
    ) -> impl Future<Output = Result<JoinTicket, LiveError>> + Send;

    /// Ends the room for everyone. Ending a room the engine no longer knows is not an error.
    fn end(&self, room: &Room) -> impl Future<Output = Result<(), LiveError>> + Send;

    /// Puts `user` out of the room and keeps the tickets they were given from letting them in
    /// again (Lawha refuses them a new one: the store's removal). Someone not in the room is
    /// not an error.
    fn remove(&self, room: &Room, user: Uuid)
        -> impl Future<Output = Result<(), LiveError>> + Send;

    /// Mutes (`mute`) or lets through again what one participant sends to the room: the
    /// participant as the room names them to the pages (`participant`, which a page may have
    /// made up: see [`LiveEngine::identify`]) and the streams the room lists for them
    /// (`streams`). Lawha's pages stream the host and whoever asks to speak; muted streams
    /// reach nobody until they are let through. Someone not in the room, or sending nothing,
    /// is not an error; a stream they do not send is refused. BigBlueButton's own client
    /// mutes (its API has no call for it): [`LiveError::Unsupported`].
    fn mute(
        &self,
        room: &Room,
        participant: &str,
        streams: &[StreamId],
        mute: bool,
    ) -> impl Future<Output = Result<(), LiveError>> + Send;

    /// The person and role a participant id of the room names, when Lawha made that id for
    /// this room (Janus lets a page join under any id: one not marked with the room's secret
    /// names nobody). BigBlueButton's pages are its own: `None`.
    fn identify(&self, _room: &Room, _participant: &str) -> Option<(Uuid, Role)> {
        None
    }

    /// Puts out of the room exactly the participant `participant`, one who names nobody
    /// ([`LiveEngine::identify`]): a page that joined under a made-up id. Someone not in the
    /// room is not an error. BigBlueButton: [`LiveError::Unsupported`].
    fn kick(
        &self,
        room: &Room,
        participant: &str,
    ) -> impl Future<Output = Result<(), LiveError>> + Send;

    /// Whether the room is running (someone joined and it has not ended).
    fn is_running(&self, room: &Room) -> impl Future<Output = Result<bool, LiveError>> + Send;

    /// Who is in the room now, by the engine's own account (the attendance rule takes joins
    /// and leaves from the engine, never from the page; see [`crate::changes`]). An unknown or
    /// ended room has nobody in it.
    fn present(&self, room: &Room) -> impl Future<Output = Result<Vec<Present>, LiveError>> + Send;

    /// The room's recordings, processed or not.
    fn recordings(
        &self,
        room: &Room,
    ) -> impl Future<Output = Result<Vec<Recording>, LiveError>> + Send;

    /// Publishes (`true`) or hides (`false`) a recording on the engine's own player.
    fn publish_recording(
        &self,
        recording: &RecordingId,
        publish: bool,
    ) -> impl Future<Output = Result<(), LiveError>> + Send;

    /// Deletes a recording on the engine (once Lawha has made it a capsule, or on request).
    fn delete_recording(
        &self,
        recording: &RecordingId,
    ) -> impl Future<Output = Result<(), LiveError>> + Send;

    /// The shared secret the engine's callbacks are checked with ([`crate::callbacks`]):
    /// BigBlueButton's. `None` for an engine that calls nothing back (Janus is asked, never
    /// heard), so every callback is refused.
    fn callback_secret(&self) -> Option<&Secret> {
        None
    }
}

/// What Lawha asks for when it opens a session's room.
#[derive(Debug, Clone)]
pub struct RoomSpec {
    /// The session's id in Lawha (named in callbacks, never the room id).
    pub session: Uuid,
    /// The title people see in the room (the engine's limits apply: 2 to 64 characters for
    /// BigBlueButton; longer titles are cut).
    pub title: String,
    /// Whether the host may record.
    pub record: bool,
    /// The room ends by itself after this many minutes (the session's length and a margin).
    pub max_minutes: Option<u32>,
    /// Until when callbacks about this room are accepted (the session's end and a margin).
    pub callbacks_until: DateTime<Utc>,
}

/// A created room, as Lawha stores it with the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub id: RoomId,
    /// The room's own random secret (BigBlueButton's moderator password; Janus's room secret,
    /// from which its pin is derived).
    pub secret: Secret,
    /// The engine's creation mark (BigBlueButton's `createTime`), passed back at join so that a
    /// join URL cannot be reused for a later room with the same id.
    pub created: Option<String>,
}

/// A person's part in a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The host: mutes, shares the screen, records, ends.
    Moderator,
    /// Everyone else.
    Viewer,
}

/// How much a joiner receives. Low bandwidth first: trainees on a phone pick the two
/// lighter modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bandwidth {
    /// Cameras, screen and sound.
    Full,
    /// No cameras received: the shared screen and the sound.
    ScreenAndSound,
    /// The sound alone (the shared screen starts hidden where the engine cannot withhold it).
    SoundOnly,
}

/// One person let into a room.
#[derive(Debug, Clone)]
pub struct Joiner {
    /// The person's id in Lawha; the engine reports it back in [`Present::user`].
    pub user: Uuid,
    /// The name others see (sent to the engine, never logged here).
    pub display_name: String,
    pub role: Role,
    pub bandwidth: Bandwidth,
}

/// What a joiner's browser needs to enter a room. It lets its holder in: never log it.
#[non_exhaustive]
#[derive(Clone, PartialEq, Eq)]
pub enum JoinTicket {
    /// A signed URL to send the browser to (BigBlueButton).
    Redirect(Secret),
    /// What the page's janus.js needs to join the room (Janus).
    Janus(crate::janus::JanusTicket),
}

impl JoinTicket {
    /// The URL to redirect to, when the ticket is one.
    pub fn redirect_url(&self) -> Option<&str> {
        match self {
            JoinTicket::Redirect(url) => Some(url.expose()),
            JoinTicket::Janus(_) => None,
        }
    }

    /// The Janus room ticket, when the ticket is one.
    pub fn janus(&self) -> Option<&crate::janus::JanusTicket> {
        match self {
            JoinTicket::Janus(ticket) => Some(ticket),
            JoinTicket::Redirect(_) => None,
        }
    }
}

impl fmt::Debug for JoinTicket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinTicket::Redirect(_) => f.write_str("JoinTicket::Redirect(…)"),
            JoinTicket::Janus(ticket) => write!(f, "JoinTicket::Janus({ticket:?})"),
        }
    }
}

/// One stream a participant sends, as the engine names it to the room (Janus's `mid`, the
/// SDP media id: `0`, `1`, …). Only short names of letters, digits, `-` and `_` are one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamId(String);

impl StreamId {
    /// The longest name accepted (SDP allows 16 characters in practice; browsers use digits).
    const MAX_CHARS: usize = 16;

    /// `text` as a stream's name, or `None` when it cannot be one.
    pub fn parse(text: &str) -> Option<StreamId> {
        let fits = !text.is_empty()
            && text.len() <= Self::MAX_CHARS
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        fits.then(|| StreamId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A recording's id on the engine (BigBlueButton's `recordID`; for Janus,
/// `<room>/<participant>`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecordingId(pub String);

/// Where a recording stands on the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordingState {
    Processing,
    Processed,
    Published,
    Unpublished,
    Deleted,
    /// A state this client does not know (newer engine versions add some).
    Other,
}

/// One recording of a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub id: RecordingId,
    pub state: RecordingState,
    pub published: bool,
    pub started: Option<DateTime<Utc>>,
    pub ended: Option<DateTime<Utc>>,
    pub participants: u32,
    /// The engine's playback formats (BigBlueButton: `presentation`, `podcast`, `video`…).
    pub formats: Vec<PlaybackFormat>,
}

/// One playback format of a recording, where the conversion to a capsule fetches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaybackFormat {
    pub kind: String,
    pub url: String,
    /// Length in minutes, as the engine reports it.
    pub minutes: u32,
}

#[cfg(test)]
mod tests {
    use super::StreamId;

    #[test]
    fn only_short_plain_names_are_streams() {
        for good in ["0", "1", "12", "audio-1", "v_0", &"9".repeat(16)] {
            assert_eq!(
                StreamId::parse(good).map(|s| s.as_str().to_owned()),
                Some(good.to_owned())
            );
        }
        for bad in ["", " 0", "0,1", "a b", "é", "<b>", &"9".repeat(17)] {
            assert_eq!(StreamId::parse(bad), None, "{bad:?}");
        }
    }
}
