//! Parity of `static/correct.js`'s `responseFromFields` with this module's parsing: the same
//! answer forms (right, malformed, oversized) read here and by the script under Node must
//! give the same response or the same refusal. The items and the Node runner are shared with
//! `tests/offline_correct.rs`, which checks the corrections themselves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lawha_core::exercise::{BlankResponse, Item, Response, ResponseError};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{json, Value};

use super::{response_for, AnswerForm, Refusal, MAX_FIELDS};

#[path = "../../../../tests/offline_correct/corpus.rs"]
#[allow(dead_code)]
mod corpus;

type Fields = Vec<(String, String)>;

fn field(name: impl Into<String>, value: impl ToString) -> (String, String) {
    (name.into(), value.to_string())
}

/// The fields a set page's form sends for `response`.
fn fields_of(response: &Response) -> Fields {
    match response {
        Response::SingleChoice { choice } => vec![field("choice", choice)],
        Response::MultipleChoice { choices } => {
            choices.iter().map(|c| field("choice", c)).collect()
        }
        Response::TrueFalse { answer } => vec![field("answer", answer)],
        Response::Numeric { text } | Response::ShortAnswer { text } => vec![field("text", text)],
        Response::FillBlanks { blanks } => blanks
            .iter()
            .enumerate()
            .map(|(gap, blank)| match blank {
                BlankResponse::Choice(index) => field(format!("blank{gap}"), index),
                BlankResponse::Typed(text) => field(format!("blank{gap}"), text),
            })
            .collect(),
        Response::Matching { pairs } => pairs
            .iter()
            .map(|(prompt, option)| field(format!("match{prompt}"), option))
            .collect(),
        Response::Ordering { order } => order
            .iter()
            .enumerate()
            .map(|(position, entry)| field(format!("order{position}"), entry))
            .collect(),
    }
}

/// Index values a tampered or odd form may carry.
const ODD_VALUES: &[&str] = &[
    "",
    " ",
    "+1",
    "01",
    "-1",
    "1.0",
    "abc",
    "٣",
    "true",
    " false ",
    "TRUE",
    "yes",
    "99999999999999999999999",
    "\u{0085}1\u{3000}",
    "\u{FEFF}1",
    "+",
    "0x1",
];

/// Forms derived from `fields`: values changed, fields dropped, doubled or blanked first.
fn mutations(rng: &mut StdRng, fields: &Fields) -> Vec<Fields> {
    let mut out = Vec::new();
    if fields.is_empty() {
        return out;
    }
    for _ in 0..4 {
        let mut changed = fields.clone();
        let at = rng.gen_range(0..changed.len());
        changed[at].1 = ODD_VALUES.choose(rng).unwrap().to_string();
        out.push(changed);
    }
    let mut dropped = fields.clone();
    dropped.remove(rng.gen_range(0..dropped.len()));
    out.push(dropped);
    let mut padded = fields.clone();
    for (_, value) in &mut padded {
        *value = format!(" \t{value}\u{00A0}");
    }
    out.push(padded);
    // A blank first field hides a later one of the same name, as on the server.
    let mut doubled = fields.clone();
    let (name, value) = doubled[0].clone();
    doubled.insert(0, (name.clone(), " ".into()));
    doubled.push((name, value));
    out.push(doubled);
    out
}

/// Forms any item gets: empty, hidden fields only, too many, too long, too large.
fn size_cases() -> Vec<Fields> {
    let hidden = vec![
        field("csrf", "token"),
        field("event_id", "0190a8a0-0000-7000-8000-000000000000"),
        field("back", "/exercises"),
    ];
    vec![
        Vec::new(),
        hidden.clone(),
        (0..=MAX_FIELDS)
            .map(|i| field(format!("f{i}"), 1))
            .collect(),
        (0..MAX_FIELDS).map(|_| field("choice", 0)).collect(),
        vec![field("x".repeat(33), 1), field("choice", 0)],
        vec![field("note", "م".repeat(2_001)), field("text", "4")],
        vec![field("text", "م".repeat(2_000))],
        // Under every count and length limit, over the body limit once urlencoded.
        (0..12)
            .map(|i| field(format!("n{i}"), "é".repeat(1_900)))
            .collect(),
    ]
}

/// What the server makes of `fields` for `item`: `{response}` or `{error: message key}`.
fn server_reading(item: &Item, fields: &Fields) -> Value {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let read = AnswerForm::parse(body.as_bytes())
        .and_then(|form| response_for(&item.public_view().kind, &form));
    match read {
        Ok(response) => json!({ "response": response }),
        Err(refusal) => json!({ "error": refusal.message_key() }),
    }
}

#[test]
fn device_form_reading_equals_the_servers() {
    let mut rng = corpus::rng();
    let mut cases = Vec::new();
    let mut tally = std::collections::BTreeMap::<String, usize>::new();
    for item in corpus::items() {
        let mut forms: Vec<Fields> = size_cases();
        for response in corpus::responses(&mut rng, &item) {
            let fields = fields_of(&response);
            if rng.gen_bool(0.3) {
                forms.extend(mutations(&mut rng, &fields));
            }
            forms.push(fields);
        }
        for fields in forms {
            let expected = server_reading(&item, &fields);
            let outcome = expected["error"].as_str().unwrap_or("response").to_string();
            *tally.entry(outcome).or_default() += 1;
            cases.push(json!({ "item": item, "fields": fields, "expected": expected }));
        }
    }
    for outcome in [
        "response",
        "exercise-err-too-large",
        "exercise-err-too-long",
        "exercise-err-no-answer",
        "exercise-err-incomplete",
        "exercise-err-bad-index",
    ] {
        assert!(
            tally.get(outcome).is_some_and(|&n| n >= 20),
            "few {outcome} cases: {tally:?}"
        );
    }
    corpus::check_with_node("forms", &Value::Array(cases));
}

#[test]
fn device_refusal_keys_equal_the_servers() {
    let errors = [
        ResponseError::WrongType {
            expected: "numeric",
            found: "ordering",
        },
        ResponseError::IndexOutOfRange { index: 1, len: 1 },
        ResponseError::Duplicate { index: 0 },
        ResponseError::TooLong { limit: 1 },
        ResponseError::TooManyParts { found: 2, limit: 1 },
        ResponseError::WrongPartCount {
            expected: 2,
            found: 1,
        },
        ResponseError::NotANumber,
    ];
    let cases: Vec<Value> = errors
        .into_iter()
        .map(|err| json!({ "code": err.code(), "expected": Refusal::from(err).message_key() }))
        .collect();
    corpus::check_with_node("refusals", &Value::Array(cases));
}
