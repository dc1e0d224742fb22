//! [`ReceiveWrites`] for one engine's connection.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::Conn;
use crate::learning::answers::{AnswerToRecord, AnswerWrites, Moment};
use crate::learning::watch_writes::{WatchToRecord, WatchWrites};
use crate::sync::batch::{AccountEdit, Ack, Batch};
use crate::sync::receive::{ReceiveWrites, Received, Sender};
use crate::sync::set_aside::{Aside, People};
use crate::sync::{for_update, SyncRefusal};
use crate::{Result, StoreError};

/// Keys per checking statement: well under either engine's bind limit.
const KEYS_PER_STATEMENT: usize = 500;

impl ReceiveWrites for Conn {
    async fn apply_batch(
        &mut self,
        node: Sender,
        batch: &Batch,
        answers: &[AnswerToRecord<'_>],
        unfit: &HashSet<Uuid>,
        watches: &[WatchToRecord<'_>],
        moment: Moment,
    ) -> Result<Received> {
        let received = moment.at;
        let sql = format!(
            "SELECT revoked_at FROM school_nodes WHERE id = $1{}",
            for_update(self)
        );
        let revoked: Option<DateTime<Utc>> = sqlx::query_scalar(&sql)
            .bind(node.id)
            .fetch_one(&mut *self)
            .await?;
        if revoked.is_some() {
            return Err(StoreError::SyncRefused(SyncRefusal::RevokedNode));
        }
        let applied: Option<String> = sqlx::query_scalar(
            "SELECT ack FROM sync_received_batches WHERE batch_id = $1 AND node_id = $2",
        )
        .bind(batch.batch_id)
        .bind(node.id)
        .fetch_optional(&mut *self)
        .await?;
        if let Some(ack) = applied {
            let ack = serde_json::from_str(&ack)
                .map_err(|e| StoreError::Corrupt(format!("recorded ack: {e}")))?;
            return Ok(Received {
                ack,
                applied_before: true,
            });
        }
        let people = people(self, node.school_id, batch).await?;
        let aside = people.set_aside(batch, unfit)?;
        record_set_aside(self, node.id, &aside, received).await?;

        let answers: Vec<AnswerToRecord<'_>> = answers
            .iter()
            .filter(|(a, _)| people.takes_answer(a, unfit))
            .cloned()
            .collect();
        let watches: Vec<WatchToRecord<'_>> = watches
            .iter()
            .filter(|(w, _)| people.takes_event(w.user_id))
            .cloned()
            .collect();
        let shown: Vec<(Uuid, Uuid)> = answers.iter().map(|(a, _)| (a.user_id, a.item_id)).collect();
        self.record_shown(&shown, received).await?;
        let answers = self.submit_answers(&answers, moment).await?;
        let watches = self.record_watches(&watches, received).await?;
        let mut accounts_applied = 0;
        for edit in batch.accounts.iter().filter(|e| people.takes_edit(e.user_id)) {
            if apply_account_edit(self, node.id, edit, received).await? {
                accounts_applied += 1;
            }
        }
        let ack = Ack {
            batch_id: batch.batch_id,
            from: batch.from,
            cursor: batch.to,
            new_answers: answers.len() as u64,
            new_watches: watches.len() as u64,
            accounts_applied,
            set_aside: aside.len() as u64,
        };
        let json = serde_json::to_string(&ack)
            .map_err(|e| StoreError::Corrupt(format!("ack not serialisable: {e}")))?;
        sqlx::query(
            "INSERT INTO sync_received_batches (batch_id, node_id, ack, received_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(batch.batch_id)
        .bind(node.id)
        .bind(&json)
        .bind(received)
        .execute(&mut *self)
        .await?;
        sqlx::query(
            "UPDATE school_nodes SET last_contact_at = $2, last_pack_id = $3, last_backlog = $4,
                    last_app_version = $5
             WHERE id = $1",
        )
        .bind(node.id)
        .bind(received)
        .bind(&batch.health.pack_id)
        .bind(batch.health.backlog)
        .bind(&batch.health.app_version)
        .execute(&mut *self)
        .await?;
        Ok(Received {
            ack,
            applied_before: false,
        })
    }
}

/// The people the batch is about, sorted inside the receiving transaction (a grant revoked
/// meanwhile counts): those holding a grant in the node's school, and among the accounts it
/// edits, those holding a grant outside it too (another school's, a national or a regional
/// one).
async fn people(conn: &mut Conn, school: Uuid, batch: &Batch) -> Result<People> {
    let mut about: Vec<Uuid> = batch
        .answers
        .iter()
        .map(|a| a.user_id)
        .chain(batch.watches.iter().map(|w| w.user_id))
        .chain(batch.accounts.iter().map(|a| a.user_id))
        .collect();
    about.sort_unstable();
    about.dedup();
    let of_school = grant_holders(conn, Where::InSchool, school, &about).await?;
    let edited: Vec<Uuid> = batch.accounts.iter().map(|a| a.user_id).collect();
    let beyond_school = grant_holders(conn, Where::BeyondSchool, school, &edited).await?;
    Ok(People {
        of_school,
        beyond_school,
    })
}

/// Where a grant is, seen from a school.
#[derive(Clone, Copy)]
enum Where {
    InSchool,
    /// Another school's, or a national or regional grant (no school).
    BeyondSchool,
}

/// Which of `people` hold a grant `place` with respect to `school`.
async fn grant_holders(
    conn: &mut Conn,
    place: Where,
    school: Uuid,
    people: &[Uuid],
) -> Result<HashSet<Uuid>> {
    let test = match place {
        Where::InSchool => "school_id = ",
        Where::BeyondSchool => "(school_id IS NULL OR school_id <> ",
    };
    let mut found = HashSet::with_capacity(people.len());
    for chunk in people.chunks(KEYS_PER_STATEMENT) {
        let mut q = sqlx::QueryBuilder::new("SELECT DISTINCT user_id FROM role_grants WHERE ");
        q.push(test).push_bind(school);
        if let Where::BeyondSchool = place {
            q.push(")");
        }
        q.push(" AND user_id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        found.extend(q.build_query_scalar::<Uuid>().fetch_all(&mut *conn).await?);
    }
    Ok(found)
}

/// Keeps what was set aside, once: the same event or edit sent again (in a batch made anew
/// after a lost acknowledgement) is already there.
async fn record_set_aside(
    conn: &mut Conn,
    node: Uuid,
    aside: &[Aside],
    received: DateTime<Utc>,
) -> Result<()> {
    for a in aside {
        sqlx::query(
            "INSERT INTO sync_set_aside
               (node_id, kind, item_id, person_id, occurred_at, reason, payload, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (node_id, kind, item_id, occurred_at) DO NOTHING",
        )
        .bind(node)
        .bind(a.kind)
        .bind(a.item_id)
        .bind(a.person_id)
        .bind(a.occurred_at)
        .bind(a.reason.code())
        .bind(&a.payload)
        .bind(received)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The account fields a node may change, as the audit keeps the losing side.
#[derive(Serialize, sqlx::FromRow, PartialEq)]
struct AccountFields {
    password_hash: String,
    must_change_password: bool,
    locale: Option<String>,
}

/// Applies one account edit if it is later than the platform's row; whichever side loses
/// a real difference is kept in `account_edit_conflicts`. Returns whether the row changed.
async fn apply_account_edit(
    conn: &mut Conn,
    node: Uuid,
    edit: &AccountEdit,
    received: DateTime<Utc>,
) -> Result<bool> {
    #[derive(sqlx::FromRow)]
    struct Current {
        #[sqlx(flatten)]
        fields: AccountFields,
        updated_at: DateTime<Utc>,
    }
    let sql = format!(
        "SELECT password_hash, must_change_password, locale, updated_at FROM users WHERE id = $1{}",
        for_update(conn)
    );
    let current: Current = sqlx::query_as(&sql).bind(edit.user_id).fetch_one(&mut *conn).await?;
    // A node's clock is its own: an edit dated after its arrival counts as made on arrival,
    // so a node with a clock far ahead cannot win over every later change made here.
    let edited_at = edit.edited_at.min(received);
    let theirs = AccountFields {
        password_hash: edit.password_hash.clone(),
        must_change_password: edit.must_change_password,
        locale: edit.locale.clone(),
    };
    if current.updated_at == edited_at || current.fields == theirs {
        return Ok(false);
    }
    let node_wins = edited_at > current.updated_at;
    let (kept, lost, lost_at, kept_at) = if node_wins {
        ("node", &current.fields, current.updated_at, edited_at)
    } else {
        ("platform", &theirs, edited_at, current.updated_at)
    };
    let lost = serde_json::to_string(lost)
        .map_err(|e| StoreError::Corrupt(format!("account fields: {e}")))?;
    sqlx::query(
        "INSERT INTO account_edit_conflicts
           (id, user_id, node_id, kept, lost, lost_edited_at, kept_edited_at, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (user_id, kept, lost_edited_at, kept_edited_at) DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(edit.user_id)
    .bind(node)
    .bind(kept)
    .bind(&lost)
    .bind(lost_at)
    .bind(kept_at)
    .bind(received)
    .execute(&mut *conn)
    .await?;
    if node_wins {
        // A password changed elsewhere ends the sessions opened with the old one, as a
        // change made on the platform does.
        if theirs.password_hash != current.fields.password_hash {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(edit.user_id)
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query(
            "UPDATE users SET password_hash = $2, must_change_password = $3, locale = $4,
                    updated_at = $5
             WHERE id = $1",
        )
        .bind(edit.user_id)
        .bind(&theirs.password_hash)
        .bind(theirs.must_change_password)
        .bind(&theirs.locale)
        .bind(edited_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(node_wins)
}
