//! Any bytes given to the live-class callback checks, as a meeting-ended query and as a
//! recording-ready body: they never panic, and never accept a call the fuzzer could not have
//! signed (it does not know the secret; the seeds are signed with another one).
#![no_main]

use chrono::DateTime;
use lawha_live::callbacks::{verify_meeting_ended, verify_recording_ready};
use lawha_live::Secret;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let secret = Secret::new("a secret the fuzzer does not know");
    let now = DateTime::from_timestamp(1_600_000_000, 0).unwrap_or_default();
    assert!(
        verify_recording_ready(data, &secret, now).is_err(),
        "accepted a recording-ready call it could not have signed"
    );
    if let Ok(query) = std::str::from_utf8(data) {
        assert!(
            verify_meeting_ended(query, &secret, now).is_err(),
            "accepted a meeting-ended call it could not have signed"
        );
    }
});
