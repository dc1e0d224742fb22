//! Each pupil's revision schedule: one FSRS card per item answered ([`lawha_core::revision`]).
//!
//! Cards are derived from the answer events and updated in the same transaction that records
//! answers (`ReviewWrites::schedule_reviews`): answers newer than the card are applied on
//! top of it, and answers older than it — offline work synced late — make the card be
//! replayed from the item's whole history, so the order answers arrive in never changes the
//! schedule.

use chrono::{DateTime, Utc};
use lawha_core::revision::{Grade, Phase, ReviewCard, Scheduler};
use uuid::Uuid;

use super::Learning;
use crate::catalog::exercise_sets::{ItemRow, StoredItem};
use crate::sqlite_reads::query;
use crate::sqlite_reads::values::{optional_timestamp, Timestamp};
use crate::{Result, StoreError};

/// An answer as the scheduler sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answered {
    pub user_id: Uuid,
    pub item_id: Uuid,
    pub at: DateTime<Utc>,
    pub score: f64,
}

/// A card with the score of the answer that last moved it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheduled {
    pub card: ReviewCard,
    pub last_score: f64,
}

#[derive(sqlx::FromRow)]
pub(crate) struct CardRow {
    due_at: DateTime<Utc>,
    stability: f64,
    difficulty: f64,
    scheduled_days: i64,
    reps: i32,
    lapses: i32,
    phase: i16,
    last_review_at: DateTime<Utc>,
    last_score: f64,
}

/// A stored card with the pair it belongs to (a batched read).
#[derive(sqlx::FromRow)]
pub(crate) struct KeyedCardRow {
    pub user_id: Uuid,
    pub item_id: Uuid,
    #[sqlx(flatten)]
    pub card: CardRow,
    /// The mastery counting ([`crate::learning::counting`]).
    pub counted_score: Option<f64>,
    pub shown_at: Option<DateTime<Utc>>,
}

impl CardRow {
    pub(crate) fn into_card(self) -> Result<Scheduled> {
        let phase = Phase::from_code(self.phase)
            .ok_or_else(|| StoreError::Corrupt(format!("review card phase {}", self.phase)))?;
        Ok(Scheduled {
            card: ReviewCard {
                due_at: self.due_at,
                stability: self.stability,
                difficulty: self.difficulty,
                scheduled_days: self.scheduled_days,
                reps: self.reps,
                lapses: self.lapses,
                phase,
                last_review_at: self.last_review_at,
            },
            last_score: self.last_score,
        })
    }
}

/// Answers to one item as (time, score).
pub(crate) type History = Vec<(DateTime<Utc>, f64)>;

/// Answers grouped per (pupil, item), each group in time order.
pub(crate) fn by_pair(answers: &[Answered]) -> Vec<(Uuid, Uuid, History)> {
    let mut sorted = answers.to_vec();
    sorted.sort_by_key(|a| (a.user_id, a.item_id, a.at));
    let mut pairs: Vec<(Uuid, Uuid, History)> = Vec::new();
    for a in sorted {
        match pairs.last_mut() {
            Some((user, item, list)) if *user == a.user_id && *item == a.item_id => {
                list.push((a.at, a.score));
            }
            _ => pairs.push((a.user_id, a.item_id, vec![(a.at, a.score)])),
        }
    }
    pairs
}

/// `card` after the answers `new` (in time order); `None` when one of them is older than
/// the card's last review, and the history must be replayed instead.
pub(crate) fn apply(card: Option<&Scheduled>, new: &[(DateTime<Utc>, f64)]) -> Option<Scheduled> {
    if let (Some(card), Some((first, _))) = (card, new.first()) {
        if *first < card.card.last_review_at {
            return None;
        }
    }
    let scheduler = Scheduler::new();
    let mut current = card.cloned();
    for (at, score) in new {
        let next = scheduler.review(
            current.as_ref().map(|c| &c.card),
            Grade::of_score(*score),
            *at,
        );
        current = Some(Scheduled {
            card: next,
            last_score: *score,
        });
    }
    current
}

/// The card an item's whole answer history leads to.
pub(crate) fn replay(history: &[(DateTime<Utc>, f64)]) -> Option<Scheduled> {
    let mut sorted = history.to_vec();
    sorted.sort_by_key(|(at, _)| *at);
    apply(None, &sorted)
}

/// Why an item is offered for revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Its review is due.
    Due,
    /// It belongs to a lesson the pupil struggles with.
    WeakLesson,
    /// The pupil asked for more like another item.
    MoreLikeThis,
}

