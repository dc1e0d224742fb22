//! Capsules on both engines: publishing rules, the media job queue (claim, leases,
//! retries, failures, publication of a version in one transaction), catalog reads and the
//! snapshot nodes keep of them, watch events and views, files and resumable uploads.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod snapshot;

use chrono::Duration;
use lawha_core::capsule::{CapsuleFields, CapsuleStatus, DataSaver, MediaStatus, ValidCapsule};
use lawha_core::Locale;
use lawha_store::catalog::capsule_files::{FileKind, NewCapsuleFile};
use lawha_store::catalog::capsules::{Capsule, NewCapsule, StudioFilter};
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::learning::watching::WatchEvent;
use lawha_store::media_jobs::media::{
    Job, JobFailure, JobKind, JobStatus, NewMedia, TranscodeResult, MAX_ATTEMPTS,
};
use lawha_store::on_both;
use lawha_store::testing::{self, TestStore};
use lawha_store::{NewUser, Page, Store, StoreError, User};
use uuid::Uuid;

fn titles(t: &str) -> Titles {
    Titles {
        ar: t.into(),
        fr: t.into(),
    }
}

async fn lesson(store: &Store, level: &str, subject: &str, name: &str) -> Lesson {
    testing::lesson(store, level, subject, &titles(name)).await
}

fn fields(title: &str) -> ValidCapsule {
    CapsuleFields {
        title_fr: title.into(),
        language: Some(Locale::Fr),
        tags: "maths, fractions".into(),
        ..CapsuleFields::default()
    }
    .validate()
    .unwrap()
}

async fn capsule(store: &Store, lesson: &Lesson, title: &str) -> Capsule {
    store
        .catalog()
        .create_capsule(&NewCapsule {
            lesson_id: lesson.id,
            fields: fields(title),
            school_id: None,
            external_ref: None,
            created_by: None,
        })
        .await
        .unwrap()
}

fn new_media(capsule: &Capsule) -> NewMedia {
    let id = Uuid::now_v7();
    NewMedia {
        capsule_id: capsule.id,
        id,
        source_key: format!("sources/{id}/original.mp4"),
        source_name: "cours.mp4".into(),
        source_bytes: 1234,
        source_sha256: "ab".repeat(32),
        output_prefix: format!("media/{id}"),
        created_by: None,
    }
}

fn result() -> TranscodeResult {
    TranscodeResult {
        manifest_json: "{\"renditions\":[]}".into(),
        report_json: "{\"compliant\":false}".into(),
        compliant: false,
        duration_ms: 6_000,
    }
}

fn bad_input() -> JobFailure {
    JobFailure {
        code: "not-media".into(),
        detail: "invalid data".into(),
        retryable: false,
    }
}

/// What worker `worker` claims next, with a five-minute lease, if a job is due.
async fn try_claim(store: &Store, worker: &str) -> Option<Job> {
    store
        .media_jobs()
        .claim_job(worker, Duration::minutes(5))
        .await
        .unwrap()
}

/// The job worker `worker` claims next; one must be due.
async fn claim(store: &Store, worker: &str) -> Job {
    try_claim(store, worker).await.expect("a job is due")
}

/// Worker `w` claims the next job and finishes it as a transcode with [`result`].
async fn transcode_next(store: &Store) {
    let job = claim(store, "w").await;
    store
        .media_jobs()
        .finish_transcode(&job, "w", &result())
        .await
        .unwrap();
}

async fn pupil(store: &Store, code: &str) -> User {
    store
        .accounts()
        .create_user(&NewUser {
            display_name: "Salma".into(),
            email: None,
            pupil_code: Some(code.into()),
            password: "a long password".into(),
            locale: None,
            must_change_password: false,
        })
        .await
        .unwrap()
}

