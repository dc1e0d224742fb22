//! Content language beside the interface language: each capsule and set shows the language
//! it is written in, the interface language's come first, and `?lang=` keeps one language,
//! carried on by the lists' links; sets written before they had a language get theirs from
//! their items (SQLite and PostgreSQL).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{Client, Resp, TestApp, PASSWORD};
use lawha_core::capsule::CapsuleFields;
use lawha_core::exercise::gift::parse_gift;
use lawha_core::exercise::Item;
use lawha_core::{Locale, Role};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::exercises::{NewExerciseSet, SetMode};
use lawha_store::testing;
use lawha_store::{on_both, Backend};
use uuid::Uuid;

fn items(gift: &str) -> Vec<Item> {
    parse_gift(gift)
        .unwrap()
        .into_iter()
        .map(|q| q.item)
        .collect()
}

/// A set titled in Arabic only (as teachers often do) holding `items`.
fn new_set(lesson: Uuid, title: &str) -> NewExerciseSet {
    NewExerciseSet {
        lesson_id: lesson,
        titles: Titles {
            ar: title.into(),
            fr: String::new(),
        },
        mode: SetMode::Practice,
        max_attempts: None,
        created_by: None,
    }
}

fn at(page: &Resp, needle: &str) -> usize {
    page.body
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not on the page:\n{}", page.body))
}

fn href(id: Uuid, kind: &str) -> String {
    format!("href=\"/{kind}/{id}\"")
}

