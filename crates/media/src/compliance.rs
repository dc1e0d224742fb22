//! Whether a source is fit for TV broadcast as it is: loudness (EBU R128), true peak,
//! picture size, frame rate and sound format, each reported with what was measured and what
//! was expected. Pure. Non-compliance is a report for the producer, never an error.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::loudness::Loudness;
use crate::probe::Probe;

/// What a broadcaster accepts. The defaults are EBU R128 and the usual HD formats of a
/// 25 Hz country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BroadcastStandard {
    /// Integrated loudness target, LUFS.
    pub target_lufs: f64,
    /// Accepted distance from the target, LU.
    pub tolerance_lu: f64,
    /// Highest accepted true peak, dBTP.
    pub max_true_peak_dbtp: f64,
    /// Accepted picture sizes.
    pub resolutions: Vec<Resolution>,
    /// Accepted frame rates.
    pub frame_rates: Vec<f64>,
    /// Accepted distance from a frame rate, frames per second.
    pub frame_rate_tolerance: f64,
    /// Required audio channels.
    pub audio_channels: u32,
    /// Required audio sample rate, hertz.
    pub sample_rate: u32,
}

impl Default for BroadcastStandard {
    fn default() -> Self {
        Self {
            target_lufs: -23.0,
            tolerance_lu: 1.0,
            max_true_peak_dbtp: -1.0,
            resolutions: vec![
                Resolution {
                    width: 1920,
                    height: 1080,
                },
                Resolution {
                    width: 1280,
                    height: 720,
                },
            ],
            frame_rates: vec![25.0, 50.0],
            frame_rate_tolerance: 0.01,
            audio_channels: 2,
            sample_rate: 48_000,
        }
    }
}

/// A picture size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

/// What a check is about; serialised as its stable kebab-case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckCode {
    /// The source has a sound track.
    AudioPresent,
    /// Integrated loudness within tolerance of the target (silence fails).
    Loudness,
    /// True peak at most the limit.
    TruePeak,
    /// Channel count.
    AudioChannels,
    /// Sample rate.
    SampleRate,
    /// Picture size.
    Resolution,
    /// Frame rate.
    FrameRate,
}

impl CheckCode {
    /// The stable code: `audio-present`, `loudness`, `true-peak`, `audio-channels`,
    /// `sample-rate`, `resolution`, `frame-rate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AudioPresent => "audio-present",
            Self::Loudness => "loudness",
            Self::TruePeak => "true-peak",
            Self::AudioChannels => "audio-channels",
            Self::SampleRate => "sample-rate",
            Self::Resolution => "resolution",
            Self::FrameRate => "frame-rate",
        }
    }
}

impl fmt::Display for CheckCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for CheckCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One check's outcome, in words a producer can act on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// What was checked.
    pub code: CheckCode,
    /// Whether it passed.
    pub ok: bool,
    /// What the source has, e.g. `-14.2 LUFS`, `silent`, `640x360`, `no audio`.
    pub measured: String,
    /// What the standard wants, e.g. `-23.0 ±1.0 LUFS`.
    pub expected: String,
}

/// All checks of a source against a standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceReport {
    /// Whether every check passed.
    pub compliant: bool,
    /// The checks, always all of them, in a fixed order.
    pub checks: Vec<Check>,
    /// The loudness measured, if any.
    pub loudness: Option<Loudness>,
    /// The standard checked against.
    pub standard: BroadcastStandard,
}

impl ComplianceReport {
    /// The outcome of one check.
    pub fn get(&self, code: CheckCode) -> Option<&Check> {
        self.checks.iter().find(|c| c.code == code)
    }

    /// The checks that failed.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.ok)
    }
}

