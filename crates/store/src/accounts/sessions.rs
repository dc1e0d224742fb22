//! Server-side sessions and sign-in throttling.
//!
//! The session cookie carries a random token; only its SHA-256 is stored, so a leaked
//! database does not hand out live sessions. Each session has its own CSRF token. Failed
//! sign-ins are counted by [`crate::accounts::signin`].

use chrono::{DateTime, Duration, Utc};
use lawha_core::id::random_token;
use lawha_core::role::Grant;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Accounts;
use crate::accounts::users::{user_columns, UserRow};
use crate::{Result, User};

/// A live session: who is signed in, their grants, and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user: User,
    pub grants: Vec<Grant>,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Accounts<'_> {
    /// Opens a session for a user; returns the cookie token.
    pub async fn create_session(&self, user_id: Uuid, lifetime: Duration) -> Result<String> {
        let token = random_token();
        let at = self.store.now();
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash(&token)).bind(user_id).bind(random_token()).bind(at)
            .bind(at + lifetime)
            .execute(pool).await?;
        });
        Ok(token)
    }

    /// The live session for a cookie token: unexpired, of an active user.
    pub async fn session(&self, token: &str) -> Result<Option<SessionInfo>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: UserRow,
            csrf_token: String,
            expires_at: DateTime<Utc>,
        }
        let cols = user_columns("u");
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, Row>(&format!(
                "SELECT {cols}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = TRUE"
            ))
            .bind(token_hash(token)).bind(self.store.now()).fetch_optional(pool).await?
        });
        let Some(row) = row else { return Ok(None) };
        let user: User = row.user.into();
        let grants = self
            .grants(user.id)
            .await?
            .into_iter()
            .map(|g| Grant {
                role: g.role,
                scope: g.scope,
            })
            .collect();
        Ok(Some(SessionInfo {
            user,
            grants,
            csrf_token: row.csrf_token,
            expires_at: row.expires_at,
        }))
    }

    /// Ends a session (sign-out).
    pub async fn delete_session(&self, token: &str) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash(token)).execute(pool).await?;
        });
        Ok(())
    }

    /// Removes expired sessions, old account changes, spent recovery secrets and requests, sign-in failures older than `failures_older_than` and
    /// devices unused for [`crate::accounts::signin::known_device_lifetime`]; returns how many
    /// sessions went.
    pub async fn purge_expired(&self, failures_older_than: DateTime<Utc>) -> Result<u64> {
        let at = self.store.now();
        self.prune_account_changes().await?;
        self.store.recovery().purge_old(at).await?;
        Ok(on_db!(self.store, pool => {
            sqlx::query("DELETE FROM signin_failures WHERE at < $1")
                .bind(failures_older_than).execute(pool).await?;
            sqlx::query("DELETE FROM known_devices WHERE last_used_at < $1")
                .bind(at - crate::accounts::signin::known_device_lifetime()).execute(pool).await?;
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(at).execute(pool).await?.rows_affected()
        }))
    }
}

/// A throttle key for an account identifier that does not store the identifier itself.
pub fn account_throttle_key(identifier: &str) -> String {
    format!("acct:{}", token_hash(&identifier.trim().to_lowercase()))
}
