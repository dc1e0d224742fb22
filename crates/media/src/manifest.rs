//! The description of a transcoded capsule directory, stored as JSON by callers and read by
//! the player pages: which renditions exist, what they cost, where each file is.

use serde::{Deserialize, Serialize};

/// Everything [`transcode`](crate::transcode()) wrote, with paths relative to its directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaManifest {
    /// Duration of the source, milliseconds.
    pub duration_ms: u64,
    /// Source video width, pixels.
    pub width: u32,
    /// Source video height, pixels.
    pub height: u32,
    /// The HLS renditions, video lowest first, then the audio-only one (if the source has
    /// sound), as listed in the master playlist.
    pub renditions: Vec<Rendition>,
    /// The master playlist: `master.m3u8`.
    pub master: String,
    /// The lowest video rung as a progressive MP4 (index first), for playback without
    /// JavaScript and for download: `download.mp4`.
    pub progressive: String,
    /// Size of the progressive MP4, bytes (shown before a pupil spends data on it).
    pub progressive_bytes: u64,
    /// A frame at about a tenth of the duration, at most 640 pixels wide: `poster.jpg`.
    pub poster: String,
    /// The same frame 160 pixels wide (at most the source's width): `thumb.jpg`.
    pub thumbnail: String,
}

impl MediaManifest {
    /// The video renditions, lowest first.
    pub fn video_renditions(&self) -> impl Iterator<Item = &Rendition> {
        self.renditions
            .iter()
            .filter(|r| r.kind == RenditionKind::Video)
    }

    /// The audio-only rendition, if the source has sound.
    pub fn audio_rendition(&self) -> Option<&Rendition> {
        self.renditions
            .iter()
            .find(|r| r.kind == RenditionKind::Audio)
    }
}

/// What a rendition carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RenditionKind {
    /// Video, with the source's sound muxed in when it has any.
    Video,
    /// Sound only.
    Audio,
}

/// One HLS rendition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rendition {
    /// `144p` … `720p`, or `audio`.
    pub name: String,
    /// Video or audio only.
    pub kind: RenditionKind,
    /// Width in pixels; 0 for audio.
    pub width: u32,
    /// Height in pixels; 0 for audio.
    pub height: u32,
    /// Frame rate; 0.0 for audio or when unknown.
    pub frame_rate: f64,
    /// Measured peak segment bitrate, bit/s (the master's `BANDWIDTH`).
    pub bandwidth: u64,
    /// Measured mean bitrate, bit/s (`AVERAGE-BANDWIDTH`).
    pub average_bandwidth: u64,
    /// RFC 6381 codecs, e.g. `avc1.42c01e,mp4a.40.2`.
    pub codecs: String,
    /// The media playlist: `144p/index.m3u8`.
    pub playlist: String,
    /// Total size of the rendition's segments, bytes.
    pub bytes: u64,
}