async fn a_capsule_is_published_only_once_it_plays(store: TestStore) {
    let lesson = lesson(&store, "1AC", "MATH", "Fractions").await;
    let c = capsule(&store, &lesson, "Simplifier").await;
    assert_eq!(c.status, CapsuleStatus::Draft);
    assert_eq!(c.tags, ["maths", "fractions"]);
    assert!(matches!(
        store.catalog().publish_capsule(c.id).await,
        Err(StoreError::Conflict(lawha_store::Refusal::CannotPublish))
    ));

    let (asset, job) = store.media_jobs().add_media(&new_media(&c)).await.unwrap();
    assert_eq!(asset.status, MediaStatus::Queued);
    assert_eq!(
        (job.kind, job.status, job.attempts),
        (JobKind::Transcode, JobStatus::Queued, 0)
    );
    assert_eq!(
        store.catalog().capsule(c.id).await.unwrap().status,
        CapsuleStatus::Processing
    );

    let claimed = claim(&store, "w1").await;
    assert_eq!(
        (claimed.id, claimed.status, claimed.attempts),
        (job.id, JobStatus::Running, 1)
    );
    assert_eq!(
        store.media_jobs().media(asset.id).await.unwrap().status,
        MediaStatus::Processing
    );
    assert!(try_claim(&store, "w2").await.is_none(), "held by w1");
    assert!(store
        .media_jobs()
        .heartbeat(job.id, "w1", 0.5, Duration::minutes(5))
        .await
        .unwrap());
    assert!(!store
        .media_jobs()
        .heartbeat(job.id, "w2", 0.5, Duration::minutes(5))
        .await
        .unwrap());
    assert_eq!(store.media_jobs().job(job.id).await.unwrap().progress, 0.5);

    store
        .media_jobs()
        .finish_transcode(&claimed, "w1", &result())
        .await
        .unwrap();
    let ready = store.catalog().capsule(c.id).await.unwrap();
    assert_eq!(
        (ready.status, ready.media_id, ready.duration_ms),
        (CapsuleStatus::Ready, Some(asset.id), Some(6_000))
    );
    let asset = store.media_jobs().media(asset.id).await.unwrap();
    assert_eq!(
        (asset.status, asset.compliant),
        (MediaStatus::Ready, Some(false))
    );
    assert_eq!(
        store.media_jobs().job(job.id).await.unwrap().status,
        JobStatus::Done
    );

    let published = store.catalog().publish_capsule(c.id).await.unwrap();
    assert_eq!(published.status, CapsuleStatus::Published);
    assert!(published.published_at.is_some());
    assert!(store.catalog().publish_capsule(c.id).await.is_err());

    // A new version of a published capsule: the old one plays until the new is ready.
    let (second, _) = store.media_jobs().add_media(&new_media(&c)).await.unwrap();
    let still = store.catalog().capsule(c.id).await.unwrap();
    assert_eq!(
        (still.status, still.media_id),
        (CapsuleStatus::Published, Some(asset.id))
    );
    let job2 = claim(&store, "w1").await;
    store
        .media_jobs()
        .fail_job(&job2, "w1", &bad_input(), Duration::zero())
        .await
        .unwrap();
    let after = store.catalog().capsule(c.id).await.unwrap();
    assert_eq!(
        (after.status, after.media_id),
        (CapsuleStatus::Published, Some(asset.id))
    );
    let failed = store.media_jobs().media(second.id).await.unwrap();
    assert_eq!(
        (failed.status, failed.error_code.as_deref()),
        (MediaStatus::Failed, Some("not-media"))
    );
    assert_eq!(
        store.media_jobs().media_of_capsule(c.id).await.unwrap()[0].id,
        second.id,
        "newest first"
    );

    assert_eq!(
        store.catalog().withdraw_capsule(c.id).await.unwrap().status,
        CapsuleStatus::Withdrawn
    );
    assert_eq!(
        store.catalog().publish_capsule(c.id).await.unwrap().status,
        CapsuleStatus::Published
    );
}
on_both!(a_capsule_is_published_only_once_it_plays);

