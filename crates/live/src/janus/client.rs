//! The Janus client and its [`LiveEngine`] implementation.

use std::fmt;

use super::api::JanusApi;
use super::config::JanusConfig;
use super::{participant, recordings, videoroom};
use crate::attendance::Present;
use uuid::Uuid;

use crate::{
    Bandwidth, JoinTicket, Joiner, LiveEngine, LiveError, Recording, RecordingId, Role, Room,
    RoomId, RoomSpec, Secret, StreamId,
};

/// The longest room description and display name sent (Janus has no limit; pages show these).
const NAME_CHARS: usize = 64;

/// A Janus serving Lawha, driven as the VideoRoom's administrator.
#[derive(Debug, Clone)]
pub struct JanusClient {
    api: std::sync::Arc<JanusApi>,
    config: JanusConfig,
}

/// What the page needs to enter a Janus room with janus.js, for one person. It lets its holder
/// in: never log it. It holds nothing of another room, and not this room's secret.
#[derive(Clone, PartialEq, Eq)]
pub struct JanusTicket {
    /// Where janus.js talks to Janus, on Lawha's origin (e.g. `/janus`).
    pub server: String,
    pub room: RoomId,
    /// The room's pin, which every join gives.
    pub pin: Secret,
    /// This person's token, added to the room's `allowed` list for this ticket.
    pub token: Secret,
    /// The participant id to join with; attendance reads the person back from it.
    pub participant: Secret,
    pub display: String,
    pub role: Role,
    pub bandwidth: Bandwidth,
}

impl fmt::Debug for JanusTicket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JanusTicket")
            .field("server", &self.server)
            .field("role", &self.role)
            .field("bandwidth", &self.bandwidth)
            .finish_non_exhaustive()
    }
}

impl JanusClient {
    pub fn new(config: JanusConfig) -> Result<Self, LiveError> {
        config.check()?;
        let api = JanusApi::new(&config.api_url, config.timeout)?;
        Ok(JanusClient {
            api: std::sync::Arc::new(api),
            config,
        })
    }

    /// The room's pin: derived from its secret, so Lawha stores one value per room and the
    /// pin (which every invited person receives) never reveals the secret.
    fn pin(room: &Room) -> Secret {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("lawha/janus/pin/v1\0{}", room.secret.expose()));
        Secret::new(hex::encode(digest.get(..16).unwrap_or_default()))
    }
}

