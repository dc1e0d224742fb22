//! Bad packs refused, each naming its problem, with the destination left exactly as it was:
//! a corrupt chunk, a truncated or missing volume, a changed or truncated manifest, a
//! foreign key, bad paths.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs::{self, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::Path;

use common::*;
use lawha_pack::{ChunkPlace, Pack, PackError, PackOptions, PackWriter, SecretKey, CHUNK_SIZE};

/// A destination holding a first pack, and a second pack (not yet imported) beside it.
struct Scene {
    _tmp: tempfile::TempDir,
    dest: std::path::PathBuf,
    pack: std::path::PathBuf,
    manifest: lawha_pack::Manifest,
}

fn scene() -> Scene {
    let tmp = tempfile::tempdir().unwrap();
    let (first, pack, dest) = (
        tmp.path().join("first"),
        tmp.path().join("second"),
        tmp.path().join("dest"),
    );
    let old: Entries = vec![
        ("content.json".into(), b"{\"v\":1}".to_vec()),
        ("media/a.bin".into(), bytes(1, 5000)),
    ];
    write_pack(&first, &old, PackOptions::new(created()));
    import(&open(&first), &dest).unwrap();
    let new: Entries = vec![
        ("content.json".into(), b"{\"v\":2}".to_vec()),
        ("media/a.bin".into(), bytes(2, 2 * CHUNK_SIZE + 10)),
        ("media/b.bin".into(), bytes(3, CHUNK_SIZE + 5)),
    ];
    let mut options = PackOptions::new(created() + chrono::Duration::days(7));
    options.max_volume = 2 * CHUNK_SIZE as u64;
    let manifest = write_pack(&pack, &new, options);
    Scene {
        _tmp: tmp,
        dest,
        pack,
        manifest,
    }
}

/// Opening, verifying and importing all fail the same way, and `dest` does not change.
fn refused_everywhere(scene: &Scene, check: impl Fn(&PackError)) {
    let before = listing(&scene.dest);
    let installed = fs::read(scene.dest.join(".pack/installed/manifest.json")).unwrap();
    let opened = Pack::open(&scene.pack, &key().public());
    let error = match opened {
        Err(e) => e,
        Ok(pack) => {
            let verified = pack.verify(|_| ControlFlow::Continue(())).unwrap_err();
            check(&verified);
            import(&pack, &scene.dest).unwrap_err()
        }
    };
    check(&error);
    assert_eq!(listing(&scene.dest), before, "the destination changed");
    assert_eq!(
        fs::read(scene.dest.join(".pack/installed/manifest.json")).unwrap(),
        installed
    );
}

fn place_of_nth_chunk(
    manifest: &lawha_pack::Manifest,
    n: usize,
) -> (lawha_pack::ChunkHash, ChunkPlace) {
    let chunk = &manifest.chunks[n];
    (chunk.hash, chunk.stored.unwrap())
}

fn volume(pack: &Path, number: u32) -> std::path::PathBuf {
    pack.join(format!("volume-{number:04}.bin"))
}

#[test]
fn a_corrupt_chunk_is_named() {
    let scene = scene();
    let (hash, place) = place_of_nth_chunk(&scene.manifest, 3);
    let mut file = OpenOptions::new()
        .write(true)
        .open(volume(&scene.pack, place.volume))
        .unwrap();
    file.seek(SeekFrom::Start(place.offset + 7)).unwrap();
    file.write_all(b"!").unwrap();
    refused_everywhere(&scene, |e| {
        assert!(
            matches!(e, PackError::BadChunk { hash: h, volume, offset }
                if *h == hash && *volume == place.volume && *offset == place.offset),
            "{e}"
        );
        let text = e.to_string();
        assert!(
            text.contains(&hash.to_string()) && text.contains(&format!("volume {}", place.volume)),
            "{text}"
        );
    });
    // The refused pack left verified entries staged; installing any pack clears them.
    assert!(scene.dest.join(".pack/staging").exists());
    let first = open(&scene.pack.parent().unwrap().join("first"));
    assert_eq!(
        import(&first, &scene.dest).unwrap(),
        lawha_pack::ImportOutcome::AlreadyInstalled
    );
    assert!(!scene.dest.join(".pack/staging").exists());
}

#[test]
fn a_truncated_volume_is_named() {
    let scene = scene();
    let last = scene.manifest.chunks.len() - 1;
    let (hash, place) = place_of_nth_chunk(&scene.manifest, last);
    let file = OpenOptions::new()
        .write(true)
        .open(volume(&scene.pack, place.volume))
        .unwrap();
    file.set_len(place.offset + 3).unwrap();
    refused_everywhere(&scene, |e| {
        assert!(
            matches!(e, PackError::TruncatedVolume { hash: h, volume, .. } if *h == hash && *volume == place.volume),
            "{e}"
        );
    });
}

