//! Applying a parsed CSV import (classes, pupils, teachers) to the database.
//!
//! Two steps: [`Accounts::plan_import`] checks every row against what the database holds
//! (schools exist and lie in the importer's scope, classes exist…) and says, row by row,
//! what would be created, updated or left unchanged — that is the dry run. Then
//! [`Accounts::apply_import`] plans again and writes everything in one transaction: all rows
//! or none. Rows are matched on natural keys (school code + year + class name, pupil code,
//! teacher e-mail), so importing the same file twice changes nothing the second time.
//!
//! A row may only name an account that lies wholly inside the importer's scopes (every
//! grant it holds, see [`lawha_core::role::can_manage_account`]); one that names an account
//! of another school or region is an error on that row, never an update. Applying checks
//! this again for each account, locked, inside the transaction that writes
//! (`accounts::guard`).

use std::collections::HashMap;

use lawha_core::import::{
    codes, ClassLevel, ClassRow, ParsedImport, PupilRow, RowError, TeacherRow,
};
use lawha_core::role::{can_administer, Grant};
use lawha_core::{new_id, password, Locale, Role, Scope};
use serde::Serialize;
use uuid::Uuid;

use super::Accounts;
use crate::accounts::grants::GrantWrites;
use crate::accounts::guard::{recheck_named_account, Login};
use crate::accounts::users::hash_password;
use crate::BeginWrite;
use crate::{Class, Result, School, SchoolKind, Store, StoreError};

/// What importing a row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
}

/// One row of the dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedRow {
    pub row: usize,
    pub action: RowAction,
    /// What the row is about: a class name, a pupil code, an e-mail.
    pub label: String,
}

/// The dry run: what each row would do, or what is wrong.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportPlan {
    pub rows: Vec<PlannedRow>,
    pub errors: Vec<RowError>,
    ops: Vec<Op>,
    /// The importer's grants: applying checks every account against them again.
    #[serde(skip)]
    actor: Vec<Grant>,
    /// Parent accounts this file creates, by e-mail: siblings share one.
    #[serde(skip)]
    new_parents: HashMap<String, Uuid>,
}

impl ImportPlan {
    pub fn count(&self, action: RowAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }

    /// Parent accounts the import would create (pupils files with `parent_email`).
    pub fn new_parents(&self) -> usize {
        self.ops
            .iter()
            .filter(|op| matches!(op, Op::Parent { existing: None, .. }))
            .count()
    }
}

/// An account the import created, with its initial password (shown once, to print).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCredential {
    pub role: Role,
    pub login: String,
    pub display_name: String,
    pub password: String,
}

/// What an applied import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub credentials: Vec<NewCredential>,
}

/// A write the import will make. New records get their ids at planning time so that later
/// operations (a parent's link to a new pupil) can refer to them.
#[derive(Debug, Clone, Serialize)]
enum Op {
    Class {
        id: Uuid,
        create: bool,
        school: School,
        name: String,
        year: String,
        level: ClassLevel,
    },
    Member {
        row: usize,
        user: Uuid,
        existing: bool,
        code: String,
        display_name: String,
        locale: Option<Locale>,
        role: Role,
        class: Class,
    },
    /// `existing`: the parent's account when this op runs — one already stored, or one
    /// created by an earlier row of the file (a sibling's); `None` creates it.
    Parent {
        row: usize,
        user: Uuid,
        existing: Option<Uuid>,
        email: String,
        display_name: String,
        school: School,
        pupil: Uuid,
        /// The pupil's code: the pupil is checked again too before the link is written.
        pupil_code: String,
    },
    Teacher {
        row: usize,
        user: Uuid,
        existing: bool,
        email: String,
        display_name: String,
        role: Role,
        school: School,
        classes: Vec<Uuid>,
        subject: Option<String>,
    },
}

fn row_error(row: usize, column: &str, code: &'static str, detail: &str) -> RowError {
    RowError {
        row,
        column: Some(column.to_string()),
        code,
        detail: Some(detail.to_string()),
        earlier_row: None,
    }
}

/// Schools looked up once per code, checked against the importer's scopes.
struct Schools<'a> {
    store: &'a Store,
    grants: &'a [Grant],
    seen: std::collections::HashMap<String, Option<School>>,
}

