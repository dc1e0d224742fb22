//! Brute-force reads for tests (feature `testing`): the raw data the rollups are checked
//! against, read without any of the rollup tables.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use lawha_core::exercise::ItemKind;
use lawha_core::mastery::{self, ItemEvent, Mastery};
use uuid::Uuid;

use crate::learning::exercises::StoredItem;
use crate::{Result, Store};

/// A learner event as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RawEvent {
    pub user_id: Uuid,
    pub kind: String,
    pub item_id: Option<Uuid>,
    pub capsule_id: Option<Uuid>,
    pub correct: Option<bool>,
    pub payload: String,
    pub occurred_at: DateTime<Utc>,
}

impl Store {
    /// This store without SQLite's in-place readers: every read takes its sqlx path.
    pub fn without_reads_in_place_for_tests(&self) -> Store {
        Store {
            readers: None,
            ..self.clone()
        }
    }

    /// Whether reads may run in place here (SQLite on a file).
    pub fn reads_in_place_for_tests(&self) -> bool {
        self.readers.is_some()
    }

    /// Which side each recorded account-edit conflict kept, for one account, oldest first.
    pub async fn account_edit_conflicts_for_tests(&self, user_id: Uuid) -> Result<Vec<String>> {
        Ok(on_db!(self, pool => {
            sqlx::query_scalar(
                "SELECT kept FROM account_edit_conflicts WHERE user_id = $1 ORDER BY recorded_at, id",
            )
            .bind(user_id).fetch_all(pool).await?
        }))
    }

    /// The mastery counting a pupil's review card of an item keeps: (counted score, when its
    /// answer was last shown); `None` without a card.
    pub async fn card_counting_for_tests(
        &self,
        user_id: Uuid,
        item_id: Uuid,
    ) -> Result<Option<(Option<f64>, Option<DateTime<Utc>>)>> {
        Ok(on_db!(self, pool => {
            sqlx::query_as(
                "SELECT counted_score, shown_at FROM review_cards WHERE user_id = $1 AND item_id = $2",
            )
            .bind(user_id).bind(item_id).fetch_optional(pool).await?
        }))
    }

