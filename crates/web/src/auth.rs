//! Sign-in throttling: failed attempts are counted per account and per client address in
//! the database (so every app node sees them), over a sliding window.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
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

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when the
/// platform runs behind a trusted reverse proxy.
pub fn client_address(parts: &Parts, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for {
        if let Some(first) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return first.trim().to_string();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}
