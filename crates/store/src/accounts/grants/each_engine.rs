//! [`GrantWrites`] for one engine's connection.

use chrono::{DateTime, Utc};
use lawha_core::{new_id, Role, Scope};
use uuid::Uuid;

use super::Conn;
use crate::accounts::grants::GrantWrites;
use crate::Result;

impl GrantWrites for Conn {
    async fn insert_grant(
        &mut self,
        user: Uuid,
        role: Role,
        scope: &Scope,
        at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO role_grants (id, user_id, role, scope_key, region_id, school_id,
               class_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (user_id, role, scope_key) DO NOTHING",
        )
        .bind(new_id())
        .bind(user)
        .bind(role.as_str())
        .bind(scope.key().to_string())
        .bind(scope.region())
        .bind(scope.school())
        .bind(scope.class())
        .bind(at)
        .execute(self)
        .await?;
        Ok(())
    }
}
