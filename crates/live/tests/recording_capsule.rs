//! Recordings become draft capsules, on both databases: a real Janus recording (the
//! committed `.mjr` tracks of `fixtures/janus`, placed under the VideoRoom's file names for
//! the host's participant id) discovered, converted with `janus-pp-rec`, joined with ffmpeg,
//! ingested as a draft capsule of the placeholder lesson, whose version the media worker
//! makes ready with its ladder and sound-only rung; a corrupt track failed with its reason,
//! then retried once fixed without a second capsule or version; a conversion a crash left
//! half-way failed as interrupted; a session without a lesson, and BigBlueButton, failed with
//! their reasons; and the serving node's rounds finding an ended session's recording with no
//! one naming the session, only once the occurrence has ended and settled.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use lawha_core::capsule::{CapsuleStatus, MediaStatus};
use lawha_core::live::{Audience, RecordingStatus, Repeat, SessionDraft, ValidSession};
use lawha_core::role::Grant;
use lawha_core::{Clock, Role as PersonRole, Scope};
use lawha_live::bbb::{BbbClient, BbbConfig};
use lawha_live::janus::{participant, JanusClient, JanusConfig};
use lawha_live::to_capsule::{discover, ended, Outcome, RecordingWorker};
use lawha_live::{Engine, Role, Secret};
use lawha_media::manifest::{MediaManifest, RenditionKind};
use lawha_media::storage::MediaStorage;
use lawha_media::worker::{Worker, WorkerConfig};
use lawha_media::Tools;
use lawha_store::live::engine::EngineRoom;
use lawha_store::live::recording_work::capsule_ref;
use lawha_store::live::recordings::RecordingMove;
use lawha_store::testing::{self, school_with_class, TestStore};
use lawha_store::{on_both, NewUser, Store};
use uuid::Uuid;

const ROOM: &str = "0123456789abcdef0123456789abcdef";
const ROOM_SECRET: &str = "room-secret-for-the-test-0123456789";

/// 2026-10-`day` at `hour`:`minute` UTC.
fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, day, hour, minute, 0)
        .single()
        .unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/janus")
        .join(name)
}

async fn person(store: &Store, name: &str, role: PersonRole, scope: Scope) -> Uuid {
    let grant = Grant::new(role, scope).unwrap();
    let code = format!("L{}", &Uuid::now_v7().simple().to_string()[20..]);
    store
        .accounts()
        .create_user_with_grant(
            &NewUser {
                display_name: name.into(),
                email: Some(format!("{code}@lawha.test")),
                pupil_code: None,
                password: testing::PUPIL_PASSWORD.into(),
                locale: Some(lawha_core::Locale::Fr),
                must_change_password: false,
            },
            Some(&grant),
        )
        .await
        .unwrap()
        .id
}

fn draft(host: Uuid, audience: Audience) -> ValidSession {
    SessionDraft {
        title: "Atelier soudure".into(),
        host,
        audience,
        starts_at: at(5, 9, 0),
        ends_at: at(5, 10, 0),
        repeat: Repeat::Once,
        zone: chrono_tz::Africa::Casablanca,
    }
    .validate(at(1, 8, 0))
    .unwrap()
}

/// Janus's engine over `recordings` (nothing here calls its HTTP API).
fn janus(recordings: &Path) -> Engine {
    Engine::Janus(
        JanusClient::new(JanusConfig {
            api_url: "http://127.0.0.1:9/janus".parse().unwrap(),
            admin_key: Secret::new("test-admin-key-0123456789"),
            public_path: "/janus".into(),
            recordings_dir: recordings.to_path_buf(),
            timeout: Duration::from_secs(1),
        })
        .unwrap(),
    )
}

/// Puts `tracks` (fixture, kind, index) into the room's folder as the VideoRoom names the
/// tracks of `participant`, started 2 minutes into the session.
fn place_tracks(recordings: &Path, participant: &str, tracks: &[(&str, &str, u32)]) -> PathBuf {
    let folder = recordings.join(ROOM);
    std::fs::create_dir_all(&folder).unwrap();
    let started_us = at(5, 9, 2).timestamp_micros();
    let mut last = PathBuf::new();
    for (file, kind, index) in tracks {
        last = folder.join(format!(
            "videoroom-{ROOM}-user-{participant}-{started_us}-{kind}-{index}.mjr"
        ));
        std::fs::copy(fixture(file), &last).unwrap();
    }
    last
}

struct Setup {
    teacher: Uuid,
    school: Uuid,
    session: Uuid,
    admin: Uuid,
    class: Uuid,
}

