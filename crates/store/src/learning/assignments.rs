//! Work a teacher assigns: a capsule to watch or an exercise set to do, for a whole class
//! or some of its pupils, by a due date. Completion is set by the rollup worker when a
//! pupil's activity completes it (and at once, on assigning, for pupils who already did
//! it); the governance counters (`assignment_counts`) move with it.

use chrono::{DateTime, NaiveDate, Utc};
use lawha_core::new_id;
use serde::Serialize;
use uuid::Uuid;

use super::Learning;
use crate::rollups::fold::Placement;
use crate::sqlite_reads::query;
use crate::sqlite_reads::values::{optional_timestamp, timestamp};
use crate::BeginWrite;
use crate::{Refusal, Result, StoreError};

/// What is assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Work {
    Capsule(Uuid),
    Set(Uuid),
}

#[derive(Debug, Clone)]
pub struct NewAssignment {
    pub class_id: Uuid,
    pub work: Work,
    pub due_on: NaiveDate,
    pub note: String,
    /// Some pupils of the class; `None`: all of them.
    pub pupils: Option<Vec<Uuid>>,
    pub created_by: Option<Uuid>,
}

/// An assignment with its work's titles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub id: Uuid,
    pub class_id: Uuid,
    pub work: Work,
    pub title_ar: String,
    pub title_fr: String,
    pub due_on: NaiveDate,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// An assignment with how many of its pupils completed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignmentProgress {
    pub assignment: Assignment,
    pub pupils: i64,
    pub completed: i64,
}

/// A pupil's assignment and whether it is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Todo {
    pub assignment: Assignment,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    id: Uuid,
    class_id: Uuid,
    kind: String,
    capsule_id: Option<Uuid>,
    set_id: Option<Uuid>,
    title_ar: String,
    title_fr: String,
    due_on: String,
    note: String,
    created_at: DateTime<Utc>,
}

impl AssignmentRow {
    /// A row of [`ASSIGNMENT_COLS`] read on SQLite's in-place path.
    fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<AssignmentRow> {
        Ok(AssignmentRow {
            id: row.get("id")?,
            class_id: row.get("class_id")?,
            kind: row.get("kind")?,
            capsule_id: row.get("capsule_id")?,
            set_id: row.get("set_id")?,
            title_ar: row.get("title_ar")?,
            title_fr: row.get("title_fr")?,
            due_on: row.get("due_on")?,
            note: row.get("note")?,
            created_at: timestamp(row, "created_at")?,
        })
    }

    fn into_assignment(self) -> Result<Assignment> {
        let corrupt = || StoreError::Corrupt(format!("assignment {}", self.id));
        let work = match (self.kind.as_str(), self.capsule_id, self.set_id) {
            ("capsule", Some(c), _) => Work::Capsule(c),
            ("set", _, Some(s)) => Work::Set(s),
            _ => return Err(corrupt()),
        };
        Ok(Assignment {
            due_on: NaiveDate::parse_from_str(&self.due_on, "%Y-%m-%d").map_err(|_| corrupt())?,
            id: self.id,
            class_id: self.class_id,
            work,
            title_ar: self.title_ar,
            title_fr: self.title_fr,
            note: self.note,
            created_at: self.created_at,
        })
    }
}

/// Columns of [`AssignmentRow`], the work's titles from whichever table it is in.
const ASSIGNMENT_COLS: &str = "a.id, a.class_id, a.kind, a.capsule_id, a.set_id,
    COALESCE(c.title_ar, s.title_ar, '') AS title_ar, COALESCE(c.title_fr, s.title_fr, '') AS title_fr,
    a.due_on, a.note, a.created_at";
const ASSIGNMENT_FROM: &str = "assignments a LEFT JOIN capsules c ON c.id = a.capsule_id
    LEFT JOIN exercise_sets s ON s.id = a.set_id";
/// Assignments whose capsule the class may still watch (sets are always open): a capsule
/// withdrawn or restricted to another school after it was assigned leaves pupils' lists,
/// title and all. Needs `cl`, the assignment's class.
const STILL_OPEN: &str = "(a.capsule_id IS NULL OR (c.status = 'published'
    AND (c.school_id IS NULL OR c.school_id = cl.school_id)))";

/// Longest note on an assignment.
pub const MAX_NOTE_CHARS: usize = 500;

