//! Getting back in (issue 18): the durable outbox of e-mail ([`outbox`]), the single-use
//! secrets that let someone back in — a reset link's token, a pupil's one-time code —
//! ([`secrets`]), who may help whom ([`helpers`]: issue a code, lift a sign-in delay),
//! and the counts that throttle the "forgot password" form ([`requests`]).
//!
//! Tables: `mail_outbox`, `recovery_secrets`, `recovery_requests`, `help_log`
//! (migration 0017). Secrets and request keys are stored as SHA-256 hashes only.

pub mod helpers;
pub mod outbox;
pub mod requests;
pub mod secrets;

use sha2::{Digest, Sha256};

use crate::Store;

pub use helpers::{Door, FromTicket, HelpPowers, HelpTarget};
pub use outbox::{OutboxCounts, OutgoingMail, QueuedMail};
pub use secrets::SecretKind;

/// Password recovery, one-time codes, unlocking and the mail outbox: `store.recovery()`.
#[derive(Clone, Copy)]
pub struct Recovery<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Recovery`].
    pub fn recovery(&self) -> Recovery<'_> {
        Recovery { store: self }
    }
}

/// A hex SHA-256 of `prefix:value`: what is stored instead of a secret or a key.
pub(crate) fn hashed(prefix: &str, value: &str) -> String {
    hex::encode(Sha256::digest(format!("{prefix}:{value}").as_bytes()))
}
