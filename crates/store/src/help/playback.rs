//! The capsule player's reports of failed playback, kept so that a hotline agent working a
//! ticket sees what went wrong for its filer (`/help/tickets/{id}`). Each report is a code
//! and a rendition from fixed lists (`lawha_core::help::playback`), the capsule and when:
//! nothing typed, nothing personal beyond whose it is. A person's reports are throttled
//! ([`PER_USER`] within [`window`]) and only their newest [`KEPT_PER_USER`] are kept, both
//! inside the inserting transaction, so a player stuck in a loop of errors neither floods
//! the table nor pushes out what an agent needs.

use chrono::{DateTime, Duration, Utc};
use lawha_core::help::{PlaybackErrorCode, Rendition};
use uuid::Uuid;

use super::Help;
use crate::rows::{StoredAsName, StoredName};
use crate::{Backend, BeginWrite, Result};

/// Reports one person may make within [`window`]; more are dropped.
pub const PER_USER: i64 = 20;
/// How many of a person's reports are kept (the newest).
pub const KEPT_PER_USER: i64 = 50;
/// How many an agent is shown on a ticket.
pub const SHOWN: i64 = 10;

/// How far back reports count against [`PER_USER`].
pub fn window() -> Duration {
    Duration::hours(1)
}

/// One recorded failure, with the capsule's titles.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlaybackError {
    pub capsule_id: Uuid,
    pub title_ar: String,
    pub title_fr: String,
    #[sqlx(try_from = "StoredName<PlaybackErrorCode>")]
    pub code: PlaybackErrorCode,
    #[sqlx(try_from = "StoredName<Rendition>")]
    pub rendition: Rendition,
    pub at: DateTime<Utc>,
}

impl StoredAsName for PlaybackErrorCode {
    const WHAT: &'static str = "playback error code";
    fn from_name(name: &str) -> Option<PlaybackErrorCode> {
        PlaybackErrorCode::parse(name)
    }
}

impl From<StoredName<PlaybackErrorCode>> for PlaybackErrorCode {
    fn from(name: StoredName<PlaybackErrorCode>) -> PlaybackErrorCode {
        name.0
    }
}

impl StoredAsName for Rendition {
    const WHAT: &'static str = "rendition";
    fn from_name(name: &str) -> Option<Rendition> {
        Rendition::parse(name)
    }
}

impl From<StoredName<Rendition>> for Rendition {
    fn from(name: StoredName<Rendition>) -> Rendition {
        name.0
    }
}

impl Help<'_> {
    /// Records that `user` could not play `capsule`; `false` when they already reported
    /// [`PER_USER`] within [`window`] (nothing is stored then). The caller checks that the
    /// person may watch the capsule.
    pub async fn record_playback_error(
        &self,
        user: Uuid,
        capsule: Uuid,
        code: PlaybackErrorCode,
        rendition: Rendition,
    ) -> Result<bool> {
        let at = self.store.now();
        let postgres = self.store.backend() == Backend::Postgres;
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            if postgres {
                // One person's parallel reports take turns, so the count below holds
                // (SQLite's write transaction already excludes other writers).
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(format!("playback-errors:{user}")).execute(&mut *tx).await?;
            }
            let recent: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM playback_errors WHERE user_id = $1 AND at > $2",
            )
            .bind(user).bind(at - window()).fetch_one(&mut *tx).await?;
            if recent >= PER_USER {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO playback_errors (id, user_id, capsule_id, code, rendition, at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(lawha_core::id::new_id()).bind(user).bind(capsule)
            .bind(code.as_str()).bind(rendition.as_str()).bind(at)
            .execute(&mut *tx).await?;
            sqlx::query(
                "DELETE FROM playback_errors WHERE user_id = $1 AND id NOT IN
                   (SELECT id FROM playback_errors WHERE user_id = $1
                    ORDER BY at DESC, id DESC LIMIT $2)",
            )
            .bind(user).bind(KEPT_PER_USER).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// `user`'s newest [`SHOWN`] reports, newest first. Only for a ticket's page, once the
    /// reader was found to be an agent within reach of a ticket `user` filed.
    pub async fn recent_playback_errors(&self, user: Uuid) -> Result<Vec<PlaybackError>> {
        on_db!(self.store, pool => {
            Ok(sqlx::query_as(
                "SELECT e.capsule_id, c.title_ar, c.title_fr, e.code, e.rendition, e.at
                 FROM playback_errors e JOIN capsules c ON c.id = e.capsule_id
                 WHERE e.user_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT $2",
            )
            .bind(user).bind(SHOWN).fetch_all(pool).await?)
        })
    }
}
