//! The ffmpeg output options of the ladder run: one HLS output per rung (scaled, H.264 with
//! keyframes on the segment grid, AAC muxed in), the audio-only HLS output (speech-tuned),
//! and the progressive MP4. Pure; the run itself is in [`transcode`](crate::transcode()).

use std::ffi::OsString;
use std::path::Path;

use crate::command::args;
use crate::ladder::{
    sound_cuts, AudioRung, Rung, SpeechAudio, OPENING_SEGMENTS, SEGMENT_SECONDS, SPEECH,
};
use crate::probe::AudioInfo;

/// The progressive MP4's file name.
pub const PROGRESSIVE: &str = "download.mp4";
/// Each rendition's media playlist, inside its directory.
pub(crate) const PLAYLIST: &str = "index.m3u8";

/// The ffmpeg output options for a source of `duration_s`: one HLS output per rung, the
/// audio-only HLS output, and the progressive MP4 (encoded like the lowest rung).
pub(crate) fn output_args(
    rungs: &[Rung],
    audio: Option<(&AudioInfo, &AudioRung)>,
    duration_s: f64,
    dir: &Path,
    threads: Option<u32>,
) -> Vec<OsString> {
    let mut a = Vec::new();
    let sample_rate = audio.map_or(48_000, |(info, _)| output_sample_rate(info));
    let muxed_audio = |a: &mut Vec<OsString>, rung: &Rung| match audio {
        Some(_) if rung.speech_audio => a.extend(speech_args(&SPEECH)),
        Some((info, _)) => {
            let channels = rung.audio_channels.min(info.channels.clamp(1, 2));
            a.extend(aac_args(rung.audio_kbps, channels, sample_rate));
        }
        None => {}
    };
    let map = |a: &mut Vec<OsString>| {
        a.extend(args(["-map", "0:v:0"]));
        if audio.is_some() {
            a.extend(args(["-map", "0:a:0"]));
        }
    };

    for rung in rungs {
        map(&mut a);
        a.extend(h264_args(rung, threads));
        muxed_audio(&mut a, rung);
        // Cut at every keyframe: they are all forced, on the segment grid, and the nth comes
        // no sooner than n seconds in, which is where ffmpeg's VOD muxer allows the nth cut.
        a.extend(hls_muxer_args(dir, &rung.name, OPENING_SEGMENTS[0]));
    }
    if let Some((_, audio_rung)) = audio {
        a.extend(args(["-map", "0:a:0"]));
        a.extend(speech_args(&SPEECH));
        a.extend(segment_muxer_args(
            dir,
            &audio_rung.name,
            &sound_cuts(duration_s),
        ));
    }
    if let Some(lowest) = rungs.first() {
        map(&mut a);
        a.extend(h264_args(lowest, threads));
        muxed_audio(&mut a, lowest);
        // Index first, so a browser plays while downloading and seeks without the end.
        a.extend(args(["-movflags", "+faststart", "-f", "mp4"]));
        a.push(dir.join(PROGRESSIVE).into());
    }
    a
}

/// Scaling and H.264 encoding of one rung.
fn h264_args(rung: &Rung, threads: Option<u32>) -> Vec<OsString> {
    let mut filters = Vec::new();
    if rung.frame_step > 1 {
        filters.push(format!("framestep={}", rung.frame_step));
    }
    filters.push(format!(
        "scale={}:{}:flags=bicubic,setsar=1,format=yuv420p",
        rung.width, rung.height
    ));
    // One frame past the regular grid's length: x264 then never adds a keyframe of its own
    // between two forced ones, where the muxer would cut a stray segment.
    let gop = if rung.fps > 0.0 {
        (rung.fps * f64::from(SEGMENT_SECONDS)).ceil().max(1.0) as u32 + 1
    } else {
        250
    };
    let mut a = args([
        "-filter:v".to_owned(),
        filters.join(","),
        "-c:v".into(),
        "libx264".into(),
        "-preset".into(),
        "veryfast".into(),
        "-profile:v".into(),
        rung.profile.x264_name().into(),
        "-level:v".into(),
        rung.level_name(),
        "-crf".into(),
        rung.crf.to_string(),
        "-maxrate".into(),
        format!("{}k", rung.video_kbps),
        "-bufsize".into(),
        format!("{}k", rung.buffer_kbit),
        // The buffer starts a tenth full rather than x264's nine tenths: the first frame may
        // not spend most of a second's budget at once, so the first segments, which the
        // viewer waits for, are no bigger than the ones after them.
        "-rc_init_occupancy".into(),
        (rung.buffer_kbit * 100).to_string(),
        // Keyframes on the segment grid, at the same instants in every rung, and nowhere
        // else, so each segment starts with one and renditions switch cleanly.
        "-force_key_frames".into(),
        keyframe_times(),
        "-forced-idr".into(),
        "1".into(),
        "-g".into(),
        gop.to_string(),
        "-sc_threshold".into(),
        "0".into(),
        "-max_muxing_queue_size".into(),
        "4096".into(),
    ]);
    if let Some(n) = threads {
        a.extend(args(["-threads".to_owned(), n.to_string()]));
    }
    a
}

