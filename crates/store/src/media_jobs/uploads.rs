//! Resumable uploads of large videos over poor links (the tus protocol's core: create with
//! a length, append at an offset, ask the offset after a cut). Each chunk's bytes go to a
//! part of their own in the media store (see `lawha_web`'s tus routes); rows hold the
//! progress and which part holds which bytes, so that a resumed upload continues where the
//! database says. The offset moves only from the value the chunk was sent at, in the
//! transaction that records its part: of chunks racing at one offset, one counts, and the
//! join reads that one's part.

use chrono::{DateTime, Utc};
use lawha_core::new_id;
use uuid::Uuid;

use super::MediaJobs;
use crate::{BeginWrite, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Upload {
    pub id: Uuid,
    pub user_id: Uuid,
    pub capsule_id: Uuid,
    pub file_name: String,
    pub total_bytes: i64,
    pub received_bytes: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Upload {
    pub fn is_complete(&self) -> bool {
        self.received_bytes == self.total_bytes
    }
}

/// An acknowledged chunk: bytes `from_byte..to_byte` of the file, kept at `part_key`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UploadPart {
    pub from_byte: i64,
    pub to_byte: i64,
    pub part_key: String,
}

const UPLOAD_COLS: &str =
    "id, user_id, capsule_id, file_name, total_bytes, received_bytes, created_at, updated_at";

impl MediaJobs<'_> {
    pub async fn create_upload(
        &self,
        user_id: Uuid,
        capsule_id: Uuid,
        file_name: &str,
        total_bytes: i64,
    ) -> Result<Upload> {
        if total_bytes <= 0 {
            return Err(StoreError::invalid(
                "length",
                lawha_core::validate::FieldError::new("empty-file"),
            ));
        }
        self.store.catalog().capsule(capsule_id).await?;
        let (id, at) = (new_id(), self.store.now());
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO uploads (id, user_id, capsule_id, file_name, total_bytes, received_bytes, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, 0, $6, $6)",
            )
            .bind(id).bind(user_id).bind(capsule_id).bind(file_name).bind(total_bytes).bind(at)
            .execute(pool).await?;
        });
        self.upload(id).await
    }

    pub async fn upload(&self, id: Uuid) -> Result<Upload> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Upload>(&format!("SELECT {UPLOAD_COLS} FROM uploads WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        }))
    }

    /// Moves an upload's offset from `from` to `to` and records `part`, the media-store key
    /// holding those bytes (`None` for an empty chunk), in one transaction; `false` when the
    /// upload was not at `from` (another request appended meanwhile): nothing changes.
    pub async fn advance_upload(
        &self,
        id: Uuid,
        from: i64,
        to: i64,
        part: Option<&str>,
    ) -> Result<bool> {
        if part.is_some() && to <= from {
            return Err(StoreError::invalid(
                "length",
                lawha_core::validate::FieldError::new("empty-file"),
            ));
        }
        let moved = on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let moved = sqlx::query(
                "UPDATE uploads SET received_bytes = $3, updated_at = $4
                 WHERE id = $1 AND received_bytes = $2 AND $3 <= total_bytes",
            )
            .bind(id).bind(from).bind(to).bind(self.store.now()).execute(&mut *tx).await?.rows_affected() == 1;
            if let (true, Some(key)) = (moved, part) {
                sqlx::query(
                    "INSERT INTO upload_parts (upload_id, from_byte, to_byte, part_key)
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id).bind(from).bind(to).bind(key).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            moved
        });
        Ok(moved)
    }

    /// The acknowledged parts of an upload, in byte order.
    pub async fn upload_parts(&self, id: Uuid) -> Result<Vec<UploadPart>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, UploadPart>(
                "SELECT from_byte, to_byte, part_key FROM upload_parts WHERE upload_id = $1
                 ORDER BY from_byte",
            )
            .bind(id).fetch_all(pool).await?
        }))
    }

    pub async fn delete_upload(&self, id: Uuid) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query("DELETE FROM uploads WHERE id = $1").bind(id).execute(pool).await?;
        });
        Ok(())
    }

    /// Uploads untouched since `before`: abandoned, their partial files can go.
    pub async fn stale_uploads(&self, before: DateTime<Utc>) -> Result<Vec<Upload>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Upload>(&format!("SELECT {UPLOAD_COLS} FROM uploads WHERE updated_at < $1"))
                .bind(before).fetch_all(pool).await?
        }))
    }
}
