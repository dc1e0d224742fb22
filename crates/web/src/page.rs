//! What every page needs: the visitor's language, who is signed in, the navigation and
//! the CSRF token, gathered once in [`PageCtx`]; and the middleware that renders error
//! pages in the visitor's language.

use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use lawha_core::role::admin_scopes;
use lawha_core::{Locale, Role};
use lawha_store::SessionInfo;

use crate::assets;
use crate::error::ErrorPage;
use crate::i18n;
use crate::session::{Viewer, PRE_SESSION_COOKIE};
use crate::AppState;

pub const LANG_COOKIE: &str = "lawha_lang";

/// A link in the main navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label_key: &'static str,
    pub current: bool,
}

/// The context every template gets as `page`.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub locale: Locale,
    pub path: String,
    pub viewer: Option<SessionInfo>,
    /// The CSRF token for forms on this page (session token, or the anonymous one).
    pub csrf: String,
    pub nav: Vec<NavItem>,
    /// The platform's time zone (`time_zone`): the day an instant falls on in its pages.
    pub zone: chrono_tz::Tz,
    /// The content language the pupil chose on this page's list (`?lang=`), carried by the
    /// header's search link so a search keeps it.
    pub content_language: Option<Locale>,
}

impl PageCtx {
    /// Translates a key.
    pub fn t(&self, key: &str) -> String {
        i18n::t(self.locale, key)
    }

    /// Translates a key with one named argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        i18n::t_args(self.locale, key, &[(name, value.to_string())])
    }

    /// Translates a key with any number of named arguments.
    pub fn ta(&self, key: &str, args: &[(&'static str, String)]) -> String {
        i18n::t_args(self.locale, key, args)
    }

    /// Translates a key with a count, in the plural form the count calls for.
    pub fn tn(
        &self,
        key: &str,
        name: &'static str,
        count: impl std::borrow::Borrow<i64>,
    ) -> String {
        i18n::t_count(self.locale, key, name, *count.borrow())
    }

    /// Translates a key with two named arguments.
    pub fn t2(
        &self,
        key: &str,
        name1: &'static str,
        value1: impl ToString,
        name2: &'static str,
        value2: impl ToString,
    ) -> String {
        i18n::t_args(
            self.locale,
            key,
            &[(name1, value1.to_string()), (name2, value2.to_string())],
        )
    }

    /// The page's language, by value (templates see fields by reference).
    pub fn locale(&self) -> Locale {
        self.locale
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    pub fn dir(&self) -> &'static str {
        self.locale.dir()
    }

    /// The other language, for the switcher.
    pub fn other(&self) -> Locale {
        match self.locale {
            Locale::Ar => Locale::Fr,
            Locale::Fr => Locale::Ar,
        }
    }

    /// The header's search link, with the content language chosen on this page if any.
    pub fn search_href(&self) -> String {
        match self.content_language {
            Some(language) => format!("/search?lang={}", language.code()),
            None => "/search".to_owned(),
        }
    }

    /// The switcher's link: back to this page in the other language.
    pub fn switch_href(&self) -> String {
        format!(
            "/lang/{}?next={}",
            self.other().code(),
            crate::forms::url_encode(&self.path)
        )
    }

    pub fn other_name(&self) -> &'static str {
        match self.other() {
            Locale::Ar => "العربية",
            Locale::Fr => "Français",
        }
    }

    pub fn css_href(&self) -> &'static str {
        assets::css_href()
    }

    pub fn icon_href(&self) -> &'static str {
        assets::icon_href()
    }

    pub fn shell_js_href(&self) -> &'static str {
        assets::shell_js_href()
    }

    pub fn theme_color(&self) -> &'static str {
        crate::app_shell::THEME_COLOR
    }

    pub fn user_name(&self) -> &str {
        self.viewer
            .as_ref()
            .map(|s| s.user.display_name.as_str())
            .unwrap_or_default()
    }

    pub fn signed_in(&self) -> bool {
        self.viewer.is_some()
    }

    /// The signed-in viewer's id (`<body data-user>`: whose saved lessons the device shows).
    pub fn viewer_id(&self) -> Option<uuid::Uuid> {
        self.viewer.as_ref().map(|s| s.user.id)
    }

    /// The script that saves lessons and answers saved practice sets offline.
    pub fn saved_js_href(&self) -> &'static str {
        assets::saved_js_href()
    }

    /// The help suggestions script: a page with a field marked `data-help-suggest` (the
    /// ticket form, the help index) loads it in its `head` block.
    pub fn help_suggest_js_href(&self) -> &'static str {
        assets::help_suggest_js_href()
    }

    pub fn offline_js_href(&self) -> &'static str {
        assets::offline_js_href()
    }

    /// The strings of the offline scripts, as JSON safe inside a script element.
    pub fn offline_strings(&self) -> &'static str {
        crate::routes::offline::strings::json(self.locale)
    }

    /// Formats a number for this language.
    /// Takes a value or a reference: templates pass fields by reference.
    pub fn num(&self, n: impl std::borrow::Borrow<i64>) -> String {
        crate::format::number(self.locale, *n.borrow())
    }

    /// Formats the platform's day of `at` for this language.
    pub fn date(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        crate::format::date(self.locale, &at.with_timezone(&self.zone))
    }

    /// Formats a calendar day for this language (`11 décembre 2026`): due dates, end dates.
    pub fn day(&self, on: impl CalendarDay) -> String {
        crate::format::day(self.locale, on.calendar_day())
    }

    /// Formats a size in bytes for this language (`1,0 Mo`, `1.0 م.ب`).
    pub fn size(&self, bytes: impl ByteCount) -> String {
        crate::format::size(self.locale, bytes.byte_count())
    }

    /// Formats a loudness for this language (`−23 LUFS`), isolated in Arabic.
    pub fn lufs(&self, value: f64) -> String {
        crate::format::measure(self.locale, value, 0, crate::format::Unit::Lufs)
    }

    /// A measure stored in a report's words (`-23.0 ±1.0 LUFS`), for this language.
    pub fn stored_measure(&self, text: &str) -> String {
        crate::format::stored_measure(self.locale, text)
    }

    /// Translates a key with one argument shown in its own `<bdi>`, as HTML (print it with
    /// `|safe`: the message and the value are escaped here).
    pub fn t1_bdi(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        crate::bidi::message(self.locale, key, name, &value.to_string())
    }

    /// The message for a validation error code (`err-<code>` in the translation files).
    pub fn err(&self, code: &str) -> String {
        self.t(&format!("err-{code}"))
    }

    pub fn other_code(&self) -> &'static str {
        self.other().code()
    }

    /// A title from an Arabic/French pair where one may be missing: the page's language
    /// first, else the other.
    pub fn pick_or<'a>(&self, ar: &'a str, fr: &'a str) -> &'a str {
        let preferred = self.locale.pick(ar, fr);
        if preferred.is_empty() {
            self.other().pick(ar, fr)
        } else {
            preferred
        }
    }

    /// A name from an Arabic/French pair.
    pub fn pick<'a>(&self, ar: &'a str, fr: &'a str) -> &'a str {
        self.locale.pick(ar, fr)
    }
}

