//! Middleware counting requests and timing them per route template (never per raw path,
//! which would hold ids and make unbounded label sets).

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("lawha_http_requests_total", &labels).increment(1);
    metrics::histogram!("lawha_http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    response
}
