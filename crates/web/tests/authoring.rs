//! A teacher writes an exercise set in the browser: previews GIFT typed in the form (maths
//! included), sees a malformed file refused with its line, and saves an uploaded GIFT file
//! as a set that pupils can then work through; nothing is saved by a preview or a refusal
//! (SQLite and PostgreSQL).

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{Client, Resp, TestApp, PASSWORD};
use lawha_core::exercise::ItemKind;
use lawha_core::Role;
use lawha_store::catalog::curriculum::{Lesson, Titles};
use lawha_store::on_both;
use lawha_store::testing;
use lawha_store::{Backend, Class};

const GIFT: &str = "$CATEGORY: 1AC/MATH/Fractions

::Simplifier::Forme simplifiée de \\(\\frac\\{6\\}\\{8\\}\\) ? {
=\\(\\frac\\{3\\}\\{4\\}\\) #Bien : on divise par 2.
~\\(\\frac\\{6\\}\\{8\\}\\) #C'est la même fraction.
}

::Décimal:: Valeur décimale de 3/4 ? {#0.75:0.001}

::Vrai-faux:: 2/3 et 4/6 sont égales. {T}
";

struct World {
    app: TestApp,
    lesson: Lesson,
    class: Class,
    teacher: Client,
}

async fn world(backend: Backend) -> World {
    let app = TestApp::on(backend).await;
    let titles = Titles {
        ar: "الكسور".into(),
        fr: "Fractions".into(),
    };
    let lesson = testing::lesson(&app.store, "1AC", "MATH", &titles).await;
    let (school, class) = app.school_and_class("01", "AU1").await;
    app.user(
        "Prof",
        "prof@example.ma",
        &[(Role::Teacher, school.scope())],
    )
    .await;
    let mut teacher = app.sign_in("prof@example.ma", PASSWORD).await;
    // French pages: the assertions read French messages.
    teacher.set("lawha_lang", "fr".into());
    World {
        app,
        lesson,
        class,
        teacher,
    }
}

fn new_set_path(w: &World) -> String {
    format!("/lessons/{}/sets/new", w.lesson.id)
}

async fn submit(w: &World, fields: &[(&str, &str)], file: Option<&[u8]>) -> Resp {
    let file = file.map(|bytes| ("file", "questions.gift", bytes));
    w.app
        .post_multipart(&w.teacher, &new_set_path(w), fields, file)
        .await
}

async fn set_count(w: &World) -> usize {
    w.app
        .store
        .catalog()
        .sets_of_lesson(w.lesson.id)
        .await
        .unwrap()
        .len()
}

on_both!(a_teacher_previews_then_saves_an_uploaded_gift_file);
async fn a_teacher_previews_then_saves_an_uploaded_gift_file(backend: Backend) {
    let w = world(backend).await;

    // The lesson page offers authoring to the teacher, the form is there.
    let lesson = w
        .app
        .get(&w.teacher, &format!("/lessons/{}", w.lesson.id))
        .await;
    assert!(lesson
        .body
        .contains(&format!("href=\"{}\"", new_set_path(&w))));
    let form = w.app.get(&w.teacher, &new_set_path(&w)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));

    // Preview of typed text: every question with its key and credits, maths as MathML.
    let fields = [
        ("title_fr", "Fractions"),
        ("mode", "practice"),
        ("source", GIFT),
        ("action", "preview"),
    ];
    let preview = submit(&w, &fields, None).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("Aperçu : 3 questions"),
        "{}",
        preview.body
    );
    assert!(preview
        .body
        .contains("<mfrac><mrow><mn>6</mn></mrow><mrow><mn>8</mn></mrow></mfrac>"));
    assert!(preview.body.contains("Bien : on divise par 2."));
    assert!(preview.body.contains("0.75 ± 0.001"));
    assert!(preview.body.contains("Choix unique"));
    assert!(
        preview.body.contains("Ligne 3 :"),
        "the line each question starts on"
    );
    assert_eq!(set_count(&w).await, 0, "a preview saves nothing");

    // Saving an uploaded file (it replaces the text area): one set with every item.
    let fields = [
        ("title_ar", "تمارين الكسور"),
        ("title_fr", ""),
        ("mode", "quiz"),
        ("max_attempts", "2"),
        ("source", "ignored when a file is sent"),
        ("action", "save"),
    ];
    let saved = submit(&w, &fields, Some(GIFT.as_bytes())).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let sets = w
        .app
        .store
        .catalog()
        .sets_of_lesson(w.lesson.id)
        .await
        .unwrap();
    assert_eq!(sets.len(), 1);
    let set = &sets[0];
    assert_eq!(saved.location(), format!("/exercises/{}", set.id));
    assert_eq!(set.title_ar, "تمارين الكسور");
    assert_eq!(set.max_attempts, Some(2));
    let items = w.app.store.catalog().set_items(set.id).await.unwrap();
    assert_eq!(items.len(), 3);
    assert!(matches!(items[0].item.kind, ItemKind::SingleChoice { .. }));
    assert!(items[0].item.prompt.contains("\\frac{6}{8}"));
    assert!(matches!(
        items[2].item.kind,
        ItemKind::TrueFalse { answer: true, .. }
    ));
}

