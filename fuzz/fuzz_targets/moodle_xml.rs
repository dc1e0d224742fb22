//! Any bytes given to the Moodle XML reader: it never panics.
#![no_main]

use lawha_core::exercise::xml::parse_moodle_xml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_moodle_xml(data);
});
