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
