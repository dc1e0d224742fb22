//! The rows of capsules, the media version each plays and their files.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{reference, set_references, Key, Record, Reference, Value};

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
