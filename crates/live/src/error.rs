//! The one error type of live classes. Its `Display` never holds a room id, a secret or a
//! request URL (which would carry both): the web layer may log it whole.

use crate::callbacks::CallbackFault;

#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// The engine cannot be used now: it did not answer in time, could not be reached, or
    /// answered something that is not its API. Pages show "live classes are unavailable, try
    /// again shortly" and keep the session as it was.
    #[error("conferencing engine unavailable: {0}")]
    EngineDown(DownReason),
    /// The engine answered and refused the call (BigBlueButton's `FAILED`), with its stable
    /// `messageKey`. Its English `message` (cut to 200 characters) is kept for a developer
    /// but left out of `Display`, which is what gets logged: Lawha does not control its text.
    #[error("conferencing engine refused the call ({key})")]
    Refused { key: String, message: String },
    /// The room is unknown to the engine (never created, or ended and forgotten).
    #[error("no such room on the conferencing engine")]
    NoSuchRoom,
    /// A callback from the engine was refused (unsigned, forged, expired, malformed).
    #[error("callback refused: {0}")]
    Callback(#[from] CallbackFault),
    /// A value Lawha was about to send breaks the engine's rules (checked before sending).
    #[error("invalid value for the conferencing engine: {0}")]
    Invalid(&'static str),
    /// A local file operation of the embedded engine failed: writing Janus's configuration,
    /// reading or deleting its recordings, starting `janus-pp-rec`.
    #[error("{action}: {source}")]
    Files {
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// A recording could not be converted into a file ffmpeg reads (`janus-pp-rec` failed or
    /// wrote nothing). The session page reports it; the raw recording is kept.
    #[error("recording conversion failed: {0}")]
    Conversion(&'static str),
    /// Something this engine cannot do here (a BigBlueButton recording made a capsule: its
    /// playback is a web player of separate files, not one media file to fetch).
    #[error("not supported: {0}")]
    Unsupported(&'static str),
    /// A session's recording has no lesson to become a capsule of (a staff meeting, or a
    /// host who teaches no subject in the class).
    #[error("the session has no lesson for its recordings")]
    Unplaced,
    /// The store failed while a recording was made a capsule.
    #[error("store: {0}")]
    Store(#[from] lawha_store::StoreError),
    /// The media pipeline refused or failed a recording's file (joining its tracks,
    /// probing, storing).
    #[error("media: {0}")]
    Media(#[from] lawha_media::MediaError),
}

impl LiveError {
    /// A stable code for the pages, translated there (Arabic, French).
    pub fn code(&self) -> &'static str {
        match self {
            LiveError::EngineDown(_) => "live-engine-down",
            LiveError::Refused { .. } => "live-engine-refused",
            LiveError::NoSuchRoom => "live-no-such-room",
            LiveError::Callback(_) => "live-callback-refused",
            LiveError::Invalid(_) => "live-invalid",
            LiveError::Files { .. } => "live-files",
            LiveError::Conversion(_) => "live-conversion-failed",
            LiveError::Unsupported(_) => "live-unsupported",
            LiveError::Unplaced => "live-recording-no-lesson",
            LiveError::Store(_) => "live-store",
            LiveError::Media(_) => "live-media",
        }
    }

    pub fn is_engine_down(&self) -> bool {
        matches!(self, LiveError::EngineDown(_))
    }
}

/// Why the engine counts as down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DownReason {
    #[error("no answer in time")]
    Timeout,
    #[error("not reachable")]
    Unreachable,
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("answer larger than allowed")]
    TooLarge,
    #[error("answer is not the API's XML ({0})")]
    NotApiXml(&'static str),
    /// Janus: an answer that is not its JSON API (a proxy's page, a truncated body, a
    /// transaction that is not ours).
    #[error("answer is not the API's JSON ({0})")]
    NotApiJson(&'static str),
}
