//! `/janus/…` on Lawha's origin, forwarded to Janus's HTTP API (which listens on 127.0.0.1
//! only). The page's janus.js talks to it as it would to Janus, so the site's CSP keeps
//! `connect-src 'self'` (through `default-src`) and the browser never learns Janus's address.
//! WebRTC media does not pass here: it goes from the browser to Janus's RTP ports.
//!
//! Only janus.js's own requests are forwarded: `POST /janus` (a session), `GET
//! /janus/<session>` (its long poll, with `rid` and `maxev` only), `POST /janus/<session>`
//! and `POST /janus/<session>/<handle>`, numeric ids only, JSON bodies up to 64 KiB. The
//! caller must be signed in, and a POST must come from this origin when the browser says
//! where it comes from, and say it is JSON (a cross-site form cannot send JSON without a
//! preflight that nothing here answers) or be the text janus.js's unload beacon sends with
//! an `Origin` of ours. Joining a room still needs the room's pin and a
//! token Lawha handed out at join time; creating one needs the VideoRoom's `admin_key`,
//! which never leaves the server. Ids and bodies are never logged. Each person may send
//! [`PER_SECOND`] requests a second after a [`BURST`] (`throttle::rate`); beyond, 429 with
//! `Retry-After`, and nothing reaches Janus.

use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

use uuid::Uuid;

use crate::session::SESSION_COOKIE;
use crate::throttle::rate::Limiter;
use crate::AppState;

/// Largest request body forwarded (an SDP offer is a few KB).
const MAX_BODY: usize = 64 * 1024;
/// Largest answer read back from Janus.
const MAX_ANSWER: usize = 1024 * 1024;
/// Janus holds a long poll for 30 s before answering a keepalive.
const TIMEOUT: Duration = Duration::from_secs(45);
/// Requests a person may send through the proxy each second, all their pages together:
/// janus.js sends one long poll at a time and a keepalive every 25 s once joined.
pub(crate) const PER_SECOND: u32 = 10;
/// Requests a person may send at once before [`PER_SECOND`] applies. Joining one page
/// takes 20 to 35 (attach, join, offer, each ICE candidate apart, the subscriber's own,
/// a long poll after each batch of events), and janus.js does not wait on `Retry-After`:
/// a refused candidate or long poll can drop the person from the class. So the burst
/// leaves room for a reload or a switch to sound only while the first join settles.
pub(crate) const BURST: u32 = 120;

/// The proxy's limiter: [`PER_SECOND`] requests per person, [`BURST`] at once.
pub(crate) fn limiter() -> Limiter<Uuid> {
    Limiter::new(PER_SECOND, BURST)
}

/// The HTTP client the proxy forwards with.
pub(crate) struct Client(reqwest::Client);

impl Default for Client {
    fn default() -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(3))
            .timeout(TIMEOUT)
            .build()
            // Building a client without TLS settings does not fail; fall back to the default.
            .unwrap_or_default();
        Client(client)
    }
}

/// Which requests go through: the path's ids, numeric, at most two.
pub(crate) fn forwarded_path(method: &Method, rest: &str) -> Option<String> {
    let parts: Vec<&str> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.split('/').collect()
    };
    let numeric =
        |p: &&str| !p.is_empty() && p.len() <= 20 && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() > 2 || !parts.iter().all(numeric) {
        return None;
    }
    let allowed = match (method, parts.len()) {
        (&Method::POST, _) => true,
        // The long poll of a session's events.
        (&Method::GET, 1) => true,
        _ => false,
    };
    allowed.then(|| parts.join("/"))
}

/// `rid` and `maxev` of a long poll, numeric, rebuilt (nothing else reaches Janus).
pub(crate) fn forwarded_query(query: Option<&str>) -> String {
    let pairs: Vec<(String, String)> = query
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, v)| {
            matches!(k.as_str(), "rid" | "maxev")
                && !v.is_empty()
                && v.len() <= 20
                && v.bytes().all(|b| b.is_ascii_digit())
        })
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

