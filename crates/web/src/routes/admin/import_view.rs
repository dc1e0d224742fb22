//! The pages of the CSV import: the upload form, the dry run (or the list of problems) and
//! the result with the new accounts' one-time passwords.

use askama::Template;
use lawha_core::import::{template_header, ImportKind, RowError};
use lawha_store::accounts::import::{ImportOutcome, ImportPlan, RowAction};

use crate::page::PageCtx;

/// Most planned rows listed on the dry-run page; the counts above cover them all.
const MAX_LISTED_ROWS: usize = 500;

/// Codes whose `detail` is an English explanation rather than the value at fault: the
/// translated message says it all.
const FILE_LEVEL_CODES: [&str; 5] = [
    "not-utf8",
    "empty-file",
    "too-many-rows",
    "too-many-errors",
    "malformed-csv",
];

pub struct KindInfo {
    pub value: &'static str,
    pub key: &'static str,
    pub note_key: &'static str,
    pub header: &'static str,
}

pub fn kind_key(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Classes => "import-kind-classes",
        ImportKind::Pupils => "import-kind-pupils",
        ImportKind::Teachers => "import-kind-teachers",
    }
}

fn kinds() -> Vec<KindInfo> {
    ImportKind::ALL
        .into_iter()
        .map(|k| KindInfo {
            value: k.as_str(),
            key: kind_key(k),
            note_key: match k {
                ImportKind::Classes => "import-note-classes",
                ImportKind::Pupils => "import-note-pupils",
                ImportKind::Teachers => "import-note-teachers",
            },
            header: template_header(k),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "admin/import.html")]
pub struct ImportPage {
    page: PageCtx,
    kinds: Vec<KindInfo>,
    kind: String,
    /// Translation key of a problem with the upload itself ("" when none).
    error_key: &'static str,
}

impl ImportPage {
    pub fn new(page: PageCtx, kind: &str, error_key: &'static str) -> ImportPage {
        ImportPage {
            page,
            kinds: kinds(),
            kind: kind.to_string(),
            error_key,
        }
    }
}

pub struct ErrorLine {
    pub row: usize,
    pub column: String,
    pub message: String,
    pub value: String,
    pub earlier: Option<usize>,
}

pub struct PlanLine {
    pub row: usize,
    pub action_key: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "admin/import_preview.html")]
pub struct PreviewPage {
    page: PageCtx,
    kind: &'static str,
    kind_key: &'static str,
    /// Problems found; when any, nothing else is shown and nothing can be applied.
    errors: Vec<ErrorLine>,
    created: i64,
    updated: i64,
    unchanged: i64,
    new_parents: i64,
    rows: Vec<PlanLine>,
    hidden_rows: i64,
    /// The file's text, sent back with the confirmation.
    csv: String,
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl PreviewPage {
    /// The page listing every problem of a file (by row and column).
    pub fn with_errors(page: PageCtx, kind: ImportKind, errors: &[RowError]) -> PreviewPage {
        let errors = errors
            .iter()
            .map(|e| ErrorLine {
                row: e.row,
                column: e.column.clone().unwrap_or_default(),
                message: page.err(e.code),
                value: if FILE_LEVEL_CODES.contains(&e.code) {
                    String::new()
                } else {
                    e.detail.clone().unwrap_or_default()
                },
                earlier: e.earlier_row,
            })
            .collect();
        PreviewPage {
            page,
            kind: kind.as_str(),
            kind_key: kind_key(kind),
            errors,
            created: 0,
            updated: 0,
            unchanged: 0,
            new_parents: 0,
            rows: Vec::new(),
            hidden_rows: 0,
            csv: String::new(),
        }
    }

    /// The dry run of a clean file, with the form that applies it.
    pub fn with_plan(
        page: PageCtx,
        kind: ImportKind,
        plan: &ImportPlan,
        csv: String,
    ) -> PreviewPage {
        let rows = plan
            .rows
            .iter()
            .take(MAX_LISTED_ROWS)
            .map(|r| PlanLine {
                row: r.row,
                action_key: action_key(r.action),
                label: r.label.clone(),
            })
            .collect();
        PreviewPage {
            page,
            kind: kind.as_str(),
            kind_key: kind_key(kind),
            errors: Vec::new(),
            created: count(plan.count(RowAction::Create)),
            updated: count(plan.count(RowAction::Update)),
            unchanged: count(plan.count(RowAction::Unchanged)),
            new_parents: count(plan.new_parents()),
            rows,
            hidden_rows: count(plan.rows.len().saturating_sub(MAX_LISTED_ROWS)),
            csv,
        }
    }
}

fn action_key(action: RowAction) -> &'static str {
    match action {
        RowAction::Create => "import-create",
        RowAction::Update => "import-update",
        RowAction::Unchanged => "import-unchanged",
    }
}

pub struct CredentialLine {
    pub display_name: String,
    pub role_key: String,
    pub login: String,
    pub password: String,
}

#[derive(Template)]
#[template(path = "admin/import_result.html")]
pub struct ResultPage {
    page: PageCtx,
    kind_key: &'static str,
    created: i64,
    updated: i64,
    unchanged: i64,
    credentials: Vec<CredentialLine>,
}

impl ResultPage {
    pub fn new(page: PageCtx, kind: ImportKind, outcome: ImportOutcome) -> ResultPage {
        ResultPage {
            page,
            kind_key: kind_key(kind),
            created: count(outcome.created),
            updated: count(outcome.updated),
            unchanged: count(outcome.unchanged),
            credentials: outcome
                .credentials
                .into_iter()
                .map(|c| CredentialLine {
                    display_name: c.display_name,
                    role_key: format!("role-{}", c.role.as_str()),
                    login: c.login,
                    password: c.password,
                })
                .collect(),
        }
    }
}
