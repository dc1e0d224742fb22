//! The organisation: regions, provinces, schools and classes (`regions`, `provinces`,
//! `schools`, `classes`), and the national reference lists loaded at migration (`levels`,
//! `subjects`, `programmes`).

mod reference;
mod schools;

use crate::Store;

/// The store's regions, provinces, schools, classes and the reference lists: `store.org()`.
#[derive(Clone, Copy)]
pub struct Org<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Org`].
    pub fn org(&self) -> Org<'_> {
        Org { store: self }
    }
}
