//! One virtual pupil's browser: its own connections, its cookies, and every request timed
//! and recorded under a kind. A request fails when it gets no answer, a 5xx, or a status the
//! journey did not expect; the journey then starts its round again, as a pupil would reload.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{redirect, Client, Method, StatusCode};

use crate::stats::Stats;

/// Longest wait for one answer, as a phone's browser would give up.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What came back from a request that went as expected.
pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub location: Option<String>,
}

pub struct Browser {
    client: Client,
    base: String,
    cookies: BTreeMap<String, String>,
    stats: Arc<Stats>,
}

/// Why a step of the journey could not go on (already recorded as a failed request when it
/// was one).
pub struct Stop;

impl Browser {
    /// A browser whose connections leave from `source` when given (one loopback address per
    /// pupil makes each a client of its own, as phones are, to the balancer and the sign-in
    /// throttle).
    pub fn new(base: &str, source: Option<IpAddr>, stats: Arc<Stats>) -> Result<Browser, String> {
        let client = Client::builder()
            .local_address(source)
            .redirect(redirect::Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .pool_max_idle_per_host(1)
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        Ok(Browser {
            client,
            base: base.trim_end_matches('/').to_string(),
            cookies: BTreeMap::new(),
            stats,
        })
    }

    /// Forgets one cookie.
    pub fn forget_cookie(&mut self, name: &str) {
        self.cookies.remove(name);
    }

    /// GET `path`, expecting 200.
    pub async fn get(&mut self, kind: &'static str, path: &str) -> Result<String, Stop> {
        let reply = self
            .send(kind, Method::GET, path, None, &[StatusCode::OK])
            .await?;
        Ok(reply.body)
    }

    /// POST a form to `path`, expecting one of `expected`.
    pub async fn post(
        &mut self,
        kind: &'static str,
        path: &str,
        fields: &[(String, String)],
        expected: &[StatusCode],
    ) -> Result<Reply, Stop> {
        let body = form_body(fields);
        self.send(kind, Method::POST, path, Some(body), expected)
            .await
    }

    async fn send(
        &mut self,
        kind: &'static str,
        method: Method,
        path: &str,
        form: Option<String>,
        expected: &[StatusCode],
    ) -> Result<Reply, Stop> {
        let began = Instant::now();
        let outcome = self.exchange(method, path, form).await;
        let checked = match outcome {
            Ok(reply) if expected.contains(&reply.status) => Ok(reply),
            Ok(reply) => Err(format!("{path}: HTTP {}", reply.status.as_u16())),
            Err(e) => Err(format!("{path}: {}", with_causes(&e))),
        };
        match checked {
            Ok(reply) => {
                self.stats.record(kind, began, Ok(()));
                Ok(reply)
            }
            Err(what) => {
                self.stats.record(kind, began, Err(what));
                Err(Stop)
            }
        }
    }

    async fn exchange(
        &mut self,
        method: Method,
        path: &str,
        form: Option<String>,
    ) -> Result<Reply, reqwest::Error> {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if !self.cookies.is_empty() {
            let header: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            request = request.header(COOKIE, header.join("; "));
        }
        if let Some(form) = form {
            request = request
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form);
        }
        let response = request.send().await?;
        for set in response.headers().get_all(SET_COOKIE) {
            if let Ok(text) = set.to_str() {
                self.keep_cookie(text);
            }
        }
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.text().await?;
        Ok(Reply {
            status,
            body,
            location,
        })
    }

    /// Keeps a `Set-Cookie` value; an empty value or `Max-Age=0` removes the cookie.
    fn keep_cookie(&mut self, header: &str) {
        let mut parts = header.split(';');
        let Some((name, value)) = parts.next().and_then(|pair| pair.split_once('=')) else {
            return;
        };
        let removed = value.is_empty()
            || parts.any(|attribute| attribute.trim().eq_ignore_ascii_case("max-age=0"));
        if removed {
            self.cookies.remove(name.trim());
        } else {
            self.cookies
                .insert(name.trim().to_string(), value.trim().to_string());
        }
    }
}

/// `application/x-www-form-urlencoded`, as a browser sends a form.
fn form_body(fields: &[(String, String)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        out.append_pair(name, value);
    }
    out.finish()
}

/// An error and its causes, outermost first (reqwest's own message says little).
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
