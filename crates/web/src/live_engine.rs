//! The conferencing engine as the web layer holds it: [`LiveRooms`], an object-safe face of
//! `lawha_live::LiveEngine` with boxed futures, so that [`crate::AppState`] keeps whichever
//! engine the deployment configured (Janus, BigBlueButton) or, in tests, a fake one, behind
//! one `Arc<dyn LiveRooms>`. Every `LiveEngine` is a `LiveRooms` (the blanket impl below).
//!
//! Only what the pages and the attendance poller use is here: recordings are another
//! part's (`lawha_live`'s recordings and the store's `live_recordings`).

use futures_util::future::BoxFuture;
use lawha_live::{
    JoinTicket, Joiner, LiveEngine, LiveError, Present, Role, Room, RoomSpec, Secret, StreamId,
};
use uuid::Uuid;

/// The engine's calls the web layer makes.
pub trait LiveRooms: Send + Sync {
    /// See `LiveEngine::create_room`.
    fn create_room<'a>(&'a self, spec: &'a RoomSpec) -> BoxFuture<'a, Result<Room, LiveError>>;
    /// See `LiveEngine::join`.
    fn join<'a>(
        &'a self,
        room: &'a Room,
        joiner: &'a Joiner,
    ) -> BoxFuture<'a, Result<JoinTicket, LiveError>>;
    /// See `LiveEngine::end`.
    fn end<'a>(&'a self, room: &'a Room) -> BoxFuture<'a, Result<(), LiveError>>;
    /// See `LiveEngine::present`.
    fn present<'a>(&'a self, room: &'a Room) -> BoxFuture<'a, Result<Vec<Present>, LiveError>>;
    /// See `LiveEngine::remove`.
    fn remove<'a>(&'a self, room: &'a Room, user: Uuid) -> BoxFuture<'a, Result<(), LiveError>>;
    /// See `LiveEngine::mute`.
    fn mute<'a>(
        &'a self,
        room: &'a Room,
        participant: &'a str,
        streams: &'a [StreamId],
        mute: bool,
    ) -> BoxFuture<'a, Result<(), LiveError>>;
    /// See `LiveEngine::identify`.
    fn identify(&self, room: &Room, participant: &str) -> Option<(Uuid, Role)>;
    /// See `LiveEngine::kick`.
    fn kick<'a>(
        &'a self,
        room: &'a Room,
        participant: &'a str,
    ) -> BoxFuture<'a, Result<(), LiveError>>;
    /// See `LiveEngine::callback_secret`: what the engine's callbacks are checked with.
    fn callback_secret(&self) -> Option<&Secret>;
}

impl<T: LiveEngine + 'static> LiveRooms for T {
    fn create_room<'a>(&'a self, spec: &'a RoomSpec) -> BoxFuture<'a, Result<Room, LiveError>> {
        Box::pin(LiveEngine::create_room(self, spec))
    }

    fn join<'a>(
        &'a self,
        room: &'a Room,
        joiner: &'a Joiner,
    ) -> BoxFuture<'a, Result<JoinTicket, LiveError>> {
        Box::pin(LiveEngine::join(self, room, joiner))
    }

    fn end<'a>(&'a self, room: &'a Room) -> BoxFuture<'a, Result<(), LiveError>> {
        Box::pin(LiveEngine::end(self, room))
    }

    fn present<'a>(&'a self, room: &'a Room) -> BoxFuture<'a, Result<Vec<Present>, LiveError>> {
        Box::pin(LiveEngine::present(self, room))
    }

    fn remove<'a>(&'a self, room: &'a Room, user: Uuid) -> BoxFuture<'a, Result<(), LiveError>> {
        Box::pin(LiveEngine::remove(self, room, user))
    }

    fn mute<'a>(
        &'a self,
        room: &'a Room,
        participant: &'a str,
        streams: &'a [StreamId],
        mute: bool,
    ) -> BoxFuture<'a, Result<(), LiveError>> {
        Box::pin(LiveEngine::mute(self, room, participant, streams, mute))
    }

    fn identify(&self, room: &Room, participant: &str) -> Option<(Uuid, Role)> {
        LiveEngine::identify(self, room, participant)
    }

    fn kick<'a>(
        &'a self,
        room: &'a Room,
        participant: &'a str,
    ) -> BoxFuture<'a, Result<(), LiveError>> {
        Box::pin(LiveEngine::kick(self, room, participant))
    }

    fn callback_secret(&self) -> Option<&Secret> {
        LiveEngine::callback_secret(self)
    }
}

/// The engine's room of a session, from what the store keeps.
pub fn room_of(stored: &lawha_store::live::engine::EngineRoom) -> Room {
    Room {
        id: lawha_live::RoomId::new(stored.room_id.clone()),
        secret: lawha_live::Secret::new(stored.secret.clone()),
        created: None,
    }
}
