//! Exercise sets and their items, written with the lesson they practise.
//!
//! Items are stored as JSON of [`lawha_core::exercise::Item`]: the item types live in the
//! core crate and evolve there, and no query looks inside an item.

use chrono::{DateTime, Utc};
use lawha_core::exercise::Item;
use lawha_core::{content_language, new_id, Locale};
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
    /// The language its questions are written in (see [`set_language`]).
    pub language: Locale,
    pub created_at: DateTime<Utc>,
}

/// The language of a set: its items' text, or its titles when that has no letter, or
/// Arabic, the platform's default ([`content_language::detect`]).
pub fn set_language(items: &[Item], titles: &Titles) -> Locale {
    content_language::detect(items.iter().map(|i| i.prompt.as_str()))
        .or_else(|| title_language(titles))
        .unwrap_or_default()
}

/// The language of a set's titles: the one filled in when only one is, else their text.
fn title_language(titles: &Titles) -> Option<Locale> {
    match (titles.ar.trim().is_empty(), titles.fr.trim().is_empty()) {
        (false, true) => Some(Locale::Ar),
        (true, false) => Some(Locale::Fr),
        _ => content_language::detect([titles.ar.as_str(), titles.fr.as_str()]),
    }
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
    language: Option<String>,
    created_at: DateTime<Utc>,
}

impl SetRow {
    fn into_set(self) -> Result<ExerciseSet> {
        let titles = Titles {
            ar: self.title_ar,
            fr: self.title_fr,
        };
        // Not derived yet (a row from an older server): its titles tell.
        let language = match self.language.as_deref() {
            Some(code) => Locale::parse(code)
                .ok_or_else(|| StoreError::Corrupt(format!("set language {code:?}")))?,
            None => title_language(&titles).unwrap_or_default(),
        };
        Ok(ExerciseSet {
            mode: SetMode::parse(&self.mode)
                .ok_or_else(|| StoreError::Corrupt(format!("set mode {:?}", self.mode)))?,
            id: self.id,
            lesson_id: self.lesson_id,
            title_ar: titles.ar,
            title_fr: titles.fr,
            max_attempts: self.max_attempts,
            language,
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

const SET_COLS: &str =
    "id, lesson_id, title_ar, title_fr, mode, max_attempts, language, created_at";
const ITEM_COLS: &str = "id, set_id, position, body";

impl Catalog<'_> {
    pub async fn create_exercise_set(&self, new: &NewExerciseSet) -> Result<ExerciseSet> {
        self.create_exercise_set_with_items(new, &[]).await
    }

    /// Creates a set and its items in one transaction (an import: all questions or none),
    /// in the language of their text ([`set_language`]).
    pub async fn create_exercise_set_with_items(
        &self,
        new: &NewExerciseSet,
        items: &[Item],
    ) -> Result<ExerciseSet> {
        self.create_exercise_set_in(new, items, None).await
    }

    /// [`Self::create_exercise_set_with_items`] in the language the author chose, if any.
    pub async fn create_exercise_set_in(
        &self,
        new: &NewExerciseSet,
        items: &[Item],
        language: Option<Locale>,
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
        let language = language.unwrap_or_else(|| set_language(items, &titles));
        let id = new_id();
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO exercise_sets (id, lesson_id, title_ar, title_fr, mode, max_attempts, created_by, created_at, language)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id).bind(new.lesson_id).bind(&titles.ar).bind(&titles.fr)
            .bind(new.mode.as_str()).bind(new.max_attempts).bind(new.created_by).bind(at)
            .bind(language.code())
            .execute(&mut *tx).await?;
            tx.insert_items(id, 1, &bodies, at).await?;
            tx.commit().await?;
        });
        self.exercise_set(id).await
    }

    /// Appends items to a set, all or none.
    /// A set created empty takes the language of its first items' text.
    pub async fn add_items(&self, set_id: Uuid, items: &[Item]) -> Result<Vec<StoredItem>> {
        let set = self.exercise_set(set_id).await?;
        let bodies = item_bodies(items)?;
        let language = set_language(
            items,
            &Titles {
                ar: set.title_ar,
                fr: set.title_fr,
            },
        );
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            let last: Option<i32> =
                sqlx::query_scalar("SELECT MAX(position) FROM exercise_items WHERE set_id = $1")
                    .bind(set_id).fetch_one(&mut *tx).await?;
            if last.is_none() {
                sqlx::query("UPDATE exercise_sets SET language = $2 WHERE id = $1")
                    .bind(set_id).bind(language.code()).execute(&mut *tx).await?;
            }
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

    /// Gives the sets written before sets had a language theirs, from their items' text
    /// (run at start-up after the migrations; does nothing once every set has one).
    pub async fn derive_set_languages(&self) -> Result<()> {
        let ids: Vec<Uuid> = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT id FROM exercise_sets WHERE language IS NULL")
                .fetch_all(pool).await?
        });
        for id in ids {
            let set = self.exercise_set(id).await?;
            let items: Vec<Item> = self
                .set_items(id)
                .await?
                .into_iter()
                .map(|i| i.item)
                .collect();
            let titles = Titles {
                ar: set.title_ar,
                fr: set.title_fr,
            };
            let language = set_language(&items, &titles);
            on_db!(self.store, pool => {
                sqlx::query("UPDATE exercise_sets SET language = $2 WHERE id = $1 AND language IS NULL")
                    .bind(id).bind(language.code()).execute(pool).await?;
            });
        }
        Ok(())
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
