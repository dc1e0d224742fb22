//! The benchmarks' yardstick: the fastest this machine serves a page over HTTP, so that every
//! Lawha page can be reported as a ratio to it measured in the same run.
//!
//! A plain axum server on tokio's multi-threaded runtime that answers every GET with the same
//! 6 KB HTML page, built once at start-up: no database, no session, no template.
//!
//!   cargo run --release -p lawha --example limit_page -- 127.0.0.1:8099

use std::net::SocketAddr;

use axum::response::Html;
use axum::routing::get;
use axum::Router;

/// About the size of a Lawha page before compression.
const PAGE_BYTES: usize = 6 * 1024;

fn page() -> String {
    let mut body = String::with_capacity(PAGE_BYTES + 256);
    body.push_str("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>limit</title></head><body><ul>");
    let mut n = 0;
    while body.len() < PAGE_BYTES {
        n += 1;
        body.push_str(&format!("<li><a href=\"/lessons/{n}\">Leçon {n}</a></li>"));
    }
    body.push_str("</ul></body></html>");
    body
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8099".into())
        .parse()?;
    let page: &'static str = Box::leak(page().into_boxed_str());
    let app = Router::new().fallback(get(move || async move { Html(page) }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
