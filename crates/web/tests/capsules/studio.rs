//! The studio: forms, plain and resumable uploads, files and publishing.

use super::*;

async fn the_studio_creates_edits_and_publishes(backend: Backend) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let studio = producer(&app).await;
    let new = format!("/studio/new?lesson={}", lesson.id);
    let refused = app
        .post(
            &studio,
            &new,
            &[("title_ar", ""), ("title_fr", ""), ("language", "fr")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("aria-invalid=\"true\""),
        "{}",
        refused.body
    );
    let bad_school = app
        .post(
            &studio,
            &new,
            &[
                ("title_fr", "T"),
                ("language", "fr"),
                ("school_code", "NOPE"),
            ],
        )
        .await;
    assert_eq!(bad_school.status, StatusCode::UNPROCESSABLE_ENTITY);
    let created = app
        .post(
            &studio,
            &new,
            &[
                ("title_fr", "Simplifier une fraction"),
                ("language", "fr"),
                ("tags", "fractions, 1AC"),
                ("teacher", "Mme Alaoui"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page_path = created.location().to_string();
    let id: Uuid = page_path.rsplit('/').next().unwrap().parse().unwrap();
    let capsule = app.store.catalog().capsule(id).await.unwrap();
    assert_eq!(
        (capsule.status, capsule.tags.len()),
        (CapsuleStatus::Draft, 2)
    );
    let page = app.get(&studio, &page_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"video-upload\""));

    let publish = app
        .post(&studio, &format!("/studio/capsules/{id}/publish"), &[])
        .await;
    assert_eq!(publish.status, StatusCode::CONFLICT, "no video yet");
    let edit = app
        .post(
            &studio,
            &format!("/studio/capsules/{id}/edit"),
            &[
                ("title_fr", "Simplifier"),
                ("title_ar", "تبسيط"),
                ("language", "ar"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.catalog().capsule(id).await.unwrap().title_ar,
        "تبسيط"
    );

    // A plain-form upload: stored, recorded, queued.
    let empty = app
        .post_multipart(
            &studio,
            &format!("/studio/capsules/{id}/video"),
            &[],
            Some(("video", "v.mp4", b"")),
        )
        .await;
    assert_eq!(
        empty.location(),
        format!("/studio/capsules/{id}?error=empty-file")
    );
    let video = b"not really a video, the worker will say so".to_vec();
    let sent = app
        .post_multipart(
            &studio,
            &format!("/studio/capsules/{id}/video"),
            &[],
            Some(("video", "cours 1.mp4", &video)),
        )
        .await;
    assert_eq!(sent.location(), format!("/studio/capsules/{id}"));
    let versions = app.store.media_jobs().media_of_capsule(id).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        (versions[0].status, versions[0].source_name.as_str()),
        (MediaStatus::Queued, "cours 1.mp4")
    );
    assert_eq!(
        versions[0].source_sha256,
        hex::encode(Sha256::digest(&video))
    );
    let stored = app
        .state
        .media
        .get_bytes(&versions[0].source_key)
        .await
        .unwrap();
    assert_eq!(stored.as_ref(), video.as_slice());
    assert_eq!(
        app.store
            .media_jobs()
            .jobs_of_media(versions[0].id)
            .await
            .unwrap()[0]
            .kind,
        JobKind::Transcode
    );
    assert_eq!(
        app.store.catalog().capsule(id).await.unwrap().status,
        CapsuleStatus::Processing
    );
    let page = app.get(&studio, &page_path).await;
    assert!(
        page.body.contains("http-equiv=\"refresh\""),
        "the page follows processing"
    );

    // Files: subtitles become the transcript; bad ones are explained.
    let files = format!("/studio/capsules/{id}/files");
    let bad = add_file(&app, &studio, &files, "subtitles", "s.vtt", b"not vtt").await;
    assert_eq!(
        bad.location(),
        format!("/studio/capsules/{id}?error=not-webvtt")
    );
    let vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\nOn simplifie le numérateur\n";
    let ok = add_file(&app, &studio, &files, "subtitles", "s.vtt", vtt.as_bytes()).await;
    assert_eq!(ok.location(), format!("/studio/capsules/{id}"));
    assert!(app
        .store
        .catalog()
        .capsule(id)
        .await
        .unwrap()
        .transcript
        .contains("numérateur"));
    let not_pdf = add_file(&app, &studio, &files, "worksheet", "f.pdf", b"hello").await;
    assert_eq!(
        not_pdf.location(),
        format!("/studio/capsules/{id}?error=not-pdf")
    );
    let pdf = add_file(
        &app,
        &studio,
        &files,
        "worksheet",
        "fiche.pdf",
        b"%PDF-1.4 demo",
    )
    .await;
    assert_eq!(pdf.location(), format!("/studio/capsules/{id}"));
    let page = app
        .get(&studio, &format!("{page_path}?error=not-webvtt"))
        .await;
    assert!(page.body.contains("role=\"alert\""));

    // Withdraw and publish again, with a ready capsule.
    let (ready, _) = app.playable_capsule(lesson.id, "Prête", false, None).await;
    let published = app
        .post(
            &studio,
            &format!("/studio/capsules/{}/publish", ready.id),
            &[],
        )
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.catalog().capsule(ready.id).await.unwrap().status,
        CapsuleStatus::Published
    );
    app.post(
        &studio,
        &format!("/studio/capsules/{}/withdraw", ready.id),
        &[],
    )
    .await;
    assert_eq!(
        app.store.catalog().capsule(ready.id).await.unwrap().status,
        CapsuleStatus::Withdrawn
    );
    let listing = app.get(&studio, "/studio?status=withdrawn").await;
    assert!(listing
        .body
        .contains(&format!("/studio/capsules/{}", ready.id)));
    let coverage = app.get(&studio, "/studio/coverage?level=1AC").await;
    assert_eq!(coverage.status, StatusCode::OK);
    assert!(
        coverage
            .body
            .contains(&format!("/studio/new?lesson={}", lesson.id)),
        "the lesson has no published capsule: listed, with a link to add one"
    );
}
on_both!(the_studio_creates_edits_and_publishes);

async fn resumable_uploads_continue_where_they_stopped(backend: Backend) {
    let mut app = TestApp::on(backend).await;
    let first_node = tempfile::tempdir().unwrap();
    let second_node = tempfile::tempdir().unwrap();
    app.switch_node(first_node.path().to_path_buf());
    let lesson = lesson(&app).await;
    let (capsule, _) = app
        .playable_capsule(lesson.id, "Simplifier", false, None)
        .await;
    let studio = producer(&app).await;
    let video: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let meta = format!(
        "capsule {},filename {}",
        base64_of(&capsule.id.to_string()),
        base64_of("leçon.mp4")
    );
    let csrf = format!("?csrf={}", studio.csrf);
    let created = app
        .request(
            &studio,
            "POST",
            &format!("/uploads{csrf}"),
            &[
                ("Tus-Resumable", "1.0.0"),
                ("Upload-Length", "100000"),
                ("Upload-Metadata", &meta),
            ],
            Vec::new(),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let url = created.location().to_string();
    let chunk_url = format!("{url}{csrf}");
    let first = tus_patch(&app, &studio, &chunk_url, 0, &video[..40_000]).await;
    assert_eq!(first.status, StatusCode::NO_CONTENT);
    assert_eq!(first.headers["upload-offset"], "40000");
    assert_eq!(
        std::fs::read_dir(first_node.path()).unwrap().count(),
        0,
        "the acknowledged chunk is in the media store, not on the node"
    );
    // The connection broke; the client comes back through another node, asks where it
    // stands, and a stale retry is refused.
    app.switch_node(second_node.path().to_path_buf());
    let head = app
        .request(
            &studio,
            "HEAD",
            &url,
            &[("Tus-Resumable", "1.0.0")],
            Vec::new(),
        )
        .await;
    assert_eq!(head.headers["upload-offset"], "40000");
    let stale = tus_patch(&app, &studio, &chunk_url, 0, &video[..40_000]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let last = tus_patch(&app, &studio, &chunk_url, 40_000, &video[40_000..]).await;
    assert_eq!(last.status, StatusCode::NO_CONTENT);
    assert_eq!(
        last.headers["lawha-capsule-page"],
        format!("/studio/capsules/{}", capsule.id).as_str()
    );
    let versions = app
        .store
        .media_jobs()
        .media_of_capsule(capsule.id)
        .await
        .unwrap();
    let newest = &versions[0];
    assert_eq!(
        (newest.status, newest.source_name.as_str()),
        (MediaStatus::Queued, "leçon.mp4")
    );
    assert_eq!(newest.source_sha256, hex::encode(Sha256::digest(&video)));
    assert!(
        app.state.media.get_bytes(&newest.source_key).await.unwrap() == video,
        "the parts from both nodes were joined in order"
    );
    assert_eq!(
        app.state.media.list("uploads").await.unwrap(),
        [],
        "the parts are deleted once joined"
    );
    assert_eq!(std::fs::read_dir(second_node.path()).unwrap().count(), 0);
    assert_eq!(
        app.store
            .catalog()
            .capsule(capsule.id)
            .await
            .unwrap()
            .media_id,
        Some(versions[1].id),
        "the old version plays meanwhile"
    );
    // Finished uploads are gone; another person's are not visible.
    assert_eq!(
        app.request(&studio, "HEAD", &url, &[], Vec::new())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let too_big = app
        .request(
            &studio,
            "POST",
            &format!("/uploads{csrf}"),
            &[
                ("Upload-Length", "99999999999999"),
                ("Upload-Metadata", &meta),
            ],
            Vec::new(),
        )
        .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    let no_token = app
        .request(
            &studio,
            "POST",
            "/uploads",
            &[("Upload-Length", "10"), ("Upload-Metadata", &meta)],
            Vec::new(),
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
}
on_both!(resumable_uploads_continue_where_they_stopped);

/// Four chunks sent at once at the same offset (a client retrying over a flaky link while
/// the first try still runs): one is acknowledged, and the file joined is that one's bytes.
async fn racing_chunks_keep_the_acknowledged_bytes(backend: Backend) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let (capsule, _) = app
        .playable_capsule(lesson.id, "Simplifier", false, None)
        .await;
    let studio = producer(&app).await;
    let meta = format!(
        "capsule {},filename {}",
        base64_of(&capsule.id.to_string()),
        base64_of("course.mp4")
    );
    let csrf = format!("?csrf={}", studio.csrf);
    for round in 0..4 {
        let created = app
            .request(
                &studio,
                "POST",
                &format!("/uploads{csrf}"),
                &[("Upload-Length", "50000"), ("Upload-Metadata", &meta)],
                Vec::new(),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let url = format!("{}{csrf}", created.location());
        let videos: Vec<Vec<u8>> = (0..4u32)
            .map(|k| {
                (0..50_000u32)
                    .map(|i| ((i * (k + 1) + k) % 251) as u8)
                    .collect()
            })
            .collect();
        let patches = videos
            .iter()
            .map(|video| tus_patch(&app, &studio, &url, 0, video));
        let statuses: Vec<StatusCode> = futures_util::future::join_all(patches)
            .await
            .into_iter()
            .map(|resp| resp.status)
            .collect();
        let acknowledged: Vec<usize> = (0..4)
            .filter(|k| statuses[*k] == StatusCode::NO_CONTENT)
            .collect();
        assert_eq!(
            acknowledged.len(),
            1,
            "{backend:?}, round {round}: {statuses:?}"
        );
        // The others are refused: at the offset (409), or once the upload is done (404).
        let refused = [StatusCode::CONFLICT, StatusCode::NOT_FOUND];
        assert!(
            statuses
                .iter()
                .all(|s| *s == StatusCode::NO_CONTENT || refused.contains(s)),
            "{statuses:?}"
        );
        let newest = &app
            .store
            .media_jobs()
            .media_of_capsule(capsule.id)
            .await
            .unwrap()[0];
        assert!(
            app.state.media.get_bytes(&newest.source_key).await.unwrap() == videos[acknowledged[0]],
            "{backend:?}, round {round}: the joined file is not the acknowledged chunk"
        );
        assert_eq!(
            app.state.media.list("uploads").await.unwrap(),
            [],
            "refused chunks leave no part behind"
        );
    }
}
on_both!(racing_chunks_keep_the_acknowledged_bytes);
