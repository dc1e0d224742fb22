//! The EBU R128 summary parser, on outputs captured from ffmpeg 5.1.

use super::*;

/// The end of `ffmpeg -i tone.mp4 -af ebur128=peak=true -f null -` for a 1 kHz stereo tone:
/// per-frame lines (which also hold "I:" and "LRA:"), then the summary.
const TONE: &str = include_str!("testdata/ebur128_tone.txt");
/// The same for three seconds of `anullsrc` encoded as AAC.
const SILENT: &str = include_str!("testdata/ebur128_silent.txt");

#[test]
fn reads_the_summary_not_the_frame_lines() {
    let loudness = parse_ebur128_summary(TONE).unwrap();
    assert_eq!(
        loudness,
        Loudness {
            integrated_lufs: -38.1,
            true_peak_dbtp: Some(-37.6),
            lra_lu: 0.0
        }
    );
    assert!(!loudness.is_silent());
}

#[test]
fn silence_is_minus_seventy_and_minus_infinity() {
    let loudness = parse_ebur128_summary(SILENT).unwrap();
    assert_eq!(loudness.integrated_lufs, SILENCE_LUFS);
    assert_eq!(loudness.true_peak_dbtp, None);
    assert!(loudness.is_silent());
}

#[test]
fn missing_summary_or_values_give_none() {
    assert_eq!(parse_ebur128_summary(""), None);
    let frames_only = TONE.get(..TONE.find("Summary:").unwrap()).unwrap();
    assert_eq!(parse_ebur128_summary(frames_only), None);
    // Without peak=true there is no true-peak section: not our measurement.
    let no_peak = TONE.get(..TONE.find("  True peak:").unwrap()).unwrap();
    assert_eq!(parse_ebur128_summary(no_peak), None);
}

#[test]
fn loudness_serialises_silence_as_null_peak() {
    let json = serde_json::to_string(&parse_ebur128_summary(SILENT).unwrap()).unwrap();
    assert_eq!(
        json,
        r#"{"integrated_lufs":-70.0,"true_peak_dbtp":null,"lra_lu":0.0}"#
    );
}