fn same_origin(headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => origin.split("://").nth(1) == Some(host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// janus.js ends its session with `navigator.sendBeacon` when the page goes away, which
/// sends text: taken when the browser says it comes from this origin (a cross-site form
/// would not carry the session cookie, which is `SameSite=Lax`, nor this origin).
fn beacon(headers: &HeaderMap) -> bool {
    let text = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    text && headers.contains_key(header::ORIGIN)
}

/// The signed-in person, by the session cookie.
async fn signed_in(state: &AppState, headers: &HeaderMap) -> Option<Uuid> {
    let jar = CookieJar::from_headers(headers);
    let cookie = jar.get(SESSION_COOKIE)?;
    match state
        .sessions
        .session(&state.store, cookie.value(), state.now())
        .await
    {
        Ok(Some(info)) => Some(info.user.id),
        _ => None,
    }
}

/// `/janus` and `/janus/{*rest}`.
pub async fn forward(State(state): State<AppState>, req: Request) -> Response {
    let rest = req
        .uri()
        .path()
        .strip_prefix("/janus")
        .unwrap_or_default()
        .trim_start_matches('/')
        .to_owned();
    forward_path(state, rest, req).await
}

async fn forward_path(state: AppState, rest: String, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Some(person) = signed_in(&state, &parts.headers).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    // Janus has no limit of its own: one person cannot flood it through us.
    if let Err(wait) = state.live_page.limiter.take(&person, Instant::now()) {
        let secs = wait.as_secs().max(1).to_string();
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, secs)]).into_response();
    }
    let Some(api) = state.live_page.janus_api.clone() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let Some(path) = forwarded_path(&parts.method, &rest) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let client = &state.live_page.http.0;
    let mut url = api;
    if !path.is_empty() {
        let joined = format!("{}/{path}", url.path().trim_end_matches('/'));
        url.set_path(&joined);
    }
    let request = if parts.method == Method::POST {
        if !same_origin(&parts.headers) || !(is_json(&parts.headers) || beacon(&parts.headers)) {
            return StatusCode::FORBIDDEN.into_response();
        }
        let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        client
            .post(url)
            .header(header::CONTENT_TYPE, "application/json")
            .body(bytes)
    } else {
        let query = forwarded_query(parts.uri.query());
        url.set_query((!query.is_empty()).then_some(query.as_str()));
        client.get(url)
    };
    let answer = match request.send().await {
        Ok(answer) => answer,
        Err(e) => {
            // Without the URL: it holds the session's id.
            tracing::warn!(
                timeout = e.is_timeout(),
                "janus proxy: Janus did not answer"
            );
            return StatusCode::BAD_GATEWAY.into_response();
        }
    };
    let status = answer.status().as_u16();
    let Ok(bytes) = read_limited(answer).await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from(bytes),
    )
        .into_response()
}

async fn read_limited(mut answer: reqwest::Response) -> Result<Bytes, ()> {
    let mut out = Vec::new();
    while let Some(chunk) = answer.chunk().await.map_err(|_| ())? {
        if out.len() + chunk.len() > MAX_ANSWER {
            return Err(());
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_janus_js_requests_go_through() {
        assert_eq!(forwarded_path(&Method::POST, ""), Some(String::new()));
        assert_eq!(forwarded_path(&Method::POST, "12"), Some("12".into()));
        assert_eq!(forwarded_path(&Method::POST, "12/34"), Some("12/34".into()));
        assert_eq!(forwarded_path(&Method::GET, "12"), Some("12".into()));
        for (method, bad) in [
            (Method::GET, ""),
            (Method::GET, "12/34"),
            (Method::POST, "12/34/56"),
            (Method::POST, "info"),
            (Method::POST, "../admin"),
            (Method::POST, "12/"),
            (Method::PUT, "12"),
        ] {
            assert_eq!(forwarded_path(&method, bad), None, "{method} {bad}");
        }
    }

    #[test]
    fn a_long_poll_keeps_its_numbers_only() {
        assert_eq!(forwarded_query(Some("rid=17&maxev=10")), "rid=17&maxev=10");
        assert_eq!(
            forwarded_query(Some("maxev=1&admin_secret=x&rid=a")),
            "maxev=1"
        );
        assert_eq!(forwarded_query(None), "");
    }
}
