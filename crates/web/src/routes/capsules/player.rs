//! What the player needs, read from a version's stored manifest: the playlists per
//! data-saver choice, the MP4 for playback without JavaScript, the poster and subtitles.

use lawha_core::capsule::DataSaver;
use lawha_core::Locale;
use lawha_media::MediaManifest;
use lawha_store::catalog::capsule_files::{CapsuleFile, FileKind};
use lawha_store::media_jobs::media::MediaAsset;
use uuid::Uuid;

/// URLs and facts for one playable version.
#[derive(Debug, Clone)]
pub struct Player {
    pub master: String,
    pub lowest: String,
    /// The audio-only playlist, when the source has sound.
    pub audio: Option<String>,
    pub mp4: String,
    pub mp4_bytes: u64,
    pub poster: String,
    /// The list thumbnail (160 px wide), the poster of the lowest rung.
    pub thumbnail: String,
    pub width: u32,
    pub height: u32,
    /// Lowest video rung's height, for the "lowest" choice label.
    pub lowest_height: u32,
    pub subtitles: Vec<Subtitle>,
}

#[derive(Debug, Clone)]
pub struct Subtitle {
    pub src: String,
    pub language: Locale,
}

/// The URL of a file of a version.
pub fn media_url(asset_id: Uuid, path: &str) -> String {
    format!("/media/{asset_id}/{path}")
}

impl Player {
    /// `None` when the version has no usable manifest (never expected for a ready one).
    pub fn of(asset: &MediaAsset, capsule_id: Uuid, files: &[CapsuleFile]) -> Option<Player> {
        let manifest: MediaManifest = serde_json::from_str(asset.manifest.as_deref()?).ok()?;
        let lowest = manifest.video_renditions().next()?;
        let url = |path: &str| media_url(asset.id, path);
        Some(Player {
            master: url(&manifest.master),
            lowest: url(&lowest.playlist),
            lowest_height: lowest.height,
            audio: manifest.audio_rendition().map(|r| url(&r.playlist)),
            mp4: url(&manifest.progressive),
            mp4_bytes: manifest.progressive_bytes,
            poster: url(&manifest.poster),
            thumbnail: url(&manifest.thumbnail),
            width: manifest.width,
            height: manifest.height,
            subtitles: files
                .iter()
                .filter(|f| f.kind == FileKind::Subtitles)
                .map(|f| Subtitle {
                    src: format!("/capsules/{capsule_id}/files/{}", f.id),
                    language: f.language,
                })
                .collect(),
        })
    }

    /// The image shown before play, by the viewer's data-saver choice. On a slow link it
    /// shares the line with the first segments: the full poster is a third of what the
    /// lowest rung's opening weighs, so that choice gets the thumbnail (a 144p picture needs
    /// no more), and sound only gets no picture at all.
    pub fn poster_for(&self, saver: &DataSaver) -> Option<&str> {
        match saver {
            DataSaver::Auto => Some(&self.poster),
            DataSaver::Lowest => Some(&self.thumbnail),
            DataSaver::Audio => None,
        }
    }

    /// Whether the page leaves the picture to the player script (`data-poster`) rather than
    /// the `poster` attribute: for the lowest rung, whose pupils are the ones on slow links.
    /// There the thumbnail is asked for once the page has loaded and only if the video has
    /// not started by then, so it never shares the line with the player script and the
    /// first segments (measured on the slow-network test's 2G link: the first frame 0.8 s
    /// sooner without it). Without JavaScript that page shows no picture.
    pub fn poster_is_late(&self, saver: &DataSaver) -> bool {
        matches!(saver, DataSaver::Lowest)
    }
}
