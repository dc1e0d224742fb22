//! Any bytes given to the GIFT reader: it never panics, and what it accepts and can export
//! reads back to the same questions (line numbers aside).
#![no_main]

use lawha_core::exercise::gift::{parse_gift, parse_gift_bytes, to_gift, ParsedQuestion};
use libfuzzer_sys::fuzz_target;

fn without_lines(questions: Vec<ParsedQuestion>) -> Vec<ParsedQuestion> {
    questions
        .into_iter()
        .map(|q| ParsedQuestion { line: 0, ..q })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(questions) = parse_gift_bytes(data) else {
        return;
    };
    let Ok(exported) = to_gift(&questions) else {
        return;
    };
    match parse_gift(&exported) {
        Ok(again) => assert_eq!(
            without_lines(again),
            without_lines(questions),
            "export changed the questions:\n{exported}"
        ),
        Err(e) => panic!("exported GIFT does not read back ({e}):\n{exported}"),
    }
});
