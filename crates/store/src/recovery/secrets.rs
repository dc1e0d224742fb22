//! Single-use secrets that let someone back in: a reset link's token (sent by e-mail) and
//! a pupil's one-time code (issued by a helper, [`super::helpers`]). Only a hash is kept.
//!
//! A secret is redeemed once: the `UPDATE … WHERE used_at IS NULL AND expires_at > now`
//! that marks it used is the check, so two parallel redemptions cannot both pass. It is
//! also void after any password change, by whatever path: it carries a mark of the
//! password hash it was issued under, compared with the account's inside the transaction
//! that sets the new password. Redeeming one ends every session of the account and voids
//! the account's other secrets.

use chrono::{DateTime, Duration, Utc};
use lawha_core::password;
use uuid::Uuid;

use lawha_core::help::AgentAction;
use lawha_core::role::Grant;

use super::helpers::{Door, FromTicket, HelpReads};
use super::outbox::{OutgoingMail, ENQUEUE};
use super::{hashed, Recovery};
use crate::accounts::passwords::hash_password;
use crate::{Backend, BeginWrite, Result, StoreError};

/// The agent sending a reset link from a ticket, and the ticket.
struct Agent<'g> {
    actor: Uuid,
    grants: &'g [Grant],
    from: FromTicket,
}

/// What a secret is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// A token in a link sent by e-mail (staff and parents).
    ResetLink,
    /// A short code a helper gives a pupil.
    OneTimeCode,
}

impl SecretKind {
    fn as_str(self) -> &'static str {
        match self {
            SecretKind::ResetLink => "reset_link",
            SecretKind::OneTimeCode => "one_time_code",
        }
    }
}

/// How long a reset link stays valid.
pub fn reset_link_lifetime() -> Duration {
    Duration::minutes(30)
}

/// How long a one-time code stays valid: the rest of a school day's session.
pub fn one_time_code_lifetime() -> Duration {
    Duration::hours(2)
}

/// The stored hash of a reset token.
pub(crate) fn link_hash(token: &str) -> String {
    hashed("link", token)
}

/// The stored hash of a pupil's one-time code (bound to the pupil: a code is short).
pub(crate) fn code_hash(user_id: Uuid, code: &str) -> String {
    hashed(
        "code",
        &format!("{user_id}:{}", code.trim().to_ascii_uppercase()),
    )
}

/// The mark of a password hash that a secret carries.
pub(crate) fn password_mark(password_hash: &str) -> String {
    hashed("pw", password_hash)
}