/// A class, its MATH teacher who schedules a session with a room, and the school's admin.
async fn setup(store: &Store) -> Setup {
    let (school, class) = school_with_class(store, "06", "REC").await;
    let school_scope = Scope::School {
        region: school.region_id,
        school: school.id,
    };
    let teacher = person(store, "Mme Alaoui", PersonRole::Teacher, school_scope).await;
    store
        .accounts()
        .assign_teacher(class.id, teacher, Some("MATH"))
        .await
        .unwrap();
    let admin = person(store, "Directrice", PersonRole::SchoolAdmin, school_scope).await;
    let session = store
        .live()
        .schedule(teacher, &draft(teacher, Audience::Class(class.id)))
        .await
        .unwrap();
    store
        .live()
        .attach_room(
            session.id,
            &EngineRoom {
                room_id: ROOM.into(),
                secret: ROOM_SECRET.into(),
            },
        )
        .await
        .unwrap();
    Setup {
        teacher,
        school: school.id,
        session: session.id,
        admin,
        class: class.id,
    }
}

fn worker<'a>(
    store: &'a Store,
    storage: &'a MediaStorage,
    tools: &'a Tools,
    engine: &'a Engine,
    scratch: &Path,
) -> RecordingWorker<'a> {
    RecordingWorker {
        store,
        storage,
        tools,
        engine,
        work_dir: scratch.to_path_buf(),
        stale_after: Duration::from_secs(3600),
        settle: Duration::from_secs(180),
    }
}

/// The host's screen and sound become a draft capsule whose version the media worker makes
/// ready with a ladder and a sound-only rung; a pupil's recording is not taken; a second run
/// makes nothing more.
async fn a_janus_recording_becomes_a_draft_capsule_that_plays(test: TestStore) {
    let clock = Clock::fixed(at(1, 8, 0));
    let store = test.store.clone().with_clock(clock.clone());
    let s = setup(&store).await;
    let recordings = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let secret = Secret::new(ROOM_SECRET);
    let host = participant::id_for(&secret, s.teacher, Role::Moderator);
    place_tracks(
        recordings.path(),
        &host,
        &[
            ("sound-opus.mjr", "audio", 0),
            ("screen-vp8.mjr", "video", 1),
        ],
    );
    let pupil = participant::id_for(&secret, Uuid::now_v7(), Role::Viewer);
    place_tracks(recordings.path(), &pupil, &[("sound-opus.mjr", "audio", 0)]);
    clock.advance(chrono::Duration::days(4) + chrono::Duration::hours(2));

    let engine = janus(recordings.path());
    let found = discover(&store, &engine, s.session).await.unwrap();
    assert_eq!(found.len(), 1, "the host's recording only: {found:?}");
    assert_eq!(found[0].engine_recording_id, format!("{ROOM}/{host}"));
    assert_eq!(found[0].occurrence_start, at(5, 9, 0));
    // The pupil's voice is deleted, the host's recording kept.
    let files: Vec<String> = walkdir(recordings.path());
    assert!(files.iter().all(|f| !f.contains(&pupil)), "{files:?}");
    assert!(files.iter().any(|f| f.contains(&host)), "{files:?}");
    let again = discover(&store, &engine, s.session).await.unwrap();
    assert_eq!(again, found, "discovering twice records nothing more");

    let storage = MediaStorage::in_memory();
    let tools = Tools::locate(None).unwrap();
    let recorder = worker(&store, &storage, &tools, &engine, scratch.path());
    let done = recorder.run_pending(10).await.unwrap();
    let [(id, Outcome::Ready { capsule })] = done.as_slice() else {
        panic!("one recording made ready: {done:?}");
    };
    assert_eq!(*id, found[0].id);
    let recording = store.live().recording(*id).await.unwrap();
    assert_eq!(
        (recording.status, recording.capsule_id),
        (RecordingStatus::Ready, Some(*capsule))
    );
    assert!(
        std::fs::read_dir(scratch.path()).unwrap().next().is_none(),
        "scratch space cleaned"
    );

    // A draft of the placeholder lesson, restricted to the school, the host's.
    let made = store.catalog().capsule(*capsule).await.unwrap();
    assert_eq!(made.status, CapsuleStatus::Processing);
    assert_eq!(made.school_id, Some(s.school));
    assert_eq!(made.created_by, Some(s.teacher));
    assert_eq!(made.teacher, "Mme Alaoui");
    assert_eq!(made.title_fr, "Atelier soudure — 2026-10-05 10:00");
    let lesson = store.catalog().lesson(made.lesson_id).await.unwrap();
    assert_eq!(lesson.title_fr, "Enregistrements des séances en direct");

    // The media worker makes its version: a ladder of the screen and a sound-only rung.
    let media = Worker::new(
        store.clone(),
        storage.clone(),
        tools.clone(),
        WorkerConfig::new("test-worker", scratch.path().to_path_buf()),
    );
    assert_eq!(media.run_until_idle().await.unwrap(), 1);
    let made = store.catalog().capsule(*capsule).await.unwrap();
    assert_eq!(
        made.status,
        CapsuleStatus::Ready,
        "ready to review, not published"
    );
    assert_eq!(made.published_at, None);
    let asset = store
        .media_jobs()
        .media(made.media_id.unwrap())
        .await
        .unwrap();
    assert_eq!(asset.status, MediaStatus::Ready);
    let manifest: MediaManifest = serde_json::from_str(asset.manifest.as_deref().unwrap()).unwrap();
    let kinds: Vec<RenditionKind> = manifest.renditions.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&RenditionKind::Video), "{kinds:?}");
    assert!(kinds.contains(&RenditionKind::Audio), "{kinds:?}");
    let video = manifest
        .renditions
        .iter()
        .find(|r| r.kind == RenditionKind::Video)
        .unwrap();
    assert_eq!(video.height, 144, "the screen's 180 lines, never upscaled");
    assert!(
        (2_500..=3_600).contains(&made.duration_ms.unwrap()),
        "{:?}",
        made.duration_ms
    );

    // Running again makes nothing more: one capsule, one version.
    assert!(recorder.run_pending(10).await.unwrap().is_empty());
    assert_eq!(recorder.process(*id).await.unwrap(), Outcome::Skipped);
    assert_eq!(
        store
            .media_jobs()
            .media_of_capsule(*capsule)
            .await
            .unwrap()
            .len(),
        1
    );
}
on_both!(a_janus_recording_becomes_a_draft_capsule_that_plays);

