//! Any text given as a BigBlueButton answer: no reader of the client panics.
#![no_main]

use lawha_live::bbb::xml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let _ = xml::parse_create(body);
    let _ = xml::parse_end(body);
    let _ = xml::parse_running(body);
    let _ = xml::parse_meeting_info(body);
    let _ = xml::parse_recordings(body);
    let _ = xml::parse_published(body);
    let _ = xml::parse_deleted(body);
});
