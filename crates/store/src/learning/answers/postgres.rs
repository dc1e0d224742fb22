//! What recording answers does differently on PostgreSQL.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::learning::answers::AnswerToRecord;
use crate::learning::exercises::AnswerEvent;
use crate::Result;

/// Inserts the answers in one statement, its columns sent as arrays, which spares the
/// per-row bind overhead of a multi-row VALUES list; returns the ids that were new.
pub(super) async fn insert_answers(
    conn: &mut Conn,
    rows: &[AnswerToRecord<'_>],
    received: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let ids = |f: fn(&AnswerEvent) -> Uuid| rows.iter().map(|(e, _)| f(e)).collect::<Vec<_>>();
    let inserted: Vec<Uuid> = sqlx::query_scalar(
        "INSERT INTO learner_events (id, user_id, kind, set_id, item_id, score, correct,
           payload, occurred_at, received_at)
         SELECT id, user_id, 'answer', set_id, item_id, score, correct, payload, occurred_at, $9
         FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::float8[],
                     $6::bool[], $7::text[], $8::timestamptz[])
           AS t(id, user_id, set_id, item_id, score, correct, payload, occurred_at)
         ON CONFLICT (id) DO NOTHING
         RETURNING id",
    )
    .bind(ids(|e| e.id))
    .bind(ids(|e| e.user_id))
    .bind(ids(|e| e.set_id))
    .bind(ids(|e| e.item_id))
    .bind(
        rows.iter()
            .map(|(e, _)| e.correction.score)
            .collect::<Vec<_>>(),
    )
    .bind(
        rows.iter()
            .map(|(e, _)| e.correction.correct)
            .collect::<Vec<_>>(),
    )
    .bind(rows.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>())
    .bind(rows.iter().map(|(e, _)| e.occurred_at).collect::<Vec<_>>())
    .bind(received)
    .fetch_all(conn)
    .await?;
    Ok(inserted)
}
