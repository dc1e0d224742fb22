//! Self-correction in practice sets: after a wrong answer the page shows the result first,
//! with the feedback as a hint; the right answer only after a second wrong try or when
//! asked for (recorded); limited quizzes never on request; and typing the shown answer the
//! same day does not make a lesson mastered (`lawha_core::mastery::counted_after`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use axum::http::StatusCode;
use chrono::{Duration, Timelike};
use common::{Client, Resp, TestApp, PASSWORD};
use lawha_core::exercise::gift::parse_gift;
use lawha_core::import::ClassLevel;
use lawha_core::mastery::Mastery;
use lawha_core::Role;
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::learning::exercises::{
    AnswerHelp, ExerciseSet, NewExerciseSet, SetMode, StoredItem,
};
use lawha_store::{on_both, testing, Backend, User};
use uuid::Uuid;

/// Two choice items with per-choice feedback, general feedback and (the first) a solution.
const GIFT: &str = "
::capitale:: ما هي عاصمة المغرب؟ {
=الرباط#أحسنت
~الدار البيضاء#لا، الدار البيضاء أكبر مدينة
####الرباط عاصمة المملكة منذ 1912.
}

::fleuve:: أطول نهر في المغرب؟ {
=درعة#صحيح
~سبو#سبو أغزر نهر وليس أطولها
}
";

const SOLUTION: &str = "SOLUTION-TEXT: the capital moved in 1912";
/// The wrong choice's feedback and the general feedback: the hint.
const HINT: [&str; 2] = ["أكبر مدينة", "منذ 1912"];
/// The right choice's text, shown only as the right answer (or in the form's choices).
const KEY_MARK: &str = "<ul class=\"key\">";

struct World {
    app: TestApp,
    lesson: Lesson,
    pupil: User,
}

async fn world(backend: Backend) -> World {
    let app = TestApp::on(backend).await;
    let titles = |t: &str| Titles {
        ar: t.into(),
        fr: String::new(),
    };
    let unit = app
        .store
        .catalog()
        .create_unit(&ClassLevel::Level("6AP".into()), "MATH", &titles("وحدة"))
        .await
        .unwrap();
    let lesson = app
        .store
        .catalog()
        .create_lesson(unit.id, &titles("درس"))
        .await
        .unwrap();
    let (_, class) = testing::school_with_class_of(&app.store, "01", "EX1", "6AP-1", "6AP").await;
    let pupil = app
        .user("تلميذ", "P100", &[(Role::Pupil, class.scope())])
        .await;
    World { app, lesson, pupil }
}

async fn new_set(
    w: &World,
    mode: SetMode,
    max_attempts: Option<i32>,
) -> (ExerciseSet, Vec<StoredItem>) {
    let set = w
        .app
        .store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: w.lesson.id,
            titles: Titles {
                ar: "سلسلة".into(),
                fr: "Série".into(),
            },
            mode,
            max_attempts,
            created_by: None,
        })
        .await
        .unwrap();
    let mut items: Vec<_> = parse_gift(GIFT)
        .unwrap()
        .into_iter()
        .map(|q| q.item)
        .collect();
    items[0].solution = Some(SOLUTION.into());
    let items = w
        .app
        .store
        .catalog()
        .add_items(set.id, &items)
        .await
        .unwrap();
    (set, items)
}

/// The part of the page that draws `item`.
fn section<'a>(page: &'a Resp, item: &StoredItem) -> &'a str {
    let start = page
        .body
        .find(&format!("id=\"item-{}\"", item.id))
        .expect("item on the page");
    let rest = &page.body[start..];
    &rest[..rest.find("</section>").expect("end of the item")]
}

