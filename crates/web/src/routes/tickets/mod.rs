//! The hotline (issue 18): anyone files a ticket and follows it with a secret reference
//! ([`filing`]); support agents work their regions' queue and act on a ticket — take,
//! reply from canned ar/fr texts, ask for information, resolve, escalate, and help the
//! filer back in ([`work`]); administrators read what was escalated to them, the audit log
//! and the service levels, and authors the reports on their content ([`oversight`]).
//!
//! Who sees which ticket is `lawha_core::help::reach`, applied by the store inside each
//! read and write: outside it a ticket does not exist (404).

use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

pub mod filing;
pub mod oversight;
pub mod work;

/// The hotline's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/help/ticket", get(filing::form).post(filing::submit))
        .route(
            "/help/ticket/{reference}",
            get(filing::follow).post(filing::answer),
        )
        .route("/help/queue", get(work::queue))
        .route("/help/tickets/{id}", get(work::show))
        .route("/help/tickets/{id}/take", post(work::take))
        .route("/help/tickets/{id}/respond", post(work::respond))
        .route("/help/tickets/{id}/escalate", post(work::escalate))
        .route("/help/tickets/{id}/unlock", post(work::unlock))
        .route(
            "/help/tickets/{id}/one-time-code",
            post(work::one_time_code),
        )
        .route("/help/tickets/{id}/reset-link", post(work::reset_link))
        .route("/help/escalated", get(oversight::escalated))
        .route("/help/reports", get(oversight::reports))
        .route("/help/audit", get(oversight::audit))
        .route("/help/levels", get(oversight::levels))
}

/// The page number from a query's `page` (1 when absent or unreadable).
pub(crate) fn page_number(raw: &str) -> u32 {
    raw.trim().parse().unwrap_or(1)
}

/// Rows per page of the hotline's listings.
pub(crate) const PAGE_SIZE: u32 = 25;
