//! The durable outbox of e-mail, worked off like the media queue: a worker claims one
//! message with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's single writer
//! makes the `UPDATE … WHERE id = (SELECT …)` atomic), sends it, and marks it sent once the
//! SMTP server accepted it. A failure puts the next attempt later (30 s doubling, up to an
//! hour); after [`MAX_ATTEMPTS`] the message is given up. Two workers never hold one
//! message at once: the lease outlasts the SMTP timeout. What remains is the window
//! between the server's acceptance and the mark: a worker that dies there has its message
//! sent again when the lease runs out (at least once, never twice while the worker lives).
//!
//! The body is emptied once the message is sent or given up: it may carry a reset link.

use chrono::Duration;
use uuid::Uuid;

use super::Recovery;
use crate::{Backend, Result};

/// Attempts before a message is given up (about eight hours of retries).
pub const MAX_ATTEMPTS: i32 = 12;

/// A message to send: to whom, its subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// A message claimed by a worker, to be marked sent or failed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueuedMail {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Attempts so far, this one included.
    pub attempts: i32,
}

/// How many messages wait, were sent, or were given up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub waiting: i64,
    pub sent: i64,
    pub given_up: i64,
}

/// The wait before the attempt after `attempts` failed ones: 30 s doubling, at most an hour.
pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = (attempts.max(1) - 1).min(10);
    Duration::seconds((30_i64 << doublings).min(3600))
}

/// The statement that queues a message; run inside the transaction that makes the reason
/// for it (a reset token), so that neither exists without the other.
pub(crate) const ENQUEUE: &str = "INSERT INTO mail_outbox
    (id, recipient, subject, body, created_at, next_attempt_at, attempts)
    VALUES ($1, $2, $3, $4, $5, $5, 0)";

impl Recovery<'_> {
    /// Claims the next message due, for `lease`; `None` when none is due.
    pub async fn claim_mail(&self, lease: Duration) -> Result<Option<QueuedMail>> {
        let at = self.store.now();
        let pick = "SELECT id FROM mail_outbox
             WHERE sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= $2
               AND (claimed_until IS NULL OR claimed_until <= $2)
             ORDER BY next_attempt_at LIMIT 1";
        let pick = match self.store.backend() {
            Backend::Postgres => format!("{pick} FOR UPDATE SKIP LOCKED"),
            Backend::Sqlite => pick.to_string(),
        };
        let sql = format!(
            "UPDATE mail_outbox SET claimed_until = $1, attempts = attempts + 1
             WHERE id = ({pick}) RETURNING id, recipient, subject, body, attempts"
        );
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, QueuedMail>(&sql)
                .bind(at + lease).bind(at).fetch_optional(pool).await?
        }))
    }

    /// Marks a claimed message sent (the SMTP server accepted it) and forgets its body.
    pub async fn mail_sent(&self, id: Uuid) -> Result<()> {
        let at = self.store.now();
        on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE mail_outbox SET sent_at = $2, claimed_until = NULL, body = ''
                 WHERE id = $1 AND sent_at IS NULL",
            )
            .bind(id).bind(at).execute(pool).await?;
        });
        Ok(())
    }

    /// Records a failed attempt of a claimed message: tried again later, or given up after
    /// [`MAX_ATTEMPTS`] (its body forgotten).
    pub async fn mail_failed(&self, mail: &QueuedMail) -> Result<()> {
        let at = self.store.now();
        on_db!(self.store, pool => {
            if mail.attempts >= MAX_ATTEMPTS {
                sqlx::query(
                    "UPDATE mail_outbox SET given_up_at = $2, claimed_until = NULL, body = ''
                     WHERE id = $1 AND sent_at IS NULL",
                )
                .bind(mail.id).bind(at).execute(pool).await?;
            } else {
                sqlx::query(
                    "UPDATE mail_outbox SET next_attempt_at = $2, claimed_until = NULL
                     WHERE id = $1 AND sent_at IS NULL",
                )
                .bind(mail.id).bind(at + retry_delay(mail.attempts)).execute(pool).await?;
            }
        });
        Ok(())
    }

    /// How many messages wait, were sent, or were given up.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        let (waiting, sent, given_up): (i64, i64, i64) = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT
                   COALESCE(SUM(CASE WHEN sent_at IS NULL AND given_up_at IS NULL THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN given_up_at IS NOT NULL THEN 1 ELSE 0 END), 0)
                 FROM mail_outbox",
            )
            .fetch_one(pool).await?
        });
        Ok(OutboxCounts {
            waiting,
            sent,
            given_up,
        })
    }
}
