//! Applying a planned import in one transaction, each named account locked and checked
//! again just before its row is written.

use lawha_core::import::{ClassLevel, ParsedImport, RowError};
use lawha_core::role::Grant;
use lawha_core::{password, Locale, Role};

use super::{row_error, ImportOutcome, ImportPlan, NewCredential, Op, RowAction};
use crate::accounts::grants::GrantWrites;
use crate::accounts::guard::{recheck_named_account, Login};
use crate::accounts::passwords::hash_password;
use crate::accounts::Accounts;
use crate::{BeginWrite, Result};

impl Accounts<'_> {
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
