//! What the live page needs besides the engine (issue 17): Janus's own JavaScript library,
//! served from Lawha's origin ([`vendor`]), and Janus's HTTP API reached through Lawha's
//! origin ([`proxy`]), so that the page's Content-Security-Policy stays `'self'` and no
//! CDN or other origin is ever contacted.
//!
//! Both are set by the binary when the engine is Janus ([`LivePage::janus`]); without them
//! the join page says the live player is not installed here.

pub mod proxy;
pub mod vendor;

use url::Url;
use uuid::Uuid;

use crate::throttle::rate::Limiter;

pub use vendor::VendorScript;

/// The live page's Janus pieces: the library and the API the proxy forwards to.
pub struct LivePage {
    /// janus.js, read once at start (none: not installed here).
    pub janus_js: Option<VendorScript>,
    /// Janus's HTTP API as Lawha reaches it (`http://127.0.0.1:<port>/janus`), which
    /// `/janus/…` on Lawha's origin forwards to; none without a Janus engine.
    pub janus_api: Option<Url>,
    /// The client the proxy forwards with (no redirects, long-poll timeouts).
    pub(crate) http: proxy::Client,
    /// Requests per person per second through the proxy ([`proxy::PER_SECOND`]).
    pub(crate) limiter: Limiter<Uuid>,
}

impl Default for LivePage {
    fn default() -> Self {
        LivePage {
            janus_js: None,
            janus_api: None,
            http: proxy::Client::default(),
            limiter: proxy::limiter(),
        }
    }
}

impl LivePage {
    /// The live page for a Janus at `api` with the library `janus_js` (if installed).
    pub fn janus(api: Url, janus_js: Option<VendorScript>) -> Self {
        LivePage {
            janus_js,
            janus_api: Some(api),
            ..LivePage::default()
        }
    }

    /// Where the page loads janus.js from, when it is installed here.
    pub fn janus_js_href(&self) -> Option<&str> {
        self.janus_js.as_ref().map(VendorScript::href)
    }
}
