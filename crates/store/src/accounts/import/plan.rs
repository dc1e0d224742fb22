//! Planning an import: each row checked against what the database holds and the
//! importer's scopes, and the writes it would make. Writes nothing (the dry run).

use lawha_core::import::{codes, ClassLevel, ClassRow, ParsedImport, PupilRow, TeacherRow};
use lawha_core::role::Grant;
use lawha_core::{new_id, Locale, Role};
use uuid::Uuid;

use super::lookups::Schools;
use super::{row_error, ImportPlan, Op, PlannedRow, RowAction};
use crate::accounts::guard::Login;
use crate::accounts::Accounts;
use crate::{Result, School, SchoolKind};

impl Accounts<'_> {
    /// The dry run: checks every row against the database and the importer's admin
    /// `grants`, and says what each would do. Writes nothing.
    pub async fn plan_import(&self, parsed: &ParsedImport, grants: &[Grant]) -> Result<ImportPlan> {
        let mut planner = Planner {
            accounts: *self,
            schools: Schools {
                store: self.store,
                grants,
                seen: Default::default(),
            },
            plan: ImportPlan {
                actor: grants.to_vec(),
                ..ImportPlan::default()
            },
        };
        match parsed {
            ParsedImport::Classes(rows) => {
                for r in rows {
                    planner.class(r).await?;
                }
            }
            ParsedImport::Pupils(rows) => {
                for r in rows {
                    planner.pupil(r).await?;
                }
            }
            ParsedImport::Teachers(rows) => {
                for r in rows {
                    planner.teacher(r).await?;
                }
            }
        }
        Ok(planner.plan)
    }
}

/// One planning pass: the plan so far, and the schools its rows named.
struct Planner<'a> {
    accounts: Accounts<'a>,
    schools: Schools<'a>,
    plan: ImportPlan,
}

impl Planner<'_> {
    /// The school row `row` names by `code`, or `None` with the row's error noted.
    async fn school(&mut self, row: usize, code: &str) -> Result<Option<School>> {
        self.schools.get(row, code, &mut self.plan).await
    }

    /// Whether `account`, which row `row` names by `value` in `column`, lies outside the
    /// importer's scopes; if so, the row's error is noted.
    async fn out_of_scope(
        &mut self,
        account: Uuid,
        row: usize,
        column: &str,
        value: &str,
    ) -> Result<bool> {
        if self
            .accounts
            .manages_account(self.schools.grants, account)
            .await?
        {
            return Ok(false);
        }
        let error = row_error(row, column, codes::ACCOUNT_OUT_OF_SCOPE, value);
        self.plan.errors.push(error);
        Ok(true)
    }

    async fn class(&mut self, r: &ClassRow) -> Result<()> {
        let Some(school) = self.school(r.row, &r.school_code).await? else {
            return Ok(());
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
            self.plan.errors.push(row_error(
                r.row,
                "level_code",
                "level-not-for-school",
                r.level.code(),
            ));
            return Ok(());
        }
        let existing = self
            .accounts
            .store
            .org()
            .find_class(school.id, &r.school_year, &r.class_name)
            .await?;
        let action = match &existing {
            None => RowAction::Create,
            Some(c) if c.level_or_programme() == r.level.code() && c.active => RowAction::Unchanged,
            Some(_) => RowAction::Update,
        };
        self.plan.rows.push(PlannedRow {
            row: r.row,
            action,
            label: format!("{} {} ({})", school.code, r.class_name, r.school_year),
        });
        if action != RowAction::Unchanged {
            self.plan.ops.push(Op::Class {
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

    async fn pupil(&mut self, r: &PupilRow) -> Result<()> {
        let Some(school) = self.school(r.row, &r.school_code).await? else {
            return Ok(());
        };
        let Some(class) = self
            .accounts
            .store
            .org()
            .find_class(school.id, &r.school_year, &r.class_name)
            .await?
        else {
            self.plan.errors.push(row_error(
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
        let existing = self
            .accounts
            .existing_user(Login::PupilCode, &r.pupil_code)
            .await?;
        let parent = match &r.parent_email {
            Some(email) => Some((
                email,
                self.accounts.existing_user(Login::Email, email).await?,
            )),
            None => None,
        };
        // Both accounts the row names must lie wholly in the importer's scopes; if either
        // does not, the row plans nothing.
        let mut foreign = false;
        if let Some(u) = &existing {
            foreign |= self
                .out_of_scope(u.id, r.row, "pupil_code", &r.pupil_code)
                .await?;
        }
        if let Some((email, Some(p))) = &parent {
            foreign |= self
                .out_of_scope(p.id, r.row, "parent_email", email)
                .await?;
        }
        if foreign {
            return Ok(());
        }
        let action = match &existing {
            None => RowAction::Create,
            Some(u) => {
                let same = u.display_name == r.display_name
                    && (r.locale.is_none() || u.locale.as_deref() == r.locale.map(Locale::code))
                    && self.accounts.has_grant(u.id, role, &class.scope()).await?;
                if same {
                    RowAction::Unchanged
                } else {
                    RowAction::Update
                }
            }
        };
        let user = existing.as_ref().map_or_else(new_id, |u| u.id);
        self.plan.rows.push(PlannedRow {
            row: r.row,
            action,
            label: r.pupil_code.clone(),
        });
        if action != RowAction::Unchanged {
            self.plan.ops.push(Op::Member {
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
                    self.accounts.is_parent_of(p.id, user).await?
                        && self
                            .accounts
                            .has_grant(p.id, Role::Parent, &school.scope())
                            .await?
                }
                None => false,
            };
            if !linked {
                if action == RowAction::Unchanged {
                    if let Some(planned) = self.plan.rows.last_mut() {
                        planned.action = RowAction::Update;
                    }
                }
                // A parent of several pupils of the file is created by the first row only.
                let existing = parent
                    .map(|p| p.id)
                    .or_else(|| self.plan.new_parents.get(email).copied());
                let parent_id = existing.unwrap_or_else(new_id);
                if existing.is_none() {
                    self.plan.new_parents.insert(email.clone(), parent_id);
                }
                self.plan.ops.push(Op::Parent {
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

    async fn teacher(&mut self, r: &TeacherRow) -> Result<()> {
        let Some(school) = self.school(r.row, &r.school_code).await? else {
            return Ok(());
        };
        let mut classes = Vec::new();
        for name in &r.classes {
            match self
                .accounts
                .store
                .org()
                .find_class(school.id, &r.school_year, name)
                .await?
            {
                Some(c) => classes.push(c.id),
                None => {
                    self.plan
                        .errors
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
        let existing = self.accounts.existing_user(Login::Email, &r.email).await?;
        if let Some(u) = &existing {
            if self.out_of_scope(u.id, r.row, "email", &r.email).await? {
                return Ok(());
            }
        }
        let action = match &existing {
            None => RowAction::Create,
            Some(u) => {
                let taught = self.accounts.taught_classes(u.id).await?;
                let same = u.display_name == r.display_name
                    && self.accounts.has_grant(u.id, role, &school.scope()).await?
                    && classes.iter().all(|c| taught.contains(c));
                if same {
                    RowAction::Unchanged
                } else {
                    RowAction::Update
                }
            }
        };
        self.plan.rows.push(PlannedRow {
            row: r.row,
            action,
            label: r.email.clone(),
        });
        if action != RowAction::Unchanged {
            self.plan.ops.push(Op::Teacher {
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
}
