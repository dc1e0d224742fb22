//! Capsules through the web, on SQLite and PostgreSQL: who sees which capsule, the player
//! page and its media (ranges, ETags, cache rules), watching progress counted once, the
//! data-saver choice, search, and the studio — forms, plain and resumable uploads, files,
//! publishing. Processing itself (ffmpeg) is tested in `lawha-media`; here versions are
//! the demo clip, already processed.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{Client, Resp, TestApp};
use lawha_core::capsule::{CapsuleStatus, MediaStatus};
use lawha_core::import::ClassLevel;
use lawha_core::{Role, Scope};
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::media_jobs::media::JobKind;
use lawha_store::on_both;
use lawha_store::Backend;
use sha2::{Digest, Sha256};
use uuid::Uuid;

async fn lesson(app: &TestApp) -> Lesson {
    let titles = |ar: &str, fr: &str| Titles {
        ar: ar.into(),
        fr: fr.into(),
    };
    let unit = app
        .store
        .catalog()
        .create_unit(
            &ClassLevel::Level("1AC".into()),
            "MATH",
            &titles("الكسور", "Les fractions"),
        )
        .await
        .unwrap();
    app.store
        .catalog()
        .create_lesson(unit.id, &titles("تبسيط كسر", "Simplifier une fraction"))
        .await
        .unwrap()
}

async fn producer(app: &TestApp) -> Client {
    app.user(
        "Studio",
        "studio@example.ma",
        &[(Role::Producer, Scope::National)],
    )
    .await;
    app.sign_in("studio@example.ma", common::PASSWORD).await
}

async fn pupil(app: &TestApp, school: Option<Scope>) -> (Client, Uuid) {
    let scope = match school {
        Some(scope) => scope,
        None => app.school_and_class("06", "SCH-P").await.1.scope(),
    };
    let user = app.user("Salma", "PUPIL01", &[(Role::Pupil, scope)]).await;
    (app.sign_in("PUPIL01", common::PASSWORD).await, user.id)
}

fn attr(body: &str, name: &str) -> String {
    let marker = format!("{name}=\"");
    let start = body
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no {name} in page"));
    let end = body[start..].find('"').unwrap();
    body[start..start + end].replace("&#38;", "&")
}

