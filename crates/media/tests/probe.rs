//! Probing real files: what ordinary sources hold, and the error code for each kind of
//! unusable upload.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;

use lawha_media::{probe, MediaError};

async fn code_for(path: &Path) -> &'static str {
    let err: MediaError = probe(&common::tools(), path)
        .await
        .expect_err("should be refused");
    err.code()
}

#[tokio::test]
async fn an_ordinary_upload() {
    let path = common::normal_360p();
    let p = probe(&common::tools(), &path).await.unwrap();
    let video = p.video.unwrap();
    assert_eq!(
        (video.width, video.height, video.codec.as_str()),
        (640, 360, "h264")
    );
    assert!((video.fps - 25.0).abs() < 1e-9);
    let audio = p.audio.unwrap();
    assert_eq!(
        (audio.channels, audio.sample_rate, audio.codec.as_str()),
        (2, 48_000, "aac")
    );
    assert!((p.duration_s - 7.0).abs() < 0.1, "{}", p.duration_s);
    assert!(p.format_name.contains("mp4"));
    assert_eq!(p.size_bytes, std::fs::metadata(&path).unwrap().len());
}

#[tokio::test]
async fn a_broadcast_format() {
    let p = probe(&common::tools(), &common::hd_720p50()).await.unwrap();
    let video = p.video.unwrap();
    assert_eq!((video.width, video.height), (1280, 720));
    assert!((video.fps - 50.0).abs() < 1e-9);
}

#[tokio::test]
async fn damaged_and_mislabelled_files_are_not_media() {
    assert_eq!(code_for(&common::random_bytes()).await, "not-media");
    assert_eq!(code_for(&common::truncated_mp4()).await, "not-media");
    assert_eq!(
        code_for(&common::truncated_faststart_mp4()).await,
        "not-media"
    );
    assert_eq!(code_for(&common::text_file()).await, "not-media");
}

#[tokio::test]
async fn a_playlist_renamed_mp4_is_not_followed() {
    assert_eq!(code_for(&common::playlist_in_disguise()).await, "not-media");
}

#[tokio::test]
async fn sound_without_picture_and_empty_files() {
    assert_eq!(code_for(&common::audio_only()).await, "no-video");
    assert_eq!(code_for(&common::empty_file()).await, "empty-file");
    let err = probe(&common::tools(), Path::new("/nonexistent/lesson.mp4"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "io");
}
