//! Interrupted imports: stopped while copying or while moving (as a pulled stick or a kill -9
//! would stop them), then run again, they finish with the right files; a staged file cut
//! short, or changed at the same size, is written again.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::Cell;
use std::fs;
use std::ops::ControlFlow;

use common::*;
use lawha_pack::{ImportOutcome, PackError, PackOptions, Stage, CHUNK_SIZE};

fn entries() -> Entries {
    (0..12)
        .map(|i| {
            (
                format!("media/{i:02}/file.bin"),
                bytes(i, (i as usize % 3) * CHUNK_SIZE + 1000 * i as usize),
            )
        })
        .chain([("content.json".to_owned(), b"{}".to_vec())])
        .collect()
}

#[test]
fn an_import_stopped_while_copying_resumes_and_skips_what_was_staged() {
    let tmp = tempfile::tempdir().unwrap();
    let (pack_dir, dest) = (tmp.path().join("pack"), tmp.path().join("dest"));
    let entries = entries();
    write_pack(&pack_dir, &entries, PackOptions::new(created()));
    let pack = open(&pack_dir);
    fs::create_dir_all(&dest).unwrap();
    fs::write(dest.join("local.txt"), b"the node's own").unwrap();
    let before = listing(&dest);

    let calls = Cell::new(0);
    let stopped = pack.import(&dest, |_| {
        calls.set(calls.get() + 1);
        if calls.get() == 9 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(stopped, Err(PackError::Interrupted)));
    assert_eq!(
        listing(&dest),
        before,
        "nothing changes outside .pack/ before every chunk is verified"
    );

    import_writing_all(&pack, &dest);
    let mut want = expected(&entries);
    want.extend(before);
    assert_eq!(listing(&dest), want);
}

#[test]
fn staged_entries_in_the_journal_are_not_copied_again() {
    let tmp = tempfile::tempdir().unwrap();
    let (pack_dir, dest) = (tmp.path().join("pack"), tmp.path().join("dest"));
    let entries = entries();
    let manifest = write_pack(&pack_dir, &entries, PackOptions::new(created()));
    let pack = open(&pack_dir);
    // Stop when moving starts: everything is staged and journalled.
    let stopped = pack.import(&dest, |p| {
        if p.stage == Stage::Moving {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(stopped, Err(PackError::Interrupted)));
    // Forget the list of renames, as if the crash came just before it was written.
    let staging = dest
        .join(".pack/staging")
        .join(manifest.pack_id.to_string());
    fs::remove_file(staging.join("moves")).unwrap();
    // Cut one staged file short: it alone is copied again.
    // Entry number 4 (media/04/file.bin) is staged as files/4.
    let cut = staging.join("files/4");
    fs::OpenOptions::new()
        .write(true)
        .open(&cut)
        .unwrap()
        .set_len(10)
        .unwrap();

    // Progress is reported once per chunk copied.
    let copied = Cell::new(0);
    pack.import(&dest, |p| {
        if p.stage == Stage::Copying {
            copied.set(copied.get() + 1);
        }
        ControlFlow::Continue(())
    })
    .unwrap();
    let cut_entry = manifest
        .entries
        .iter()
        .find(|e| e.path.as_str() == "media/04/file.bin")
        .unwrap();
    assert_eq!(cut_entry.chunks.len(), 2);
    assert_eq!(copied.get(), 2, "only the cut file is copied again");
    assert_eq!(listing(&dest), expected(&entries));
}

/// A journalled staged file of the right size whose bytes changed (a disk losing blocks
/// after the journal was written) is checked against the manifest's chunk hashes and
/// written again, not installed as it is.
#[test]
fn a_staged_file_changed_but_not_cut_is_written_again() {
    let tmp = tempfile::tempdir().unwrap();
    let (pack_dir, dest) = (tmp.path().join("pack"), tmp.path().join("dest"));
    let entries = entries();
    let manifest = write_pack(&pack_dir, &entries, PackOptions::new(created()));
    let pack = open(&pack_dir);
    let stopped = pack.import(&dest, |p| {
        if p.stage == Stage::Moving {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(stopped, Err(PackError::Interrupted)));
    let staging = dest
        .join(".pack/staging")
        .join(manifest.pack_id.to_string());
    fs::remove_file(staging.join("moves")).unwrap();
    // One byte of the second chunk of entry 4 (media/04/file.bin) changed, same size.
    let changed = staging.join("files/4");
    let mut bytes = fs::read(&changed).unwrap();
    let at = CHUNK_SIZE + 17;
    bytes[at] ^= 0xff;
    fs::write(&changed, &bytes).unwrap();

    let copied = Cell::new(0);
    pack.import(&dest, |p| {
        if p.stage == Stage::Copying {
            copied.set(copied.get() + 1);
        }
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(copied.get(), 2, "the changed file alone is copied again");
    assert_eq!(listing(&dest), expected(&entries));
}

#[test]
fn an_import_stopped_while_moving_is_finished_by_the_rerun() {
    let tmp = tempfile::tempdir().unwrap();
    let (first_dir, pack_dir, dest) = (
        tmp.path().join("first"),
        tmp.path().join("pack"),
        tmp.path().join("dest"),
    );
    let first: Entries = vec![("content.json".into(), b"{\"v\":0}".to_vec())];
    write_pack(&first_dir, &first, PackOptions::new(created()));
    import(&open(&first_dir), &dest).unwrap();

    let entries = entries();
    write_pack(
        &pack_dir,
        &entries,
        PackOptions::new(created() + chrono::Duration::hours(1)),
    );
    let pack = open(&pack_dir);
    let stopped = pack.import(&dest, |p| {
        if p.stage == Stage::Moving && p.done == 5 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(stopped, Err(PackError::Interrupted)));
    // Half moved: the first pack cannot be imported over it (its files are not those the
    // installed manifest describes) until this one is finished.
    let error = import(&open(&first_dir), &dest).unwrap_err();
    assert!(matches!(error, PackError::UnfinishedImport(_)), "{error}");

    import_writing_all(&pack, &dest);
    assert_eq!(listing(&dest), expected(&entries));
    assert_eq!(
        import(&pack, &dest).unwrap(),
        ImportOutcome::AlreadyInstalled
    );
}

#[test]
fn staged_and_installed_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let (pack_dir, dest) = (tmp.path().join("pack"), tmp.path().join("dest"));
    let manifest = write_pack(&pack_dir, &entries(), PackOptions::new(created()));
    let pack = open(&pack_dir);
    // Stopped at the last chunk copied: every entry has its staged file, none is moved.
    let stopped = pack.import(&dest, |p| {
        if p.stage == Stage::Copying && p.done == p.total {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(stopped, Err(PackError::Interrupted)));
    let files = dest
        .join(".pack/staging")
        .join(manifest.pack_id.to_string())
        .join("files");
    let mode = |path: &std::path::Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let mut staged = 0;
    for file in fs::read_dir(&files).unwrap() {
        assert_eq!(mode(&file.unwrap().path()), 0o600);
        staged += 1;
    }
    assert_eq!(staged, manifest.entries.len());
    import_writing_all(&pack, &dest);
    assert_eq!(mode(&dest.join("content.json")), 0o600);
}
