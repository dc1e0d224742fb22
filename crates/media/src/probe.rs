//! What a source file holds (duration, container, first video and audio stream), read with
//! ffprobe, and the checks that tell real media from damaged or mislabelled files.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::command::{self, args};
use crate::error::{MediaError, Result};
use crate::tools::Tools;

/// What a source file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    /// Duration in seconds (always > 0).
    pub duration_s: f64,
    /// ffprobe's container name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    pub format_name: String,
    /// File size in bytes.
    pub size_bytes: u64,
    /// The first video stream (cover pictures of audio files do not count).
    pub video: Option<VideoInfo>,
    /// The first audio stream.
    pub audio: Option<AudioInfo>,
}

/// A video stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VideoInfo {
    /// Coded width in pixels.
    pub width: u32,
    /// Coded height in pixels.
    pub height: u32,
    /// Average frame rate (frames per second); 0.0 when ffprobe does not know it.
    pub fps: f64,
    /// ffprobe's codec name, e.g. `h264`.
    pub codec: String,
}

/// An audio stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudioInfo {
    /// Channel count.
    pub channels: u32,
    /// Sample rate in hertz.
    pub sample_rate: u32,
    /// ffprobe's codec name, e.g. `aac`.
    pub codec: String,
}

/// Probes `path`: ffprobe for the streams, then one frame decoded at the start and one near
/// the end. The decodes catch what ffprobe alone lets through, such as an MP4 with its index
/// first (`+faststart`) whose media data was cut off by an interrupted upload.
///
/// Errors: [`MediaError::EmptyFile`], [`MediaError::NotMedia`] (undecodable, damaged, or no
/// usable duration), [`MediaError::NoVideo`] (audio only).
pub async fn probe(tools: &Tools, path: &Path) -> Result<Probe> {
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| MediaError::io(format!("cannot read {}", path.display()), e))?;
    if meta.len() == 0 {
        return Err(MediaError::EmptyFile { path: path.into() });
    }
    // Opening first separates "cannot read" (an operator's problem) from "not media".
    tokio::fs::File::open(path)
        .await
        .map_err(|e| MediaError::io(format!("cannot open {}", path.display()), e))?;

    let options = [
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
    ];
    let finished = command::probe(tools.ffprobe(), &options, path).await?;
    let (probe, video_duration) = parse_ffprobe(&finished.stdout, meta.len())?;

    if !decodes_a_frame(tools, path, 0.0).await? {
        return Err(MediaError::NotMedia {
            detail: "the first video frame cannot be decoded".into(),
        });
    }
    let duration = video_duration
        .unwrap_or(probe.duration_s)
        .min(probe.duration_s);
    // Step back a little from the end, less than any plausible frame gap would hide, so the
    // seek lands on a real frame of a whole file but past the end of a truncated one.
    if duration >= 2.0
        && !decodes_a_frame(tools, path, duration - (duration * 0.1).min(2.0)).await?
    {
        return Err(MediaError::NotMedia {
            detail: "the end of the video cannot be decoded (truncated or damaged file)".into(),
        });
    }
    Ok(probe)
}

/// Whether ffmpeg decodes at least one video frame at `at_s` seconds.
async fn decodes_a_frame(tools: &Tools, path: &Path, at_s: f64) -> Result<bool> {
    let mut a = command::ffmpeg_base("error");
    if at_s > 0.0 {
        a.extend(args(["-ss".to_owned(), format!("{at_s:.3}")]));
    }
    a.extend(command::source_input(path, tools.threads())?);
    // framemd5 prints one line per decoded frame: the cheapest proof that one was decoded.
    a.extend(args([
        "-map",
        "0:v:0",
        "-frames:v",
        "1",
        "-f",
        "framemd5",
        "-",
    ]));
    match command::output(tools.ffmpeg(), a, "decoding a test frame").await {
        Ok(finished) => Ok(finished
            .stdout
            .split(|b| *b == b'\n')
            .any(|line| !line.is_empty() && !line.starts_with(b"#"))),
        Err(MediaError::Ffmpeg { .. }) => Ok(false),
        Err(other) => Err(other),
    }
}

