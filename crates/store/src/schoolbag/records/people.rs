//! The rows of the school's people: accounts, grants, teachers' classes, parents' children and the classes' assignments.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{reference, set_references, Key, Record, Reference, Value};

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
