//! The installable app shell: the web app manifest ([`manifest`]), the service worker
//! ([`worker`]) and the offline page it falls back to ([`offline`]). All three are public,
//! carry nothing personal and are the same for every visitor of a language; see
//! ARCHITECTURE.md, "Offline app shell".

pub mod manifest;
pub mod offline;
pub mod worker;

/// The browser bar and splash colours: `--brand` and `--bg` of `static/app.css` (a test
/// keeps them equal).
pub const THEME_COLOR: &str = "#0b5d4b";
pub const BACKGROUND_COLOR: &str = "#fff";
