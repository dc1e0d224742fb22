//! Live classes: the conferencing engine behind Lawha's scheduled sessions (issue 17).
//!
//! Lawha schedules sessions, decides who may join and takes attendance; the media itself runs
//! on a conferencing engine that each deployment picks in its configuration: Janus embedded
//! by default, BigBlueButton (alone or behind Scalelite) at scale. Every engine implements
//! one trait, [`LiveEngine`]: create a room for a session with a random secret, hand each
//! invited person a join ticket with a role and a bandwidth mode, end the room, ask whether it
//! runs and who is in it, and list, publish or delete its recordings. [`Engine`] is the
//! configured choice.
//!
//! This crate holds the Janus engine ([`janus`]), the BigBlueButton client ([`bbb`]), the
//! checks of its callbacks ([`callbacks`]) and the step that makes a session's recording a
//! draft capsule ([`to_capsule`], over the store and the media pipeline). Sessions are stored
//! by the store (`store.live()`); the web layer uses this crate for rooms, join tickets,
//! ending and attendance (see ARCHITECTURE.md, *Live sessions on the web*).
//!
//! Room ids, secrets and join URLs are wrapped in types whose `Debug` hides them
//! ([`RoomId`], [`Secret`], [`JoinTicket`]), and errors never carry a request URL, so none of
//! them reaches a log by accident.

pub mod attendance;
pub mod bbb;
pub mod callbacks;
mod config;
mod engine;
mod error;
mod http;
pub mod janus;
mod secret;
pub mod to_capsule;

pub use attendance::{changes, AttendanceEvent, Present};
pub use config::{Engine, LiveConfig};
pub use engine::{
    Bandwidth, JoinTicket, Joiner, LiveEngine, PlaybackFormat, Recording, RecordingId,
    RecordingState, Role, Room, RoomSpec, StreamId,
};
pub use error::{DownReason, LiveError};
pub use secret::{RoomId, Secret};
