//! Lawha's web front: server-rendered pages in Arabic and French that work without
//! JavaScript, over the [`lawha_store::Store`].
//!
//! - [`router`] builds the whole application; [`AppState`] is what handlers share.
//! - Requests pass through: request id → trace → metrics → session loading → CSRF guard →
//!   the handler, which runs to its end even if the client hangs up (`run_to_end`); errors
//!   become translated pages in one place ([`error`]).
//! - Templates are compiled in (askama), translations are Fluent files compiled in, and
//!   static assets are embedded with content-hashed names.

use std::sync::Arc;

use lawha_core::Locale;
use lawha_media::storage::MediaStorage;
use lawha_store::catalog::snapshot::CatalogSnapshot;
use lawha_store::Store;

pub mod app_shell;
mod assets;
mod bidi;
pub mod catalog_cache;
pub mod catalog_search;
pub mod charts;
mod client_address;
mod client_time;
mod csv_export;
mod error;
mod extract;
pub mod families;
mod format;
mod forms;
mod health;
pub mod i18n;
pub mod live_attendance;
pub mod live_engine;
pub mod live_page;
pub mod mail;
mod media_http;
mod metrics_layer;
mod page;
mod redirect;
pub mod rich_text;
mod routes;
mod run_to_end;
mod session;
pub mod session_cache;
pub mod slips;
mod throttle;
mod upload;

pub use catalog_cache::CatalogCache;
pub use catalog_search::CatalogSearch;
pub use error::AppError;
pub use health::metrics_handle;
pub use live_engine::LiveRooms;
pub use live_page::{LivePage, VendorScript};
pub use routes::help::suggest::PER_MINUTE as HELP_SUGGEST_PER_MINUTE;
pub use routes::router;
pub use routes::studio::tus::clean_stale as clean_stale_uploads;
pub use routes::{NODE_HEADER, SIGNATURE_HEADER, TIME_HEADER};
pub use session_cache::{SessionCache, SessionCacheConfig};

/// Settings the web layer needs, from the binary's configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address users reach, e.g. `https://lawha.example.ma`. An `https` URL turns on
    /// `Secure` cookies.
    pub public_base_url: String,
    /// The language for visitors who have not chosen one.
    pub default_locale: Locale,
    /// How long a sign-in lasts.
    pub session_hours: i64,
    /// How many reverse proxies of ours stand in front of the platform, each appending to
    /// `X-Forwarded-For`; 0 ignores that header (see the `client_address` module).
    pub trusted_proxies: usize,
    /// The time zone days are counted in (streaks, "today" in revision).
    pub time_zone: chrono_tz::Tz,
    /// Where a node writes a file while it receives or joins it (node-local is fine: uploads
    /// in progress are kept in the media store between requests).
    pub uploads_dir: std::path::PathBuf,
    /// The platform's published packs, one folder each by pack id, served to school nodes
    /// (`GET /sync/packs…`).
    pub packs_dir: std::path::PathBuf,
    /// Largest video a producer may upload.
    pub max_video_bytes: u64,
    /// Whether this node found ffmpeg (the studio says how to install it when not).
    pub ffmpeg_available: bool,
    /// The node's cache of signed-in sessions.
    pub session_cache: SessionCacheConfig,
    /// How long the node uses its copy of the catalog before comparing versions again
    /// (see [`catalog_cache`]); zero compares on every use.
    pub catalog_refresh: std::time::Duration,
    /// Whether this is a school node (its configuration names `node_school`): accounts are
    /// made on the platform only, so the forms that create them refuse here (an account made
    /// on a node would be unknown to the platform, and its edits set aside forever).
    pub school_node: bool,
    /// Whether outgoing mail is configured (a worker sends the outbox); without it the
    /// "forgot password" page says to contact the school.
    pub mail_enabled: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_base_url: "http://localhost:8080".into(),
            default_locale: Locale::Ar,
            session_hours: 12,
            trusted_proxies: 0,
            time_zone: chrono_tz::Africa::Casablanca,
            uploads_dir: std::env::temp_dir().join("lawha-uploads"),
            packs_dir: std::env::temp_dir().join("lawha-packs"),
            max_video_bytes: 4 * 1024 * 1024 * 1024,
            ffmpeg_available: true,
            session_cache: SessionCacheConfig::default(),
            catalog_refresh: std::time::Duration::ZERO,
            school_node: false,
            mail_enabled: false,
        }
    }
}