on_both!(bad_questions_and_settings_are_refused_and_save_nothing);
async fn bad_questions_and_settings_are_refused_and_save_nothing(backend: Backend) {
    let w = world(backend).await;
    let good = |action| {
        vec![
            ("title_fr", "Série"),
            ("mode", "practice"),
            ("source", GIFT),
            ("action", action),
        ]
    };

    // A brace left open in the third paragraph: refused with its line, the text kept.
    let broken = "::a:: 1+1 ? {#2}\n\n::b:: Oui ? {T}\n\n::c:: Capitale ? {=Rabat ~Fès\n";
    let mut fields = good("save");
    fields[2] = ("source", broken);
    let resp = submit(&w, &fields, None).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.body.contains("role=\"alert\""));
    assert!(resp.body.contains("Ligne 5 :"), "{}", resp.body);
    assert!(resp.body.contains("n’est pas fermée"), "{}", resp.body);
    assert!(
        !resp.body.contains("is not closed"),
        "no English parser line under the translated one"
    );
    assert!(
        resp.body.contains("Capitale ? {=Rabat ~Fès"),
        "the text is drawn back to fix"
    );

    // A file that is not UTF-8, with the line of the first bad byte.
    let resp = submit(&w, &good("preview"), Some(b"::a:: ok {T}\n\n\xFF {T}")).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.body.contains("Ligne 3 :"), "{}", resp.body);

    // Nothing but comments.
    let mut fields = good("save");
    fields[2] = ("source", "// nothing yet\n");
    let resp = submit(&w, &fields, None).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.body.contains("aucune question trouvée"));

    // A quiz allowing 0 attempts; a set without any title.
    let mut fields = good("save");
    fields[1] = ("mode", "quiz");
    fields.push(("max_attempts", "0"));
    let resp = submit(&w, &fields, None).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.body.contains("entre 1 et 20"));
    let mut fields = good("save");
    fields[0] = ("title_fr", "  ");
    let resp = submit(&w, &fields, None).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.body.contains("id=\"title_ar-err\""), "{}", resp.body);

    assert_eq!(set_count(&w).await, 0);

    // And the same form, fixed, saves.
    let resp = submit(&w, &good("save"), None).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(set_count(&w).await, 1);
}

/// The value at fault as the translated message quotes it.
fn quoted(value: &str) -> String {
    format!("« {value} »")
}

