//! What pupils and reviewers see: who sees which capsule, media with ranges and ETags,
//! watching progress, the data-saver choice and search.

use super::*;

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
    // The picture before play follows the choice: none for sound only, the thumbnail for the
    // lowest rung, the poster otherwise.
    assert!(
        !page.body.contains(" poster="),
        "sound only shows no picture"
    );
    // The thumbnail is the player script's to show (once the page has loaded, if the video
    // has not started): it never delays the player on a slow link.
    for (choice, image, attribute) in [
        ("lowest", "/thumb.jpg", " data-poster"),
        ("auto", "/poster.jpg", " poster"),
    ] {
        app.post(
            &client,
            "/profile/data-saver",
            &[("data_saver", choice), ("back", &back)],
        )
        .await;
        let page = app.get(&client, &back).await;
        assert!(attr(&page.body, attribute).ends_with(image), "{choice}");
    }
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
