//! The rows a pack carries, one type per table, with the columns exactly as the table
//! stores them (serde names are the column names, so the format reads like the schema).
//! [`Record`] tells the writer each row's table, key and values, and the checker what it
//! refers to.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::rows::EngineRow;

mod capsules;
mod curriculum;
mod people;
mod places;

pub use capsules::{CapsuleFileRow, CapsuleRow, MediaAssetRow};
pub use curriculum::{ExerciseItemRow, ExerciseSetRow, LessonRow, UnitRow};
pub use people::{
    AssignmentPupilRow, AssignmentRow, ClassTeacherRow, GrantRow, ParentLinkRow, UserRow,
};
pub use places::{ClassRow, ProvinceRow, RegionRow, SchoolRow};

/// A column value, bound the same way on both engines.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    Id(Option<Uuid>),
    Text(Option<&'a str>),
    Int(Option<i32>),
    BigInt(Option<i64>),
    Flag(Option<bool>),
    Time(Option<DateTime<Utc>>),
}

impl From<Uuid> for Value<'_> {
    fn from(v: Uuid) -> Self {
        Value::Id(Some(v))
    }
}
impl From<Option<Uuid>> for Value<'_> {
    fn from(v: Option<Uuid>) -> Self {
        Value::Id(v)
    }
}
impl<'a> From<&'a String> for Value<'a> {
    fn from(v: &'a String) -> Self {
        Value::Text(Some(v))
    }
}
impl<'a> From<&'a Option<String>> for Value<'a> {
    fn from(v: &'a Option<String>) -> Self {
        Value::Text(v.as_deref())
    }
}
impl From<i32> for Value<'_> {
    fn from(v: i32) -> Self {
        Value::Int(Some(v))
    }
}
impl From<Option<i32>> for Value<'_> {
    fn from(v: Option<i32>) -> Self {
        Value::Int(v)
    }
}
impl From<i64> for Value<'_> {
    fn from(v: i64) -> Self {
        Value::BigInt(Some(v))
    }
}
impl From<Option<i64>> for Value<'_> {
    fn from(v: Option<i64>) -> Self {
        Value::BigInt(v)
    }
}
impl From<bool> for Value<'_> {
    fn from(v: bool) -> Self {
        Value::Flag(Some(v))
    }
}
impl From<Option<bool>> for Value<'_> {
    fn from(v: Option<bool>) -> Self {
        Value::Flag(v)
    }
}
impl From<DateTime<Utc>> for Value<'_> {
    fn from(v: DateTime<Utc>) -> Self {
        Value::Time(Some(v))
    }
}
impl From<Option<DateTime<Utc>>> for Value<'_> {
    fn from(v: Option<DateTime<Utc>>) -> Self {
        Value::Time(v)
    }
}

/// What a row refers to: `column` of the row holds `key`, which must be the key of a row of
/// `table` (in the pack or already on the node).
#[derive(Debug, Clone)]
pub(crate) struct Reference {
    pub(crate) column: &'static str,
    pub(crate) table: &'static str,
    pub(crate) key: Key,
}

/// A row's key: an id, or a code for the reference lists keyed by code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Id(Uuid),
    Code(String),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Id(id) => id.fmt(f),
            Key::Code(code) => code.fmt(f),
        }
    }
}

impl From<Uuid> for Key {
    fn from(id: Uuid) -> Self {
        Key::Id(id)
    }
}

impl From<&String> for Key {
    fn from(code: &String) -> Self {
        Key::Code(code.clone())
    }
}

fn reference(column: &'static str, table: &'static str, key: impl Into<Key>) -> Reference {
    Reference {
        column,
        table,
        key: key.into(),
    }
}

/// The references among `candidates` that are set.
fn set_references<const N: usize>(
    candidates: [(&'static str, &'static str, Option<Key>); N],
) -> Vec<Reference> {
    candidates
        .into_iter()
        .filter_map(|(column, table, key)| key.map(|key| reference(column, table, key)))
        .collect()
}

/// A pack row: where it goes and what it holds.
pub(crate) trait Record: EngineRow + PartialEq + Sync {
    /// The table the row goes to.
    const TABLE: &'static str;
    /// Its columns, those of the key first.
    const COLUMNS: &'static [&'static str];
    /// How many of [`Record::COLUMNS`] make the key.
    const KEY_COLUMNS: usize = 1;
    /// The values of [`Record::COLUMNS`], in their order.
    fn values(&self) -> Vec<Value<'_>>;
    /// The key, as text: how errors name the row and how references find it.
    fn key(&self) -> String;
    /// The rows it refers to.
    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
}
