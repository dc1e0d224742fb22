//! What the platform sets aside from a node's batch instead of applying it
//! (`sync_set_aside`): an event about a person who holds no grant in the node's school — a
//! pupil who moved school after answering on the node —, an answer to an item the platform
//! no longer has in that form (removed, or changed so that the response no longer fits),
//! and an account edit the node may not make (an account the platform does not place in
//! the school, or one whose rights reach beyond it). Refusing the whole batch would stop the node's queue for good: every
//! later batch would carry the same event again. So the rest is applied, the batch is
//! acknowledged, and what was set aside is kept, once however often it is sent, and counted
//! on the node's admin page and in `lawha sync nodes`.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::batch::Batch;
use super::NodeSync;
use crate::learning::exercises::AnswerEvent;
use crate::{Result, StoreError};

/// Why something was set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SetAsideReason {
    /// About a person who holds no grant in the node's school (or whom the platform does
    /// not know).
    PersonOutsideSchool,
    /// An edit of an account that also holds a grant outside the node's school (another
    /// school's, national or regional): a node may change only the accounts a pack would
    /// carry to it, and such accounts never travel in a school's pack.
    AccountBeyondSchool,
    /// An answer to an item the platform does not have, or whose response the platform's
    /// item cannot take (the item was removed or changed after the node's pack was built).
    ItemNotOnPlatform,
}

impl SetAsideReason {
    /// The stable code stored in `sync_set_aside.reason`.
    pub fn code(self) -> &'static str {
        match self {
            SetAsideReason::PersonOutsideSchool => "person-outside-school",
            SetAsideReason::AccountBeyondSchool => "account-beyond-school",
            SetAsideReason::ItemNotOnPlatform => "item-not-on-platform",
        }
    }

    fn parse(code: &str) -> Option<SetAsideReason> {
        [
            SetAsideReason::PersonOutsideSchool,
            SetAsideReason::AccountBeyondSchool,
            SetAsideReason::ItemNotOnPlatform,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// One event or edit set aside, as it is recorded.
#[derive(Debug, Clone)]
pub(crate) struct Aside {
    /// `answer`, `watch` or `account`.
    pub(crate) kind: &'static str,
    /// The event's id, or the edited account's.
    pub(crate) item_id: Uuid,
    pub(crate) person_id: Uuid,
    /// When the event happened or the edit was made: with the id, what makes it one.
    pub(crate) occurred_at: DateTime<Utc>,
    pub(crate) reason: SetAsideReason,
    /// The event or edit as sent, as JSON (an edit without its password hash).
    pub(crate) payload: String,
}

/// An account edit as kept aside: never its password hash, which must not be set from the
/// node and so is kept nowhere it could be applied from.
#[derive(Serialize)]
struct EditKept<'a> {
    user_id: Uuid,
    must_change_password: bool,
    locale: Option<&'a str>,
    edited_at: DateTime<Utc>,
}

/// Which people a batch may touch: those holding a grant in the node's school, and among
/// them those whose accounts hold one beyond it too.
pub(crate) struct People {
    pub(crate) of_school: HashSet<Uuid>,
    pub(crate) beyond_school: HashSet<Uuid>,
}

impl People {
    /// Whether an event about `person` is applied.
    pub(crate) fn takes_event(&self, person: Uuid) -> bool {
        self.of_school.contains(&person)
    }

    /// Why an edit of `account` is set aside, if it is.
    fn refuses_edit(&self, account: Uuid) -> Option<SetAsideReason> {
        if !self.of_school.contains(&account) {
            Some(SetAsideReason::PersonOutsideSchool)
        } else if self.beyond_school.contains(&account) {
            Some(SetAsideReason::AccountBeyondSchool)
        } else {
            None
        }
    }

    /// Whether an edit of `account` is applied.
    pub(crate) fn takes_edit(&self, account: Uuid) -> bool {
        self.refuses_edit(account).is_none()
    }

    /// Why answer `a` is set aside, if it is: `unfit` holds the answers whose item the
    /// platform lacks or cannot take their response.
    fn refuses_answer(&self, a: &AnswerEvent, unfit: &HashSet<Uuid>) -> Option<SetAsideReason> {
        if !self.takes_event(a.user_id) {
            Some(SetAsideReason::PersonOutsideSchool)
        } else if unfit.contains(&a.id) {
            Some(SetAsideReason::ItemNotOnPlatform)
        } else {
            None
        }
    }

    /// Whether answer `a` is applied (see [`People::set_aside`] for `unfit`).
    pub(crate) fn takes_answer(&self, a: &AnswerEvent, unfit: &HashSet<Uuid>) -> bool {
        self.refuses_answer(a, unfit).is_none()
    }

    /// What of `batch` is set aside: its answers, then its watch updates, then its edits.
    /// `unfit` holds the answers whose item the platform lacks or cannot take their response.
    pub(crate) fn set_aside(&self, batch: &Batch, unfit: &HashSet<Uuid>) -> Result<Vec<Aside>> {
        let outside = SetAsideReason::PersonOutsideSchool;
        let mut aside = Vec::new();
        for a in &batch.answers {
            let Some(reason) = self.refuses_answer(a, unfit) else {
                continue;
            };
            aside.push(Aside {
                kind: "answer",
                item_id: a.id,
                person_id: a.user_id,
                occurred_at: a.occurred_at,
                reason,
                payload: json(a)?,
            });
        }
        for w in batch
            .watches
            .iter()
            .filter(|w| !self.takes_event(w.user_id))
        {
            aside.push(Aside {
                kind: "watch",
                item_id: w.id,
                person_id: w.user_id,
                occurred_at: w.occurred_at,
                reason: outside,
                payload: json(w)?,
            });
        }
        for edit in &batch.accounts {
            let Some(reason) = self.refuses_edit(edit.user_id) else {
                continue;
            };
            let kept = EditKept {
                user_id: edit.user_id,
                must_change_password: edit.must_change_password,
                locale: edit.locale.as_deref(),
                edited_at: edit.edited_at,
            };
            aside.push(Aside {
                kind: "account",
                item_id: edit.user_id,
                person_id: edit.user_id,
                occurred_at: edit.edited_at,
                reason,
                payload: json(&kept)?,
            });
        }
        Ok(aside)
    }
}

/// `value` as the JSON kept in `payload`.
fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("set-aside payload: {e}")))
}

