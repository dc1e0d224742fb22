//! Importing the examples of Moodle's GIFT documentation, and the forms they illustrate.

use super::super::*;
use crate::exercise::item::{Blank, Choice, ItemKind, MatchPair, NumericAnswer, Part, TextAnswer};
use crate::exercise::normalize::Case;

pub(super) const EXAMPLES: &str = include_str!("testdata/moodle_examples.gift");

fn examples() -> Vec<ParsedQuestion> {
    parse_gift(EXAMPLES).unwrap()
}

fn one(gift: &str) -> ParsedQuestion {
    let mut questions = parse_gift(gift).unwrap();
    assert_eq!(questions.len(), 1, "{gift}");
    questions.remove(0)
}

fn kind(gift: &str) -> ItemKind {
    one(gift).item.kind
}

fn texts(choices: &[Choice]) -> Vec<(&str, f64)> {
    choices
        .iter()
        .map(|c| (c.text.as_str(), c.fraction))
        .collect()
}

#[test]
fn every_documented_example_parses() {
    let questions = examples();
    assert_eq!(questions.len(), 27);
    let count = |name: &str| {
        questions
            .iter()
            .filter(|q| q.item.kind.name() == name)
            .count()
    };
    let counts: Vec<usize> = [
        "single_choice",
        "multiple_choice",
        "true_false",
        "short_answer",
        "fill_blanks",
        "matching",
        "numeric",
    ]
    .iter()
    .map(|name| count(name))
    .collect();
    assert_eq!(counts, vec![6, 1, 4, 6, 5, 1, 4]);
}

