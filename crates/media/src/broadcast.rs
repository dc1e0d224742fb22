//! The TV master: the source's picture untouched (`-c:v copy`) and its sound brought to the
//! broadcast loudness with ffmpeg's two-pass `loudnorm`, as 48 kHz stereo AAC in an MP4.
//!
//! Pass one measures; pass two applies the measured values, linearly (one gain for the whole
//! programme) when the programme's range and peaks allow it, which keeps the producer's mix
//! as it was; otherwise loudnorm's dynamic mode. The output is measured again so the caller
//! can show the result rather than trust it.

use std::path::Path;

use crate::command::{self, args};
use crate::compliance::BroadcastStandard;
use crate::error::{MediaError, Result};
use crate::loudness::{measure_loudness, Loudness, SILENCE_LUFS};
use crate::loudnorm::parse_loudnorm_json;
use crate::probe::probe;
use crate::tools::Tools;

/// AAC bitrate of the master's stereo sound.
const AUDIO_KBPS: u32 = 192;
/// Headroom kept below the standard's true-peak limit, dB: AAC encoding adds a little.
const PEAK_HEADROOM_DB: f64 = 1.0;

/// Writes the broadcast master of `source` to `out` (an MP4; written to a temporary file
/// beside it and renamed when complete) and returns the loudness measured on it.
///
/// Errors: those of [`probe`], [`MediaError::NoAudio`], [`MediaError::SilentAudio`].
pub async fn broadcast_master(
    tools: &Tools,
    source: &Path,
    out: &Path,
    standard: &BroadcastStandard,
    mut on_progress: impl FnMut(f64) + Send,
) -> Result<Loudness> {
    let probed = probe(tools, source).await?;
    if probed.audio.is_none() {
        return Err(MediaError::NoAudio);
    }
    let target_tp = standard.max_true_peak_dbtp - PEAK_HEADROOM_DB;
    // Downmixing (or upmixing) first, in both passes, so the gain is computed on the stereo
    // that goes on air: a mono voice duplicated on two channels measures 3 LU louder.
    let stereo = "aformat=channel_layouts=stereo";

    let first = format!(
        "{stereo},loudnorm=I={}:TP={target_tp}:LRA=7:print_format=json",
        standard.target_lufs
    );
    let mut a = command::ffmpeg_base("info");
    a.extend(args(["-progress", "pipe:1"]));
    a.extend(command::source_input(source, tools.threads())?);
    a.extend(args([
        "-map".to_owned(),
        "0:a:0".into(),
        "-af".into(),
        first,
        "-f".into(),
        "null".into(),
        "-".into(),
    ]));
    let mut first_progress = |f: f64| on_progress(f * 0.4);
    let stderr = command::with_progress(
        tools.ffmpeg(),
        a,
        "measuring loudness for the master",
        probed.duration_s,
        &mut first_progress,
    )
    .await?;
    let measured = parse_loudnorm_json(&stderr.text()).ok_or_else(|| MediaError::Ffmpeg {
        step: "measuring loudness for the master",
        detail: format!(
            "no loudnorm measurement in ffmpeg's output:\n{}",
            stderr.last(20)
        ),
    })?;
    if !measured.input_i.is_finite()
        || measured.input_i <= SILENCE_LUFS
        || !measured.input_tp.is_finite()
    {
        return Err(MediaError::SilentAudio);
    }

    // A range target at least the programme's own lets loudnorm use one linear gain.
    let lra = measured.input_lra.ceil().clamp(7.0, 20.0);
    let second = format!(
        "{stereo},loudnorm=I={}:TP={target_tp}:LRA={lra}:measured_I={}:measured_TP={}:\
         measured_LRA={}:measured_thresh={}:offset={}:linear=true,\
         aresample=48000",
        standard.target_lufs,
        measured.input_i,
        measured.input_tp,
        measured.input_lra,
        measured.input_thresh,
        measured.target_offset,
    );
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let partial = tempfile::Builder::new()
        .prefix(".lawha-master-")
        .suffix(".mp4")
        .tempfile_in(parent)
        .map_err(|e| MediaError::io(format!("cannot create a file in {}", parent.display()), e))?;
    let mut a = command::ffmpeg_base("warning");
    a.extend(args(["-y", "-progress", "pipe:1"]));
    a.extend(command::source_input(source, tools.threads())?);
    a.extend(args([
        "-map".to_owned(),
        "0:v:0".into(),
        "-map".into(),
        "0:a:0".into(),
        "-c:v".into(),
        "copy".into(),
        "-af".into(),
        second,
        "-c:a".into(),
        "aac".into(),
        "-b:a".into(),
        format!("{AUDIO_KBPS}k"),
        "-ar".into(),
        "48000".into(),
        "-ac".into(),
        "2".into(),
        "-movflags".into(),
        "+faststart".into(),
        "-f".into(),
        "mp4".into(),
    ]));
    a.push(partial.path().into());
    let mut second_progress = |f: f64| on_progress(0.4 + f * 0.5);
    command::with_progress(
        tools.ffmpeg(),
        a,
        "writing the broadcast master",
        probed.duration_s,
        &mut second_progress,
    )
    .await?;

    partial
        .persist(out)
        .map_err(|e| MediaError::io(format!("cannot write {}", out.display()), e.error))?;
    let loudness = measure_loudness(tools, out)
        .await?
        .ok_or_else(|| MediaError::Ffmpeg {
            step: "writing the broadcast master",
            detail: "the master has no audio stream".into(),
        })?;
    on_progress(1.0);
    Ok(loudness)
}
