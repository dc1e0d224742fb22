//! The records the store reads and writes.

use chrono::{DateTime, Utc};
use lawha_core::{Locale, Role, Scope};
use serde::Serialize;
use uuid::Uuid;

/// A region and its regional academy (AREF).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Region {
    pub id: Uuid,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
}

/// A province (provincial directorate) within a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Province {
    pub id: Uuid,
    pub region_id: Uuid,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub active: bool,
}

/// A school level or programme, with its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Level {
    pub code: String,
    pub cycle: String,
    pub name_ar: String,
    pub name_fr: String,
}

/// What kind of establishment a school is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchoolKind {
    /// A primary, middle or high school, teaching the 26 school levels.
    School,
    /// A vocational training establishment (OFPPT), with groups of trainees.
    Vocational,
    /// A centre of preparatory classes (CPGE).
    Preparatory,
}

impl SchoolKind {
    pub const ALL: [SchoolKind; 3] = [
        SchoolKind::School,
        SchoolKind::Vocational,
        SchoolKind::Preparatory,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SchoolKind::School => "school",
            SchoolKind::Vocational => "vocational",
            SchoolKind::Preparatory => "preparatory",
        }
    }

    pub fn parse(s: &str) -> Option<SchoolKind> {
        SchoolKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A school or establishment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct School {
    pub id: Uuid,
    pub region_id: Uuid,
    pub province_id: Uuid,
    pub code: String,
    pub kind: SchoolKind,
    pub name_ar: String,
    pub name_fr: String,
    pub active: bool,
}

impl School {
    pub fn scope(&self) -> Scope {
        Scope::School {
            region: self.region_id,
            school: self.id,
        }
    }

    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ar, &self.name_fr)
    }
}

/// What a new or edited school holds.
#[derive(Debug, Clone)]
pub struct SchoolInput {
    pub province_id: Uuid,
    pub code: String,
    pub kind: SchoolKind,
    pub name_ar: String,
    pub name_fr: String,
}

/// A class of pupils (or a group of trainees) for one school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Class {
    pub id: Uuid,
    pub school_id: Uuid,
    pub region_id: Uuid,
    pub name: String,
    pub school_year: String,
    /// One of the 26 school levels, or `None` for a programme group.
    pub level_code: Option<String>,
    /// A vocational or preparatory programme, or `None` for a school class.
    pub programme_code: Option<String>,
    pub active: bool,
}

impl Class {
    pub fn scope(&self) -> Scope {
        Scope::Class {
            region: self.region_id,
            school: self.school_id,
            class: self.id,
        }
    }

    /// The level or programme code, whichever the class has.
    pub fn level_or_programme(&self) -> &str {
        self.level_code
            .as_deref()
            .or(self.programme_code.as_deref())
            .unwrap_or_default()
    }
}

/// What a new or edited class holds.
#[derive(Debug, Clone)]
pub struct ClassInput {
    pub school_id: Uuid,
    pub name: String,
    pub school_year: String,
    pub level: lawha_core::import::ClassLevel,
}

/// A class with the names an overview needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ClassSummary {
    #[sqlx(flatten)]
    pub class: Class,
    pub school_name_ar: String,
    pub school_name_fr: String,
    pub pupils: i64,
}

/// A person with an account. The password hash never leaves the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Uuid,
    pub email: Option<String>,
    pub pupil_code: Option<String>,
    pub display_name: String,
    pub locale: Option<Locale>,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    /// What the capsule player starts with (`Learning::set_data_saver`).
    pub data_saver: lawha_core::capsule::DataSaver,
}

impl User {
    /// What the person types to sign in.
    pub fn login(&self) -> &str {
        self.email
            .as_deref()
            .or(self.pupil_code.as_deref())
            .unwrap_or_default()
    }
}

/// What a new account holds; the password is hashed by the store.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub display_name: String,
    pub email: Option<String>,
    pub pupil_code: Option<String>,
    pub password: String,
    pub locale: Option<Locale>,
    pub must_change_password: bool,
}

/// Editable fields of an account.
#[derive(Debug, Clone)]
pub struct UserEdit {
    pub display_name: String,
    pub email: Option<String>,
    pub pupil_code: Option<String>,
    pub locale: Option<Locale>,
}

/// A role grant as stored, with its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StoredGrant {
    pub id: Uuid,
    pub role: Role,
    pub scope: Scope,
}

/// A 1-based page of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: u32,
    pub size: u32,
}

impl Page {
    pub const MAX_SIZE: u32 = 200;

    /// Clamps the page number to ≥ 1 and the size to 1..=MAX_SIZE.
    pub fn new(number: u32, size: u32) -> Page {
        Page {
            number: number.max(1),
            size: size.clamp(1, Page::MAX_SIZE),
        }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.number - 1) * i64::from(self.size)
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.size)
    }
}

/// One page of results and the total count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub number: u32,
    pub size: u32,
}

impl<T> Paged<T> {
    /// Page `page` of a listing of `total` rows.
    pub(crate) fn new(items: Vec<T>, total: i64, page: Page) -> Paged<T> {
        Paged {
            items,
            total,
            number: page.number,
            size: page.size,
        }
    }

    /// The same page with each item converted by `f`.
    pub(crate) fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            number: self.number,
            size: self.size,
        }
    }

    pub fn pages(&self) -> u32 {
        let size = i64::from(self.size.max(1));
        u32::try_from((self.total + size - 1) / size).unwrap_or(u32::MAX)
    }

    pub fn has_next(&self) -> bool {
        self.number < self.pages()
    }

    pub fn has_prev(&self) -> bool {
        self.number > 1
    }
}

/// A listing filter: the admin scopes of the viewer, an optional search text, and whether
/// deactivated records are shown.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub scopes: Vec<Scope>,
    pub query: Option<String>,
    pub include_inactive: bool,
    /// Only people holding this role (users listing only).
    pub role: Option<Role>,
    /// Only records of this school (classes and users listings).
    pub school: Option<Uuid>,
}

/// Counts an admin overview shows for a scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ScopeCounts {
    pub schools: i64,
    pub classes: i64,
    pub pupils: i64,
    pub teachers: i64,
}

/// Lower-cased text a listing searches in.
pub(crate) fn search_text(parts: &[&str]) -> String {
    parts.join(" ").to_lowercase()
}
