//! Role grants of accounts: granting (by an admin, within their scopes), removing and
//! reading them.

use lawha_core::role::{can_grant, Grant};
use lawha_core::{Role, Scope};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::grants::GrantWrites;
use super::guard::lock_managed;
use super::Accounts;
use crate::rows::found;
use crate::BeginWrite;
use crate::{Result, StoreError, StoredGrant};

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: Uuid,
    role: String,
    region_id: Option<Uuid>,
    school_id: Option<Uuid>,
    class_id: Option<Uuid>,
}

impl GrantRow {
    /// Rebuilds the grant; rows with an unknown role (from a newer release) are skipped.
    fn into_grant(self) -> Option<StoredGrant> {
        let role = Role::parse(&self.role)?;
        Some(StoredGrant {
            id: self.id,
            role,
            scope: scope_of(self.region_id, self.school_id, self.class_id),
        })
    }
}

/// A grant's scope from its denormalised region, school and class columns.
pub(crate) fn scope_of(region: Option<Uuid>, school: Option<Uuid>, class: Option<Uuid>) -> Scope {
    match (region, school, class) {
        (Some(region), Some(school), Some(class)) => Scope::Class {
            region,
            school,
            class,
        },
        (Some(region), Some(school), None) => Scope::School { region, school },
        (Some(region), None, None) => Scope::Region { region },
        _ => Scope::National,
    }
}

impl Accounts<'_> {
    /// Grants a role within a scope (idempotent).
    pub async fn add_grant(&self, user_id: Uuid, grant: &Grant) -> Result<()> {
        on_db!(self.store, pool => {
            let mut conn = pool.acquire().await?;
            conn.insert_grant(user_id, grant.role, &grant.scope, self.store.now()).await?;
        });
        Ok(())
    }

    /// Grants a role on behalf of the admin holding `actor`: the grant must lie in their
    /// scopes ([`can_grant`]) and so must every grant the person already holds, else
    /// [`StoreError::NotFound`]. Otherwise a grant in the admin's school would bring an
    /// account of another school under their hand.
    pub async fn add_grant_as_admin(
        &self,
        actor: &[Grant],
        user_id: Uuid,
        grant: &Grant,
    ) -> Result<()> {
        if !can_grant(actor, grant) {
            return Err(StoreError::NotFound);
        }
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            lock_managed(&mut *tx, user_id, actor).await?;
            tx.insert_grant(user_id, grant.role, &grant.scope, self.store.now()).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Removes one grant of a person.
    pub async fn remove_grant(&self, user_id: Uuid, grant_id: Uuid) -> Result<()> {
        let changed = on_db!(self.store, pool => {
            sqlx::query("DELETE FROM role_grants WHERE id = $1 AND user_id = $2")
                .bind(grant_id).bind(user_id).execute(pool).await?.rows_affected()
        });
        found(changed)
    }

    /// A person's grants, widest role first.
    pub async fn grants(&self, user_id: Uuid) -> Result<Vec<StoredGrant>> {
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, GrantRow>(
                "SELECT id, role, region_id, school_id, class_id FROM role_grants
                 WHERE user_id = $1 ORDER BY role, scope_key",
            )
            .bind(user_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().filter_map(GrantRow::into_grant).collect())
    }

    /// The distinct roles each of the given people holds, for listings (one query).
    pub async fn roles_of(&self, user_ids: &[Uuid]) -> Result<Vec<(Uuid, Role)>> {
        if user_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(Uuid, String)> = on_db!(self.store, pool => {
            let mut q = QueryBuilder::new("SELECT DISTINCT user_id, role FROM role_grants WHERE user_id IN (");
            let mut ids = q.separated(", ");
            for id in user_ids {
                ids.push_bind(*id);
            }
            q.push(") ORDER BY role");
            q.build_query_as().fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(user, role)| Some((user, Role::parse(&role)?)))
            .collect())
    }
}
