//! Malformed GIFT files: refused whole, with the line of the first problem.

use super::super::*;

fn refused(gift: &str) -> (usize, &'static str) {
    let err = parse_gift(gift).unwrap_err();
    (err.line, err.code())
}

#[test]
fn unclosed_brace_reports_the_line_of_the_brace() {
    let gift = "// header\nQ1 {T}\n\nQ2 is {\n  =a\n  =b\n\nQ3 {F}\n";
    assert_eq!(refused(gift), (4, "unclosed-brace"));
}

#[test]
fn unclosed_brace_before_the_next_question_without_blank_line() {
    let gift = "Q1 {T}\n\nQ2 {=a\nQ3 {=b}\n";
    assert_eq!(refused(gift), (3, "unclosed-brace"));
}

#[test]
fn stray_closing_brace_and_second_answer_block() {
    assert_eq!(refused("Q1 } {T}"), (1, "unexpected-brace"));
    assert_eq!(refused("Q1 }"), (1, "unexpected-brace"));
    assert_eq!(refused("Q1 {T}\nmore {F}"), (2, "unexpected-brace"));
    assert_eq!(refused("Q1 {T} }"), (1, "unexpected-brace"));
}

#[test]
fn unclosed_title() {
    assert_eq!(refused("\n\n::Title: Question {T}"), (3, "unclosed-title"));
}

#[test]
fn descriptions_and_essays_are_refused() {
    assert_eq!(refused("Q1 {T}\n\nJust some text."), (3, "no-answer-block"));
    assert_eq!(refused("Write an essay. {}"), (1, "empty-answer-set"));
    assert_eq!(refused("Essay {\n   \n}"), (1, "unclosed-brace"));
    assert_eq!(
        refused("Essay {####General feedback}"),
        (1, "empty-answer-set")
    );
}

#[test]
fn empty_answer_sets_and_answers() {
    assert_eq!(refused("Q {#}"), (1, "empty-answer-set"));
    assert_eq!(refused("Q {=}"), (1, "empty-answer"));
    assert_eq!(refused("Q {=a =}"), (1, "empty-answer"));
    assert_eq!(refused("Q {\n~a\n~\n=b}"), (3, "empty-answer"));
    assert_eq!(refused("Q {#=}"), (1, "empty-answer"));
    assert_eq!(refused("Q {=#feedback only}"), (1, "empty-answer"));
    assert_eq!(refused("Q {=a -> }"), (1, "empty-answer"));
}

#[test]
fn too_few_answers_and_no_credit() {
    assert_eq!(refused("Q {~a}"), (1, "too-few-answers"));
    assert_eq!(refused("Q {~a ~b}"), (1, "no-correct-answer"));
    assert_eq!(refused("Q {~%-50%a ~%0%b}"), (1, "no-correct-answer"));
    assert_eq!(refused("Q {=%0%a}"), (1, "no-correct-answer"));
    assert_eq!(refused("Q {=a -> b}"), (1, "too-few-answers"));
    assert_eq!(refused("Q {#=%0%3}"), (1, "no-correct-answer"));
}

#[test]
fn bad_weights() {
    for gift in [
        "Q {~%abc%a =b}",
        "Q {~%150%a =b}",
        "Q {~%-101%a =b}",
        "Q {~%50 a =b}",
        "Q {=%%a}",
        "Q {#=%x%3}",
    ] {
        assert_eq!(refused(gift), (1, "bad-weight"), "{gift}");
    }
    let err = parse_gift("Q {\n~a\n~%fifty%b\n=c}").unwrap_err();
    assert_eq!(err.line, 3);
    assert_eq!(err.reason, GiftReason::BadWeight("fifty".into()));
    assert_eq!(
        err.to_string(),
        "line 3: bad weight 'fifty': write %n% with n between -100 and 100"
    );
}

#[test]
fn bad_numbers() {
    for gift in [
        "Q {#abc}",
        "Q {#3:x}",
        "Q {#3:-1}",
        "Q {#2..1}",
        "Q {#1..}",
        "Q {#=1 =two}",
        "Q {#inf}",
    ] {
        assert_eq!(refused(gift), (1, "bad-number"), "{gift}");
    }
    assert_eq!(refused("Q {#\n=1822:0\n=%50%18x22:2\n}"), (3, "bad-number"));
}

#[test]
fn bad_matching_pair() {
    assert_eq!(
        refused("Q {\n=a -> b\n=c -> d\n=e\n}"),
        (4, "bad-matching-pair")
    );
}

#[test]
fn one_bad_question_rejects_the_whole_file() {
    let gift = format!("{}\nBroken {{~%abc%x =y}}\n", super::examples::EXAMPLES);
    let err = parse_gift(&gift).unwrap_err();
    assert_eq!(err.code(), "bad-weight");
    assert_eq!(err.line, super::examples::EXAMPLES.lines().count() + 2);
}

#[test]
fn empty_and_comment_only_files_hold_no_questions() {
    assert_eq!(parse_gift("").unwrap(), vec![]);
    assert_eq!(parse_gift("// nothing\n\n   \n// here").unwrap(), vec![]);
    assert_eq!(parse_gift("$CATEGORY: only").unwrap(), vec![]);
}

#[test]
fn size_limits() {
    let huge = "x".repeat(MAX_GIFT_BYTES + 1);
    assert_eq!(refused(&huge), (1, "too-large"));
    let many = "Q{T}\n\n".repeat(MAX_QUESTIONS + 1);
    assert_eq!(
        refused(&many),
        (2 * MAX_QUESTIONS + 1, "too-many-questions")
    );
}

#[test]
fn bytes_that_are_not_utf8() {
    let mut bytes = b"Q1 {T}\n\nQ2 \xE9t\xE9 {F}\n".to_vec();
    let err = parse_gift_bytes(&bytes).unwrap_err();
    assert_eq!((err.line, err.code()), (3, "not-utf8"));
    bytes.truncate(7);
    assert_eq!(parse_gift_bytes(&bytes).unwrap().len(), 1);
}

#[test]
fn garbage_never_panics() {
    let pieces = [
        "{",
        "}",
        "~",
        "=",
        "#",
        "####",
        "%",
        "%50%",
        "->",
        "::",
        "\\",
        "\n",
        "\n\n",
        "[html]",
        "..",
        ":",
        "T",
        "٣",
        "$CATEGORY:",
        " ",
    ];
    let mut seed: u64 = 42;
    for _ in 0..3_000 {
        let mut gift = String::new();
        for _ in 0..12 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            gift.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        let _ = parse_gift(&gift);
    }
}

#[test]
fn weights_must_be_moodles_grades() {
    let err = parse_gift("::Tiers:: Cochez {\n~%33.33333%a\n~%33%b\n~%33.33333%c\n}").unwrap_err();
    assert_eq!((err.line, err.code()), (3, "not-a-grade"));
    assert_eq!(
        err.args(),
        vec![
            ("value", "33".to_string()),
            ("nearest", "33.33333".to_string()),
            ("question", "Tiers".to_string()),
        ]
    );
    assert_eq!(refused("Q {=%-35%a ~b}"), (1, "not-a-grade"));
    let questions = parse_gift("Q {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}").unwrap();
    let crate::exercise::ItemKind::MultipleChoice { choices } = &questions[0].item.kind else {
        panic!("{:?}", questions[0].item.kind);
    };
    assert_eq!(choices.iter().take(3).map(|c| c.fraction).sum::<f64>(), 1.0);
}
