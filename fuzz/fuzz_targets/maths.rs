//! Any text given to the exercise-text renderer (plain text with LaTeX maths): it never
//! panics, and its HTML parses, holding only escaped text, the renderer's two wrappers and
//! allow-listed MathML elements and attributes (`lawha_web::rich_text::audit`).
#![no_main]

use lawha_web::rich_text::{audit, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = render(text).to_string();
    if let Err(e) = audit::check(&html) {
        panic!("unsafe rendering ({e}) of {text:?}:\n{html}");
    }
});
