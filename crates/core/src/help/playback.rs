//! What the capsule player reports when playback fails: a code from a small fixed
//! vocabulary and the rendition that was playing, never free text (an error message can
//! quote a URL, a device name, anything), so a report carries nothing personal.

/// Why playback failed: the media element's `MediaError` codes and hls.js's fatal error
/// types, named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaybackErrorCode {
    /// `MEDIA_ERR_ABORTED`: the fetch was stopped.
    Aborted,
    /// `MEDIA_ERR_NETWORK`: the network failed while loading.
    Network,
    /// `MEDIA_ERR_DECODE`: the media could not be decoded.
    Decode,
    /// `MEDIA_ERR_SRC_NOT_SUPPORTED`: no source the browser can play.
    Unsupported,
    /// hls.js, fatal `networkError` (a playlist or segment could not be fetched).
    HlsNetwork,
    /// hls.js, fatal `mediaError` (the media buffer failed).
    HlsMedia,
    /// hls.js, any other fatal error (`muxError`, `keySystemError`, `otherError`).
    HlsOther,
}

impl PlaybackErrorCode {
    pub const ALL: [PlaybackErrorCode; 7] = [
        PlaybackErrorCode::Aborted,
        PlaybackErrorCode::Network,
        PlaybackErrorCode::Decode,
        PlaybackErrorCode::Unsupported,
        PlaybackErrorCode::HlsNetwork,
        PlaybackErrorCode::HlsMedia,
        PlaybackErrorCode::HlsOther,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlaybackErrorCode::Aborted => "aborted",
            PlaybackErrorCode::Network => "network",
            PlaybackErrorCode::Decode => "decode",
            PlaybackErrorCode::Unsupported => "unsupported",
            PlaybackErrorCode::HlsNetwork => "hls_network",
            PlaybackErrorCode::HlsMedia => "hls_media",
            PlaybackErrorCode::HlsOther => "hls_other",
        }
    }

    /// The code named exactly `name`; anything else is refused.
    pub fn parse(name: &str) -> Option<PlaybackErrorCode> {
        PlaybackErrorCode::ALL
            .into_iter()
            .find(|c| c.as_str() == name)
    }
}

/// What was playing when it failed: the viewer's data-saver choice of the HLS ladder, the
/// small MP4 (no script, or hls.js missing), or the rung saved for offline use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rendition {
    Auto,
    Lowest,
    Audio,
    Mp4,
    Saved,
}

impl Rendition {
    pub const ALL: [Rendition; 5] = [
        Rendition::Auto,
        Rendition::Lowest,
        Rendition::Audio,
        Rendition::Mp4,
        Rendition::Saved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rendition::Auto => "auto",
            Rendition::Lowest => "lowest",
            Rendition::Audio => "audio",
            Rendition::Mp4 => "mp4",
            Rendition::Saved => "saved",
        }
    }

    /// The rendition named exactly `name`; anything else is refused.
    pub fn parse(name: &str) -> Option<Rendition> {
        Rendition::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_both_ways_and_nothing_else_parses() {
        for code in PlaybackErrorCode::ALL {
            assert_eq!(PlaybackErrorCode::parse(code.as_str()), Some(code));
        }
        for rendition in Rendition::ALL {
            assert_eq!(Rendition::parse(rendition.as_str()), Some(rendition));
        }
        for bad in [
            "", "Network", " network", "network ", "4", "<script>", "hls",
        ] {
            assert_eq!(PlaybackErrorCode::parse(bad), None, "{bad:?}");
            assert_eq!(Rendition::parse(bad), None, "{bad:?}");
        }
    }
}
