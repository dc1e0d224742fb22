//! The index recovers from failing storage: a change that cannot be committed is dropped,
//! and once the storage works again the next change goes through (no panic, no lost lock).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lawha_search::faults::Faults;
use lawha_search::{CapsuleDoc, Language, SearchIndex, SearchQuery};
use uuid::Uuid;

fn capsule(n: u128) -> CapsuleDoc {
    CapsuleDoc {
        id: Uuid::from_u128(n),
        title_ar: format!("درس {n}"),
        title_fr: format!("Leçon fractions {n}"),
        description_ar: String::new(),
        description_fr: String::new(),
        transcript: String::new(),
        level: "1AC".to_owned(),
        subject: "MATH".to_owned(),
        language: Language::Fr,
        published: true,
    }
}

fn found(index: &SearchIndex) -> Vec<Uuid> {
    let mut ids = index.search(&SearchQuery::text("fractions")).unwrap().ids();
    ids.sort();
    ids
}

#[test]
fn changes_fail_while_storage_fails_then_recover() {
    let faults = Faults::new();
    let index = SearchIndex::in_memory_with_faults(&faults).unwrap();
    index.upsert(&[capsule(1)]).unwrap();

    // As when the process is out of file descriptors: every commit fails, again and again
    // (tantivy's own rollback would lose the writer's lock here, and then panic).
    faults.fail(true);
    for n in 2..6 {
        assert!(index.upsert(&[capsule(n)]).is_err(), "upsert {n}");
    }
    assert!(index.remove(Uuid::from_u128(1)).is_err());

    faults.fail(false);
    index.upsert(&[capsule(6)]).unwrap();
    index.upsert(&[capsule(7)]).unwrap();
    assert_eq!(
        found(&index),
        vec![Uuid::from_u128(1), Uuid::from_u128(6), Uuid::from_u128(7)],
        "failed changes left nothing, later ones all landed"
    );
}

#[test]
fn a_failed_rebuild_keeps_the_old_index_and_the_next_one_works() {
    let faults = Faults::new();
    let index = SearchIndex::in_memory_with_faults(&faults).unwrap();
    index.upsert(&[capsule(1), capsule(2)]).unwrap();
    faults.fail(true);
    assert!(index.rebuild([capsule(3)]).is_err());
    assert!(index.rebuild([capsule(3)]).is_err());
    faults.fail(false);
    assert_eq!(found(&index).len(), 2, "the old index still answers");
    assert_eq!(index.rebuild([capsule(3)]).unwrap(), 1);
    assert_eq!(found(&index), vec![Uuid::from_u128(3)]);
}