impl WebConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

/// What every handler can reach: one shared [`Services`]. Every extractor and handler takes
/// its own copy of the state, several per request, so a copy is one reference count rather
/// than one per service (and a string for the media storage's description): those copies
/// were a tenth of a `/login`'s time.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// The services of a node, shared by every request through [`AppState`].
pub struct Services {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// Where capsule media and files live.
    pub media: MediaStorage,
    /// This node's capsule search index.
    pub search: Arc<CatalogSearch>,
    /// This node's cache of signed-in sessions (see [`session_cache`]).
    pub sessions: Arc<SessionCache>,
    /// This node's copy of the catalog (see [`catalog_cache`]).
    pub catalog: Arc<CatalogCache>,
    /// The conferencing engine of live classes, when the deployment configured one; without
    /// it the live pages say live classes are not available here (scheduling still works).
    pub live: Option<Arc<dyn LiveRooms>>,
    /// janus.js and the way to Janus's API for the live page (see [`live_page`]).
    pub live_page: Arc<LivePage>,
    /// The help centre's suggestions, counted per client address on this node.
    pub suggestions: Arc<throttle::PerMinute>,
}

impl AppState {
    /// A state with media in memory and an in-memory search index (tests, tools).
    pub fn new(store: Store, config: WebConfig) -> Self {
        let search = match CatalogSearch::open(None) {
            Ok(search) => search,
            // Creating an empty in-memory index only fails if memory is exhausted.
            Err(e) => panic!("cannot create an in-memory search index: {e}"),
        };
        AppState::with_services(store, config, MediaStorage::in_memory(), search)
    }

    pub fn with_services(
        store: Store,
        config: WebConfig,
        media: MediaStorage,
        search: Arc<CatalogSearch>,
    ) -> Self {
        AppState(Arc::new(Services {
            store,
            sessions: Arc::new(SessionCache::new(config.session_cache)),
            catalog: Arc::new(CatalogCache::new(config.catalog_refresh)),
            config: Arc::new(config),
            media,
            search,
            live: None,
            live_page: Arc::new(LivePage::default()),
            suggestions: Arc::new(throttle::PerMinute::new(
                HELP_SUGGEST_PER_MINUTE,
                routes::help::suggest::ADDRESSES,
            )),
        }))
    }

    /// The same services with `live` as the conferencing engine (or none).
    pub fn with_live(&self, live: Option<Arc<dyn LiveRooms>>) -> Self {
        AppState(Arc::new(Services {
            store: self.store.clone(),
            config: self.config.clone(),
            media: self.media.clone(),
            search: self.search.clone(),
            sessions: self.sessions.clone(),
            catalog: self.catalog.clone(),
            live,
            live_page: self.live_page.clone(),
            suggestions: self.suggestions.clone(),
        }))
    }

    /// The same services with `page` as the live page's Janus pieces.
    pub fn with_live_page(&self, page: LivePage) -> Self {
        AppState(Arc::new(Services {
            store: self.store.clone(),
            config: self.config.clone(),
            media: self.media.clone(),
            search: self.search.clone(),
            sessions: self.sessions.clone(),
            catalog: self.catalog.clone(),
            live: self.live.clone(),
            live_page: Arc::new(page),
            suggestions: self.suggestions.clone(),
        }))
    }

    /// Brings this node's search index up to date after a change made here (other nodes
    /// catch up by polling), waiting at most [`catalog_search::SYNC_WAIT`]. A failure is
    /// logged and counted, never returned: the change is committed and the next poll repairs
    /// the index.
    pub async fn sync_search(&self) {
        let sync = self.search.spawn_sync(&self.store);
        // Past the wait the sync goes on by itself; the response does not depend on it.
        let _ = tokio::time::timeout(catalog_search::SYNC_WAIT, sync).await;
    }

    /// The catalog as this node holds it (see [`catalog_cache`]).
    pub async fn catalog(&self) -> error::AppResult<Arc<CatalogSnapshot>> {
        self.catalog.get(&self.store).await
    }

    /// Now, by the platform's clock: what answers are stamped with and revision is due
    /// against. It is the store's clock, so pages and stored rows agree.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.store.clock().now()
    }
}
