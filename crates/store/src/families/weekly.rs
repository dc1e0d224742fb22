//! The weekly summaries mailed to parents: who is due one for a week (an active parent
//! with an e-mail, following at least one child, not yet sent that week's) and queuing one.
//!
//! The key is (parent, week): the `weekly_summaries` row and the outbox message are
//! written in one transaction, and the row's primary key refuses a second, so running the
//! job again — after a restart, on two nodes at once, from the command line — queues
//! nothing new. Sending and retrying are the outbox's (`recovery::outbox`).

use chrono::NaiveDate;
use uuid::Uuid;

use super::Families;
use crate::recovery::outbox::{OutgoingMail, ENQUEUE};
use crate::{days, BeginWrite, Result, User};

impl Families<'_> {
    /// The parents due a summary for the week starting `week_start`, by id.
    pub async fn parents_due(&self, week_start: NaiveDate) -> Result<Vec<User>> {
        let ids: Vec<Uuid> = on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT u.id FROM users u
                 WHERE u.active = TRUE AND u.email IS NOT NULL
                   AND EXISTS (SELECT 1 FROM parent_links l WHERE l.parent_id = u.id)
                   AND EXISTS (SELECT 1 FROM role_grants g
                               WHERE g.user_id = u.id AND g.role = 'parent')
                   AND NOT EXISTS (SELECT 1 FROM weekly_summaries w
                                   WHERE w.parent_id = u.id AND w.week_start = $1)
                 ORDER BY u.id",
            )
            .bind(days::text(week_start)).fetch_all(pool).await?
        });
        let mut parents = Vec::with_capacity(ids.len());
        for id in ids {
            parents.push(self.store.accounts().user(id).await?);
        }
        Ok(parents)
    }

    /// Queues `mail`, `parent_id`'s summary of the week starting `week_start`, unless that
    /// week's was queued already; whether it was queued now.
    pub async fn queue_weekly_summary(
        &self,
        parent_id: Uuid,
        week_start: NaiveDate,
        mail: &OutgoingMail,
    ) -> Result<bool> {
        let at = self.store.now();
        let mail_id = lawha_core::id::new_id();
        let queued = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            // The message first: the summary's row names it.
            sqlx::query(ENQUEUE)
                .bind(mail_id).bind(&mail.recipient).bind(&mail.subject)
                .bind(&mail.body).bind(at)
                .execute(&mut *tx).await?;
            let kept = sqlx::query(
                "INSERT INTO weekly_summaries (parent_id, week_start, mail_id, queued_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (parent_id, week_start) DO NOTHING",
            )
            .bind(parent_id).bind(days::text(week_start)).bind(mail_id).bind(at)
            .execute(&mut *tx).await?
            .rows_affected();
            if kept == 1 {
                tx.commit().await?;
                true
            } else {
                // Already queued for this week: the message just written goes with the
                // rollback.
                tx.rollback().await?;
                false
            }
        });
        Ok(queued)
    }
}
