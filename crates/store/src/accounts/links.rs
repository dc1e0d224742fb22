//! Teaching and family links: the classes teachers teach (`class_teachers`) and the
//! children parents follow (`parent_links`).

use uuid::Uuid;

use super::users::{user_columns, UserRow};
use super::Accounts;
use crate::sqlite_reads::query;
use crate::{Class, ClassSummary, Result, User};

/// The classes a person teaches or belongs to (`classes_of`).
const CLASSES_OF: &str = "SELECT c.id, c.school_id, c.region_id, c.name, c.school_year, c.level_code,
       c.programme_code, c.active, s.name_ar AS school_name_ar, s.name_fr AS school_name_fr,
       (SELECT COUNT(*) FROM role_grants p WHERE p.class_id = c.id
          AND p.role IN ('pupil', 'trainee')) AS pupils
     FROM classes c JOIN schools s ON s.id = c.school_id
     WHERE c.id IN (SELECT class_id FROM class_teachers WHERE user_id = $1
                    UNION SELECT class_id FROM role_grants WHERE user_id = $1 AND class_id IS NOT NULL)
     ORDER BY c.school_year DESC, c.name";

/// A row of [`CLASSES_OF`] read on SQLite's in-place path.
fn read_class_summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<ClassSummary> {
    Ok(ClassSummary {
        class: Class {
            id: row.get("id")?,
            school_id: row.get("school_id")?,
            region_id: row.get("region_id")?,
            name: row.get("name")?,
            school_year: row.get("school_year")?,
            level_code: row.get("level_code")?,
            programme_code: row.get("programme_code")?,
            active: row.get("active")?,
        },
        school_name_ar: row.get("school_name_ar")?,
        school_name_fr: row.get("school_name_fr")?,
        pupils: row.get("pupils")?,
    })
}

impl Accounts<'_> {
    /// Records that a teacher (or trainer) teaches a class, optionally one subject.
    pub async fn assign_teacher(
        &self,
        class_id: Uuid,
        user_id: Uuid,
        subject: Option<&str>,
    ) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO class_teachers (class_id, user_id, subject_code) VALUES ($1, $2, $3)
                 ON CONFLICT (class_id, user_id) DO UPDATE SET subject_code = excluded.subject_code",
            )
            .bind(class_id).bind(user_id).bind(subject).execute(pool).await?;
        });
        Ok(())
    }

    /// Whether a teacher (or trainer) is assigned to a class.
    pub async fn teaches(&self, user_id: Uuid, class_id: Uuid) -> Result<bool> {
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM class_teachers WHERE user_id = $1 AND class_id = $2")
                .bind(user_id).bind(class_id).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    /// The subject a teacher teaches in a class, when their assignment names one.
    pub async fn taught_subject(&self, user_id: Uuid, class_id: Uuid) -> Result<Option<String>> {
        let subject: Option<Option<String>> = on_db!(self.store, pool => {
            sqlx::query_scalar(
                "SELECT subject_code FROM class_teachers WHERE user_id = $1 AND class_id = $2",
            )
            .bind(user_id).bind(class_id).fetch_optional(pool).await?
        });
        Ok(subject.flatten())
    }

    /// Classes a teacher teaches (or a pupil belongs to), with pupil counts.
    pub async fn classes_of(&self, user_id: Uuid) -> Result<Vec<ClassSummary>> {
        if let Some(read) = self
            .store
            .read_in_place(|c| query::all(c, CLASSES_OF, &[&user_id], read_class_summary))
        {
            return read;
        }
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, ClassSummary>(CLASSES_OF).bind(user_id).fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// Pupils and trainees of a class, by name.
    pub async fn class_members(&self, class_id: Uuid) -> Result<Vec<User>> {
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, UserRow>(&format!(
                "SELECT {} FROM users u WHERE u.id IN (SELECT user_id FROM role_grants
                   WHERE class_id = $1 AND role IN ('pupil', 'trainee'))
                 ORDER BY u.display_name",
                user_columns("u")
            ))
            .bind(class_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(User::from).collect())
    }

    /// Links a parent to a pupil (idempotent).
    pub async fn link_parent(&self, parent_id: Uuid, pupil_id: Uuid) -> Result<()> {
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO parent_links (parent_id, pupil_id) VALUES ($1, $2)
                 ON CONFLICT (parent_id, pupil_id) DO NOTHING",
            )
            .bind(parent_id).bind(pupil_id).execute(pool).await?;
        });
        Ok(())
    }

    /// The pupils a parent follows.
    pub async fn children_of(&self, parent_id: Uuid) -> Result<Vec<User>> {
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, UserRow>(&format!(
                "SELECT {} FROM users u JOIN parent_links l ON l.pupil_id = u.id
                 WHERE l.parent_id = $1 ORDER BY u.display_name",
                user_columns("u")
            ))
            .bind(parent_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(User::from).collect())
    }
}