/// A size in bytes as records keep it (`u64` in manifests, `i64` in the database),
/// by value or by reference as templates pass it.
pub trait ByteCount {
    fn byte_count(&self) -> u64;
}

impl ByteCount for u64 {
    fn byte_count(&self) -> u64 {
        *self
    }
}

impl ByteCount for i64 {
    fn byte_count(&self) -> u64 {
        u64::try_from(*self).unwrap_or(0)
    }
}

impl<T: ByteCount> ByteCount for &T {
    fn byte_count(&self) -> u64 {
        (*self).byte_count()
    }
}

/// A calendar day, by value or by reference as templates pass it (fields, `if let`
/// bindings).
pub trait CalendarDay {
    fn calendar_day(&self) -> chrono::NaiveDate;
}

impl CalendarDay for chrono::NaiveDate {
    fn calendar_day(&self) -> chrono::NaiveDate {
        *self
    }
}

impl<T: CalendarDay> CalendarDay for &T {
    fn calendar_day(&self) -> chrono::NaiveDate {
        (*self).calendar_day()
    }
}

/// Navigation for the signed-in person's roles.
fn nav_for(session: Option<&SessionInfo>, path: &str) -> Vec<NavItem> {
    let Some(session) = session else {
        // A visitor who is not signed in may still browse the public lessons.
        return nav_items(vec![("/curriculum", "nav-curriculum")], path);
    };
    let mut items = vec![("/", "nav-home"), ("/curriculum", "nav-curriculum")];
    if session
        .grants
        .iter()
        .any(|g| matches!(g.role, Role::Pupil | Role::Trainee))
    {
        items.extend([
            ("/revision", "nav-revision"),
            ("/progress", "nav-progress"),
            ("/saved", "nav-saved"),
        ]);
    }
    // Live classes: everyone but a parent alone (parents see their children's on the home).
    if session.grants.iter().any(|g| g.role != Role::Parent) {
        items.push(("/live", "nav-live"));
    }
    if crate::routes::capsules::access::is_editor(Some(session)) {
        items.push(("/studio", "nav-studio"));
    }
    if session
        .grants
        .iter()
        .any(|g| g.role == Role::VocationalTrainer)
    {
        items.push(("/dashboards/vocational", "nav-vocational"));
    }
    if !admin_scopes(&session.grants).is_empty() {
        items.push(("/dashboards", "nav-dashboards"));
        items.extend([
            ("/admin/schools", "nav-schools"),
            ("/admin/classes", "nav-classes"),
            ("/admin/users", "nav-people"),
            ("/admin/import", "nav-import"),
            ("/admin/nodes", "nav-nodes"),
        ]);
        if session
            .grants
            .iter()
            .any(|g| matches!(g.role, Role::RegionalAdmin | Role::MinistryAdmin))
        {
            items.insert(1, ("/admin/provinces", "nav-provinces"));
        }
    }
    // The hotline: agents work their queue, administrators what is escalated to them.
    if lawha_core::help::AgentReach::of(&session.grants).is_agent() {
        items.push(("/help/queue", "nav-hotline"));
    } else if !admin_scopes(&session.grants).is_empty() {
        items.push(("/help/escalated", "nav-hotline"));
    }
    items.push(("/profile", "nav-profile"));
    nav_items(items, path)
}

