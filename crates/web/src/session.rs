//! Sessions on the web side: the cookie, loading the signed-in person once per request,
//! the anti-forgery (CSRF) guard, and the extractors handlers use to say who may call them.
//!
//! - Signed-in requests carry the `lawha_session` cookie (HttpOnly, SameSite=Lax, Secure
//!   behind https); its session row holds a CSRF token.
//! - Anonymous visitors get a `lawha_pre` cookie whose value is the CSRF token of the
//!   sign-in form (double-submit), so sign-in cannot be forged either.
//! - Every POST must present the token, in the urlencoded body field `csrf` or, for
//!   multipart uploads, in the `csrf` query parameter.

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use lawha_core::role::{admin_scopes, Grant};
use lawha_core::{Role, Scope};
use lawha_store::SessionInfo;
use subtle::ConstantTimeEq;

use crate::error::AppError;
use crate::routes::capsules::access;
use crate::AppState;

pub const SESSION_COOKIE: &str = "lawha_session";
pub const PRE_SESSION_COOKIE: &str = "lawha_pre";
/// Largest form body the CSRF guard reads (uploads are multipart and not read here).
const MAX_FORM_BYTES: usize = 16 * 1024 * 1024;

/// The signed-in person for this request, if any (inserted by [`load_session`]).
#[derive(Debug, Clone)]
pub struct Viewer(pub Option<SessionInfo>);

/// Middleware: looks the session cookie up once and stores the result for extractors. After a
/// state-changing request it reads the feed of account changes and has the catalog's version
/// compared, so that what the request changed about anyone's session or the catalog shows on
/// this node's very next request.
pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let jar = CookieJar::from_headers(req.headers());
    let session = match jar.get(SESSION_COOKIE) {
        Some(cookie) => match state
            .sessions
            .session(&state.store, cookie.value(), state.now())
            .await
        {
            Ok(found) => found,
            Err(e) => return AppError::from(e).into_response_now(),
        },
        None => None,
    };
    req.extensions_mut().insert(Viewer(session));
    let response = next.run(req).await;
    if changes_state {
        state.catalog.changed_here();
        if let Err(e) = state.sessions.read_feed(&state.store).await {
            // The committed change stands; the background reader catches up.
            tracing::warn!(error = %e, "reading the account changes after a request failed");
        }
    }
    response
}

impl AppError {
    fn into_response_now(self) -> Response {
        axum::response::IntoResponse::into_response(self)
    }
}

/// Middleware: refuses state-changing requests without the right CSRF token, and
/// cross-origin ones (defence in depth where browsers send `Origin`).
pub async fn csrf_guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    match check_csrf(req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response_now(),
    }
}

async fn check_csrf(req: Request) -> Result<Request, AppError> {
    if let (Some(origin), Some(host)) = (
        req.headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok()),
        req.headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok()),
    ) {
        let origin_host = origin.split("://").nth(1).unwrap_or(origin);
        if origin != "null" && origin_host != host {
            return Err(AppError::Csrf);
        }
    }
    let expected = match req.extensions().get::<Viewer>() {
        Some(Viewer(Some(session))) => session.csrf_token.clone(),
        _ => CookieJar::from_headers(req.headers())
            .get(PRE_SESSION_COOKIE)
            .map(|c| c.value().to_string())
            .ok_or(AppError::Csrf)?,
    };
    if let Some(token) = query_param(req.uri().query(), "csrf") {
        return if constant_time_eq(&token, &expected) {
            Ok(req)
        } else {
            Err(AppError::Csrf)
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|e| {
        if e.into_inner().is::<http_body_util::LengthLimitError>() {
            AppError::TooLarge
        } else {
            AppError::BadRequest("body")
        }
    })?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let presented = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    if !constant_time_eq(presented, &expected) {
        return Err(AppError::Csrf);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Compares tokens in constant time (`subtle`), so timing does not leak how much matched.
/// An empty token never matches.
fn constant_time_eq(a: &str, b: &str) -> bool {
    !a.is_empty() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A cookie with the project's safe defaults.
pub fn cookie(
    name: &'static str,
    value: String,
    secure: bool,
    max_age_secs: i64,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time_duration(max_age_secs))
        .build()
}

fn time_duration(secs: i64) -> cookie::time::Duration {
    cookie::time::Duration::seconds(secs)
}

fn viewer(parts: &Parts) -> Option<SessionInfo> {
    parts.extensions.get::<Viewer>().and_then(|v| v.0.clone())
}

fn next_of(parts: &Parts) -> String {
    parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into())
}

/// A signed-in person; anonymous requests are sent to the sign-in page.
#[derive(Debug, Clone)]
pub struct Signed(pub SessionInfo);

impl<S: Send + Sync> FromRequestParts<S> for Signed {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let next = if parts.method == Method::GET {
            next_of(parts)
        } else {
            "/".to_string()
        };
        viewer(parts)
            .map(Signed)
            .ok_or(AppError::SignInRequired { next })
    }
}