async fn interrupted_jobs_are_retried_then_failed_never_left_running(store: TestStore) {
    let lesson = lesson(&store, "1AC", "MATH", "Fractions").await;
    let c = capsule(&store, &lesson, "Additionner").await;
    let (asset, job) = store.media_jobs().add_media(&new_media(&c)).await.unwrap();

    // Each worker dies holding the job (its lease already over): the next claim takes it.
    for attempt in 1..=MAX_ATTEMPTS {
        let claimed = store
            .media_jobs()
            .claim_job(&format!("w{attempt}"), Duration::milliseconds(-1))
            .await
            .unwrap();
        let claimed = claimed.unwrap_or_else(|| panic!("attempt {attempt} not claimed"));
        assert_eq!((claimed.id, claimed.attempts), (job.id, attempt));
    }
    // Out of attempts: failed for good at the next look, and the capsule is a draft again.
    assert!(try_claim(&store, "w9").await.is_none());
    let job = store.media_jobs().job(job.id).await.unwrap();
    assert_eq!(job.status, JobStatus::Failed);
    assert!(job.error.unwrap_or_default().starts_with("interrupted"));
    assert_eq!(
        store.media_jobs().media(asset.id).await.unwrap().status,
        MediaStatus::Failed
    );
    assert_eq!(
        store.catalog().capsule(c.id).await.unwrap().status,
        CapsuleStatus::Draft
    );

    // A retryable failure waits before the next try; a lost lease cannot finish.
    let (_, job) = store.media_jobs().add_media(&new_media(&c)).await.unwrap();
    let claimed = claim(&store, "w1").await;
    let transient = JobFailure {
        code: "io".into(),
        detail: "disk full".into(),
        retryable: true,
    };
    store
        .media_jobs()
        .fail_job(&claimed, "w1", &transient, Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        store.media_jobs().job(job.id).await.unwrap().status,
        JobStatus::Queued
    );
    assert!(try_claim(&store, "w1").await.is_none(), "not due yet");
    store
        .media_jobs()
        .fail_job(&claimed, "w1", &transient, Duration::hours(1))
        .await
        .unwrap();
    assert!(matches!(
        store
            .media_jobs()
            .finish_transcode(&claimed, "w1", &result())
            .await,
        Err(StoreError::Conflict(lawha_store::Refusal::LeaseLost))
    ));
}
on_both!(interrupted_jobs_are_retried_then_failed_never_left_running);

async fn broadcast_masters_are_queued_once(store: TestStore) {
    let lesson = lesson(&store, "2BAC-PC", "PC", "Ondes").await;
    let c = capsule(&store, &lesson, "Célérité").await;
    let (asset, _) = store.media_jobs().add_media(&new_media(&c)).await.unwrap();
    assert!(matches!(
        store.media_jobs().request_master(asset.id).await,
        Err(StoreError::Conflict(lawha_store::Refusal::MediaNotReady))
    ));
    transcode_next(&store).await;
    let first = store.media_jobs().request_master(asset.id).await.unwrap();
    let again = store.media_jobs().request_master(asset.id).await.unwrap();
    assert_eq!(first.id, again.id);
    let claimed = claim(&store, "w").await;
    assert_eq!(claimed.kind, JobKind::Master);
    store
        .media_jobs()
        .finish_master(&claimed, "w", "media/x/master.mp4")
        .await
        .unwrap();
    assert_eq!(
        store
            .media_jobs()
            .media(asset.id)
            .await
            .unwrap()
            .master_key
            .as_deref(),
        Some("media/x/master.mp4")
    );
    assert_eq!(
        store.media_jobs().media(asset.id).await.unwrap().status,
        MediaStatus::Ready
    );
    assert_ne!(
        store
            .media_jobs()
            .request_master(asset.id)
            .await
            .unwrap()
            .id,
        first.id,
        "a new export once done"
    );
}
on_both!(broadcast_masters_are_queued_once);

