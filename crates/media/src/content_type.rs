//! The MIME type of a media file, from its name: one table for the object store's metadata
//! and for `/media/…` responses.
//!
//! `mime_guess` knows the common types; the streaming types it lacks or names otherwise
//! than players expect are overridden here, in one place.

/// Types `mime_guess` lacks or gets wrong for HLS players and browsers.
const OVERRIDES: [(&str, &str); 5] = [
    // mime_guess: audio/x-mpegurl; players and Apple's HLS specification use this one.
    ("m3u8", "application/vnd.apple.mpegurl"),
    // mime_guess: video/vnd.dlna.mpeg-tts; HLS segments are MPEG-2 transport streams.
    ("ts", "video/mp2t"),
    // fMP4 segments; unknown to mime_guess.
    ("m4s", "video/iso.segment"),
    // mime_guess: audio/m4a, which is not a registered type.
    ("m4a", "audio/mp4"),
    // Subtitles are UTF-8; said so browsers never guess another charset.
    ("vtt", "text/vtt; charset=utf-8"),
];

/// The MIME type of `key` (a path or object key) from its extension, if known.
pub fn content_type(key: &str) -> Option<&'static str> {
    let (_, ext) = key.rsplit_once('.')?;
    if ext.contains('/') {
        return None;
    }
    let ext = ext.to_ascii_lowercase();
    OVERRIDES
        .iter()
        .find(|(known, _)| *known == ext)
        .map(|(_, mime)| *mime)
        .or_else(|| mime_guess::from_ext(&ext).first_raw())
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn media_files_get_the_types_players_expect() {
        for (key, mime) in [
            ("c/144p/index.m3u8", "application/vnd.apple.mpegurl"),
            ("c/144p/seg_0001.ts", "video/mp2t"),
            ("a/seg_001.TS", "video/mp2t"),
            ("c/720p/seg_1.m4s", "video/iso.segment"),
            ("a/download.mp4", "video/mp4"),
            ("c/audio/a.m4a", "audio/mp4"),
            ("f/subs.vtt", "text/vtt; charset=utf-8"),
            ("c/poster.jpg", "image/jpeg"),
            ("f/sheet.pdf", "application/pdf"),
            ("c/manifest.json", "application/json"),
        ] {
            assert_eq!(content_type(key), Some(mime), "{key}");
        }
        assert_eq!(content_type("c/README"), None);
        assert_eq!(content_type("c.d/README"), None);
    }
}
