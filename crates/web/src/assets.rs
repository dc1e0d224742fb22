//! Static assets, embedded in the binary and served under content-hashed names with
//! year-long immutable caching: a new release changes the name, never the content.

use std::sync::{LazyLock, OnceLock};

use crate::extract::Path;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

struct Asset {
    /// `/static/<stem>-<hash>.<ext>`
    href: String,
    body: &'static [u8],
    content_type: &'static str,
    /// Whether brotli is worth trying (not for PNGs, which are compressed already).
    compress: bool,
    /// The body compressed with brotli, made once on first use: compressing the 390 KB of
    /// hls.js on every request would cost far more CPU than serving it.
    brotli: OnceLock<Vec<u8>>,
}

fn asset(stem: &str, ext: &str, body: &'static [u8], content_type: &'static str) -> Asset {
    let hash = hex::encode(Sha256::digest(body));
    Asset {
        href: format!("/static/{stem}-{}.{ext}", hash.get(..12).unwrap_or(&hash)),
        body,
        content_type,
        compress: !content_type.starts_with("image/png"),
        brotli: OnceLock::new(),
    }
}

impl Asset {
    fn brotli(&self) -> &[u8] {
        self.brotli.get_or_init(|| {
            if !self.compress {
                return Vec::new();
            }
            let mut out = Vec::with_capacity(self.body.len() / 3);
            let params = brotli::enc::BrotliEncoderParams {
                quality: 9,
                ..Default::default()
            };
            match brotli::BrotliCompress(&mut &self.body[..], &mut out, &params) {
                Ok(_) => out,
                // Compressing from memory into memory cannot fail; serve uncompressed if so.
                Err(_) => Vec::new(),
            }
        })
    }
}

const JS: &str = "text/javascript; charset=utf-8";
const PNG: &str = "image/png";

/// Every asset, hashed once on first use.
struct Assets {
    css: Asset,
    icon: Asset,
    /// The manifest's raster icons, made once from `icon.svg` (see static/README.md).
    icon_192: Asset,
    icon_512: Asset,
    /// The same on a full-bleed background with the mark inside the safe zone, for
    /// launchers that crop icons to their own shape.
    icon_maskable: Asset,
    player_js: Asset,
    upload_js: Asset,
    /// Registers the service worker and offers installation (see `app_shell`).
    shell_js: Asset,
    /// The device's offline store, banner and sending of waiting answers; loaded by
    /// `shell.js` on pages the worker controls, and by the worker (see `app_shell`).
    offline_js: Asset,
    /// Saving lessons for offline use and answering them offline (see `app_shell`).
    saved_js: Asset,
    /// Corrects practice answers on the device when offline (a port of core's corrector,
    /// kept equal by `tests/offline_correct.rs`).
    correct_js: Asset,
    /// Lists help articles under fields marked `data-help-suggest` (see `routes/help`).
    help_suggest_js: Asset,
    /// Vendored hls.js (see static/vendor/README.md): loaded by the player only where the
    /// browser has no native HLS.
    hls_js: Asset,
    /// The live page's script (joins a Janus room with janus.js); the join page's only.
    live_js: Asset,
}

impl Assets {
    fn all(&self) -> [&Asset; 14] {
        [
            &self.css,
            &self.icon,
            &self.icon_192,
            &self.icon_512,
            &self.icon_maskable,
            &self.player_js,
            &self.upload_js,
            &self.shell_js,
            &self.offline_js,
            &self.saved_js,
            &self.correct_js,
            &self.help_suggest_js,
            &self.hls_js,
            &self.live_js,
        ]
    }
}

static ASSETS: LazyLock<Assets> = LazyLock::new(|| Assets {
    css: asset(
        "app",
        "css",
        include_bytes!("../static/app.css"),
        "text/css; charset=utf-8",
    ),
    icon: asset(
        "icon",
        "svg",
        include_bytes!("../static/icon.svg"),
        "image/svg+xml",
    ),
    icon_192: asset(
        "icon-192",
        "png",
        include_bytes!("../static/icon-192.png"),
        PNG,
    ),
    icon_512: asset(
        "icon-512",
        "png",
        include_bytes!("../static/icon-512.png"),
        PNG,
    ),
    icon_maskable: asset(
        "icon-maskable-512",
        "png",
        include_bytes!("../static/icon-maskable-512.png"),
        PNG,
    ),
    player_js: asset("player", "js", include_bytes!("../static/player.js"), JS),
    upload_js: asset("upload", "js", include_bytes!("../static/upload.js"), JS),
    shell_js: asset("shell", "js", include_bytes!("../static/shell.js"), JS),
    offline_js: asset("offline", "js", include_bytes!("../static/offline.js"), JS),
    saved_js: asset("saved", "js", include_bytes!("../static/saved.js"), JS),
    correct_js: asset("correct", "js", include_bytes!("../static/correct.js"), JS),
    help_suggest_js: asset(
        "help_suggest",
        "js",
        include_bytes!("../static/help_suggest.js"),
        JS,
    ),
    hls_js: asset(
        "hls.light",
        "js",
        include_bytes!("../static/vendor/hls.light.min.js"),
        JS,
    ),
    live_js: asset("live", "js", include_bytes!("../static/live.js"), JS),
});