#[test]
fn a_missing_volume_is_named() {
    let scene = scene();
    fs::remove_file(volume(&scene.pack, 2)).unwrap();
    refused_everywhere(&scene, |e| {
        assert!(
            matches!(e, PackError::MissingVolume { volume: 2, .. }),
            "{e}"
        )
    });
}

#[test]
fn a_changed_or_truncated_manifest_is_refused_before_parsing() {
    for change in ["flip", "truncate", "append"] {
        let scene = scene();
        let path = scene.pack.join("manifest.json");
        let mut bytes = fs::read(&path).unwrap();
        match change {
            // A digit of a size: still valid JSON, so only the signature catches it.
            "flip" => {
                let at = bytes.windows(7).position(|w| w == b"\"size\":").unwrap() + 7;
                bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
            }
            "truncate" => bytes.truncate(bytes.len() / 2),
            _ => bytes.extend_from_slice(b" "),
        }
        fs::write(&path, bytes).unwrap();
        refused_everywhere(&scene, |e| {
            assert!(matches!(e, PackError::BadSignature), "{change}: {e}")
        });
    }
}

#[test]
fn a_missing_or_malformed_signature_is_refused() {
    let scene = scene();
    fs::write(scene.pack.join("manifest.sig"), "ed25519 zz\n").unwrap();
    refused_everywhere(&scene, |e| {
        assert!(matches!(e, PackError::MalformedSignature(_)), "{e}")
    });
    fs::remove_file(scene.pack.join("manifest.sig")).unwrap();
    refused_everywhere(&scene, |e| {
        assert!(matches!(e, PackError::Io { .. }), "{e}")
    });
}

#[test]
fn a_pack_signed_by_another_key_is_foreign() {
    let tmp = tempfile::tempdir().unwrap();
    let stranger = SecretKey::from_seed([9; 32]);
    let mut writer = PackWriter::new(
        tmp.path(),
        &stranger,
        serde_json::Value::Null,
        PackOptions::new(created()),
    )
    .unwrap();
    writer.add_entry("content.json", &b"{}"[..]).unwrap();
    writer.finish().unwrap();
    let error = Pack::open(tmp.path(), &key().public()).unwrap_err();
    assert!(
        matches!(&error, PackError::ForeignKey { found, pinned } if *found == stranger.public() && *pinned == key().public()),
        "{error}"
    );
    assert!(error.to_string().contains(&stranger.public().to_string()));
}

#[test]
fn bad_paths_are_refused_when_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let key = key();
    let mut writer = PackWriter::new(
        tmp.path(),
        &key,
        serde_json::Value::Null,
        PackOptions::new(created()),
    )
    .unwrap();
    for bad in [
        "../etc/passwd",
        "/abs",
        "a\\b",
        "a/../b",
        ".pack/installed/manifest.json",
        "",
    ] {
        let error = writer.add_entry(bad, &b"x"[..]).unwrap_err();
        assert!(
            matches!(&error, PackError::BadPath { path, .. } if path == bad),
            "{bad}: {error}"
        );
    }
    writer.add_entry("a/b", &b"x"[..]).unwrap();
    for clash in ["a/b", "a", "a/b/c"] {
        let error = writer.add_entry(clash, &b"x"[..]).unwrap_err();
        assert!(matches!(error, PackError::DuplicateEntry(_)), "{clash}");
    }
}

#[test]
fn something_in_the_way_is_found_before_anything_moves() {
    let scene = scene();
    // A folder where media/b.bin goes (b.bin is new in the second pack).
    fs::create_dir_all(scene.dest.join("media/b.bin/x")).unwrap();
    let before = listing(&scene.dest);
    let error = import(&open(&scene.pack), &scene.dest).unwrap_err();
    assert!(
        matches!(&error, PackError::Blocked { path, .. } if path == "media/b.bin"),
        "{error}"
    );
    assert_eq!(listing(&scene.dest), before);
    // Once it is out of the way, the rerun installs the pack.
    fs::remove_dir_all(scene.dest.join("media/b.bin")).unwrap();
    import(&open(&scene.pack), &scene.dest).unwrap();
    assert!(!scene.dest.join(".pack/staging").exists());
}

#[test]
fn a_link_where_a_folder_goes_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let (pack, dest, outside) = (
        tmp.path().join("pack"),
        tmp.path().join("dest"),
        tmp.path().join("outside"),
    );
    let entries: Entries = vec![
        ("content.json".into(), b"{}".to_vec()),
        ("media/x/a.bin".into(), bytes(4, 3000)),
    ];
    write_pack(&pack, &entries, PackOptions::new(created()));
    fs::create_dir_all(&outside).unwrap();
    fs::create_dir_all(&dest).unwrap();
    std::os::unix::fs::symlink(&outside, dest.join("media")).unwrap();
    let error = import(&open(&pack), &dest).unwrap_err();
    assert!(
        matches!(&error, PackError::Blocked { path, .. } if path == "media/x/a.bin"),
        "{error}"
    );
    assert_eq!(
        fs::read_dir(&outside).unwrap().count(),
        0,
        "nothing written through the link"
    );
}
