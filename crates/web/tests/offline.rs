//! "Save for offline" on the server (issue 16): the lesson bundle a phone downloads (what it
//! holds, what it never holds, its sizes against the files served), the save button and the
//! Saved page, the strings of the offline scripts, and answers and progress dated by the
//! device, clamped (SQLite and PostgreSQL).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use axum::http::{header, StatusCode};
use chrono::{DateTime, Duration, Utc};
use common::{Client, Resp, TestApp, PASSWORD};
use lawha_core::exercise::{Choice, Item, ItemKind};
use lawha_core::Role;
use lawha_store::catalog::capsule_files::{FileKind, NewCapsuleFile};
use lawha_store::catalog::capsules::Capsule;
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::learning::exercises::{ExerciseSet, NewExerciseSet, SetMode, StoredItem};
use lawha_store::{on_both, testing, Backend, User};
use serde_json::Value;
use uuid::Uuid;

/// A lesson with a practice set, a quiz, a published capsule with subtitles and a worksheet,
/// a draft capsule; a pupil signed in; a capsule of another lesson.
struct World {
    app: TestApp,
    lesson: Lesson,
    practice: ExerciseSet,
    items: Vec<StoredItem>,
    quiz: ExerciseSet,
    quiz_item: StoredItem,
    public: Capsule,
    public_media: Uuid,
    draft: Capsule,
    /// Published for another school than the pupil's.
    restricted: Capsule,
    elsewhere: Capsule,
    subtitles: Uuid,
    worksheet: Uuid,
    pupil: User,
    client: Client,
}

fn choice_item(prompt: &str, right: &str, wrong: &str) -> Item {
    Item::new(
        prompt,
        ItemKind::SingleChoice {
            choices: vec![Choice::right(right), Choice::wrong(wrong)],
        },
    )
}

async fn capsule_file(app: &TestApp, capsule: Uuid, kind: FileKind, body: &str) -> Uuid {
    let id = Uuid::now_v7();
    let key = format!("capsules/{capsule}/files/{id}");
    app.state
        .media
        .put_bytes(&key, body.to_string().into())
        .await
        .unwrap();
    app.store
        .catalog()
        .add_capsule_file(&NewCapsuleFile {
            id,
            capsule_id: capsule,
            kind,
            language: lawha_core::Locale::Fr,
            name: "fiche.pdf".into(),
            object_key: key,
            bytes: body.len() as i64,
            transcript: (kind == FileKind::Subtitles).then(|| "Bonjour".into()),
        })
        .await
        .unwrap();
    id
}

impl World {
    async fn shown(&self, item: Uuid) -> bool {
        let learning = self.app.store.learning();
        learning.was_presented(self.pupil.id, item).await.unwrap()
    }

    async fn due_at(&self, item: Uuid) -> DateTime<Utc> {
        let learning = self.app.store.learning();
        let card = learning.review_card(self.pupil.id, item).await.unwrap();
        card.expect("a card").card.due_at
    }
}

async fn world(backend: Backend) -> World {
    let app = TestApp::on(backend).await;
    let items = [
        choice_item("Deux et deux ?", "quatre", "cinq"),
        choice_item("Trois et un ?", "quatre", "six"),
    ];
    let (lesson, practice, items) = testing::practice_set(&app.store, &items).await;
    let quiz = app
        .store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: lesson.id,
            titles: Titles {
                ar: "فرض".into(),
                fr: "Contrôle".into(),
            },
            mode: SetMode::Quiz,
            max_attempts: Some(1),
            created_by: None,
        })
        .await
        .unwrap();
    let quiz_item = app
        .store
        .catalog()
        .add_items(quiz.id, &[choice_item("Quiz ?", "QUIZRIGHT", "QUIZWRONG")])
        .await
        .unwrap()
        .remove(0);
    let (public, public_asset) = app
        .playable_capsule(lesson.id, "Publique", true, None)
        .await;
    let (draft, _) = app
        .playable_capsule(lesson.id, "Brouillon", false, None)
        .await;
    let (other_school, _) = app.school_and_class("06", "SCH-X").await;
    let (restricted, _) = app
        .playable_capsule(lesson.id, "Réservée", true, Some(other_school.id))
        .await;
    let subtitles = capsule_file(
        &app,
        public.id,
        FileKind::Subtitles,
        "WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n",
    )
    .await;
    let worksheet = capsule_file(&app, public.id, FileKind::Worksheet, "%PDF-1.4 fiche").await;
    let other = testing::lesson(
        &app.store,
        "1AC",
        "MATH",
        &Titles {
            ar: "أخرى".into(),
            fr: "Autre".into(),
        },
    )
    .await;
    let (elsewhere, _) = app.playable_capsule(other.id, "Ailleurs", true, None).await;
    let (_, class) = app.school_and_class("01", "SCH-O").await;
    let pupil = app
        .user("Pupil", "P200", &[(Role::Pupil, class.scope())])
        .await;
    let client = app.sign_in("P200", PASSWORD).await;
    World {
        app,
        lesson,
        practice,
        items,
        quiz,
        quiz_item,
        public,
        public_media: public_asset.id,
        draft,
        restricted,
        elsewhere,
        subtitles,
        worksheet,
        pupil,
        client,
    }
}

