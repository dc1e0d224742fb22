//! A small fixed-seed fuzz run on every test run, with the properties of the `bbb_xml` and
//! `live_callbacks` targets in `fuzz/`: the documented answers and callback bodies, garbled
//! (bytes changed, cut, repeated, markup inserted), never make a reader panic, and a callback
//! is never accepted under a secret its signer did not have.

#![allow(clippy::unwrap_used)]

use chrono::DateTime;
use lawha_live::bbb::xml;
use lawha_live::callbacks::{verify_meeting_ended, verify_recording_ready};
use lawha_live::Secret;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const ROUNDS: usize = 250;

fn fixtures() -> Vec<Vec<u8>> {
    let dir = format!("{}/fixtures/bbb", env!("CARGO_MANIFEST_DIR"));
    let mut all: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml" || e == "form"))
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    all.sort();
    all
}

fn garble(rng: &mut StdRng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.gen_range(1..=4) {
        if out.is_empty() {
            break;
        }
        let at = rng.gen_range(0..out.len());
        match rng.gen_range(0..5) {
            0 => out[at] = rng.gen(),
            1 => out.truncate(at),
            2 => {
                let end = rng.gen_range(at..out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            3 => {
                let bits: &[u8] =
                    [b"<".as_slice(), b"&", b".", b"=", b"%", b"]]>"][rng.gen_range(0..6)];
                out.splice(at..at, bits.iter().copied());
            }
            _ => {
                out.remove(at);
            }
        }
    }
    out
}

#[test]
fn garbled_answers_and_callbacks_are_refused_without_panicking() {
    let mut rng = StdRng::seed_from_u64(17);
    let secret = Secret::new("a secret the signer did not have");
    let now = DateTime::from_timestamp(1_600_000_000, 0).unwrap();
    for fixture in fixtures() {
        for _ in 0..ROUNDS {
            let data = garble(&mut rng, &fixture);
            let text = String::from_utf8_lossy(&data);
            let _ = xml::parse_create(&text);
            let _ = xml::parse_end(&text);
            let _ = xml::parse_running(&text);
            let _ = xml::parse_meeting_info(&text);
            let _ = xml::parse_recordings(&text);
            let _ = xml::parse_published(&text);
            let _ = xml::parse_deleted(&text);
            assert!(verify_recording_ready(&data, &secret, now).is_err());
            assert!(verify_meeting_ended(&text, &secret, now).is_err());
        }
    }
}
