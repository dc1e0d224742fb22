//! Families (issue 18): what a parent reads about a child they follow ([`week`]: the
//! activity of a period and the latest results by exercise set) and the weekly summaries
//! mailed to parents ([`weekly`]: who is due one, queued once per parent and week).
//!
//! Tables: `weekly_summaries` (migration 0020); reads `parent_links`, `role_grants`,
//! `users`, `learner_events`, `exercise_sets`; queues into `mail_outbox`. Linking a parent
//! to a child stays the school's action (`Accounts::link_parent`).

pub mod week;
pub mod weekly;

use uuid::Uuid;

use crate::{Result, Store, StoreError, User};

pub use week::{SetResult, WeekActivity};

/// What parents see of their children and the weekly summaries: `store.families()`.
#[derive(Clone, Copy)]
pub struct Families<'a> {
    pub(crate) store: &'a Store,
}

impl Store {
    /// This store's [`Families`].
    pub fn families(&self) -> Families<'_> {
        Families { store: self }
    }
}

impl Families<'_> {
    /// The child `pupil_id` when `parent_id` follows them (a `parent_links` row), else
    /// [`StoreError::NotFound`]: to anyone else the child does not exist.
    pub async fn followed_child(&self, parent_id: Uuid, pupil_id: Uuid) -> Result<User> {
        let linked: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM parent_links WHERE parent_id = $1 AND pupil_id = $2",
            )
            .bind(parent_id).bind(pupil_id).fetch_one(pool).await?
        });
        if linked == 0 {
            return Err(StoreError::NotFound);
        }
        self.store.accounts().user(pupil_id).await
    }
}