/// An item offered for revision.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionItem {
    pub item: StoredItem,
    pub lesson_id: Uuid,
    /// `None`: never answered.
    pub card: Option<Scheduled>,
    pub reason: Reason,
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    id: Uuid,
    set_id: Uuid,
    position: i32,
    body: String,
    lesson_id: Uuid,
    #[sqlx(flatten)]
    card: OptionalCard,
}

/// The card columns of a LEFT JOIN: all NULL when the pupil never answered the item.
#[derive(sqlx::FromRow)]
struct OptionalCard {
    due_at: Option<DateTime<Utc>>,
    stability: Option<f64>,
    difficulty: Option<f64>,
    scheduled_days: Option<i64>,
    reps: Option<i32>,
    lapses: Option<i32>,
    phase: Option<i16>,
    last_review_at: Option<DateTime<Utc>>,
    last_score: Option<f64>,
}

impl OptionalCard {
    fn into_card(self) -> Result<Option<Scheduled>> {
        let row = match self {
            OptionalCard {
                due_at: Some(due_at),
                stability: Some(stability),
                difficulty: Some(difficulty),
                scheduled_days: Some(scheduled_days),
                reps: Some(reps),
                lapses: Some(lapses),
                phase: Some(phase),
                last_review_at: Some(last_review_at),
                last_score: Some(last_score),
            } => CardRow {
                due_at,
                stability,
                difficulty,
                scheduled_days,
                reps,
                lapses,
                phase,
                last_review_at,
                last_score,
            },
            _ => return Ok(None),
        };
        row.into_card().map(Some)
    }
}

impl RevisionRow {
    /// A row of [`REVISION_COLUMNS`] read on SQLite's in-place path.
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<RevisionRow> {
        Ok(RevisionRow {
            id: row.get("id")?,
            set_id: row.get("set_id")?,
            position: row.get("position")?,
            body: row.get("body")?,
            lesson_id: row.get("lesson_id")?,
            card: OptionalCard {
                due_at: optional_timestamp(row, "due_at")?,
                stability: row.get("stability")?,
                difficulty: row.get("difficulty")?,
                scheduled_days: row.get("scheduled_days")?,
                reps: row.get("reps")?,
                lapses: row.get("lapses")?,
                phase: row.get("phase")?,
                last_review_at: optional_timestamp(row, "last_review_at")?,
                last_score: row.get("last_score")?,
            },
        })
    }

    fn into_revision(self, reason: Reason) -> Result<RevisionItem> {
        Ok(RevisionItem {
            item: ItemRow {
                id: self.id,
                set_id: self.set_id,
                position: self.position,
                body: self.body,
            }
            .into_item()?,
            lesson_id: self.lesson_id,
            card: self.card.into_card()?,
            reason,
        })
    }
}

fn into_revisions(rows: Vec<RevisionRow>, reason: Reason) -> Result<Vec<RevisionItem>> {
    rows.into_iter().map(|r| r.into_revision(reason)).collect()
}

/// Items revision may offer: a quiz with an attempt limit is a test, not practice, so its
/// items are never offered again outside it.
const REVISABLE: &str = "(s.mode = 'practice' OR s.max_attempts IS NULL)";

/// The item and card columns every revision query selects.
const REVISION_COLUMNS: &str = "i.id, i.set_id, i.position, i.body, s.lesson_id, c.due_at,
    c.stability, c.difficulty, c.scheduled_days, c.reps, c.lapses, c.phase, c.last_review_at,
    c.last_score";