async fn who_sees_what(backend: Backend) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let (public, public_media) = app
        .playable_capsule(lesson.id, "Simplifier", true, None)
        .await;
    let (draft, draft_media) = app
        .playable_capsule(lesson.id, "Brouillon", false, None)
        .await;
    let (school, class) = app.school_and_class("01", "SCH-R").await;
    let (restricted, restricted_media) = app
        .playable_capsule(lesson.id, "Réservée", true, Some(school.id))
        .await;
    let visitor = app.visitor().await;

    let page = app.get(&visitor, &format!("/capsules/{}", public.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<video id=\"player\""), "{}", page.body);
    let mp4 = attr(&page.body, "<source src");
    assert_eq!(mp4, format!("/media/{}/download.mp4", public_media.id));
    assert_eq!(
        attr(&page.body, "data-master"),
        format!("/media/{}/master.m3u8", public_media.id)
    );
    assert_eq!(
        attr(&page.body, "data-audio"),
        format!("/media/{}/audio/index.m3u8", public_media.id)
    );
    assert!(
        !page.body.contains("data-progress"),
        "no progress reports without an account"
    );
    assert!(
        page.body.len() < 30_000,
        "the capsule page weighs {} bytes",
        page.body.len()
    );

    // Drafts and restricted capsules do not exist for outsiders.
    for id in [draft.id, restricted.id] {
        assert_eq!(
            app.get(&visitor, &format!("/capsules/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        app.get(&visitor, &format!("/media/{}/master.m3u8", draft_media.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let lesson_page = app.get(&visitor, &format!("/lessons/{}", lesson.id)).await;
    assert!(lesson_page.body.contains("Simplifier") && !lesson_page.body.contains("Brouillon"));
    let studio = producer(&app).await;
    assert_eq!(
        app.get(&studio, &format!("/capsules/{}", draft.id))
            .await
            .status,
        StatusCode::OK
    );
    assert!(app
        .get(&studio, &format!("/lessons/{}", lesson.id))
        .await
        .body
        .contains("Brouillon"));

    // A member of the school watches its restricted capsule, privately cached.
    let (member, _) = pupil(&app, Some(class.scope())).await;
    assert_eq!(
        app.get(&member, &format!("/capsules/{}", restricted.id))
            .await
            .status,
        StatusCode::OK
    );
    let media = app
        .get(
            &member,
            &format!("/media/{}/master.m3u8", restricted_media.id),
        )
        .await;
    assert_eq!(media.status, StatusCode::OK);
    assert_eq!(media.headers["cache-control"], "private, max-age=3600");
}
on_both!(who_sees_what);

/// Reviewing follows the admin scopes: an administrator sees unpublished and restricted
/// capsules meant for a school inside their scope, nothing else — neither the page nor
/// the media.
async fn administrators_review_only_inside_their_scope(backend: Backend) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let (ours, _) = app.school_and_class("01", "SCH-OURS").await;
    let (theirs, _) = app.school_and_class("01", "SCH-THEIRS").await;
    let (national_draft, national_media) = app
        .playable_capsule(lesson.id, "Brouillon national", false, None)
        .await;
    let (their_capsule, their_media) = app
        .playable_capsule(lesson.id, "Réservée ailleurs", true, Some(theirs.id))
        .await;
    let (our_draft, our_media) = app
        .playable_capsule(lesson.id, "Brouillon maison", false, Some(ours.id))
        .await;
    let region = |code: &str| {
        let store = app.store.store.clone();
        let code = code.to_string();
        async move { store.org().region_by_code(&code).await.unwrap().id }
    };
    let (north, east) = (region("01").await, region("02").await);
    let people = [
        ("school@example.ma", Role::SchoolAdmin, ours.scope()),
        (
            "north@example.ma",
            Role::RegionalAdmin,
            Scope::Region { region: north },
        ),
        (
            "east@example.ma",
            Role::RegionalAdmin,
            Scope::Region { region: east },
        ),
        ("minister@example.ma", Role::MinistryAdmin, Scope::National),
    ];
    for (login, role, scope) in people {
        app.user(login, login, &[(role, scope)]).await;
    }
    let capsules = [
        (&national_draft, &national_media),
        (&their_capsule, &their_media),
        (&our_draft, &our_media),
    ];
    // Who sees which of the three capsules.
    let expected = [
        ("school@example.ma", [false, false, true]),
        ("north@example.ma", [false, true, true]),
        ("east@example.ma", [false, false, false]),
        ("minister@example.ma", [true, true, true]),
    ];
    for (login, sees) in expected {
        let client = app.sign_in(login, common::PASSWORD).await;
        for ((capsule, media), sees) in capsules.iter().zip(sees) {
            let want = if sees {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            };
            let page = app.get(&client, &format!("/capsules/{}", capsule.id)).await;
            assert_eq!(page.status, want, "{login} on {}", capsule.title_fr);
            let file = app
                .get(&client, &format!("/media/{}/master.m3u8", media.id))
                .await;
            assert_eq!(file.status, want, "{login} on {}'s media", capsule.title_fr);
        }
        let listing = app.get(&client, &format!("/lessons/{}", lesson.id)).await;
        for ((capsule, _), sees) in capsules.iter().zip(sees) {
            assert_eq!(
                listing.body.contains(&capsule.title_fr),
                sees,
                "{login} listing {}",
                capsule.title_fr
            );
        }
    }
}
on_both!(administrators_review_only_inside_their_scope);

async fn media_is_served_with_ranges_etags_and_types(backend: Backend) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let (_, media) = app
        .playable_capsule(lesson.id, "Simplifier", true, None)
        .await;
    let visitor = app.visitor().await;
    let master = app
        .get(&visitor, &format!("/media/{}/master.m3u8", media.id))
        .await;
    assert_eq!(master.status, StatusCode::OK);
    assert_eq!(
        master.headers["content-type"],
        "application/vnd.apple.mpegurl"
    );
    assert_eq!(
        master.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(master.body.starts_with("#EXTM3U") && master.body.contains("144p/index.m3u8"));

    let path = format!("/media/{}/download.mp4", media.id);
    let whole = app.get(&visitor, &path).await;
    assert_eq!(whole.headers["content-type"], "video/mp4");
    assert!(
        whole.headers.get("content-encoding").is_none(),
        "media is never compressed"
    );
    let size: usize = whole.headers["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let part = app
        .request(
            &visitor,
            "GET",
            &path,
            &[("Range", "bytes=10-19")],
            Vec::new(),
        )
        .await;
    assert_eq!(part.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers["content-range"],
        format!("bytes 10-19/{size}").as_str()
    );
    assert_eq!(part.headers["content-length"], "10");
    let tail = app
        .request(&visitor, "GET", &path, &[("Range", "bytes=-4")], Vec::new())
        .await;
    assert_eq!(
        tail.headers["content-range"],
        format!("bytes {}-{}/{size}", size - 4, size - 1).as_str()
    );
    let beyond = app
        .request(
            &visitor,
            "GET",
            &path,
            &[("Range", &format!("bytes={size}-"))],
            Vec::new(),
        )
        .await;
    assert_eq!(beyond.status, StatusCode::RANGE_NOT_SATISFIABLE);
    let etag = whole.headers["etag"].to_str().unwrap().to_string();
    let again = app
        .request(
            &visitor,
            "GET",
            &path,
            &[("If-None-Match", &etag)],
            Vec::new(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let segment = app
        .get(&visitor, &format!("/media/{}/144p/seg_0000.ts", media.id))
        .await;
    assert_eq!(segment.headers["content-type"], "video/mp2t");
    for bad in ["../secret", "144p/../../x", "missing.ts"] {
        assert_eq!(
            app.get(&visitor, &format!("/media/{}/{bad}", media.id))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
    assert_eq!(
        app.get(&visitor, &format!("/media/{}/master.m3u8", Uuid::now_v7()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
on_both!(media_is_served_with_ranges_etags_and_types);

async fn progress_counts_once_and_resumes(backend: Backend) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let (capsule, _) = app
        .playable_capsule(lesson.id, "Simplifier", true, None)
        .await;
    let (client, user_id) = pupil(&app, None).await;
    let page = app.get(&client, &format!("/capsules/{}", capsule.id)).await;
    let url = attr(&page.body, "data-progress");
    assert!(url.contains("csrf="), "{url}");
    let event = Uuid::now_v7().to_string();
    let report = [
        ("event_id", event.as_str()),
        ("position_ms", "4000"),
        ("watched_pct", "50"),
    ];
    for _ in 0..2 {
        let resp = app.post_raw(&client, &url, &report).await;
        assert_eq!(resp.status, StatusCode::NO_CONTENT, "{}", resp.body);
    }
    let view = app
        .store
        .learning()
        .capsule_view(user_id, capsule.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((view.position_ms, view.watched_pct), (4000, 50.0));
    let events: i64 = app
        .store
        .learning()
        .count_watch_events(user_id)
        .await
        .unwrap();
    assert_eq!(events, 1, "a retried report counts once");
    let bad = app
        .post_raw(
            &client,
            &url,
            &[
                ("event_id", &Uuid::now_v7().to_string()),
                ("position_ms", "1"),
                ("watched_pct", "120"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Without the token: refused.
    let forged = app
        .post_raw(
            &client,
            &format!("/capsules/{}/progress", capsule.id),
            &report,
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let page = app.get(&client, &format!("/capsules/{}", capsule.id)).await;
    assert_eq!(attr(&page.body, "data-start"), "4");
    assert!(
        page.body.contains("download.mp4#t=4"),
        "the MP4 resumes without JavaScript too"
    );
    let home = app.get(&client, "/").await;
    assert!(
        home.body.contains(&format!("/capsules/{}", capsule.id)),
        "continue watching"
    );
}
on_both!(progress_counts_once_and_resumes);

async fn data_saver_is_remembered(backend: Backend) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let (capsule, _) = app
        .playable_capsule(lesson.id, "Simplifier", true, None)
        .await;
    let (client, _) = pupil(&app, None).await;
    let back = format!("/capsules/{}", capsule.id);
    let saved = app
        .post(
            &client,
            "/profile/data-saver",
            &[("data_saver", "audio"), ("back", &back)],
        )
        .await;
    assert_eq!(
        (saved.status, saved.location()),
        (StatusCode::SEE_OTHER, back.as_str())
    );
    let page = app.get(&client, &back).await;
    assert_eq!(attr(&page.body, "data-saver"), "audio");
    assert!(page.body.contains("value=\"audio\" checked"));
    let bad = app
        .post(
            &client,
            "/profile/data-saver",
            &[("data_saver", "hd"), ("back", &back)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let away = app
        .post(
            &client,
            "/profile/data-saver",
            &[("data_saver", "auto"), ("back", "//evil.example")],
        )
        .await;
    assert_eq!(away.location(), "/profile", "never an open redirect");
    // Browsers read `\` as `/` and drop tabs; control characters cannot be a header.
    for back in ["/\\evil.example", "/\t/evil.example", "/\u{1}", "/\u{7f}"] {
        let away = app
            .post(
                &client,
                "/profile/data-saver",
                &[("data_saver", "auto"), ("back", back)],
            )
            .await;
        assert_eq!(
            (away.status, away.location()),
            (StatusCode::SEE_OTHER, "/profile"),
            "{back:?}"
        );
    }
}
on_both!(data_saver_is_remembered);

async fn search_finds_published_capsules_in_both_scripts(backend: Backend) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let (public, _) = app
        .playable_capsule(lesson.id, "Les fractions égales", true, None)
        .await;
    let (draft, _) = app
        .playable_capsule(lesson.id, "Fractions brouillon", false, None)
        .await;
    let visitor = app.visitor().await;
    let found = app.get(&visitor, "/search?q=fractoins").await;
    assert!(
        found.body.contains(&format!("/capsules/{}", public.id)),
        "typo tolerated"
    );
    assert!(
        !found.body.contains(&format!("/capsules/{}", draft.id)),
        "drafts hidden"
    );
    let studio = producer(&app).await;
    assert!(app
        .get(&studio, "/search?q=fractions")
        .await
        .body
        .contains(&format!("/capsules/{}", draft.id)));
    let none = app.get(&visitor, "/search?q=zzzzqqq").await;
    assert!(none.body.contains("class=\"empty\""));
    let filtered = app.get(&visitor, "/search?q=fractions&level=2BAC-PC").await;
    assert!(
        !filtered.body.contains(&format!("/capsules/{}", public.id)),
        "level filter"
    );
}
on_both!(search_finds_published_capsules_in_both_scripts);

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

/// One tus `PATCH` of `bytes` at `offset`.
/// Posts the file `name` holding `bytes` to a capsule's `files` form, as a French file of
/// `kind`.
async fn add_file(
    app: &TestApp,
    studio: &Client,
    files: &str,
    kind: &str,
    name: &str,
    bytes: &[u8],
) -> Resp {
    let fields = [("kind", kind), ("language", "fr")];
    app.post_multipart(studio, files, &fields, Some(("file", name, bytes)))
        .await
}

async fn tus_patch(app: &TestApp, who: &Client, url: &str, offset: usize, bytes: &[u8]) -> Resp {
    let offset = offset.to_string();
    let headers = [
        ("Tus-Resumable", "1.0.0"),
        ("Upload-Offset", offset.as_str()),
        ("Content-Type", "application/offset+octet-stream"),
    ];
    app.request(who, "PATCH", url, &headers, bytes.to_vec())
        .await
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}
