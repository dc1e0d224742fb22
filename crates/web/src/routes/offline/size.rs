//! What saving a lesson for offline costs: the files of its capsules (each at the viewer's
//! data-saver rung), each counted once, plus the player's hls.js once. One rule for the
//! bundle's `bytes` and the "Save for offline (2.3 MB)" buttons of the lesson and capsule
//! pages, so the size shown is the size the bundle then announces. Pure.

use lawha_core::Locale;
use serde::Serialize;
use uuid::Uuid;

/// A file the device downloads, with its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfflineFile {
    pub url: String,
    pub bytes: u64,
}

/// What one capsule brings to the device (see `files::capsule_download`).
#[derive(Debug, Clone, Serialize)]
pub struct CapsuleDownload {
    pub capsule: Uuid,
    pub title: String,
    /// `audio` or `lowest`: the rung chosen by the viewer's data saver.
    pub rung: &'static str,
    /// The rung's media playlist.
    pub playlist: String,
    /// Every file of this capsule: playlist, segments, poster, subtitles, worksheets.
    #[serde(skip)]
    pub files: Vec<OfflineFile>,
    /// The sum of `files`.
    pub bytes: u64,
}

impl CapsuleDownload {
    pub fn new(
        capsule: Uuid,
        title: String,
        rung: &'static str,
        playlist: String,
        files: Vec<OfflineFile>,
    ) -> CapsuleDownload {
        let bytes = files.iter().map(|f| f.bytes).sum();
        CapsuleDownload {
            capsule,
            title,
            rung,
            playlist,
            files,
            bytes,
        }
    }
}

/// The files to download for `capsules`, each URL once (two capsules may share a version's
/// file), then `player` (hls.js) when there is anything to play.
pub fn lesson_files(capsules: &[CapsuleDownload], player: &OfflineFile) -> Vec<OfflineFile> {
    let mut files: Vec<OfflineFile> = Vec::new();
    let playable = capsules.iter().flat_map(|c| &c.files);
    let with_player = playable.chain((!capsules.is_empty()).then_some(player));
    for file in with_player {
        if !files.iter().any(|f| f.url == file.url) {
            files.push(file.clone());
        }
    }
    files
}

/// The bytes saving `capsules` downloads: the sum of [`lesson_files`] (pages are not
/// counted: they are a few kilobytes and their size is not known before they are drawn).
pub fn download_bytes(capsules: &[CapsuleDownload], player: &OfflineFile) -> u64 {
    lesson_files(capsules, player).iter().map(|f| f.bytes).sum()
}

/// `bytes` for people: `2,3 Mo` / `2.3 ميغابايت` (one decimal), or kilobytes below one
/// megabyte (decimal units, as phones show storage).
pub fn label(locale: Locale, bytes: u64) -> String {
    let (key, amount) = if bytes >= 1_000_000 {
        (
            "offline-size-mb",
            format!("{:.1}", bytes as f64 / 1_000_000.0),
        )
    } else {
        ("offline-size-kb", bytes.div_ceil(1000).to_string())
    };
    let amount = match locale {
        Locale::Fr => amount.replace('.', ","),
        Locale::Ar => amount,
    };
    crate::i18n::t_args(locale, key, &[("n", amount)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(url: &str, bytes: u64) -> OfflineFile {
        OfflineFile {
            url: url.into(),
            bytes,
        }
    }

    fn capsule(files: Vec<OfflineFile>) -> CapsuleDownload {
        CapsuleDownload::new(Uuid::now_v7(), "t".into(), "lowest", "/p".into(), files)
    }

    #[test]
    fn counts_each_file_once_and_the_player_once() {
        let hls = file("/static/hls.js", 100);
        let a = capsule(vec![
            file("/media/a/144p/index.m3u8", 1),
            file("/media/a/144p/s0.ts", 20),
        ]);
        let b = capsule(vec![
            file("/media/a/144p/s0.ts", 20),
            file("/media/b/poster.jpg", 300),
        ]);
        assert_eq!(a.bytes, 21);
        let files = lesson_files(&[a.clone(), b.clone()], &hls);
        let urls: Vec<&str> = files.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/media/a/144p/index.m3u8",
                "/media/a/144p/s0.ts",
                "/media/b/poster.jpg",
                "/static/hls.js"
            ]
        );
        assert_eq!(download_bytes(&[a.clone(), b], &hls), 1 + 20 + 300 + 100);
        assert_eq!(download_bytes(&[a], &hls), 121);
    }

    #[test]
    fn nothing_to_play_downloads_nothing() {
        assert_eq!(download_bytes(&[], &file("/static/hls.js", 100)), 0);
    }

    #[test]
    fn labels_in_each_language() {
        let fr = label(Locale::Fr, 2_345_678);
        assert!(fr.starts_with("2,3") && fr.contains("Mo"), "{fr}");
        let ar = label(Locale::Ar, 2_345_678);
        assert!(ar.starts_with("2.3") && !ar.contains("Mo"), "{ar}");
        let small = label(Locale::Fr, 849_001);
        assert!(small.starts_with("850") && small.contains("Ko"), "{small}");
    }
}
