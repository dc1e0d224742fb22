//! Exercise items written inside a caller's transaction: a set and its items are created
//! together, and items appended to a set arrive all or none.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Result;

/// An item ready to store: its new id, kind name and JSON body.
pub(crate) type ItemBody = (Uuid, &'static str, String);

/// Item writes, implemented for each engine's connection (see the crate doc).
pub(crate) trait ItemWrites {
    /// Inserts `items` into `set`, at positions `first_position`, `first_position + 1`, ….
    async fn insert_items(
        &mut self,
        set: Uuid,
        first_position: i32,
        items: &[ItemBody],
        at: DateTime<Utc>,
    ) -> Result<()>;
}

compile_per_engine!("item_writes");
