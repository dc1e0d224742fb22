//! Loading and reading the national reference lists (regions, levels, subjects,
//! programmes). They are compiled into the binary and upserted on every migration, so a
//! new release's corrections reach existing databases.

use lawha_core::{new_id, reference};

use super::Org;
use crate::BeginWrite;
use crate::{Level, Region, Result};

impl Org<'_> {
    pub(crate) async fn load_reference_lists(&self) -> Result<()> {
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            for r in reference::regions() {
                sqlx::query(
                    "INSERT INTO regions (id, code, name_ar, name_fr) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (code) DO UPDATE SET name_ar = excluded.name_ar, name_fr = excluded.name_fr",
                )
                .bind(new_id()).bind(&r.code).bind(&r.name_ar).bind(&r.name_fr)
                .execute(&mut *tx).await?;
            }
            for (ordinal, l) in (0_i32..).zip(reference::levels()) {
                sqlx::query(
                    "INSERT INTO levels (code, cycle, ordinal, name_ar, name_fr) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (code) DO UPDATE SET cycle = excluded.cycle, ordinal = excluded.ordinal,
                       name_ar = excluded.name_ar, name_fr = excluded.name_fr",
                )
                .bind(&l.code).bind(&l.cycle).bind(ordinal).bind(&l.name_ar).bind(&l.name_fr)
                .execute(&mut *tx).await?;
            }
            for s in reference::subjects() {
                sqlx::query(
                    "INSERT INTO subjects (code, name_ar, name_fr) VALUES ($1, $2, $3)
                     ON CONFLICT (code) DO UPDATE SET name_ar = excluded.name_ar, name_fr = excluded.name_fr",
                )
                .bind(&s.code).bind(&s.name_ar).bind(&s.name_fr)
                .execute(&mut *tx).await?;
            }
            for p in reference::programmes() {
                sqlx::query(
                    "INSERT INTO programmes (code, kind, name_ar, name_fr) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (code) DO UPDATE SET kind = excluded.kind,
                       name_ar = excluded.name_ar, name_fr = excluded.name_fr",
                )
                .bind(&p.code).bind(&p.kind).bind(&p.name_ar).bind(&p.name_fr)
                .execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The 12 regions, by code.
    pub async fn regions(&self) -> Result<Vec<Region>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Region>("SELECT id, code, name_ar, name_fr FROM regions ORDER BY code")
                .fetch_all(pool).await?
        }))
    }

    pub async fn region(&self, id: uuid::Uuid) -> Result<Region> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Region>("SELECT id, code, name_ar, name_fr FROM regions WHERE id = $1")
                .bind(id).fetch_one(pool).await?
        }))
    }

    pub async fn region_by_code(&self, code: &str) -> Result<Region> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Region>("SELECT id, code, name_ar, name_fr FROM regions WHERE code = $1")
                .bind(code).fetch_one(pool).await?
        }))
    }

    /// School levels in curriculum order, then the programmes.
    pub async fn levels_and_programmes(&self) -> Result<Vec<Level>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Level>(
                "SELECT code, cycle, name_ar, name_fr FROM (
                   SELECT code, cycle, ordinal, name_ar, name_fr FROM levels
                   UNION ALL
                   SELECT code, kind AS cycle, 1000 AS ordinal, name_ar, name_fr FROM programmes
                 ) AS l ORDER BY ordinal, code",
            )
            .fetch_all(pool).await?
        }))
    }
}
