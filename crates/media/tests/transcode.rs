//! The upload job on a real 360p source, end to end: ladder, playlists, bitrates, the
//! audio-only rendition, the progressive MP4, images, the compliance report, and storing the
//! result. One test walks the whole directory because transcoding is the slow part.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;
mod s3_server;

use std::path::Path;

use lawha_media::hls::{parse_master, MediaPlaylist};
use lawha_media::{process, BroadcastStandard, CheckCode, MediaStorage, Processed};
use s3_server::S3Server;

/// Peak bitrate bounds, bit/s, everything in the segment included. The lowest video rung
/// and sound only must fit a 2G link's budget: 100 and 32 kbit/s.
const MAX_PEAK: [(&str, u64); 4] = [
    ("144p", 100_000),
    ("240p", 320_000),
    ("360p", 640_000),
    ("audio", 32_000),
];

#[tokio::test]
async fn a_360p_upload_becomes_a_capsule_directory() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("capsule");
    let mut progress = Vec::new();
    let processed = process(
        &common::tools(),
        &common::normal_360p(),
        &out,
        &BroadcastStandard::default(),
        |f| progress.push(f),
    )
    .await
    .unwrap();

    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    assert_eq!(progress.last(), Some(&1.0));
    assert!(
        progress.len() > 3,
        "progress is reported during the encode: {progress:?}"
    );

    check_renditions(&processed, &out);
    check_master(&processed, &out);
    check_audio_only(&out);
    check_progressive(&processed, &out);
    check_images(&out);
    check_report(&processed);
    store_and_delete(&out).await;

    // No staging directory is left beside the result.
    let left: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["capsule"]);
}

fn check_renditions(processed: &Processed, out: &Path) {
    let m = &processed.manifest;
    let names: Vec<&str> = m.renditions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["144p", "240p", "360p", "audio"],
        "never above the source's 360p"
    );
    assert_eq!((m.width, m.height), (640, 360));
    assert!(
        (6_900..=7_100).contains(&m.duration_ms),
        "{}",
        m.duration_ms
    );

    for r in &m.renditions {
        assert_eq!(r.playlist, format!("{}/index.m3u8", r.name));
        let dir = out.join(&r.name);
        let playlist =
            MediaPlaylist::parse(&std::fs::read_to_string(out.join(&r.playlist)).unwrap()).unwrap();
        assert!(playlist.ended, "{} is a complete VOD playlist", r.name);
        assert!(
            (playlist.duration() - 7.0).abs() < 0.3,
            "{}: {}",
            r.name,
            playlist.duration()
        );
        let mut bytes = 0;
        for s in &playlist.segments {
            assert!(s.duration <= 4.5, "{}: segment of {} s", r.name, s.duration);
            bytes += std::fs::metadata(dir.join(&s.uri)).unwrap().len();
        }
        assert_eq!(bytes, r.bytes);
        // Short segments first, so a slow link starts soon, on one grid in every rendition.
        let lengths: Vec<f64> = playlist.segments.iter().map(|s| s.duration).collect();
        let expected: &[f64] = if r.name == "audio" {
            &[0.5, 0.5, 1.0, 2.0, 3.0]
        } else {
            &[1.0, 1.0, 2.0, 3.0]
        };
        assert_eq!(lengths.len(), expected.len(), "{}: {lengths:?}", r.name);
        for (got, want) in lengths.iter().zip(expected) {
            assert!((got - want).abs() < 0.1, "{}: {lengths:?}", r.name);
        }

        let max = MAX_PEAK.iter().find(|(n, _)| *n == r.name).unwrap().1;
        assert!(
            r.bandwidth <= max,
            "{}: peak {} > {max}",
            r.name,
            r.bandwidth
        );
        assert!(
            r.average_bandwidth <= r.bandwidth && r.average_bandwidth > max / 4,
            "{r:?}"
        );
    }
    let sizes: Vec<(u32, u32)> = m.video_renditions().map(|r| (r.width, r.height)).collect();
    assert_eq!(sizes, [(256, 144), (426, 240), (640, 360)]);

    // What x264 wrote matches the CODECS we announce.
    let lowest = common::ffprobe_json(&out.join("144p/seg_0000.ts"));
    let video = common::stream(&lowest, "video");
    assert_eq!(video["profile"], "Constrained Baseline");
    assert_eq!(video["level"], 30);
    assert_eq!(
        video["avg_frame_rate"], "25/2",
        "144p keeps every other frame"
    );
    assert_eq!(common::stream(&lowest, "audio")["channels"], 1);
    let top = common::ffprobe_json(&out.join("360p/seg_0000.ts"));
    assert_eq!(common::stream(&top, "video")["profile"], "Main");
    assert_eq!(m.renditions[2].codecs, "avc1.4d401e,mp4a.40.2");
}

