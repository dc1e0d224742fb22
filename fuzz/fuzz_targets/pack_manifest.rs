//! Any bytes given to the pack manifest reader (what a node reads from a USB stick once the
//! signature checked out): it never panics, and a manifest it accepts writes back to bytes
//! that read back to the same manifest.
#![no_main]

use lawha_pack::Manifest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(manifest) = Manifest::parse(data) else {
        return;
    };
    let written = manifest.to_bytes();
    match Manifest::parse(&written) {
        Ok(again) => assert_eq!(again, manifest, "writing changed the manifest"),
        Err(e) => panic!("a written manifest does not read back ({e})"),
    }
});
