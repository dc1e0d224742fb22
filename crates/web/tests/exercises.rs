//! Working through an exercise set in the browser's shoes: the key stays on the server until
//! the pupil answers, answers are corrected and recorded once, bad or unseen answers are
//! refused and change nothing, and quizzes keep their attempt limits (SQLite and PostgreSQL).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{Client, Resp, TestApp, PASSWORD};
use lawha_core::exercise::gift::parse_gift;
use lawha_core::exercise::Item;
use lawha_core::import::ClassLevel;
use lawha_core::Role;
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::learning::exercises::{ExerciseSet, NewExerciseSet, SetMode, StoredItem};
use lawha_store::on_both;
use lawha_store::testing;
use lawha_store::{Backend, User};
use lawha_web::WebConfig;
use uuid::Uuid;

/// Three items: a choice with per-choice feedback and a solution, an Arabic short answer,
/// and a numeric answer with units and LaTeX maths in its text.
const GIFT: &str = "
::capitale:: ما هي عاصمة المغرب؟ {
=الرباط#أحسنت
~الدار البيضاء#لا، الدار البيضاء أكبر مدينة
####الرباط عاصمة المملكة منذ 1912.
}

::nom:: اكتب اسم العاصمة الإدارية للمغرب {=الرباط =رباط}

::aire:: Aire \\(A = c^2\\) d'un carré de côté 3 cm (en cm²) ? {#9:0}
";

const SOLUTION: &str = "SOLUTION-TEXT: the capital moved in 1912";

struct World {
    app: TestApp,
    lesson: Lesson,
    items: Vec<StoredItem>,
    pupil: User,
}

async fn lesson(app: &TestApp) -> Lesson {
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
    app.store
        .catalog()
        .create_lesson(unit.id, &titles("درس"))
        .await
        .unwrap()
}

async fn set(
    app: &TestApp,
    lesson: &Lesson,
    mode: SetMode,
    max_attempts: Option<i32>,
) -> ExerciseSet {
    app.store
        .catalog()
        .create_exercise_set(&NewExerciseSet {
            lesson_id: lesson.id,
            titles: Titles {
                ar: "سلسلة".into(),
                fr: "Série".into(),
            },
            mode,
            max_attempts,
            created_by: None,
        })
        .await
        .unwrap()
}

/// A pupil of a class of a school in the first region.
async fn pupil(app: &TestApp) -> User {
    let (_, class) = testing::school_with_class_of(&app.store, "01", "EX1", "6AP-1", "6AP").await;
    app.user("تلميذ", "P100", &[(Role::Pupil, class.scope())])
        .await
}

fn gift_items() -> Vec<Item> {
    let mut items: Vec<Item> = parse_gift(GIFT)
        .unwrap()
        .into_iter()
        .map(|q| q.item)
        .collect();
    items[0].solution = Some(SOLUTION.into());
    items
}

async fn world(backend: Backend, mode: SetMode, max_attempts: Option<i32>) -> (World, ExerciseSet) {
    let app = TestApp::on(backend).await;
    let lesson = lesson(&app).await;
    let set = set(&app, &lesson, mode, max_attempts).await;
    let items = app
        .store
        .catalog()
        .add_items(set.id, &gift_items())
        .await
        .unwrap();
    let pupil = pupil(&app).await;
    (
        World {
            app,
            lesson,
            items,
            pupil,
        },
        set,
    )
}

/// The idempotency key the form of `item` carries on this page.
fn event_id(page: &Resp, item: &StoredItem) -> String {
    let section = page
        .body
        .find(&format!("id=\"item-{}\"", item.id))
        .expect("item on the page");
    let marker = "name=\"event_id\" value=\"";
    let start = section + page.body[section..].find(marker).expect("event_id") + marker.len();
    let end = page.body[start..].find('"').unwrap();
    page.body[start..start + end].to_string()
}

fn answer_path(set: &ExerciseSet, item: &StoredItem) -> String {
    format!("/exercises/{}/items/{}/answer", set.id, item.id)
}