#[derive(Deserialize)]
struct RawProbe {
    #[serde(default)]
    streams: Vec<RawStream>,
    format: Option<RawFormat>,
}

#[derive(Deserialize)]
struct RawFormat {
    format_name: Option<String>,
    duration: Option<String>,
}

#[derive(Deserialize)]
struct RawStream {
    codec_type: Option<String>,
    codec_name: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    avg_frame_rate: Option<String>,
    r_frame_rate: Option<String>,
    channels: Option<u32>,
    sample_rate: Option<String>,
    duration: Option<String>,
    #[serde(default)]
    disposition: RawDisposition,
}

#[derive(Deserialize, Default)]
struct RawDisposition {
    #[serde(default)]
    attached_pic: u8,
}

/// Reads ffprobe's JSON. Returns the probe and, when known, the video stream's own duration
/// (which may be shorter than the container's when the audio runs on).
pub(crate) fn parse_ffprobe(json: &[u8], size_bytes: u64) -> Result<(Probe, Option<f64>)> {
    let raw: RawProbe = serde_json::from_slice(json).map_err(|e| MediaError::Ffmpeg {
        step: "probing",
        detail: format!("unreadable ffprobe output: {e}"),
    })?;

    let video = raw.streams.iter().find(|s| {
        s.codec_type.as_deref() == Some("video")
            && s.disposition.attached_pic == 0
            && s.width.unwrap_or(0) > 0
            && s.height.unwrap_or(0) > 0
    });
    let audio = raw
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("audio") && s.channels.unwrap_or(0) > 0);

    match (video, audio) {
        (None, Some(_)) => return Err(MediaError::NoVideo),
        (None, None) => {
            return Err(MediaError::NotMedia {
                detail: "no audio or video stream".into(),
            })
        }
        _ => {}
    }

    let stream_max = raw
        .streams
        .iter()
        .filter_map(|s| seconds(s.duration.as_deref()))
        .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.max(d))));
    let format = raw.format.as_ref();
    let duration_s = format
        .and_then(|f| seconds(f.duration.as_deref()))
        .or(stream_max)
        .ok_or_else(|| MediaError::NotMedia {
            detail: "the file has no known duration (a still image?)".into(),
        })?;

    let probe = Probe {
        duration_s,
        format_name: format
            .and_then(|f| f.format_name.clone())
            .unwrap_or_default(),
        size_bytes,
        video: video.map(|v| VideoInfo {
            width: v.width.unwrap_or(0),
            height: v.height.unwrap_or(0),
            fps: rate(v.avg_frame_rate.as_deref())
                .or_else(|| rate(v.r_frame_rate.as_deref()))
                .unwrap_or(0.0),
            codec: v.codec_name.clone().unwrap_or_default(),
        }),
        audio: audio.map(|a| AudioInfo {
            channels: a.channels.unwrap_or(0),
            sample_rate: a
                .sample_rate
                .as_deref()
                .and_then(|r| r.parse().ok())
                .unwrap_or(0),
            codec: a.codec_name.clone().unwrap_or_default(),
        }),
    };
    Ok((probe, video.and_then(|v| seconds(v.duration.as_deref()))))
}

/// A positive, finite number of seconds.
fn seconds(text: Option<&str>) -> Option<f64> {
    text?
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d > 0.0)
}

/// A frame rate written `num/den` by ffprobe (`0/0` when unknown).
fn rate(text: Option<&str>) -> Option<f64> {
    let (num, den) = text?.split_once('/')?;
    let (num, den): (f64, f64) = (num.parse().ok()?, den.parse().ok()?);
    let fps = num / den;
    (fps.is_finite() && fps > 0.0).then_some(fps)
}

#[cfg(test)]
#[path = "probe_tests.rs"]
mod tests;