on_both!(lists_show_prefer_and_filter_the_content_language);
async fn lists_show_prefer_and_filter_the_content_language(backend: Backend) {
    let app = TestApp::on(backend).await;
    let titles = Titles {
        ar: "الكسور".into(),
        fr: "Fractions".into(),
    };
    let lesson = testing::lesson(&app.store, "1AC", "MATH", &titles).await;
    let capsule = |title: &str, language| CapsuleFields {
        title_ar: title.into(),
        title_fr: title.into(),
        language: Some(language),
        ..CapsuleFields::default()
    };
    let cap_ar =
        testing::published_capsule(&app.store, lesson.id, capsule("كبسولة", Locale::Ar)).await;
    let cap_fr =
        testing::published_capsule(&app.store, lesson.id, capsule("Capsule", Locale::Fr)).await;
    let catalog = app.store.catalog();
    let set_ar = catalog
        .create_exercise_set_with_items(
            &new_set(lesson.id, "سلسلة أ"),
            &items("ما هو نصف 4؟ {=2 ~3}"),
        )
        .await
        .unwrap();
    // Titled in Arabic, written in French: the items decide, here when added to an empty set.
    let set_fr = catalog
        .create_exercise_set(&new_set(lesson.id, "سلسلة ب"))
        .await
        .unwrap();
    assert_eq!(
        set_fr.language,
        Locale::Ar,
        "the title, while it has no item"
    );
    catalog
        .add_items(set_fr.id, &items("Quelle est la moitié de 4 ? {=2 ~3}"))
        .await
        .unwrap();
    assert_eq!(
        catalog.exercise_set(set_ar.id).await.unwrap().language,
        Locale::Ar
    );
    assert_eq!(
        catalog.exercise_set(set_fr.id).await.unwrap().language,
        Locale::Fr
    );
    app.state.sync_search().await;

    let mut fr = Client::default();
    fr.set("lawha_lang", "fr".into());
    let ar = Client::default();
    let lesson_path = format!("/lessons/{}", lesson.id);

    // French interface: French first, each tagged in its own language.
    let page = app.get(&fr, &lesson_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(at(&page, &href(cap_fr, "capsules")) < at(&page, &href(cap_ar, "capsules")));
    assert!(at(&page, &href(set_fr.id, "exercises")) < at(&page, &href(set_ar.id, "exercises")));
    assert_eq!(
        page.body
            .matches(r#"<span class="tag lang" lang="ar">عربية</span>"#)
            .count(),
        2
    );
    assert_eq!(
        page.body
            .matches(r#"<span class="tag lang" lang="fr">Français</span>"#)
            .count(),
        2
    );
    assert!(page
        .body
        .contains(&format!("href=\"{lesson_path}?lang=ar\"")));
    // Arabic interface: Arabic first.
    let page = app.get(&ar, &lesson_path).await;
    assert!(at(&page, &href(cap_ar, "capsules")) < at(&page, &href(cap_fr, "capsules")));
    assert!(at(&page, &href(set_ar.id, "exercises")) < at(&page, &href(set_fr.id, "exercises")));

    // A choice keeps one language, is marked, and the way back to the subject keeps it.
    let page = app.get(&fr, &format!("{lesson_path}?lang=ar")).await;
    assert!(
        page.body.contains(&href(cap_ar, "capsules"))
            && page.body.contains(&href(set_ar.id, "exercises"))
    );
    assert!(
        !page.body.contains(&href(cap_fr, "capsules"))
            && !page.body.contains(&href(set_fr.id, "exercises"))
    );
    assert!(page.body.contains(&format!(
        "href=\"{lesson_path}?lang=ar\" aria-current=\"true\""
    )));
    assert!(page.body.contains("href=\"/curriculum/1AC/MATH?lang=ar\""));
    let units = app.get(&fr, "/curriculum/1AC/MATH?lang=fr").await;
    assert!(units.body.contains(&href(cap_fr, "capsules")));
    assert!(!units.body.contains(&href(cap_ar, "capsules")));
    assert!(units
        .body
        .contains(&format!("href=\"{lesson_path}?lang=fr\"")));
    let units = app.get(&fr, "/curriculum/1AC/MATH?lang=xx").await;
    assert!(
        units.body.contains(&href(cap_ar, "capsules")),
        "an unknown choice hides nothing"
    );

    // Search results and the set page say the language too.
    let found = app.get(&fr, "/search?q=Capsule").await;
    assert!(
        at(&found, &href(cap_fr, "capsules"))
            < at(&found, r#"class="tag lang" lang="fr">Français</span>"#)
    );
    let (_, class) = app.school_and_class("01", "CL1").await;
    app.user("Élève", "CL100", &[(Role::Pupil, class.scope())])
        .await;
    let mut pupil = app.sign_in("CL100", PASSWORD).await;
    pupil.set("lawha_lang", "fr".into());
    let set_page = app.get(&pupil, &format!("/exercises/{}", set_fr.id)).await;
    assert_eq!(set_page.status, StatusCode::OK, "{}", set_page.body);
    assert!(set_page
        .body
        .contains(r#"<span class="tag lang" lang="fr">Français</span></h1>"#));

    // Sets written before sets had a language get theirs from their items at start-up.
    app.store.forget_set_languages_for_tests().await.unwrap();
    assert_eq!(
        catalog.exercise_set(set_fr.id).await.unwrap().language,
        Locale::Ar,
        "its title"
    );
    app.store.migrate().await.unwrap();
    assert_eq!(
        catalog.exercise_set(set_fr.id).await.unwrap().language,
        Locale::Fr
    );
    assert_eq!(
        catalog.exercise_set(set_ar.id).await.unwrap().language,
        Locale::Ar
    );
}

on_both!(an_author_gets_the_language_of_the_text_or_the_one_chosen);
async fn an_author_gets_the_language_of_the_text_or_the_one_chosen(backend: Backend) {
    let app = TestApp::on(backend).await;
    let titles = Titles {
        ar: "الكسور".into(),
        fr: String::new(),
    };
    let lesson = testing::lesson(&app.store, "1AC", "MATH", &titles).await;
    let (school, _) = app.school_and_class("01", "AU1").await;
    app.user(
        "Prof",
        "prof@example.ma",
        &[(Role::Teacher, school.scope())],
    )
    .await;
    let teacher = app.sign_in("prof@example.ma", PASSWORD).await;
    let path = format!("/lessons/{}/sets/new", lesson.id);
    let form = app.get(&teacher, &path).await;
    assert!(form
        .body
        .contains(r#"<select id="language" name="language">"#));
    // An Arabic title over French questions: the questions decide, unless the author says.
    for (chosen, expected) in [("", Locale::Fr), ("ar", Locale::Ar)] {
        let fields = [
            ("title_ar", "تمارين"),
            ("title_fr", ""),
            ("mode", "practice"),
            ("max_attempts", ""),
            ("language", chosen),
            ("source", "Combien font 2 et 2 ? {=4 ~5}"),
            ("action", "save"),
        ];
        let saved = app.post_multipart(&teacher, &path, &fields, None).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let id: Uuid = saved
            .location()
            .trim_start_matches("/exercises/")
            .parse()
            .unwrap();
        let set = app.store.catalog().exercise_set(id).await.unwrap();
        assert_eq!(set.language, expected, "chosen {chosen:?}");
    }
}

/// `href` as the templates write it in an attribute (`&` escaped).
fn attr(href: &str) -> String {
    href.replace('&', "&#38;")
}

/// Whether `page` has a link to `href`.
fn links_to(page: &Resp, href: &str) -> bool {
    page.body.contains(&format!("href=\"{}\"", attr(href)))
}

on_both!(search_puts_the_interface_language_first_and_keeps_the_lists_choice);
async fn search_puts_the_interface_language_first_and_keeps_the_lists_choice(backend: Backend) {
    let app = TestApp::on(backend).await;
    let titles = Titles {
        ar: "الخلية".into(),
        fr: "La cellule".into(),
    };
    let lesson = testing::lesson(&app.store, "1AC", "MATH", &titles).await;
    // Each word is in one capsule's title and only in the other's description.
    let cap_fr = testing::published_capsule(
        &app.store,
        lesson.id,
        CapsuleFields {
            title_fr: "La cellule".into(),
            description_ar: "صورة الخلية".into(),
            language: Some(Locale::Fr),
            ..CapsuleFields::default()
        },
    )
    .await;
    let cap_ar = testing::published_capsule(
        &app.store,
        lesson.id,
        CapsuleFields {
            title_ar: "الخلية".into(),
            description_fr: "Ce que fait une cellule.".into(),
            language: Some(Locale::Ar),
            ..CapsuleFields::default()
        },
    )
    .await;
    app.state.sync_search().await;
    // Relevance alone puts the title match first.
    let relevance = |text: &str| {
        app.state
            .search
            .index
            .search(&lawha_search::SearchQuery::text(text))
            .unwrap()
            .ids()
    };
    assert_eq!(relevance("cellule"), [cap_fr, cap_ar]);
    assert_eq!(relevance("الخلية"), [cap_ar, cap_fr]);

    let mut fr = Client::default();
    fr.set("lawha_lang", "fr".into());
    let ar = Client::default();
    let capsule = |id| href(id, "capsules");

    // The interface language first, whatever the relevance.
    let found = app.get(&ar, "/search?q=cellule").await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(at(&found, &capsule(cap_ar)) < at(&found, &capsule(cap_fr)));
    let found = app
        .get(&fr, "/search?q=%D8%A7%D9%84%D8%AE%D9%84%D9%8A%D8%A9")
        .await;
    assert!(at(&found, &capsule(cap_fr)) < at(&found, &capsule(cap_ar)));

    // Browsing French lessons, the header's search link keeps the choice...
    let units = app.get(&ar, "/curriculum/1AC/MATH?lang=fr").await;
    assert!(links_to(&units, "/search?lang=fr"), "{}", units.body);
    let lesson_page = app
        .get(&ar, &format!("/lessons/{}?lang=fr", lesson.id))
        .await;
    assert!(links_to(&lesson_page, "/search?lang=fr"));
    let plain = app.get(&ar, &format!("/lessons/{}", lesson.id)).await;
    assert!(links_to(&plain, "/search") && !plain.body.contains("/search?lang="));
    // ...into the form, where French is chosen: a language alone is no search, so
    // nothing is listed and there is no filter whose "all" would lose it...
    let form = app.get(&ar, "/search?lang=fr").await;
    assert!(
        form.body.contains(r#"<option value="fr" selected>"#),
        "{}",
        form.body
    );
    assert!(!form.body.contains(&capsule(cap_fr)), "{}", form.body);
    assert!(!form.body.contains("id=\"results-h\""));
    assert!(!links_to(&form, "/search?q=&level=&subject="));
    // ...and the results are French only, with the lists' links to change or drop it.
    let found = app
        .get(&ar, "/search?q=cellule&level=&subject=&lang=fr")
        .await;
    assert!(found.body.contains(&capsule(cap_fr)), "{}", found.body);
    assert!(!found.body.contains(&capsule(cap_ar)));
    assert!(found.body.contains(&format!(
        "href=\"{}\" aria-current=\"true\"",
        attr("/search?q=cellule&level=&subject=&lang=fr")
    )));
    assert!(
        links_to(&found, "/search?lang=fr"),
        "the header keeps it too"
    );
    let all = "/search?q=cellule&level=&subject=";
    assert!(links_to(&found, all));
    let found = app.get(&ar, all).await;
    assert!(at(&found, &capsule(cap_ar)) < at(&found, &capsule(cap_fr)));
    assert!(found
        .body
        .contains(&format!("href=\"{}\" aria-current=\"true\"", attr(all))));
    // A search by level alone: its "all" keeps the level, and lists both languages.
    let by_level = app.get(&ar, "/search?q=&level=1AC&subject=&lang=fr").await;
    assert!(
        by_level.body.contains(&capsule(cap_fr)),
        "{}",
        by_level.body
    );
    assert!(!by_level.body.contains(&capsule(cap_ar)));
    let all = "/search?q=&level=1AC&subject=";
    assert!(links_to(&by_level, all), "{}", by_level.body);
    let found = app.get(&ar, all).await;
    assert!(found.body.contains(&capsule(cap_ar)) && found.body.contains(&capsule(cap_fr)));
}