/// Loads the set page (which records the items as shown) and answers one item.
async fn answer(
    w: &World,
    client: &Client,
    set: &ExerciseSet,
    item: &StoredItem,
    fields: &[(&str, &str)],
) -> Resp {
    let page = w.app.get(client, &format!("/exercises/{}", set.id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let id = event_id(&page, item);
    let mut all = fields.to_vec();
    all.push(("event_id", &id));
    w.app.post(client, &answer_path(set, item), &all).await
}

async fn answers(w: &World, item: &StoredItem) -> i64 {
    w.app
        .store
        .learning()
        .answers_to_item(w.pupil.id, item.id)
        .await
        .unwrap()
}

on_both!(a_pupil_answers_and_sees_feedback_after_answering);
async fn a_pupil_answers_and_sees_feedback_after_answering(backend: Backend) {
    let (w, set) = world(backend, SetMode::Practice, None).await;
    let client = w.app.sign_in("P100", PASSWORD).await;

    // The lesson page lists the set.
    let lesson = w
        .app
        .get(&client, &format!("/lessons/{}", w.lesson.id))
        .await;
    assert_eq!(lesson.status, StatusCode::OK);
    assert!(lesson
        .body
        .contains(&format!("href=\"/exercises/{}\"", set.id)));

    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("ما هي عاصمة المغرب"));
    assert!(
        page.body.contains("<msup><mi>c</mi><mn>2</mn></msup>"),
        "LaTeX is rendered as MathML on the server"
    );
    assert!(
        !page.body.contains("c^2"),
        "no LaTeX source left in the page"
    );
    for secret in ["أحسنت", "أكبر مدينة", "منذ 1912", SOLUTION] {
        assert!(
            !page.body.contains(secret),
            "{secret} leaked before answering"
        );
    }

    // A wrong choice: corrected, recorded, and the feedback now shown as a hint (the
    // worked solution waits for a second try: tests/practice.rs).
    let capital = &w.items[0];
    let id = event_id(&page, capital);
    let fields = [("choice", "1"), ("event_id", id.as_str())];
    let resp = w
        .app
        .post(&client, &answer_path(&set, capital), &fields)
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(
        resp.location(),
        format!("/exercises/{}#item-{}", set.id, capital.id)
    );
    // The same form again (a double click): nothing more is recorded.
    let again = w
        .app
        .post(&client, &answer_path(&set, capital), &fields)
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(answers(&w, capital).await, 1);

    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert!(
        page.body.contains("أكبر مدينة"),
        "the chosen answer's feedback"
    );
    assert!(page.body.contains("منذ 1912"), "general feedback");
    assert!(
        !page.body.contains(SOLUTION),
        "no solution after one wrong try"
    );
    assert!(page.body.contains("class=\"result wrong\""));
    assert!(
        !page.body.contains("أحسنت"),
        "only the chosen answer's feedback"
    );

    // Arabic short answer typed with diacritics and an Arabic-Indic digit in a numeric item.
    let short = &w.items[1];
    let resp = answer(&w, &client, &set, short, &[("text", " الرِّباط ")]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let numeric = &w.items[2];
    let resp = answer(&w, &client, &set, numeric, &[("text", "٩")]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);

    let latest = w
        .app
        .store
        .learning()
        .latest_answers(w.pupil.id, set.id)
        .await
        .unwrap();
    let score = |item: &StoredItem| {
        latest
            .iter()
            .find(|a| a.item_id == item.id)
            .map(|a| a.correction.score)
    };
    assert_eq!(score(capital), Some(0.0));
    assert_eq!(score(short), Some(1.0));
    assert_eq!(score(numeric), Some(1.0));
    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert_eq!(page.body.matches("class=\"result right\"").count(), 2);

    // Practice sets may be answered again; a new form is a new answer.
    let resp = answer(&w, &client, &set, capital, &[("choice", "0")]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    assert_eq!(answers(&w, capital).await, 2);
    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert!(page.body.contains("أحسنت"));
    assert!(
        page.body.contains(SOLUTION),
        "a right answer shows the solution"
    );
}

on_both!(bad_and_unseen_answers_are_refused_and_change_nothing);
async fn bad_and_unseen_answers_are_refused_and_change_nothing(backend: Backend) {
    let (w, set) = world(backend, SetMode::Practice, None).await;
    let client = w.app.sign_in("P100", PASSWORD).await;
    let capital = &w.items[0];
    let fresh = Uuid::now_v7().to_string();

    // Never shown to this pupil: refused.
    let resp = w
        .app
        .post(
            &client,
            &answer_path(&set, capital),
            &[("choice", "0"), ("event_id", &fresh)],
        )
        .await;
    assert_eq!(resp.status, StatusCode::CONFLICT, "{}", resp.body);

    // Shown, but the answer is out of range, missing, too long, or without its key.
    let long = "ب".repeat(2001);
    for (item, fields) in [
        (capital, vec![("choice", "7")]),
        (capital, vec![]),
        (&w.items[1], vec![("text", long.as_str())]),
        (&w.items[2], vec![("text", "neuf")]),
    ] {
        let resp = answer(&w, &client, &set, item, &fields).await;
        assert_eq!(
            resp.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}: {}",
            resp.body
        );
        assert!(resp.body.contains("role=\"alert\""), "the reason is shown");
        assert!(
            resp.body.contains("name=\"csrf\""),
            "the set page is drawn again"
        );
    }
    let resp = w
        .app
        .post(&client, &answer_path(&set, capital), &[("choice", "0")])
        .await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    let resp = w
        .app
        .post(
            &client,
            &answer_path(&set, capital),
            &[("choice", "0"), ("event_id", "not-a-uuid")],
        )
        .await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    for item in &w.items {
        assert_eq!(answers(&w, item).await, 0);
    }

    // An item of another set, and an unknown set.
    let other = set_with_one_item(&w).await;
    let resp = w
        .app
        .post(
            &client,
            &answer_path(&set, &other),
            &[("choice", "0"), ("event_id", &fresh)],
        )
        .await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    let unknown = w
        .app
        .get(&client, &format!("/exercises/{}", Uuid::now_v7()))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // Without the CSRF token nothing is even read.
    let resp = w
        .app
        .post_raw(
            &client,
            &answer_path(&set, capital),
            &[("choice", "0"), ("event_id", &fresh)],
        )
        .await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    assert_eq!(answers(&w, capital).await, 0);
}

async fn set_with_one_item(w: &World) -> StoredItem {
    let other = set(&w.app, &w.lesson, SetMode::Practice, None).await;
    let mut items = w
        .app
        .store
        .catalog()
        .add_items(other.id, &gift_items()[..1])
        .await
        .unwrap();
    items.remove(0)
}

on_both!(a_quiz_keeps_its_attempt_limit_and_the_solution_until_it_is_spent);
async fn a_quiz_keeps_its_attempt_limit_and_the_solution_until_it_is_spent(backend: Backend) {
    let (w, set) = world(backend, SetMode::Quiz, Some(2)).await;
    let client = w.app.sign_in("P100", PASSWORD).await;
    let capital = &w.items[0];

    let resp = answer(&w, &client, &set, capital, &[("choice", "1")]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert!(
        page.body.contains("class=\"result wrong\""),
        "the verdict is shown"
    );
    assert!(
        !page.body.contains(SOLUTION),
        "no solution while attempts remain"
    );
    assert!(
        !page.body.contains("أكبر مدينة"),
        "no feedback while attempts remain"
    );

    // A form kept open in a second tab, used after the last attempt: refused.
    let stale_tab = event_id(&page, capital);
    let resp = answer(&w, &client, &set, capital, &[("choice", "1")]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert!(
        page.body.contains(SOLUTION),
        "attempts spent: the solution shows"
    );
    assert!(
        !page
            .body
            .contains(&format!("action=\"{}\"", answer_path(&set, capital))),
        "no form once the attempts are spent"
    );
    let resp = w
        .app
        .post(
            &client,
            &answer_path(&set, capital),
            &[("choice", "0"), ("event_id", &stale_tab)],
        )
        .await;
    assert_eq!(resp.status, StatusCode::CONFLICT);
    assert_eq!(answers(&w, capital).await, 2);
}

on_both!(parallel_answers_keep_the_attempt_limit);
/// Twenty answers to one quiz item sent at once (a double-clicking pupil, a script): the
/// limit is counted where the answer is recorded, so exactly the allowed number is stored.
async fn parallel_answers_keep_the_attempt_limit(backend: Backend) {
    let (w, set) = world(backend, SetMode::Quiz, Some(3)).await;
    let client = w.app.sign_in("P100", PASSWORD).await;
    let capital = &w.items[0];
    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let path = answer_path(&set, capital);
    let ids: Vec<String> = (0..20).map(|_| Uuid::now_v7().to_string()).collect();
    let (app, client, path) = (&w.app, &client, &path);
    let posts = ids.iter().map(|id| async move {
        app.post(client, path, &[("choice", "1"), ("event_id", id)])
            .await
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|resp| resp.status)
        .collect();
    let count = |status| statuses.iter().filter(|s| **s == status).count();
    assert_eq!(
        (count(StatusCode::SEE_OTHER), count(StatusCode::CONFLICT)),
        (3, 17),
        "{statuses:?}"
    );
    assert_eq!(answers(&w, capital).await, 3);
}

#[tokio::test]
async fn the_set_page_needs_an_account_and_speaks_french_too() {
    let (w, set) = world(Backend::Sqlite, SetMode::Practice, None).await;
    let anonymous = Client::default();
    let resp = w
        .app
        .get(&anonymous, &format!("/exercises/{}", set.id))
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    assert!(resp.location().starts_with("/login"));
    // The lesson itself is public and says why the exercises need an account.
    let lesson = w
        .app
        .get(&anonymous, &format!("/lessons/{}", w.lesson.id))
        .await;
    assert_eq!(lesson.status, StatusCode::OK);

    let mut client = w.app.sign_in("P100", PASSWORD).await;
    client.set("lawha_lang", "fr".into());
    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert!(page.body.contains("lang=\"fr\""));
    assert!(page.body.contains("Série"));
    assert!(page.body.contains("Valider ma réponse"));
}

/// The idempotency key of the revision form of `item`, if the page offers it.
fn revision_form(page: &Resp, item: &StoredItem) -> Option<String> {
    page.body
        .contains(&format!("id=\"item-{}\"", item.id))
        .then(|| event_id(page, item))
}

/// A moved clock (as `clock_offset_days` moves it) moves the pages and the store together:
/// the answer the page stamps and the session the store opens are both a month ahead.
async fn the_clock_offset_moves_pages_and_store_together(backend: Backend) {
    let (mut w, set) = world(backend, SetMode::Practice, None).await;
    let ahead = chrono::Duration::days(30);
    w.app.travel(30);
    let real = lawha_core::Clock::system();
    let before = real.now() + ahead;
    let client = w.app.sign_in("P100", PASSWORD).await;
    let resp = answer(&w, &client, &set, &w.items[0], &[("choice", "0")]).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let after = real.now() + ahead;

    let recorded = w
        .app
        .store
        .learning()
        .latest_answers(w.pupil.id, set.id)
        .await
        .unwrap();
    let stamped_by_page = recorded[0].occurred_at;
    assert!(
        (before..=after).contains(&stamped_by_page),
        "{stamped_by_page}"
    );

    let token = client
        .cookies
        .iter()
        .find(|(name, _)| name == "lawha_session")
        .map(|(_, token)| token.clone())
        .unwrap();
    let session = w
        .app
        .store
        .accounts()
        .session(&token)
        .await
        .unwrap()
        .unwrap();
    let lifetime = chrono::Duration::hours(WebConfig::default().session_hours);
    let opened_by_store = session.expires_at - lifetime;
    assert!(
        (before..=after).contains(&opened_by_store),
        "{opened_by_store}"
    );
}
on_both!(the_clock_offset_moves_pages_and_store_together);

on_both!(revision_brings_back_mistakes_on_their_due_date);
async fn revision_brings_back_mistakes_on_their_due_date(backend: Backend) {
    let (mut w, set) = world(backend, SetMode::Practice, None).await;
    let client = w.app.sign_in("P100", PASSWORD).await;
    let (capital, short, numeric) = (&w.items[0], &w.items[1], &w.items[2]);
    // Today: the capital wrong, the name right, the area not answered.
    assert_eq!(
        answer(&w, &client, &set, capital, &[("choice", "1")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        answer(&w, &client, &set, short, &[("text", "الرباط")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let today = w.app.get(&client, "/revision").await;
    assert_eq!(today.status, StatusCode::OK);
    assert!(today.body.contains("class=\"empty\""), "nothing due today");
    assert_eq!(revision_form(&today, capital), None);

    // Tomorrow the mistake is due; the right answer is not. Yesterday's session has ended.
    w.app.travel(1);
    let client = w.app.sign_in("P100", PASSWORD).await;
    let tomorrow = w.app.get(&client, "/revision").await;
    let key = revision_form(&tomorrow, capital).expect("the mistake is due");
    assert_eq!(revision_form(&tomorrow, short), None);
    assert!(!tomorrow.body.contains(SOLUTION), "no key before answering");
    assert!(tomorrow.body.contains("name=\"back\" value=\"revision\""));

    // Answered from the revision page: back to it, with the correction shown.
    let path = answer_path(&set, capital);
    let fields = [
        ("choice", "0"),
        ("event_id", key.as_str()),
        ("back", "revision"),
    ];
    let resp = w.app.post(&client, &path, &fields).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(
        resp.location(),
        format!("/revision?answered={}#answered", capital.id)
    );
    let after = w.app.get(&client, resp.location()).await;
    assert!(after.body.contains("id=\"answered\""));
    assert!(after.body.contains("أحسنت") && after.body.contains(SOLUTION));
    assert_eq!(revision_form(&after, capital), None, "no longer due");
    let card = w
        .app
        .store
        .learning()
        .review_card(w.pupil.id, capital.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((card.card.reps, card.last_score), (2, 1.0));

    // More like this: the lesson's unanswered item first.
    let more = w
        .app
        .get(&client, &format!("/revision?more={}", capital.id))
        .await;
    assert!(more.body.contains("id=\"more\""));
    assert!(revision_form(&more, numeric).is_some());

    // A bad answer from the revision page is refused there, as 422.
    let key = revision_form(&more, numeric).unwrap();
    let fields = [
        ("text", "neuf"),
        ("event_id", key.as_str()),
        ("back", "revision"),
    ];
    let refused = w
        .app
        .post(&client, &answer_path(&set, numeric), &fields)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("role=\"alert\""));
    assert_eq!(answers(&w, numeric).await, 0);

    // My progress: the lesson is under way, two days in a row, nothing left due.
    let progress = w.app.get(&client, "/progress").await;
    assert_eq!(progress.status, StatusCode::OK);
    assert!(progress
        .body
        .contains(&format!("href=\"/lessons/{}\"", w.lesson.id)));
    assert!(
        progress.body.contains("mastery in-progress"),
        "{}",
        progress.body
    );
    let streak = progress
        .body
        .lines()
        .find(|l| l.contains("أيام العمل المتتالية"))
        .expect("the streak line");
    assert!(streak.contains('2') && !streak.contains('1'), "{streak}");
    assert!(progress
        .body
        .contains(&format!("href=\"/exercises/{}\"", set.id)));
}

/// Formulas that tried to write markup into pupils' pages (security report: an
/// `\operatorname{<meta http-equiv="refresh">}` sent every pupil of a level elsewhere).
const INJECTED: &str = "\\(\\operatorname{<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">}(x)\\) \
     et \\(\\mathop{<script>alert(1)</script>} < 2\\)";

#[tokio::test]
async fn formulas_in_exercise_texts_cannot_write_markup_into_pupils_pages() {
    let (w, _) = world(Backend::Sqlite, SetMode::Practice, None).await;
    let set = set(&w.app, &w.lesson, SetMode::Practice, None).await;
    let mut items = gift_items();
    // The capital question: injected prompt, choice, feedback and solution; then a formula
    // nested too deeply to render.
    items[0].prompt = format!("{INJECTED} ?");
    items[0].solution = Some(INJECTED.into());
    items[0].general_feedback = Some(INJECTED.into());
    let deep = format!("\\({}x{}\\)", "\\{".repeat(20_000), "\\}".repeat(20_000));
    items[1].prompt = deep.clone();
    let stored = w
        .app
        .store
        .catalog()
        .add_items(set.id, &items)
        .await
        .unwrap();
    let client = w.app.sign_in("P100", PASSWORD).await;

    let page = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let answered = answer(&w, &client, &set, &stored[0], &[("choice", "1")]).await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    // After answering and asking for the answer, the right answer, the solution and the
    // feedback are on the page too.
    let path = format!("/exercises/{}/items/{}/show-answer", set.id, stored[0].id);
    let asked = w.app.post(&client, &path, &[]).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let after = w.app.get(&client, &format!("/exercises/{}", set.id)).await;
    assert!(after.body.contains("class=\"solution\""), "{}", after.body);
    assert!(after.body.contains("<ul class=\"key\">"), "{}", after.body);
    for body in [&page.body, &after.body] {
        let body = &without_shell_script(body);
        for markup in ["<meta http-equiv", "<script", "</script>"] {
            assert!(!body.contains(markup), "{markup} reached the page");
        }
        // Shown as text inside the rendered maths.
        assert!(body.contains("<mi>&#60;meta http-equiv=&#34;refresh&#34;"));
        assert!(body.contains("<mo>&#60;</mo>"));
        // The deep formula is its source, escaped, not rendered.
        assert!(body.contains("<code class=\"math-source\" dir=\"ltr\">\\{\\{\\{"));
    }
}

/// The page without our own script elements (the app shell's script in every page's head
/// and the offline strings), so that any other script is one that got in.
fn without_shell_script(body: &str) -> String {
    // Our own elements: the shell's script, and the offline scripts' strings (JSON whose
    // `<` is escaped, so its first `</script>` is its own end).
    let mut body = body.to_string();
    for open in [
        "<script src=\"/static/shell-",
        "<script type=\"application/json\" id=\"lawha-strings\"",
    ] {
        let Some(start) = body.find(open) else {
            continue;
        };
        let end = body[start..]
            .find("</script>")
            .map_or(body.len(), |i| start + i + "</script>".len());
        body = format!("{}{}", &body[..start], &body[end..]);
    }
    body
}
