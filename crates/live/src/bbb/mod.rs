//! The BigBlueButton engine: its HTTP API (alone or behind Scalelite, which speaks the same
//! API), signed with SHA-256 checksums ([`query`]), answered in XML ([`xml`]).
//!
//! Calls made: `create`, `end`, `isMeetingRunning`, `getMeetingInfo`, `getRecordings`,
//! `publishRecordings`, `deleteRecordings`; `join` is a signed URL the browser is sent to,
//! built here without a call. Room ids, secrets and signed URLs never reach a log: the client
//! logs the call's name and its outcome only, and maps transport errors without their URL.

mod client;
pub mod query;
mod recording_time;
pub mod xml;

pub use client::{BbbClient, BbbConfig};
pub use recording_time::recording_started;