/// Text for Janus: no control characters, trimmed, cut to [`NAME_CHARS`].
fn clean_text(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    text.trim()
        .chars()
        .take(NAME_CHARS)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

impl LiveEngine for JanusClient {
    async fn create_room(&self, spec: &RoomSpec) -> Result<Room, LiveError> {
        let description = clean_text(&spec.title);
        if description.chars().count() < 2 {
            return Err(LiveError::Invalid("room title shorter than 2 characters"));
        }
        let room = Room {
            id: RoomId::random(),
            secret: Secret::random(),
            created: None,
        };
        let rec_dir = recordings::room_dir(&self.config.recordings_dir, &room.id)?;
        let body = videoroom::create(&videoroom::NewRoom {
            room: &room.id,
            secret: &room.secret,
            pin: &Self::pin(&room),
            admin_key: &self.config.admin_key,
            description: &description,
            record: spec.record,
            rec_dir: &rec_dir,
        })?;
        videoroom::read_created(&self.api.videoroom("create", body).await?)?;
        Ok(room)
    }

    async fn join(&self, room: &Room, joiner: &Joiner) -> Result<JoinTicket, LiveError> {
        let display = clean_text(&joiner.display_name);
        if display.is_empty() {
            return Err(LiveError::Invalid("display name is empty"));
        }
        // One token per person and room (Janus checks it at the join; Lawha hands it to this
        // person only), so removing them takes exactly theirs off the list.
        let token = participant::token_for(&room.secret, joiner.user);
        let body = videoroom::allow(&room.id, &room.secret, &token);
        videoroom::read_allowed(&self.api.videoroom("allowed", body).await?, &token)?;
        Ok(JoinTicket::Janus(JanusTicket {
            server: self.config.public_path.clone(),
            room: room.id.clone(),
            pin: Self::pin(room),
            token,
            participant: Secret::new(participant::id_for(&room.secret, joiner.user, joiner.role)),
            display,
            role: joiner.role,
            bandwidth: joiner.bandwidth,
        }))
    }

    /// Takes the person's token off the room's list, then kicks them under each role's id.
    async fn remove(&self, room: &Room, user: Uuid) -> Result<(), LiveError> {
        let token = participant::token_for(&room.secret, user);
        let body = videoroom::disallow(&room.id, &room.secret, &token);
        videoroom::read_disallowed(&self.api.videoroom("allowed", body).await?, &token)?;
        for role in [Role::Viewer, Role::Moderator] {
            let id = participant::id_for(&room.secret, user, role);
            let body = videoroom::kick(&room.id, &room.secret, &id);
            videoroom::read_kicked(&self.api.videoroom("kick", body).await?)?;
        }
        Ok(())
    }

    /// Moderates each named stream of the participant, once the room's list says they are
    /// there and sending: Janus answers "no such feed" (428) alike for a person who is not
    /// there and for a stream they do not send, and only the second is an error here.
    async fn mute(
        &self,
        room: &Room,
        participant: &str,
        streams: &[StreamId],
        mute: bool,
    ) -> Result<(), LiveError> {
        let body = videoroom::list_participants(&room.id);
        let people =
            videoroom::read_participants(&self.api.videoroom("listparticipants", body).await?)?;
        if !people.iter().any(|p| p.id == participant && p.publisher) {
            return Ok(());
        }
        for stream in streams {
            let body =
                videoroom::moderate(&room.id, &room.secret, participant, stream.as_str(), mute);
            videoroom::read_moderated(&self.api.videoroom("moderate", body).await?)?;
        }
        Ok(())
    }

    fn identify(&self, room: &Room, id: &str) -> Option<(Uuid, Role)> {
        participant::read(&room.secret, id)
    }

    async fn kick(&self, room: &Room, participant: &str) -> Result<(), LiveError> {
        let body = videoroom::kick(&room.id, &room.secret, participant);
        videoroom::read_kicked(&self.api.videoroom("kick", body).await?)
    }

    async fn end(&self, room: &Room) -> Result<(), LiveError> {
        let body = videoroom::destroy(&room.id, &room.secret);
        match videoroom::read_destroyed(&self.api.videoroom("destroy", body).await?) {
            Err(LiveError::NoSuchRoom) => Ok(()),
            other => other,
        }
    }

    /// Whether Janus still has the room (created and not destroyed; Janus forgets its rooms
    /// when it restarts).
    async fn is_running(&self, room: &Room) -> Result<bool, LiveError> {
        let body = videoroom::exists(&room.id);
        videoroom::read_exists(&self.api.videoroom("exists", body).await?)
    }

    /// Everyone joined to the room as a publisher (Lawha's pages join everyone so, sending
    /// media or not). Someone whose participant id is not one Lawha made for this room is
    /// counted without a person.
    async fn present(&self, room: &Room) -> Result<Vec<Present>, LiveError> {
        let body = videoroom::list_participants(&room.id);
        let people = match videoroom::read_participants(
            &self.api.videoroom("listparticipants", body).await?,
        ) {
            Ok(people) => people,
            Err(LiveError::NoSuchRoom) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(people
            .into_iter()
            .map(|p| {
                let known = participant::read(&room.secret, &p.id);
                Present {
                    user: known.map(|(user, _)| user),
                    role: known.map_or(Role::Viewer, |(_, role)| role),
                    // Not sending anything: listening (and watching) only.
                    listening_only: !p.publisher,
                    // listparticipants does not tell which media a publisher sends.
                    has_video: false,
                }
            })
            .collect())
    }

    async fn recordings(&self, room: &Room) -> Result<Vec<Recording>, LiveError> {
        recordings::list(&self.config.recordings_dir, &room.id)
    }

    /// Janus has no player of its own: a recording is published as a capsule, in Lawha.
    async fn publish_recording(
        &self,
        _recording: &RecordingId,
        _publish: bool,
    ) -> Result<(), LiveError> {
        Err(LiveError::Invalid(
            "Janus recordings have no player: publish the capsule",
        ))
    }

    async fn delete_recording(&self, recording: &RecordingId) -> Result<(), LiveError> {
        recordings::delete(&self.config.recordings_dir, recording)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_cut() {
        assert_eq!(clean_text("  Maths\u{0}\n3AC  "), "Maths  3AC");
        assert_eq!(clean_text(&"ب".repeat(100)).chars().count(), NAME_CHARS);
    }

    #[test]
    fn the_pin_is_the_rooms_own_and_does_not_reveal_its_secret() {
        let room = |secret: &str| Room {
            id: RoomId::new("ab"),
            secret: Secret::new(secret),
            created: None,
        };
        let pin = JanusClient::pin(&room("secret-one"));
        assert_eq!(pin, JanusClient::pin(&room("secret-one")));
        assert_ne!(pin, JanusClient::pin(&room("secret-two")));
        assert!(!pin.expose().contains("secret"));
        assert_eq!(pin.expose().len(), 32);
    }
}
