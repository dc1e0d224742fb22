//! Broadcast checks on made-up probes and loudness values.

use super::*;
use crate::probe::{AudioInfo, VideoInfo};

fn probe(width: u32, height: u32, fps: f64, audio: Option<(u32, u32)>) -> Probe {
    Probe {
        duration_s: 60.0,
        format_name: "mov,mp4,m4a,3gp,3g2,mj2".into(),
        size_bytes: 1,
        video: Some(VideoInfo {
            width,
            height,
            fps,
            codec: "h264".into(),
        }),
        audio: audio.map(|(channels, sample_rate)| AudioInfo {
            channels,
            sample_rate,
            codec: "aac".into(),
        }),
    }
}

fn loud(integrated_lufs: f64, true_peak: Option<f64>) -> Loudness {
    Loudness {
        integrated_lufs,
        true_peak_dbtp: true_peak,
        lra_lu: 4.0,
    }
}

fn outcome(report: &ComplianceReport, code: CheckCode) -> (bool, &str) {
    let c = report.get(code).unwrap();
    (c.ok, c.measured.as_str())
}

#[test]
fn a_conforming_hd_programme_passes_everything() {
    let report = check(
        &probe(1920, 1080, 25.0, Some((2, 48_000))),
        Some(&loud(-23.4, Some(-3.2))),
        &BroadcastStandard::default(),
    );
    assert!(report.compliant, "{report:#?}");
    let codes: Vec<&str> = report.checks.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "audio-present",
            "loudness",
            "true-peak",
            "audio-channels",
            "sample-rate",
            "resolution",
            "frame-rate"
        ]
    );
    assert_eq!(
        report.get(CheckCode::Loudness).unwrap().expected,
        "-23.0 ±1.0 LUFS"
    );
    assert_eq!(
        report.get(CheckCode::Resolution).unwrap().expected,
        "1920x1080 or 1280x720"
    );
    assert_eq!(
        report.get(CheckCode::FrameRate).unwrap().expected,
        "25 fps or 50 fps"
    );
    assert_eq!(report.loudness, Some(loud(-23.4, Some(-3.2))));
}

#[test]
fn too_loud_and_clipping_fail_loudness_and_true_peak() {
    let report = check(
        &probe(1280, 720, 50.0, Some((2, 48_000))),
        Some(&loud(-14.2, Some(-0.3))),
        &BroadcastStandard::default(),
    );
    assert!(!report.compliant);
    assert_eq!(outcome(&report, CheckCode::Loudness), (false, "-14.2 LUFS"));
    assert_eq!(outcome(&report, CheckCode::TruePeak), (false, "-0.3 dBTP"));
    let failed: Vec<CheckCode> = report.failures().map(|c| c.code).collect();
    assert_eq!(failed, [CheckCode::Loudness, CheckCode::TruePeak]);
    // The tolerance is inclusive.
    let edge = check(
        &probe(1280, 720, 50.0, Some((2, 48_000))),
        Some(&loud(-22.0, Some(-1.0))),
        &BroadcastStandard::default(),
    );
    assert!(edge.compliant, "{edge:#?}");
}

#[test]
fn silence_fails_loudness_but_not_true_peak() {
    let report = check(
        &probe(1920, 1080, 25.0, Some((2, 48_000))),
        Some(&loud(-70.0, None)),
        &BroadcastStandard::default(),
    );
    assert_eq!(outcome(&report, CheckCode::Loudness), (false, "silent"));
    assert_eq!(outcome(&report, CheckCode::TruePeak), (true, "-inf dBTP"));
}

#[test]
fn web_formats_fail_picture_and_sound_checks() {
    let report = check(
        &probe(640, 360, 30000.0 / 1001.0, Some((1, 44_100))),
        Some(&loud(-23.0, Some(-6.0))),
        &BroadcastStandard::default(),
    );
    assert_eq!(outcome(&report, CheckCode::Resolution), (false, "640x360"));
    assert_eq!(outcome(&report, CheckCode::FrameRate), (false, "29.97 fps"));
    assert_eq!(outcome(&report, CheckCode::AudioChannels), (false, "1"));
    assert_eq!(outcome(&report, CheckCode::SampleRate), (false, "44100 Hz"));
    assert_eq!(outcome(&report, CheckCode::Loudness), (true, "-23.0 LUFS"));
}

#[test]
fn no_sound_or_no_measure_fails_the_sound_checks() {
    let standard = BroadcastStandard::default();
    let silent_film = check(&probe(1920, 1080, 25.0, None), None, &standard);
    assert_eq!(
        outcome(&silent_film, CheckCode::AudioPresent),
        (false, "no")
    );
    assert_eq!(
        outcome(&silent_film, CheckCode::Loudness),
        (false, "no audio")
    );
    assert_eq!(
        outcome(&silent_film, CheckCode::SampleRate),
        (false, "no audio")
    );
    assert!(silent_film.get(CheckCode::Resolution).unwrap().ok);

    let unmeasured = check(&probe(1920, 1080, 25.0, Some((2, 48_000))), None, &standard);
    assert_eq!(
        outcome(&unmeasured, CheckCode::Loudness),
        (false, "not measured")
    );
}

#[test]
fn standards_are_configurable_and_deserialise_with_defaults() {
    let standard: BroadcastStandard =
        serde_json::from_str(r#"{"frame_rates":[29.97,59.94],"frame_rate_tolerance":0.01}"#)
            .unwrap();
    assert_eq!(standard.target_lufs, -23.0);
    let report = check(
        &probe(1920, 1080, 30000.0 / 1001.0, Some((2, 48_000))),
        Some(&loud(-23.0, Some(-2.0))),
        &standard,
    );
    assert!(report.compliant, "{report:#?}");
}

#[test]
fn codes_serialise_as_kebab_case_and_compare_with_strings() {
    let json = serde_json::to_string(&CheckCode::AudioPresent).unwrap();
    assert_eq!(json, r#""audio-present""#);
    assert!(CheckCode::TruePeak == "true-peak");
    let back: CheckCode = serde_json::from_str(r#""frame-rate""#).unwrap();
    assert_eq!(back, CheckCode::FrameRate);
}