/// The `-force_key_frames` expression of the segment grid: keyframe `n_forced` at
/// [`segment_start`](crate::ladder::segment_start)`(n_forced)`, e.g.
/// `expr:gte(t,if(lt(n_forced,1),0,if(lt(n_forced,2),1,if(lt(n_forced,3),2,(n_forced-2)*4))))`.
fn keyframe_times() -> String {
    let opening = OPENING_SEGMENTS.len();
    let mut expr = format!("(n_forced-{})*{SEGMENT_SECONDS}", opening.saturating_sub(1));
    let mut start: u32 = OPENING_SEGMENTS.iter().sum();
    for (n, seconds) in OPENING_SEGMENTS.iter().enumerate().rev() {
        start -= seconds;
        expr = format!("if(lt(n_forced,{}),{start},{expr})", n + 1);
    }
    format!("expr:gte(t,{expr})")
}

/// AAC-LC encoding of the [`SpeechAudio`] kind: mono, its own rate, low end cut.
fn speech_args(speech: &SpeechAudio) -> Vec<OsString> {
    let mut a = args([
        "-filter:a".to_owned(),
        format!("highpass=f={}", speech.highpass_hz),
    ]);
    a.extend(aac_args(speech.kbps, 1, speech.sample_rate));
    a
}

/// AAC-LC encoding.
fn aac_args(kbps: u32, channels: u32, sample_rate: u32) -> Vec<OsString> {
    args([
        "-c:a".to_owned(),
        "aac".into(),
        "-b:a".into(),
        format!("{kbps}k"),
        "-ac".into(),
        channels.to_string(),
        "-ar".into(),
        sample_rate.to_string(),
    ])
}

/// 44.1 kHz sources stay so; everything else becomes 48 kHz (AAC's and TV's usual rate).
fn output_sample_rate(audio: &AudioInfo) -> u32 {
    if audio.sample_rate == 44_100 {
        44_100
    } else {
        48_000
    }
}

/// The sound-only output: `dir/name/index.m3u8` and MPEG-TS segments cut at `cuts` seconds. ffmpeg's HLS muxer cuts sound, which has no keyframes, by time alone
/// and so could not follow the short opening; its segment muxer takes the instants.
fn segment_muxer_args(dir: &Path, name: &str, cuts: &[f64]) -> Vec<OsString> {
    let sub = dir.join(name);
    let mut a = args([
        "-f".to_owned(),
        "segment".into(),
        "-segment_format".into(),
        "mpegts".into(),
        // The tables once at the start of each segment, as the HLS muxer writes them, rather
        // than ten times a second: a fifth of the rung's bitrate.
        "-segment_format_options".into(),
        "pat_period=3600:sdt_period=3600".into(),
    ]);
    if !cuts.is_empty() {
        let times: Vec<String> = cuts.iter().map(f64::to_string).collect();
        a.extend(args(["-segment_times".to_owned(), times.join(",")]));
    }
    a.extend(args(["-segment_list_type", "m3u8", "-segment_list"]));
    a.push(sub.join(PLAYLIST).into());
    a.push(segment_template(&sub).into());
    a
}

/// The printf-style segment file template in `sub`: a '%' in the directory must be doubled.
fn segment_template(sub: &Path) -> String {
    format!(
        "{}{}seg_%04d.ts",
        sub.to_string_lossy().replace('%', "%%"),
        std::path::MAIN_SEPARATOR
    )
}

/// An HLS output writing `dir/name/index.m3u8` and MPEG-TS segments beside it. ffmpeg's VOD
/// muxer makes its nth cut at the first keyframe (any packet, for sound) at or after
/// n × `seconds`.
fn hls_muxer_args(dir: &Path, name: &str, seconds: u32) -> Vec<OsString> {
    let sub = dir.join(name);
    let template = segment_template(&sub);
    let mut a = args([
        "-f".to_owned(),
        "hls".into(),
        "-hls_time".into(),
        seconds.to_string(),
        "-hls_playlist_type".into(),
        "vod".into(),
        "-hls_segment_type".into(),
        "mpegts".into(),
        "-hls_flags".into(),
        "independent_segments".into(),
        "-hls_segment_filename".into(),
        template,
    ]);
    a.push(sub.join(PLAYLIST).into());
    a
}

#[cfg(test)]
#[path = "outputs_tests.rs"]
mod tests;
