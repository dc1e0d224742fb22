//! The examples of Moodle's documentation (testdata/moodle_examples.xml) and malformed files.

use super::*;
use crate::exercise::item::{Choice, MatchPair};

const EXAMPLES: &[u8] = include_bytes!("testdata/moodle_examples.xml");

fn examples() -> Vec<ParsedQuestion> {
    parse_moodle_xml(EXAMPLES).unwrap_or_else(|e| panic!("{e}"))
}

fn refused(xml: &str) -> (usize, &'static str, String) {
    match parse_moodle_xml(xml.as_bytes()) {
        Ok(q) => panic!("accepted: {q:?}"),
        Err(e) => (e.line, e.code(), e.reason.to_string()),
    }
}

#[test]
fn every_supported_type_is_read() {
    let kinds: Vec<&str> = examples().iter().map(|q| q.item.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "single_choice",
            "multiple_choice",
            "true_false",
            "short_answer",
            "numeric",
            "matching",
            "ordering"
        ]
    );
}

#[test]
fn multichoice_with_html_feedback_and_category() {
    let q = &examples()[0];
    assert_eq!(q.line, 9);
    assert_eq!(q.category.as_deref(), Some("Maths/Fractions"));
    assert_eq!(q.title.as_deref(), Some("Name of question"));
    assert_eq!(q.text_format, TextFormat::Html);
    assert_eq!(q.item.prompt, "What is the answer to this question?");
    assert_eq!(
        q.item.general_feedback.as_deref(),
        Some("General feedback & more.")
    );
    let ItemKind::SingleChoice { choices } = &q.item.kind else {
        panic!("{:?}", q.item.kind)
    };
    assert_eq!(
        choices[0],
        Choice::new("The correct answer", 1.0).with_feedback("Correct!")
    );
    assert_eq!(
        choices[2],
        Choice::new("Another distractor", 0.0).with_feedback("Ooops!")
    );
}

#[test]
fn multiple_answers_keep_penalties() {
    let q = &examples()[1];
    assert_eq!(q.text_format, TextFormat::Moodle);
    let ItemKind::MultipleChoice { choices } = &q.item.kind else {
        panic!("{:?}", q.item.kind)
    };
    let fractions: Vec<f64> = choices.iter().map(|c| c.fraction).collect();
    assert_eq!(fractions, [0.5, 0.5, -1.0]);
    assert_eq!(choices[2].feedback.as_deref(), Some("4 = 2 × 2"));
}

#[test]
fn true_false_short_answer_in_arabic() {
    let all = examples();
    assert_eq!(
        all[2].item.kind,
        ItemKind::TrueFalse {
            answer: true,
            feedback_true: Some("Correct!".into()),
            feedback_false: Some("Ooops!".into()),
        }
    );
    assert_eq!(all[2].text_format, TextFormat::Plain);
    let q = &all[3];
    assert_eq!(q.category.as_deref(), Some("اللغة العربية"));
    let ItemKind::ShortAnswer { answers, case } = &q.item.kind else {
        panic!("{:?}", q.item.kind)
    };
    assert_eq!(*case, Case::Insensitive);
    assert_eq!(answers[0].text, "الرباط");
    assert_eq!(answers[0].feedback.as_deref(), Some("أحسنت"));
    assert_eq!(
        (answers[1].text.as_str(), answers[1].fraction),
        ("رباط", 0.5)
    );
}

#[test]
fn numerical_with_units_and_a_catch_all() {
    let q = &examples()[4];
    assert_eq!(q.item.prompt, "Longueur du segment \\(AB\\) ?");
    let ItemKind::Numeric {
        answers,
        units,
        unit_required,
        other_feedback,
    } = &q.item.kind
    else {
        panic!("{:?}", q.item.kind)
    };
    assert_eq!(answers.len(), 1);
    assert_eq!((answers[0].value, answers[0].tolerance), (23.0, 0.1));
    assert_eq!(other_feedback.as_deref(), Some("Mesurez encore."));
    assert_eq!(units, &[Unit::new("m", 1.0), Unit::new("cm", 0.01)]);
    assert!(unit_required);
    // The corrector reads 2300 cm as 23 m.
    let response = crate::exercise::Response::Numeric {
        text: "2300 cm".into(),
    };
    assert_eq!(q.item.correct(&response).map(|c| c.score).ok(), Some(1.0));
}

#[test]
fn matching_with_a_distractor_and_ordering() {
    let all = examples();
    assert_eq!(
        all[5].item.kind,
        ItemKind::Matching {
            pairs: vec![
                MatchPair::new("Maroc", "Rabat"),
                MatchPair::new("Tunisie", "Tunis")
            ],
            distractors: vec!["Alger".into()],
        }
    );
    assert_eq!(
        all[6].item.kind,
        ItemKind::Ordering {
            sequence: vec!["1/4".into(), "1/2".into(), "3/4".into()]
        }
    );
}

