//! In-process test client for the web app: requests go straight to the router
//! (`tower::ServiceExt::oneshot`), cookies and CSRF tokens are carried like a browser would.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use lawha_core::role::Grant;
use lawha_core::{Role, Scope};
use lawha_store::testing::{self, TestStore};
use lawha_store::{Backend, Class, NewUser, School, User};
use lawha_web::{router, AppState, WebConfig};
use tower::ServiceExt;
use uuid::Uuid;

pub mod node;

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub store: TestStore,
    /// The app's media store (in memory) and search index, shared with its state.
    pub state: AppState,
    app: Router,
}

/// A response, fully read.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as received (PDFs, images).
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The value of a cookie this response sets (None when not set).
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| {
                let (pair, _) = c.split_once(';').unwrap_or((c, ""));
                let (k, v) = pair.split_once('=')?;
                (k == name).then(|| v.to_string())
            })
    }

    /// The first hidden `csrf` value on the page.
    pub fn csrf(&self) -> Option<String> {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker)? + marker.len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_string())
    }
}

/// A browser: its cookies and the CSRF token of its session.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub cookies: Vec<(String, String)>,
    pub csrf: String,
}

impl Client {
    /// The `Cookie` header this client sends.
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The sign-in form's urlencoded body, carrying this client's CSRF token.
    pub fn sign_in_form(&self, identifier: &str, password: &str) -> String {
        serde_urlencoded::to_string([
            ("identifier", identifier),
            ("password", password),
            ("csrf", self.csrf.as_str()),
        ])
        .expect("urlencoded sign-in form")
    }

