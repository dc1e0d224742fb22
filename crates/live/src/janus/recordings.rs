//! Janus's recordings: the `.mjr` files the VideoRoom writes into each room's folder, listed
//! per participant, deleted, and converted with `janus-pp-rec` into files ffmpeg reads.
//!
//! The VideoRoom names its files `videoroom-<room>-user-<participant>-<µs>-<kind>-<index>.mjr`
//! (one per track: `audio`, `video`, `data`). A [`Recording`] here is one participant's
//! tracks in one room; its id is `<room>/<participant>`. Janus has no player: Lawha converts
//! the tracks and `crate::to_capsule` hands them to the media pipeline as a draft capsule.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::DateTime;

use crate::{LiveError, PlaybackFormat, Recording, RecordingId, RecordingState, RoomId};

/// The converter from Debian's `janus-tools`.
const JANUS_PP_REC: &str = "janus-pp-rec";
/// The largest `.mjr` header read (Janus writes some tens of bytes of JSON).
const MAX_HEADER_BYTES: usize = 4096;

/// One track file of a recording, as its name tells.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Track {
    participant: String,
    started_us: i64,
    kind: String,
    path: PathBuf,
}

/// A room's folder under the recordings root. Room ids are made by Lawha (32 hex digits);
/// anything else is refused so that a stored value cannot point outside the root.
pub(super) fn room_dir(root: &Path, room: &RoomId) -> Result<PathBuf, LiveError> {
    let id = room.expose();
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(LiveError::Invalid("room id"));
    }
    Ok(root.join(id))
}

/// The room's recordings, one per participant who was recorded, in the order of their
/// participant ids. A room never recorded has none.
pub(super) fn list(root: &Path, room: &RoomId) -> Result<Vec<Recording>, LiveError> {
    let tracks = tracks(&room_dir(root, room)?, room)?;
    let mut recordings: Vec<Recording> = Vec::new();
    for track in tracks {
        let id = RecordingId(format!("{}/{}", room.expose(), track.participant));
        let started = DateTime::from_timestamp_micros(track.started_us);
        let format = PlaybackFormat {
            kind: format!("mjr-{}", track.kind),
            url: track.path.to_string_lossy().into_owned(),
            minutes: 0,
        };
        match recordings.last_mut() {
            Some(last) if last.id == id => {
                last.started = last.started.min(started);
                last.formats.push(format);
            }
            _ => recordings.push(Recording {
                id,
                // The files are complete once the participant left; Lawha converts them after
                // the room ends.
                state: RecordingState::Processed,
                published: false,
                started,
                ended: None,
                participants: 1,
                formats: vec![format],
            }),
        }
    }
    Ok(recordings)
}

/// Deletes a recording's files; a recording already gone is not an error.
pub(super) fn delete(root: &Path, recording: &RecordingId) -> Result<(), LiveError> {
    let (room, participant) = recording
        .0
        .split_once('/')
        .ok_or(LiveError::Invalid("recording id"))?;
    let room = RoomId::new(room);
    for track in tracks(&room_dir(root, &room)?, &room)? {
        if track.participant == participant {
            fs::remove_file(&track.path)
                .or_else(ignore_missing)
                .map_err(|source| LiveError::Files {
                    action: "deleting a recording",
                    source,
                })?;
        }
    }
    Ok(())
}

/// The track files in a room's folder, sorted by participant, then start, then kind.
fn tracks(dir: &Path, room: &RoomId) -> Result<Vec<Track>, LiveError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(LiveError::Files {
                action: "reading the recordings folder",
                source,
            })
        }
    };
    let prefix = format!("videoroom-{}-user-", room.expose());
    let mut tracks = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| LiveError::Files {
            action: "reading the recordings folder",
            source,
        })?;
        let name = entry.file_name();
        if let Some(track) = name.to_str().and_then(|n| parse_name(n, &prefix)) {
            tracks.push(Track {
                path: entry.path(),
                ..track
            });
        }
    }
    tracks.sort_by(|a, b| {
        (&a.participant, a.started_us, &a.kind).cmp(&(&b.participant, b.started_us, &b.kind))
    });
    Ok(tracks)
}

/// Reads `<prefix><participant>-<µs>-<kind>-<index>.mjr`; the participant id may hold dashes,
/// so the name is read from its end.
fn parse_name(name: &str, prefix: &str) -> Option<Track> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(".mjr")?;
    let mut parts = rest.rsplitn(4, '-');
    let index = parts.next()?;
    let kind = parts.next()?;
    let started_us = parts.next()?.parse().ok()?;
    let participant = parts.next()?;
    let known_kind = matches!(kind, "audio" | "video" | "data");
    (known_kind && index.parse::<u32>().is_ok() && !participant.is_empty()).then(|| Track {
        participant: participant.to_owned(),
        started_us,
        kind: kind.to_owned(),
        path: PathBuf::new(),
    })
}

fn ignore_missing(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::NotFound {
        Ok(())
    } else {
        Err(e)
    }
}

/// What a converted track is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackKind {
    Audio,
    Video,
}

/// A track converted into a file ffmpeg reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertedTrack {
    pub path: PathBuf,
    pub kind: TrackKind,
    /// The codec Janus recorded (`opus`, `vp8`…), kept as is in the output container.
    pub codec: String,
    /// When Janus wrote the track's first packet (µs since the epoch, the header's `u`),
    /// which places the tracks of one participant against each other.
    pub first_packet_us: Option<i64>,
}

