//! The HLS bitrate ladder: which renditions a source gets and how each is encoded. Pure.
//!
//! Pupils watch on cheap phones over paid mobile data, so the ladder starts very low (144p at
//! under 100 kbit/s, everything included, and sound only at about 30 kbit/s, both of which
//! fit a 2G link's budget to start within seconds) and never upscales: a rung above the
//! source would cost data and show nothing more. Bitrates are VBV caps on a CRF encode, so a
//! simple slide spends less than its cap and a busy scene never more.

use serde::{Deserialize, Serialize};

use crate::probe::VideoInfo;

/// Length of an HLS segment after the opening, in seconds; keyframes are forced on this grid in
/// every rung so that players can switch rendition at any segment boundary.
pub const SEGMENT_SECONDS: u32 = 4;

/// The segments before the regular grid, in seconds (their sum is one [`SEGMENT_SECONDS`]),
/// in every rendition. A player starts only once its first segments have arrived (Chromium's
/// own HLS player waits for two): on a 2G link (50 kbit/s) two 4-second segments of the
/// lowest rung are 15 s of waiting, two 1-second ones under 4 s. Growing to the usual length
/// right after keeps keyframes and requests few for the rest of the capsule.
pub const OPENING_SEGMENTS: [u32; 3] = [1, 1, 2];

/// Where segment `n` (from 0) starts, in seconds: the opening, then the regular grid.
pub fn segment_start(n: u32) -> u32 {
    let opening = OPENING_SEGMENTS.len() as u32;
    if n >= opening {
        return (n - opening + 1) * SEGMENT_SECONDS;
    }
    OPENING_SEGMENTS.iter().take(n as usize).sum()
}

/// Where the sound-only rendition is cut first, in seconds, before the grid. Sound needs no
/// keyframe, so its opening can be shorter still at no cost: the two segments Chromium waits
/// for before it starts are then one second of sound (about 4 KB, under a second on 2G).
pub const SOUND_FIRST_CUT: f64 = 0.5;

/// The instants, in seconds, where the sound-only rendition of `duration_s` is cut: at
/// [`SOUND_FIRST_CUT`], then at every segment start of the grid but the first, up to the
/// end. Every video cut is among them, so renditions still switch at any video boundary.
pub fn sound_cuts(duration_s: f64) -> Vec<f64> {
    let grid = (1..).map(|n| f64::from(segment_start(n)));
    std::iter::once(SOUND_FIRST_CUT)
        .chain(grid)
        .take_while(|&cut| cut < duration_s)
        .collect()
}

/// The H.264 profile of a rung. Baseline decodes on the oldest and cheapest phones; Main
/// compresses better where the picture is large enough for that to matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum H264Profile {
    /// Constrained Baseline (no B-frames, no CABAC).
    Baseline,
    /// Main.
    Main,
}

impl H264Profile {
    /// The name libx264 takes in `-profile:v`.
    pub fn x264_name(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::Main => "main",
        }
    }
}

/// One video rendition of the ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rung {
    /// Name and directory, from the short side: `144p`, `240p`, … (`360p` also for a
    /// portrait 360x640 rendition).
    pub name: String,
    /// Output width in pixels (even).
    pub width: u32,
    /// Output height in pixels (even).
    pub height: u32,
    /// One source frame in `frame_step` is kept (2 turns 25 fps into 12.5 fps).
    pub frame_step: u32,
    /// Output frame rate; 0.0 when the source's is unknown.
    pub fps: f64,
    /// Video bitrate cap (VBV `-maxrate`), kbit/s.
    pub video_kbps: u32,
    /// VBV buffer (`-bufsize`), kbit. One second of the cap keeps every segment near it.
    pub buffer_kbit: u32,
    /// x264 constant rate factor below the cap.
    pub crf: u8,
    /// H.264 profile.
    pub profile: H264Profile,
    /// H.264 `level_idc` (30 = level 3.0).
    pub level: u8,
    /// AAC-LC bitrate of the muxed audio, kbit/s.
    pub audio_kbps: u32,
    /// Audio channels (at most the source's).
    pub audio_channels: u32,
    /// Whether the muxed audio is [`SPEECH`] (the lowest rung) rather than the source's
    /// sound at its own rate.
    pub speech_audio: bool,
}

