//! Applying a parsed CSV import (classes, pupils, teachers) to the database.
//!
//! Two steps: [`crate::Accounts::plan_import`] checks every row against what the database
//! holds (schools exist and lie in the importer's scope, classes exist…) and says, row by row,
//! what would be created, updated or left unchanged — that is the dry run. Then
//! [`crate::Accounts::apply_import`] plans again and writes everything in one transaction: all
//! rows or none. Rows are matched on natural keys (school code + year + class name, pupil code,
//! teacher e-mail), so importing the same file twice changes nothing the second time.
//!
//! A row may only name an account that lies wholly inside the importer's scopes (every
//! grant it holds, see [`lawha_core::role::can_manage_account`]); one that names an account
//! of another school or region is an error on that row, never an update. Applying checks
//! this again for each account, locked, inside the transaction that writes
//! (`accounts::guard`).

mod apply;
mod lookups;
mod plan;

use std::collections::HashMap;

use lawha_core::import::{ClassLevel, RowError};
use lawha_core::role::Grant;
use lawha_core::{Locale, Role};
use serde::Serialize;
use uuid::Uuid;

use crate::{Class, School};

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
