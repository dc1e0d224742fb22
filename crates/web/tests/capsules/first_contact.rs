//! What a producer and a teacher meet first (issue 19): the studio's "new capsule" button
//! and its lesson chooser, the list's level, subject and lesson columns and filters; sizes
//! and dates in each language, each in its own `<bdi>`; work not assigned twice.

use super::*;

/// A lesson of a new unit of `subject` at `level`.
async fn lesson_at(app: &TestApp, level: &str, subject: &str, fr: &str) -> Lesson {
    // French only: the page (Arabic by default) falls back to it.
    let titles = Titles {
        ar: String::new(),
        fr: fr.into(),
    };
    lawha_store::testing::lesson(&app.store, level, subject, &titles).await
}

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

/// The titles of the capsules a studio list shows, in page order.
fn listed(body: &str) -> Vec<String> {
    body.split("<a href=\"/studio/capsules/")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('>')? + 1;
            let end = rest.find("</a>")?;
            rest.get(start..end).map(str::to_string)
        })
        .collect()
}

async fn the_studio_chooses_a_lesson_and_filters_its_list(backend: Backend) {
    let app = TestApp::on(backend).await;
    let studio = producer(&app).await;
    let fractions = lesson_at(&app, "1AC", "MATH", "Fractions").await;
    let waves = lesson_at(&app, "2AC", "PC", "Ondes").await;

    let list = app.get(&studio, "/studio").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body
            .contains("href=\"/studio/new\" id=\"new-capsule\""),
        "the new capsule button"
    );

    // Without a lesson: the chooser, not an error; one step at a time.
    let start = app.get(&studio, "/studio/new").await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    assert!(start.body.contains("id=\"choose-lesson\"") && start.body.contains("id=\"level\""));
    assert!(!start.body.contains("id=\"subject\""));
    let level = app.get(&studio, "/studio/new?level=1AC").await;
    assert_eq!(level.status, StatusCode::OK);
    assert!(
        level.body.contains("<option value=\"MATH\""),
        "{}",
        level.body
    );
    assert!(
        !level.body.contains("<option value=\"PC\""),
        "2AC's subject"
    );
    let subject = app.get(&studio, "/studio/new?level=1AC&subject=MATH").await;
    assert!(
        subject
            .body
            .contains(&format!("<option value=\"{}\"", fractions.id)),
        "{}",
        subject.body
    );
    assert!(!subject.body.contains(&waves.id.to_string()));
    let chosen = app
        .get(
            &studio,
            &format!("/studio/new?level=1AC&subject=MATH&lesson={}", fractions.id),
        )
        .await;
    assert_eq!(chosen.status, StatusCode::OK);
    assert!(chosen
        .body
        .contains(&format!("action=\"/studio/new?lesson={}\"", fractions.id)));
    // Refused choices are said at their field, in the page's language.
    for (path, field) in [
        ("/studio/new?level=NOPE", "level"),
        ("/studio/new?level=1AC&subject=PC", "subject"),
        ("/studio/new?lesson=not-a-lesson", "lesson"),
    ] {
        let refused = app.get(&studio, path).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(
            refused.body.contains(&format!("id=\"{field}-err\"")),
            "{path}: {}",
            refused.body
        );
        assert!(
            !refused.body.contains("studio-unknown"),
            "a raw key: {path}"
        );
    }
    let unknown = app
        .get(&studio, &format!("/studio/new?lesson={}", Uuid::now_v7()))
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The list: level, subject and lesson columns; filters narrow it.
    draft(&app, &studio, &fractions, "Introduction").await;
    draft(&app, &studio, &waves, "Introduction").await;
    let all = app.get(&studio, "/studio").await;
    assert_eq!(listed(&all.body).len(), 2);
    assert!(all.body.contains("1re année collège") || all.body.contains("السنة الأولى إعدادي"));
    assert!(
        all.body.contains(">Fractions<") && all.body.contains(">Ondes<"),
        "lessons"
    );
    let by_level = app.get(&studio, "/studio?level=2AC").await;
    assert_eq!(listed(&by_level.body), ["Introduction"]);
    assert!(by_level.body.contains(">Ondes<") && !by_level.body.contains(">Fractions<"));
    let by_subject = app.get(&studio, "/studio?subject=MATH").await;
    assert!(by_subject.body.contains(">Fractions<") && !by_subject.body.contains(">Ondes<"));
    let none = app.get(&studio, "/studio?level=1AC&subject=PC").await;
    assert!(listed(&none.body).is_empty());
    let drafts = app.get(&studio, "/studio?status=draft&level=1AC").await;
    assert_eq!(listed(&drafts.body).len(), 1);

    // Pages keep the filters.
    for n in 0..31 {
        draft(&app, &studio, &fractions, &format!("Capsule {n}")).await;
    }
    let first_page = app.get(&studio, "/studio?level=1AC").await;
    assert_eq!(listed(&first_page.body).len(), 30);
    assert!(
        first_page
            .body
            .contains("level=1AC&#38;subject=&amp;page=2")
            || first_page
                .body
                .contains("level=1AC&amp;subject=&amp;page=2"),
        "{}",
        first_page.body
    );
    let next = app.get(&studio, "/studio?level=1AC&page=2").await;
    assert_eq!(listed(&next.body).len(), 2);

    // Only editors (national producers, the ministry) reach the studio and its chooser.
    let (school, _) = app.school_and_class("06", "SCH-STUDIO").await;
    app.user(
        "Direction",
        "direction@example.ma",
        &[(Role::SchoolAdmin, school.scope())],
    )
    .await;
    let head = app.sign_in("direction@example.ma", common::PASSWORD).await;
    for path in ["/studio", "/studio/new", "/studio/new?level=1AC"] {
        assert_eq!(
            app.get(&head, path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}
on_both!(the_studio_chooses_a_lesson_and_filters_its_list);

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
    let today = app.store.today();
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