/// The signed-in person if `allowed` says yes; anonymous requests go to sign in, others get 403.
async fn signed_as<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    allowed: impl Fn(&SessionInfo) -> bool,
) -> Result<SessionInfo, AppError> {
    let Signed(session) = Signed::from_request_parts(parts, state).await?;
    if allowed(&session) {
        Ok(session)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A signed-in administrator (school, regional or ministry); others get 403.
#[derive(Debug, Clone)]
pub struct Admin {
    pub session: SessionInfo,
    /// The admin scopes, widest first.
    pub scopes: Vec<Scope>,
}

impl Admin {
    pub fn grants(&self) -> &[Grant] {
        &self.session.grants
    }

    pub fn is_national(&self) -> bool {
        self.scopes.iter().any(|s| matches!(s, Scope::National))
    }

    /// Whether this admin may touch something within `target`.
    pub fn covers(&self, target: &Scope) -> bool {
        lawha_core::role::can_administer(&self.session.grants, target)
    }

    /// Fails with 403 unless this admin covers `target`.
    pub fn require(&self, target: &Scope) -> Result<(), AppError> {
        if self.covers(target) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Whether the admin manages organisations above the school (regions, the ministry).
    pub fn above_school(&self) -> bool {
        self.session
            .grants
            .iter()
            .any(|g| matches!(g.role, Role::RegionalAdmin | Role::MinistryAdmin))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Signed(session) = Signed::from_request_parts(parts, state).await?;
        let scopes = admin_scopes(&session.grants);
        if scopes.is_empty() {
            return Err(AppError::Forbidden);
        }
        Ok(Admin { session, scopes })
    }
}

/// An administrator above school level (regional or ministry); others get 403.
#[derive(Debug, Clone)]
pub struct OrgAdmin(pub Admin);

impl<S: Send + Sync> FromRequestParts<S> for OrgAdmin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let admin = Admin::from_request_parts(parts, state).await?;
        if admin.above_school() {
            Ok(OrgAdmin(admin))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// A signed-in author of exercises: a teacher, a vocational trainer or a producer; others
/// get 403.
#[derive(Debug, Clone)]
pub struct Author(pub SessionInfo);

impl Author {
    /// The roles that write exercise sets.
    pub const ROLES: [Role; 3] = [Role::Teacher, Role::VocationalTrainer, Role::Producer];

    pub fn is_author(session: &SessionInfo) -> bool {
        session.grants.iter().any(|g| Self::ROLES.contains(&g.role))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Author {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        signed_as(parts, state, Author::is_author).await.map(Author)
    }
}

/// A signed-in catalog editor: a producer or a ministry administrator; others get 403.
#[derive(Debug, Clone)]
pub struct Editor(pub SessionInfo);

impl<S: Send + Sync> FromRequestParts<S> for Editor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        signed_as(parts, state, |s| access::is_editor(Some(s)))
            .await
            .map(Editor)
    }
}

/// A signed-in catalog reviewer: editors and school, regional and ministry administrators
/// (the coverage view, unpublished capsules); others get 403.
#[derive(Debug, Clone)]
pub struct Reviewer(pub SessionInfo);

impl<S: Send + Sync> FromRequestParts<S> for Reviewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        signed_as(parts, state, |s| access::is_reviewer(Some(s)))
            .await
            .map(Reviewer)
    }
}

/// The optional signed-in person, for pages open to all.
#[derive(Debug, Clone)]
pub struct MaybeSigned(pub Option<SessionInfo>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSigned {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeSigned(viewer(parts)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(!constant_time_eq("", ""));
    }

    #[test]
    fn query_params_are_decoded() {
        assert_eq!(
            query_param(Some("a=1&csrf=x%2By"), "csrf").as_deref(),
            Some("x+y")
        );
        assert_eq!(query_param(Some("a=1"), "csrf"), None);
        assert_eq!(query_param(None, "csrf"), None);
    }
}
