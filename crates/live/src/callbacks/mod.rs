//! The engine's calls back to Lawha, checked before anything is believed.
//!
//! BigBlueButton makes two: the meeting-ended GET to the `meta_endCallbackUrl` given at
//! create ([`ended`]), which carries no signature of BigBlueButton's own, so Lawha puts one in
//! the URL it hands out; and the recording-ready POST to `meta_bbb-recording-ready-url`
//! ([`recording_ready`]), whose `signed_parameters` is a JWT signed HS256 with the shared
//! secret ([`jwt`]). A refused callback is answered 401 and logged by the web layer with its
//! [`CallbackFault`], never with the token.

pub mod ended;
pub mod jwt;
pub mod recording_ready;

pub use ended::{ended_callback_url, verify_meeting_ended, MeetingEnded};
pub use recording_ready::{verify_recording_ready, RecordingReady};

/// Why a callback was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CallbackFault {
    #[error("no signed token")]
    Missing,
    #[error("malformed ({0})")]
    Malformed(&'static str),
    #[error("signature algorithm not accepted")]
    WrongAlgorithm,
    #[error("bad signature")]
    BadSignature,
    #[error("expired")]
    Expired,
}

/// The most bytes a callback's token or body may have; BigBlueButton's are a few hundred.
pub(crate) const MAX_CALLBACK_BYTES: usize = 8 * 1024;