async fn catalog_reads(store: TestStore) {
    let fractions = lesson(&store, "1AC", "MATH", "Fractions").await;
    let empty = lesson(&store, "1AC", "MATH", "Equations").await;
    let waves = lesson(&store, "2BAC-PC", "PC", "Ondes").await;
    let before = store.clock().now() - Duration::seconds(1);
    let a = capsule(&store, &fractions, "Simplifier").await;
    let b = capsule(&store, &waves, "Célérité").await;
    let (_, _) = store.media_jobs().add_media(&new_media(&a)).await.unwrap();
    transcode_next(&store).await;
    store.catalog().publish_capsule(a.id).await.unwrap();

    let public = store
        .catalog()
        .capsules_of_lessons(&[fractions.id, waves.id], false)
        .await
        .unwrap();
    assert_eq!(public.iter().map(|c| c.id).collect::<Vec<_>>(), [a.id]);
    let all = store
        .catalog()
        .capsules_of_lessons(&[fractions.id, waves.id], true)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let by_ids = store
        .catalog()
        .capsules_by_ids(&[b.id, Uuid::now_v7(), a.id])
        .await
        .unwrap();
    assert_eq!(
        by_ids.iter().map(|c| c.id).collect::<Vec<_>>(),
        [b.id, a.id]
    );

    let changes = store
        .catalog()
        .catalog_changes(Some(before), 100)
        .await
        .unwrap();
    let a_entry = changes.iter().find(|e| e.capsule.id == a.id).unwrap();
    assert_eq!(
        (a_entry.level.as_str(), a_entry.subject.as_str()),
        ("1AC", "MATH")
    );
    let b_entry = changes.iter().find(|e| e.capsule.id == b.id).unwrap();
    assert_eq!(b_entry.level, "2BAC-PC");
    let later = store
        .catalog()
        .catalog_changes(Some(store.clock().now() + Duration::seconds(5)), 100)
        .await
        .unwrap();
    assert!(later.is_empty());

    let coverage = store.catalog().coverage(Some("1AC")).await.unwrap();
    assert_eq!(coverage.len(), 2);
    let row = |id: Uuid| coverage.iter().find(|c| c.lesson_id == id).unwrap();
    assert_eq!(
        (row(fractions.id).published, row(empty.id).published),
        (1, 0)
    );
    assert_eq!(store.catalog().coverage(None).await.unwrap().len(), 3);
    let waves_row = store.catalog().coverage(Some("2BAC-PC")).await.unwrap();
    assert_eq!((waves_row[0].published, waves_row[0].in_progress), (0, 1));

    let mine = store
        .catalog()
        .studio_capsules(
            &StudioFilter {
                status: Some(CapsuleStatus::Draft),
                ..StudioFilter::default()
            },
            Page::new(1, 10),
        )
        .await
        .unwrap();
    assert_eq!((mine.total, mine.items[0].id), (1, b.id));

    // The studio's level and subject filters follow the lesson's unit.
    let listed = |level: Option<&str>, subject: Option<&str>| {
        let filter = StudioFilter {
            level: level.map(String::from),
            subject: subject.map(String::from),
            ..StudioFilter::default()
        };
        let store = &store;
        async move {
            let page = store
                .catalog()
                .studio_capsules(&filter, Page::new(1, 10))
                .await
                .unwrap();
            let mut ids: Vec<Uuid> = page.items.iter().map(|c| c.id).collect();
            ids.sort();
            (page.total, ids)
        }
    };
    assert_eq!(listed(Some("1AC"), None).await, (1, vec![a.id]));
    assert_eq!(listed(Some("2BAC-PC"), Some("PC")).await, (1, vec![b.id]));
    assert_eq!(listed(Some("1AC"), Some("PC")).await, (0, vec![]));
    assert_eq!(listed(None, Some("MATH")).await, (1, vec![a.id]));
    assert_eq!(listed(None, None).await.0, 2);
}
on_both!(catalog_reads);

