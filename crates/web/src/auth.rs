//! Sign-in throttling: failed attempts are counted per account and per client address in
//! the database (so every app node sees them), over a sliding window.

use chrono::{Duration, Utc};
use lawha_store::{account_throttle_key, Store};

use crate::error::AppResult;

/// The window failed attempts are counted over.
pub const WINDOW_MINUTES: i64 = 15;
/// Failed attempts on one account within the window before it is locked for the window.
pub const MAX_PER_ACCOUNT: i64 = 5;
/// Failed attempts from one address within the window (a school's shared connection may
/// hold many pupils, hence more generous).
pub const MAX_PER_ADDRESS: i64 = 50;

/// The throttle keys of one sign-in attempt.
pub struct Attempt {
    account: String,
    address: String,
}

impl Attempt {
    pub fn new(identifier: &str, client: &str) -> Attempt {
        Attempt {
            account: account_throttle_key(identifier),
            address: format!("ip:{client}"),
        }
    }

    /// Whether this attempt must be refused before checking the password.
    pub async fn is_blocked(&self, store: &Store) -> AppResult<bool> {
        let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
        Ok(
            store.login_failures_since(&self.account, since).await? >= MAX_PER_ACCOUNT
                || store.login_failures_since(&self.address, since).await? >= MAX_PER_ADDRESS,
        )
    }

    pub async fn failed(&self, store: &Store) -> AppResult<()> {
        store.record_login_failure(&self.account).await?;
        store.record_login_failure(&self.address).await?;
        Ok(())
    }

    /// A successful sign-in clears the account's count (not the address's).
    pub async fn succeeded(&self, store: &Store) -> AppResult<()> {
        store.clear_login_failures(&self.account).await?;
        Ok(())
    }
}