impl Schools<'_> {
    async fn get(&mut self, row: usize, code: &str) -> Result<Result<School, RowError>> {
        if !self.seen.contains_key(code) {
            let school = match self.store.org().school_by_code(code).await {
                Ok(s) => Some(s),
                Err(StoreError::NotFound) => None,
                Err(e) => return Err(e),
            };
            self.seen.insert(code.to_string(), school);
        }
        Ok(match self.seen.get(code).cloned().flatten() {
            None => Err(row_error(row, "school_code", "unknown-school", code)),
            Some(s) if !can_administer(self.grants, &s.scope()) => {
                Err(row_error(row, "school_code", "school-out-of-scope", code))
            }
            Some(s) if !s.active => Err(row_error(row, "school_code", "school-inactive", code)),
            Some(s) => Ok(s),
        })
    }
}

#[derive(sqlx::FromRow)]
struct Existing {
    id: Uuid,
    display_name: String,
    locale: Option<String>,
}

impl Accounts<'_> {
    /// The dry run: checks every row against the database and the importer's admin
    /// `grants`, and says what each would do. Writes nothing.
    pub async fn plan_import(&self, parsed: &ParsedImport, grants: &[Grant]) -> Result<ImportPlan> {
        let mut schools = Schools {
            store: self.store,
            grants,
            seen: Default::default(),
        };
        let mut plan = ImportPlan {
            actor: grants.to_vec(),
            ..ImportPlan::default()
        };
        match parsed {
            ParsedImport::Classes(rows) => {
                for r in rows {
                    self.plan_class(r, &mut schools, &mut plan).await?;
                }
            }
            ParsedImport::Pupils(rows) => {
                for r in rows {
                    self.plan_pupil(r, &mut schools, &mut plan).await?;
                }
            }
            ParsedImport::Teachers(rows) => {
                for r in rows {
                    self.plan_teacher(r, &mut schools, &mut plan).await?;
                }
            }
        }
        Ok(plan)
    }

    async fn plan_class(
        &self,
        r: &ClassRow,
        schools: &mut Schools<'_>,
        plan: &mut ImportPlan,
    ) -> Result<()> {
        let school = match schools.get(r.row, &r.school_code).await? {
            Ok(s) => s,
            Err(e) => {
                plan.errors.push(e);
                return Ok(());
            }
        };
        let kind_fits = matches!(
            (&r.level, school.kind),
            (ClassLevel::Level(_), SchoolKind::School)
                | (
                    ClassLevel::Programme(_),
                    SchoolKind::Vocational | SchoolKind::Preparatory
                )
        );
        if !kind_fits {
            plan.errors.push(row_error(
                r.row,
                "level_code",
                "level-not-for-school",
                r.level.code(),
            ));
            return Ok(());
        }
        let existing = self
            .store
            .org()
            .find_class(school.id, &r.school_year, &r.class_name)
            .await?;
        let action = match &existing {
            None => RowAction::Create,
            Some(c) if c.level_or_programme() == r.level.code() && c.active => RowAction::Unchanged,
            Some(_) => RowAction::Update,
        };
        plan.rows.push(PlannedRow {
            row: r.row,
            action,
            label: format!("{} {} ({})", school.code, r.class_name, r.school_year),
        });
        if action != RowAction::Unchanged {
            plan.ops.push(Op::Class {
                id: existing.as_ref().map_or_else(new_id, |c| c.id),
                create: existing.is_none(),
                school,
                name: r.class_name.clone(),
                year: r.school_year.clone(),
                level: r.level.clone(),
            });
        }
        Ok(())
    }

    async fn plan_pupil(
        &self,
        r: &PupilRow,
        schools: &mut Schools<'_>,
        plan: &mut ImportPlan,
    ) -> Result<()> {
        let school = match schools.get(r.row, &r.school_code).await? {
            Ok(s) => s,
            Err(e) => {
                plan.errors.push(e);
                return Ok(());
            }
        };
        let Some(class) = self
            .store
            .org()
            .find_class(school.id, &r.school_year, &r.class_name)
            .await?
        else {
            plan.errors.push(row_error(
                r.row,
                "class_name",
                "unknown-class",
                &r.class_name,
            ));
            return Ok(());
        };
        let role = if class.programme_code.is_some() {
            Role::Trainee
        } else {
            Role::Pupil
        };
        let existing = self.existing_user(Login::PupilCode, &r.pupil_code).await?;
        let parent = match &r.parent_email {
            Some(email) => Some((email, self.existing_user(Login::Email, email).await?)),
            None => None,
        };
        // Both accounts the row names must lie wholly in the importer's scopes; if either
        // does not, the row plans nothing.
        let mut foreign = false;
        if let Some(u) = &existing {
            if !self.manages_account(schools.grants, u.id).await? {
                plan.errors.push(row_error(
                    r.row,
                    "pupil_code",
                    codes::ACCOUNT_OUT_OF_SCOPE,
                    &r.pupil_code,
                ));
                foreign = true;
            }
        }
        if let Some((email, Some(p))) = &parent {
            if !self.manages_account(schools.grants, p.id).await? {
                plan.errors.push(row_error(
                    r.row,
                    "parent_email",
                    codes::ACCOUNT_OUT_OF_SCOPE,
                    email,
                ));
                foreign = true;
            }
        }
        if foreign {
            return Ok(());
        }
        let action = match &existing {
            None => RowAction::Create,
            Some(u) => {
                let same = u.display_name == r.display_name
                    && (r.locale.is_none() || u.locale.as_deref() == r.locale.map(Locale::code))
                    && self.has_grant(u.id, role, &class.scope()).await?;
                if same {
                    RowAction::Unchanged
                } else {
                    RowAction::Update
                }
            }
        };
        let user = existing.as_ref().map_or_else(new_id, |u| u.id);
        plan.rows.push(PlannedRow {
            row: r.row,
            action,
            label: r.pupil_code.clone(),
        });
        if action != RowAction::Unchanged {
            plan.ops.push(Op::Member {
                row: r.row,
                user,
                existing: existing.is_some(),
                code: r.pupil_code.clone(),
                display_name: r.display_name.clone(),
                locale: r.locale,
                role,
                class,
            });
        }
        if let Some((email, parent)) = parent {
            let linked = match &parent {
                Some(p) => {
                    self.is_parent_of(p.id, user).await?
                        && self.has_grant(p.id, Role::Parent, &school.scope()).await?
                }
                None => false,
            };
            if !linked {
                if action == RowAction::Unchanged {
                    if let Some(planned) = plan.rows.last_mut() {
                        planned.action = RowAction::Update;
                    }
                }
                // A parent of several pupils of the file is created by the first row only.
                let existing = parent
                    .map(|p| p.id)
                    .or_else(|| plan.new_parents.get(email).copied());
                let parent_id = existing.unwrap_or_else(new_id);
                if existing.is_none() {
                    plan.new_parents.insert(email.clone(), parent_id);
                }
                plan.ops.push(Op::Parent {
                    row: r.row,
                    user: parent_id,
                    existing,
                    email: email.clone(),
                    display_name: format!("ولي أمر {0} / Parent de {0}", r.display_name),
                    school,
                    pupil: user,
                    pupil_code: r.pupil_code.clone(),
                });
            }
        }
        Ok(())
    }

    async fn plan_teacher(
        &self,
        r: &TeacherRow,
        schools: &mut Schools<'_>,
        plan: &mut ImportPlan,
    ) -> Result<()> {
        let school = match schools.get(r.row, &r.school_code).await? {
            Ok(s) => s,
            Err(e) => {
                plan.errors.push(e);
                return Ok(());
            }
        };
        let mut classes = Vec::new();
        for name in &r.classes {
            match self
                .store
                .org()
                .find_class(school.id, &r.school_year, name)
                .await?
            {
                Some(c) => classes.push(c.id),
                None => {
                    plan.errors
                        .push(row_error(r.row, "classes", "unknown-class", name));
                    return Ok(());
                }
            }
        }
        let role = if school.kind == SchoolKind::Vocational {
            Role::VocationalTrainer
        } else {
            Role::Teacher
        };
        let existing = self.existing_user(Login::Email, &r.email).await?;
        if let Some(u) = &existing {
            if !self.manages_account(schools.grants, u.id).await? {
                plan.errors.push(row_error(
                    r.row,
                    "email",
                    codes::ACCOUNT_OUT_OF_SCOPE,
                    &r.email,
                ));
                return Ok(());
            }
        }
        let action = match &existing {
            None => RowAction::Create,
            Some(u) => {
                let taught = self.taught_classes(u.id).await?;
                let same = u.display_name == r.display_name
                    && self.has_grant(u.id, role, &school.scope()).await?
                    && classes.iter().all(|c| taught.contains(c));
                if same {
                    RowAction::Unchanged
                } else {
                    RowAction::Update
                }
            }
        };
        plan.rows.push(PlannedRow {
            row: r.row,
            action,
            label: r.email.clone(),
        });
        if action != RowAction::Unchanged {
            plan.ops.push(Op::Teacher {
                row: r.row,
                user: existing.as_ref().map_or_else(new_id, |u| u.id),
                existing: existing.is_some(),
                email: r.email.clone(),
                display_name: r.display_name.clone(),
                role,
                school,
                classes,
                subject: r.subject.clone(),
            });
        }
        Ok(())
    }

    async fn existing_user(&self, login: Login, value: &str) -> Result<Option<Existing>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Existing>(&format!(
                "SELECT id, display_name, locale FROM users WHERE {} = $1",
                login.column()
            ))
            .bind(value).fetch_optional(pool).await?
        }))
    }

    async fn has_grant(&self, user: Uuid, role: Role, scope: &Scope) -> Result<bool> {
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM role_grants WHERE user_id = $1 AND role = $2 AND scope_key = $3")
                .bind(user).bind(role.as_str()).bind(scope.key().to_string()).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    async fn is_parent_of(&self, parent: Uuid, pupil: Uuid) -> Result<bool> {
        let n: i64 = on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM parent_links WHERE parent_id = $1 AND pupil_id = $2")
                .bind(parent).bind(pupil).fetch_one(pool).await?
        });
        Ok(n > 0)
    }

    async fn taught_classes(&self, user: Uuid) -> Result<Vec<Uuid>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_scalar("SELECT class_id FROM class_teachers WHERE user_id = $1")
                .bind(user).fetch_all(pool).await?
        }))
    }

    /// Plans the import again and, if no row has a problem, applies it in one transaction.
    /// Returns the row errors instead when there are any; nothing is written then.
    pub async fn apply_import(
        &self,
        parsed: &ParsedImport,
        grants: &[Grant],
    ) -> Result<std::result::Result<ImportOutcome, Vec<RowError>>> {
        let plan = self.plan_import(parsed, grants).await?;
        self.apply_plan(&plan).await
    }

    /// Applies a plan in one transaction, on behalf of the grants it was made with. Each
    /// account a row names is locked and checked again inside the transaction, just before
    /// its row is written: still wholly inside the importer's scopes, still the account the
    /// plan saw. A plan that went stale is refused whole, with the row at fault.
    pub async fn apply_plan(
        &self,
        plan: &ImportPlan,
    ) -> Result<std::result::Result<ImportOutcome, Vec<RowError>>> {
        if !plan.errors.is_empty() {
            return Ok(Err(plan.errors.clone()));
        }
        // Passwords for new accounts are generated and hashed before the transaction,
        // so that it stays short.
        let mut credentials = Vec::new();
        let mut hashes = std::collections::HashMap::new();
        for op in &plan.ops {
            let (user, role, login, name) = match op {
                Op::Member {
                    user,
                    existing: false,
                    code,
                    display_name,
                    role,
                    ..
                } => (*user, *role, code, display_name),
                Op::Parent {
                    user,
                    existing: None,
                    email,
                    display_name,
                    ..
                } => (*user, Role::Parent, email, display_name),
                Op::Teacher {
                    user,
                    existing: false,
                    email,
                    display_name,
                    role,
                    ..
                } => (*user, *role, email, display_name),
                _ => continue,
            };
            let initial = password::generate();
            hashes.insert(user, hash_password(self.store, initial.clone()).await?);
            credentials.push(NewCredential {
                role,
                login: login.clone(),
                display_name: name.clone(),
                password: initial,
            });
        }
        let at = self.store.now();
        on_db!(self.store, pool => {
            let mut tx = pool.begin_write().await?;
            for op in &plan.ops {
                match op {
                    Op::Class { id, create, school, name, year, level } => {
                        let (level_code, programme_code) = match level {
                            ClassLevel::Level(c) => (Some(c.as_str()), None),
                            ClassLevel::Programme(c) => (None, Some(c.as_str())),
                        };
                        if *create {
                            sqlx::query(
                                "INSERT INTO classes (id, school_id, region_id, name, school_year, level_code,
                                   programme_code, active, created_at, updated_at)
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8, $8)",
                            )
                            .bind(id).bind(school.id).bind(school.region_id).bind(name).bind(year)
                            .bind(level_code).bind(programme_code).bind(at)
                            .execute(&mut *tx).await?;
                        } else {
                            sqlx::query(
                                "UPDATE classes SET level_code = $2, programme_code = $3, active = TRUE,
                                   updated_at = $4 WHERE id = $1",
                            )
                            .bind(id).bind(level_code).bind(programme_code).bind(at)
                            .execute(&mut *tx).await?;
                        }
                    }
                    Op::Member { row, user, existing, code, display_name, locale, role, class } => {
                        let planned = existing.then_some(*user);
                        if let Some(e) = recheck_named_account(&mut *tx, Login::PupilCode, code, planned, &plan.actor).await? {
                            return Ok(Err(vec![row_error(*row, "pupil_code", e, code)]));
                        }
                        let search = crate::model::search_text(&[display_name, code]);
                        if *existing {
                            sqlx::query(
                                "UPDATE users SET display_name = $2, search_text = $3,
                                   locale = COALESCE($4, locale), updated_at = $5 WHERE id = $1",
                            )
                            .bind(user).bind(display_name).bind(&search).bind(locale.map(Locale::code)).bind(at)
                            .execute(&mut *tx).await?;
                            // A pupil belongs to one class: moving replaces the membership.
                            sqlx::query("DELETE FROM role_grants WHERE user_id = $1 AND role IN ('pupil', 'trainee')")
                                .bind(user).execute(&mut *tx).await?;
                        } else {
                            sqlx::query(
                                "INSERT INTO users (id, pupil_code, display_name, search_text, password_hash,
                                   locale, active, must_change_password, created_at, updated_at)
                                 VALUES ($1, $2, $3, $4, $5, $6, TRUE, TRUE, $7, $7)",
                            )
                            .bind(user).bind(code).bind(display_name).bind(&search)
                            .bind(hashes.get(user).cloned().unwrap_or_default())
                            .bind(locale.map(Locale::code)).bind(at)
                            .execute(&mut *tx).await?;
                        }
                        tx.insert_grant(*user, *role, &class.scope(), at).await?;
                    }
                    Op::Parent { row, user, existing, email, display_name, school, pupil, pupil_code } => {
                        // By now the pupil exists: stored before, or created by this row.
                        if let Some(e) = recheck_named_account(&mut *tx, Login::PupilCode, pupil_code, Some(*pupil), &plan.actor).await? {
                            return Ok(Err(vec![row_error(*row, "pupil_code", e, pupil_code)]));
                        }
                        if let Some(e) = recheck_named_account(&mut *tx, Login::Email, email, *existing, &plan.actor).await? {
                            return Ok(Err(vec![row_error(*row, "parent_email", e, email)]));
                        }
                        if existing.is_none() {
                            sqlx::query(
                                "INSERT INTO users (id, email, display_name, search_text, password_hash,
                                   active, must_change_password, created_at, updated_at)
                                 VALUES ($1, $2, $3, $4, $5, TRUE, TRUE, $6, $6)",
                            )
                            .bind(user).bind(email).bind(display_name)
                            .bind(crate::model::search_text(&[display_name, email]))
                            .bind(hashes.get(user).cloned().unwrap_or_default()).bind(at)
                            .execute(&mut *tx).await?;
                        }
                        tx.insert_grant(*user, Role::Parent, &school.scope(), at).await?;
                        sqlx::query(
                            "INSERT INTO parent_links (parent_id, pupil_id) VALUES ($1, $2)
                             ON CONFLICT (parent_id, pupil_id) DO NOTHING",
                        )
                        .bind(user).bind(pupil).execute(&mut *tx).await?;
                    }
                    Op::Teacher { row, user, existing, email, display_name, role, school, classes, subject } => {
                        let planned = existing.then_some(*user);
                        if let Some(e) = recheck_named_account(&mut *tx, Login::Email, email, planned, &plan.actor).await? {
                            return Ok(Err(vec![row_error(*row, "email", e, email)]));
                        }
                        let search = crate::model::search_text(&[display_name, email]);
                        if *existing {
                            sqlx::query("UPDATE users SET display_name = $2, search_text = $3, updated_at = $4 WHERE id = $1")
                                .bind(user).bind(display_name).bind(&search).bind(at)
                                .execute(&mut *tx).await?;
                        } else {
                            sqlx::query(
                                "INSERT INTO users (id, email, display_name, search_text, password_hash,
                                   active, must_change_password, created_at, updated_at)
                                 VALUES ($1, $2, $3, $4, $5, TRUE, TRUE, $6, $6)",
                            )
                            .bind(user).bind(email).bind(display_name).bind(&search)
                            .bind(hashes.get(user).cloned().unwrap_or_default()).bind(at)
                            .execute(&mut *tx).await?;
                        }
                        tx.insert_grant(*user, *role, &school.scope(), at).await?;
                        for class in classes {
                            sqlx::query(
                                "INSERT INTO class_teachers (class_id, user_id, subject_code) VALUES ($1, $2, $3)
                                 ON CONFLICT (class_id, user_id) DO UPDATE SET subject_code = excluded.subject_code",
                            )
                            .bind(class).bind(user).bind(subject).execute(&mut *tx).await?;
                        }
                    }
                }
            }
            tx.commit().await?;
        });
        Ok(Ok(ImportOutcome {
            created: plan.count(RowAction::Create),
            updated: plan.count(RowAction::Update),
            unchanged: plan.count(RowAction::Unchanged),
            credentials,
        }))
    }
}
