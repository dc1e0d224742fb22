//! [`WatchWrites`] for one engine's connection.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::learning::watch_writes::{WatchToRecord, WatchWrites};
use crate::rollups::queue::RollupQueue;
use crate::Result;

/// Seven binds per event, five per view: well under either engine's limit.
const ROWS: usize = 500;

impl WatchWrites for Conn {
    async fn record_watches(
        &mut self,
        rows: &[WatchToRecord<'_>],
        received: DateTime<Utc>,
    ) -> Result<Vec<Uuid>> {
        let mut inserted: Vec<Uuid> = Vec::new();
        for chunk in rows.chunks(ROWS) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO learner_events (id, user_id, kind, capsule_id, payload, occurred_at, received_at) ",
            );
            q.push_values(chunk, |mut r, (e, payload)| {
                r.push_bind(e.id)
                    .push_bind(e.user_id)
                    .push_bind("watch")
                    .push_bind(e.capsule_id)
                    .push_bind(payload.as_str())
                    .push_bind(e.occurred_at)
                    .push_bind(received);
            });
            q.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
            inserted.extend(q.build_query_scalar::<Uuid>().fetch_all(&mut *self).await?);
        }
        // The views, one row per (pupil, capsule) of the batch: the latest position and
        // the highest share (one statement may not update a row twice).
        let new: HashSet<Uuid> = inserted.iter().copied().collect();
        let mut views: BTreeMap<(Uuid, Uuid), (i64, f64, DateTime<Utc>)> = BTreeMap::new();
        for (e, _) in rows.iter().filter(|(e, _)| new.contains(&e.id)) {
            let v = views.entry((e.user_id, e.capsule_id)).or_insert((
                e.position_ms,
                e.watched_pct,
                e.occurred_at,
            ));
            if e.occurred_at >= v.2 {
                (v.0, v.2) = (e.position_ms, e.occurred_at);
            }
            v.1 = v.1.max(e.watched_pct);
        }
        let views: Vec<_> = views.into_iter().collect();
        for chunk in views.chunks(ROWS) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO capsule_views (user_id, capsule_id, position_ms, watched_pct, updated_at) ",
            );
            q.push_values(chunk, |mut r, ((user, capsule), (position, pct, at))| {
                r.push_bind(*user)
                    .push_bind(*capsule)
                    .push_bind(*position)
                    .push_bind(*pct)
                    .push_bind(*at);
            });
            q.push(
                " ON CONFLICT (user_id, capsule_id) DO UPDATE SET
                   position_ms = CASE WHEN excluded.updated_at >= capsule_views.updated_at
                                      THEN excluded.position_ms ELSE capsule_views.position_ms END,
                   watched_pct = CASE WHEN excluded.watched_pct > capsule_views.watched_pct
                                      THEN excluded.watched_pct ELSE capsule_views.watched_pct END,
                   updated_at = CASE WHEN excluded.updated_at > capsule_views.updated_at
                                     THEN excluded.updated_at ELSE capsule_views.updated_at END",
            );
            q.build().execute(&mut *self).await?;
        }
        self.queue_rollups(&inserted, received).await?;
        Ok(inserted)
    }
}
