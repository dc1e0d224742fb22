//! Packs written and imported back: many entries (empty, small, several chunks), shared
//! chunks stored once, volumes split at a small size, re-import a no-op, and a seeded loop
//! over random entry sets.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::fs;

use common::*;
use lawha_pack::{ImportOutcome, PackOptions, Progress, Stage, CHUNK_SIZE};
use rand::{Rng, SeedableRng};

fn many_entries() -> Entries {
    let big = bytes(1, 3 * CHUNK_SIZE + 17);
    let mut entries: Entries = vec![
        ("content.json".into(), br#"{"lessons":[]}"#.to_vec()),
        ("empty.txt".into(), Vec::new()),
        ("media/a1/video.mp4".into(), big.clone()),
        // The same bytes again: its chunks are stored once.
        ("media/a2/video.mp4".into(), big),
        ("media/a1/exact.bin".into(), bytes(2, CHUNK_SIZE)),
        ("درس/ملخص.pdf".into(), bytes(3, 4000)),
    ];
    for i in 0..40 {
        entries.push((format!("sets/{i:03}.json"), bytes(100 + i, i as usize * 37)));
    }
    entries
}

#[test]
fn entries_round_trip_through_small_volumes() {
    let tmp = tempfile::tempdir().unwrap();
    let (pack_dir, dest) = (tmp.path().join("pack"), tmp.path().join("dest"));
    let entries = many_entries();
    let mut options = PackOptions::new(created());
    options.max_volume = CHUNK_SIZE as u64 + 1000;
    let manifest = write_pack(&pack_dir, &entries, options);

    // Shared chunks once: a2's video adds nothing.
    let hashes: HashSet<_> = manifest.chunks.iter().map(|c| c.hash).collect();
    assert_eq!(hashes.len(), manifest.chunks.len());
    let video: Vec<_> = manifest
        .entries
        .iter()
        .filter(|e| e.path.as_str().ends_with("video.mp4"))
        .collect();
    assert_eq!(video[0].chunks, video[1].chunks);
    assert_eq!(video[0].chunks.len(), 4);
    let empty = manifest
        .entries
        .iter()
        .find(|e| e.path.as_str() == "empty.txt")
        .unwrap();
    assert!(empty.chunks.is_empty() && empty.size == 0);

    // Several volumes, none above the limit, holding exactly the carried chunks.
    let volumes: Vec<_> = fs::read_dir(&pack_dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("volume-"))
        .map(|e| e.metadata().unwrap().len())
        .collect();
    assert!(volumes.len() >= 5, "{volumes:?}");
    assert!(volumes.iter().all(|len| *len <= CHUNK_SIZE as u64 + 1000));
    let carried: u64 = manifest.chunks.iter().map(|c| u64::from(c.len)).sum();
    assert_eq!(volumes.iter().sum::<u64>(), carried);

    let pack = open(&pack_dir);
    assert_eq!(pack.manifest(), &manifest);
    let summary = pack
        .verify(|_| std::ops::ControlFlow::Continue(()))
        .unwrap();
    assert_eq!(summary.bytes, carried);

    import_writing_all(&pack, &dest);
    assert_eq!(listing(&dest), expected(&entries));
    assert!(!dest
        .join(".pack/staging")
        .join(manifest.pack_id.to_string())
        .exists());

    // Again: nothing changes, not even a modification time.
    let before = fs::metadata(dest.join("content.json"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        import(&pack, &dest).unwrap(),
        ImportOutcome::AlreadyInstalled
    );
    assert_eq!(listing(&dest), expected(&entries));
    assert_eq!(
        fs::metadata(dest.join("content.json"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
}

#[test]
fn the_manifest_keeps_what_the_builder_said() {
    let tmp = tempfile::tempdir().unwrap();
    let manifest = write_pack(
        tmp.path(),
        &vec![("a".into(), b"x".to_vec())],
        PackOptions::new(created()),
    );
    assert_eq!(manifest.created, created());
    assert_eq!(manifest.metadata["levels"][0], "1AC");
    assert_eq!(manifest.pack_id.get_version_num(), 7);
    assert_eq!(manifest.signer, key().public());
    assert_eq!(manifest.base_pack_id, None);
}

#[test]
fn volumes_smaller_than_a_chunk_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut options = PackOptions::new(created());
    options.max_volume = CHUNK_SIZE as u64 - 1;
    let key = key();
    let refused = lawha_pack::PackWriter::new(tmp.path(), &key, serde_json::Value::Null, options);
    assert!(matches!(refused, Err(lawha_pack::PackError::BadOptions(_))));
}

/// Random entry sets (sizes around chunk boundaries, shared contents, nested folders):
/// each imports to exactly its entries, through volumes of random sizes.
#[test]
fn random_entry_sets_round_trip() {
    for seed in 0..12u64 {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let mut entries = Entries::new();
        for i in 0..rng.gen_range(1..25) {
            let len = match rng.gen_range(0..5) {
                0 => 0,
                1 => rng.gen_range(1..100),
                2 => CHUNK_SIZE + rng.gen_range(0..3) - 1,
                3 => rng.gen_range(1..3 * CHUNK_SIZE),
                _ => 2 * CHUNK_SIZE,
            };
            // Some contents repeat, to exercise deduplication.
            let content = bytes(rng.gen_range(0..6), len);
            let depth = rng.gen_range(0..4);
            let folders: Vec<String> = (0..depth).map(|d| format!("d{}", (i + d) % 3)).collect();
            let mut path = folders.join("/");
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(&format!("f{i}.bin"));
            entries.push((path, content));
        }
        let tmp = tempfile::tempdir().unwrap();
        let (pack_dir, dest) = (tmp.path().join("pack"), tmp.path().join("dest"));
        let mut options = PackOptions::new(created());
        options.max_volume = rng.gen_range(CHUNK_SIZE as u64..4 * CHUNK_SIZE as u64);
        write_pack(&pack_dir, &entries, options);
        let pack = open(&pack_dir);
        pack.verify(|_| std::ops::ControlFlow::Continue(()))
            .unwrap();
        import(&pack, &dest).unwrap();
        assert_eq!(listing(&dest), expected(&entries), "seed {seed}");
    }
}

/// What a progress bar hears: copying counts up to the total size, moving up to the number
/// of entries, never backwards.
#[test]
fn progress_counts_up_to_the_totals() {
    let tmp = tempfile::tempdir().unwrap();
    let (pack_dir, dest) = (tmp.path().join("pack"), tmp.path().join("dest"));
    let entries = many_entries();
    let manifest = write_pack(&pack_dir, &entries, PackOptions::new(created()));
    let mut heard: Vec<Progress> = Vec::new();
    open(&pack_dir)
        .import(&dest, |p| {
            heard.push(p);
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
    let copying: Vec<_> = heard.iter().filter(|p| p.stage == Stage::Copying).collect();
    let moving: Vec<_> = heard.iter().filter(|p| p.stage == Stage::Moving).collect();
    assert!(copying.windows(2).all(|w| w[0].done <= w[1].done));
    let last = copying.last().unwrap();
    assert_eq!(
        (last.done, last.total),
        (manifest.total_size(), manifest.total_size())
    );
    assert_eq!(moving.len(), entries.len());
    assert!(moving
        .iter()
        .enumerate()
        .all(|(i, p)| p.done == i as u64 + 1 && p.total == entries.len() as u64));
    // Copying comes first, then moving.
    let first_move = heard.iter().position(|p| p.stage == Stage::Moving).unwrap();
    assert!(heard[first_move..].iter().all(|p| p.stage == Stage::Moving));
}
