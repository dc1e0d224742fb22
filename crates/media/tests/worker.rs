//! The media worker against a real database (SQLite and PostgreSQL) and real ffmpeg: an
//! ingested video becomes a playable version with its report; a bad file fails with its
//! code and leaves the capsule a draft; a broadcast master is exported and stored.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;

use lawha_core::capsule::{CapsuleFields, CapsuleStatus, MediaStatus};
use lawha_core::Locale;
use lawha_media::ingest::{ingest_source, Source};
use lawha_media::storage::MediaStorage;
use lawha_media::worker::{Worker, WorkerConfig, MASTER_FILE};
use lawha_media::{ComplianceReport, MediaManifest};
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::curriculum::Titles;
use lawha_store::media_jobs::media::{JobKind, JobStatus};
use lawha_store::on_both;
use lawha_store::testing::{self, TestStore};
use lawha_store::Store;

async fn capsule(store: &Store) -> Capsule {
    let titles = Titles {
        ar: "الموجات".into(),
        fr: "Les ondes".into(),
    };
    let lesson = testing::lesson(store, "2BAC-PC", "PC", &titles).await;
    let fields = CapsuleFields {
        title_fr: "Célérité".into(),
        language: Some(Locale::Fr),
        ..CapsuleFields::default()
    };
    testing::capsule(store, lesson.id, fields).await
}

async fn ingest(store: &Store, storage: &MediaStorage, capsule: &Capsule, file: &Path) {
    let bytes = std::fs::metadata(file).unwrap().len();
    let source = Source {
        capsule_id: capsule.id,
        created_by: None,
        name: "cours.mp4".into(),
        path: file.to_path_buf(),
        bytes,
        sha256: None,
    };
    ingest_source(storage, store, &source).await.unwrap();
}

fn worker(store: &Store, storage: &MediaStorage, dir: &Path) -> Worker {
    Worker::new(
        store.clone(),
        storage.clone(),
        common::tools(),
        WorkerConfig::new("test-worker", dir.to_path_buf()),
    )
}

async fn a_video_becomes_a_playable_version_with_its_report(store: TestStore) {
    let storage = MediaStorage::in_memory();
    let scratch = tempfile::tempdir().unwrap();
    let capsule = capsule(&store).await;
    ingest(&store, &storage, &capsule, &common::loud_360p()).await;
    let worker = worker(&store, &storage, scratch.path());
    assert_eq!(worker.run_until_idle().await.unwrap(), 1);

    let capsule = store.catalog().capsule(capsule.id).await.unwrap();
    assert_eq!(capsule.status, CapsuleStatus::Ready);
    let asset = store
        .media_jobs()
        .media(capsule.media_id.unwrap())
        .await
        .unwrap();
    assert_eq!(asset.status, MediaStatus::Ready);
    let manifest: MediaManifest = serde_json::from_str(asset.manifest.as_deref().unwrap()).unwrap();
    let names: Vec<&str> = manifest
        .renditions
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["144p", "240p", "360p", "audio"]);
    for path in [
        manifest.master.as_str(),
        manifest.progressive.as_str(),
        manifest.poster.as_str(),
        "audio/index.m3u8",
    ] {
        let key = format!("{}/{path}", asset.output_prefix);
        assert!(storage.head(&key).await.unwrap().is_some(), "{key} stored");
    }
    let report: ComplianceReport = serde_json::from_str(asset.report.as_deref().unwrap()).unwrap();
    assert!(!report.compliant, "the loud source is flagged, not refused");
    assert_eq!(asset.compliant, Some(false));
    assert!(
        (3_500..=4_500).contains(&capsule.duration_ms.unwrap()),
        "{:?}",
        capsule.duration_ms
    );
    assert!(
        std::fs::read_dir(scratch.path()).unwrap().next().is_none(),
        "scratch space cleaned"
    );

    // The broadcast master: normalised, stored beside the renditions.
    store.media_jobs().request_master(asset.id).await.unwrap();
    assert_eq!(worker.run_until_idle().await.unwrap(), 1);
    let asset = store.media_jobs().media(asset.id).await.unwrap();
    let key = asset.master_key.unwrap();
    assert_eq!(key, format!("{}/{MASTER_FILE}", asset.output_prefix));
    let master = scratch.path().join("master.mp4");
    storage.download_to(&key, &master).await.unwrap();
    let loudness = lawha_media::measure_loudness(&common::tools(), &master)
        .await
        .unwrap()
        .unwrap();
    assert!(
        (loudness.integrated_lufs + 23.0).abs() <= 1.0,
        "{loudness:?}"
    );
}
on_both!(a_video_becomes_a_playable_version_with_its_report);

async fn bad_files_fail_with_their_code_and_publish_nothing(store: TestStore) {
    let storage = MediaStorage::in_memory();
    let scratch = tempfile::tempdir().unwrap();
    let worker = worker(&store, &storage, scratch.path());
    for (file, code) in [
        (common::random_bytes(), "not-media"),
        (common::truncated_mp4(), "not-media"),
        (common::audio_only(), "no-video"),
    ] {
        let capsule = capsule(&store).await;
        ingest(&store, &storage, &capsule, &file).await;
        worker.run_until_idle().await.unwrap();
        let capsule = store.catalog().capsule(capsule.id).await.unwrap();
        assert_eq!(
            (capsule.status, capsule.media_id),
            (CapsuleStatus::Draft, None),
            "{code}"
        );
        let asset = &store
            .media_jobs()
            .media_of_capsule(capsule.id)
            .await
            .unwrap()[0];
        assert_eq!(
            (asset.status, asset.error_code.as_deref()),
            (MediaStatus::Failed, Some(code))
        );
        let job = &store.media_jobs().jobs_of_media(asset.id).await.unwrap()[0];
        assert_eq!(
            (job.kind, job.status, job.attempts),
            (JobKind::Transcode, JobStatus::Failed, 1),
            "bad input is not retried"
        );
        let listed = storage
            .head(&format!("{}/master.m3u8", asset.output_prefix))
            .await
            .unwrap();
        assert!(listed.is_none(), "nothing half-written");
    }
    // An empty file is refused before anything is stored.
    let capsule = capsule(&store).await;
    let empty = Source {
        capsule_id: capsule.id,
        created_by: None,
        name: "vide.mp4".into(),
        path: common::empty_file(),
        bytes: 0,
        sha256: None,
    };
    let err = ingest_source(&storage, &store, &empty).await.err().unwrap();
    assert_eq!(err.code(), "empty-file");
    assert!(store
        .media_jobs()
        .media_of_capsule(capsule.id)
        .await
        .unwrap()
        .is_empty());
}
on_both!(bad_files_fail_with_their_code_and_publish_nothing);
