//! Parity of the device's corrector (`static/correct.js`) with the server's
//! (`lawha_core::exercise::Item::correct`): thousands of responses to items of every kind are
//! corrected here, then by the script under Node, and any difference fails the test.
//! Needs `node` (18 or newer); without it the test fails rather than passing unchecked.

#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "offline_correct/corpus.rs"]
mod corpus;

use serde_json::{json, Value};

/// How many cases at least: a corpus that shrank by mistake would check little.
const MIN_CASES: usize = 3_000;

#[test]
fn device_corrections_equal_the_servers() {
    let mut rng = corpus::rng();
    let items = corpus::items();
    let mut kinds = std::collections::BTreeSet::new();
    let mut cases = Vec::new();
    for item in &items {
        kinds.insert(item.kind.name());
        for response in corpus::responses(&mut rng, item) {
            let expected = match item.correct(&response) {
                Ok(correction) => json!({ "ok": correction }),
                Err(err) => json!({ "error": err.code() }),
            };
            cases.push(json!({ "item": item, "response": response, "expected": expected }));
        }
    }
    assert_eq!(
        kinds.len(),
        8,
        "every item kind is in the corpus: {kinds:?}"
    );
    assert!(cases.len() >= MIN_CASES, "only {} cases", cases.len());
    let errors = cases
        .iter()
        .filter(|c| c["expected"].get("error").is_some())
        .count();
    assert!(
        errors > 100 && cases.len() - errors > 1_000,
        "the corpus mixes corrections ({}) and refusals ({errors})",
        cases.len() - errors
    );
    corpus::check_with_node("corrections", &Value::Array(cases));
}
