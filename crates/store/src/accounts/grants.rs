//! Grants written inside a caller's transaction: creating an account, importing a class
//! list and an admin's grant form all add roles this way.

use chrono::{DateTime, Utc};
use lawha_core::{Role, Scope};
use uuid::Uuid;

use crate::Result;

/// Grant writes, implemented for each engine's connection (see the crate doc).
pub(crate) trait GrantWrites {
    /// Grants `role` within `scope` to `user`; nothing happens when they hold it already.
    async fn insert_grant(
        &mut self,
        user: Uuid,
        role: Role,
        scope: &Scope,
        at: DateTime<Utc>,
    ) -> Result<()>;
}

compile_per_engine!("grants");
