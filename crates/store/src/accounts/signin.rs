//! Sign-in failures and known devices, in the database so that every app node behind a
//! load balancer sees the same counts. What they mean is decided by
//! [`lawha_core::throttle`]; this module counts.
//!
//! An attempt is recorded *before* its password is checked and the counts are read after,
//! leaving out only its own row: parallel guesses then see each other instead of all
//! passing the check at once. A refused attempt removes its row again (waiting is not
//! failing); a successful one clears its pair's failures.

use chrono::{DateTime, Duration, Utc};
use lawha_core::throttle::{self, Failures, Tally};
use sha2::{Digest, Sha256};

use super::Accounts;
use crate::accounts::sessions::account_throttle_key;
use crate::Result;

/// How long a browser stays known to an account without signing in to it.
pub fn known_device_lifetime() -> Duration {
    Duration::days(180)
}

fn hashed(prefix: &str, value: &str) -> String {
    format!("{prefix}:{}", hex::encode(Sha256::digest(value.as_bytes())))
}

/// The throttle keys of one sign-in attempt, all hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigninKeys {
    account: String,
    source: String,
    address: String,
    known_device: bool,
}

impl SigninKeys {
    /// Keys for an attempt on `identifier` from `address`; `known_device` is the browser's
    /// device token when the store knows it for this account ([`Accounts::is_known_device`]).
    pub fn new(identifier: &str, address: &str, known_device: Option<&str>) -> SigninKeys {
        let address = hashed("ip", address);
        SigninKeys {
            account: account_throttle_key(identifier),
            source: known_device.map_or_else(|| address.clone(), |t| hashed("dev", t)),
            address,
            known_device: known_device.is_some(),
        }
    }

    /// Whether the attempt comes from a device known to the account (exempt from the
    /// account-wide and address delays).
    pub fn known_device(&self) -> bool {
        self.known_device
    }
}

/// A recorded attempt, to be kept as a failure, dropped, or cleared with its pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptId(i64);

#[derive(sqlx::FromRow)]
struct TallyRow {
    count: i64,
    last: Option<DateTime<Utc>>,
}

impl From<TallyRow> for Tally {
    fn from(row: TallyRow) -> Tally {
        Tally {
            count: row.count,
            last: row.last,
        }
    }
}

impl Accounts<'_> {
    /// Records an attempt as a failure until told otherwise; returns its id.
    pub async fn record_signin_attempt(
        &self,
        keys: &SigninKeys,
        at: DateTime<Utc>,
    ) -> Result<AttemptId> {
        let id: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar(
                "INSERT INTO signin_failures (account_key, source_key, address_key, at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&keys.account).bind(&keys.source).bind(&keys.address).bind(at)
            .fetch_one(pool).await?
        });
        Ok(AttemptId(id))
    }

    /// The failures bearing on an attempt, other than the attempt itself, within the
    /// throttle windows before `now`.
    pub async fn signin_failures(
        &self,
        keys: &SigninKeys,
        attempt: AttemptId,
        now: DateTime<Utc>,
    ) -> Result<Failures> {
        let since = now - throttle::window();
        let address_since = now - throttle::address_window();
        let (pair, account, address) = on_db!(self.store, pool => {
            let pair = sqlx::query_as::<_, TallyRow>(
                "SELECT COUNT(*) AS count, MAX(at) AS last FROM signin_failures
                 WHERE account_key = $1 AND source_key = $2 AND at > $3 AND id <> $4",
            )
            .bind(&keys.account).bind(&keys.source).bind(since).bind(attempt.0)
            .fetch_one(pool).await?;
            let account = sqlx::query_as::<_, TallyRow>(
                "SELECT COUNT(*) AS count, MAX(at) AS last FROM signin_failures
                 WHERE account_key = $1 AND at > $2 AND id <> $3",
            )
            .bind(&keys.account).bind(since).bind(attempt.0)
            .fetch_one(pool).await?;
            let address = sqlx::query_as::<_, TallyRow>(
                "SELECT COUNT(DISTINCT account_key) AS count, MAX(at) AS last FROM signin_failures
                 WHERE address_key = $1 AND at > $2 AND id <> $3",
            )
            .bind(&keys.address).bind(address_since).bind(attempt.0)
            .fetch_one(pool).await?;
            (pair, account, address)
        });
        Ok(Failures {
            pair: pair.into(),
            account: account.into(),
            address: address.into(),
        })
    }

    /// Forgets an attempt that was refused before its password was checked.
    pub async fn drop_signin_attempt(&self, attempt: AttemptId) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query("DELETE FROM signin_failures WHERE id = $1")
                .bind(attempt.0).execute(pool).await?;
        });
        Ok(())
    }

    /// After a successful sign-in: forgets the pair's failures (the owner's own typos).
    /// The account's failures from elsewhere stay, so an attacker's count is not reset by
    /// the owner signing in.
    pub async fn clear_signin_failures(&self, keys: &SigninKeys) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query("DELETE FROM signin_failures WHERE account_key = $1 AND source_key = $2")
                .bind(&keys.account).bind(&keys.source).execute(pool).await?;
        });
        Ok(())
    }

    /// Remembers that the browser holding `token` signed in to the account of `identifier`.
    pub async fn remember_device(
        &self,
        token: &str,
        identifier: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO known_devices (token_hash, account_key, last_used_at) VALUES ($1, $2, $3)
                 ON CONFLICT (token_hash, account_key) DO UPDATE SET last_used_at = excluded.last_used_at",
            )
            .bind(hashed("dev", token)).bind(account_throttle_key(identifier)).bind(at)
            .execute(pool).await?;
        });
        Ok(())
    }

    /// Whether the browser holding `token` signed in to the account of `identifier` within
    /// [`known_device_lifetime`].
    pub async fn is_known_device(
        &self,
        token: &str,
        identifier: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let found: Option<i32> = on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT 1 FROM known_devices WHERE token_hash = $1 AND account_key = $2
                   AND last_used_at > $3",
            )
            .bind(hashed("dev", token)).bind(account_throttle_key(identifier))
            .bind(now - known_device_lifetime())
            .fetch_optional(pool).await?
        });
        Ok(found.is_some())
    }
}
