//! Redirect targets that come from the client — `next` after signing in or switching the
//! language, `back` after a form — checked by one rule wherever such a target is followed.
//!
//! Browsers are more lenient than a naive check: they drop tabs and newlines anywhere in a
//! URL and read `\` as `/`, so `/\t/evil.example` and `/\evil.example` lead off-site
//! although both start with a single slash. A target is therefore refused outright when it
//! holds a control character, whitespace or a backslash (in its path, also once
//! percent-decoded, for a proxy or framework that decodes before following it); otherwise
//! it is parsed as a browser would, relative to the public base URL, and kept only when the
//! result has the same origin. What is kept is the path and query alone, re-serialised by
//! the URL parser (ASCII, percent-encoded), so a `Location` header built from it never names
//! a host and is always a valid header value.

use axum::http::HeaderValue;
use percent_encoding::percent_decode_str;
use url::Url;

/// Longest target kept: the paths of this site are short, and a huge `next` is only noise.
const MAX_LEN: usize = 2048;

/// The base a target is resolved against when the configured public URL does not parse
/// (it is checked at start-up; this only keeps the rule total).
const FALLBACK_BASE: &str = "http://localhost/";

/// A redirect target from the client, or `/` when it could lead anywhere but this site.
pub fn safe_redirect_target(raw: &str, public_base: &str) -> String {
    same_origin_target(raw, public_base).unwrap_or_else(|| "/".to_string())
}

/// The path and query of `raw` when it is a page of this site, `None` otherwise.
pub fn same_origin_target(raw: &str, public_base: &str) -> Option<String> {
    if raw.is_empty() || raw.len() > MAX_LEN || raw.chars().any(refused) {
        return None;
    }
    let base = Url::parse(public_base)
        .or_else(|_| Url::parse(FALLBACK_BASE))
        .ok()?;
    let url = base.join(raw).ok()?;
    if url.origin() != base.origin() {
        return None;
    }
    let path = url.path();
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    if !path.starts_with('/') || decoded.starts_with("//") || decoded.chars().any(refused) {
        return None;
    }
    let target = match url.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    };
    // The parser percent-encodes what a header cannot hold; checked anyway, so that no
    // input can make the redirect itself fail.
    HeaderValue::from_str(&target).ok()?;
    Some(target)
}

/// Characters a target may not hold: browsers drop or reinterpret them.
fn refused(c: char) -> bool {
    c.is_control() || c.is_whitespace() || c == '\\'
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://lawha.example.ma";

    #[test]
    fn pages_of_this_site_are_kept_as_path_and_query() {
        for (raw, expected) in [
            ("/admin/users?page=2", "/admin/users?page=2"),
            ("/profile", "/profile"),
            ("/search?q=%5Cfrac+1", "/search?q=%5Cfrac+1"),
            ("/capsules/%D9%84", "/capsules/%D9%84"),
            ("/capsules/ل", "/capsules/%D9%84"),
            ("https://lawha.example.ma/profile", "/profile"),
            ("/a/../profile#top", "/profile"),
        ] {
            assert_eq!(safe_redirect_target(raw, BASE), expected, "{raw:?}");
        }
    }

    #[test]
    fn anything_else_becomes_the_home_page() {
        let long = format!("/{}", "a".repeat(MAX_LEN));
        for raw in [
            "",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            " //evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/%5Cevil.example",
            "/%2F/evil.example",
            "https://evil.example",
            "http://lawha.example.ma/profile",
            "https://lawha.example.ma:8443/profile",
            "https://lawha.example.ma@evil.example/",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "/\u{0}",
            "/\u{1}",
            "/\u{7f}",
            "/\u{85}",
            "/\u{2028}/evil.example",
            "/%00",
            "/%01",
            "/%7F",
            "%01",
            "\u{1}",
            &long,
        ] {
            assert_eq!(safe_redirect_target(raw, BASE), "/", "{raw:?}");
        }
    }

    #[test]
    fn an_unparsable_base_still_keeps_local_paths_only() {
        assert_eq!(safe_redirect_target("/profile", "not a url"), "/profile");
        assert_eq!(safe_redirect_target("//evil.example", "not a url"), "/");
    }
}