#[test]
fn malformed_xml_names_its_line() {
    let (line, code, _) =
        refused("<quiz>\n<question type=\"truefalse\">\n<name><text>x</name>\n</quiz>");
    assert_eq!((line, code), (3, "malformed-xml"));
    assert_eq!(refused("not xml at all").1, "malformed-xml");
}

#[test]
fn doctypes_and_other_roots_are_refused() {
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>\n<quiz>&b;</quiz>";
    assert_eq!(refused(bomb).1, "doctype");
    let (line, code, detail) = refused("<?xml version=\"1.0\"?>\n\n<questions/>");
    assert_eq!((line, code), (3, "not-a-quiz"));
    assert!(detail.contains("<questions>"), "{detail}");
}

#[test]
fn unsupported_types_are_named() {
    let xml = "<quiz>\n<question type=\"truefalse\"><questiontext><text>ok</text></questiontext>\
               <answer fraction=\"100\"><text>true</text></answer><answer fraction=\"0\"><text>false</text></answer></question>\n\
               <question type=\"essay\"><questiontext><text>Write</text></questiontext></question>\n</quiz>";
    let (line, code, detail) = refused(xml);
    assert_eq!((line, code), (3, "unsupported-type"));
    assert!(detail.contains("'essay'"), "{detail}");
}

#[test]
fn bad_fractions_numbers_and_missing_credit() {
    let q = |body: &str| {
        format!("<quiz>\n<question type=\"multichoice\">\n<questiontext><text>Q</text></questiontext>\n{body}\n</question>\n</quiz>")
    };
    let (line, code, _) = refused(&q("<answer fraction=\"150\"><text>a</text></answer><answer fraction=\"0\"><text>b</text></answer>"));
    assert_eq!((line, code), (4, "bad-weight"));
    let (_, code, _) = refused(&q("<answer fraction=\"0\"><text>a</text></answer><answer fraction=\"0\"><text>b</text></answer>"));
    assert_eq!(code, "no-correct-answer");
    let (_, code, _) = refused(&q("<answer fraction=\"100\"><text>a</text></answer>"));
    assert_eq!(code, "too-few-answers");
    let (_, code, _) = refused(&q("<answer fraction=\"100\"><text> </text></answer><answer fraction=\"0\"><text>b</text></answer>"));
    assert_eq!(code, "empty-answer");
    let numeric =
        "<quiz>\n<question type=\"numerical\"><questiontext><text>Q</text></questiontext>\n\
                   <answer fraction=\"100\"><text>douze</text></answer></question></quiz>";
    assert_eq!(refused(numeric).1, "bad-number");
    let no_text = "<quiz><question type=\"truefalse\"><answer fraction=\"100\"><text>true</text></answer></question></quiz>";
    assert_eq!(refused(no_text).1, "no-question-text");
}

#[test]
fn not_utf8_and_too_large() {
    let err = parse_moodle_xml(b"<quiz>\n\xFF</quiz>").err();
    assert_eq!(err.map(|e| (e.line, e.code())), Some((2, "not-utf8")));
    let big = vec![b' '; MAX_XML_BYTES + 1];
    assert_eq!(
        parse_moodle_xml(&big).err().map(|e| e.code()),
        Some("too-large")
    );
}

/// Moodle's own `error_invalid_grades.xml`: 33 beside 33.33333.
const INVALID_GRADES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Trois tiers</text></name>
    <questiontext format="html"><text>Cochez les trois.</text></questiontext>
    <single>false</single>
    <answer fraction="33.33333"><text>a</text></answer>
    <answer fraction="33"><text>b</text></answer>
    <answer fraction="33.33333"><text>c</text></answer>
  </question>
</quiz>"#;

#[test]
fn fractions_must_be_moodles_grades() {
    let err = parse_moodle_xml(INVALID_GRADES.as_bytes()).unwrap_err();
    assert_eq!((err.line, err.code()), (8, "not-a-grade"));
    assert_eq!(
        err.args(),
        vec![
            ("value", "33".to_string()),
            ("nearest", "33.33333".to_string()),
            ("question", "Trois tiers".to_string()),
        ]
    );
    assert_eq!(
        err.to_string(),
        "line 8: question 'Trois tiers': 33 is not one of Moodle's grades (nearest: 33.33333)"
    );
    // Written as Moodle writes them, the thirds are stored exactly: all three make 1.
    let fixed = INVALID_GRADES.replace("\"33\"", "\"33.33333\"");
    let questions = parse_moodle_xml(fixed.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let ItemKind::MultipleChoice { choices } = &questions[0].item.kind else {
        panic!("{:?}", questions[0].item.kind);
    };
    assert_eq!(choices.iter().map(|c| c.fraction).sum::<f64>(), 1.0);
    assert_eq!(choices[0].fraction, 1.0 / 3.0);
    // Without a name, the question is named by its text.
    let nameless = INVALID_GRADES.replace("<name><text>Trois tiers</text></name>", "");
    let err = parse_moodle_xml(nameless.as_bytes()).unwrap_err();
    assert!(err
        .args()
        .contains(&("question", "Cochez les trois.".to_string())));
}