/// A corrupt sound track fails with its reason, nothing half-made; once the file is good, a
/// retry makes it ready — sound alone, under a still picture — in the capsule an earlier,
/// interrupted attempt had made, without a second version.
async fn a_corrupt_recording_fails_with_its_reason_and_a_retry_works(test: TestStore) {
    let clock = Clock::fixed(at(1, 8, 0));
    let store = test.store.clone().with_clock(clock.clone());
    let s = setup(&store).await;
    let recordings = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let host = participant::id_for(&Secret::new(ROOM_SECRET), s.teacher, Role::Moderator);
    let track = place_tracks(recordings.path(), &host, &[("sound-opus.mjr", "audio", 0)]);
    let bytes = std::fs::read(&track).unwrap();
    std::fs::write(&track, &bytes[..40]).unwrap();
    clock.advance(chrono::Duration::days(4) + chrono::Duration::hours(2));

    let engine = janus(recordings.path());
    let found = discover(&store, &engine, s.session).await.unwrap();
    let storage = MediaStorage::in_memory();
    let tools = Tools::locate(None).unwrap();
    let recorder = worker(&store, &storage, &tools, &engine, scratch.path());
    let done = recorder.run_pending(10).await.unwrap();
    assert_eq!(
        done,
        [(
            found[0].id,
            Outcome::Failed {
                reason: "live-conversion-failed".into()
            }
        )]
    );
    let failed = store.live().recording(found[0].id).await.unwrap();
    assert_eq!(
        (failed.status, failed.failure.as_deref()),
        (RecordingStatus::Failed, Some("live-conversion-failed"))
    );
    assert_eq!(store.live().recordings(s.session).await.unwrap().len(), 1);
    let reference = capsule_ref(found[0].id);
    assert_eq!(
        store.catalog().capsule_by_ref(&reference).await.unwrap(),
        None
    );
    // Failed stays failed until someone retries.
    assert!(recorder.run_pending(10).await.unwrap().is_empty());

    // An earlier attempt had made the capsule and its version before dying.
    let session = store.live().session(s.session).await.unwrap();
    let place = store
        .live()
        .recording_place(&session)
        .await
        .unwrap()
        .unwrap();
    let earlier = store
        .live()
        .recording_capsule(&failed, &session, &place)
        .await
        .unwrap();
    std::fs::write(&track, &bytes).unwrap();
    let good = scratch.path().join("earlier.mkv");
    lawha_media::recording::mux_recording(
        &tools,
        None,
        Some(lawha_media::recording::TrackFile {
            path: &fixture_opus(&tools, scratch.path()).await,
            offset_s: 0.0,
        }),
        &good,
    )
    .await
    .unwrap();
    lawha_media::ingest::ingest_source(
        &storage,
        &store,
        &lawha_media::ingest::Source {
            capsule_id: earlier.id,
            created_by: None,
            name: "earlier.mkv".into(),
            bytes: std::fs::metadata(&good).unwrap().len(),
            path: good.clone(),
            sha256: None,
        },
    )
    .await
    .unwrap();
    std::fs::remove_file(&good).unwrap();

    store
        .live()
        .move_recording(found[0].id, &RecordingMove::Retry)
        .await
        .unwrap();
    let done = recorder.run_pending(10).await.unwrap();
    assert_eq!(
        done,
        [(
            found[0].id,
            Outcome::Ready {
                capsule: earlier.id
            }
        )]
    );
    assert_eq!(
        store
            .media_jobs()
            .media_of_capsule(earlier.id)
            .await
            .unwrap()
            .len(),
        1,
        "no second version"
    );

    // Sound alone still makes a capsule: a still picture under it, and its sound-only rung.
    let media = Worker::new(
        store.clone(),
        storage.clone(),
        tools.clone(),
        WorkerConfig::new("test-worker", scratch.path().to_path_buf()),
    );
    assert_eq!(media.run_until_idle().await.unwrap(), 1);
    let made = store.catalog().capsule(earlier.id).await.unwrap();
    let versions = store
        .media_jobs()
        .media_of_capsule(earlier.id)
        .await
        .unwrap();
    assert_eq!(made.status, CapsuleStatus::Ready, "{versions:?}");
    let asset = store
        .media_jobs()
        .media(made.media_id.unwrap())
        .await
        .unwrap();
    let manifest: MediaManifest = serde_json::from_str(asset.manifest.as_deref().unwrap()).unwrap();
    assert!(manifest
        .renditions
        .iter()
        .any(|r| r.kind == RenditionKind::Audio));
}
on_both!(a_corrupt_recording_fails_with_its_reason_and_a_retry_works);

