//! The description of a transcoded capsule directory, stored as JSON by callers and read by
//! the player pages: which renditions exist, what they cost, where each file is.

use serde::{Deserialize, Serialize};

use crate::hls::{self, Variant};

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

    /// The manifest of what an offline pack carries of this version: the lowest video rung
    /// and the sound only (a school node's link and disk are small); the progressive MP4,
    /// poster and thumbnail stay. Serve it with [`master_playlist`](Self::master_playlist).
    pub fn trimmed_for_pack(&self) -> MediaManifest {
        let lowest = self.video_renditions().min_by_key(|r| r.height);
        let kept = lowest.into_iter().chain(self.audio_rendition()).cloned();
        MediaManifest {
            renditions: kept.collect(),
            ..self.clone()
        }
    }

    /// The text of `master.m3u8` listing this manifest's renditions in order.
    pub fn master_playlist(&self) -> String {
        master_playlist_of(&self.renditions)
    }
}

/// A master playlist listing `renditions` in the order given: what transcoding writes and
/// what a pack carries for its trimmed manifest.
pub fn master_playlist_of(renditions: &[Rendition]) -> String {
    let variants: Vec<Variant> = renditions
        .iter()
        .map(|r| Variant {
            uri: r.playlist.clone(),
            bandwidth: r.bandwidth,
            average_bandwidth: r.average_bandwidth,
            codecs: r.codecs.clone(),
            resolution: (r.kind == RenditionKind::Video).then_some((r.width, r.height)),
            frame_rate: (r.kind == RenditionKind::Video && r.frame_rate > 0.0)
                .then_some(r.frame_rate),
        })
        .collect();
    hls::master_playlist(&variants)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rendition(name: &str, kind: RenditionKind, height: u32) -> Rendition {
        Rendition {
            name: name.into(),
            kind,
            width: height * 16 / 9,
            height,
            frame_rate: if kind == RenditionKind::Video {
                25.0
            } else {
                0.0
            },
            bandwidth: 1000 + u64::from(height),
            average_bandwidth: 900,
            codecs: "avc1.42c01e,mp4a.40.2".into(),
            playlist: format!("{name}/index.m3u8"),
            bytes: 10,
        }
    }

    fn manifest(renditions: Vec<Rendition>) -> MediaManifest {
        MediaManifest {
            duration_ms: 1000,
            width: 1280,
            height: 720,
            renditions,
            master: "master.m3u8".into(),
            progressive: "download.mp4".into(),
            progressive_bytes: 5,
            poster: "poster.jpg".into(),
            thumbnail: "thumb.jpg".into(),
        }
    }

    #[test]
    fn a_pack_keeps_the_lowest_video_rung_and_the_sound_and_its_master_lists_only_them() {
        let full = manifest(vec![
            rendition("360p", RenditionKind::Video, 360),
            rendition("144p", RenditionKind::Video, 144),
            rendition("240p", RenditionKind::Video, 240),
            rendition("audio", RenditionKind::Audio, 0),
        ]);
        let trimmed = full.trimmed_for_pack();
        let names: Vec<_> = trimmed.renditions.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["144p", "audio"]);
        assert_eq!(trimmed.progressive, full.progressive);
        assert_eq!(trimmed.poster, full.poster);
        let uris: Vec<_> = hls::parse_master(&trimmed.master_playlist())
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.uri)
            .collect();
        assert_eq!(uris, ["144p/index.m3u8", "audio/index.m3u8"]);
    }

    #[test]
    fn a_silent_video_keeps_its_lowest_rung_only() {
        let full = manifest(vec![
            rendition("240p", RenditionKind::Video, 240),
            rendition("144p", RenditionKind::Video, 144),
        ]);
        let names: Vec<_> = full
            .trimmed_for_pack()
            .renditions
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["144p"]);
    }
}