async fn watch_events_count_once_and_never_move_back(store: TestStore) {
    let lesson = lesson(&store, "1AC", "MATH", "Fractions").await;
    let c = capsule(&store, &lesson, "Simplifier").await;
    let (_, _) = store.media_jobs().add_media(&new_media(&c)).await.unwrap();
    transcode_next(&store).await;
    store.catalog().publish_capsule(c.id).await.unwrap();
    let user = pupil(&store, "W001").await;
    let t = store.clock().now() - Duration::minutes(10);
    let event = |minutes: i64, position_ms: i64, watched_pct: f64| WatchEvent {
        id: Uuid::now_v7(),
        user_id: user.id,
        capsule_id: c.id,
        position_ms,
        watched_pct,
        occurred_at: t + Duration::minutes(minutes),
    };
    let first = event(1, 30_000, 40.0);
    assert!(store.learning().record_watch(&first).await.unwrap());
    assert!(
        !store.learning().record_watch(&first).await.unwrap(),
        "a retry counts once"
    );
    assert!(store
        .learning()
        .record_watch(&event(3, 50_000, 60.0))
        .await
        .unwrap());
    // An offline update from earlier arrives late: the position stays, the share is the max.
    assert!(store
        .learning()
        .record_watch(&event(2, 10_000, 70.0))
        .await
        .unwrap());
    let view = store
        .learning()
        .capsule_view(user.id, c.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((view.position_ms, view.watched_pct), (50_000, 70.0));
    let continuing = store
        .learning()
        .continue_watching(user.id, 5)
        .await
        .unwrap();
    assert_eq!(continuing.len(), 1);
    assert!(store
        .learning()
        .record_watch(&event(4, 60_000, 99.0))
        .await
        .unwrap());
    assert!(
        store
            .learning()
            .continue_watching(user.id, 5)
            .await
            .unwrap()
            .is_empty(),
        "watched"
    );
    assert!(store
        .learning()
        .record_watch(&event(5, 0, 101.0))
        .await
        .is_err());

    assert_eq!(user.data_saver, DataSaver::Auto);
    store
        .learning()
        .set_data_saver(user.id, DataSaver::Audio)
        .await
        .unwrap();
    assert_eq!(
        store.accounts().user(user.id).await.unwrap().data_saver,
        DataSaver::Audio
    );
}
on_both!(watch_events_count_once_and_never_move_back);

async fn subtitles_replace_per_language_and_feed_the_transcript(store: TestStore) {
    let lesson = lesson(&store, "1AC", "MATH", "Fractions").await;
    let c = capsule(&store, &lesson, "Simplifier").await;
    let file = |language: Locale, key: &str, text: &str| NewCapsuleFile {
        id: Uuid::now_v7(),
        capsule_id: c.id,
        kind: FileKind::Subtitles,
        language,
        name: "sous-titres.vtt".into(),
        object_key: key.into(),
        bytes: 100,
        transcript: Some(text.into()),
    };
    assert!(store
        .catalog()
        .add_capsule_file(&file(Locale::Fr, "f/1.vtt", "six huitièmes"))
        .await
        .unwrap()
        .is_empty());
    store
        .catalog()
        .add_capsule_file(&file(Locale::Ar, "f/2.vtt", "ستة أثمان"))
        .await
        .unwrap();
    let replaced = store
        .catalog()
        .add_capsule_file(&file(Locale::Fr, "f/3.vtt", "trois quarts"))
        .await
        .unwrap();
    assert_eq!(replaced, ["f/1.vtt"]);
    let transcript = store.catalog().capsule(c.id).await.unwrap().transcript;
    assert!(
        transcript.contains("ستة أثمان") && transcript.contains("trois quarts"),
        "{transcript}"
    );
    assert!(!transcript.contains("huitièmes"), "{transcript}");
    let worksheet = NewCapsuleFile {
        kind: FileKind::Worksheet,
        transcript: None,
        name: "fiche.pdf".into(),
        ..file(Locale::Fr, "f/4.pdf", "")
    };
    store.catalog().add_capsule_file(&worksheet).await.unwrap();
    let files = store.catalog().capsule_files(c.id).await.unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(
        store
            .catalog()
            .capsule_file(worksheet.id)
            .await
            .unwrap()
            .name,
        "fiche.pdf"
    );
}
on_both!(subtitles_replace_per_language_and_feed_the_transcript);

async fn uploads_advance_only_from_their_offset(store: TestStore) {
    let lesson = lesson(&store, "1AC", "MATH", "Fractions").await;
    let c = capsule(&store, &lesson, "Simplifier").await;
    let user = pupil(&store, "U001").await;
    assert!(store
        .media_jobs()
        .create_upload(user.id, c.id, "v.mp4", 0)
        .await
        .is_err());
    let upload = store
        .media_jobs()
        .create_upload(user.id, c.id, "v.mp4", 100)
        .await
        .unwrap();
    assert!(store
        .media_jobs()
        .advance_upload(upload.id, 0, 60, Some("parts/a"))
        .await
        .unwrap());
    assert!(
        !store
            .media_jobs()
            .advance_upload(upload.id, 0, 60, Some("parts/b"))
            .await
            .unwrap(),
        "not at 0 any more"
    );
    assert!(
        !store
            .media_jobs()
            .advance_upload(upload.id, 60, 160, Some("parts/c"))
            .await
            .unwrap(),
        "past the end"
    );
    assert!(
        store
            .media_jobs()
            .advance_upload(upload.id, 60, 60, None)
            .await
            .unwrap(),
        "an empty chunk at the offset"
    );
    assert!(store
        .media_jobs()
        .advance_upload(upload.id, 60, 100, Some("parts/d"))
        .await
        .unwrap());
    let parts: Vec<(i64, i64, String)> = store
        .media_jobs()
        .upload_parts(upload.id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.from_byte, p.to_byte, p.part_key))
        .collect();
    assert_eq!(
        parts,
        [(0, 60, "parts/a".into()), (60, 100, "parts/d".into())],
        "only the parts whose offset moved"
    );
    assert!(store
        .media_jobs()
        .upload(upload.id)
        .await
        .unwrap()
        .is_complete());
    assert_eq!(
        store
            .media_jobs()
            .stale_uploads(store.clock().now() + Duration::hours(1))
            .await
            .unwrap()
            .len(),
        1
    );
    store.media_jobs().delete_upload(upload.id).await.unwrap();
    assert!(matches!(
        store.media_jobs().upload(upload.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.media_jobs().upload_parts(upload.id).await.unwrap(),
        []
    );
}
on_both!(uploads_advance_only_from_their_offset);

async fn concurrent_workers_never_take_the_same_job(store: TestStore) {
    let lesson = lesson(&store, "1AC", "MATH", "Fractions").await;
    for i in 0..6 {
        let c = capsule(&store, &lesson, &format!("C{i}")).await;
        store.media_jobs().add_media(&new_media(&c)).await.unwrap();
    }
    let mut tasks = Vec::new();
    for w in 0..6 {
        let store = store.store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .media_jobs()
                .claim_job(&format!("w{w}"), Duration::minutes(5))
                .await
                .unwrap()
                .map(|j| j.id)
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.extend(task.await.unwrap());
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!((ids.len(), count), (6, 6));
}
on_both!(concurrent_workers_never_take_the_same_job);

async fn publish_when_ready_publishes_on_the_first_ready_version(store: TestStore) {
    let lesson = lesson(&store, "1AC", "MATH", "Fractions").await;
    let c = capsule(&store, &lesson, "Simplifier").await;
    store.media_jobs().add_media(&new_media(&c)).await.unwrap();
    let waiting = store.catalog().publish_when_ready(c.id).await.unwrap();
    assert_eq!(
        (waiting.status, waiting.publish_when_ready),
        (CapsuleStatus::Processing, true)
    );
    transcode_next(&store).await;
    let done = store.catalog().capsule(c.id).await.unwrap();
    assert_eq!(
        (done.status, done.publish_when_ready),
        (CapsuleStatus::Published, false)
    );
    assert!(done.published_at.is_some());
    // Already playable: published at once.
    store.catalog().withdraw_capsule(c.id).await.unwrap();
    assert_eq!(
        store
            .catalog()
            .publish_when_ready(c.id)
            .await
            .unwrap()
            .status,
        CapsuleStatus::Published
    );
}
on_both!(publish_when_ready_publishes_on_the_first_ready_version);
