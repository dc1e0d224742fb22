//! `POST /classes/{id}/slips.pdf`: credential slips for a class — one per pupil, with a
//! fresh one-time code — as a PDF to print and cut out (issue 18). For the class's
//! teachers and its school's administrators. A POST with the CSRF token: it issues codes.
//!
//! Each code is issued by `Recovery::issue_one_time_code`, which checks again, in its own
//! transaction, that the person may help that pupil and logs it (`help_log`); a pupil
//! outside the person's powers gets no slip. A pupil's earlier codes stay valid until used
//! or expired, like any code a helper gives.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lawha_store::StoreError;
use uuid::Uuid;

use super::access;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::page::PageCtx;
use crate::session::Signed;
use crate::slips::{self, Slip, SlipTexts};
use crate::AppState;

/// `POST /classes/{id}/slips.pdf`.
pub async fn print(
    State(state): State<AppState>,
    Signed(session): Signed,
    page: PageCtx,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let store = &state.store;
    let class = store.org().class(id).await?;
    if !access(store, &session, &class).await?.sees_pupils() {
        return Err(AppError::Forbidden);
    }
    let school = store.org().school(class.school_id).await?;
    let recovery = store.recovery();
    let mut slips = Vec::new();
    for pupil in store.accounts().class_members(class.id).await? {
        let Some(code) = pupil.pupil_code.clone() else {
            continue;
        };
        match recovery
            .issue_one_time_code(session.user.id, &session.grants, pupil.id)
            .await
        {
            Ok(one_time) => slips.push(Slip {
                name: pupil.display_name.clone(),
                pupil_code: code,
                one_time_code: one_time,
            }),
            // Outside this person's powers (an account with a role elsewhere): no slip.
            Err(StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    tracing::info!(helper = %session.user.id, class = %class.id, slips = slips.len(), "credential slips issued");
    let hours = lawha_store::recovery::secrets::one_time_code_lifetime().num_hours();
    let texts = SlipTexts {
        heading: format!("{} · {}", class.name, school.name(page.locale)),
        code_label: page.t("slips-pupil-code"),
        one_time_label: page.t("slips-one-time-code"),
        note: page.tn("slips-note", "hours", hours),
        rtl: page.dir() == "rtl",
    };
    let pdf = tokio::task::spawn_blocking(move || slips::pdf::render(&slips, &texts))
        .await
        .map_err(|e| AppError::internal(format!("slips rendering stopped: {e}")))?
        .map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"slips.pdf\"",
            ),
            // The codes are in it: no cache may keep it.
            (header::CACHE_CONTROL, "no-store"),
        ],
        pdf,
    )
        .into_response())
}
