//! What a producer and a teacher meet first (issue 19): sizes and dates in each language,
//! each in its own `<bdi>`; work not assigned twice.

use super::*;

/// A draft capsule of `lesson`, made through the studio: its id.
async fn draft(app: &TestApp, studio: &Client, lesson: &Lesson, title: &str) -> Uuid {
    let created = app
        .post(
            studio,
            &format!("/studio/new?lesson={}", lesson.id),
            &[("title_fr", title), ("language", "fr")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    created
        .location()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The version's file name, size and date each sit in their own `<bdi>`, the size and date
/// written for the page's language: no "clip.mp4 1.0 2026 م.ب · 4 دجنبر".
async fn the_studio_writes_sizes_and_dates_for_each_language(backend: Backend) {
    let app = TestApp::on(backend).await;
    let mut studio = producer(&app).await;
    let lesson = lesson(&app).await;
    let id = draft(&app, &studio, &lesson, "Fractions").await;
    let video = vec![7_u8; 1_500_000];
    let sent = app
        .post_multipart(
            &studio,
            &format!("/studio/capsules/{id}/video"),
            &[],
            Some(("video", "clip.mp4", &video)),
        )
        .await;
    assert_eq!(sent.location(), format!("/studio/capsules/{id}"));
    let page_path = format!("/studio/capsules/{id}");
    studio.set("lawha_lang", "fr".into());
    let fr = app.get(&studio, &page_path).await;
    assert!(
        fr.body.contains("<bdi class=\"file-name\">clip.mp4</bdi>"),
        "{}",
        fr.body
    );
    assert!(
        fr.body.contains("<bdi class=\"size\">1,5\u{a0}Mo</bdi>"),
        "{}",
        fr.body
    );
    let month = |body: &str| {
        let start = body.find("<bdi class=\"day\">").unwrap() + "<bdi class=\"day\">".len();
        body[start..start + body[start..].find("</bdi>").unwrap()].to_string()
    };
    let today = app.store.clock().now();
    let day_fr = month(&fr.body);
    assert!(
        day_fr.ends_with(&today.format(" %Y").to_string()),
        "{day_fr}"
    );
    assert!(!day_fr.contains('-'), "not ISO: {day_fr}");
    studio.set("lawha_lang", "ar".into());
    let ar = app.get(&studio, &page_path).await;
    assert!(
        ar.body.contains("<bdi class=\"size\">1.5\u{a0}م.ب</bdi>"),
        "{}",
        ar.body
    );
    let day_ar = month(&ar.body);
    assert!(
        day_ar
            .chars()
            .any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
            && !day_ar.contains('-'),
        "{day_ar}"
    );

    // A ready version: its report's measures and the master's loudness, per language.
    let (ready, _) = app.playable_capsule(lesson.id, "Prête", false, None).await;
    let ready_path = format!("/studio/capsules/{}", ready.id);
    let ar = app.get(&studio, &ready_path).await;
    assert!(
        ar.body.contains("(\u{2066}\u{2212}23\u{a0}LUFS\u{2069})"),
        "isolated in Arabic: {}",
        ar.body
    );
    assert!(ar
        .body
        .contains("<bdi dir=\"ltr\">\u{2212}23.0\u{a0}LUFS</bdi>"));
    studio.set("lawha_lang", "fr".into());
    let fr = app.get(&studio, &ready_path).await;
    assert!(
        fr.body.contains("(\u{2212}23\u{a0}LUFS)"),
        "the master's loudness"
    );
    assert!(fr
        .body
        .contains("<bdi dir=\"ltr\">\u{2212}23,0\u{a0}LUFS</bdi>"));
    assert!(
        fr.body.contains("<bdi class=\"size\">1\u{a0}octet</bdi>"),
        "one byte"
    );
}
on_both!(the_studio_writes_sizes_and_dates_for_each_language);

/// A teacher assigns a set; the pupil's to-do says its due date in words, in a `<bdi>`;
/// the same set again for the same pupils, while open, is refused at the field.
async fn due_dates_read_in_words_and_open_work_is_not_assigned_twice(backend: Backend) {
    let app = TestApp::on(backend).await;
    let (school, class) = app.school_and_class("06", "SCH-TODO").await;
    app.teacher_of(&school, &class, "Prof", "prof@example.ma")
        .await;
    app.user("Salma", "PUPIL42", &[(Role::Pupil, class.scope())])
        .await;
    let (_, set, _) = lawha_store::testing::practice_set(&app.store, &[]).await;
    let mut teacher = app.sign_in("prof@example.ma", common::PASSWORD).await;
    let due = app.store.clock().now().date_naive() + chrono::Duration::days(3);
    let assign = |due: chrono::NaiveDate| {
        let path = format!("/classes/{}/assignments", class.id);
        let work = format!("set:{}", set.id);
        let due = due.format("%Y-%m-%d").to_string();
        let app = &app;
        let teacher = teacher.clone();
        async move {
            app.post(
                &teacher,
                &path,
                &[("work", &work), ("due_on", &due), ("whole_class", "1")],
            )
            .await
        }
    };
    let first = assign(due).await;
    assert!(
        first.location().contains("done=assigned"),
        "{}",
        first.location()
    );

    let mut pupil = app.sign_in("PUPIL42", common::PASSWORD).await;
    pupil.set("lawha_lang", "fr".into());
    let home = app.get(&pupil, "/").await;
    let expected = format!(
        "<bdi>{}</bdi>",
        due.format_localized("%-d %B %Y", chrono::Locale::fr_FR)
    );
    assert!(home.body.contains(&expected), "{expected} in {}", home.body);
    assert!(
        !home.body.contains(&due.format("%Y-%m-%d").to_string()),
        "no ISO date"
    );
    pupil.set("lawha_lang", "ar".into());
    let home = app.get(&pupil, "/").await;
    let expected = format!(
        "<bdi>{}</bdi>",
        due.format_localized("%-d %B %Y", chrono::Locale::ar_MA)
    );
    assert!(home.body.contains(&expected), "{expected} in {}", home.body);

    // Again, while the first is open: refused, said at the work field, in both languages.
    let again = assign(due + chrono::Duration::days(7)).await;
    assert!(
        again.location().contains("done=already-assigned"),
        "{}",
        again.location()
    );
    for lang in ["fr", "ar"] {
        teacher.set("lawha_lang", lang.into());
        let page = app.get(&teacher, again.location()).await;
        assert!(
            page.body.contains("aria-describedby=\"work-err\"")
                && page
                    .body
                    .contains("<p class=\"field-error\" id=\"work-err\">"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("err-already-assigned"), "a raw key");
    }
    assert_eq!(
        app.store
            .learning()
            .class_assignments(class.id)
            .await
            .unwrap()
            .len(),
        1
    );
}
on_both!(due_dates_read_in_words_and_open_work_is_not_assigned_twice);