fn nav_items(items: Vec<(&'static str, &'static str)>, path: &str) -> Vec<NavItem> {
    items
        .into_iter()
        .map(|(href, label_key)| NavItem {
            href,
            label_key,
            current: if href == "/" {
                path == "/"
            } else {
                path.starts_with(href)
            },
        })
        .collect()
}

/// The visitor's language: their explicit choice (cookie), then their account's
/// preference, then the browser's, then the platform default.
pub fn resolve_locale(parts: &Parts, default: Locale) -> Locale {
    let jar = CookieJar::from_headers(&parts.headers);
    if let Some(l) = jar.get(LANG_COOKIE).and_then(|c| Locale::parse(c.value())) {
        return l;
    }
    if let Some(Viewer(Some(s))) = parts.extensions.get::<Viewer>() {
        if let Some(l) = s.user.locale {
            return l;
        }
    }
    parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .find_map(|tag| Locale::parse(tag.split(';').next()?))
        })
        .unwrap_or(default)
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let locale = resolve_locale(parts, state.config.default_locale);
        let viewer = parts.extensions.get::<Viewer>().and_then(|v| v.0.clone());
        let csrf = match &viewer {
            Some(s) => s.csrf_token.clone(),
            None => CookieJar::from_headers(&parts.headers)
                .get(PRE_SESSION_COOKIE)
                .map(|c| c.value().to_string())
                .unwrap_or_default(),
        };
        let path = parts.uri.path().to_string();
        Ok(PageCtx {
            locale,
            nav: nav_for(viewer.as_ref(), &path),
            path,
            viewer,
            csrf,
            zone: state.config.time_zone,
            content_language: None,
        })
    }
}

/// Renders a template into an HTML response.
pub fn render(template: &impl Template) -> Result<Response, crate::AppError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders a template into an HTML response on the blocking pool. For pages of exercise
/// texts: their maths takes CPU time that must not hold an async worker, which serves
/// many other requests meanwhile (rendered texts are cached, see `rich_text`).
pub async fn render_blocking<T>(template: T) -> Result<Response, crate::AppError>
where
    T: Template + Send + 'static,
{
    let html = tokio::task::spawn_blocking(move || template.render())
        .await
        .map_err(|e| crate::AppError::internal(format!("page rendering stopped: {e}")))??;
    Ok(Html(html).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    page: PageCtx,
    message_key: &'static str,
}

/// Middleware: responses carrying an [`ErrorPage`], and the plain-text refusals of axum's
/// extractors, get a translated error page body.
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let page = match PageCtx::from_request_parts(&mut parts, &state).await {
        Ok(page) => page,
        Err(never) => match never {},
    };
    let response = next.run(Request::from_parts(parts, body)).await;
    let Some(error) = response
        .extensions()
        .get::<ErrorPage>()
        .copied()
        .or_else(|| ErrorPage::for_rejection(&response))
    else {
        return response;
    };
    let status = response.status();
    // A busy or throttled answer says when to come back.
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let template = ErrorTemplate {
        page,
        message_key: error.message_key,
    };
    let mut rendered = match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => status.into_response(),
    };
    if let Some(value) = retry_after {
        rendered.headers_mut().insert(header::RETRY_AFTER, value);
    }
    rendered
}
