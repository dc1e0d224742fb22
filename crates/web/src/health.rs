//! `/healthz` for load balancers and `/metrics` in Prometheus text format.

use std::sync::OnceLock;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::AppState;

/// The process-wide metrics recorder (installed once, even when tests build many apps).
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0])
            .map(PrometheusBuilder::build_recorder)
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        // Fails only if another recorder is installed already; metrics then go there.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// 200 when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// Request metrics, plus the media job queue by status (read from the database, so every
/// node reports the same queue) and this node's indexed capsules.
pub async fn metrics(State(state): State<AppState>) -> Response {
    match state.store.media_jobs().job_counts().await {
        Ok(counts) => {
            for status in ["queued", "running", "done", "failed"] {
                let n = counts
                    .iter()
                    .find(|(s, _)| s == status)
                    .map_or(0, |(_, n)| *n);
                metrics::gauge!("lawha_media_jobs", "status" => status).set(n as f64);
            }
        }
        Err(e) => tracing::warn!(error = %e, "media job counts unavailable"),
    }
    let capsules = state
        .search
        .index
        .kind_count(lawha_search::DocKind::Capsule)
        .unwrap_or_default();
    metrics::gauge!("lawha_search_indexed_capsules").set(capsules as f64);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics_handle().render(),
    )
        .into_response()
}
