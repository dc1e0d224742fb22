//! What planning an import reads: the schools its rows name (checked against the
//! importer's scopes) and the accounts, grants and links already stored.

use lawha_core::role::{can_administer, Grant};
use lawha_core::{Role, Scope};
use uuid::Uuid;

use super::{row_error, ImportPlan};
use crate::accounts::guard::Login;
use crate::accounts::Accounts;
use crate::{Result, School, Store, StoreError};

/// Schools looked up once per code, checked against the importer's scopes.
pub(super) struct Schools<'a> {
    pub(super) store: &'a Store,
    pub(super) grants: &'a [Grant],
    pub(super) seen: std::collections::HashMap<String, Option<School>>,
}

impl Schools<'_> {
    /// The school of `code` for row `row`, or `None` with the row's error noted in `plan`.
    pub(super) async fn get(
        &mut self,
        row: usize,
        code: &str,
        plan: &mut ImportPlan,
    ) -> Result<Option<School>> {
        if !self.seen.contains_key(code) {
            let school = match self.store.org().school_by_code(code).await {
                Ok(s) => Some(s),
                Err(StoreError::NotFound) => None,
                Err(e) => return Err(e),
            };
            self.seen.insert(code.to_string(), school);
        }
        let problem = match self.seen.get(code).cloned().flatten() {
            None => "unknown-school",
            Some(s) if !can_administer(self.grants, &s.scope()) => "school-out-of-scope",
            Some(s) if !s.active => "school-inactive",
            Some(s) => return Ok(Some(s)),
        };
        plan.errors
            .push(row_error(row, "school_code", problem, code));
        Ok(None)
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct Existing {
    pub(super) id: Uuid,
    pub(super) display_name: String,
    pub(super) locale: Option<String>,
}

impl Accounts<'_> {
    pub(super) async fn existing_user(
        &self,
        login: Login,
        value: &str,
    ) -> Result<Option<Existing>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Existing>(&format!(
                "SELECT id, display_name, locale FROM users WHERE {} = $1",
                login.column()
            ))
            .bind(value).fetch_optional(pool).await?
        }))
    }

    pub(super) async fn has_grant(&self, user: Uuid, role: Role, scope: &Scope) -> Result<bool> {
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM role_grants WHERE user_id = $1 AND role = $2 AND scope_key = $3")
                .bind(user).bind(role.as_str()).bind(scope.key().to_string()).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    pub(super) async fn is_parent_of(&self, parent: Uuid, pupil: Uuid) -> Result<bool> {
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM parent_links WHERE parent_id = $1 AND pupil_id = $2")
                .bind(parent).bind(pupil).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    pub(super) async fn taught_classes(&self, user: Uuid) -> Result<Vec<Uuid>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT class_id FROM class_teachers WHERE user_id = $1")
                .bind(user).fetch_all(pool).await?
        }))
    }
}
