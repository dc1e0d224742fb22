//! The locking reads of [`AccountGuard`], for one engine's connection (`super::Conn`).

use lawha_core::Scope;
use uuid::Uuid;

use super::Conn;
use crate::accounts::guard::{scopes, AccountGuard, Login, ScopeIds, GRANT_SCOPES};
use crate::{Result, RowLocks};

impl AccountGuard for Conn {
    async fn lock_by_login(&mut self, login: Login, value: &str) -> Result<Option<Uuid>> {
        let sql = format!(
            "SELECT id FROM users WHERE {} = $1{}",
            login.column(),
            Conn::FOR_UPDATE
        );
        Ok(sqlx::query_scalar(&sql)
            .bind(value)
            .fetch_optional(self)
            .await?)
    }

    async fn lock_by_id(&mut self, id: Uuid) -> Result<bool> {
        let sql = format!("SELECT id FROM users WHERE id = $1{}", Conn::FOR_UPDATE);
        let found: Option<Uuid> = sqlx::query_scalar(&sql)
            .bind(id)
            .fetch_optional(self)
            .await?;
        Ok(found.is_some())
    }

    async fn grant_scopes(&mut self, id: Uuid) -> Result<Vec<Scope>> {
        let rows: Vec<ScopeIds> = sqlx::query_as(GRANT_SCOPES)
            .bind(id)
            .fetch_all(self)
            .await?;
        Ok(scopes(rows))
    }
}