on_both!(refusals_quote_the_value_at_fault_and_formulas_need_no_escapes);
async fn refusals_quote_the_value_at_fault_and_formulas_need_no_escapes(backend: Backend) {
    let w = world(backend).await;
    let fields = |source| {
        vec![
            ("title_fr", "Série"),
            ("mode", "practice"),
            ("source", source),
            ("action", "preview"),
        ]
    };
    let resp = submit(&w, &fields("Q ? {~%3x%a =b}"), None).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.body.contains(&quoted("3x")), "{}", resp.body);
    assert!(!resp.body.contains("bad weight"), "{}", resp.body);

    let essay = "<quiz>\n<question type=\"essay\"><questiontext><text>Écrivez.</text>\
                 </questiontext></question>\n</quiz>";
    let resp = submit(&w, &fields(essay), None).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.body.contains("Ligne 2 :"), "{}", resp.body);
    assert!(
        resp.body
            .contains(&format!("question {} n’est", quoted("essay"))),
        "{}",
        resp.body
    );
    assert!(!resp.body.contains("not supported"), "{}", resp.body);

    // A weight Moodle would refuse: the question, the weight and the nearest grade.
    let thirds = "::Tiers:: Cochez {\n~%33.33333%a\n~%33%b\n~%33.33333%c\n}";
    let resp = submit(&w, &fields(thirds), None).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        resp.body.contains(&format!(
            "Ligne 3 : question {} : la note {} n’est pas une des notes de Moodle ; la plus proche est 33.33333 %.",
            quoted("Tiers"),
            quoted("33 %")
        )),
        "{}",
        resp.body
    );

    // LaTeX as teachers write it, braces and all.
    let maths = "::F:: \\(\\frac{6}{8}\\) ? {=\\(\\frac{3}{4}\\) ~$$\\frac{6}{8}$$}";
    let resp = submit(&w, &fields(maths), None).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert!(resp
        .body
        .contains("<mfrac><mrow><mn>3</mn></mrow><mrow><mn>4</mn></mrow></mfrac>"));
    let hint = w.app.get(&w.teacher, &new_set_path(&w)).await;
    assert!(hint.body.contains("sans les échapper"), "the help says so");
}

on_both!(a_bank_with_an_essay_is_imported_without_it_when_asked);
async fn a_bank_with_an_essay_is_imported_without_it_when_asked(backend: Backend) {
    let w = world(backend).await;
    let bank = "<quiz>\n<question type=\"essay\"><questiontext><text>Écrivez.</text>\
                </questiontext></question>\n<question type=\"truefalse\"><questiontext>\
                <text>Vrai ?</text></questiontext><answer fraction=\"100\"><text>true</text>\
                </answer><answer fraction=\"0\"><text>false</text></answer></question></quiz>";
    let mut fields = vec![
        ("title_fr", "Banque"),
        ("mode", "practice"),
        ("source", bank),
        ("action", "save"),
    ];
    // All or nothing by default; the refusal offers the choice.
    let resp = submit(&w, &fields, None).await;
    assert_eq!(resp.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        resp.body.contains("name=\"skip_unsupported\""),
        "{}",
        resp.body
    );
    assert_eq!(set_count(&w).await, 0);
    let form = w.app.get(&w.teacher, &new_set_path(&w)).await;
    assert!(
        !form.body.contains("name=\"skip_unsupported\""),
        "only after a refusal"
    );

    fields[3] = ("action", "preview");
    fields.push(("skip_unsupported", "1"));
    let resp = submit(&w, &fields, None).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert!(resp.body.contains("1 question ignorée"), "{}", resp.body);
    assert!(
        resp.body
            .contains("Ligne 2 : <span dir=\"ltr\">essay</span>"),
        "{}",
        resp.body
    );
    fields[3] = ("action", "save");
    let resp = submit(&w, &fields, None).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    let sets = w
        .app
        .store
        .catalog()
        .sets_of_lesson(w.lesson.id)
        .await
        .unwrap();
    let items = w.app.store.catalog().set_items(sets[0].id).await.unwrap();
    assert_eq!(items.len(), 1, "the essay left out");
}

#[tokio::test]
async fn pupils_neither_see_nor_use_authoring() {
    let w = world(Backend::Sqlite).await;
    w.app
        .user("Élève", "P200", &[(Role::Pupil, w.class.scope())])
        .await;
    let pupil = w.app.sign_in("P200", PASSWORD).await;
    let lesson = w
        .app
        .get(&pupil, &format!("/lessons/{}", w.lesson.id))
        .await;
    assert!(!lesson.body.contains("/sets/new"));
    assert_eq!(
        w.app.get(&pupil, &new_set_path(&w)).await.status,
        StatusCode::FORBIDDEN
    );
    let resp = w
        .app
        .post_multipart(
            &pupil,
            &new_set_path(&w),
            &[("title_fr", "x"), ("source", GIFT), ("action", "save")],
            None,
        )
        .await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    assert_eq!(set_count(&w).await, 0);
}
