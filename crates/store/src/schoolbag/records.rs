//! The rows a pack carries, one type per table, with the columns exactly as the table
//! stores them (serde names are the column names, so the format reads like the schema).
//! [`Record`] tells the writer each row's table, key and values, and the checker what it
//! refers to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::rows::EngineRow;

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

/// A region as the platform knows it: nodes load the same reference list with ids of
/// their own, so rows name regions by code and the node maps the ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct RegionRow {
    pub id: Uuid,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ProvinceRow {
    pub id: Uuid,
    pub region_id: Uuid,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl Record for ProvinceRow {
    const TABLE: &'static str = "provinces";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "region_id",
        "code",
        "name_ar",
        "name_fr",
        "active",
        "created_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.region_id.into(),
            (&self.code).into(),
            (&self.name_ar).into(),
            (&self.name_fr).into(),
            self.active.into(),
            self.created_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        vec![reference("region_id", "regions", self.region_id)]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct SchoolRow {
    pub id: Uuid,
    pub region_id: Uuid,
    pub province_id: Uuid,
    pub code: String,
    pub kind: String,
    pub name_ar: String,
    pub name_fr: String,
    pub search_text: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Record for SchoolRow {
    const TABLE: &'static str = "schools";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "region_id",
        "province_id",
        "code",
        "kind",
        "name_ar",
        "name_fr",
        "search_text",
        "active",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.region_id.into(),
            self.province_id.into(),
            (&self.code).into(),
            (&self.kind).into(),
            (&self.name_ar).into(),
            (&self.name_fr).into(),
            (&self.search_text).into(),
            self.active.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        vec![
            reference("region_id", "regions", self.region_id),
            reference("province_id", "provinces", self.province_id),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ClassRow {
    pub id: Uuid,
    pub school_id: Uuid,
    pub region_id: Uuid,
    pub name: String,
    pub school_year: String,
    pub level_code: Option<String>,
    pub programme_code: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Record for ClassRow {
    const TABLE: &'static str = "classes";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "school_id",
        "region_id",
        "name",
        "school_year",
        "level_code",
        "programme_code",
        "active",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.school_id.into(),
            self.region_id.into(),
            (&self.name).into(),
            (&self.school_year).into(),
            (&self.level_code).into(),
            (&self.programme_code).into(),
            self.active.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            reference("school_id", "schools", self.school_id),
            reference("region_id", "regions", self.region_id),
        ];
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
pub struct CapsuleRow {
    pub id: Uuid,
    pub lesson_id: Uuid,
    pub external_ref: Option<String>,
    pub title_ar: String,
    pub title_fr: String,
    pub description_ar: String,
    pub description_fr: String,
    pub language: String,
    pub teacher: String,
    /// JSON array of strings, as stored.
    pub tags: String,
    pub status: String,
    pub school_id: Option<Uuid>,
    pub media_id: Option<Uuid>,
    pub duration_ms: Option<i64>,
    pub transcript: String,
    pub publish_when_ready: bool,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl Record for CapsuleRow {
    const TABLE: &'static str = "capsules";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "lesson_id",
        "external_ref",
        "title_ar",
        "title_fr",
        "description_ar",
        "description_fr",
        "language",
        "teacher",
        "tags",
        "status",
        "school_id",
        "media_id",
        "duration_ms",
        "transcript",
        "publish_when_ready",
        "created_by",
        "created_at",
        "updated_at",
        "published_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.lesson_id.into(),
            (&self.external_ref).into(),
            (&self.title_ar).into(),
            (&self.title_fr).into(),
            (&self.description_ar).into(),
            (&self.description_fr).into(),
            (&self.language).into(),
            (&self.teacher).into(),
            (&self.tags).into(),
            (&self.status).into(),
            self.school_id.into(),
            self.media_id.into(),
            self.duration_ms.into(),
            (&self.transcript).into(),
            self.publish_when_ready.into(),
            self.created_by.into(),
            self.created_at.into(),
            self.updated_at.into(),
            self.published_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![reference("lesson_id", "lessons", self.lesson_id)];
        refs.extend(set_references([
            ("school_id", "schools", self.school_id.map(Key::Id)),
            ("media_id", "media_assets", self.media_id.map(Key::Id)),
            ("created_by", "users", self.created_by.map(Key::Id)),
        ]));
        refs
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct MediaAssetRow {
    pub id: Uuid,
    pub capsule_id: Uuid,
    pub source_key: String,
    pub source_name: String,
    pub source_bytes: i64,
    pub source_sha256: String,
    pub output_prefix: String,
    pub status: String,
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
    pub manifest: Option<String>,
    pub report: Option<String>,
    pub compliant: Option<bool>,
    pub master_key: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Record for MediaAssetRow {
    const TABLE: &'static str = "media_assets";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "capsule_id",
        "source_key",
        "source_name",
        "source_bytes",
        "source_sha256",
        "output_prefix",
        "status",
        "error_code",
        "error_detail",
        "manifest",
        "report",
        "compliant",
        "master_key",
        "created_by",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.capsule_id.into(),
            (&self.source_key).into(),
            (&self.source_name).into(),
            self.source_bytes.into(),
            (&self.source_sha256).into(),
            (&self.output_prefix).into(),
            (&self.status).into(),
            (&self.error_code).into(),
            (&self.error_detail).into(),
            (&self.manifest).into(),
            (&self.report).into(),
            self.compliant.into(),
            (&self.master_key).into(),
            self.created_by.into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![reference("capsule_id", "capsules", self.capsule_id)];
        refs.extend(set_references([(
            "created_by",
            "users",
            self.created_by.map(Key::Id),
        )]));
        refs
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct CapsuleFileRow {
    pub id: Uuid,
    pub capsule_id: Uuid,
    pub kind: String,
    pub language: String,
    pub name: String,
    pub object_key: String,
    pub bytes: i64,
    pub created_at: DateTime<Utc>,
}

impl Record for CapsuleFileRow {
    const TABLE: &'static str = "capsule_files";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "capsule_id",
        "kind",
        "language",
        "name",
        "object_key",
        "bytes",
        "created_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.capsule_id.into(),
            (&self.kind).into(),
            (&self.language).into(),
            (&self.name).into(),
            (&self.object_key).into(),
            self.bytes.into(),
            self.created_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        vec![reference("capsule_id", "capsules", self.capsule_id)]
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

/// An account with its password hash, so that its usual password signs in on the node.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub email: Option<String>,
    pub pupil_code: Option<String>,
    pub display_name: String,
    pub search_text: String,
    pub password_hash: String,
    pub locale: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub data_saver: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

// The hash stays out of logs.
impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("updated_at", &self.updated_at)
            .finish_non_exhaustive()
    }
}

impl Record for UserRow {
    const TABLE: &'static str = "users";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "email",
        "pupil_code",
        "display_name",
        "search_text",
        "password_hash",
        "locale",
        "active",
        "must_change_password",
        "data_saver",
        "created_at",
        "updated_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            (&self.email).into(),
            (&self.pupil_code).into(),
            (&self.display_name).into(),
            (&self.search_text).into(),
            (&self.password_hash).into(),
            (&self.locale).into(),
            self.active.into(),
            self.must_change_password.into(),
            (&self.data_saver).into(),
            self.created_at.into(),
            self.updated_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct GrantRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub role: String,
    pub scope_key: String,
    pub region_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
    pub class_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl Record for GrantRow {
    const TABLE: &'static str = "role_grants";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "user_id",
        "role",
        "scope_key",
        "region_id",
        "school_id",
        "class_id",
        "created_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.user_id.into(),
            (&self.role).into(),
            (&self.scope_key).into(),
            self.region_id.into(),
            self.school_id.into(),
            self.class_id.into(),
            self.created_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![reference("user_id", "users", self.user_id)];
        refs.extend(set_references([
            ("region_id", "regions", self.region_id.map(Key::Id)),
            ("school_id", "schools", self.school_id.map(Key::Id)),
            ("class_id", "classes", self.class_id.map(Key::Id)),
        ]));
        refs
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ClassTeacherRow {
    pub class_id: Uuid,
    pub user_id: Uuid,
    pub subject_code: Option<String>,
}

impl Record for ClassTeacherRow {
    const TABLE: &'static str = "class_teachers";
    const COLUMNS: &'static [&'static str] = &["class_id", "user_id", "subject_code"];
    const KEY_COLUMNS: usize = 2;
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.class_id.into(),
            self.user_id.into(),
            (&self.subject_code).into(),
        ]
    }
    fn key(&self) -> String {
        format!("{}/{}", self.class_id, self.user_id)
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![
            reference("class_id", "classes", self.class_id),
            reference("user_id", "users", self.user_id),
        ];
        refs.extend(set_references([(
            "subject_code",
            "subjects",
            self.subject_code.as_ref().map(Key::from),
        )]));
        refs
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ParentLinkRow {
    pub parent_id: Uuid,
    pub pupil_id: Uuid,
}

impl Record for ParentLinkRow {
    const TABLE: &'static str = "parent_links";
    const COLUMNS: &'static [&'static str] = &["parent_id", "pupil_id"];
    const KEY_COLUMNS: usize = 2;
    fn values(&self) -> Vec<Value<'_>> {
        vec![self.parent_id.into(), self.pupil_id.into()]
    }
    fn key(&self) -> String {
        format!("{}/{}", self.parent_id, self.pupil_id)
    }
    fn references(&self) -> Vec<Reference> {
        vec![
            reference("parent_id", "users", self.parent_id),
            reference("pupil_id", "users", self.pupil_id),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AssignmentRow {
    pub id: Uuid,
    pub class_id: Uuid,
    pub kind: String,
    pub capsule_id: Option<Uuid>,
    pub set_id: Option<Uuid>,
    /// `YYYY-MM-DD`, as stored.
    pub due_on: String,
    pub note: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl Record for AssignmentRow {
    const TABLE: &'static str = "assignments";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "class_id",
        "kind",
        "capsule_id",
        "set_id",
        "due_on",
        "note",
        "created_by",
        "created_at",
    ];
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.id.into(),
            self.class_id.into(),
            (&self.kind).into(),
            self.capsule_id.into(),
            self.set_id.into(),
            (&self.due_on).into(),
            (&self.note).into(),
            self.created_by.into(),
            self.created_at.into(),
        ]
    }
    fn key(&self) -> String {
        self.id.to_string()
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![reference("class_id", "classes", self.class_id)];
        refs.extend(set_references([
            ("capsule_id", "capsules", self.capsule_id.map(Key::Id)),
            ("set_id", "exercise_sets", self.set_id.map(Key::Id)),
            ("created_by", "users", self.created_by.map(Key::Id)),
        ]));
        refs
    }
}

/// A pupil an assignment was given to. `completed_at` is learner data: the node keeps its
/// own once the row is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AssignmentPupilRow {
    pub assignment_id: Uuid,
    pub user_id: Uuid,
    pub completed_at: Option<DateTime<Utc>>,
}

impl Record for AssignmentPupilRow {
    const TABLE: &'static str = "assignment_pupils";
    const COLUMNS: &'static [&'static str] = &["assignment_id", "user_id", "completed_at"];
    const KEY_COLUMNS: usize = 2;
    fn values(&self) -> Vec<Value<'_>> {
        vec![
            self.assignment_id.into(),
            self.user_id.into(),
            self.completed_at.into(),
        ]
    }
    fn key(&self) -> String {
        format!("{}/{}", self.assignment_id, self.user_id)
    }
    fn references(&self) -> Vec<Reference> {
        vec![
            reference("assignment_id", "assignments", self.assignment_id),
            reference("user_id", "users", self.user_id),
        ]
    }
}
