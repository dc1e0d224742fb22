//! The synthetic generator on both engines: the sizes asked for, pupils in classes who
//! cannot sign in, and the same pupils for the same seed.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use lawha_core::Scope;
use lawha_seed::synthetic::{self, SyntheticConfig};
use lawha_store::on_both;
use lawha_store::testing::TestStore;
use lawha_store::{ListFilter, Page, Store};

const ZONE: chrono_tz::Tz = chrono_tz::Africa::Casablanca;

fn config(prefix: &str) -> SyntheticConfig {
    SyntheticConfig {
        pupils: 50,
        pupils_per_class: 10,
        classes_per_school: 2,
        days: 3,
        events_per_active_day: 2,
        seed: 5,
        code_prefix: prefix.into(),
        join_classes: Vec::new(),
    }
}

/// A dataset's pupils: pupil code without the prefix, and name, in code order.
async fn pupils(store: &Store, prefix: &str) -> Vec<(String, String)> {
    let filter = ListFilter {
        scopes: vec![Scope::National],
        ..ListFilter::default()
    };
    let page = store
        .accounts()
        .list_users(&filter, Page::new(1, Page::MAX_SIZE))
        .await
        .expect("users");
    let mut pupils: Vec<(String, String)> = page
        .items
        .into_iter()
        .filter_map(|u| {
            let number = u.pupil_code?.strip_prefix(prefix)?.to_string();
            Some((number, u.display_name))
        })
        .collect();
    pupils.sort();
    pupils
}

async fn generates_what_was_asked(store: TestStore) {
    let report = synthetic::generate(&store, &config("SA"), ZONE, |_| {})
        .await
        .expect("generate");
    assert_eq!((report.schools, report.classes, report.pupils), (3, 6, 50));
    assert!(report.events > 0);
    let pupil = store
        .accounts()
        .verify_credentials("SA00000000", "!synthetic")
        .await
        .expect("verify");
    assert!(pupil.is_none(), "a generated pupil signed in");
    // A second dataset beside the first, from the same seed: the same names.
    synthetic::generate(&store, &config("SB"), ZONE, |_| {})
        .await
        .expect("second dataset");
    let first = pupils(&store, "SA").await;
    assert_eq!(first.len(), 50);
    assert_eq!(first, pupils(&store, "SB").await);
}
on_both!(generates_what_was_asked);