fn check_master(processed: &Processed, out: &Path) {
    let text = std::fs::read_to_string(out.join(&processed.manifest.master)).unwrap();
    let variants = parse_master(&text).unwrap();
    let uris: Vec<&str> = variants.iter().map(|v| v.uri.as_str()).collect();
    assert_eq!(
        uris,
        [
            "144p/index.m3u8",
            "240p/index.m3u8",
            "360p/index.m3u8",
            "audio/index.m3u8"
        ]
    );
    for (v, r) in variants.iter().zip(&processed.manifest.renditions) {
        assert_eq!(
            (v.bandwidth, v.average_bandwidth),
            (r.bandwidth, r.average_bandwidth)
        );
        assert_eq!(v.codecs, r.codecs);
    }
    let first = &variants[0];
    assert_eq!(first.codecs, "avc1.42c01e,mp4a.40.2");
    assert_eq!(first.resolution, Some((256, 144)));
    assert_eq!(first.frame_rate, Some(12.5));
    let audio = &variants[3];
    assert_eq!(
        (audio.codecs.as_str(), audio.resolution),
        ("mp4a.40.2", None)
    );
}

fn check_audio_only(out: &Path) {
    let json = common::ffprobe_json(&out.join("audio/index.m3u8"));
    assert_eq!(common::stream_types(&json), ["audio"]);
    let audio = common::stream(&json, "audio");
    assert_eq!(
        (
            audio["codec_name"].as_str(),
            audio["channels"].as_u64(),
            audio["sample_rate"].as_str()
        ),
        (Some("aac"), Some(1), Some("24000")),
        "speech-tuned: mono at 24 kHz"
    );
    assert_eq!(audio["profile"], "LC");
}

fn check_progressive(processed: &Processed, out: &Path) {
    let path = out.join(&processed.manifest.progressive);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len() as u64, processed.manifest.progressive_bytes);
    let boxes = top_level_boxes(&bytes);
    let moov = boxes.iter().position(|b| b == "moov").unwrap();
    let mdat = boxes.iter().position(|b| b == "mdat").unwrap();
    assert!(moov < mdat, "faststart: index before media ({boxes:?})");

    let json = common::ffprobe_json(&path);
    let video = common::stream(&json, "video");
    assert_eq!(
        (video["width"].as_u64(), video["height"].as_u64()),
        (Some(256), Some(144))
    );
    assert!(
        bytes.len() < 7 * 150_000 / 8,
        "the download costs about what 144p streaming does"
    );
}

/// The types of an MP4's top-level boxes, in order.
fn top_level_boxes(bytes: &[u8]) -> Vec<String> {
    let mut boxes = Vec::new();
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let size = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        boxes.push(String::from_utf8_lossy(&bytes[at + 4..at + 8]).into_owned());
        let size = match size {
            1 => u64::from_be_bytes(bytes[at + 8..at + 16].try_into().unwrap()) as usize,
            0 => bytes.len() - at,
            n => n,
        };
        at += size.max(8);
    }
    boxes
}

fn check_images(out: &Path) {
    for (name, size) in [("poster.jpg", (640_u64, 360_u64)), ("thumb.jpg", (160, 90))] {
        let json = common::ffprobe_json(&out.join(name));
        let image = common::stream(&json, "video");
        assert_eq!(image["codec_name"], "mjpeg");
        assert_eq!(
            (
                image["width"].as_u64().unwrap(),
                image["height"].as_u64().unwrap()
            ),
            size,
            "{name}"
        );
    }
}

fn check_report(processed: &Processed) {
    let report = &processed.report;
    let loudness = report.loudness.unwrap();
    assert!(
        (loudness.integrated_lufs + 23.0).abs() <= 1.0,
        "{loudness:?}"
    );
    let ok = |code| report.get(code).unwrap().ok;
    assert!(ok(CheckCode::Loudness) && ok(CheckCode::TruePeak) && ok(CheckCode::FrameRate));
    assert!(
        !ok(CheckCode::Resolution),
        "640x360 is not a broadcast size"
    );
    assert_eq!(
        report.get(CheckCode::Resolution).unwrap().measured,
        "640x360"
    );
    assert!(!report.compliant);
    assert_eq!(processed.probe.video.as_ref().unwrap().width, 640);
}

