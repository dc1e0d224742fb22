//! [`ItemWrites`] for one engine's connection.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::catalog::item_writes::{ItemBody, ItemWrites};
use crate::Result;

impl ItemWrites for Conn {
    async fn insert_items(
        &mut self,
        set: Uuid,
        first_position: i32,
        items: &[ItemBody],
        at: DateTime<Utc>,
    ) -> Result<()> {
        for (position, (id, kind, body)) in (first_position..).zip(items) {
            sqlx::query(
                "INSERT INTO exercise_items (id, set_id, position, kind, body, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(set)
            .bind(position)
            .bind(*kind)
            .bind(body)
            .bind(at)
            .execute(&mut *self)
            .await?;
        }
        Ok(())
    }
}
