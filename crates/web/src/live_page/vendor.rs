//! A third-party script installed by the system (Debian's `libjs-janus-gateway` puts
//! janus.js in `/usr/share/javascript/janus-gateway/`), read once at start and served under
//! `/static/vendor/<stem>-<hash>.js` with year-long caching, like Lawha's own assets: a new
//! version of the package changes the name. Never fetched from a CDN.

use std::path::Path;
use std::sync::OnceLock;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::extract::Path as UrlPath;
use crate::AppState;

/// Where Debian's `libjs-janus-gateway` installs janus.js.
pub const DEBIAN_JANUS_JS: &str = "/usr/share/javascript/janus-gateway/janus.js";

/// The largest script accepted (janus.js 1.1 is about 120 KB).
const MAX_BYTES: u64 = 2 * 1024 * 1024;

/// One script read from the system at start.
pub struct VendorScript {
    href: String,
    body: Vec<u8>,
    brotli: OnceLock<Vec<u8>>,
}

impl VendorScript {
    /// Reads `path` and names it `/static/vendor/<stem>-<hash>.js`.
    pub fn load(stem: &str, path: &Path) -> std::io::Result<Self> {
        let size = std::fs::metadata(path)?.len();
        if size > MAX_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "script larger than 2 MiB",
            ));
        }
        Ok(Self::from_bytes(stem, std::fs::read(path)?))
    }

    /// A script from its text (tests).
    pub fn from_bytes(stem: &str, body: Vec<u8>) -> Self {
        let hash = hex::encode(Sha256::digest(&body));
        VendorScript {
            href: format!(
                "/static/vendor/{stem}-{}.js",
                hash.get(..12).unwrap_or(&hash)
            ),
            body,
            brotli: OnceLock::new(),
        }
    }

    pub fn href(&self) -> &str {
        &self.href
    }

    /// Compressed once, on first use (120 KB of JavaScript becomes about 25 KB).
    fn brotli(&self) -> &[u8] {
        self.brotli.get_or_init(|| {
            let mut out = Vec::with_capacity(self.body.len() / 4);
            let params = brotli::enc::BrotliEncoderParams {
                quality: 9,
                ..Default::default()
            };
            match brotli::BrotliCompress(&mut &self.body[..], &mut out, &params) {
                Ok(_) => out,
                Err(_) => Vec::new(),
            }
        })
    }
}

/// `GET /static/vendor/{name}`: the current name of an installed script, nothing else.
pub async fn serve(
    State(state): State<AppState>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let wanted = format!("/static/vendor/{name}");
    let Some(script) = state
        .live_page
        .janus_js
        .as_ref()
        .filter(|s| s.href == wanted)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let takes_brotli = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("br")));
    let common = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        (header::VARY, "accept-encoding"),
    ];
    if takes_brotli && !script.brotli().is_empty() {
        return (
            common,
            [(header::CONTENT_ENCODING, "br")],
            script.brotli().to_vec(),
        )
            .into_response();
    }
    (common, script.body.clone()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_follows_the_content() {
        let a = VendorScript::from_bytes("janus", b"var a;".to_vec());
        let b = VendorScript::from_bytes("janus", b"var b;".to_vec());
        assert!(a.href().starts_with("/static/vendor/janus-") && a.href().ends_with(".js"));
        assert_ne!(a.href(), b.href());
    }
}
