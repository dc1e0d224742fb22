//! A Janus recording made one file: its first video track (the host's shared screen) and
//! its first audio track (the host's sound), each converted by `janus-pp-rec` without
//! re-encoding, then joined by ffmpeg at their offsets (from each track's first packet).
//! A participant who published a camera and a screen in one handle has two video tracks:
//! the first one recorded is taken (Lawha's page publishes the screen alone).

use std::path::{Path, PathBuf};

use lawha_media::recording::{mux_recording, TrackFile};
use lawha_store::live::recordings::Recording;
use lawha_store::live::Session;

use super::RecordingWorker;
use crate::janus::{convert_recording, ConvertedTrack};
use crate::{LiveEngine, LiveError, RecordingId, Room, RoomId, Secret};

/// Converts and joins `recording`'s tracks into `scratch`; returns the joined file.
pub(super) async fn joined_file(
    worker: &RecordingWorker<'_>,
    recording: &Recording,
    session: &Session,
    scratch: &Path,
) -> Result<PathBuf, LiveError> {
    let stored = worker
        .store
        .live()
        .engine_room(session.id)
        .await?
        .ok_or(LiveError::NoSuchRoom)?;
    let room = Room {
        id: RoomId::new(stored.room_id),
        secret: Secret::new(stored.secret),
        created: None,
    };
    let wanted = RecordingId(recording.engine_recording_id.clone());
    let found = worker
        .engine
        .recordings(&room)
        .await?
        .into_iter()
        .find(|r| r.id == wanted)
        .ok_or(LiveError::Conversion("the recording's files are gone"))?;
    let first = |kind: &str| {
        found
            .formats
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| PathBuf::from(&f.url))
    };
    let video = match first("mjr-video") {
        Some(mjr) => Some(convert(mjr, scratch, "video").await?),
        None => None,
    };
    let audio = match first("mjr-audio") {
        Some(mjr) => Some(convert(mjr, scratch, "audio").await?),
        None => None,
    };
    let start = [&video, &audio]
        .into_iter()
        .flatten()
        .filter_map(|t| t.first_packet_us)
        .min();
    let offset = |track: &ConvertedTrack| match (track.first_packet_us, start) {
        (Some(at), Some(start)) => {
            let micros = u64::try_from(at - start).unwrap_or(0);
            std::time::Duration::from_micros(micros).as_secs_f64()
        }
        _ => 0.0,
    };
    let joined = scratch.join("joined.mkv");
    mux_recording(
        worker.tools,
        video.as_ref().map(|t| TrackFile {
            path: &t.path,
            offset_s: offset(t),
        }),
        audio.as_ref().map(|t| TrackFile {
            path: &t.path,
            offset_s: offset(t),
        }),
        &joined,
    )
    .await?;
    Ok(joined)
}

/// Converts one `.mjr` into `scratch` under a plain name (`video.mkv`, `audio.opus`…): the
/// engine's file names hold the room id, which must not reach an error's text.
async fn convert(mjr: PathBuf, scratch: &Path, name: &str) -> Result<ConvertedTrack, LiveError> {
    let dir = scratch.join(format!("{name}-track"));
    let renamed = scratch.to_path_buf();
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&dir).map_err(|source| LiveError::Files {
            action: "making a track's folder",
            source,
        })?;
        let mut track = convert_recording(&mjr, &dir)?;
        let extension = track
            .path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("bin")
            .to_owned();
        let plain = renamed.join(format!("{name}.{extension}"));
        std::fs::rename(&track.path, &plain).map_err(|source| LiveError::Files {
            action: "keeping a converted track",
            source,
        })?;
        track.path = plain;
        Ok(track)
    })
    .await
    .map_err(|_| LiveError::Conversion("the conversion task stopped"))?
}
