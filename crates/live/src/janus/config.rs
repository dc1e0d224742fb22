//! Where Lawha finds its Janus and what it needs to drive it (the deployment's configuration).

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::{LiveError, Secret};

/// The shortest VideoRoom `admin_key` accepted: whoever holds it creates rooms.
pub(super) const MIN_ADMIN_KEY_CHARS: usize = 16;

/// The `[live]` settings of the Janus engine.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct JanusConfig {
    /// Janus's HTTP API as Lawha reaches it, e.g. `http://127.0.0.1:8088/janus` (the HTTP
    /// transport listens on localhost only; see [`super::JanusSetup`]).
    pub api_url: Url,
    /// The VideoRoom plugin's `admin_key` (`janus.plugin.videoroom.jcfg`): without it nobody
    /// creates a room or forwards one's media elsewhere.
    pub admin_key: Secret,
    /// Where the page's janus.js reaches the same API, on Lawha's own origin (e.g. `/janus`,
    /// which the front proxy forwards to Janus). Put in every join ticket.
    #[serde(default = "default_public_path")]
    pub public_path: String,
    /// The folder Janus records into, one sub-folder per room. Janus and Lawha share it: the
    /// embedded engine runs on the same machine.
    pub recordings_dir: PathBuf,
    /// How long one call may take before the engine counts as down.
    #[serde(default = "default_timeout", with = "crate::config::seconds")]
    pub timeout: Duration,
}

fn default_public_path() -> String {
    "/janus".to_owned()
}

fn default_timeout() -> Duration {
    Duration::from_secs(5)
}

impl JanusConfig {
    /// Refuses settings that would leave the engine open or unusable.
    pub(super) fn check(&self) -> Result<(), LiveError> {
        if self.admin_key.expose().chars().count() < MIN_ADMIN_KEY_CHARS {
            return Err(LiveError::Invalid(
                "Janus admin_key shorter than 16 characters",
            ));
        }
        if !matches!(self.api_url.scheme(), "http" | "https") {
            return Err(LiveError::Invalid("Janus api_url must be http or https"));
        }
        if !self.recordings_dir.is_absolute() {
            return Err(LiveError::Invalid("Janus recordings_dir must be absolute"));
        }
        Ok(())
    }
}