impl Rung {
    /// The RFC 6381 codec string of the video, e.g. `avc1.42c01e`: profile_idc, the
    /// constraint flags x264 writes for that profile, level_idc.
    pub fn video_codec(&self) -> String {
        let (profile_idc, constraints) = match self.profile {
            H264Profile::Baseline => (0x42, 0xc0),
            H264Profile::Main => (0x4d, 0x40),
        };
        format!("avc1.{profile_idc:02x}{constraints:02x}{:02x}", self.level)
    }

    /// The H.264 level as x264 takes it, e.g. `3.1`.
    pub fn level_name(&self) -> String {
        format!("{}.{}", self.level / 10, self.level % 10)
    }
}

/// The audio-only rendition, for pupils who can only afford sound (and for radio).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AudioRung {
    /// Name and directory: `audio`.
    pub name: String,
    /// AAC-LC bitrate, kbit/s.
    pub kbps: u32,
    /// Channels: 1 ([`SPEECH`]).
    pub channels: u32,
    /// Sample rate, Hz.
    pub sample_rate: u32,
}

/// Sound tuned for a voice on a slow link, used by the sound-only rung and the lowest video
/// rung. A lesson is speech: mono loses nothing, speech has little above 10 kHz so 24 kHz
/// sampling loses little and leaves AAC-LC's bits to the voice, and the rumble below 80 Hz
/// (handling, wind, mains hum) is cut so the encoder spends nothing on it. 20 kbit/s comes to
/// about 25 kbit/s in MPEG-TS (packet, PES and ADTS headers), 0.19 MB per minute, and the
/// short opening segments, where the tables weigh most, stay near 30. (HE-AAC would sound
/// better at this rate, but ffmpeg's own AAC encoder makes only AAC-LC.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeechAudio {
    /// AAC-LC bitrate, kbit/s.
    pub kbps: u32,
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// High-pass cut-off, Hz.
    pub highpass_hz: u32,
}

/// The speech encoding of the lowest rungs.
pub const SPEECH: SpeechAudio = SpeechAudio {
    kbps: 20,
    sample_rate: 24_000,
    highpass_hz: 80,
};

/// The RFC 6381 codec string of AAC-LC.
pub const AAC_LC: &str = "mp4a.40.2";

struct Step {
    short_side: u32,
    video_kbps: u32,
    sound: StepSound,
    crf: u8,
    profile: H264Profile,
    level: u8,
    max_fps: f64,
}

/// The ladder, lowest first. Totals with muxed audio and MPEG-TS overhead come to about
/// 90, 250, 500, 900 and 1,800 kbit/s on a busy picture. The lowest rung's sound is
/// [`SPEECH`] (its `audio_kbps` and channels here say the same).
const STEPS: [Step; 5] = [
    step(144, 48, SPEECH_SOUND, 28, H264Profile::Baseline, 30, 15.0),
    step(240, 160, stereo(48), 26, H264Profile::Baseline, 30, 30.0),
    step(360, 380, stereo(64), 24, H264Profile::Main, 30, 30.0),
    step(480, 760, stereo(96), 23, H264Profile::Main, 31, 30.0),
    step(720, 1600, stereo(128), 23, H264Profile::Main, 31, 60.0),
];

/// The muxed sound of a step.
struct StepSound {
    kbps: u32,
    channels: u32,
    speech: bool,
}

const SPEECH_SOUND: StepSound = StepSound {
    kbps: SPEECH.kbps,
    channels: 1,
    speech: true,
};

/// The source's sound at its own rate, at most stereo.
const fn stereo(kbps: u32) -> StepSound {
    StepSound {
        kbps,
        channels: 2,
        speech: false,
    }
}

const fn step(
    short_side: u32,
    video_kbps: u32,
    sound: StepSound,
    crf: u8,
    profile: H264Profile,
    level: u8,
    max_fps: f64,
) -> Step {
    Step {
        short_side,
        video_kbps,
        sound,
        crf,
        profile,
        level,
        max_fps,
    }
}

