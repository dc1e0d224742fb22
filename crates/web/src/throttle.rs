//! Sign-in throttling for the form: each attempt is recorded before its password is checked,
//! then [`lawha_core::throttle`] decides from the counts whether it must wait. Nothing is
//! locked: failures slow whoever made them (the account and address pair), and a browser
//! the owner signed in from before (the `lawha_device` cookie) is exempt from the delays
//! others' failures put on the account, so an attacker cannot keep a pupil out.
//!
//! [`rate`]: requests per person per second, in memory, for `/janus`.

pub mod rate;

use chrono::Duration;
use lawha_core::id::random_token;
use lawha_core::throttle;
use lawha_store::accounts::signin::SigninKeys;
use lawha_store::Store;

use crate::error::AppResult;

/// The cookie that makes a browser known to the accounts it signed in to.
pub const DEVICE_COOKIE: &str = "lawha_device";
/// How long the browser keeps it (the store forgets a device unused for half a year).
pub const DEVICE_COOKIE_SECS: i64 = 60 * 60 * 24 * 365;

/// One sign-in attempt, recorded as a failure until it succeeds: a wrong password needs
/// nothing more.
pub struct Attempt {
    keys: SigninKeys,
}

impl Attempt {
    /// Records an attempt on `identifier` from `address`, with the browser's device token
    /// if it has one. `Err(wait)`: it must wait that long, and its password is not checked.
    pub async fn begin(
        store: &Store,
        identifier: &str,
        address: &str,
        device: Option<&str>,
    ) -> AppResult<Result<Attempt, Duration>> {
        let at = store.clock().now();
        let known = match device {
            Some(token)
                if store
                    .accounts()
                    .is_known_device(token, identifier, at)
                    .await? =>
            {
                Some(token)
            }
            _ => None,
        };
        let keys = SigninKeys::new(identifier, address, known);
        let id = store.accounts().record_signin_attempt(&keys, at).await?;
        let failures = store.accounts().signin_failures(&keys, id, at).await?;
        match throttle::wait_until(&failures, keys.known_device(), at) {
            None => Ok(Ok(Attempt { keys })),
            Some(until) => {
                // Waiting is not failing: a refused attempt leaves no trace.
                store.accounts().drop_signin_attempt(id).await?;
                Ok(Err(until - at))
            }
        }
    }

    /// The password was right: forgets this pair's failures and remembers the browser for
    /// the account. Returns the device token for the cookie (the one presented, or new).
    pub async fn succeeded(
        self,
        store: &Store,
        identifier: &str,
        device: Option<&str>,
    ) -> AppResult<String> {
        store.accounts().clear_signin_failures(&self.keys).await?;
        let token = device
            .filter(|t| is_token(t))
            .map_or_else(random_token, str::to_string);
        store
            .accounts()
            .remember_device(&token, identifier, store.clock().now())
            .await?;
        Ok(token)
    }
}

/// Whether a cookie value has the shape of a token we issue ([`random_token`]: 64 hex
/// digits), so that a forged cookie of any size is never stored.
fn is_token(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A count of requests per key (a client address) over a minute, in memory, bounded: for
/// cheap endpoints that only need to keep one caller from taking a shared resource's time
/// from the others (the help centre's suggestions). Each application state has its own
/// (`Services`), so two states in one process, such as tests, never share a count.
pub struct PerMinute {
    allowance: u32,
    counts: moka::sync::Cache<String, std::sync::Arc<std::sync::atomic::AtomicU32>>,
}

impl PerMinute {
    /// `allowance` requests a minute per key; at most `keys` keys remembered at once.
    pub fn new(allowance: u32, keys: u64) -> PerMinute {
        PerMinute {
            allowance,
            counts: moka::sync::Cache::builder()
                .max_capacity(keys)
                .time_to_live(std::time::Duration::from_secs(60))
                .build(),
        }
    }

    /// Counts a request under `key`; whether it is within the allowance (each count is
    /// forgotten a minute after it began).
    pub fn admit(&self, key: &str) -> bool {
        let count = self.counts.get_with(key.to_owned(), || {
            std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0))
        });
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < self.allowance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_are_accepted_and_junk_is_not() {
        assert!(is_token(&random_token()));
        assert!(!is_token("short"));
        assert!(!is_token(&"a".repeat(4096)));
        assert!(!is_token(&"z".repeat(64)));
    }
}