/// Something set aside, as the platform lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub node_id: Uuid,
    /// `answer`, `watch` or `account`.
    pub kind: String,
    /// The event's id, or the edited account's.
    pub item_id: Uuid,
    pub person_id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub reason: SetAsideReason,
    pub recorded_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct SetAsideRow {
    node_id: Uuid,
    kind: String,
    item_id: Uuid,
    person_id: Uuid,
    occurred_at: DateTime<Utc>,
    reason: String,
    recorded_at: DateTime<Utc>,
}

impl NodeSync<'_> {
    /// What was set aside from `node`'s batches, oldest first.
    pub async fn set_aside(&self, node: Uuid) -> Result<Vec<SetAside>> {
        let rows: Vec<SetAsideRow> = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT node_id, kind, item_id, person_id, occurred_at, reason, recorded_at
                 FROM sync_set_aside WHERE node_id = $1
                 ORDER BY recorded_at, occurred_at, item_id",
            )
            .bind(node).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                let reason = SetAsideReason::parse(&r.reason)
                    .ok_or_else(|| StoreError::Corrupt(format!("set-aside reason {}", r.reason)))?;
                Ok(SetAside {
                    node_id: r.node_id,
                    kind: r.kind,
                    item_id: r.item_id,
                    person_id: r.person_id,
                    occurred_at: r.occurred_at,
                    reason,
                    recorded_at: r.recorded_at,
                })
            })
            .collect()
    }
}
