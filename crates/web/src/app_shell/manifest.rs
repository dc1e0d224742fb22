//! `/manifest.webmanifest`: what a browser needs to install Lawha, in the visitor's
//! language. Pages link it with `?lang=` set to their own language, because browsers
//! fetch manifests without cookies; without it the language is found as for a page
//! (cookie, then the browser's languages, then the platform default).

use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lawha_core::Locale;
use serde_json::{json, Value};

use crate::{assets, i18n, page, AppState};

/// The manifest for `locale`.
pub fn manifest(locale: Locale) -> Value {
    let mut icons = vec![json!({
        "src": assets::icon_href(),
        "sizes": "any",
        "type": "image/svg+xml",
    })];
    for (src, size, maskable) in assets::png_icons() {
        icons.push(json!({
            "src": src,
            "sizes": format!("{size}x{size}"),
            "type": "image/png",
            "purpose": if maskable { "maskable" } else { "any" },
        }));
    }
    json!({
        // One app whatever the language it was installed in.
        "id": "/",
        "name": i18n::t(locale, "app-full-name"),
        "short_name": i18n::t(locale, "app-name"),
        "description": i18n::t(locale, "footer-text"),
        "lang": locale.code(),
        "dir": locale.dir(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": super::THEME_COLOR,
        "background_color": super::BACKGROUND_COLOR,
        "icons": icons,
    })
}

/// Serves the manifest. It names the icons by their hashed names, which change with each
/// release, so browsers revalidate it rather than keep it.
pub async fn serve(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let asked = parts.uri.query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Locale::ALL.into_iter().find(|l| l.code() == v))
    });
    let locale = asked.unwrap_or_else(|| page::resolve_locale(&parts, state.config.default_locale));
    (
        [
            (header::CONTENT_TYPE, "application/manifest+json"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::VARY, "accept-language, cookie"),
        ],
        manifest(locale).to_string(),
    )
        .into_response()
}
