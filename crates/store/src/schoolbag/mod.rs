//! The digital schoolbag, store side: what goes into an offline pack (`select`) and
//! applying a pack's content on a school node (`apply`), with the record of the packs a node
//! applied (`installed_packs`, the one table this capability owns). The pack file itself
//! (entries, chunks, signature) and the media bytes are the pack crate's and the CLI's: this
//! module produces and consumes the `content.json` entry, [`PackContent`].
//!
//! With `since`, a pack carries the rows changed after it. `users`, `classes`, `schools`,
//! `capsules` and `media_assets` have an `updated_at`; `units`, `lessons`,
//! `exercise_sets`, `exercise_items`, `capsule_files`, `role_grants` and `assignments` only a
//! `created_at` (nothing edits them in place), and `class_teachers`, `parent_links` and
//! `assignment_pupils` no time at all. A changed row brings its parents (a new item its set,
//! a capsule its lesson and unit), a carried parent brings all its children (a set its
//! items, a capsule its files), a person given a grant in the school travels whole (their
//! account and all its grants there), and the school's link rows always come whole (a
//! school's share is small). Withdrawn capsules are listed; deleted rows leave no trace in the schema
//! and are not.
//!
//! Regions travel by code: every store loads the reference list with ids of its own, so a
//! node maps the platform's region ids (in provinces, schools, classes and grants) to its
//! own when it applies a pack. Authors (`created_by`) travel only when their account does.

pub mod apply;
pub mod content;
mod installed;
mod media;
pub(crate) mod record_writes;
pub mod records;
pub mod select;

pub use content::{
    ApplySummary, InstalledPack, MediaFile, MediaFileKind, PackContent, PackFault, PackSelection,
    FORMAT_VERSION,
};
pub use installed::InstallMark;

use crate::Store;

/// Offline packs: selecting their content and applying it: `store.schoolbag()`.
#[derive(Clone, Copy)]
pub struct Schoolbag<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Schoolbag`].
    pub fn schoolbag(&self) -> Schoolbag<'_> {
        Schoolbag { store: self }
    }
}

#[cfg(feature = "testing")]
impl Schoolbag<'_> {
    /// How many rows each of `tables` holds: tests compare a node before and after.
    pub async fn row_counts_for_tests(&self, tables: &[&str]) -> crate::Result<Vec<i64>> {
        let mut counts = Vec::with_capacity(tables.len());
        for table in tables {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let (count,): (i64,) = self.store.fetch_every(&sql).await?.remove(0);
            counts.push(count);
        }
        Ok(counts)
    }
}