#[test]
fn question_lines_skip_comments() {
    let questions = examples();
    assert_eq!(questions[0].line, 5);
    assert_eq!(questions[0].item.prompt, "Who's buried in Grant's tomb?");
    let lines: Vec<usize> = questions.iter().map(|q| q.line).collect();
    let kanji = questions
        .iter()
        .find(|q| q.title.as_deref() == Some("Kanji Origins"))
        .unwrap();
    assert_eq!(
        EXAMPLES.lines().nth(kanji.line - 1).unwrap(),
        "::Kanji Origins::Japanese characters originally"
    );
    assert!(lines.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn multiple_choice_examples() {
    let ItemKind::SingleChoice { choices } =
        kind("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")
    else {
        panic!("single choice")
    };
    assert_eq!(
        texts(&choices),
        vec![("Grant", 0.0), ("Jefferson", 0.0), ("no one", 1.0)]
    );
}

#[test]
fn missing_word_choice_becomes_fill_blanks() {
    let question = one("Grant is {~buried =entombed ~living} in Grant's tomb.");
    assert_eq!(question.item.prompt, "Grant is _____ in Grant's tomb.");
    let ItemKind::FillBlanks { parts } = question.item.kind else {
        panic!("fill blanks")
    };
    assert_eq!(parts.len(), 3);
    assert_eq!(
        parts[0],
        Part::Text {
            text: "Grant is ".into()
        }
    );
    assert_eq!(
        parts[2],
        Part::Text {
            text: " in Grant's tomb.".into()
        }
    );
    let Part::Blank {
        blank: Blank::Choice { choices },
    } = &parts[1]
    else {
        panic!("choice gap")
    };
    assert_eq!(
        texts(choices),
        vec![("buried", 0.0), ("entombed", 1.0), ("living", 0.0)]
    );
}

#[test]
fn missing_word_short_answer_becomes_a_typed_gap() {
    let ItemKind::FillBlanks { parts } = kind("Two plus two equals {=four =4}.") else {
        panic!("fill blanks")
    };
    let Part::Blank {
        blank: Blank::Typed { answers, case },
    } = &parts[1]
    else {
        panic!("typed gap")
    };
    assert_eq!(
        answers,
        &vec![TextAnswer::new("four"), TextAnswer::new("4")]
    );
    assert_eq!(*case, Case::Insensitive);
}

#[test]
#[allow(clippy::approx_constant)] // Moodle's example is about π.
fn missing_word_of_other_kinds_keeps_the_kind() {
    let question = one("What is the value of pi (to 3 decimal places)? {#3.141..3.142}.");
    assert_eq!(
        question.item.prompt,
        "What is the value of pi (to 3 decimal places)? _____."
    );
    let ItemKind::Numeric { answers, .. } = question.item.kind else {
        panic!("numeric")
    };
    assert!((answers[0].value - 3.1415).abs() < 1e-12);
    assert!((answers[0].tolerance - 0.0005).abs() < 1e-12);
}

#[test]
fn multiline_answers_and_multiline_prompts() {
    let question =
        one("::Kanji Origins::Japanese characters originally\ncame from what country? {=China}");
    assert_eq!(question.title.as_deref(), Some("Kanji Origins"));
    assert_eq!(
        question.item.prompt,
        "Japanese characters originally\ncame from what country?"
    );
    let ItemKind::SingleChoice { choices } =
        kind("Q {\n    ~India\n    =China\n    ~Korea\n    ~Egypt}")
    else {
        panic!("single choice")
    };
    assert_eq!(choices.len(), 4);
}

#[test]
fn true_false_forms_and_feedback() {
    for (gift, answer) in [
        ("Q{T}", true),
        ("Q{TRUE}", true),
        ("Q{F}", false),
        ("Q{FALSE}", false),
        ("Q{true}", true),
    ] {
        let ItemKind::TrueFalse { answer: parsed, .. } = kind(gift) else {
            panic!("{gift}")
        };
        assert_eq!(parsed, answer, "{gift}");
    }
    let parsed = kind(
        "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.#You are right!}",
    );
    assert_eq!(
        parsed,
        ItemKind::TrueFalse {
            answer: false,
            feedback_true: Some("No one is buried in Grant's tomb.".into()),
            feedback_false: Some("You are right!".into()),
        }
    );
}

#[test]
fn matching_with_general_feedback_and_distractor() {
    let question =
        one("Match. {\n =Canada -> Ottawa\n =Italy  -> Rome\n = -> Paris\n ####Capitals.\n }");
    assert_eq!(question.item.general_feedback.as_deref(), Some("Capitals."));
    assert_eq!(
        question.item.kind,
        ItemKind::Matching {
            pairs: vec![
                MatchPair::new("Canada", "Ottawa"),
                MatchPair::new("Italy", "Rome")
            ],
            distractors: vec!["Paris".into()],
        }
    );
}

#[test]
#[allow(clippy::approx_constant)] // Moodle's example is about π.
fn numeric_forms() {
    let ItemKind::Numeric { answers, .. } = kind("When? {#1822:5}") else {
        panic!("numeric")
    };
    assert_eq!(answers, vec![NumericAnswer::new(1822.0, 5.0)]);
    let ItemKind::Numeric {
        answers,
        other_feedback,
        ..
    } = kind("When? {#\n =1822:0 # Exact.\n =%50%1822:2 # Close.\n ~#Wrong.\n}")
    else {
        panic!("numeric")
    };
    assert_eq!(answers.len(), 2);
    assert_eq!(
        (answers[0].fraction, answers[0].feedback.as_deref()),
        (1.0, Some("Exact."))
    );
    assert_eq!(
        (
            answers[1].fraction,
            answers[1].tolerance,
            answers[1].feedback.as_deref()
        ),
        (0.5, 2.0, Some("Close."))
    );
    assert_eq!(other_feedback.as_deref(), Some("Wrong."));
    let ItemKind::Numeric { answers, .. } = kind("Pi? {#3,14:0,01}") else {
        panic!("numeric")
    };
    assert_eq!(answers, vec![NumericAnswer::new(3.14, 0.01)]);
}

#[test]
fn weights_feedback_and_titles() {
    let question = examples()
        .into_iter()
        .find(|q| q.title.as_deref() == Some("Jesus' hometown"))
        .unwrap();
    assert_eq!(question.item.prompt, "Jesus Christ was from _____.");
    let ItemKind::FillBlanks { parts } = question.item.kind else {
        panic!("fill blanks")
    };
    let Part::Blank {
        blank: Blank::Choice { choices },
    } = &parts[1]
    else {
        panic!("choice gap")
    };
    assert_eq!(
        texts(choices),
        vec![
            ("Jerusalem", 0.0),
            ("Bethlehem", 0.25),
            ("Galilee", 0.5),
            ("Nazareth", 1.0)
        ]
    );
    assert_eq!(choices[3].feedback.as_deref(), Some("Yes! That's right!"));

    let ItemKind::MultipleChoice { choices } =
        kind("Who? {~%-100%No one ~%50%Grant ~%50%Grant's wife ~%-100%Grant's father }")
    else {
        panic!("multiple choice")
    };
    assert_eq!(
        texts(&choices),
        vec![
            ("No one", -1.0),
            ("Grant", 0.5),
            ("Grant's wife", 0.5),
            ("Grant's father", -1.0)
        ]
    );
}

#[test]
fn escapes_in_answers_and_feedback() {
    let question = examples()
        .into_iter()
        .find(|q| q.title.as_deref() == Some("GIFT Control Characters"))
        .unwrap();
    let ItemKind::SingleChoice { choices } = question.item.kind else {
        panic!("single choice")
    };
    assert_eq!(
        texts(&choices),
        vec![
            ("~", 0.0),
            ("=", 0.0),
            ("#", 0.0),
            ("{", 0.0),
            ("}", 0.0),
            ("\\", 1.0)
        ]
    );
    assert_eq!(
        choices[0].feedback.as_deref(),
        Some("~ is a control character.")
    );
    assert!(choices[5]
        .feedback
        .as_deref()
        .unwrap()
        .starts_with("Correct! \\ (backslash)"));
    let ItemKind::SingleChoice { choices } =
        kind("Which answer equals 5? {\n ~ \\= 2 + 2\n = \\= 2 + 3\n ~ \\= 2 + 4  }")
    else {
        panic!("single choice")
    };
    assert_eq!(
        texts(&choices),
        vec![("= 2 + 2", 0.0), ("= 2 + 3", 1.0), ("= 2 + 4", 0.0)]
    );
}

#[test]
fn latex_survives_escaping() {
    let question = one(r"Calcule $\frac\{1\}\{2\} + x \= 1$ \: x ? {=$\frac\{1\}\{2\}$ =0,5}");
    assert_eq!(question.item.prompt, r"Calcule $\frac{1}{2} + x = 1$ : x ?");
    let ItemKind::ShortAnswer { answers, .. } = question.item.kind else {
        panic!("short answer")
    };
    assert_eq!(answers[0].text, r"$\frac{1}{2}$");
}

#[test]
fn format_markers_are_recorded_and_removed() {
    let question =
        one("[markdown]Who's buried in **Grant's tomb**?{=no one#[html]<b>excellent</b>}");
    assert_eq!(question.text_format, TextFormat::Markdown);
    assert_eq!(question.item.prompt, "Who's buried in **Grant's tomb**?");
    let ItemKind::ShortAnswer { answers, .. } = question.item.kind else {
        panic!("short answer")
    };
    assert_eq!(answers[0].feedback.as_deref(), Some("<b>excellent</b>"));
    assert_eq!(
        one("[note] not a marker {T}").item.prompt,
        "[note] not a marker"
    );
}

#[test]
fn categories_apply_to_the_questions_below() {
    let questions = parse_gift(
        "Q0{T}\n\n$CATEGORY: $course$/top/Algèbre\n\nQ1{T}\n\n$CATEGORY: Géométrie\nQ2{F}",
    )
    .unwrap();
    let categories: Vec<Option<&str>> = questions.iter().map(|q| q.category.as_deref()).collect();
    assert_eq!(
        categories,
        vec![None, Some("$course$/top/Algèbre"), Some("Géométrie")]
    );
    assert_eq!(questions[2].line, 8);
    assert_eq!(
        examples().last().unwrap().category.as_deref(),
        Some("tom/dick/harry")
    );
}

#[test]
fn arabic_questions() {
    let question = one("::عواصم::ما عاصمة المغرب؟ {=الرباط#أحسنت =%50%الرباط، المغرب ~%0%x}");
    assert_eq!(question.title.as_deref(), Some("عواصم"));
    assert_eq!(question.item.prompt, "ما عاصمة المغرب؟");
    let ItemKind::SingleChoice { choices } = question.item.kind else {
        panic!("single choice")
    };
    assert_eq!(choices[0].feedback.as_deref(), Some("أحسنت"));
    let ItemKind::Numeric { answers, .. } = kind("كم يساوي ٣ + ٤؟ {#7}") else {
        panic!("numeric")
    };
    assert_eq!(answers[0].value, 7.0);
}

#[test]
fn byte_order_mark_and_windows_line_endings() {
    let questions = parse_gift("\u{FEFF}// c\r\nQ1{T}\r\n\r\nQ2{F}\r\n").unwrap();
    assert_eq!(questions.len(), 2);
    assert_eq!(questions[1].line, 4);
    let twice = parse_gift("\u{FEFF}\u{FEFF}Q1{T}").unwrap();
    assert_eq!(twice[0].item.prompt, "Q1");
}

#[test]
fn imported_items_correct_as_expected() {
    use crate::exercise::response::{BlankResponse, Response};
    let question = one("Grant is {~buried =entombed ~living} in Grant's tomb.");
    let correction = question
        .item
        .correct(&Response::FillBlanks {
            blanks: vec![BlankResponse::Choice(1)],
        })
        .unwrap();
    assert!(correction.correct);
    let question = one("How many ounces in a pound? {=16 ####There are 16 ounces in a pound.}");
    let correction = question
        .item
        .correct(&Response::ShortAnswer {
            text: "١٦".into()
        })
        .unwrap();
    assert!(correction.correct);
    assert_eq!(
        correction.general_feedback.as_deref(),
        Some("There are 16 ounces in a pound.")
    );
}
