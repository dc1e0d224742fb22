//! CSV imports of classes, pupils and teachers, in two steps: the upload answers with a
//! dry run (what each row would do, or every problem by row and column, with nothing
//! written), and a confirmation applies the same file in one transaction.
//!
//! The confirmation carries the file's text back in a hidden field rather than keeping it
//! on the server, so nothing half-imported lingers and any node can apply it; the store
//! plans again before writing, so a file that went stale in between is refused whole.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::Multipart;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use lawha_core::import::{parse, template_header, ImportKind};
use serde::Deserialize;

use super::import_view::{ImportPage, PreviewPage, ResultPage};
use super::shared::AdminPage;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::RawForm;
use crate::page::{render, PageCtx};
use crate::session::Admin;
use crate::upload::{read_limited, read_text, UploadError};
use crate::AppState;

/// Largest file accepted: a whole school's pupils fit many times over.
const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// `GET /admin/import`: the upload form and the columns each kind of file has.
pub async fn form(_admin: Admin, page: PageCtx) -> AppResult<Response> {
    render(&ImportPage::new(page, "", ""))
}

/// `GET /admin/import/template/{kind}`: an empty file with the header row, to fill in.
pub async fn template(_admin: Admin, Path(kind): Path<String>) -> AppResult<Response> {
    let kind = ImportKind::parse(&kind).ok_or(AppError::NotFound)?;
    // The byte-order mark makes spreadsheet programs read the file as UTF-8 (Arabic names).
    let body = format!("\u{feff}{}\r\n", template_header(kind));
    let disposition = format!("attachment; filename=\"lawha-{}.csv\"", kind.as_str());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

fn page_with(status: StatusCode, view: &impl Template) -> AppResult<Response> {
    Ok((status, Html(view.render()?)).into_response())
}

#[derive(Default)]
struct Upload {
    kind: String,
    file: Vec<u8>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, UploadError> {
    let mut upload = Upload::default();
    while let Some(mut field) = multipart.next_field().await? {
        match field.name() {
            Some("kind") => {
                upload.kind = read_text(&mut field, 64).await?.trim().to_string();
            }
            Some("file") => upload.file = read_limited(&mut field, MAX_UPLOAD_BYTES).await?,
            // Other fields (the CSRF token, checked already) are skipped.
            _ => {}
        }
    }
    Ok(upload)
}

/// Parses and plans a file: the dry-run page, with errors (422) or the plan (200).
async fn dry_run(
    state: &AppState,
    admin: &Admin,
    page: PageCtx,
    kind: ImportKind,
    bytes: &[u8],
) -> AppResult<Response> {
    let parsed = match parse(kind, bytes) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let view = PreviewPage::with_errors(page, kind, &errors);
            return page_with(StatusCode::UNPROCESSABLE_ENTITY, &view);
        }
    };
    let plan = state
        .store
        .accounts()
        .plan_import(&parsed, admin.grants())
        .await?;
    if !plan.errors.is_empty() {
        let view = PreviewPage::with_errors(page, kind, &plan.errors);
        return page_with(StatusCode::UNPROCESSABLE_ENTITY, &view);
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    render(&PreviewPage::with_plan(page, kind, &plan, text))
}

/// `POST /admin/import?csrf=…` (multipart: `kind`, `file`): the dry run. Writes nothing.
pub async fn preview(
    AdminPage { state, admin, page }: AdminPage,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let upload = match multipart {
        Ok(m) => read_upload(m).await,
        Err(_) => Err(UploadError::Broken),
    };
    let upload = match upload {
        Ok(u) => u,
        Err(UploadError::TooLarge) => {
            let view = ImportPage::new(page, "", "import-too-large");
            return page_with(StatusCode::PAYLOAD_TOO_LARGE, &view);
        }
        Err(UploadError::Broken) => {
            let view = ImportPage::new(page, "", "import-broken-upload");
            return page_with(StatusCode::BAD_REQUEST, &view);
        }
    };
    let Some(kind) = ImportKind::parse(&upload.kind) else {
        let view = ImportPage::new(page, "", "import-choose-kind");
        return page_with(StatusCode::UNPROCESSABLE_ENTITY, &view);
    };
    if makes_accounts_on_a_node(&state, kind) {
        let view = ImportPage::new(page, kind.as_str(), "accounts-made-on-platform");
        return page_with(StatusCode::CONFLICT, &view);
    }
    if upload.file.is_empty() {
        let view = ImportPage::new(page, kind.as_str(), "import-no-file");
        return page_with(StatusCode::UNPROCESSABLE_ENTITY, &view);
    }
    tracing::info!(
        kind = kind.as_str(),
        bytes = upload.file.len(),
        "import previewed"
    );
    dry_run(&state, &admin, page, kind, &upload.file).await
}

/// The confirmation form of an import: the kind and the previewed file, exactly as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ApplyFields {
    kind: String,
    csv: String,
}

/// `POST /admin/import/apply` (`kind`, `csv`): plans the file again and, if it is still
/// clean, writes every row in one transaction; shows new accounts' one-time passwords.
pub async fn apply(
    AdminPage { state, admin, page }: AdminPage,
    RawForm(form): RawForm<ApplyFields>,
) -> AppResult<Response> {
    let Some(kind) = ImportKind::parse(form.kind.trim()) else {
        let view = ImportPage::new(page, "", "import-choose-kind");
        return page_with(StatusCode::UNPROCESSABLE_ENTITY, &view);
    };
    if makes_accounts_on_a_node(&state, kind) {
        let view = ImportPage::new(page, kind.as_str(), "accounts-made-on-platform");
        return page_with(StatusCode::CONFLICT, &view);
    }
    let text = form.csv.as_str();
    if text.len() > MAX_UPLOAD_BYTES {
        let view = ImportPage::new(page, kind.as_str(), "import-too-large");
        return page_with(StatusCode::PAYLOAD_TOO_LARGE, &view);
    }
    let parsed = match parse(kind, text.as_bytes()) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let view = PreviewPage::with_errors(page, kind, &errors);
            return page_with(StatusCode::UNPROCESSABLE_ENTITY, &view);
        }
    };
    match state
        .store
        .accounts()
        .apply_import(&parsed, admin.grants())
        .await?
    {
        Ok(outcome) => {
            tracing::info!(
                kind = kind.as_str(),
                created = outcome.created,
                updated = outcome.updated,
                unchanged = outcome.unchanged,
                "import applied"
            );
            render(&ResultPage::new(page, kind, outcome))
        }
        Err(errors) => {
            let view = PreviewPage::with_errors(page, kind, &errors);
            page_with(StatusCode::UNPROCESSABLE_ENTITY, &view)
        }
    }
}

/// Whether this import would make accounts on a school node, where accounts are made on
/// the platform only (see `users::refuse_on_a_node`): pupils' and teachers' files create
/// the accounts they do not find.
fn makes_accounts_on_a_node(state: &AppState, kind: ImportKind) -> bool {
    state.config.school_node && matches!(kind, ImportKind::Pupils | ImportKind::Teachers)
}