impl Recovery<'_> {
    /// The active account whose e-mail is `email`, if any (who a reset link is for).
    pub async fn account_by_email(&self, email: &str) -> Result<Option<crate::User>> {
        let id: Option<Uuid> = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND active = TRUE")
                .bind(email.trim().to_lowercase()).fetch_optional(pool).await?
        });
        match id {
            Some(id) => Ok(Some(self.store.accounts().user(id).await?)),
            None => Ok(None),
        }
    }

    /// Stores a reset token for `user_id` and queues `mail` (which carries it) in one
    /// transaction: neither exists without the other.
    pub async fn issue_reset_link(
        &self,
        user_id: Uuid,
        token: &str,
        mail: &OutgoingMail,
    ) -> Result<()> {
        self.write_reset_link(user_id, token, mail, None).await
    }

    /// [`Recovery::issue_reset_link`] sent by a support agent from hotline ticket `from`:
    /// the agent's powers over `target` (those of unlocking) are checked again after
    /// locking the account, and the agents' audit line is written, in the same
    /// transaction. [`StoreError::NotFound`] unless the agent may.
    pub async fn issue_reset_link_from_ticket(
        &self,
        from: FromTicket,
        actor: Uuid,
        grants: &[Grant],
        target: Uuid,
        token: &str,
        mail: &OutgoingMail,
    ) -> Result<()> {
        let agent = Agent {
            actor,
            grants,
            from,
        };
        self.write_reset_link(target, token, mail, Some(agent))
            .await
    }

    async fn write_reset_link(
        &self,
        user_id: Uuid,
        token: &str,
        mail: &OutgoingMail,
        agent: Option<Agent<'_>>,
    ) -> Result<()> {
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(agent) = &agent {
                let door = Door::Ticket(agent.from);
                let powers = tx
                    .ties(agent.actor, agent.grants, user_id, true)
                    .await?
                    .map(|t| t.powers(door));
                if !powers.is_some_and(|p| p.unlock) {
                    return Err(StoreError::NotFound);
                }
            }
            let current: String = sqlx::query_scalar(&self.locked_password_sql())
                .bind(user_id).fetch_one(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO recovery_secrets
                   (secret_hash, user_id, kind, password_mark, issued_by, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, NULL, $5, $6)",
            )
            .bind(link_hash(token)).bind(user_id).bind(SecretKind::ResetLink.as_str())
            .bind(password_mark(&current)).bind(at).bind(at + reset_link_lifetime())
            .execute(&mut *tx).await?;
            sqlx::query(ENQUEUE)
                .bind(lawha_core::id::new_id()).bind(&mail.recipient).bind(&mail.subject)
                .bind(&mail.body).bind(at)
                .execute(&mut *tx).await?;
            if let Some(agent) = &agent {
                tx.log_agent_help(agent.actor, AgentAction::ResendLink, agent.from, user_id, at)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Whether a reset token is valid now (unused, unexpired, issued under the account's
    /// current password): the reset page shows its form only then.
    pub async fn reset_link_valid(&self, token: &str) -> Result<bool> {
        #[derive(sqlx::FromRow)]
        struct Row {
            password_mark: String,
            password_hash: String,
        }
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, Row>(
                "SELECT s.password_mark, u.password_hash FROM recovery_secrets s
                 JOIN users u ON u.id = s.user_id
                 WHERE s.secret_hash = $1 AND s.kind = $2 AND s.used_at IS NULL
                   AND s.expires_at > $3 AND u.active = TRUE",
            )
            .bind(link_hash(token)).bind(SecretKind::ResetLink.as_str()).bind(self.store.now())
            .fetch_optional(pool).await?
        });
        Ok(row.is_some_and(|r| r.password_mark == password_mark(&r.password_hash)))
    }

    /// Sets a new password with a reset token; returns the account. [`StoreError::NotFound`]
    /// when the token is unknown, used, expired or stale.
    pub async fn reset_with_link(&self, token: &str, new_password: &str) -> Result<Uuid> {
        self.redeem(SecretKind::ResetLink, link_hash(token), new_password)
            .await
    }

    /// Sets a new password with a pupil's one-time code; returns the account.
    /// [`StoreError::NotFound`] when there is no such pupil or the code is not valid.
    pub async fn reset_with_code(
        &self,
        pupil_code: &str,
        code: &str,
        new_password: &str,
    ) -> Result<Uuid> {
        let id: Option<Uuid> = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT id FROM users WHERE pupil_code = $1")
                .bind(pupil_code.trim().to_ascii_uppercase()).fetch_optional(pool).await?
        });
        // An unknown pupil costs the same hashing as a known one.
        let secret = code_hash(id.unwrap_or_default(), code);
        match id {
            Some(_) => {
                self.redeem(SecretKind::OneTimeCode, secret, new_password)
                    .await
            }
            None => {
                hash_password(self.store, new_password.to_string()).await?;
                Err(StoreError::NotFound)
            }
        }
    }

    async fn redeem(&self, kind: SecretKind, secret: String, new_password: &str) -> Result<Uuid> {
        password::check_policy(new_password).map_err(|e| StoreError::invalid("password", e))?;
        let new_hash = hash_password(self.store, new_password.to_string()).await?;
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let claimed: Option<(Uuid, String)> = sqlx::query_as(
                "UPDATE recovery_secrets SET used_at = $3
                 WHERE secret_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3
                 RETURNING user_id, password_mark",
            )
            .bind(&secret).bind(kind.as_str()).bind(at)
            .fetch_optional(&mut *tx).await?;
            let Some((user_id, mark)) = claimed else {
                return Err(StoreError::NotFound);
            };
            let current: String = sqlx::query_scalar(&self.locked_password_sql())
                .bind(user_id).fetch_one(&mut *tx).await?;
            let active: bool = sqlx::query_scalar("SELECT active FROM users WHERE id = $1")
                .bind(user_id).fetch_one(&mut *tx).await?;
            if mark != password_mark(&current) || !active {
                // Dropping the transaction rolls the mark back; the secret stays void anyway.
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "UPDATE users SET password_hash = $2, must_change_password = FALSE, updated_at = $3
                 WHERE id = $1",
            )
            .bind(user_id).bind(&new_hash).bind(at).execute(&mut *tx).await?;
            sqlx::query(
                "UPDATE recovery_secrets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
            )
            .bind(user_id).bind(at).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(user_id)
        })
    }

    /// Reads an account's password hash, locking the account's row until the transaction
    /// ends (SQLite's write transaction already excludes other writers).
    pub(crate) fn locked_password_sql(&self) -> String {
        let lock = match self.store.backend() {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        format!("SELECT password_hash FROM users WHERE id = $1{lock}")
    }

    /// Forgets secrets and throttle counts that can no longer matter (expired a day ago).
    pub async fn purge_old(&self, now: DateTime<Utc>) -> Result<()> {
        let before = now - Duration::days(1);
        on_db!(self.store, pool => {
            sqlx::query("DELETE FROM recovery_secrets WHERE expires_at < $1")
                .bind(before).execute(pool).await?;
            sqlx::query("DELETE FROM recovery_requests WHERE at < $1")
                .bind(before).execute(pool).await?;
        });
        Ok(())
    }
}
