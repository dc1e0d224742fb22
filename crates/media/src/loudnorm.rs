//! Reading what ffmpeg's `loudnorm` filter prints at the end of its measuring pass, for the
//! second pass of the broadcast master to apply.

use serde::Deserialize;

/// What loudnorm's first pass printed, as numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoudnormMeasure {
    /// `input_i`, LUFS (may be -inf for silence).
    pub input_i: f64,
    /// `input_tp`, dBTP.
    pub input_tp: f64,
    /// `input_lra`, LU.
    pub input_lra: f64,
    /// `input_thresh`, LUFS.
    pub input_thresh: f64,
    /// `target_offset`, LU.
    pub target_offset: f64,
}

#[derive(Deserialize)]
struct RawLoudnorm {
    input_i: String,
    input_tp: String,
    input_lra: String,
    input_thresh: String,
    target_offset: String,
}

/// Reads the JSON object loudnorm prints (with `print_format=json`) when it ends; the last
/// one in `stderr` wins. Values are strings in that JSON, `-inf` for silence.
pub fn parse_loudnorm_json(stderr: &str) -> Option<LoudnormMeasure> {
    let end = stderr.rfind('}')?;
    let start = stderr.get(..end)?.rfind('{')?;
    let raw: RawLoudnorm = serde_json::from_str(stderr.get(start..=end)?).ok()?;
    let number = |s: &str| s.trim().parse::<f64>().ok();
    Some(LoudnormMeasure {
        input_i: number(&raw.input_i)?,
        input_tp: number(&raw.input_tp)?,
        input_lra: number(&raw.input_lra)?,
        input_thresh: number(&raw.input_thresh)?,
        target_offset: number(&raw.target_offset)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The end of loudnorm's first pass on a 1 kHz stereo tone (ffmpeg 5.1).
    const TONE: &str = include_str!("testdata/loudnorm_tone.txt");
    /// The same on `anullsrc`.
    const SILENT: &str = include_str!("testdata/loudnorm_silent.txt");

    #[test]
    fn reads_the_first_pass_measurement() {
        assert_eq!(
            parse_loudnorm_json(TONE),
            Some(LoudnormMeasure {
                input_i: -38.16,
                input_tp: -37.63,
                input_lra: 0.0,
                input_thresh: -48.16,
                target_offset: -0.03,
            })
        );
    }

    #[test]
    fn silence_measures_minus_infinity() {
        let m = parse_loudnorm_json(SILENT).unwrap();
        assert_eq!(m.input_i, f64::NEG_INFINITY);
        assert_eq!(m.input_tp, f64::NEG_INFINITY);
        assert_eq!(m.target_offset, f64::INFINITY);
    }

    #[test]
    fn no_json_gives_none() {
        assert_eq!(parse_loudnorm_json("Stream mapping:\n  #0:1 -> #0:0"), None);
        assert_eq!(parse_loudnorm_json("{\"input_i\" : \"x\"}"), None);
    }
}