/// Checks a probed source (and its measured loudness, `None` if not measured) against
/// `standard`.
pub fn check(
    probe: &Probe,
    loudness: Option<&Loudness>,
    standard: &BroadcastStandard,
) -> ComplianceReport {
    let mut checks = Vec::with_capacity(7);
    let mut push = |code, ok, measured: String, expected: String| {
        checks.push(Check {
            code,
            ok,
            measured,
            expected,
        });
    };
    let no_audio = || "no audio".to_owned();

    push(
        CheckCode::AudioPresent,
        probe.audio.is_some(),
        if probe.audio.is_some() { "yes" } else { "no" }.into(),
        "yes".into(),
    );

    let loudness_expected = format!(
        "{:.1} ±{:.1} LUFS",
        standard.target_lufs, standard.tolerance_lu
    );
    let peak_expected = format!("≤ {:.1} dBTP", standard.max_true_peak_dbtp);
    match (probe.audio.is_some(), loudness) {
        (false, _) => {
            push(CheckCode::Loudness, false, no_audio(), loudness_expected);
            push(CheckCode::TruePeak, false, no_audio(), peak_expected);
        }
        (true, None) => {
            push(
                CheckCode::Loudness,
                false,
                "not measured".into(),
                loudness_expected,
            );
            push(
                CheckCode::TruePeak,
                false,
                "not measured".into(),
                peak_expected,
            );
        }
        (true, Some(l)) => {
            let (ok, measured) = if l.is_silent() {
                (false, "silent".to_owned())
            } else {
                let off = (l.integrated_lufs - standard.target_lufs).abs();
                (
                    off <= standard.tolerance_lu + 1e-9,
                    format!("{:.1} LUFS", l.integrated_lufs),
                )
            };
            push(CheckCode::Loudness, ok, measured, loudness_expected);
            let (ok, measured) = match l.true_peak_dbtp {
                Some(tp) => (
                    tp <= standard.max_true_peak_dbtp + 1e-9,
                    format!("{tp:.1} dBTP"),
                ),
                None => (true, "-inf dBTP".to_owned()),
            };
            push(CheckCode::TruePeak, ok, measured, peak_expected);
        }
    }

    match &probe.audio {
        Some(a) => {
            push(
                CheckCode::AudioChannels,
                a.channels == standard.audio_channels,
                a.channels.to_string(),
                standard.audio_channels.to_string(),
            );
            push(
                CheckCode::SampleRate,
                a.sample_rate == standard.sample_rate,
                format!("{} Hz", a.sample_rate),
                format!("{} Hz", standard.sample_rate),
            );
        }
        None => {
            push(
                CheckCode::AudioChannels,
                false,
                no_audio(),
                standard.audio_channels.to_string(),
            );
            push(
                CheckCode::SampleRate,
                false,
                no_audio(),
                format!("{} Hz", standard.sample_rate),
            );
        }
    }

    let resolutions: Vec<String> = standard
        .resolutions
        .iter()
        .map(Resolution::to_string)
        .collect();
    let rates: Vec<String> = standard.frame_rates.iter().map(|r| fps(*r)).collect();
    match &probe.video {
        Some(v) => {
            let size = Resolution {
                width: v.width,
                height: v.height,
            };
            push(
                CheckCode::Resolution,
                standard.resolutions.contains(&size),
                size.to_string(),
                resolutions.join(" or "),
            );
            let ok = standard
                .frame_rates
                .iter()
                .any(|r| (v.fps - r).abs() <= standard.frame_rate_tolerance);
            push(CheckCode::FrameRate, ok, fps(v.fps), rates.join(" or "));
        }
        None => {
            push(
                CheckCode::Resolution,
                false,
                "no video".into(),
                resolutions.join(" or "),
            );
            push(
                CheckCode::FrameRate,
                false,
                "no video".into(),
                rates.join(" or "),
            );
        }
    }

    ComplianceReport {
        compliant: checks.iter().all(|c| c.ok),
        checks,
        loudness: loudness.copied(),
        standard: standard.clone(),
    }
}

/// A frame rate as people write it: `25 fps`, `29.97 fps`.
fn fps(rate: f64) -> String {
    let text = format!("{rate:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} fps")
}

#[cfg(test)]
#[path = "compliance_tests.rs"]
mod tests;