pub fn offline_js_href() -> &'static str {
    &ASSETS.offline_js.href
}

pub fn saved_js_href() -> &'static str {
    &ASSETS.saved_js.href
}

pub fn player_js_href() -> &'static str {
    &ASSETS.player_js.href
}

pub fn upload_js_href() -> &'static str {
    &ASSETS.upload_js.href
}

/// The help suggestions script, for pages with a `data-help-suggest` field.
pub fn help_suggest_js_href() -> &'static str {
    &ASSETS.help_suggest_js.href
}

/// The live page's script (see `live_page`).
pub fn live_js_href() -> &'static str {
    &ASSETS.live_js.href
}

pub fn hls_js_href() -> &'static str {
    &ASSETS.hls_js.href
}

/// Size of hls.js as the browser keeps it (uncompressed), for "Save for offline".
pub fn hls_js_bytes() -> u64 {
    ASSETS.hls_js.body.len() as u64
}

pub fn css_href() -> &'static str {
    &ASSETS.css.href
}

pub fn icon_href() -> &'static str {
    &ASSETS.icon.href
}

pub fn shell_js_href() -> &'static str {
    &ASSETS.shell_js.href
}

/// The device-side corrector, for practice set pages that may be answered offline.
// Linked by the practice set page's offline script (issue 16, device side).
#[allow(dead_code)]
pub fn correct_js_href() -> &'static str {
    &ASSETS.correct_js.href
}

/// The manifest's raster icons: (href, size in pixels, maskable).
pub fn png_icons() -> [(&'static str, u32, bool); 3] {
    [
        (&ASSETS.icon_192.href, 192, false),
        (&ASSETS.icon_512.href, 512, false),
        (&ASSETS.icon_maskable.href, 512, true),
    ]
}

/// What the service worker keeps for offline use: the stylesheet, the scripts every
/// pupil's pages use (the corrector too, so saved practice sets work offline), and the icons. Not hls.js (390 KB, needed only where a browser lacks
/// native HLS, and only online today) nor the studio's upload script: precaching them
/// would cost every visitor's data plan far more than a page.
pub fn shell_hrefs() -> Vec<&'static str> {
    let a = &*ASSETS;
    [
        &a.css,
        &a.icon,
        &a.icon_192,
        &a.icon_512,
        &a.icon_maskable,
        &a.player_js,
        &a.shell_js,
        &a.offline_js,
        &a.saved_js,
        &a.correct_js,
    ]
    .into_iter()
    .map(|asset| asset.href.as_str())
    .collect()
}

/// Serves `/static/{name}`; only the current hashed names exist. Text assets go out
/// brotli-compressed (compressed once) to browsers that accept it.
pub async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let wanted = format!("/static/{name}");
    let takes_brotli = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("br")));
    for a in ASSETS.all() {
        if a.href == wanted {
            let cache = (header::CACHE_CONTROL, "public, max-age=31536000, immutable");
            let vary = (header::VARY, "accept-encoding");
            if takes_brotli && !a.brotli().is_empty() {
                let body = a.brotli().to_vec();
                let headers = [
                    (header::CONTENT_TYPE, a.content_type),
                    cache,
                    vary,
                    (header::CONTENT_ENCODING, "br"),
                ];
                return (headers, body).into_response();
            }
            return (
                [(header::CONTENT_TYPE, a.content_type), cache, vary],
                a.body,
            )
                .into_response();
        }
    }
    StatusCode::NOT_FOUND.into_response()
}

/// Browsers ask for `/favicon.ico` on their own; answer with the icon.
pub async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, ASSETS.icon.content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ASSETS.icon.body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corrector_is_served_and_precached() {
        let href = correct_js_href();
        assert!(
            href.starts_with("/static/correct-") && href.ends_with(".js"),
            "{href}"
        );
        assert!(shell_hrefs().contains(&href));
        assert!(ASSETS
            .all()
            .iter()
            .any(|a| a.href == href && a.content_type == JS));
    }
}