impl Learning<'_> {
    /// A pupil's card for an item, if they answered it.
    pub async fn review_card(&self, user_id: Uuid, item_id: Uuid) -> Result<Option<Scheduled>> {
        let row: Option<CardRow> = on_db!(self.store, pool => {
            sqlx::query_as(
                "SELECT due_at, stability, difficulty, scheduled_days, reps, lapses, phase,
                        last_review_at, last_score
                 FROM review_cards WHERE user_id = $1 AND item_id = $2",
            )
            .bind(user_id).bind(item_id).fetch_optional(pool).await?
        });
        row.map(CardRow::into_card).transpose()
    }

    /// How many of a pupil's items are due at `at`.
    pub async fn due_count(&self, user_id: Uuid, at: DateTime<Utc>) -> Result<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM review_cards c
             JOIN exercise_items i ON i.id = c.item_id
             JOIN exercise_sets s ON s.id = i.set_id
             WHERE c.user_id = $1 AND c.due_at <= $2 AND {REVISABLE}"
        );
        if let Some(read) = self
            .store
            .read_in_place(|c| query::one(c, &sql, &[&user_id, &Timestamp(at)], |row| row.get(0)))
        {
            return read;
        }
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar(&sql).bind(user_id).bind(at).fetch_one(pool).await?
        }))
    }

    /// The pupil's items due at `at`, the longest overdue first.
    pub async fn due_items(
        &self,
        user_id: Uuid,
        at: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<RevisionItem>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM review_cards c
             JOIN exercise_items i ON i.id = c.item_id
             JOIN exercise_sets s ON s.id = i.set_id
             WHERE c.user_id = $1 AND c.due_at <= $2 AND {REVISABLE}
             ORDER BY c.due_at, c.item_id LIMIT $3"
        );
        let in_place = self.store.read_in_place(|c| {
            query::all(
                c,
                &sql,
                &[&user_id, &Timestamp(at), &limit],
                RevisionRow::read,
            )
        });
        if let Some(rows) = in_place {
            return into_revisions(rows?, Reason::Due);
        }
        let rows: Vec<RevisionRow> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(user_id).bind(at).bind(limit).fetch_all(pool).await?
        });
        into_revisions(rows, Reason::Due)
    }

    /// Items of `lesson_id` the pupil has met but that are not due at `at`, weakest first
    /// (lowest latest score, then the soonest due): what revision mixes in from a weak lesson.
    pub async fn weak_lesson_items(
        &self,
        user_id: Uuid,
        lesson_id: Uuid,
        at: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<RevisionItem>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM review_cards c
             JOIN exercise_items i ON i.id = c.item_id
             JOIN exercise_sets s ON s.id = i.set_id
             WHERE c.user_id = $1 AND s.lesson_id = $2 AND c.due_at > $3 AND {REVISABLE}
             ORDER BY c.last_score, c.due_at, c.item_id LIMIT $4"
        );
        let in_place = self.store.read_in_place(|c| {
            let values: [&dyn rusqlite::ToSql; 4] = [&user_id, &lesson_id, &Timestamp(at), &limit];
            query::all(c, &sql, &values, RevisionRow::read)
        });
        if let Some(rows) = in_place {
            return into_revisions(rows?, Reason::WeakLesson);
        }
        let rows: Vec<RevisionRow> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(user_id).bind(lesson_id).bind(at).bind(limit)
                .fetch_all(pool).await?
        });
        into_revisions(rows, Reason::WeakLesson)
    }

    /// Other items of the same lesson as `item_id`, for "more like this": those the pupil
    /// never answered first, then the ones answered worst.
    pub async fn more_like(
        &self,
        user_id: Uuid,
        item_id: Uuid,
        limit: i64,
    ) -> Result<Vec<RevisionItem>> {
        let item = self.store.catalog().exercise_item(item_id).await?;
        let set = self.store.catalog().exercise_set(item.set_id).await?;
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM exercise_items i
             JOIN exercise_sets s ON s.id = i.set_id
             LEFT JOIN review_cards c ON c.item_id = i.id AND c.user_id = $1
             WHERE s.lesson_id = $2 AND i.id <> $3 AND {REVISABLE}
             ORDER BY (c.item_id IS NOT NULL), COALESCE(c.last_score, 0.0), s.created_at, s.id,
                      i.position
             LIMIT $4"
        );
        let rows: Vec<RevisionRow> = on_db!(self.store, pool => {
            sqlx::query_as(&sql).bind(user_id).bind(set.lesson_id).bind(item_id).bind(limit)
                .fetch_all(pool).await?
        });
        into_revisions(rows, Reason::MoreLikeThis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn t(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::hours(hours)
    }

    #[test]
    fn pairs_are_grouped_and_time_ordered() {
        let (u, a, b) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let answered = |item, hours, score| Answered {
            user_id: u,
            item_id: item,
            at: t(hours),
            score,
        };
        let pairs = by_pair(&[
            answered(a, 5, 1.0),
            answered(b, 1, 0.0),
            answered(a, 2, 0.0),
        ]);
        assert_eq!(pairs.len(), 2);
        let of_a = pairs.iter().find(|(_, item, _)| *item == a).map(|p| &p.2);
        assert_eq!(of_a, Some(&vec![(t(2), 0.0), (t(5), 1.0)]));
    }

    #[test]
    fn older_answers_ask_for_a_replay_that_gives_the_in_order_result() {
        let in_order = replay(&[(t(0), 1.0), (t(30), 0.0), (t(100), 1.0)]);
        let first_two = replay(&[(t(0), 1.0), (t(100), 1.0)]);
        assert!(apply(first_two.as_ref(), &[(t(30), 0.0)]).is_none());
        let late = replay(&[(t(100), 1.0), (t(0), 1.0), (t(30), 0.0)]);
        assert_eq!(late, in_order);
        assert_eq!(in_order.map(|s| s.last_score), Some(1.0));
        let newer = apply(first_two.as_ref(), &[(t(200), 0.0)]);
        assert_eq!(newer.map(|s| (s.card.reps, s.last_score)), Some((3, 0.0)));
    }
}