/// The video rungs for a source, lowest first: every step whose short side the source
/// reaches, sized to the source's aspect ratio. A source smaller than 144p gets one rung at
/// its own (even) size with 144p's bitrates.
pub fn ladder_for(video: &VideoInfo) -> Vec<Rung> {
    let (w, h) = (video.width.max(2), video.height.max(2));
    let portrait = h > w;
    let (src_short, src_long) = if portrait { (w, h) } else { (h, w) };

    let sized = |step: &Step, short: u32, long: u32| {
        let (width, height) = if portrait {
            (short, long)
        } else {
            (long, short)
        };
        rung(step, short, width, height, video.fps)
    };

    let fitting: Vec<Rung> = STEPS
        .iter()
        .filter(|s| s.short_side <= src_short)
        .map(|s| {
            let long = even(f64::from(s.short_side) * f64::from(src_long) / f64::from(src_short));
            sized(s, s.short_side, long.min(src_long & !1))
        })
        .collect();
    if !fitting.is_empty() {
        return fitting;
    }
    let [lowest, ..] = &STEPS;
    vec![sized(
        lowest,
        (src_short & !1).max(2),
        (src_long & !1).max(2),
    )]
}

fn rung(step: &Step, short: u32, width: u32, height: u32, source_fps: f64) -> Rung {
    let frame_step = frame_step(source_fps, step.max_fps);
    let fps = if source_fps > 0.0 {
        source_fps / f64::from(frame_step)
    } else {
        0.0
    };
    Rung {
        name: format!("{short}p"),
        width,
        height,
        frame_step,
        fps,
        video_kbps: step.video_kbps,
        buffer_kbit: step.video_kbps,
        crf: step.crf,
        profile: step.profile,
        level: level_for(step.level, width, height, fps),
        audio_kbps: step.sound.kbps,
        audio_channels: step.sound.channels,
        speech_audio: step.sound.speech,
    }
}

/// The smallest whole divisor of the source rate that brings it to at most `max_fps`.
/// Dropping every other frame keeps motion regular, unlike resampling 25 fps to 15.
fn frame_step(source_fps: f64, max_fps: f64) -> u32 {
    if source_fps <= 0.0 || !source_fps.is_finite() {
        return 1;
    }
    (1..=8)
        .find(|k| source_fps / f64::from(*k) <= max_fps + 0.01)
        .unwrap_or(8)
}

/// H.264 levels (Table A-1): `level_idc`, largest frame and macroblock rate.
const LEVELS: [(u8, u32, u32); 7] = [
    (30, 1_620, 40_500),
    (31, 3_600, 108_000),
    (32, 5_120, 216_000),
    (40, 8_192, 245_760),
    (42, 8_704, 522_240),
    (50, 22_080, 589_824),
    (51, 36_864, 983_040),
];

/// The lowest level from `base` up that allows the frame size and rate (30 fps assumed when
/// unknown): 720p50, or a 21:9 source's wide 720p, need more than the usual 3.1, and a
/// stream claiming too low a level may be refused by a phone's decoder.
fn level_for(base: u8, width: u32, height: u32, fps: f64) -> u8 {
    let frame_mbs = width.div_ceil(16) * height.div_ceil(16);
    let fps = if fps > 0.0 { fps } else { 30.0 };
    LEVELS
        .iter()
        .filter(|(idc, ..)| *idc >= base)
        .find(|(_, max_fs, max_mbps)| {
            frame_mbs <= *max_fs && f64::from(frame_mbs) * fps <= f64::from(*max_mbps)
        })
        .map_or(51, |(idc, ..)| *idc)
}

/// `x` rounded to the nearest even number (at least 2): H.264 4:2:0 needs even sizes.
fn even(x: f64) -> u32 {
    // The ratio of two u32 sizes times a rung's side: always within u32.
    let half = (x / 2.0).round().max(1.0) as u32;
    half * 2
}

/// The audio-only rendition of a source with sound: [`SPEECH`], mono whatever the source.
pub fn audio_rung() -> AudioRung {
    AudioRung {
        name: "audio".into(),
        kbps: SPEECH.kbps,
        channels: 1,
        sample_rate: SPEECH.sample_rate,
    }
}

#[cfg(test)]
#[path = "ladder_tests.rs"]
mod tests;
