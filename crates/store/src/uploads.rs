//! Resumable uploads of large videos over poor links (the tus protocol's core: create with
//! a length, append at an offset, ask the offset after a cut). The bytes go to a file on
//! the node that received them (see `lawha_web::upload`); rows hold the progress so that a
//! resumed upload continues where the database says, and the offset check makes two
//! concurrent appends impossible.

use chrono::{DateTime, Utc};
use lawha_core::id::now;
use lawha_core::new_id;
use uuid::Uuid;

use crate::{Result, Store, StoreError};

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

const UPLOAD_COLS: &str =
    "id, user_id, capsule_id, file_name, total_bytes, received_bytes, created_at, updated_at";

impl Store {
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
        self.capsule(capsule_id).await?;
        let (id, at) = (new_id(), now());
        on_db!(self, pool => {
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
        Ok(on_db!(self, pool => {
            sqlx::query_as::<_, Upload>(&format!("SELECT {UPLOAD_COLS} FROM uploads WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        }))
    }

    /// Moves an upload's offset from `from` to `to`; `false` when it was not at `from`
    /// (another request appended meanwhile).
    pub async fn advance_upload(&self, id: Uuid, from: i64, to: i64) -> Result<bool> {
        let done = on_db!(self, pool => {
            sqlx::query(
                "UPDATE uploads SET received_bytes = $3, updated_at = $4
                 WHERE id = $1 AND received_bytes = $2 AND $3 <= total_bytes",
            )
            .bind(id).bind(from).bind(to).bind(now()).execute(pool).await?.rows_affected()
        });
        Ok(done == 1)
    }

    pub async fn delete_upload(&self, id: Uuid) -> Result<()> {
        on_db!(self, pool => {
            sqlx::query("DELETE FROM uploads WHERE id = $1").bind(id).execute(pool).await?;
        });
        Ok(())
    }

    /// Uploads untouched since `before`: abandoned, their partial files can go.
    pub async fn stale_uploads(&self, before: DateTime<Utc>) -> Result<Vec<Upload>> {
        Ok(on_db!(self, pool => {
            sqlx::query_as::<_, Upload>(&format!("SELECT {UPLOAD_COLS} FROM uploads WHERE updated_at < $1"))
                .bind(before).fetch_all(pool).await?
        }))
    }
}
