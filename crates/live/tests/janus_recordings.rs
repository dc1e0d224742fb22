//! Janus recordings: a real `.mjr` made by a running Janus, listed as the room's recording,
//! converted with `janus-pp-rec` into a file ffmpeg reads, and deleted.
//!
//! A VideoRoom records the WebRTC media of its publishers, which a test without a browser
//! cannot send. Janus's own recorder writes the same `.mjr` format for the Streaming plugin,
//! which takes plain RTP: ffmpeg sends two seconds of Opus to a mountpoint recording into the
//! room's folder under the VideoRoom's file name, as the VideoRoom would have.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use chrono::DateTime;
use lawha_live::janus::{convert_recording, JanusClient, TrackKind};
use lawha_live::{Bandwidth, Joiner, LiveEngine, LiveError, RecordingId, Role, RoomSpec};
use serde_json::json;
use support::janus::RunningJanus;
use support::page::Page;
use uuid::Uuid;

const PUPIL: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001);

fn tool(name: &str) -> Command {
    let found = Command::new(name)
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(
        found,
        "`{name}` is not installed (scripts/test.sh installs ffmpeg)"
    );
    Command::new(name)
}

/// ffprobe's codec name and duration of the first stream.
fn probe(file: &Path) -> (String, f64) {
    let out = tool("ffprobe")
        .args(["-v", "error", "-select_streams", "0", "-show_entries"])
        .args(["stream=codec_name:format=duration", "-of", "default=nw=1"])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_owned()
    };
    (field("codec_name"), field("duration").parse().unwrap())
}

/// Records two seconds of Opus sent by ffmpeg into `base`.mjr with the Streaming plugin.
async fn record_with_janus(janus: &RunningJanus, base: &Path) {
    let mut page = Page::open(&janus.api_url(), "janus.plugin.streaming").await;
    let created = page
        .message(
            json!({"request": "create", "admin_key": "test-admin-key-0123456789",
                        "type": "rtp", "id": 1, "secret": "mp",
                        "media": [{"type": "audio", "mid": "a", "port": 0, "pt": 111,
                                   "codec": "opus"}]}),
        )
        .await;
    assert_eq!(created["streaming"], "created", "{created}");
    let port = created["stream"]["ports"][0]["port"].as_u64().unwrap();
    let start = page
        .message(
            json!({"request": "recording", "action": "start", "id": 1, "secret": "mp",
                        "media": [{"mid": "a", "filename": base.to_str().unwrap()}]}),
        )
        .await;
    assert_eq!(start["streaming"], "ok", "{start}");
    let sent = tool("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi"])
        .args([
            "-i",
            "sine=frequency=440:duration=2",
            "-c:a",
            "libopus",
            "-ar",
            "48000",
        ])
        .args(["-payload_type", "111", "-f", "rtp"])
        .arg(format!("rtp://127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(sent.success());
    let stop = page
        .message(
            json!({"request": "recording", "action": "stop", "id": 1, "secret": "mp",
                        "media": [{"mid": "a"}]}),
        )
        .await;
    assert_eq!(stop["streaming"], "ok", "{stop}");
}

#[tokio::test]
async fn a_janus_recording_is_listed_converted_for_ffmpeg_and_deleted() {
    let janus = RunningJanus::start_with(&["streaming"]);
    let client = JanusClient::new(janus.config()).unwrap();
    let room = client
        .create_room(&RoomSpec {
            session: Uuid::from_u128(0x17),
            title: "Atelier soudure".into(),
            record: true,
            max_minutes: None,
            callbacks_until: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        })
        .await
        .unwrap();
    assert!(client.recordings(&room).await.unwrap().is_empty());
    let ticket = client
        .join(
            &room,
            &Joiner {
                user: PUPIL,
                display_name: "Youssef".into(),
                role: Role::Viewer,
                bandwidth: Bandwidth::SoundOnly,
            },
        )
        .await
        .unwrap();
    let participant = ticket.janus().unwrap().participant.expose().to_owned();
    let folder = janus.recordings_dir().join(room.id.expose());
    std::fs::create_dir_all(&folder).unwrap();
    let base = folder.join(format!(
        "videoroom-{}-user-{participant}-1796458856939426-audio-0",
        room.id.expose()
    ));
    record_with_janus(&janus, &base).await;

    let recordings = client.recordings(&room).await.unwrap();
    assert_eq!(recordings.len(), 1, "{recordings:?}");
    let recording = &recordings[0];
    assert_eq!(
        recording.id,
        RecordingId(format!("{}/{participant}", room.id.expose()))
    );
    assert_eq!(
        recording.started,
        DateTime::from_timestamp_micros(1_796_458_856_939_426)
    );
    assert_eq!(recording.formats.len(), 1);
    assert_eq!(recording.formats[0].kind, "mjr-audio");
    let mjr = Path::new(&recording.formats[0].url).to_owned();
    assert_eq!(mjr.extension().unwrap(), "mjr");

    let out = tempfile::tempdir().unwrap();
    let track = convert_recording(&mjr, out.path()).unwrap();
    assert_eq!(track.kind, TrackKind::Audio);
    assert_eq!(track.codec, "opus");
    assert_eq!(track.path.extension().unwrap(), "opus");
    let (codec, seconds) = probe(&track.path);
    assert_eq!(codec, "opus");
    assert!((1.5..3.0).contains(&seconds), "{seconds} s");
    // Only the finished file is left.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);

    // A file that is not a recording, and a recording cut after its header, are refused and
    // leave nothing behind.
    let not_mjr = out.path().join("notes.mjr");
    std::fs::write(&not_mjr, b"hello").unwrap();
    let header_only = out.path().join("cut.mjr");
    let bytes = std::fs::read(&mjr).unwrap();
    let header_len = 10 + usize::from(u16::from_be_bytes([bytes[8], bytes[9]]));
    std::fs::write(&header_only, &bytes[..header_len]).unwrap();
    for bad in [&not_mjr, &header_only] {
        let dest = tempfile::tempdir().unwrap();
        assert!(matches!(
            convert_recording(bad, dest.path()),
            Err(LiveError::Conversion(_))
        ));
        assert_eq!(std::fs::read_dir(dest.path()).unwrap().count(), 0);
    }

    // Deleting removes the files; deleting again is no error; an id outside the recordings
    // folder is refused.
    client.delete_recording(&recording.id).await.unwrap();
    assert!(!mjr.exists());
    assert!(client.recordings(&room).await.unwrap().is_empty());
    client.delete_recording(&recording.id).await.unwrap();
    for bad in ["../etc/passwd", "nothing", "/x"] {
        assert!(matches!(
            client.delete_recording(&RecordingId(bad.into())).await,
            Err(LiveError::Invalid(_))
        ));
    }
    assert!(matches!(
        client.publish_recording(&recording.id, true).await,
        Err(LiveError::Invalid(_))
    ));
}
