//! Exercise sets and their items, written with the lesson they practise.
//!
//! Items are stored as JSON of [`lawha_core::exercise::Item`]: the item types live in the
//! core crate and evolve there, and no query looks inside an item.

use chrono::{DateTime, Utc};
use lawha_core::exercise::Item;
use lawha_core::new_id;
use serde::Serialize;
use uuid::Uuid;

use super::curriculum::Titles;
use super::item_writes::{ItemBody, ItemWrites};
use super::Catalog;
use crate::sqlite_reads::query;
use crate::{BeginWrite, Result, StoreError};

/// Practice sets can be answered again and again; quizzes may limit attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SetMode {
    Practice,
    Quiz,
}

impl SetMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SetMode::Practice => "practice",
            SetMode::Quiz => "quiz",
        }
    }

    pub fn parse(text: &str) -> Option<SetMode> {
        match text.trim() {
            "practice" => Some(SetMode::Practice),
            "quiz" => Some(SetMode::Quiz),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExerciseSet {
    pub id: Uuid,
    pub lesson_id: Uuid,
    pub title_ar: String,
    pub title_fr: String,
    pub mode: SetMode,
    /// Answers allowed per item (quizzes); `None`: unlimited.
    pub max_attempts: Option<i32>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewExerciseSet {
    pub lesson_id: Uuid,
    pub titles: Titles,
    pub mode: SetMode,
    pub max_attempts: Option<i32>,
    pub created_by: Option<Uuid>,
}

/// An item of a set with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub id: Uuid,
    pub set_id: Uuid,
    pub position: i32,
    pub item: Item,
}

#[derive(sqlx::FromRow)]
struct SetRow {
    id: Uuid,
    lesson_id: Uuid,
    title_ar: String,
    title_fr: String,
    mode: String,
    max_attempts: Option<i32>,
    created_at: DateTime<Utc>,
}

impl SetRow {
    fn into_set(self) -> Result<ExerciseSet> {
        Ok(ExerciseSet {
            mode: SetMode::parse(&self.mode)
                .ok_or_else(|| StoreError::Corrupt(format!("set mode {:?}", self.mode)))?,
            id: self.id,
            lesson_id: self.lesson_id,
            title_ar: self.title_ar,
            title_fr: self.title_fr,
            max_attempts: self.max_attempts,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ItemRow {
    pub(crate) id: Uuid,
    pub(crate) set_id: Uuid,
    pub(crate) position: i32,
    pub(crate) body: String,
}

impl ItemRow {
    /// A row of [`ITEM_COLS`] read on SQLite's in-place path.
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<ItemRow> {
        Ok(ItemRow {
            id: row.get("id")?,
            set_id: row.get("set_id")?,
            position: row.get("position")?,
            body: row.get("body")?,
        })
    }

    pub(crate) fn into_item(self) -> Result<StoredItem> {
        let item = serde_json::from_str(&self.body)
            .map_err(|e| StoreError::Corrupt(format!("item {}: {e}", self.id)))?;
        Ok(StoredItem {
            id: self.id,
            set_id: self.set_id,
            position: self.position,
            item,
        })
    }
}

/// Each item's new id, kind name and JSON body.
fn item_bodies(items: &[Item]) -> Result<Vec<ItemBody>> {
    items
        .iter()
        .map(|item| {
            let body = serde_json::to_string(item)
                .map_err(|e| StoreError::Corrupt(format!("item not serialisable: {e}")))?;
            Ok((new_id(), item.kind.name(), body))
        })
        .collect()
}

const SET_COLS: &str = "id, lesson_id, title_ar, title_fr, mode, max_attempts, created_at";
const ITEM_COLS: &str = "id, set_id, position, body";

impl Catalog<'_> {
    pub async fn create_exercise_set(&self, new: &NewExerciseSet) -> Result<ExerciseSet> {
        self.create_exercise_set_with_items(new, &[]).await
    }

    /// Creates a set and its items in one transaction (an import: all questions or none).
    pub async fn create_exercise_set_with_items(
        &self,
        new: &NewExerciseSet,
        items: &[Item],
    ) -> Result<ExerciseSet> {
        let titles = new.titles.checked()?;
        if new.max_attempts.is_some_and(|n| n < 1) {
            return Err(StoreError::invalid(
                "max_attempts",
                lawha_core::validate::FieldError::new("must-be-positive"),
            ));
        }
        self.lesson(new.lesson_id).await?;
        let bodies = item_bodies(items)?;
        let id = new_id();
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO exercise_sets (id, lesson_id, title_ar, title_fr, mode, max_attempts, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id).bind(new.lesson_id).bind(&titles.ar).bind(&titles.fr)
            .bind(new.mode.as_str()).bind(new.max_attempts).bind(new.created_by).bind(at)
            .execute(&mut *tx).await?;
            tx.insert_items(id, 1, &bodies, at).await?;
            tx.commit().await?;
        });
        self.exercise_set(id).await
    }

    /// Appends items to a set, all or none.
    pub async fn add_items(&self, set_id: Uuid, items: &[Item]) -> Result<Vec<StoredItem>> {
        self.exercise_set(set_id).await?;
        let bodies = item_bodies(items)?;
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let last: Option<i32> =
                sqlx::query_scalar("SELECT MAX(position) FROM exercise_items WHERE set_id = $1")
                    .bind(set_id).fetch_one(&mut *tx).await?;
            tx.insert_items(set_id, last.unwrap_or(0) + 1, &bodies, at).await?;
            tx.commit().await?;
        });
        let ids: Vec<Uuid> = bodies.iter().map(|(id, _, _)| *id).collect();
        Ok(self
            .set_items(set_id)
            .await?
            .into_iter()
            .filter(|i| ids.contains(&i.id))
            .collect())
    }

    pub async fn exercise_set(&self, id: Uuid) -> Result<ExerciseSet> {
        let sql = format!("SELECT {SET_COLS} FROM exercise_sets WHERE id = $1");
        self.store.fetch_one::<SetRow>(&sql, id).await?.into_set()
    }

    pub async fn sets_of_lesson(&self, lesson_id: Uuid) -> Result<Vec<ExerciseSet>> {
        let sql = format!(
            "SELECT {SET_COLS} FROM exercise_sets WHERE lesson_id = $1 ORDER BY created_at, id"
        );
        let rows = self.store.fetch_all(&sql, lesson_id).await?;
        rows.into_iter().map(SetRow::into_set).collect()
    }

    /// Every exercise set (the catalog snapshot's load).
    pub(crate) async fn all_exercise_sets(&self) -> Result<Vec<ExerciseSet>> {
        let sql = format!("SELECT {SET_COLS} FROM exercise_sets");
        let rows = self.store.fetch_every(&sql).await?;
        rows.into_iter().map(SetRow::into_set).collect()
    }

    /// The items of a set, in order.
    pub async fn set_items(&self, set_id: Uuid) -> Result<Vec<StoredItem>> {
        let sql =
            format!("SELECT {ITEM_COLS} FROM exercise_items WHERE set_id = $1 ORDER BY position");
        let rows = match self
            .store
            .read_in_place(|c| query::all(c, &sql, &[&set_id], ItemRow::read))
        {
            Some(read) => read?,
            None => self.store.fetch_all(&sql, set_id).await?,
        };
        rows.into_iter().map(ItemRow::into_item).collect()
    }

    pub async fn exercise_item(&self, id: Uuid) -> Result<StoredItem> {
        let sql = format!("SELECT {ITEM_COLS} FROM exercise_items WHERE id = $1");
        let row = match self
            .store
            .read_in_place(|c| query::one(c, &sql, &[&id], ItemRow::read))
        {
            Some(read) => read?,
            None => self.store.fetch_one::<ItemRow>(&sql, id).await?,
        };
        row.into_item()
    }
}
