//! `/sw.js`: the service worker, from `static/sw.js` with this release's shell filled in:
//! the hashed URLs to precache, the offline pages and a version made from all of them.
//! A release that changes any of them changes the worker's text, so browsers install the
//! new worker, which deletes the old caches (see the script).

use std::sync::LazyLock;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lawha_core::Locale;
use sha2::{Digest, Sha256};

use super::offline;
use crate::{assets, AppState};

const SCRIPT: &str = include_str!("../../static/sw.js");

/// What the worker keeps: the shell's URLs, the offline pages by language, and the
/// version naming its cache.
pub struct Shell {
    pub urls: Vec<&'static str>,
    pub offline: Vec<(Locale, String)>,
    pub version: String,
}

static SHELL: LazyLock<Shell> = LazyLock::new(|| {
    let urls = assets::shell_hrefs();
    let offline: Vec<(Locale, String)> = Locale::ALL
        .into_iter()
        .map(|l| (l, offline::href(l)))
        .collect();
    let mut hash = Sha256::new();
    hash.update(SCRIPT);
    for url in &urls {
        hash.update(url);
    }
    // The offline pages keep their names across releases; their text decides too.
    for (locale, _) in &offline {
        hash.update(offline::html(*locale));
    }
    let digest = hex::encode(hash.finalize());
    Shell {
        urls,
        offline,
        version: digest.get(..16).unwrap_or(&digest).to_string(),
    }
});

/// This release's shell.
pub fn shell() -> &'static Shell {
    &SHELL
}

/// The worker's text; `default` is the language of the offline page when the worker
/// knows neither the last page's language nor the browser's.
pub fn script(default: Locale) -> String {
    let shell = shell();
    let offline: serde_json::Map<String, serde_json::Value> = shell
        .offline
        .iter()
        .map(|(l, href)| (l.code().to_string(), href.clone().into()))
        .collect();
    SCRIPT
        .replace("__LAWHA_VERSION__", &shell.version)
        .replace(
            "__LAWHA_SHELL__",
            &serde_json::json!(shell.urls).to_string(),
        )
        .replace(
            "__LAWHA_OFFLINE__",
            &serde_json::Value::Object(offline).to_string(),
        )
        .replace("__LAWHA_DEFAULT_LANG__", default.code())
        .replace("__LAWHA_OFFLINE_SCRIPT__", assets::offline_js_href())
}

/// Serves `/sw.js` at the root, so its scope is the whole origin. Browsers must check it
/// on every visit, or a release would wait for the old worker's copy to expire.
pub async fn serve(State(state): State<AppState>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        script(state.config.default_locale),
    )
        .into_response()
}