/// Converts one `.mjr` track into `out_dir` with `janus-pp-rec`, without re-encoding: Opus
/// into `.opus`, G.711/G.722/L16 into `.wav`, VP8/VP9/H.264/H.265 into `.mkv`, AV1 into
/// `.mp4`. The output appears under its final name only when complete. Blocking: run it off
/// the async workers (the media worker's jobs do).
pub fn convert_recording(mjr: &Path, out_dir: &Path) -> Result<ConvertedTrack, LiveError> {
    let (codec, first_packet_us) = mjr_header(mjr)?;
    let (kind, extension) = match codec.as_str() {
        "opus" | "multiopus" => (TrackKind::Audio, "opus"),
        "g711" | "pcmu" | "pcma" | "g722" | "l16" | "l16-48" => (TrackKind::Audio, "wav"),
        "vp8" | "vp9" | "h264" | "h265" => (TrackKind::Video, "mkv"),
        "av1" => (TrackKind::Video, "mp4"),
        _ => return Err(LiveError::Conversion("not an audio or video track")),
    };
    let stem = mjr
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or(LiveError::Conversion("recording file name"))?;
    let output = out_dir.join(format!("{stem}.{extension}"));
    let partial = out_dir.join(format!("{stem}.partial.{extension}"));
    let status = Command::new(JANUS_PP_REC)
        .arg(mjr)
        .arg(&partial)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|source| LiveError::Files {
            action: "starting janus-pp-rec",
            source,
        });
    let written = fs::metadata(&partial).map(|m| m.len()).unwrap_or(0);
    let outcome = match status {
        Err(e) => Err(e),
        Ok(status) if !status.success() => {
            tracing::warn!(status = %status, "janus-pp-rec failed");
            Err(LiveError::Conversion("janus-pp-rec failed"))
        }
        Ok(_) if written == 0 => Err(LiveError::Conversion("janus-pp-rec wrote nothing")),
        Ok(_) => fs::rename(&partial, &output).map_err(|source| LiveError::Files {
            action: "keeping a converted recording",
            source,
        }),
    };
    if outcome.is_err() {
        let _ = fs::remove_file(&partial);
    }
    outcome.map(|()| ConvertedTrack {
        path: output,
        kind,
        codec,
        first_packet_us,
    })
}

/// The codec named in a `.mjr` file's header (`MJR00002`, a 16-bit length, JSON with `c`)
/// and the time of its first packet (`u`), when a first frame (`MEET`, a 32-bit time, a 16-bit length, an RTP packet) follows it:
/// `janus-pp-rec` turns a recording without packets into an empty file and succeeds.
fn mjr_header(mjr: &Path) -> Result<(String, Option<i64>), LiveError> {
    use std::io::Read;
    let mut head = Vec::new();
    fs::File::open(mjr)
        .and_then(|f| f.take(MAX_HEADER_BYTES as u64).read_to_end(&mut head))
        .map_err(|source| LiveError::Files {
            action: "reading a recording",
            source,
        })?;
    let not_mjr = LiveError::Conversion("not a Janus recording");
    let Some([high, low, rest @ ..]) = head.strip_prefix(b"MJR00002") else {
        return Err(not_mjr);
    };
    let length = usize::from(u16::from_be_bytes([*high, *low]));
    let (Some(json), Some(frames)) = (rest.get(..length), rest.get(length..)) else {
        return Err(not_mjr);
    };
    let header: serde_json::Value = serde_json::from_slice(json).map_err(|_| not_mjr)?;
    let codec = header
        .get("c")
        .and_then(serde_json::Value::as_str)
        .map(str::to_ascii_lowercase)
        .ok_or(LiveError::Conversion("recording names no codec"))?;
    // The smallest RTP packet is its 12-byte header; a long first packet may run past what
    // was read.
    let has_frame = match frames {
        [b'M', b'E', b'E', b'T', _, _, _, _, high, low, packet @ ..] => {
            let length = usize::from(u16::from_be_bytes([*high, *low]));
            length >= 12 && (packet.len() >= length || head.len() == MAX_HEADER_BYTES)
        }
        _ => false,
    };
    let first_packet_us = header.get("u").and_then(serde_json::Value::as_i64);
    if has_frame {
        Ok((codec, first_packet_us))
    } else {
        Err(LiveError::Conversion("recording holds no media"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_read_from_their_end() {
        let prefix = "videoroom-ab12-user-";
        let track = parse_name(
            "videoroom-ab12-user-0193abc.v.9f00-1796458856939426-audio-0.mjr",
            prefix,
        )
        .unwrap();
        assert_eq!(track.participant, "0193abc.v.9f00");
        assert_eq!(track.started_us, 1_796_458_856_939_426);
        assert_eq!(track.kind, "audio");
        let dashed = parse_name("videoroom-ab12-user-a-b-c-17-video-1.mjr", prefix).unwrap();
        assert_eq!(dashed.participant, "a-b-c");
        for other in [
            "videoroom-ab12-user-p-17-audio-0.mjr.tmp",
            "videoroom-cd34-user-p-17-audio-0.mjr",
            "videoroom-ab12-user-p-x-audio-0.mjr",
            "videoroom-ab12-user-p-17-screen-0.mjr",
            "videoroom-ab12-user--17-audio-0.mjr",
            "notes.txt",
        ] {
            assert_eq!(parse_name(other, prefix), None, "{other}");
        }
    }

    #[test]
    fn a_room_folder_stays_under_the_root() {
        let root = Path::new("/rec");
        assert_eq!(
            room_dir(root, &RoomId::new("ab12")).unwrap(),
            Path::new("/rec/ab12")
        );
        for bad in ["", "..", "../etc", "a/b", "ab12/.."] {
            assert!(room_dir(root, &RoomId::new(bad)).is_err(), "{bad}");
        }
    }
}