impl Learning<'_> {
    /// Assigns work; refuses pupils who are not in the class (`pupil-not-in-class`), an
    /// empty choice of pupils (`no-pupils`), a capsule the class may not watch
    /// (`work-unavailable`: unpublished, or restricted to another school), and work this
    /// class already has open for one of the chosen pupils (`already-assigned`: the same
    /// capsule or set, due today or later; once that due date has passed it may be given
    /// again, with a new one). The last check is made in the inserting transaction, after
    /// the class's row is locked on PostgreSQL (SQLite's write transaction already shuts
    /// other writers out), so two teachers posting at once cannot both assign it.
    pub async fn create_assignment(&self, new: &NewAssignment) -> Result<Assignment> {
        let class = self.store.org().class(new.class_id).await?;
        let members: Vec<Uuid> = self
            .store
            .accounts()
            .class_members(new.class_id)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        let pupils = match &new.pupils {
            None => members.clone(),
            Some(chosen) => {
                if chosen.iter().any(|p| !members.contains(p)) {
                    return Err(StoreError::Conflict(Refusal::PupilNotInClass));
                }
                chosen.clone()
            }
        };
        if pupils.is_empty() {
            return Err(StoreError::Conflict(Refusal::NoPupils));
        }
        let note: String = new.note.trim().chars().take(MAX_NOTE_CHARS).collect();
        let (kind, capsule_id, set_id) = match new.work {
            Work::Capsule(id) => {
                let capsule = self.store.catalog().capsule(id).await?;
                // Pupils may only be sent to what they can watch: a published capsule, open
                // to all or to their own school. (Withdrawn later, it leaves their to-do.)
                let open_to_class = capsule.school_id.is_none_or(|s| s == class.school_id);
                if !capsule.status.is_public() || !open_to_class {
                    return Err(StoreError::Conflict(Refusal::WorkUnavailable));
                }
                ("capsule", Some(id), None)
            }
            Work::Set(id) => {
                self.store.catalog().exercise_set(id).await?;
                ("set", None, Some(id))
            }
        };
        let school = self.store.org().school(class.school_id).await?;
        let place = Placement {
            region: school.region_id,
            province: school.province_id,
            school: school.id,
            level: class
                .level_code
                .clone()
                .or(class.programme_code.clone())
                .unwrap_or_default(),
        };
        let (id, at) = (new_id(), self.store.now());
        let assigned = i64::try_from(pupils.len()).unwrap_or(i64::MAX);
        // The platform's day (its time zone, as the pupils' pages count overdue work): an
        // assignment is open through its due date.
        let today = crate::days::text(at.with_timezone(&self.store.time_zone()).date_naive());
        let lock_class = match self.store.backend() {
            crate::Backend::Postgres => "SELECT id FROM classes WHERE id = $1 FOR UPDATE",
            crate::Backend::Sqlite => "SELECT id FROM classes WHERE id = $1",
        };
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(lock_class).bind(new.class_id).execute(&mut *tx).await?;
            let busy: Vec<Uuid> = sqlx::query_scalar(
                "SELECT ap.user_id FROM assignments a JOIN assignment_pupils ap ON ap.assignment_id = a.id
                 WHERE a.class_id = $1 AND (a.capsule_id = $2 OR a.set_id = $3) AND a.due_on >= $4",
            )
            .bind(new.class_id).bind(capsule_id).bind(set_id).bind(&today)
            .fetch_all(&mut *tx).await?;
            if pupils.iter().any(|p| busy.contains(p)) {
                return Err(StoreError::Conflict(Refusal::AlreadyAssigned));
            }
            sqlx::query(
                "INSERT INTO assignments (id, class_id, kind, capsule_id, set_id, due_on, note, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id).bind(new.class_id).bind(kind).bind(capsule_id).bind(set_id)
            .bind(new.due_on.format("%Y-%m-%d").to_string()).bind(&note).bind(new.created_by).bind(at)
            .execute(&mut *tx).await?;
            let mut completed = 0_i64;
            for pupil in &pupils {
                // Work already done before it was assigned counts as done.
                let done: bool = match new.work {
                    Work::Capsule(c) => sqlx::query_scalar::<_, bool>(
                        "SELECT completed FROM pupil_capsules WHERE user_id = $1 AND capsule_id = $2")
                        .bind(*pupil).bind(c).fetch_optional(&mut *tx).await?.unwrap_or(false),
                    Work::Set(s) => {
                        let answered: i64 = sqlx::query_scalar(
                            "SELECT COUNT(DISTINCT item_id) FROM learner_events
                             WHERE user_id = $1 AND set_id = $2 AND kind = 'answer'")
                            .bind(*pupil).bind(s).fetch_one(&mut *tx).await?;
                        let items: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM exercise_items WHERE set_id = $1")
                            .bind(s).fetch_one(&mut *tx).await?;
                        items > 0 && answered >= items
                    }
                };
                completed += i64::from(done);
                sqlx::query("INSERT INTO assignment_pupils (assignment_id, user_id, completed_at) VALUES ($1, $2, $3)")
                    .bind(id).bind(*pupil).bind(done.then_some(at)).execute(&mut *tx).await?;
            }
            for (scope, parent) in place.scopes() {
                sqlx::query(
                    "INSERT INTO assignment_counts (scope_key, parent_key, level_code, assigned, completed)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (scope_key, level_code) DO UPDATE SET
                       assigned = assignment_counts.assigned + excluded.assigned,
                       completed = assignment_counts.completed + excluded.completed",
                )
                .bind(&scope).bind(&parent).bind(&place.level).bind(assigned).bind(completed)
                .execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        self.assignment(id).await
    }

    pub async fn assignment(&self, id: Uuid) -> Result<Assignment> {
        let row = on_db!(self.store, pool => {
            sqlx::query_as::<_, AssignmentRow>(&format!(
                "SELECT {ASSIGNMENT_COLS} FROM {ASSIGNMENT_FROM} WHERE a.id = $1"
            ))
            .bind(id).fetch_one(pool).await?
        });
        row.into_assignment()
    }

    /// A class's assignments, latest due first, with their completion.
    pub async fn class_assignments(&self, class_id: Uuid) -> Result<Vec<AssignmentProgress>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            assignment: AssignmentRow,
            pupils: i64,
            completed: i64,
        }
        let rows = on_db!(self.store, pool => {
            sqlx::query_as::<_, Row>(&format!(
                "SELECT {ASSIGNMENT_COLS},
                   (SELECT COUNT(*) FROM assignment_pupils ap WHERE ap.assignment_id = a.id) AS pupils,
                   (SELECT COUNT(*) FROM assignment_pupils ap WHERE ap.assignment_id = a.id
                      AND ap.completed_at IS NOT NULL) AS completed
                 FROM {ASSIGNMENT_FROM} WHERE a.class_id = $1 ORDER BY a.due_on DESC, a.created_at DESC"
            ))
            .bind(class_id).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(AssignmentProgress {
                    assignment: r.assignment.into_assignment()?,
                    pupils: r.pupils,
                    completed: r.completed,
                })
            })
            .collect()
    }

    /// Which pupils of an assignment completed it, and when.
    pub async fn assignment_pupils(
        &self,
        assignment_id: Uuid,
    ) -> Result<Vec<(Uuid, Option<DateTime<Utc>>)>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as("SELECT user_id, completed_at FROM assignment_pupils WHERE assignment_id = $1")
                .bind(assignment_id).fetch_all(pool).await?
        }))
    }

    /// A pupil's assignments: open ones by due date, then done ones, most recent first;
    /// capsules they may no longer watch are left out.
    pub async fn pupil_todo(&self, user_id: Uuid, limit: i64) -> Result<Vec<Todo>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            assignment: AssignmentRow,
            completed_at: Option<DateTime<Utc>>,
        }
        let sql = format!(
            "SELECT {ASSIGNMENT_COLS}, ap.completed_at
             FROM assignment_pupils ap JOIN assignments a ON a.id = ap.assignment_id
               JOIN classes cl ON cl.id = a.class_id
               LEFT JOIN capsules c ON c.id = a.capsule_id LEFT JOIN exercise_sets s ON s.id = a.set_id
             WHERE ap.user_id = $1 AND {STILL_OPEN}
             ORDER BY CASE WHEN ap.completed_at IS NULL THEN 0 ELSE 1 END, a.due_on, a.created_at
             LIMIT $2"
        );
        let in_place = self.store.read_in_place(|c| {
            query::all(c, &sql, &[&user_id, &limit], |row| {
                Ok(Row {
                    assignment: AssignmentRow::read(row)?,
                    completed_at: optional_timestamp(row, "completed_at")?,
                })
            })
        });
        let rows = match in_place {
            Some(read) => read?,
            None => on_db!(self.store, pool => {
                sqlx::query_as::<_, Row>(&sql).bind(user_id).bind(limit).fetch_all(pool).await?
            }),
        };
        rows.into_iter()
            .map(|r| {
                Ok(Todo {
                    assignment: r.assignment.into_assignment()?,
                    completed_at: r.completed_at,
                })
            })
            .collect()
    }
}
