//! The rows of the curriculum tree and its exercise sets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{reference, set_references, Key, Record, Reference, Value};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct UnitRow {
    pub id: Uuid,
    pub level_code: Option<String>,
    pub programme_code: Option<String>,
    pub subject_code: String,
    pub position: i32,
    pub title_ar: String,
    pub title_fr: String,
    pub created_at: DateTime<Utc>,
}

impl Record for UnitRow {
    const TABLE: &'static str = "units";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "level_code",
        "programme_code",
        "subject_code",
        "position",
        "title_ar",
        "title_fr",
        "created_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            (&self.level_code).into(),
            (&self.programme_code).into(),
            (&self.subject_code).into(),
            self.position.into(),
            (&self.title_ar).into(),
            (&self.title_fr).into(),
            self.created_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![reference("subject_code", "subjects", &self.subject_code)];
        refs.extend(set_references([
            (
                "level_code",
                "levels",
                self.level_code.as_ref().map(Key::from),
            ),
            (
                "programme_code",
                "programmes",
                self.programme_code.as_ref().map(Key::from),
            ),
        ]));
        refs
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LessonRow {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub position: i32,
    pub title_ar: String,
    pub title_fr: String,
    pub created_at: DateTime<Utc>,
}

impl Record for LessonRow {
    const TABLE: &'static str = "lessons";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "unit_id",
        "position",
        "title_ar",
        "title_fr",
        "created_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.unit_id.into(),
            self.position.into(),
            (&self.title_ar).into(),
            (&self.title_fr).into(),
            self.created_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        vec![reference("unit_id", "units", self.unit_id)]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExerciseSetRow {
    pub id: Uuid,
    pub lesson_id: Uuid,
    pub title_ar: String,
    pub title_fr: String,
    pub mode: String,
    pub max_attempts: Option<i32>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// Absent from schoolbags written before sets had a language: derived where they land.
    #[serde(default)]
    pub language: Option<String>,
}

impl Record for ExerciseSetRow {
    const TABLE: &'static str = "exercise_sets";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "lesson_id",
        "title_ar",
        "title_fr",
        "mode",
        "max_attempts",
        "created_by",
        "created_at",
        "language",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.lesson_id.into(),
            (&self.title_ar).into(),
            (&self.title_fr).into(),
            (&self.mode).into(),
            self.max_attempts.into(),
            self.created_by.into(),
            self.created_at.into(),
            (&self.language).into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![reference("lesson_id", "lessons", self.lesson_id)];
        refs.extend(set_references([(
            "created_by",
            "users",
            self.created_by.map(Key::Id),
        )]));
        refs
    }
}

/// An exercise item with its body as the catalog stores it (JSON of the core crate's item).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExerciseItemRow {
    pub id: Uuid,
    pub set_id: Uuid,
    pub position: i32,
    pub kind: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl Record for ExerciseItemRow {
    const TABLE: &'static str = "exercise_items";
    const COLUMNS: &'static [&'static str] =
        &["id", "set_id", "position", "kind", "body", "created_at"];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.set_id.into(),
            self.position.into(),
            (&self.kind).into(),
            (&self.body).into(),
            self.created_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        vec![reference("set_id", "exercise_sets", self.set_id)]
    }
}
