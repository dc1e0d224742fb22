//! Accounts: people, their role grants, the classes teachers teach and the children parents
//! follow (`users`, `role_grants`, `class_teachers`, `parent_links`); sessions; sign-in
//! throttling (`signin_failures`, `known_devices`); the rule that an admin changes only
//! accounts wholly in their scopes (`guard`); and CSV imports of classes, pupils and
//! teachers ([`import`]).

mod changes;
mod generated;
pub(crate) mod grants;
pub(crate) mod guard;
pub mod import;
mod links;
pub(crate) mod passwords;
pub(crate) mod roles;
mod sessions;
pub mod signin;
mod users;

pub use changes::{AccountChange, ACCOUNT_CHANGES_KEPT_MS};
pub use generated::GeneratedPupil;
pub use sessions::{account_throttle_key, SessionInfo};

use crate::Store;

/// The store's people, grants, sessions, sign-in throttling and imports: `store.accounts()`.
#[derive(Clone, Copy)]
pub struct Accounts<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Accounts`].
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts { store: self }
    }
}
