//! A live session's recording made into one source for the pipeline: the host's screen
//! video and sound, each converted from the engine's own track files (by `lawha-live`),
//! put into one Matroska file by ffmpeg without re-encoding, each track at its offset from
//! the first. A recording with sound alone (no screen was shared) gets a still, plain
//! picture under its sound, since the pipeline makes capsules from video (`NoVideo`
//! otherwise); its sound-only rung is then the useful part. The result is an ordinary
//! source: [`crate::process`] makes its ladder and sound-only rung like an upload's.

use std::ffi::OsString;
use std::path::Path;

use crate::command::{self, args};
use crate::error::{MediaError, Result};
use crate::tools::Tools;

/// The still picture under a recording without a screen: small, few frames a second, since
/// the ladder never upscales it.
const STILL: &str = "color=c=0x1f2937:s=640x360:r=5";

/// One converted track and when it started, in seconds after the recording's first track.
#[derive(Debug, Clone, Copy)]
pub struct TrackFile<'a> {
    pub path: &'a Path,
    pub offset_s: f64,
}

/// Puts `video` and `audio` into `out` (Matroska), copying their streams; with no video, a
/// still picture is encoded under the sound. `out` appears only when complete.
/// Errors: [`MediaError::NotMedia`] when there is no track at all, [`MediaError::Ffmpeg`]
/// when ffmpeg cannot read or join them.
pub async fn mux_recording(
    tools: &Tools,
    video: Option<TrackFile<'_>>,
    audio: Option<TrackFile<'_>>,
    out: &Path,
) -> Result<()> {
    let mut a = command::ffmpeg_base("error");
    let maps: Vec<&str> = match (video, audio) {
        (None, None) => {
            return Err(MediaError::NotMedia {
                detail: "the recording has neither video nor sound".into(),
            })
        }
        (Some(video), None) => {
            a.extend(input(shifted(video, video.offset_s))?);
            vec!["-map", "0:v:0", "-c", "copy"]
        }
        (Some(video), Some(audio)) => {
            let start = video.offset_s.min(audio.offset_s);
            a.extend(input(shifted(video, start))?);
            a.extend(input(shifted(audio, start))?);
            vec!["-map", "0:v:0", "-map", "1:a:0", "-c", "copy"]
        }
        (None, Some(audio)) => {
            // The picture lasts exactly as long as the sound: `-shortest` lets the encoder's
            // buffered frames run past the end, which the pipeline then takes for a
            // truncated file.
            let audio = shifted(audio, audio.offset_s);
            let seconds = duration_s(tools, audio.path).await?;
            a.extend(args([
                "-f".to_owned(),
                "lavfi".to_owned(),
                "-i".to_owned(),
                format!("{STILL}:d={seconds:.3}"),
            ]));
            a.extend(input(audio)?);
            vec![
                "-map",
                "0:v:0",
                "-map",
                "1:a:0",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-tune",
                "stillimage",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "copy",
            ]
        }
    };
    let partial = out.with_extension("partial.mkv");
    a.extend(args(maps));
    a.extend(args(["-f", "matroska"]));
    a.push(partial.clone().into_os_string());
    let ran = command::output(tools.ffmpeg(), a, "joining a recording's tracks").await;
    let kept = ran.and_then(|_| {
        std::fs::rename(&partial, out)
            .map_err(|e| MediaError::io(format!("cannot keep {}", out.display()), e))
    });
    if kept.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    kept
}

/// A converted track's duration in seconds, by ffprobe.
async fn duration_s(tools: &Tools, path: &Path) -> Result<f64> {
    let options = [
        "-v",
        "error",
        "-show_entries",
        "format=duration",
        "-of",
        "csv=p=0",
    ];
    let finished = command::probe(tools.ffprobe(), &options, path).await?;
    String::from_utf8_lossy(&finished.stdout)
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0)
        .ok_or_else(|| MediaError::NotMedia {
            detail: "the recording's sound has no duration".into(),
        })
}

/// `track` with its offset counted from `start`.
fn shifted(track: TrackFile<'_>, start: f64) -> TrackFile<'_> {
    TrackFile {
        offset_s: (track.offset_s - start).max(0.0),
        ..track
    }
}

/// The input options of one track: its offset, then the same restrictions as a source's.
fn input(track: TrackFile<'_>) -> Result<Vec<OsString>> {
    let mut a = Vec::new();
    if track.offset_s > 0.0 {
        a.extend(args([
            "-itsoffset".to_owned(),
            format!("{:.3}", track.offset_s),
        ]));
    }
    a.extend(command::source_input(track.path, None)?);
    Ok(a)
}