/// The sound fixture converted, for the earlier attempt's version.
async fn fixture_opus(_tools: &Tools, dir: &Path) -> PathBuf {
    let out = dir.join("fixture-track");
    std::fs::create_dir_all(&out).unwrap();
    lawha_live::janus::convert_recording(&fixture("sound-opus.mjr"), &out)
        .unwrap()
        .path
}

/// A conversion a crash left half-way is failed as interrupted once stale; a session whose
/// host teaches no subject there has no lesson for its recording; BigBlueButton's recordings
/// are not supported. Each stays listed with its reason.
async fn unfinished_unplaced_and_unsupported_recordings_fail_with_reasons(test: TestStore) {
    let clock = Clock::fixed(at(1, 8, 0));
    let store = test.store.clone().with_clock(clock.clone());
    let s = setup(&store).await;
    let scratch = tempfile::tempdir().unwrap();
    let recordings = tempfile::tempdir().unwrap();
    let storage = MediaStorage::in_memory();
    let tools = Tools::locate(None).unwrap();
    let live = store.live();
    clock.advance(chrono::Duration::days(4) + chrono::Duration::hours(2));

    let stuck = live
        .add_recording(s.session, "0123/interrupted", at(5, 9, 5))
        .await
        .unwrap();
    live.move_recording(stuck.id, &RecordingMove::Converting)
        .await
        .unwrap();
    let engine = janus(recordings.path());
    let recorder = worker(&store, &storage, &tools, &engine, scratch.path());
    assert!(recorder.run_pending(10).await.unwrap().is_empty());
    assert_eq!(
        live.recording(stuck.id).await.unwrap().status,
        RecordingStatus::Converting,
        "not stale yet"
    );
    clock.advance(chrono::Duration::hours(2));
    assert!(recorder.run_pending(10).await.unwrap().is_empty());
    let interrupted = live.recording(stuck.id).await.unwrap();
    assert_eq!(
        (interrupted.status, interrupted.failure.as_deref()),
        (RecordingStatus::Failed, Some("live-recording-interrupted"))
    );

    // The school's admin hosts a session of the class but teaches nothing in it.
    let admins = live
        .schedule(
            s.admin,
            &SessionDraft {
                starts_at: at(12, 9, 0),
                ends_at: at(12, 10, 0),
                ..draft_fields(s.admin, Audience::Class(s.class))
            }
            .validate(at(5, 13, 0))
            .unwrap(),
        )
        .await
        .unwrap();
    let unplaced = live
        .add_recording(admins.id, "0123/admin", at(12, 9, 5))
        .await
        .unwrap();
    assert_eq!(
        recorder.process(unplaced.id).await.unwrap(),
        Outcome::Failed {
            reason: "live-recording-no-lesson".into()
        }
    );

    let bbb = Engine::BigBlueButton(
        BbbClient::new(BbbConfig {
            api_url: "http://127.0.0.1:9/bigbluebutton/api/".parse().unwrap(),
            secret: Secret::new("bbb-secret-0123456789abcdef"),
            callback_base: "https://lawha.test/live/bbb/".parse().unwrap(),
            timeout: Duration::from_secs(1),
        })
        .unwrap(),
    );
    let on_bbb = live
        .add_recording(
            s.session,
            "183f0bf3a0982a127bdb8161e0c44eb696b3e75c-1761210000000",
            at(5, 9, 5),
        )
        .await
        .unwrap();
    let recorder = worker(&store, &storage, &tools, &bbb, scratch.path());
    assert_eq!(
        recorder.process(on_bbb.id).await.unwrap(),
        Outcome::Failed {
            reason: "live-unsupported".into()
        }
    );
    let listed = live.recordings(s.session).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|r| r.status == RecordingStatus::Failed));
}
on_both!(unfinished_unplaced_and_unsupported_recordings_fail_with_reasons);

