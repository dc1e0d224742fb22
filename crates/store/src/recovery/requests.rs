//! Throttling of the "forgot password" form: each request is counted under the address
//! typed and under the client's address (both hashed), whether an account exists or not,
//! so the counts say nothing about accounts.

use chrono::Duration;

use super::{hashed, Recovery};
use crate::{Backend, BeginWrite, Result};

/// Requests per e-mail address within [`window`] before more are refused.
pub const PER_ADDRESS: i64 = 3;
/// Requests per client address within [`window`] (a school's shared connection).
pub const PER_CLIENT: i64 = 30;

/// How far back requests count.
pub fn window() -> Duration {
    Duration::hours(1)
}

impl Recovery<'_> {
    /// Counts a request for `email` from `client`; false when either is over its limit
    /// (the request is then not counted, so waiting is enough to be let through).
    pub async fn admit_reset_request(&self, email: &str, client: &str) -> Result<bool> {
        let at = self.store.now();
        let mail_key = hashed("mail", &email.trim().to_lowercase());
        let client_key = hashed("ip", client);
        let postgres = self.store.backend() == Backend::Postgres;
        on_db!(self.store, pool => {
            // Parallel requests take turns, so none slips past a limit: SQLite's write
            // transaction excludes other writers; on PostgreSQL a lock per address typed.
            let mut tx = pool.begin_write().await?;
            if postgres {
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(&mail_key).execute(&mut *tx).await?;
            }
            for (key, limit) in [(&mail_key, PER_ADDRESS), (&client_key, PER_CLIENT)] {
                let count: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM recovery_requests WHERE request_key = $1 AND at > $2",
                )
                .bind(key).bind(at - window()).fetch_one(&mut *tx).await?;
                if count >= limit {
                    return Ok(false);
                }
            }
            for key in [&mail_key, &client_key] {
                sqlx::query("INSERT INTO recovery_requests (request_key, at) VALUES ($1, $2)")
                    .bind(key).bind(at).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(true)
    }
}
