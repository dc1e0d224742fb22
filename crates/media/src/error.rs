//! The one error type of this crate, with a stable code per variant for logs, job records
//! and translated messages.

use std::path::PathBuf;

/// Everything that can go wrong while probing, transcoding, measuring or storing media.
///
/// A source that is valid media but not broadcast-compliant is not an error: that is a
/// [`ComplianceReport`](crate::ComplianceReport).
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// ffmpeg or ffprobe could not be found.
    #[error(
        "{tool} not found ({searched}); install ffmpeg, e.g. `sudo apt-get install ffmpeg` \
         on Debian"
    )]
    ToolMissing {
        /// `ffmpeg` or `ffprobe`.
        tool: &'static str,
        /// Where it was looked for.
        searched: String,
    },

    /// The source file has zero bytes (an interrupted upload, usually).
    #[error("the file {path} is empty")]
    EmptyFile { path: PathBuf },

    /// The source cannot be decoded as audio/video: random bytes, a truncated or damaged file,
    /// a document renamed `.mp4`, or media without a usable duration.
    #[error("not a usable media file: {detail}")]
    NotMedia { detail: String },

    /// The source decodes but has no video stream (an audio file, or only a cover picture).
    #[error("the file has no video stream")]
    NoVideo,

    /// The operation needs an audio stream and the source has none.
    #[error("the file has no audio stream")]
    NoAudio,

    /// The audio is silent, so no loudness gain can be computed.
    #[error("the audio track is silent; a loudness-normalised master cannot be made from it")]
    SilentAudio,

    /// The output directory already holds files, which this crate never overwrites.
    #[error("the output directory {path} is not empty")]
    OutputNotEmpty { path: PathBuf },

    /// ffmpeg or ffprobe failed, or printed something this crate cannot read. `detail` holds
    /// the exit status and the last lines of its standard error, for the logs.
    #[error("ffmpeg failed while {step}: {detail}")]
    Ffmpeg {
        /// What was being done ("transcoding", "measuring loudness", …).
        step: &'static str,
        /// Exit status and the tail of ffmpeg's standard error.
        detail: String,
    },

    /// A file-system operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, with the path.
        context: String,
        #[source]
        source: std::io::Error,
    },

    /// An object key is not a clean relative path.
    #[error("invalid storage key {key:?}: {reason}")]
    InvalidKey { key: String, reason: &'static str },

    /// The storage location (path or URL) cannot be used.
    #[error("invalid media storage location {location:?}: {detail}")]
    InvalidLocation { location: String, detail: String },

    /// The object does not exist in the store.
    #[error("no stored object {key}")]
    NotFound { key: String },

    /// The database refused or failed (recording a version, running the job queue).
    #[error("database: {0}")]
    Store(#[from] lawha_store::StoreError),

    /// Any other object-store failure (network, permissions, …).
    #[error("media storage error: {detail}")]
    Storage { detail: String },
}

impl MediaError {
    /// A stable, kebab-case identifier of the variant, for logs, job records and for the UI to
    /// pick a translated message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ToolMissing { .. } => "tool-missing",
            Self::EmptyFile { .. } => "empty-file",
            Self::NotMedia { .. } => "not-media",
            Self::NoVideo => "no-video",
            Self::NoAudio => "no-audio",
            Self::SilentAudio => "silent-audio",
            Self::OutputNotEmpty { .. } => "output-not-empty",
            Self::Ffmpeg { .. } => "ffmpeg",
            Self::Io { .. } => "io",
            Self::InvalidKey { .. } => "invalid-key",
            Self::InvalidLocation { .. } => "invalid-location",
            Self::NotFound { .. } => "not-found",
            Self::Storage { .. } => "storage",
            Self::Store(_) => "database",
        }
    }

    /// Whether the source itself is at fault (the uploader should be told), as opposed to the
    /// machine, the tools or the store (an operator should look).
    pub fn is_bad_source(&self) -> bool {
        matches!(
            self,
            Self::EmptyFile { .. }
                | Self::NotMedia { .. }
                | Self::NoVideo
                | Self::NoAudio
                | Self::SilentAudio
        )
    }

    /// An [`MediaError::Io`] naming what was being done.
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }
}

/// Result alias for this crate.
pub type Result<T, E = MediaError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_kebab_case() {
        let errors = [
            MediaError::EmptyFile { path: "a".into() },
            MediaError::NotMedia { detail: "x".into() },
            MediaError::NoVideo,
            MediaError::SilentAudio,
            MediaError::Storage { detail: "x".into() },
        ];
        let codes: Vec<_> = errors.iter().map(MediaError::code).collect();
        assert_eq!(
            codes,
            [
                "empty-file",
                "not-media",
                "no-video",
                "silent-audio",
                "storage"
            ]
        );
        assert!(errors[0].is_bad_source());
        assert!(!errors[4].is_bad_source());
    }

    #[test]
    fn missing_tool_says_how_to_install() {
        let e = MediaError::ToolMissing {
            tool: "ffmpeg",
            searched: "PATH".into(),
        };
        assert!(e.to_string().contains("sudo apt-get install ffmpeg"));
    }
}
