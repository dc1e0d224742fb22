//! A conferencing engine in memory: rooms, who is in them, and a switch that makes it
//! "down" (every call fails as an unreachable engine would).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use lawha_live::{
    DownReason, JoinTicket, Joiner, LiveEngine, LiveError, Present, Recording, RecordingId, Room,
    RoomId, RoomSpec, Secret, StreamId,
};
use uuid::Uuid;

#[derive(Default)]
pub struct FakeEngine {
    pub down: AtomicBool,
    /// Hands out Janus tickets (for the page script) instead of redirects.
    pub janus: AtomicBool,
    /// The shared secret its callbacks are signed with (BigBlueButton's), when it makes any.
    pub callback_secret: Option<Secret>,
    state: Mutex<FakeState>,
}

#[derive(Default)]
struct FakeState {
    /// Room id -> the session it was made for.
    rooms: HashMap<String, Uuid>,
    /// Room id -> who is in it.
    present: HashMap<String, Vec<Uuid>>,
    ended: Vec<String>,
    joins: Vec<(Uuid, lawha_live::Role, lawha_live::Bandwidth)>,
    /// Who was put out of a room.
    removed: Vec<Uuid>,
    /// Which participant was muted (`true`) or let through (`false`), and which streams.
    muted: Vec<(String, Vec<String>, bool)>,
    /// Participants put out under an id that names nobody.
    kicked: Vec<String>,
}

impl FakeEngine {
    fn check(&self) -> Result<(), LiveError> {
        if self.down.load(Ordering::SeqCst) {
            Err(LiveError::EngineDown(DownReason::Unreachable))
        } else {
            Ok(())
        }
    }

    pub fn rooms(&self) -> usize {
        self.state.lock().unwrap().rooms.len()
    }

    pub fn ended(&self) -> usize {
        self.state.lock().unwrap().ended.len()
    }

    pub fn removed(&self) -> Vec<Uuid> {
        self.state.lock().unwrap().removed.clone()
    }

    pub fn muted(&self) -> Vec<(String, Vec<String>, bool)> {
        self.state.lock().unwrap().muted.clone()
    }

    pub fn kicked(&self) -> Vec<String> {
        self.state.lock().unwrap().kicked.clone()
    }

    /// The participant id this engine hands `user` (see `join`).
    pub fn participant_of(user: Uuid) -> String {
        format!("{user}.x.mark")
    }

    pub fn joins(&self) -> Vec<(Uuid, lawha_live::Role, lawha_live::Bandwidth)> {
        self.state.lock().unwrap().joins.clone()
    }

    /// Puts exactly `people` in every room (as the engine would report them).
    pub fn set_present(&self, people: &[Uuid]) {
        let mut state = self.state.lock().unwrap();
        let rooms: Vec<String> = state.rooms.keys().cloned().collect();
        for room in rooms {
            state.present.insert(room, people.to_vec());
        }
    }
}

impl FakeEngine {
    /// An engine that calls back (as BigBlueButton does), signing with `secret`.
    pub fn calling_back(secret: &str) -> FakeEngine {
        FakeEngine {
            callback_secret: Some(Secret::new(secret)),
            ..FakeEngine::default()
        }
    }
}

impl LiveEngine for FakeEngine {
    fn callback_secret(&self) -> Option<&Secret> {
        self.callback_secret.as_ref()
    }

    async fn create_room(&self, spec: &RoomSpec) -> Result<Room, LiveError> {
        self.check()?;
        let room = Room {
            id: RoomId::random(),
            secret: Secret::random(),
            created: None,
        };
        let mut state = self.state.lock().unwrap();
        state
            .rooms
            .insert(room.id.expose().to_string(), spec.session);
        Ok(room)
    }

    async fn join(&self, room: &Room, joiner: &Joiner) -> Result<JoinTicket, LiveError> {
        self.check()?;
        let mut state = self.state.lock().unwrap();
        if !state.rooms.contains_key(room.id.expose()) {
            return Err(LiveError::NoSuchRoom);
        }
        state
            .joins
            .push((joiner.user, joiner.role, joiner.bandwidth));
        if self.janus.load(Ordering::SeqCst) {
            return Ok(JoinTicket::Janus(lawha_live::janus::JanusTicket {
                server: "/janus".into(),
                room: room.id.clone(),
                pin: Secret::new("pin-of-the-room"),
                token: Secret::new(format!("token-{}", joiner.user)),
                participant: Secret::new(Self::participant_of(joiner.user)),
                display: joiner.display_name.clone(),
                role: joiner.role,
                bandwidth: joiner.bandwidth,
            }));
        }
        Ok(JoinTicket::Redirect(Secret::new(format!(
            "https://engine.test/join?room={}&user={}",
            room.id.expose(),
            joiner.user
        ))))
    }

    async fn end(&self, room: &Room) -> Result<(), LiveError> {
        self.check()?;
        let mut state = self.state.lock().unwrap();
        state.present.remove(room.id.expose());
        state.ended.push(room.id.expose().to_string());
        Ok(())
    }

    async fn remove(&self, room: &Room, user: Uuid) -> Result<(), LiveError> {
        self.check()?;
        let mut state = self.state.lock().unwrap();
        if let Some(people) = state.present.get_mut(room.id.expose()) {
            people.retain(|p| *p != user);
        }
        state.removed.push(user);
        Ok(())
    }

    async fn mute(
        &self,
        _room: &Room,
        participant: &str,
        streams: &[StreamId],
        mute: bool,
    ) -> Result<(), LiveError> {
        self.check()?;
        let names = streams.iter().map(|s| s.as_str().to_owned()).collect();
        let mut state = self.state.lock().unwrap();
        state.muted.push((participant.to_owned(), names, mute));
        Ok(())
    }

    /// Ids of the form `participant_of` name their person, as a moderator if they joined
    /// as one; anything else names nobody.
    fn identify(&self, _room: &Room, participant: &str) -> Option<(Uuid, lawha_live::Role)> {
        let user = Uuid::try_parse(participant.strip_suffix(".x.mark")?).ok()?;
        let state = self.state.lock().unwrap();
        let host = state
            .joins
            .iter()
            .any(|(u, role, _)| *u == user && *role == lawha_live::Role::Moderator);
        Some((
            user,
            if host {
                lawha_live::Role::Moderator
            } else {
                lawha_live::Role::Viewer
            },
        ))
    }

    async fn kick(&self, _room: &Room, participant: &str) -> Result<(), LiveError> {
        self.check()?;
        self.state
            .lock()
            .unwrap()
            .kicked
            .push(participant.to_owned());
        Ok(())
    }

    async fn is_running(&self, room: &Room) -> Result<bool, LiveError> {
        self.check()?;
        let state = self.state.lock().unwrap();
        Ok(state
            .present
            .get(room.id.expose())
            .is_some_and(|p| !p.is_empty()))
    }

    async fn present(&self, room: &Room) -> Result<Vec<Present>, LiveError> {
        self.check()?;
        let state = self.state.lock().unwrap();
        Ok(state
            .present
            .get(room.id.expose())
            .map(|people| {
                people
                    .iter()
                    .map(|u| Present {
                        user: Some(*u),
                        role: lawha_live::Role::Viewer,
                        listening_only: false,
                        has_video: false,
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    async fn recordings(&self, _room: &Room) -> Result<Vec<Recording>, LiveError> {
        self.check()?;
        Ok(Vec::new())
    }

    async fn publish_recording(&self, _: &RecordingId, _: bool) -> Result<(), LiveError> {
        self.check()
    }

    async fn delete_recording(&self, _: &RecordingId) -> Result<(), LiveError> {
        self.check()
    }
}
