//! Packs the platform serves to school nodes over HTTP (`published_packs`), and the check of
//! a node's signed request for them.
//!
//! A pack built for a school carries that school's accounts (password hashes): it is
//! listed and served to that school's nodes only. A pack built for no school carries content
//! only and goes to every node. The files stay in the platform's packs folder; the row says
//! whom a pack is for, and only packs with a row are served.
//!
//! A GET has no body to sign: the node signs the line [`request_line`] (method, path and
//! the Unix time it sends in a header), and a line more than [`MAX_CLOCK_SKEW`] from the
//! platform's clock is refused, so a captured request cannot be replayed later.

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use uuid::Uuid;

use super::batch::NodeIdentity;
use super::{NodeSync, SyncRefusal};
use crate::{BeginWrite, Result, StoreError};

/// Largest gap between a request's time and the platform's clock, in seconds.
pub const MAX_CLOCK_SKEW: i64 = 300;

/// A pack the platform publishes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct PublishedPack {
    pub pack_id: Uuid,
    /// The school it was built for (its accounts inside), or none for content only.
    pub school_id: Option<Uuid>,
    pub built_at: DateTime<Utc>,
    /// The pack a delta was built over (the node must have it installed).
    pub base_pack_id: Option<Uuid>,
    /// The size of the pack's files together.
    pub total_bytes: i64,
    pub published_at: DateTime<Utc>,
}

/// A pack to publish, as read from its verified manifest.
#[derive(Debug, Clone)]
pub struct NewPublishedPack {
    pub pack_id: Uuid,
    pub school_id: Option<Uuid>,
    pub built_at: DateTime<Utc>,
    pub base_pack_id: Option<Uuid>,
    pub total_bytes: u64,
}

/// A node whose signed request checked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestingNode {
    pub id: Uuid,
    pub school_id: Uuid,
}

/// The line a node signs for a request without a body: `GET /sync/packs 1764900000`.
pub fn request_line(method: &str, path: &str, unix_time: i64) -> String {
    format!("{method} {path} {unix_time}")
}

impl NodeIdentity {
    /// Signs [`request_line`] for `method`, `path` and `unix_time` as this node.
    pub fn sign_request(&self, method: &str, path: &str, unix_time: i64) -> [u8; 64] {
        self.key
            .sign(request_line(method, path, unix_time).as_bytes())
            .to_bytes()
    }
}

const PACK_COLS: &str = "pack_id, school_id, built_at, base_pack_id, total_bytes, published_at";

impl NodeSync<'_> {
    /// Records a pack as published. Publishing the same pack again keeps the first row
    /// (a rerun after a crash); an unknown school is [`StoreError::NotFound`].
    pub async fn publish_pack(&self, pack: &NewPublishedPack) -> Result<PublishedPack> {
        let total = i64::try_from(pack.total_bytes)
            .map_err(|_| StoreError::Corrupt("pack size out of range".into()))?;
        let now = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(school) = pack.school_id {
                let found: Option<Uuid> = sqlx::query_scalar("SELECT id FROM schools WHERE id = $1")
                    .bind(school).fetch_optional(&mut *tx).await?;
                found.ok_or(StoreError::NotFound)?;
            }
            sqlx::query(
                "INSERT INTO published_packs (pack_id, school_id, built_at, base_pack_id, total_bytes, published_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (pack_id) DO NOTHING",
            )
            .bind(pack.pack_id).bind(pack.school_id).bind(pack.built_at)
            .bind(pack.base_pack_id).bind(total).bind(now)
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        let sql = format!("SELECT {PACK_COLS} FROM published_packs WHERE pack_id = $1");
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, PublishedPack>(&sql).bind(pack.pack_id).fetch_one(pool).await?
        }))
    }

    /// Checks a node's signature over [`request_line`]: an unknown node or a bad signature
    /// is refused ([`SyncRefusal::UnknownNode`], [`SyncRefusal::BadSignature`]), so is a
    /// revoked node ([`SyncRefusal::RevokedNode`]) and a time too far from the platform's
    /// clock ([`SyncRefusal::StaleRequest`]), all as [`StoreError::SyncRefused`].
    pub async fn check_request(
        &self,
        node_id: Uuid,
        (method, path, unix_time): (&str, &str, i64),
        signature: &[u8; 64],
    ) -> Result<RequestingNode> {
        let refused = StoreError::SyncRefused;
        let node = self.registered_key(node_id).await?;
        let key: [u8; 32] = node
            .public_key
            .try_into()
            .map_err(|_| refused(SyncRefusal::BadSignature))?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| refused(SyncRefusal::BadSignature))?;
        key.verify(
            request_line(method, path, unix_time).as_bytes(),
            &Signature::from_bytes(signature),
        )
        .map_err(|_| refused(SyncRefusal::BadSignature))?;
        // After the signature: an unsigned request learns nothing of the node's state.
        if node.revoked_at.is_some() {
            return Err(refused(SyncRefusal::RevokedNode));
        }
        let skew = self.store.now().timestamp().abs_diff(unix_time);
        if skew > MAX_CLOCK_SKEW.unsigned_abs() {
            return Err(refused(SyncRefusal::StaleRequest));
        }
        Ok(RequestingNode {
            id: node_id,
            school_id: node.school_id,
        })
    }

    /// The packs `node` may download, the newest build first: its school's and those built
    /// for no school.
    pub async fn packs_for(&self, node: &RequestingNode) -> Result<Vec<PublishedPack>> {
        let sql = format!(
            "SELECT {PACK_COLS} FROM published_packs WHERE school_id IS NULL OR school_id = $1
             ORDER BY built_at DESC, pack_id DESC"
        );
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, PublishedPack>(&sql).bind(node.school_id).fetch_all(pool).await?
        }))
    }

    /// One pack `node` may download; [`StoreError::NotFound`] when there is no such pack or
    /// it was built for another school (the two are not told apart).
    pub async fn pack_for(&self, node: &RequestingNode, pack_id: Uuid) -> Result<PublishedPack> {
        let sql = format!(
            "SELECT {PACK_COLS} FROM published_packs
             WHERE pack_id = $1 AND (school_id IS NULL OR school_id = $2)"
        );
        let found: Option<PublishedPack> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(pack_id).bind(node.school_id).fetch_optional(pool).await?
        });
        found.ok_or(StoreError::NotFound)
    }
}
