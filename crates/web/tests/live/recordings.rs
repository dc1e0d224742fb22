//! The session page's recordings and the host's controls when things fail: a failed
//! recording shown with its translated reason and code and a retry button, retried by the
//! host only (back to pending for the worker), even while the engine is down; ending while
//! the engine is down says so and loses nothing. (The teacher reads Arabic.)

use lawha_core::live::RecordingStatus;
use lawha_core::Scope;
use lawha_store::live::recordings::RecordingMove;

use super::*;

/// A session of class A that ran (the pupil came), with one recording failed with `reason`.
async fn failed_recording(w: &World, reason: &str) -> (Uuid, Uuid) {
    let id = w.class_session("Soudure").await;
    w.set_time(w.start);
    let live = w.app.state.store.live();
    let recording = live
        .add_recording(id, "rec-0001", w.start + Duration::minutes(2))
        .await
        .unwrap();
    live.move_recording(recording.id, &RecordingMove::Converting)
        .await
        .unwrap();
    live.move_recording(
        recording.id,
        &RecordingMove::Failed {
            reason: reason.into(),
        },
    )
    .await
    .unwrap();
    (id, recording.id)
}

on_both!(a_failed_recording_is_shown_and_retried_by_its_host);
async fn a_failed_recording_is_shown_and_retried_by_its_host(backend: Backend) {
    let w = world(backend).await;
    let (id, recording) = failed_recording(&w, "live-media-not-media").await;
    let retry = format!("/live/{id}/recordings/{recording}/retry");

    // The host sees why, in words and with its code, and the retry button.
    let page = w.app.get(&w.teacher, &format!("/live/{id}")).await;
    assert!(
        page.body.contains("رفضت سلسلة معالجة الفيديو ملف التسجيل."),
        "{}",
        page.body
    );
    assert!(page.body.contains("<code>live-media-not-media</code>"));
    assert!(page.body.contains(&format!("action=\"{retry}\"")));
    // The pupil sees no recordings; neither they nor an outsider may retry.
    let pupil_page = w.app.get(&w.pupil_client, &format!("/live/{id}")).await;
    assert!(!pupil_page.body.contains(&retry));
    assert_eq!(
        w.app.post(&w.pupil_client, &retry, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.app.post(&w.outsider, &retry, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    let status = |w: &World| {
        let store = w.app.state.store.clone();
        async move { store.live().recording(recording).await.unwrap().status }
    };
    assert_eq!(status(&w).await, RecordingStatus::Failed);

    // The host retries while the engine is down: nothing is asked of it, the recording
    // waits as pending for the worker.
    w.engine.down.store(true, Ordering::SeqCst);
    let resp = w.app.post(&w.teacher, &retry, &[]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(status(&w).await, RecordingStatus::Pending);
    let page = w.app.get(&w.teacher, &format!("/live/{id}")).await;
    assert!(!page.body.contains(&format!("action=\"{retry}\"")));
    assert!(page.body.contains("في الانتظار"), "{}", page.body);
    // A recording that is not failed cannot be retried; another session's is not found.
    let again = w.app.post(&w.teacher, &retry, &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("ليس في حالة فشل"), "{}", again.body);
    let other = {
        let now = w.app.state.now();
        let draft = lawha_core::live::SessionDraft {
            title: "Autre".into(),
            host: w.app.state.store.live().session(id).await.unwrap().host_id,
            audience: lawha_core::live::Audience::Class(w.class_a.id),
            starts_at: w.start + Duration::days(1),
            ends_at: w.start + Duration::days(1) + Duration::hours(1),
            repeat: lawha_core::live::Repeat::Once,
            zone: ZONE,
        };
        let valid = draft.validate(now).unwrap();
        let host = draft.host;
        w.app
            .state
            .store
            .live()
            .schedule(host, &valid)
            .await
            .unwrap()
            .id
    };
    let resp = w
        .app
        .post(
            &w.teacher,
            &format!("/live/{other}/recordings/{recording}/retry"),
            &[],
        )
        .await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND);

    // A code with no message of its own is still shown, in general words and with the code.
    let (id, _) = {
        let live = w.app.state.store.live();
        let r = live
            .add_recording(id, "rec-0002", w.start + Duration::minutes(3))
            .await
            .unwrap();
        live.move_recording(r.id, &RecordingMove::Converting)
            .await
            .unwrap();
        live.move_recording(
            r.id,
            &RecordingMove::Failed {
                reason: "live-something-new".into(),
            },
        )
        .await
        .unwrap();
        (id, r.id)
    };
    let page = w.app.get(&w.teacher, &format!("/live/{id}")).await;
    assert!(
        page.body.contains("فشل تحويل التسجيل.")
            && page.body.contains("<code>live-something-new</code>"),
        "{}",
        page.body
    );
}

on_both!(ending_while_the_engine_is_down_says_so_and_loses_nothing);
async fn ending_while_the_engine_is_down_says_so_and_loses_nothing(backend: Backend) {
    let w = world(backend).await;
    let id = w.class_session("Panne à la fin").await;
    w.set_time(w.start);
    let joined = w
        .app
        .post(&w.pupil_client, &format!("/live/{id}/join"), &[])
        .await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    w.engine.set_present(&[w.pupil.id]);
    let engine: &dyn lawha_web::LiveRooms = w.engine.as_ref();
    poll_once(&w.app.state.store, engine, w.app.state.now())
        .await
        .unwrap();

    w.set_time(w.start + Duration::minutes(30));
    w.engine.down.store(true, Ordering::SeqCst);
    let resp = w
        .app
        .post(&w.teacher, &format!("/live/{id}/end"), &[])
        .await;
    assert_eq!(resp.status, StatusCode::CONFLICT, "{}", resp.body);
    assert!(
        resp.body.contains("لا تستجيب"),
        "a clear message: {}",
        resp.body
    );
    assert_eq!(w.engine.ended(), 0);
    let live = w.app.state.store.live();
    let session = live.session(id).await.unwrap();
    assert_eq!(
        session.engine_failure.map(|f| f.code).as_deref(),
        Some("live-engine-down")
    );
    // The room, and the pupil's presence so far, are kept; once the engine is back the
    // host ends it and the pupil's leave is stored then.
    assert!(live.engine_room(id).await.unwrap().is_some());
    assert_eq!(live.occurrence_events(id, w.start).await.unwrap().len(), 1);
    w.engine.down.store(false, Ordering::SeqCst);
    let resp = w
        .app
        .post(&w.teacher, &format!("/live/{id}/end"), &[])
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(w.engine.ended(), 1);
    assert_eq!(live.occurrence_events(id, w.start).await.unwrap().len(), 2);
}

on_both!(administrators_in_scope_oversee_a_session_and_retry_its_recording);
/// The school's administrator and the region's see the session page with its attendance
/// and recordings, take the CSV and retry a failed recording, but neither join nor end it;
/// another school's administrator, and a teacher of the school who does not host it, get
/// "not found".
async fn administrators_in_scope_oversee_a_session_and_retry_its_recording(backend: Backend) {
    let w = world(backend).await;
    let (id, recording) = failed_recording(&w, "live-files").await;
    let retry = format!("/live/{id}/recordings/{recording}/retry");
    let region_a = Scope::Region {
        region: w.school_a.region_id,
    };
    w.app
        .user(
            "Directrice A",
            "dir.a@example.ma",
            &[(Role::SchoolAdmin, w.school_a.scope())],
        )
        .await;
    w.app
        .user(
            "AREF A",
            "aref.a@example.ma",
            &[(Role::RegionalAdmin, region_a)],
        )
        .await;
    w.app
        .user(
            "Directeur B",
            "dir.b@example.ma",
            &[(Role::SchoolAdmin, w.school_b.scope())],
        )
        .await;
    w.app
        .user(
            "Prof A2",
            "prof.a2@example.ma",
            &[(Role::Teacher, w.school_a.scope())],
        )
        .await;
    let head = w.app.sign_in("dir.a@example.ma", PASSWORD).await;
    let aref = w.app.sign_in("aref.a@example.ma", PASSWORD).await;
    let other_head = w.app.sign_in("dir.b@example.ma", PASSWORD).await;
    let colleague = w.app.sign_in("prof.a2@example.ma", PASSWORD).await;

    for admin in [&head, &aref] {
        let page = w.app.get(admin, &format!("/live/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body.contains("id=\"att-h\""),
            "attendance: {}",
            page.body
        );
        assert!(
            page.body.contains("<code>live-files</code>"),
            "{}",
            page.body
        );
        assert!(page.body.contains(&format!("action=\"{retry}\"")));
        assert!(!page.body.contains(&format!("action=\"/live/{id}/end\"")));
        assert!(!page.body.contains(&format!("action=\"/live/{id}/join\"")));
        let csv = w
            .app
            .get(admin, &format!("/live/{id}/attendance.csv"))
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(
            w.app
                .post(admin, &format!("/live/{id}/join"), &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            w.app
                .post(admin, &format!("/live/{id}/end"), &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    for outsider in [&other_head, &colleague] {
        assert_eq!(
            w.app.get(outsider, &format!("/live/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            w.app.post(outsider, &retry, &[]).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            w.app
                .get(outsider, &format!("/live/{id}/attendance.csv"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    let resp = w.app.post(&aref, &retry, &[]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let status = w
        .app
        .state
        .store
        .live()
        .recording(recording)
        .await
        .unwrap()
        .status;
    assert_eq!(status, RecordingStatus::Pending);
}
