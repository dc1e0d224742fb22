//! The Janus engine, Lawha's embedded default: the WebRTC server of Debian's `janus` package,
//! its VideoRoom plugin driven over the HTTP API ([`JanusClient`]), recordings converted with
//! `janus-pp-rec` from `janus-tools` ([`convert_recording`]), and the configuration folder
//! Lawha runs it with ([`JanusSetup`]).
//!
//! Lawha holds the VideoRoom's `admin_key` and each room's secret; the page (janus.js, served
//! from Lawha's origin) gets a [`JanusTicket`]: the room id, its pin, a token of its own and
//! the participant id to join with. Room ids, secrets, pins, tokens and participant ids never
//! reach a log: the client logs the request's name and its outcome only.

mod api;
mod client;
mod config;
pub mod participant;
mod recordings;
mod setup;
mod videoroom;

pub use client::{JanusClient, JanusTicket};
pub use config::JanusConfig;
pub use recordings::{convert_recording, ConvertedTrack, TrackKind};
pub use setup::{find_lib_dir, JanusSetup};
