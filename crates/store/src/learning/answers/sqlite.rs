//! What recording answers does differently on SQLite.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::Conn;
use crate::learning::answers::AnswerToRecord;
use crate::Result;

/// Ten values per row, so a thousand rows stay well under SQLite's bind limit.
const ROWS_PER_STATEMENT: usize = 1000;

/// Inserts the answers a thousand rows per statement; returns the ids that were new.
pub(super) async fn insert_answers(
    conn: &mut Conn,
    rows: &[AnswerToRecord<'_>],
    received: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let mut inserted: Vec<Uuid> = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO learner_events (id, user_id, kind, set_id, item_id, score, correct,
               payload, occurred_at, received_at) ",
        );
        q.push_values(chunk, |mut row, (event, payload)| {
            row.push_bind(event.id)
                .push_bind(event.user_id)
                .push_bind("answer")
                .push_bind(event.set_id)
                .push_bind(event.item_id)
                .push_bind(event.correction.score)
                .push_bind(event.correction.correct)
                .push_bind(payload.as_str())
                .push_bind(event.occurred_at)
                .push_bind(received);
        });
        q.push(" ON CONFLICT (id) DO NOTHING RETURNING id");
        inserted.extend(q.build_query_scalar::<Uuid>().fetch_all(&mut *conn).await?);
    }
    Ok(inserted)
}