    /// How many live sessions are stored, whoever hosts them.
    pub async fn live_sessions_count_for_tests(&self) -> Result<i64> {
        Ok(on_db!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM live_sessions").fetch_one(pool).await?
        }))
    }

    pub async fn raw_events_for_tests(&self) -> Result<Vec<RawEvent>> {
        Ok(on_db!(self, pool => {
            sqlx::query_as::<_, RawEvent>(
                "SELECT user_id, kind, item_id, capsule_id, correct, payload, occurred_at FROM learner_events",
            )
            .fetch_all(pool).await?
        }))
    }

    /// Every enrolled pupil's (school, region).
    pub async fn pupil_placements_for_tests(&self) -> Result<HashMap<Uuid, (Uuid, Uuid)>> {
        let rows: Vec<(Uuid, Uuid, Uuid)> = on_db!(self, pool => {
            sqlx::query_as(
                "SELECT g.user_id, c.school_id, c.region_id FROM role_grants g JOIN classes c ON c.id = g.class_id
                 WHERE g.role IN ('pupil', 'trainee')",
            )
            .fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(|(u, s, r)| (u, (s, r))).collect())
    }

    /// Each enrolled (pupil, lesson) answered, with its mastery recomputed from the raw
    /// answer events and reveals (each item's counted score by
    /// [`lawha_core::mastery::counted_score`], days in the store's time zone).
    pub async fn mastery_brute_force_for_tests(&self) -> Result<HashMap<(Uuid, Uuid), Mastery>> {
        type Answers = Vec<(Uuid, Uuid, Uuid, DateTime<Utc>, f64)>;
        type Reveals = Vec<(Uuid, Uuid, DateTime<Utc>)>;
        let (answers, reveals, items): (Answers, Reveals, Vec<(Uuid, i64)>) = on_db!(self, pool => {
            let answers = sqlx::query_as(
                "SELECT e.user_id, s.lesson_id, e.item_id, e.occurred_at, COALESCE(e.score, 0.0)
                 FROM learner_events e
                 JOIN exercise_items i ON i.id = e.item_id JOIN exercise_sets s ON s.id = i.set_id
                 WHERE e.kind = 'answer' AND e.user_id IN (SELECT user_id FROM role_grants WHERE role IN ('pupil', 'trainee') AND class_id IS NOT NULL)",
            )
            .fetch_all(pool).await?;
            let reveals = sqlx::query_as("SELECT user_id, item_id, shown_at FROM answer_reveals")
                .fetch_all(pool).await?;
            let items = sqlx::query_as(
                "SELECT s.lesson_id, COUNT(*) FROM exercise_items i JOIN exercise_sets s ON s.id = i.set_id GROUP BY s.lesson_id",
            )
            .fetch_all(pool).await?;
            (answers, reveals, items)
        });
        let zone = self.time_zone();
        let day = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
        // Every event of each (pupil, item), with the item's lesson; a reveal at the same
        // instant as an answer follows it.
        // (time, answers before reveals at one instant, event)
        type Timed = (DateTime<Utc>, u8, ItemEvent);
        let mut events: HashMap<(Uuid, Uuid), (Uuid, Vec<Timed>)> = HashMap::new();
        for (user, lesson, item, at, score) in answers {
            let event = ItemEvent::Answered {
                day: day(at),
                score,
            };
            let entry = events.entry((user, item)).or_insert((lesson, Vec::new()));
            entry.1.push((at, 0, event));
        }
        for (user, item, at) in reveals {
            if let Some(entry) = events.get_mut(&(user, item)) {
                entry.1.push((at, 1, ItemEvent::Shown { day: day(at) }));
            }
        }
        let mut by_pair: HashMap<(Uuid, Uuid), Vec<f64>> = HashMap::new();
        for ((user, _), (lesson, mut history)) in events {
            history.sort_by_key(|(at, order, _)| (*at, *order));
            let history: Vec<ItemEvent> = history.into_iter().map(|(_, _, e)| e).collect();
            let score = mastery::score_for_mastery(mastery::counted_score(&history));
            by_pair.entry((user, lesson)).or_default().push(score);
        }
        let items: HashMap<Uuid, i64> = items.into_iter().collect();
        Ok(by_pair
            .into_iter()
            .map(|(pair, scores)| {
                let n = usize::try_from(items.get(&pair.1).copied().unwrap_or(0)).unwrap_or(0);
                (pair, Mastery::of(n, &scores))
            })
            .collect())
    }

    /// Some true/false item of the database.
    pub async fn first_true_false_item_for_tests(&self) -> Result<StoredItem> {
        let sets: Vec<Uuid> = on_db!(self, pool => {
            sqlx::query_scalar("SELECT id FROM exercise_sets ORDER BY created_at").fetch_all(pool).await?
        });
        for set in sets {
            if let Some(item) = self
                .catalog()
                .set_items(set)
                .await?
                .into_iter()
                .find(|i| matches!(i.item.kind, ItemKind::TrueFalse { .. }))
            {
                return Ok(item);
            }
        }
        Err(crate::StoreError::NotFound)
    }

    /// A published capsule of a level.
    pub async fn capsules_for_level_for_tests(&self, level: &str) -> Result<Uuid> {
        Ok(on_db!(self, pool => {
            sqlx::query_scalar(
                "SELECT c.id FROM capsules c JOIN lessons l ON l.id = c.lesson_id JOIN units u ON u.id = l.unit_id
                 WHERE u.level_code = $1 AND c.status = 'published' ORDER BY c.created_at LIMIT 1",
            )
            .bind(level).fetch_one(pool).await?
        }))
    }

    /// Makes every set look written before sets had a language (its column empty).
    pub async fn forget_set_languages_for_tests(&self) -> Result<()> {
        on_db!(self, pool => {
            sqlx::query("UPDATE exercise_sets SET language = NULL").execute(pool).await?;
        });
        Ok(())
    }
}
