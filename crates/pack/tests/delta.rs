//! Deltas: a pack built over a base carries only the chunks the base lacks, and imports over
//! the base's installed files; without its base, or with those files damaged, it is refused.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs;

use common::*;
use lawha_pack::{ImportOutcome, PackError, PackOptions, CHUNK_SIZE};

fn base_entries() -> Entries {
    vec![
        ("content.json".into(), b"{\"week\":1}".to_vec()),
        ("media/a/video.mp4".into(), bytes(1, 3 * CHUNK_SIZE + 100)),
        ("media/b/poster.jpg".into(), bytes(2, 9000)),
    ]
}

/// Week 2: content.json changed, a's video grew at its end (its first chunks are shared),
/// b unchanged, c new and holding a copy of one of a's chunks.
fn delta_entries() -> Entries {
    let mut grown = bytes(1, 3 * CHUNK_SIZE + 100);
    grown.extend_from_slice(&bytes(5, CHUNK_SIZE));
    vec![
        ("content.json".into(), b"{\"week\":2}".to_vec()),
        ("media/a/video.mp4".into(), grown),
        ("media/b/poster.jpg".into(), bytes(2, 9000)),
        ("media/c/clip.mp4".into(), bytes(1, CHUNK_SIZE)),
    ]
}

struct Scene {
    tmp: tempfile::TempDir,
    base: lawha_pack::Manifest,
    delta: lawha_pack::Manifest,
}

fn scene() -> Scene {
    let tmp = tempfile::tempdir().unwrap();
    let base = write_pack(
        &tmp.path().join("base"),
        &base_entries(),
        PackOptions::new(created()),
    );
    let mut options = PackOptions::new(created() + chrono::Duration::days(7));
    options.base = Some(base.clone());
    let delta = write_pack(&tmp.path().join("delta"), &delta_entries(), options);
    Scene { tmp, base, delta }
}

#[test]
fn a_delta_carries_only_new_chunks_and_installs_over_its_base() {
    let scene = scene();
    assert_eq!(scene.delta.base_pack_id, Some(scene.base.pack_id));
    let carried: u64 = scene
        .delta
        .chunks
        .iter()
        .filter(|c| c.stored.is_some())
        .map(|c| u64::from(c.len))
        .sum();
    // The new content.json, a's last old chunk (100 bytes then new bytes: a new chunk) and
    // its new chunk: about 2 MiB where the whole is 5 MiB.
    assert!(carried < 2 * CHUNK_SIZE as u64 + 200, "carried {carried}");
    assert!(scene.delta.chunks.iter().any(|c| c.stored.is_none()));

    let dest = scene.tmp.path().join("dest");
    import(&open(&scene.tmp.path().join("base")), &dest).unwrap();
    let outcome = import(&open(&scene.tmp.path().join("delta")), &dest).unwrap();
    // b is untouched; the others are written.
    assert_eq!(
        outcome,
        ImportOutcome::Installed {
            written: 3,
            unchanged: 1
        }
    );
    assert_eq!(listing(&dest), expected(&delta_entries()));
}

#[test]
fn a_delta_without_its_base_is_refused() {
    let scene = scene();
    let dest = scene.tmp.path().join("dest");
    fs::create_dir_all(&dest).unwrap();
    fs::write(dest.join("mine.txt"), b"kept").unwrap();
    let before = listing(&dest);
    let error = import(&open(&scene.tmp.path().join("delta")), &dest).unwrap_err();
    assert!(
        matches!(error, PackError::BaseMismatch { needed, installed: None } if needed == scene.base.pack_id),
        "{error}"
    );
    assert_eq!(listing(&dest), before);
}

#[test]
fn a_damaged_base_file_is_named_and_nothing_changes() {
    let scene = scene();
    let dest = scene.tmp.path().join("dest");
    import(&open(&scene.tmp.path().join("base")), &dest).unwrap();
    let video = dest.join("media/a/video.mp4");
    let mut bytes = fs::read(&video).unwrap();
    bytes[10] ^= 1;
    fs::write(&video, bytes).unwrap();
    let before = listing(&dest);
    let error = import(&open(&scene.tmp.path().join("delta")), &dest).unwrap_err();
    assert!(
        matches!(&error, PackError::BadBaseChunk { path, .. } if path == "media/a/video.mp4"),
        "{error}"
    );
    assert_eq!(listing(&dest), before);
}
