//! Loudness measurement, broadcast compliance and the loudness-normalised master, on real
//! files: a source at the target, one far too loud, one silent, one in a broadcast format.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;

use lawha_media::{
    broadcast_master, check, measure_loudness, probe, BroadcastStandard, CheckCode,
    ComplianceReport,
};

async fn report_for(path: &Path) -> ComplianceReport {
    let tools = common::tools();
    let probed = probe(&tools, path).await.unwrap();
    let loudness = measure_loudness(&tools, path).await.unwrap();
    check(&probed, loudness.as_ref(), &BroadcastStandard::default())
}

fn outcome(report: &ComplianceReport, code: CheckCode) -> (bool, String) {
    let c = report.get(code).unwrap();
    (c.ok, c.measured.clone())
}

#[tokio::test]
async fn a_source_at_the_target_passes_loudness() {
    let loudness = measure_loudness(&common::tools(), &common::normal_360p())
        .await
        .unwrap()
        .unwrap();
    assert!(
        (loudness.integrated_lufs + 23.0).abs() <= 1.0,
        "{loudness:?}"
    );
    assert!(loudness.true_peak_dbtp.unwrap() < -1.0);
}

#[tokio::test]
async fn a_loud_source_is_flagged() {
    let report = report_for(&common::loud_360p()).await;
    let integrated = report.loudness.unwrap().integrated_lufs;
    // Far above the -22 LUFS upper bound.
    assert!(integrated > -10.0, "{integrated}");
    assert!(!outcome(&report, CheckCode::Loudness).0);
    assert!(!report.compliant);
}

#[tokio::test]
async fn a_silent_track_is_flagged_silent() {
    let report = report_for(&common::silent_360p()).await;
    assert_eq!(
        outcome(&report, CheckCode::Loudness),
        (false, "silent".to_owned())
    );
    assert_eq!(report.loudness.unwrap().true_peak_dbtp, None);
    assert!(outcome(&report, CheckCode::AudioPresent).0);
}

#[tokio::test]
async fn a_720p50_source_passes_the_picture_checks() {
    let report = report_for(&common::hd_720p50()).await;
    assert_eq!(
        outcome(&report, CheckCode::Resolution),
        (true, "1280x720".to_owned())
    );
    assert_eq!(
        outcome(&report, CheckCode::FrameRate),
        (true, "50 fps".to_owned())
    );
    assert!(report.compliant, "{report:#?}");
}

#[tokio::test]
async fn no_audio_means_no_loudness() {
    let tools = common::tools();
    let work = tempfile::tempdir().unwrap();
    let mute = work.path().join("mute.mp4");
    let status = std::process::Command::new(tools.ffmpeg())
        .args(["-v", "error", "-i"])
        .arg(common::hd_720p50())
        .args(["-an", "-c", "copy"])
        .arg(&mute)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(measure_loudness(&tools, &mute).await.unwrap(), None);
    let err = broadcast_master(
        &tools,
        &mute,
        &work.path().join("m.mp4"),
        &BroadcastStandard::default(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "no-audio");
}

#[tokio::test]
async fn the_master_of_a_loud_source_meets_the_target() {
    let tools = common::tools();
    let work = tempfile::tempdir().unwrap();
    let master = work.path().join("master.mp4");
    let standard = BroadcastStandard::default();
    let mut progress = Vec::new();
    let loudness = broadcast_master(&tools, &common::loud_360p(), &master, &standard, |f| {
        progress.push(f)
    })
    .await
    .unwrap();
    assert!(
        (loudness.integrated_lufs + 23.0).abs() <= 1.0,
        "{loudness:?}"
    );
    assert!(loudness.true_peak_dbtp.unwrap() <= -1.0, "{loudness:?}");
    assert_eq!(progress.last(), Some(&1.0));

    // Picture copied as it was; sound 48 kHz stereo AAC.
    let json = common::ffprobe_json(&master);
    let source = common::ffprobe_json(&common::loud_360p());
    let (video, source_video) = (
        common::stream(&json, "video"),
        common::stream(&source, "video"),
    );
    assert_eq!(video["codec_name"], source_video["codec_name"]);
    assert_eq!(video["nb_frames"], source_video["nb_frames"]);
    let audio = common::stream(&json, "audio");
    assert_eq!(
        (audio["codec_name"].as_str(), audio["channels"].as_u64()),
        (Some("aac"), Some(2))
    );
    assert_eq!(audio["sample_rate"], "48000");

    // Only the master is left: the temporary file was renamed.
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 1);
}

#[tokio::test]
async fn a_silent_source_cannot_be_normalised() {
    let work = tempfile::tempdir().unwrap();
    let err = broadcast_master(
        &common::tools(),
        &common::silent_360p(),
        &work.path().join("master.mp4"),
        &BroadcastStandard::default(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "silent-audio");
    assert_eq!(
        std::fs::read_dir(work.path()).unwrap().count(),
        0,
        "no partial master"
    );
}