async fn store_and_delete(out: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let local = MediaStorage::open(dir.path().join("store").to_str().unwrap()).unwrap();
    let s3 = S3Server::start("lawha-media").await;
    for storage in [
        local,
        MediaStorage::open("memory:").unwrap(),
        s3.storage("prod"),
    ] {
        let total: u64 = walk_sizes(out);
        assert_eq!(
            storage.put_dir("capsules/c1", out).await.unwrap(),
            total,
            "{}",
            storage.describe()
        );
        storage.put_dir("capsules/c10", out).await.unwrap();

        let info = storage
            .head("capsules/c1/144p/index.m3u8")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            info.size,
            std::fs::metadata(out.join("144p/index.m3u8"))
                .unwrap()
                .len()
        );
        let head = storage
            .get_range("capsules/c1/download.mp4", 4..8)
            .await
            .unwrap();
        assert_eq!(&head[..], b"ftyp");
        assert_eq!(
            storage.get_bytes("capsules/c1/master.m3u8").await.unwrap(),
            std::fs::read(out.join("master.m3u8")).unwrap()
        );

        let files = walk_count(out);
        assert_eq!(storage.delete_prefix("capsules/c1").await.unwrap(), files);
        assert_eq!(storage.head("capsules/c1/master.m3u8").await.unwrap(), None);
        assert!(storage
            .head("capsules/c10/master.m3u8")
            .await
            .unwrap()
            .is_some());
    }
}

fn walk(dir: &Path, each: &mut dyn FnMut(&Path)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, each);
        } else {
            each(&path);
        }
    }
}

fn walk_sizes(dir: &Path) -> u64 {
    let mut total = 0;
    walk(dir, &mut |p| total += std::fs::metadata(p).unwrap().len());
    total
}

fn walk_count(dir: &Path) -> u64 {
    let mut count = 0;
    walk(dir, &mut |_| count += 1);
    count
}

#[tokio::test]
async fn a_tiny_silent_film_gets_one_rung_and_no_sound() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("capsule");
    let processed = process(
        &common::tools(),
        &common::tiny_mute(),
        &out,
        &BroadcastStandard::default(),
        |_| {},
    )
    .await
    .unwrap();
    let m = &processed.manifest;
    assert_eq!(m.renditions.len(), 1);
    let only = &m.renditions[0];
    assert_eq!(
        (only.name.as_str(), only.width, only.height),
        ("112p", 200, 112)
    );
    assert_eq!(only.codecs, "avc1.42c01e");
    assert_eq!(m.audio_rendition(), None);
    let variants =
        parse_master(&std::fs::read_to_string(out.join("master.m3u8")).unwrap()).unwrap();
    assert_eq!(variants.len(), 1);
    assert_eq!(
        common::stream_types(&common::ffprobe_json(&out.join("download.mp4"))),
        ["video"]
    );
    // The poster is never upscaled; the thumbnail is 160 wide.
    let poster = common::ffprobe_json(&out.join("poster.jpg"));
    assert_eq!(common::stream(&poster, "video")["width"], 200);
    let thumb = common::ffprobe_json(&out.join("thumb.jpg"));
    assert_eq!(common::stream(&thumb, "video")["width"], 160);
    assert!(!processed.report.get(CheckCode::AudioPresent).unwrap().ok);
    assert_eq!(processed.report.loudness, None);
}

#[tokio::test]
async fn a_failed_job_leaves_nothing_behind() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("capsule");
    for (source, code) in [
        (common::truncated_faststart_mp4(), "not-media"),
        (common::audio_only(), "no-video"),
        (common::empty_file(), "empty-file"),
    ] {
        let err = process(
            &common::tools(),
            &source,
            &out,
            &BroadcastStandard::default(),
            |_| {},
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), code);
        assert!(err.is_bad_source());
    }
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn an_existing_result_is_never_overwritten() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("old.m3u8"), "#EXTM3U\n").unwrap();
    let probed = lawha_media::probe(&common::tools(), &common::hd_720p50())
        .await
        .unwrap();
    let err = lawha_media::transcode(
        &common::tools(),
        &common::hd_720p50(),
        &probed,
        work.path(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "output-not-empty");
    assert_eq!(probed.video.as_ref().map(|v| v.height), Some(720));
}
