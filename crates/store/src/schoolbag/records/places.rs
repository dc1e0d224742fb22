//! The rows of the school's places: its region (by code), province, school and classes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{reference, set_references, Key, Record, Reference, Value};

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
