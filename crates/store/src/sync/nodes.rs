//! The registry of school nodes (`school_nodes`): each node belongs to one school and signs
//! what it sends with its own Ed25519 key, registered by an administrator whose scope holds
//! the school. A revoked node is refused from then on; its row stays, for the record.

use chrono::{DateTime, Utc};
use lawha_core::role::{can_administer, Grant};
use lawha_core::validate::FieldError;
use lawha_core::Scope;
use uuid::Uuid;

use super::{for_update, NodeSync, SyncRefusal};
use crate::scope_sql::push_scope;
use crate::{BeginWrite, Result, StoreError};

/// A registered node, as the platform knows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SchoolNode {
    pub id: Uuid,
    pub school_id: Uuid,
    pub name: String,
    /// The node's Ed25519 public key (32 bytes).
    pub public_key: Vec<u8>,
    pub registered_by: Uuid,
    pub registered_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// What the node last reported: its pack, its backlog of events, its version.
    pub last_pack_id: Option<String>,
    pub last_backlog: Option<i64>,
    pub last_app_version: Option<String>,
    /// Events and account edits of its batches set aside rather than applied (about people
    /// outside its school; see [`super::set_aside`]).
    pub set_aside: i64,
}

/// A node to register.
#[derive(Debug, Clone)]
pub struct NewNode<'a> {
    pub school_id: Uuid,
    pub name: &'a str,
    pub public_key: [u8; 32],
}

const NODE_COLS: &str =
    "n.id, n.school_id, n.name, n.public_key, n.registered_by, n.registered_at, \
     n.revoked_at, n.last_contact_at, n.last_pack_id, n.last_backlog, n.last_app_version, \
     (SELECT COUNT(*) FROM sync_set_aside a WHERE a.node_id = n.id) AS set_aside";

impl NodeSync<'_> {
    /// Registers a node of a school, by `actor` (`registered_by`) holding `grants`:
    /// [`StoreError::NotFound`] when the school is not inside their admin scopes (or does
    /// not exist), `Invalid` `name` when it is blank, `Taken` when the key is registered
    /// already. The scope is checked in the transaction that writes.
    pub async fn register_node(
        &self,
        actor: Uuid,
        grants: &[Grant],
        node: &NewNode<'_>,
    ) -> Result<SchoolNode> {
        let name = node.name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("name", FieldError::new("required")));
        }
        let id = Uuid::now_v7();
        let now = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let region: Option<Uuid> = sqlx::query_scalar("SELECT region_id FROM schools WHERE id = $1")
                .bind(node.school_id).fetch_optional(&mut *tx).await?;
            let school = Scope::School {
                region: region.ok_or(StoreError::NotFound)?,
                school: node.school_id,
            };
            if !can_administer(grants, &school) {
                return Err(StoreError::NotFound);
            }
            sqlx::query(
                "INSERT INTO school_nodes (id, school_id, name, public_key, registered_by, registered_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id).bind(node.school_id).bind(name).bind(node.public_key.as_slice())
            .bind(actor).bind(now)
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        self.node(id).await
    }

    /// Revokes a node, by an administrator whose scope holds its school (otherwise, or
    /// when there is no such node, [`StoreError::NotFound`]). Revoking twice keeps the
    /// first date.
    pub async fn revoke_node(&self, grants: &[Grant], id: Uuid) -> Result<()> {
        let now = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let sql = format!(
                "SELECT s.region_id, s.id FROM school_nodes n JOIN schools s ON s.id = n.school_id
                 WHERE n.id = $1{}",
                for_update(&*tx)
            );
            let place: Option<(Uuid, Uuid)> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut *tx).await?;
            let (region, school) = place.ok_or(StoreError::NotFound)?;
            if !can_administer(grants, &Scope::School { region, school }) {
                return Err(StoreError::NotFound);
            }
            sqlx::query("UPDATE school_nodes SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// One node.
    pub async fn node(&self, id: Uuid) -> Result<SchoolNode> {
        let sql = format!("SELECT {NODE_COLS} FROM school_nodes n WHERE n.id = $1");
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, SchoolNode>(&sql).bind(id).fetch_one(pool).await?
        }))
    }

    /// The nodes of the schools inside `scopes` (admin scopes), by school then name.
    pub async fn nodes_in(&self, scopes: &[Scope]) -> Result<Vec<SchoolNode>> {
        Ok(on_db!(self.store, pool => {
            let mut q = sqlx::QueryBuilder::new(format!(
                "SELECT {NODE_COLS} FROM school_nodes n JOIN schools s ON s.id = n.school_id WHERE "
            ));
            push_scope(&mut q, scopes, "s.region_id", "s.id");
            q.push(" ORDER BY s.code, n.name, n.id");
            q.build_query_as::<SchoolNode>().fetch_all(pool).await?
        }))
    }

    /// What a request from node `id` is checked against: its school, its key and whether it
    /// was revoked; an id nobody registered is [`SyncRefusal::UnknownNode`]. Each caller
    /// checks the signature and the revocation in the order its protocol needs.
    pub(crate) async fn registered_key(&self, id: Uuid) -> Result<NodeKey> {
        let node: Option<NodeKey> = on_db!(self.store, pool => {
            sqlx::query_as("SELECT school_id, public_key, revoked_at FROM school_nodes WHERE id = $1")
                .bind(id).fetch_optional(pool).await?
        });
        node.ok_or(StoreError::SyncRefused(SyncRefusal::UnknownNode))
    }
}

/// A registered node as requests from it are checked: [`NodeSync::registered_key`].
#[derive(sqlx::FromRow)]
pub(crate) struct NodeKey {
    pub(crate) school_id: Uuid,
    pub(crate) public_key: Vec<u8>,
    pub(crate) revoked_at: Option<DateTime<Utc>>,
}
