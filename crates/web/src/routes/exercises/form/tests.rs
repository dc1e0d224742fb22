#![allow(clippy::unwrap_used)]

use super::*;
use lawha_core::exercise::{BlankResponse, PublicKind, PublicPart, Response};
use lawha_core::Locale;

fn form(body: &str) -> AnswerForm {
    AnswerForm::parse(body.as_bytes()).unwrap()
}

fn choices(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i}")).collect()
}

#[test]
fn every_refusal_has_a_message_in_both_languages() {
    for refusal in Refusal::ALL {
        for locale in [Locale::Ar, Locale::Fr] {
            assert!(
                crate::i18n::has(locale, refusal.message_key()),
                "{refusal:?} in {}",
                locale.code()
            );
        }
    }
}

#[test]
fn sizes_are_limited() {
    let long = format!("text={}", "a".repeat(MAX_TEXT_CHARS + 1));
    assert_eq!(
        AnswerForm::parse(long.as_bytes()).unwrap_err(),
        Refusal::TooLong
    );
    let arabic = format!("text={}", "م".repeat(MAX_TEXT_CHARS));
    assert!(AnswerForm::parse(arabic.as_bytes()).is_ok());
    let many = (0..MAX_FIELDS + 1)
        .map(|i| format!("f{i}=1"))
        .collect::<Vec<_>>()
        .join("&");
    assert_eq!(
        AnswerForm::parse(many.as_bytes()).unwrap_err(),
        Refusal::TooManyFields
    );
    let huge = vec![b'a'; MAX_BODY_BYTES + 1];
    assert_eq!(AnswerForm::parse(&huge).unwrap_err(), Refusal::TooLarge);
}

#[test]
fn event_id_must_be_a_uuid() {
    let id = Uuid::now_v7();
    assert_eq!(form(&format!("event_id={id}")).event_id(), Ok(id));
    assert_eq!(form("event_id=x").event_id(), Err(Refusal::BadEventId));
    assert_eq!(form("").event_id(), Err(Refusal::BadEventId));
}

#[test]
fn choices_are_checked_against_the_public_view() {
    let single = PublicKind::SingleChoice {
        choices: choices(3),
    };
    assert_eq!(
        response_for(&single, &form("choice=2")),
        Ok(Response::SingleChoice { choice: 2 })
    );
    for (body, refusal) in [
        ("choice=3", Refusal::BadIndex),
        ("choice=-1", Refusal::BadIndex),
        ("choice=x", Refusal::BadIndex),
        ("", Refusal::NoAnswer),
    ] {
        assert_eq!(response_for(&single, &form(body)), Err(refusal), "{body}");
    }
    let multiple = PublicKind::MultipleChoice {
        choices: choices(3),
    };
    assert_eq!(
        response_for(&multiple, &form("choice=2&choice=0&choice=2")),
        Ok(Response::MultipleChoice {
            choices: vec![0, 2]
        })
    );
    assert_eq!(
        response_for(&multiple, &form("")),
        Ok(Response::MultipleChoice { choices: vec![] })
    );
    assert_eq!(
        response_for(&multiple, &form("choice=9")),
        Err(Refusal::BadIndex)
    );
}

#[test]
fn true_false_and_typed_answers() {
    assert_eq!(
        response_for(&PublicKind::TrueFalse, &form("answer=false")),
        Ok(Response::TrueFalse { answer: false })
    );
    assert_eq!(
        response_for(&PublicKind::TrueFalse, &form("answer=maybe")),
        Err(Refusal::BadIndex)
    );
    assert_eq!(
        response_for(
            &PublicKind::ShortAnswer,
            &form("text=+%D8%A7%D9%84%D8%B1%D8%A8%D8%A7%D8%B7+")
        ),
        Ok(Response::ShortAnswer {
            text: "الرباط".into()
        })
    );
    assert_eq!(
        response_for(&PublicKind::Numeric { units: vec![] }, &form("text=++")),
        Err(Refusal::NoAnswer)
    );
}

#[test]
fn gaps_are_all_needed() {
    let kind = PublicKind::FillBlanks {
        parts: vec![
            PublicPart::Text { text: "a ".into() },
            PublicPart::TypedBlank,
            PublicPart::Text { text: " b ".into() },
            PublicPart::ChoiceBlank {
                choices: choices(2),
            },
        ],
    };
    assert_eq!(
        response_for(&kind, &form("blank0=x&blank1=1")),
        Ok(Response::FillBlanks {
            blanks: vec![BlankResponse::Typed("x".into()), BlankResponse::Choice(1)]
        })
    );
    assert_eq!(
        response_for(&kind, &form("blank0=x")),
        Err(Refusal::Incomplete)
    );
    assert_eq!(response_for(&kind, &form("")), Err(Refusal::NoAnswer));
    assert_eq!(
        response_for(&kind, &form("blank0=x&blank1=2")),
        Err(Refusal::BadIndex)
    );
}

#[test]
fn matching_and_ordering() {
    let matching = PublicKind::Matching {
        prompts: choices(2),
        options: choices(3),
    };
    assert_eq!(
        response_for(&matching, &form("match1=2&match0=")),
        Ok(Response::Matching {
            pairs: vec![(1, 2)]
        })
    );
    assert_eq!(response_for(&matching, &form("")), Err(Refusal::NoAnswer));
    assert_eq!(
        response_for(&matching, &form("match0=3")),
        Err(Refusal::BadIndex)
    );
    let ordering = PublicKind::Ordering {
        entries: choices(3),
    };
    assert_eq!(
        response_for(&ordering, &form("order0=2&order1=0&order2=1")),
        Ok(Response::Ordering {
            order: vec![2, 0, 1]
        })
    );
    assert_eq!(
        response_for(&ordering, &form("order0=2&order1=0")),
        Err(Refusal::Incomplete)
    );
}
