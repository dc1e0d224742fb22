//! Handlers run to their end even when the client hangs up.
//!
//! When a connection closes, the server drops the request's future at whatever await it
//! was in. Pupils on mobile links hang up all the time; an answer half-recorded, a chunk
//! stored but not counted, or a transaction interrupted between two statements is work a
//! retry must then repair. So each handler runs in a task of its own that the request
//! awaits: a hang-up drops only the waiting, the handler finishes, and its response is
//! thrown away. The store also makes every transaction safe to interrupt (see
//! `lawha_store`'s `transactions` module); this makes web writes whole as well.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::error::AppError;

/// Middleware: runs the rest of the request in a task of its own and waits for it.
pub async fn run_to_end(req: Request, next: Next) -> Response {
    let handling = next.run(req).instrument(tracing::Span::current());
    match tokio::spawn(handling).await {
        Ok(response) => response,
        // A panic in a handler: the task ended without a response.
        Err(e) => AppError::internal(format!("handler failed: {e}")).into_response(),
    }
}
