//! Pupils enrolled per scope and level, materialised: the group sizes the privacy rule is
//! checked against and the base of participation rates. Enrolment changes through many
//! paths (admin screens, CSV imports), so rather than follow each, the rollup worker
//! rebuilds the table every few minutes from one grouped query.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::fold::Placement;
use super::Rollups;
use super::ROWS;
use crate::BeginWrite;
use crate::Result;

impl Rollups<'_> {
    /// Rebuilds `population` from the classes pupils and trainees are enrolled in.
    pub async fn refresh_population(&self) -> Result<usize> {
        let rows: Vec<(Uuid, Uuid, Uuid, String, i64)> = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT c.region_id, s.province_id, c.school_id,
                        COALESCE(c.level_code, c.programme_code) AS level, COUNT(DISTINCT g.user_id)
                 FROM role_grants g JOIN classes c ON c.id = g.class_id JOIN schools s ON s.id = c.school_id
                 WHERE g.role IN ('pupil', 'trainee')
                 GROUP BY c.region_id, s.province_id, c.school_id, COALESCE(c.level_code, c.programme_code)",
            )
            .fetch_all(pool).await?
        });
        let mut totals: BTreeMap<(String, String, String), i64> = BTreeMap::new();
        for (region, province, school, level, pupils) in rows {
            let place = Placement {
                region,
                province,
                school,
                level,
            };
            for (scope, parent) in place.scopes() {
                *totals
                    .entry((scope, parent, place.level.clone()))
                    .or_default() += pupils;
            }
        }
        let totals: Vec<_> = totals.into_iter().collect();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("DELETE FROM population").execute(&mut *tx).await?;
            for chunk in totals.chunks(ROWS) {
                let mut q = sqlx::QueryBuilder::new("INSERT INTO population (scope_key, parent_key, level_code, pupils) ");
                q.push_values(chunk, |mut r, ((scope, parent, level), n)| {
                    r.push_bind(scope.as_str()).push_bind(parent.as_str()).push_bind(level.as_str()).push_bind(*n);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(totals.len())
    }
}
