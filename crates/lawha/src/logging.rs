//! Structured logs with `tracing`: readable text by default, JSON for log collectors.
//! The level comes from `RUST_LOG` (default `info`). Handlers never log personal data.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info,tantivy=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only where a person reads them: a log file or collector gets plain text.
        .with_ansi(std::io::stderr().is_terminal());
    // A second initialisation (never expected) keeps the first subscriber.
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