async fn page(w: &World, client: &Client, set: &ExerciseSet) -> Resp {
    let page = w.app.get(client, &format!("/exercises/{}", set.id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page
}

/// Loads the set page and answers `item` with choice `choice`.
async fn choose(w: &World, client: &Client, set: &ExerciseSet, item: &StoredItem, choice: &str) {
    choose_with(w, client, set, item, choice, &[]).await;
}

/// [`choose`], the form carrying `extra` fields too (a phone's `answered_at`).
async fn choose_with(
    w: &World,
    client: &Client,
    set: &ExerciseSet,
    item: &StoredItem,
    choice: &str,
    extra: &[(&str, &str)],
) {
    let before = page(w, client, set).await;
    let part = section(&before, item);
    let marker = "name=\"event_id\" value=\"";
    let start = part.find(marker).expect("event_id") + marker.len();
    let id = &part[start..start + part[start..].find('"').unwrap()];
    let path = format!("/exercises/{}/items/{}/answer", set.id, item.id);
    let mut fields = vec![("choice", choice), ("event_id", id)];
    fields.extend_from_slice(extra);
    let resp = w.app.post(client, &path, &fields).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
}

fn show_path(set: &ExerciseSet, item: &StoredItem) -> String {
    format!("/exercises/{}/items/{}/show-answer", set.id, item.id)
}

/// What the store knows of the pupil's help per item of `set`: misses in a row, last showing.
async fn help(w: &World, set: &ExerciseSet) -> HashMap<Uuid, AnswerHelp> {
    w.app
        .store
        .learning()
        .answer_help(w.pupil.id, set.id)
        .await
        .unwrap()
}

async fn shown_at(w: &World, set: &ExerciseSet, item: &StoredItem) -> bool {
    help(w, set)
        .await
        .get(&item.id)
        .is_some_and(|h| h.shown_at.is_some())
}

on_both!(a_wrong_answer_shows_the_result_and_a_hint_first_and_the_answer_after_a_second_try);
async fn a_wrong_answer_shows_the_result_and_a_hint_first_and_the_answer_after_a_second_try(
    backend: Backend,
) {
    let w = world(backend).await;
    let (set, items) = new_set(&w, SetMode::Practice, None).await;
    let client = w.app.sign_in("P100", PASSWORD).await;
    let capital = &items[0];

    choose(&w, &client, &set, capital, "1").await;
    let first = page(&w, &client, &set).await;
    let part = section(&first, capital);
    assert!(part.contains("class=\"result wrong\""));
    for hint in HINT {
        assert!(part.contains(hint), "the hint: {hint}");
    }
    assert!(part.contains("تلميح"), "said to be a hint");
    assert!(!part.contains(KEY_MARK), "no right answer after one try");
    assert!(!part.contains(SOLUTION), "no worked solution after one try");
    assert!(part.contains(&format!("formaction=\"{}\"", show_path(&set, capital))));
    // The result comes first, then the form to answer again.
    let result = part.find("class=\"result").unwrap();
    let form = part.find("<form").unwrap();
    assert!(result < form, "the result sits above the form");
    assert!(!shown_at(&w, &set, capital).await);

    choose(&w, &client, &set, capital, "1").await;
    let second = page(&w, &client, &set).await;
    let part = section(&second, capital);
    assert!(
        part.contains(KEY_MARK),
        "the right answer after a second wrong try"
    );
    let key = &part[part.find(KEY_MARK).unwrap()..];
    assert!(key.contains("الرباط"), "{key}");
    assert!(part.contains(SOLUTION));
    assert!(!part.contains("show-answer\""), "nothing left to ask for");
    assert!(
        shown_at(&w, &set, capital).await,
        "an answer shown after a second try is recorded too"
    );

    // The other item was never answered: no result, its prompt in the form.
    let river = section(&second, &items[1]);
    assert!(!river.contains("class=\"result"));
    assert!(!river.contains("سبو أغزر"));
}

on_both!(asking_shows_the_answer_and_is_recorded_but_not_in_a_quiz);
async fn asking_shows_the_answer_and_is_recorded_but_not_in_a_quiz(backend: Backend) {
    let w = world(backend).await;
    let (set, items) = new_set(&w, SetMode::Practice, None).await;
    let client = w.app.sign_in("P100", PASSWORD).await;
    let capital = &items[0];

    // Not answered yet: nothing to show.
    let resp = w.app.post(&client, &show_path(&set, capital), &[]).await;
    assert_eq!(resp.status, StatusCode::CONFLICT);
    assert!(!shown_at(&w, &set, capital).await);

    choose(&w, &client, &set, capital, "1").await;
    let resp = w.app.post(&client, &show_path(&set, capital), &[]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(
        resp.location(),
        format!("/exercises/{}#item-{}", set.id, capital.id)
    );
    assert!(shown_at(&w, &set, capital).await, "the request is recorded");
    let after = page(&w, &client, &set).await;
    let part = section(&after, capital);
    assert!(part.contains(KEY_MARK));
    assert!(part.contains(SOLUTION));
    // From the revision page, back to it.
    let resp = w
        .app
        .post(&client, &show_path(&set, capital), &[("back", "revision")])
        .await;
    assert_eq!(
        resp.location(),
        format!("/revision?answered={}#answered", capital.id)
    );

    // A limited quiz: no button, and asking is refused.
    let (quiz, quiz_items) = new_set(&w, SetMode::Quiz, Some(3)).await;
    let q = &quiz_items[0];
    choose(&w, &client, &quiz, q, "1").await;
    choose(&w, &client, &quiz, q, "1").await;
    let quiz_page = page(&w, &client, &quiz).await;
    let part = section(&quiz_page, q);
    assert!(!part.contains("show-answer"));
    assert!(
        !part.contains(KEY_MARK),
        "two misses show nothing in a quiz"
    );
    for hint in HINT {
        assert!(!part.contains(hint), "no feedback while attempts remain");
    }
    let resp = w.app.post(&client, &show_path(&quiz, q), &[]).await;
    assert_eq!(resp.status, StatusCode::CONFLICT);
    assert!(!shown_at(&w, &quiz, q).await);
}

/// The lesson's mastery as the pupil's progress reads it.
async fn mastery(w: &World) -> Mastery {
    let scores = w
        .app
        .store
        .learning()
        .latest_scores_by_lesson(w.pupil.id)
        .await
        .unwrap();
    let items: usize = 2;
    Mastery::of(
        items,
        scores.get(&w.lesson.id).map_or(&[][..], Vec::as_slice),
    )
}

on_both!(typing_the_shown_answer_does_not_master_a_lesson_answering_right_the_next_day_does);
async fn typing_the_shown_answer_does_not_master_a_lesson_answering_right_the_next_day_does(
    backend: Backend,
) {
    let mut w = world(backend).await;
    let (set, items) = new_set(&w, SetMode::Practice, None).await;
    let client = w.app.sign_in("P100", PASSWORD).await;

    // Each item: wrong, asked for (or wrong twice), then the shown answer typed.
    let (capital, river) = (&items[0], &items[1]);
    choose(&w, &client, &set, capital, "1").await;
    let resp = w.app.post(&client, &show_path(&set, capital), &[]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    choose(&w, &client, &set, capital, "0").await;
    choose(&w, &client, &set, river, "1").await;
    choose(&w, &client, &set, river, "1").await;
    page(&w, &client, &set).await;
    choose(&w, &client, &set, river, "0").await;
    let latest = w
        .app
        .store
        .learning()
        .latest_answers(w.pupil.id, set.id)
        .await
        .unwrap();
    assert!(
        latest.iter().all(|a| a.correction.correct),
        "both typed right"
    );
    assert_ne!(
        mastery(&w).await,
        Mastery::Mastered,
        "retyping is not mastery"
    );
    let progress = w.app.get(&client, "/progress").await;
    assert!(
        !progress.body.contains("mastery mastered"),
        "{}",
        progress.body
    );

    // The next day, right at the first try: now it counts.
    w.app.travel(1);
    let client = w.app.sign_in("P100", PASSWORD).await;
    choose(&w, &client, &set, capital, "0").await;
    choose(&w, &client, &set, river, "0").await;
    assert_eq!(mastery(&w).await, Mastery::Mastered);
    let progress = w.app.get(&client, "/progress").await;
    assert!(
        progress.body.contains("mastery mastered"),
        "{}",
        progress.body
    );
}

on_both!(an_answer_still_shown_the_next_day_does_not_count_when_typed);
async fn an_answer_still_shown_the_next_day_does_not_count_when_typed(backend: Backend) {
    let mut w = world(backend).await;
    let (set, items) = new_set(&w, SetMode::Practice, None).await;
    let client = w.app.sign_in("P100", PASSWORD).await;

    // Day 1: each item missed twice, so the page shows its answer; nothing typed after.
    for item in &items {
        choose(&w, &client, &set, item, "1").await;
        choose(&w, &client, &set, item, "1").await;
    }
    page(&w, &client, &set).await;

    // Day 2: the page still shows the answers above the forms; typing them must not count.
    w.app.travel(1);
    let client = w.app.sign_in("P100", PASSWORD).await;
    let shown = page(&w, &client, &set).await;
    for item in &items {
        assert!(
            section(&shown, item).contains(KEY_MARK),
            "the answer is still shown"
        );
    }
    for item in &items {
        choose(&w, &client, &set, item, "0").await;
    }
    assert_ne!(
        mastery(&w).await,
        Mastery::Mastered,
        "typing an answer shown on the page is not mastery, whichever day it was first shown"
    );

    // Day 3, right at the first try without the answer drawn again: now it counts.
    w.app.travel(1);
    let client = w.app.sign_in("P100", PASSWORD).await;
    for item in &items {
        choose(&w, &client, &set, item, "0").await;
    }
    assert_eq!(mastery(&w).await, Mastery::Mastered);
}

/// Moves the clock, if need be, to 02:00 or later on the platform's day, so that times an
/// hour back stay on the same day.
fn away_from_midnight(w: &World) {
    let local = w
        .app
        .store
        .clock()
        .now()
        .with_timezone(&w.app.store.time_zone());
    if local.hour() < 2 {
        w.app.store.clock().advance(Duration::hours(2));
    }
}

/// A showing of `item`'s answer made on a phone at `at_ms`, as its outbox sends it.
async fn show_from_phone(
    w: &World,
    client: &Client,
    set: &ExerciseSet,
    item: &StoredItem,
    at_ms: &str,
) -> Resp {
    w.app
        .post(client, &show_path(set, item), &[("shown_at", at_ms)])
        .await
}

on_both!(a_showing_sent_later_by_a_phone_counts_from_when_it_was_made);
async fn a_showing_sent_later_by_a_phone_counts_from_when_it_was_made(backend: Backend) {
    let mut w = world(backend).await;
    let (set, items) = new_set(&w, SetMode::Practice, None).await;
    let (capital, river) = (&items[0], &items[1]);
    let client = w.app.sign_in("P100", PASSWORD).await;
    // Day 1, online: both missed.
    for item in &items {
        choose(&w, &client, &set, item, "1").await;
    }

    // Day 2, on a phone without network: each answer shown (the saved page's button), then
    // typed right. Right at the day's first try would count; typed after a showing it must
    // not. The phone sends everything an hour later: the capital's showing before its
    // answer, the river's after (older than the answer already recorded: a replay).
    w.app.travel(1);
    away_from_midnight(&w);
    let client = w.app.sign_in("P100", PASSWORD).await;
    let now = w.app.store.clock().now();
    let ms = |minutes_ago: i64| {
        (now - Duration::minutes(minutes_ago))
            .timestamp_millis()
            .to_string()
    };
    let (shown, typed) = (ms(60), ms(59));
    let resp = show_from_phone(&w, &client, &set, capital, &shown).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    choose_with(&w, &client, &set, capital, "0", &[("answered_at", &typed)]).await;
    choose_with(&w, &client, &set, river, "0", &[("answered_at", &typed)]).await;
    let resp = show_from_phone(&w, &client, &set, river, &shown).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);

    let help = help(&w, &set).await;
    for item in &items {
        let at = help[&item.id]
            .shown_at
            .map(|at| at.timestamp_millis().to_string());
        assert_eq!(
            at.as_deref(),
            Some(shown.as_str()),
            "recorded when the phone showed it"
        );
    }
    assert_ne!(
        mastery(&w).await,
        Mastery::Mastered,
        "answers typed after a showing on the phone do not count, whichever arrived first"
    );
}

on_both!(a_phone_showing_is_taken_without_an_answer_and_never_dated_ahead);
async fn a_phone_showing_is_taken_without_an_answer_and_never_dated_ahead(backend: Backend) {
    let w = world(backend).await;
    let (set, items) = new_set(&w, SetMode::Practice, None).await;
    let (capital, river) = (&items[0], &items[1]);
    let client = w.app.sign_in("P100", PASSWORD).await;
    away_from_midnight(&w);
    // Saved on the phone: the items presented. Nothing answered on the server yet.
    page(&w, &client, &set).await;

    // The answer it followed never reached the server (refused, say): the showing is still
    // recorded, so that the phone does not keep it for ever. A clock ahead is clamped.
    let ahead = (w.app.store.clock().now() + Duration::hours(5))
        .timestamp_millis()
        .to_string();
    let before = w.app.store.clock().now();
    let resp = show_from_phone(&w, &client, &set, capital, &ahead).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let after = w.app.store.clock().now();
    let at = help(&w, &set).await[&capital.id]
        .shown_at
        .expect("recorded");
    assert!(before <= at && at <= after, "dated now, not ahead: {at}");

    // Typed right after it, that day: the showing without a card still counts against it.
    choose(&w, &client, &set, capital, "0").await;
    choose(&w, &client, &set, river, "0").await;
    assert_ne!(
        mastery(&w).await,
        Mastery::Mastered,
        "the first answer after a showing with no card yet does not count"
    );

    // Without `shown_at` (the page's button), an unanswered item is still refused, and a
    // phone's showing of an item never presented, or of a quiz, is refused for good
    // (not 409, which the phone would keep).
    let (other, other_items) = new_set(&w, SetMode::Practice, None).await;
    let resp = w
        .app
        .post(&client, &show_path(&other, &other_items[0]), &[])
        .await;
    assert_eq!(resp.status, StatusCode::CONFLICT);
    let now_ms = w.app.store.clock().now().timestamp_millis().to_string();
    let resp = show_from_phone(&w, &client, &other, &other_items[0], &now_ms).await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND, "never presented");
    let (quiz, quiz_items) = new_set(&w, SetMode::Quiz, Some(3)).await;
    page(&w, &client, &quiz).await;
    let resp = show_from_phone(&w, &client, &quiz, &quiz_items[0], &now_ms).await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST, "a quiz");
    assert!(help(&w, &other).await.is_empty() && help(&w, &quiz).await.is_empty());
}