fn draft_fields(host: Uuid, audience: Audience) -> SessionDraft {
    SessionDraft {
        title: "Réunion".into(),
        host,
        audience,
        starts_at: at(5, 9, 0),
        ends_at: at(5, 10, 0),
        repeat: Repeat::Once,
        zone: chrono_tz::Africa::Casablanca,
    }
}

/// `lawha serve`'s rounds: nothing is looked for while the session runs or just after its
/// end (a recording still being written is not taken), then the host's recording is found
/// and made a draft capsule with no session named; a later round makes nothing more, and
/// a session ended long ago is not asked again.
async fn an_ended_session_s_recording_is_found_and_converted_by_the_rounds(test: TestStore) {
    let clock = Clock::fixed(at(1, 8, 0));
    let store = test.store.clone().with_clock(clock.clone());
    let s = setup(&store).await;
    let recordings = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let host = participant::id_for(&Secret::new(ROOM_SECRET), s.teacher, Role::Moderator);
    place_tracks(
        recordings.path(),
        &host,
        &[
            ("sound-opus.mjr", "audio", 0),
            ("screen-vp8.mjr", "video", 1),
        ],
    );
    let engine = janus(recordings.path());
    let storage = MediaStorage::in_memory();
    let tools = Tools::locate(None).unwrap();
    let recorder = worker(&store, &storage, &tools, &engine, scratch.path());
    let set_time = |t: DateTime<Utc>| clock.advance(t - clock.now());

    // During the session (9:00-10:00) and one minute after its end: nothing looked for.
    for t in [at(5, 9, 30), at(5, 10, 1)] {
        set_time(t);
        assert!(recorder.round(10).await.unwrap().is_empty(), "{t}");
        assert!(store.live().recordings(s.session).await.unwrap().is_empty());
    }
    // Settled: found and converted, with no session named.
    set_time(at(5, 10, 5));
    let done = recorder.round(10).await.unwrap();
    let [(id, Outcome::Ready { .. })] = done.as_slice() else {
        panic!("the host's recording made a draft capsule: {done:?}");
    };
    let listed = store.live().recordings(s.session).await.unwrap();
    assert_eq!(listed.len(), 1, "the host's only");
    assert_eq!(listed[0].id, *id);
    assert!(recorder.round(10).await.unwrap().is_empty());
    assert_eq!(store.live().recordings(s.session).await.unwrap().len(), 1);

    // Within six hours of the end it is still asked (and counts its one recording);
    // after that, no more.
    let discover_ended = |t: DateTime<Utc>| {
        set_time(t);
        lawha_live::to_capsule::discover_ended(&store, &engine, t, ended::settle())
    };
    assert_eq!(discover_ended(at(5, 15, 59)).await.unwrap(), 1);
    assert_eq!(discover_ended(at(5, 16, 1)).await.unwrap(), 0);
    // A shorter settling time (the browser test's knob) finds it sooner, and not before.
    let soon = |t: DateTime<Utc>| {
        set_time(t);
        lawha_live::to_capsule::discover_ended(&store, &engine, t, chrono::Duration::seconds(10))
    };
    assert_eq!(soon(at(5, 10, 0)).await.unwrap(), 0);
    assert_eq!(soon(at(5, 10, 1)).await.unwrap(), 1);
}
on_both!(an_ended_session_s_recording_is_found_and_converted_by_the_rounds);

/// Every file name under `dir`, one level of folders deep (a room's folder).
fn walkdir(dir: &std::path::Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            names.extend(walkdir(&path));
        } else {
            names.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    names
}