    pub fn set(&mut self, name: &str, value: String) {
        self.cookies.retain(|(k, _)| k != name);
        self.cookies.push((name.to_string(), value));
    }
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        Self::with(testing::sqlite().await).await
    }

    pub async fn on(backend: Backend) -> TestApp {
        Self::with(testing::on(backend).await).await
    }

    pub async fn with(store: TestStore) -> TestApp {
        Self::with_config(store, WebConfig::default())
    }

    /// An app with its own settings (a reverse proxy in front, another public URL…).
    pub fn with_config(store: TestStore, config: WebConfig) -> TestApp {
        let state = AppState::new(store.store.clone(), config);
        let app = router(state.clone());
        TestApp { store, state, app }
    }

    /// Serves the next requests from another app node: the same database and media store,
    /// its own search index and `uploads_dir` (what a load balancer's next pick would be).
    pub fn switch_node(&mut self, uploads_dir: std::path::PathBuf) {
        let search = lawha_web::CatalogSearch::open(None).unwrap();
        let config = WebConfig {
            uploads_dir,
            ..(*self.state.config).clone()
        };
        self.state = AppState::with_services(
            self.store.store.clone(),
            config,
            self.state.media.clone(),
            search,
        );
        self.app = router(self.state.clone());
    }

    /// Serves the next requests as a school node does (its configuration names
    /// `node_school`).
    pub fn become_school_node(&mut self) {
        let config = WebConfig {
            school_node: true,
            ..(*self.state.config).clone()
        };
        self.state = AppState::with_services(
            self.store.store.clone(),
            config,
            self.state.media.clone(),
            self.state.search.clone(),
        );
        self.app = router(self.state.clone());
    }

    /// Serves the next requests with this conferencing engine (or none).
    pub fn use_live(&mut self, live: Option<std::sync::Arc<dyn lawha_web::LiveRooms>>) {
        self.state = self.state.with_live(live);
        self.app = router(self.state.clone());
    }

    /// Serves the next requests with these janus.js and Janus API for the live page.
    pub fn use_live_page(&mut self, page: lawha_web::LivePage) {
        self.state = self.state.with_live_page(page);
        self.app = router(self.state.clone());
    }

    /// Serves the next requests with this search index (e.g. one whose storage fails).
    pub fn use_search(&mut self, search: std::sync::Arc<lawha_web::CatalogSearch>) {
        self.state = AppState::with_services(
            self.store.store.clone(),
            (*self.state.config).clone(),
            self.state.media.clone(),
            search,
        );
        self.app = router(self.state.clone());
    }

    /// A capsule on `lesson` that plays the demo clip (already processed: no ffmpeg),
    /// published or not, open to all or to one school.
    pub async fn playable_capsule(
        &self,
        lesson: uuid::Uuid,
        title: &str,
        published: bool,
        school_id: Option<uuid::Uuid>,
    ) -> (
        lawha_store::catalog::capsules::Capsule,
        lawha_store::media_jobs::media::MediaAsset,
    ) {
        use lawha_core::capsule::CapsuleFields;
        use lawha_media::demo;
        demo::install(&self.state.media).await.unwrap();
        let fields = CapsuleFields {
            title_fr: title.into(),
            title_ar: title.into(),
            language: Some(lawha_core::Locale::Fr),
            ..CapsuleFields::default()
        }
        .validate()
        .unwrap();
        let capsule = self
            .store
            .catalog()
            .create_capsule(&lawha_store::catalog::capsules::NewCapsule {
                lesson_id: lesson,
                fields,
                school_id,
                external_ref: None,
                created_by: None,
            })
            .await
            .unwrap();
        let asset = self
            .store
            .media_jobs()
            .attach_ready_media(
                &lawha_store::media_jobs::media::NewMedia {
                    capsule_id: capsule.id,
                    id: uuid::Uuid::now_v7(),
                    source_key: demo::source_key(),
                    source_name: "clip.mp4".into(),
                    source_bytes: 1,
                    source_sha256: String::new(),
                    output_prefix: demo::PREFIX.into(),
                    created_by: None,
                },
                &lawha_store::media_jobs::media::TranscodeResult {
                    manifest_json: demo::MANIFEST_JSON.into(),
                    report_json: demo::REPORT_JSON.into(),
                    compliant: false,
                    duration_ms: 8000,
                },
            )
            .await
            .unwrap();
        let capsule = if published {
            self.store
                .catalog()
                .publish_capsule(capsule.id)
                .await
                .unwrap()
        } else {
            self.store.catalog().capsule(capsule.id).await.unwrap()
        };
        self.state.sync_search().await;
        (capsule, asset)
    }

    /// Sends a request with any method, headers and body (tus, ranges…).
    pub async fn request(
        &self,
        client: &Client,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Resp {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, client.cookie_header());
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Moves the platform's clock `days` days ahead, for the pages and the store alike (as
    /// `clock_offset_days` does for a server): sessions past their lifetime end, as they
    /// would.
    pub fn travel(&mut self, days: i64) {
        self.state
            .store
            .clock()
            .advance(chrono::Duration::days(days));
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let resp = self.app.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, client: &Client, path: &str) -> Resp {
        let req = Request::get(path)
            .header(header::COOKIE, client.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// Posts a form with the client's CSRF token added.
    pub async fn post(&self, client: &Client, path: &str, fields: &[(&str, &str)]) -> Resp {
        let mut all = fields.to_vec();
        all.push(("csrf", client.csrf.as_str()));
        self.post_raw(client, path, &all).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post_raw(&self, client: &Client, path: &str, fields: &[(&str, &str)]) -> Resp {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = Request::post(path)
            .header(header::COOKIE, client.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Posts a multipart form as a browser does, with the CSRF token in the query string;
    /// `file` is (field name, file name, bytes).
    pub async fn post_multipart(
        &self,
        client: &Client,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Resp {
        let boundary = "lawhaTestBoundary7MA4YWxk";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((name, file_name, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                     filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let separator = if path.contains('?') { '&' } else { '?' };
        let req = Request::post(format!("{path}{separator}csrf={}", client.csrf))
            .header(header::COOKIE, client.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// An anonymous visitor who has loaded the sign-in form.
    pub async fn visitor(&self) -> Client {
        let mut client = Client::default();
        let page = self.get(&client, "/login").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let pre = page.set_cookie("lawha_pre").expect("pre-session cookie");
        client.set("lawha_pre", pre);
        client.csrf = page.csrf().expect("csrf field on /login");
        client
    }

    /// Signs in through the form and returns the signed-in browser.
    pub async fn sign_in(&self, login: &str, password: &str) -> Client {
        let mut client = self.visitor().await;
        let resp = self
            .post(
                &client,
                "/login",
                &[("identifier", login), ("password", password)],
            )
            .await;
        assert_eq!(
            resp.status,
            StatusCode::SEE_OTHER,
            "sign-in of {login}: {}",
            resp.body
        );
        let token = resp.set_cookie("lawha_session").expect("session cookie");
        client.set("lawha_session", token);
        let profile = self.get(&client, "/profile").await;
        client.csrf = profile.csrf().expect("csrf on /profile");
        client
    }

    /// A national producer, signed in.
    pub async fn producer(&self) -> Client {
        self.user(
            "Studio",
            "studio@example.ma",
            &[(Role::Producer, Scope::National)],
        )
        .await;
        self.sign_in("studio@example.ma", PASSWORD).await
    }

    /// A draft capsule titled `title` (French), made through the studio by `studio` in a
    /// new 1AC MATH lesson: the lesson's id and the capsule's.
    pub async fn new_capsule(&self, studio: &Client, title: &str) -> (Uuid, Uuid) {
        let titles = lawha_store::catalog::curriculum::Titles {
            ar: "الكسور".into(),
            fr: "Les fractions".into(),
        };
        let lesson = testing::lesson(&self.store, "1AC", "MATH", &titles).await;
        let created = self
            .post(
                studio,
                &format!("/studio/new?lesson={}", lesson.id),
                &[("title_fr", title), ("language", "fr")],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        let capsule = created
            .location()
            .rsplit('/')
            .next()
            .and_then(|id| id.parse().ok())
            .expect("the new capsule's page");
        (lesson.id, capsule)
    }

    /// A school coded `code` in the region coded `region` (its own province), and a 1AC
    /// class of it.
    pub async fn school_and_class(&self, region: &str, code: &str) -> (School, Class) {
        testing::school_with_class(&self.store, region, code).await
    }

    /// A teacher of `school` (password [`PASSWORD`]) who teaches `class` every subject.
    pub async fn teacher_of(
        &self,
        school: &School,
        class: &Class,
        name: &str,
        login: &str,
    ) -> User {
        let teacher = self
            .user(name, login, &[(Role::Teacher, school.scope())])
            .await;
        self.store
            .accounts()
            .assign_teacher(class.id, teacher.id, None)
            .await
            .expect("assign teacher");
        teacher
    }

    /// Creates an account holding the given grants (password [`PASSWORD`]).
    pub async fn user(&self, name: &str, login: &str, grants: &[(Role, Scope)]) -> User {
        let (email, pupil_code) = if login.contains('@') {
            (Some(login.to_string()), None)
        } else {
            (None, Some(login.to_string()))
        };
        let user = self
            .store
            .accounts()
            .create_user(&NewUser {
                display_name: name.into(),
                email,
                pupil_code,
                password: PASSWORD.into(),
                locale: None,
                must_change_password: false,
            })
            .await
            .expect("create user");
        for (role, scope) in grants {
            let grant = Grant::new(*role, *scope).expect("valid grant");
            self.store
                .accounts()
                .add_grant(user.id, &grant)
                .await
                .expect("add grant");
        }
        user
    }
}

/// What the admin forms and the import could change about an account.
#[derive(Debug, PartialEq)]
pub struct AccountState {
    pub name: String,
    pub email: Option<String>,
    pub active: bool,
    pub grants: Vec<(Role, lawha_core::ScopeKey)>,
    pub classes: Vec<uuid::Uuid>,
    pub children: usize,
    pub password_unchanged: bool,
}

pub async fn account_state(app: &TestApp, user: &User) -> AccountState {
    let stored = app.store.accounts().user(user.id).await.unwrap();
    let mut grants: Vec<(Role, lawha_core::ScopeKey)> = app
        .store
        .accounts()
        .grants(user.id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.role, g.scope.key()))
        .collect();
    grants.sort();
    let mut classes: Vec<uuid::Uuid> = app
        .store
        .accounts()
        .classes_of(user.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.class.id)
        .collect();
    classes.sort();
    AccountState {
        name: stored.display_name,
        email: stored.email,
        active: stored.active,
        grants,
        classes,
        children: app
            .store
            .accounts()
            .children_of(user.id)
            .await
            .unwrap()
            .len(),
        password_unchanged: app
            .store
            .accounts()
            .check_password(user.id, PASSWORD)
            .await
            .unwrap(),
    }
}

/// The log lines written while a test runs (this thread's), to check what they say and what they
/// never carry.
#[derive(Clone, Default)]
pub struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn capture_logs(level: tracing::Level) -> (Logs, tracing::subscriber::DefaultGuard) {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(level)
        .with_writer(move || writer.clone())
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}
