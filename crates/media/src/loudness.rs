//! EBU R128 loudness of a file's first audio stream, measured with ffmpeg's `ebur128` filter
//! and read from the summary it prints.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::command::{self, args};
use crate::error::{MediaError, Result};
use crate::tools::Tools;

/// ffmpeg reports an integrated loudness of -70 LUFS (the absolute gate) when nothing in the
/// programme is louder than that: silence.
pub const SILENCE_LUFS: f64 = -70.0;

/// EBU R128 loudness of a programme.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Loudness {
    /// Integrated loudness, LUFS (-70.0 for silence).
    pub integrated_lufs: f64,
    /// Maximum true peak, dBTP; `None` when it is minus infinity (digital silence).
    pub true_peak_dbtp: Option<f64>,
    /// Loudness range, LU.
    pub lra_lu: f64,
}

impl Loudness {
    /// Whether the programme is silent (nothing above the absolute gate, or no sample at all
    /// off zero).
    pub fn is_silent(&self) -> bool {
        self.true_peak_dbtp.is_none() || self.integrated_lufs <= SILENCE_LUFS
    }
}

/// Measures the loudness of `path`'s first audio stream; `None` when it has no audio.
pub async fn measure_loudness(tools: &Tools, path: &Path) -> Result<Option<Loudness>> {
    if !has_audio(tools, path).await? {
        return Ok(None);
    }
    let mut a = command::ffmpeg_base("info");
    a.extend(command::source_input(path, tools.threads())?);
    a.extend(args([
        "-map",
        "0:a:0",
        "-af",
        "ebur128=peak=true",
        "-f",
        "null",
        "-",
    ]));
    let finished = command::output(tools.ffmpeg(), a, "measuring loudness").await?;
    parse_ebur128_summary(&finished.stderr.text())
        .map(Some)
        .ok_or_else(|| MediaError::Ffmpeg {
            step: "measuring loudness",
            detail: format!(
                "no EBU R128 summary in ffmpeg's output:\n{}",
                finished.stderr.last(20)
            ),
        })
}

/// Whether ffprobe sees an audio stream in `path`.
pub(crate) async fn has_audio(tools: &Tools, path: &Path) -> Result<bool> {
    let options = [
        "-v",
        "error",
        "-select_streams",
        "a",
        "-show_entries",
        "stream=index",
        "-of",
        "csv=p=0",
    ];
    let finished = command::probe(tools.ffprobe(), &options, path).await?;
    Ok(finished.stdout.iter().any(u8::is_ascii_digit))
}

/// Reads the `Summary:` block the `ebur128` filter (with `peak=true`) prints when it ends:
///
/// ```text
/// [Parsed_ebur128_0 @ 0x…] Summary:
///
///   Integrated loudness:
///     I:         -23.0 LUFS
///     Threshold: -33.0 LUFS
///
///   Loudness range:
///     LRA:         5.2 LU
///     …
///
///   True peak:
///     Peak:       -3.1 dBFS
/// ```
///
/// The last summary wins. `None` if the block or one of the three values is missing.
pub fn parse_ebur128_summary(stderr: &str) -> Option<Loudness> {
    let start = stderr.rfind("Summary:")?;
    let summary = stderr.get(start..)?;
    let mut section = "";
    let (mut integrated, mut lra, mut peak) = (None, None, None);
    for line in summary.lines().skip(1) {
        let line = line.trim();
        if line.ends_with(':') {
            section = line;
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(label), Some(value)) = (words.next(), words.next()) else {
            continue;
        };
        match (section, label) {
            ("Integrated loudness:", "I:") => integrated = value.parse::<f64>().ok(),
            ("Loudness range:", "LRA:") => lra = value.parse::<f64>().ok(),
            ("True peak:", "Peak:") => peak = value.parse::<f64>().ok(),
            _ => {}
        }
    }
    let peak = peak?;
    Some(Loudness {
        integrated_lufs: integrated.filter(|i| i.is_finite())?,
        true_peak_dbtp: peak.is_finite().then_some(peak),
        lra_lu: lra.filter(|l| l.is_finite())?,
    })
}

#[cfg(test)]
#[path = "loudness_tests.rs"]
mod tests;
