//! Which uniqueness rule a write broke, read from the constraint's name — never from the
//! wording of the database's message.
//!
//! PostgreSQL reports the constraint's name (its default, `{table}_{columns}_key`, for an
//! inline `UNIQUE`; the index's name for a unique index). SQLite names no UNIQUE
//! constraint, only its columns in a fixed form (`UNIQUE constraint failed: users.email`),
//! so the same name is rebuilt from them: one table of names serves both engines.

use sqlx::error::DatabaseError;

/// A uniqueness rule, by what it keeps unique. Each has a stable code the interface
/// translates (`err-{code}`) and shows beside the field it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    /// An account's e-mail address.
    Email,
    /// A pupil's code.
    PupilCode,
    /// A region's, province's or school's code.
    OrgCode,
    /// A class's name in its school and year.
    ClassName,
    /// A capsule's reference in catalog manifests.
    CapsuleRef,
    /// Any other rule (a job already queued, a second subtitle file in one language…).
    Other,
}

/// The unique constraints, by the name both engines report, and what each keeps unique.
const CONSTRAINTS: &[(&str, Unique)] = &[
    ("users_email_key", Unique::Email),
    ("users_pupil_code_key", Unique::PupilCode),
    ("regions_code_key", Unique::OrgCode),
    ("provinces_code_key", Unique::OrgCode),
    ("schools_code_key", Unique::OrgCode),
    ("classes_school_id_school_year_name_key", Unique::ClassName),
    ("capsules_external_ref_key", Unique::CapsuleRef),
];

impl Unique {
    /// The rule a constraint of this name keeps.
    pub fn of_constraint(name: &str) -> Unique {
        CONSTRAINTS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(Unique::Other, |(_, unique)| *unique)
    }

    /// The stable code of the refusal.
    pub fn code(self) -> &'static str {
        match self {
            Unique::Email => "email-taken",
            Unique::PupilCode => "pupil-code-taken",
            Unique::OrgCode => "code-taken",
            Unique::ClassName => "name-taken",
            Unique::CapsuleRef | Unique::Other => "duplicate",
        }
    }
}

/// The name of the unique constraint a database error reports, the same on both engines.
pub(crate) fn constraint_name(err: &dyn DatabaseError) -> Option<String> {
    err.constraint()
        .map(str::to_string)
        .or_else(|| sqlite_constraint_name(err.message()))
}

/// PostgreSQL's default name for the constraint SQLite's message names by its columns:
/// `UNIQUE constraint failed: classes.school_id, classes.name` →
/// `classes_school_id_name_key`.
fn sqlite_constraint_name(message: &str) -> Option<String> {
    let columns = message.strip_prefix("UNIQUE constraint failed: ")?;
    let mut table = None;
    let mut name = String::new();
    for column in columns.split(", ") {
        let (t, c) = column.split_once('.')?;
        if *table.get_or_insert(t) != t {
            return None;
        }
        name.push('_');
        name.push_str(c);
    }
    Some(format!("{}{name}_key", table?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_messages_give_the_postgresql_names() {
        assert_eq!(
            sqlite_constraint_name("UNIQUE constraint failed: users.email").as_deref(),
            Some("users_email_key")
        );
        assert_eq!(
            sqlite_constraint_name(
                "UNIQUE constraint failed: classes.school_id, classes.school_year, classes.name"
            )
            .as_deref(),
            Some("classes_school_id_school_year_name_key")
        );
        assert_eq!(
            sqlite_constraint_name("NOT NULL constraint failed: users.email"),
            None
        );
        assert_eq!(
            sqlite_constraint_name("UNIQUE constraint failed: index 'x'"),
            None
        );
        assert_eq!(
            sqlite_constraint_name("UNIQUE constraint failed: a.x, b.y"),
            None
        );
    }

    #[test]
    fn constraints_name_their_rule() {
        assert_eq!(Unique::of_constraint("users_email_key"), Unique::Email);
        assert_eq!(
            Unique::of_constraint("schools_code_key").code(),
            "code-taken"
        );
        assert_eq!(Unique::of_constraint("media_jobs_pending"), Unique::Other);
        assert_eq!(Unique::of_constraint("users_email"), Unique::Other);
    }
}