fn bundle_path(w: &World, capsule: Option<Uuid>) -> String {
    match capsule {
        Some(c) => format!("/offline/lessons/{}?capsule={c}", w.lesson.id),
        None => format!("/offline/lessons/{}", w.lesson.id),
    }
}

async fn bundle(w: &World, client: &Client, capsule: Option<Uuid>) -> Value {
    let resp = w.app.get(client, &bundle_path(w, capsule)).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert_eq!(
        resp.headers[header::CACHE_CONTROL].to_str().unwrap(),
        "no-store"
    );
    assert!(resp.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    serde_json::from_str(&resp.body).expect("the bundle is JSON")
}

fn urls(bundle: &Value) -> Vec<String> {
    bundle["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect()
}

/// The value of the first `name="…"` attribute after `marker` on a page.
fn attr_after(body: &str, marker: &str, name: &str) -> Option<String> {
    let at = body.find(marker)?;
    let rest = &body[at..];
    let start = rest.find(&format!("{name}=\""))? + name.len() + 2;
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_string())
}

/// The bytes of a served file: its `Content-Length` (bodies are read as text here).
fn served_bytes(resp: &Resp) -> u64 {
    resp.headers[header::CONTENT_LENGTH]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

on_both!(the_bundle_holds_the_lesson_at_the_viewers_rung);
async fn the_bundle_holds_the_lesson_at_the_viewers_rung(backend: Backend) {
    let w = world(backend).await;
    for item in &w.items {
        assert!(!w.shown(item.id).await, "not shown before the bundle");
    }
    let b = bundle(&w, &w.client, None).await;
    assert_eq!(b["lesson"], w.lesson.id.to_string());
    assert_eq!(b["user"], w.pupil.id.to_string());
    assert_eq!(b["data_saver"], "auto");
    assert_eq!(
        b["title"], "تمارين",
        "the page language (Arabic by default)"
    );

    // The published capsule only, at the lowest video rung.
    let capsules = b["capsules"].as_array().unwrap();
    assert_eq!(capsules.len(), 1, "{b:#}");
    let media = |path: &str| format!("/media/{}/{path}", w.public_media);
    assert_eq!(capsules[0]["capsule"], w.public.id.to_string());
    assert_eq!(capsules[0]["rung"], "lowest");
    assert_eq!(capsules[0]["playlist"], media("144p/index.m3u8"));

    // Its playlist, every segment it names, the full poster (auto), the documents, hls.js.
    let files = urls(&b);
    let mut expected: Vec<String> = vec![media("144p/index.m3u8")];
    expected.extend((0..4).map(|n| media(&format!("144p/seg_{n:04}.ts"))));
    expected.push(media("poster.jpg"));
    expected.push(format!("/capsules/{}/files/{}", w.public.id, w.subtitles));
    expected.push(format!("/capsules/{}/files/{}", w.public.id, w.worksheet));
    assert_eq!(files[..expected.len()], expected[..], "{files:#?}");
    assert_eq!(files.len(), expected.len() + 1);
    assert!(files[expected.len()].starts_with("/static/hls.light-"));
    for hidden in [w.draft.id, w.restricted.id] {
        let text = b.to_string();
        assert!(
            !text.contains(&hidden.to_string()),
            "{hidden} travels nowhere"
        );
    }

    // Each size is what the file costs when fetched, and they add up.
    let mut sum = 0;
    for f in b["files"].as_array().unwrap() {
        let resp = w.app.get(&w.client, f["url"].as_str().unwrap()).await;
        assert_eq!(resp.status, StatusCode::OK, "{f}");
        assert_eq!(served_bytes(&resp), f["bytes"].as_u64().unwrap(), "{f}");
        sum += f["bytes"].as_u64().unwrap();
    }
    assert_eq!(b["bytes"].as_u64().unwrap(), sum);
    let capsule_bytes = capsules[0]["bytes"].as_u64().unwrap();
    let hls = b["files"].as_array().unwrap().last().unwrap()["bytes"]
        .as_u64()
        .unwrap();
    assert_eq!(capsule_bytes + hls, sum);

    // Pages: the lesson, the capsule, the practice set, the Saved page; never the quiz.
    let pages: Vec<&str> = b["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let lesson_page = format!("/lessons/{}", w.lesson.id);
    let capsule_page = format!("/capsules/{}", w.public.id);
    let set_page = format!("/exercises/{}", w.practice.id);
    assert_eq!(pages, [&lesson_page, &capsule_page, &set_page, "/saved"]);

    // Practice keys travel whole; the quiz only by name.
    assert_eq!(b["practice"].as_array().unwrap().len(), 1);
    assert_eq!(b["practice"][0]["set"], w.practice.id.to_string());
    for item in &w.items {
        assert_eq!(
            b["practice"][0]["items"][item.id.to_string()],
            serde_json::to_value(&item.item).unwrap()
        );
        // With the right answer as the set page writes it, shown on the device by its rule.
        assert_eq!(
            b["practice"][0]["right_answers"][item.id.to_string()],
            serde_json::json!([{"label": "", "text": "quatre"}])
        );
    }
    assert_eq!(
        b["quizzes"],
        serde_json::json!([{"set": w.quiz.id, "title": "فرض"}])
    );
    let text = b.to_string();
    assert!(
        !text.contains(&w.quiz_item.id.to_string()) && !text.contains("QUIZRIGHT"),
        "no quiz item travels"
    );
    assert_eq!(b["due"], serde_json::json!([]), "nothing answered yet");

    // The practice items count as shown; the quiz's do not.
    for item in &w.items {
        assert!(w.shown(item.id).await);
    }
    assert!(!w.shown(w.quiz_item.id).await);

    // The lesson page's button announces the same size.
    let page = w.app.get(&w.client, &lesson_page).await;
    let announced = attr_after(&page.body, "class=\"save-offline\"", "data-bytes");
    assert_eq!(announced, Some(sum.to_string()), "{}", page.body);
    assert_eq!(
        attr_after(&page.body, "class=\"save-offline\"", "data-lesson"),
        Some(w.lesson.id.to_string())
    );
    // A ready version is read from the media store once per node: its sizes stay.
    let segment = format!("{}/144p/seg_0000.ts", lawha_media::demo::PREFIX);
    let media_store = &w.app.state.media;
    media_store.put_bytes(&segment, "x".into()).await.unwrap();
    let again = w.app.get(&w.client, &lesson_page).await;
    let announced = attr_after(&again.body, "class=\"save-offline\"", "data-bytes");
    assert_eq!(announced, Some(sum.to_string()));

    // An answer sent later from the device is accepted (the items were shown), and the
    // revision schedule then travels with the next bundle.
    let item = &w.items[0];
    let path = format!("/exercises/{}/items/{}/answer", w.practice.id, item.id);
    let event = Uuid::now_v7().to_string();
    let sent = w
        .app
        .post(&w.client, &path, &[("choice", "1"), ("event_id", &event)])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    // Another pupil's schedule never travels with this one's bundle.
    let (_, class) = w.app.school_and_class("01", "SCH-P").await;
    let other_pupil = w
        .app
        .user("Other", "P201", &[(Role::Pupil, class.scope())])
        .await;
    let other = w.app.sign_in("P201", PASSWORD).await;
    let theirs = bundle(&w, &other, None).await;
    assert_eq!(theirs["user"], other_pupil.id.to_string());
    let other_item = &w.items[1];
    let other_path = format!(
        "/exercises/{}/items/{}/answer",
        w.practice.id, other_item.id
    );
    let other_event = Uuid::now_v7().to_string();
    let fields = [("choice", "1"), ("event_id", other_event.as_str())];
    let sent = w.app.post(&other, &other_path, &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let b = bundle(&w, &w.client, None).await;
    let due_at = w.due_at(item.id).await;
    assert_eq!(b["due"].as_array().unwrap().len(), 1, "{:#}", b["due"]);
    assert_eq!(b["due"][0]["set"], w.practice.id.to_string());
    assert_eq!(b["due"][0]["item"], item.id.to_string());
    let listed: DateTime<Utc> = b["due"][0]["due_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(listed, due_at);
}

on_both!(the_data_saver_picks_what_travels);
async fn the_data_saver_picks_what_travels(backend: Backend) {
    let w = world(backend).await;
    let capsule_page = format!("/capsules/{}", w.public.id);
    let media = |path: &str| format!("/media/{}/{path}", w.public_media);
    for (saver, rung, playlist, poster) in [
        ("audio", "audio", "audio/index.m3u8", None),
        ("lowest", "lowest", "144p/index.m3u8", Some("thumb.jpg")),
    ] {
        let set = w
            .app
            .post(
                &w.client,
                "/profile/data-saver",
                &[("data_saver", saver), ("js", "1")],
            )
            .await;
        assert_eq!(set.status, StatusCode::NO_CONTENT);
        let b = bundle(&w, &w.client, Some(w.public.id)).await;
        assert_eq!(b["data_saver"], saver);
        assert_eq!(b["capsules"][0]["rung"], rung);
        assert_eq!(b["capsules"][0]["playlist"], media(playlist));
        let files = urls(&b);
        let folder = playlist.split('/').next().unwrap();
        let segments = files
            .iter()
            .filter(|u| u.starts_with(&media(&format!("{folder}/seg_"))))
            .count();
        assert_eq!(segments, if saver == "audio" { 5 } else { 4 }, "{files:#?}");
        let pictures: Vec<&String> = files.iter().filter(|u| u.ends_with(".jpg")).collect();
        match poster {
            Some(p) => assert_eq!(pictures, [&media(p)]),
            None => assert!(pictures.is_empty(), "sound only takes no picture"),
        }
        assert!(
            !files.iter().any(|u| u.contains("/240p/")),
            "never a higher rung"
        );
        // The capsule page's button announces this capsule's bundle.
        let page = w.app.get(&w.client, &capsule_page).await;
        assert_eq!(
            attr_after(&page.body, "class=\"save-offline\"", "data-bytes"),
            Some(b["bytes"].as_u64().unwrap().to_string())
        );
        assert_eq!(
            attr_after(&page.body, "class=\"save-offline\"", "data-capsule"),
            Some(w.public.id.to_string())
        );
        // With the capsule named, the lesson's practice still travels.
        assert_eq!(b["practice"].as_array().unwrap().len(), 1);
    }
}

on_both!(what_is_not_the_viewers_is_not_found);
async fn what_is_not_the_viewers_is_not_found(backend: Backend) {
    let w = world(backend).await;
    for capsule in [w.draft.id, w.restricted.id, w.elsewhere.id, Uuid::now_v7()] {
        let resp = w.app.get(&w.client, &bundle_path(&w, Some(capsule))).await;
        assert_eq!(resp.status, StatusCode::NOT_FOUND, "{capsule}");
    }
    let unknown = format!("/offline/lessons/{}", Uuid::now_v7());
    assert_eq!(
        w.app.get(&w.client, &unknown).await.status,
        StatusCode::NOT_FOUND
    );
    let garbage = format!("/offline/lessons/{}?capsule=x", w.lesson.id);
    assert_eq!(
        w.app.get(&w.client, &garbage).await.status,
        StatusCode::BAD_REQUEST
    );
    // Anonymous visitors are sent to sign in, and nothing is recorded.
    let visitor = w.app.visitor().await;
    for path in [bundle_path(&w, None), "/saved".to_string()] {
        let resp = w.app.get(&visitor, &path).await;
        assert!(resp.status.is_redirection(), "{path}: {}", resp.status);
        assert!(resp.location().starts_with("/login"), "{path}");
    }
    // A producer sees the draft: it travels to them (they may watch it).
    let studio = w.app.producer().await;
    let b = bundle(&w, &studio, Some(w.draft.id)).await;
    assert_eq!(b["capsules"][0]["capsule"], w.draft.id.to_string());
}

/// The JSON of the `#lawha-strings` element of a page, if it has one.
fn strings(page: &Resp) -> Option<Value> {
    let marker = "<script type=\"application/json\" id=\"lawha-strings\"";
    let start = page.body.find(marker)?;
    let start = start + page.body[start..].find('>')? + 1;
    let end = page.body[start..].find("</script>")?;
    Some(serde_json::from_str(&page.body[start..start + end]).expect("valid JSON"))
}

const KEYS: [&str; 31] = [
    "correct_js",
    "refused",
    "save",
    "saving",
    "saved",
    "save_failed",
    "resume",
    "delete",
    "open",
    "deleted",
    "space",
    "quiz_not_saved",
    "revision_title",
    "offline",
    "back_online",
    "waiting",
    "signout_unsent",
    "right",
    "partly",
    "wrong",
    "score",
    "solution",
    "your_answer",
    "answer_saved_offline",
    "answer_again",
    "hint_title",
    "no_hint",
    "right_answer",
    "counts_tomorrow",
    "answer_later",
    "show_answer",
];

on_both!(pages_carry_what_the_device_scripts_need);
async fn pages_carry_what_the_device_scripts_need(backend: Backend) {
    let w = world(backend).await;
    let saved = w.app.get(&w.client, "/saved").await;
    assert_eq!(saved.status, StatusCode::OK);
    for needle in [
        "<noscript>",
        "<ul id=\"saved-list\"></ul>",
        "<p id=\"saved-empty\">",
        "<p id=\"saved-space\"></p>",
        "<section id=\"saved-revision\" hidden><h2>",
    ] {
        assert!(saved.body.contains(needle), "{needle}: {}", saved.body);
    }
    assert!(saved.body.contains("href=\"/saved\" aria-current=\"page\""));
    // Every signed-in page: whose it is, the form token, the banner.
    let user = format!("<body data-user=\"{}\">", w.pupil.id);
    let signed_pages = [
        "/".to_string(),
        "/saved".into(),
        format!("/lessons/{}", w.lesson.id),
        format!("/capsules/{}", w.public.id),
        format!("/exercises/{}", w.practice.id),
    ];
    for path in &signed_pages {
        let page = w.app.get(&w.client, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.body.len() < 30_000,
            "{path}: {} bytes",
            page.body.len()
        );
        assert!(page.body.contains(&user), "{path}");
        let meta = format!("<meta name=\"csrf\" content=\"{}\">", w.client.csrf);
        assert!(page.body.contains(&meta), "{path}");
        assert!(page
            .body
            .contains("<main id=\"main\">\n<p id=\"offline-banner\" role=\"status\" hidden></p>"));
        // The strings, naming the saving script that shell.js loads, once, only where they
        // are used, in the body.
        let uses = usize::from(path != "/");
        let count = |needle: &str| page.body.matches(needle).count();
        assert_eq!(count("id=\"lawha-strings\""), uses, "{path}");
        assert_eq!(count("data-saved=\"/static/saved-"), uses, "{path}");
        let title =
            &page.body[page.body.find("<title>").unwrap()..page.body.find("</title>").unwrap()];
        assert!(!title[1..].contains('<'), "{path}: {title}");
        assert_eq!(strings(&page).is_some(), path != "/", "{path}");
    }
    // Both languages, every key; counts by plural category.
    for (lang, categories) in [
        ("ar", &["few", "many", "one", "other", "two", "zero"][..]),
        ("fr", &["many", "one", "other"][..]),
    ] {
        let mut client = w.client.clone();
        client.set("lawha_lang", lang.to_string());
        let page = w.app.get(&client, "/saved").await;
        let s = strings(&page).expect("strings on /saved");
        let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want = KEYS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want, "{lang}");
        for count in ["waiting", "signout_unsent", "refused"] {
            let mut got: Vec<&str> = s[count]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            got.sort_unstable();
            assert_eq!(got, categories, "{lang} {count}");
            assert!(s[count]["other"].as_str().unwrap().contains("{n}"));
        }
        assert!(
            s["saving"].as_str().unwrap().contains("{percent}"),
            "{lang}"
        );
        assert!(s["score"].as_str().unwrap().contains("{score}"), "{lang}");
        let space = s["space"].as_str().unwrap();
        assert!(
            space.contains("{used}") && space.contains("{left}"),
            "{lang}"
        );
        let lesson = w
            .app
            .get(&client, &format!("/lessons/{}", w.lesson.id))
            .await;
        let label = lesson.body.split("class=\"save-offline\"").nth(1).unwrap();
        let label = &label[label.find('>').unwrap() + 1..label.find("</button>").unwrap()];
        let unit = if lang == "fr" {
            "Mo"
        } else {
            "ميغابايت"
        };
        assert!(
            label.contains(unit) || label.contains("Ko") || label.contains("كيلوبايت"),
            "{label}"
        );
    }
    // The offline pages carry the strings and lead to the Saved page.
    for lang in ["ar", "fr"] {
        let page = w
            .app
            .get(&Client::default(), &format!("/offline/{lang}"))
            .await;
        assert!(strings(&page).is_some(), "{lang}");
        assert!(page.body.contains("href=\"/saved\""), "{lang}");
    }
    // Anonymous pages carry none of it.
    let visitor = w.app.visitor().await;
    for path in [
        format!("/lessons/{}", w.lesson.id),
        format!("/capsules/{}", w.public.id),
    ] {
        let page = w.app.get(&visitor, &path).await;
        assert_eq!(page.status, StatusCode::OK);
        for absent in [
            "data-user",
            "name=\"csrf\" content",
            "offline-banner",
            "save-offline",
            "lawha-strings",
        ] {
            assert!(!page.body.contains(absent), "{path}: {absent}");
        }
    }
}

/// When the latest answer to `item` was made, checking it is the answer `event`.
async fn answered_at(w: &World, item: Uuid, event: &str) -> DateTime<Utc> {
    let learning = w.app.store.learning();
    let answers = learning
        .latest_answers(w.pupil.id, w.practice.id)
        .await
        .unwrap();
    let found = answers
        .into_iter()
        .find(|a| a.item_id == item)
        .expect("an answer");
    assert_eq!(
        found.event_id.to_string(),
        event,
        "the latest answer is this one"
    );
    found.occurred_at
}

/// When the pupil's latest watch event was made.
async fn watched_at(w: &World) -> DateTime<Utc> {
    let learning = w.app.store.learning();
    let timeline = learning.pupil_timeline(w.pupil.id, 50).await.unwrap();
    timeline
        .into_iter()
        .find(|e| e.kind == "watch")
        .expect("a watch event")
        .occurred_at
}

fn close(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).num_seconds().abs() < 60
}

on_both!(device_times_are_kept_within_fourteen_days);
async fn device_times_are_kept_within_fourteen_days(backend: Backend) {
    let w = world(backend).await;
    let _ = bundle(&w, &w.client, None).await;
    let now = w.app.state.now();
    let ms = |at: DateTime<Utc>| at.timestamp_millis().to_string();
    let three_days =
        DateTime::from_timestamp_millis((now - Duration::days(3)).timestamp_millis()).unwrap();
    // Oldest first, so that each is the latest when it is read back.
    let cases = [
        (
            ms(now - Duration::days(30)),
            now - Duration::days(14),
            false,
        ),
        (ms(three_days), three_days, true),
        (String::new(), now, false),
        ("tomorrow".to_string(), now, false),
        (ms(now + Duration::days(2)), now, false),
    ];
    let item = &w.items[1];
    let answer = format!("/exercises/{}/items/{}/answer", w.practice.id, item.id);
    let progress = format!("/capsules/{}/progress", w.public.id);
    for (claim, expected, exact) in &cases {
        let event = Uuid::now_v7().to_string();
        let fields = [
            ("choice", "0"),
            ("event_id", &event),
            ("answered_at", claim),
        ];
        let sent = w.app.post(&w.client, &answer, &fields).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let at = answered_at(&w, item.id, &event).await;
        assert!(close(at, *expected), "answer {claim:?}: {at} vs {expected}");
        assert!(
            !exact || at == *expected,
            "answer {claim:?}: {at} vs {expected}"
        );

        let event = Uuid::now_v7().to_string();
        let fields = [
            ("event_id", event.as_str()),
            ("position_ms", "1000"),
            ("watched_pct", "10"),
            ("watched_at", claim),
        ];
        let sent = w.app.post(&w.client, &progress, &fields).await;
        assert_eq!(sent.status, StatusCode::NO_CONTENT, "{}", sent.body);
        let at = watched_at(&w).await;
        assert!(close(at, *expected), "watch {claim:?}: {at} vs {expected}");
        assert!(
            !exact || at == *expected,
            "watch {claim:?}: {at} vs {expected}"
        );
    }
}
