//! What is taught: the curriculum (`units`, `lessons`), the capsules on lessons and their
//! files (`capsules`, `capsule_files`), the exercise sets and items teachers author
//! (`exercise_sets`, `exercise_items`, in `exercise_sets`, whose answers are
//! [`Learning`](crate::learning::Learning)'s), the read models the search
//! index and the coverage view read, and the snapshot each node keeps in memory.

pub mod capsule_files;
pub mod capsules;
pub mod curriculum;
pub mod exercise_sets;
pub(crate) mod item_writes;
pub mod read_models;
pub mod snapshot;

use crate::Store;

/// The store's curriculum, capsules, their files and exercise sets: `store.catalog()`.
#[derive(Clone, Copy)]
pub struct Catalog<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Catalog`].
    pub fn catalog(&self) -> Catalog<'_> {
        Catalog { store: self }
    }
}
