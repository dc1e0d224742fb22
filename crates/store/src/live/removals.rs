//! People removed from one occurrence of a session by its host or an administrator
//! overseeing it: joining that occurrence again is refused (the web layer asks
//! [`Live::is_removed`] before handing out a ticket), while the engine is told to put them
//! out (`LiveEngine::remove`). The next occurrence is open to them again.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Live;
use crate::Result;

impl Live<'_> {
    /// Records that `by` removed `user` from the occurrence of `session` starting at
    /// `occurrence_start`; removing someone twice changes nothing.
    pub async fn remove_participant(
        &self,
        session: Uuid,
        occurrence_start: DateTime<Utc>,
        user: Uuid,
        by: Uuid,
    ) -> Result<()> {
        let now = self.store.now();
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO live_removals
                   (session_id, occurrence_start, user_id, removed_by, removed_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (session_id, occurrence_start, user_id) DO NOTHING",
            )
            .bind(session).bind(occurrence_start).bind(user).bind(by).bind(now)
            .execute(pool).await?;
        });
        Ok(())
    }

    /// Whether `user` was removed from the occurrence of `session` starting at
    /// `occurrence_start`.
    pub async fn is_removed(
        &self,
        session: Uuid,
        occurrence_start: DateTime<Utc>,
        user: Uuid,
    ) -> Result<bool> {
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM live_removals
                 WHERE session_id = $1 AND occurrence_start = $2 AND user_id = $3",
            )
            .bind(session).bind(occurrence_start).bind(user)
            .fetch_one(pool).await?
        });
        Ok(n > 0)
    }
}
