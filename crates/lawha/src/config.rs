//! Configuration: built-in defaults, then an optional TOML file, then `LAWHA_*` environment
//! variables, then command-line flags (each layer overrides the one before). Everything is
//! checked here, once, so that a bad setting stops the program with one clear message
//! naming the setting and where its value came from.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use figment::providers::{Env, Format, Toml};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use lawha_core::{Clock, Locale};
use lawha_pack::PublicKey;
use lawha_store::HashingLimits;
use lawha_web::families::weekly::WeeklySchedule;
use lawha_web::mail::{MailConfig, TlsMode};
use serde::{Deserialize, Serialize};
use serde_aux::serde_introspection::serde_introspect;
use uuid::Uuid;

/// Settings every server command accepts on the command line.
#[derive(Debug, Clone, Default, Args, Serialize)]
pub struct ConfigArgs {
    /// TOML configuration file (also LAWHA_CONFIG).
    #[arg(long, value_name = "FILE")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// Address and port to listen on, e.g. 0.0.0.0:8080 [default: 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    /// Directory for the database and media [default: ./lawha-data].
    #[arg(long, value_name = "DIR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    /// sqlite://FILE or postgres://USER@HOST/DB [default: SQLite file in the data directory].
    #[arg(long, value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    /// Directory for uploaded and transcoded media [default: DATA_DIR/media].
    #[arg(long, value_name = "DIR")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_dir: Option<PathBuf>,
    /// The address users type to reach the platform; https:// turns on Secure cookies.
    #[arg(long, value_name = "URL")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_base_url: Option<String>,
    /// Language for visitors who have not chosen one: ar or fr [default: ar].
    #[arg(long, value_name = "LANG")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_language: Option<String>,
}

/// The raw layered settings, before checking.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    media_dir: Option<PathBuf>,
    public_base_url: Option<String>,
    default_language: Option<String>,
    session_hours: Option<i64>,
    trust_forwarded_for: Option<bool>,
    trusted_proxies: Option<i64>,
    time_zone: Option<String>,
    clock_offset_days: Option<i64>,
    media_store: Option<String>,
    ffmpeg: Option<PathBuf>,
    media_workers: Option<i64>,
    max_upload_mb: Option<i64>,
    header_read_timeout: Option<i64>,
    idle_timeout: Option<i64>,
    max_connections: Option<i64>,
    session_cache_seconds: Option<i64>,
    catalog_refresh_ms: Option<i64>,
    password_hashes_at_once: Option<i64>,
    password_hash_queue: Option<i64>,
    node_school: Option<String>,
    platform_key: Option<String>,
    platform_url: Option<String>,
    node_id: Option<String>,
    sync_every_seconds: Option<i64>,
    packs_dir: Option<PathBuf>,
    smtp_host: Option<String>,
    smtp_port: Option<i64>,
    smtp_tls: Option<String>,
    smtp_user: Option<String>,
    smtp_password: Option<String>,
    mail_from: Option<String>,
    weekly_summary_day: Option<String>,
    weekly_summary_hour: Option<i64>,
    live: Option<lawha_live::LiveConfig>,
    embedded_janus: Option<bool>,
    janus_js: Option<PathBuf>,
    live_poll_seconds: Option<i64>,
    live_recordings_seconds: Option<i64>,
    live_recordings_settle_seconds: Option<i64>,
}

/// The checked configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub media_dir: PathBuf,
    pub public_base_url: String,
    pub default_locale: Locale,
    pub session_hours: i64,
    /// Reverse proxies of ours in front of the platform, each appending the address it
    /// received a request from to `X-Forwarded-For`; the client address is the one the
    /// outermost appended (the `trusted_proxies`-th from the right). 0 ignores the header
    /// [default: 0; `trust_forwarded_for = true`, the older setting, means 1].
    pub trusted_proxies: usize,
    /// The IANA time zone days are counted in [default: Africa/Casablanca].
    pub time_zone: chrono_tz::Tz,
    /// Shifts the clock by whole days (demos and tests only) [default: 0].
    pub clock_offset_days: i64,
    /// Where media lives: the media directory, or `s3://bucket/prefix` (credentials and
    /// endpoint from the usual AWS_* variables) [default: the media directory].
    pub media_store: String,
    /// The ffmpeg program [default: `ffmpeg` on the PATH].
    pub ffmpeg: Option<PathBuf>,
    /// Videos processed at once by this node; 0 runs no worker here [default: 1].
    pub media_workers: usize,
    /// Largest video upload, in megabytes [default: 4096].
    pub max_upload_mb: u64,
    /// Longest wait for a complete request head, in seconds: from the start of a new
    /// connection, and on a kept-alive one from the first bytes of its next request (a client
    /// sending its headers slowly is cut off then) [default: 10].
    pub header_read_timeout: Duration,
    /// Longest a kept-alive connection may rest between requests, and a request body or a
    /// response may stall, in seconds: a client that stops sending its upload or stops reading
    /// a download is cut off then [default: 60, above the 30 s at which pages left open
    /// ask again, and at or above what load balancers keep idle upstream connections for].
    pub idle_timeout: Duration,
    /// Connections served at once; more wait in the kernel's queue [default: what the
    /// open-files limit allows, at most 100,000]. Lowered at start if the limit is smaller.
    pub max_connections: Option<usize>,
    /// How long a node may serve a signed-in session from memory, in seconds; changes made on
    /// any node still show within a second (the feed of account changes); 0 turns the cache
    /// off [default: 60].
    pub session_cache_ttl: Duration,
    /// How long a node serves the catalog (units, lessons, capsules, their files, exercise
    /// sets) from memory before comparing its version with the database's, in
    /// milliseconds: a change made on another node shows within this; one made on this node
    /// shows at once; 0 compares on every page [default: 1000].
    pub catalog_refresh: Duration,
    /// Password hashes (sign-in, password changes, imports) run at once, each holding
    /// 19 MiB for tens of milliseconds [default: half the cores, within an eighth of the
    /// memory available].
    pub password_hashes_at_once: Option<usize>,
    /// Password hashes that may wait for a turn; one more is answered "busy, try again"
    /// (503 with Retry-After) [default: 64 per hash at once].
    pub password_hash_queue: Option<usize>,
    /// On a school node: the school it serves (`lawha node init` writes it) [default: none,
    /// a platform].
    pub node_school: Option<Uuid>,
    /// On a school node: the platform's public key (64 hex digits, as `lawha pack keygen`
    /// prints it), the only signer whose packs it imports.
    pub platform_key: Option<PublicKey>,
    /// On a school node: the platform's address, for syncing when a link exists.
    pub platform_url: Option<String>,
    /// On a school node: the id the platform registered it under (`lawha sync register`
    /// prints it); with `platform_url`, `lawha serve` pushes the node's work up by itself.
    pub node_id: Option<Uuid>,
    /// On a school node: seconds between two pushes inside `lawha serve` [default: 300].
    pub sync_every: Duration,
    /// On the platform: the folder of published packs, served to school nodes
    /// (`lawha pack publish` puts them there) [default: DATA_DIR/packs].
    pub packs_dir: PathBuf,
    /// Outgoing mail (`smtp_host`, `smtp_port`, `smtp_tls` = starttls | tls | none,
    /// `smtp_user`, `smtp_password`, `mail_from`); `None` without `smtp_host`: mail is off.
    pub mail: Option<MailConfig>,
    /// When `lawha serve` mails parents their children's weekly summary, on the
    /// `time_zone` clock (`weekly_summary_day` = monday … sunday, `weekly_summary_hour` =
    /// 0 … 23) [default: sunday, 18]. Only where mail is on and not on a school node.
    pub weekly_summary: WeeklySchedule,
    /// Live classes: the `[live]` table naming the conferencing engine (`engine = "janus"`
    /// with `api_url`, `admin_key`, `recordings_dir`; or `engine = "bigbluebutton"` with
    /// `api_url`, `secret`, `callback_base`) [default: none; the live pages say live classes
    /// are not available, and scheduling still works].
    pub live: Option<lawha_live::LiveConfig>,
    /// Whether `serve` and `demo` run a Janus of their own where `janus` is installed and
    /// `[live]` names no engine [default: true].
    pub embedded_janus: bool,
    /// janus.js, served to the live page from our origin [default: Debian's
    /// /usr/share/javascript/janus-gateway/janus.js, from `libjs-janus-gateway`]; missing,
    /// the join page says the live player is not installed here.
    pub janus_js: PathBuf,
    /// Seconds between two looks at who is in each open live room [default: 15].
    pub live_poll: Duration,
    /// Seconds between two rounds of the live recordings worker [default: 300].
    pub live_recordings_every: Duration,
    /// Seconds after an occurrence's end before its recordings are looked for
    /// [default: 180]: a recording still being written is not taken.
    pub live_recordings_settle: Duration,
}

impl Config {
    /// Where this node writes files it is receiving or joining (uploads between requests are
    /// kept in the media store).
    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }

    /// The bounds of password hashing: the settings, else what suits this machine.
    pub fn hashing_limits(&self) -> HashingLimits {
        let at_once = self
            .password_hashes_at_once
            .unwrap_or_else(|| HashingLimits::for_this_machine().at_once);
        let default = HashingLimits::running(at_once);
        HashingLimits {
            queued: self.password_hash_queue.unwrap_or(default.queued),
            ..default
        }
    }

    pub fn search_dir(&self) -> PathBuf {
        // One directory per index layout: an index of an older layout does not open, and
        // is rebuilt from the database in the new one (the old directory can be deleted).
        self.data_dir
            .join(format!("search-v{}", lawha_search::LAYOUT_VERSION))
    }

    /// The platform's clock, moved by `clock_offset_days`: the store and the web layer
    /// share it.
    pub fn clock(&self) -> Clock {
        Clock::system_moved_by(chrono::Duration::days(self.clock_offset_days))
    }
}

/// A setting that cannot be used, said in one sentence.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(String);

impl Config {
    /// Loads the configuration from the process environment and the given flags.
    pub fn load(args: &ConfigArgs, default_data_dir: &str) -> Result<Config, ConfigError> {
        let file = args
            .config
            .clone()
            .or_else(|| Env::var("LAWHA_CONFIG").map(PathBuf::from));
        let mut figment = Figment::new();
        if let Some(file) = &file {
            if !file.is_file() {
                return Err(ConfigError(format!(
                    "the configuration file {} does not exist",
                    file.display()
                )));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        // Only the LAWHA_* variables that name a setting: others (test settings, the file's
        // path) are not ours. Values read like TOML scalars: `LAWHA_SESSION_HOURS=8` is a
        // number, `LAWHA_TRUST_FORWARDED_FOR=true` a boolean.
        figment = figment.merge(Env::prefixed("LAWHA_").only(serde_introspect::<RawConfig>()));
        figment = figment.merge(flags_layer(args));
        let raw: RawConfig = figment.extract().map_err(|e| explain(&e))?;
        check(raw, &figment, default_data_dir)
    }
}

/// One layer of settings with a name users recognise in error messages.
struct Layer {
    name: &'static str,
    dict: Dict,
}

impl Provider for Layer {
    fn metadata(&self) -> Metadata {
        Metadata::named(self.name)
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Ok(Profile::Default.collect(self.dict.clone()))
    }
}

fn flags_layer(args: &ConfigArgs) -> Layer {
    let dict = match Value::serialize(args) {
        Ok(Value::Dict(_, dict)) => dict,
        _ => Dict::new(),
    };
    Layer {
        name: "the command line",
        dict,
    }
}

fn explain(error: &figment::Error) -> ConfigError {
    // figment already says where the value came from; its profile prefix means nothing here.
    let message = error.to_string().replace("\"default.", "\"");
    // The environment provider names the variable (`SESSION_HOURS`): name the setting too.
    match error.path.iter().rfind(|part| part.as_str() != "default") {
        Some(setting) if !message.contains(setting.as_str()) => {
            ConfigError(format!("{setting}: {message}"))
        }
        _ => ConfigError(message),
    }
}

/// Where a setting's value came from, for error messages.
fn origin(figment: &Figment, key: &str) -> String {
    figment
        .find_metadata(key)
        .map(|m| match &m.source {
            Some(source) => format!("{} {source}", m.name),
            None => m.name.to_string(),
        })
        .unwrap_or_else(|| "defaults".into())
}

/// The mail settings as read, before their checks.
struct RawMail {
    host: Option<String>,
    port: Option<i64>,
    tls: Option<String>,
    user: Option<String>,
    password: Option<String>,
    from: Option<String>,
}

/// Checks the mail settings: none without `smtp_host`; with it, a sender is required and
/// the port defaults to the TLS mode's usual one.
fn mail_settings(
    raw: &RawMail,
    bad: &dyn Fn(&str, String) -> ConfigError,
) -> Result<Option<MailConfig>, ConfigError> {
    let Some(host) = raw.host.as_deref().map(str::trim).filter(|h| !h.is_empty()) else {
        return Ok(None);
    };
    let tls = match raw.tls.as_deref().unwrap_or("starttls") {
        "starttls" => TlsMode::Starttls,
        "tls" => TlsMode::Tls,
        "none" => TlsMode::None,
        other => {
            return Err(bad(
                "smtp_tls",
                format!("{other:?} must be starttls, tls or none"),
            ))
        }
    };
    let default_port = match tls {
        TlsMode::Starttls => 587,
        TlsMode::Tls => 465,
        TlsMode::None => 25,
    };
    let port = raw.port.unwrap_or(default_port);
    let port = match u16::try_from(port) {
        Ok(p) if p > 0 => p,
        _ => {
            return Err(bad(
                "smtp_port",
                format!("{port} must be between 1 and 65535"),
            ))
        }
    };
    let Some(from) = raw.from.clone() else {
        return Err(bad(
            "mail_from",
            "is required with smtp_host (e.g. \"Lawha <no-reply@example.ma>\")".into(),
        ));
    };
    if raw.user.is_some() != raw.password.is_some() {
        return Err(bad(
            "smtp_user",
            "smtp_user and smtp_password go together".into(),
        ));
    }
    Ok(Some(MailConfig {
        host: host.to_string(),
        port,
        tls,
        user: raw.user.clone(),
        password: raw.password.clone(),
        from,
    }))
}

fn check(raw: RawConfig, figment: &Figment, default_data_dir: &str) -> Result<Config, ConfigError> {
    let raw_mail = RawMail {
        host: raw.smtp_host.clone(),
        port: raw.smtp_port,
        tls: raw.smtp_tls.clone(),
        user: raw.smtp_user.clone(),
        password: raw.smtp_password.clone(),
        from: raw.mail_from.clone(),
    };
    let bad =
        |key: &str, why: String| ConfigError(format!("{key} ({}): {why}", origin(figment, key)));
    let listen_text = raw.listen.unwrap_or_else(|| "127.0.0.1:8080".into());
    let listen: SocketAddr = listen_text.parse().map_err(|_| {
        bad(
            "listen",
            format!("{listen_text:?} is not an address and port such as 127.0.0.1:8080"),
        )
    })?;
    let data_dir = raw
        .data_dir
        .unwrap_or_else(|| PathBuf::from(default_data_dir));
    if data_dir.as_os_str().is_empty() {
        return Err(bad("data_dir", "must not be empty".into()));
    }
    let database_url = raw
        .database_url
        .unwrap_or_else(|| default_sqlite_url(&data_dir));
    let scheme_ok = ["sqlite:", "postgres://", "postgresql://"]
        .iter()
        .any(|p| database_url.starts_with(p));
    if !scheme_ok {
        return Err(bad(
            "database_url",
            "must start with sqlite:// or postgres:// (the database URL itself is not shown: it may hold a password)".into(),
        ));
    }
    let media_dir = raw.media_dir.unwrap_or_else(|| data_dir.join("media"));
    let public_base_url = raw
        .public_base_url
        .unwrap_or_else(|| format!("http://{listen}"))
        .trim_end_matches('/')
        .to_string();
    if !(public_base_url.starts_with("http://") || public_base_url.starts_with("https://")) {
        return Err(bad(
            "public_base_url",
            format!("{public_base_url:?} must start with http:// or https://"),
        ));
    }
    let language = raw.default_language.unwrap_or_else(|| "ar".into());
    let default_locale = Locale::parse(&language).ok_or_else(|| {
        bad(
            "default_language",
            format!("{language:?} is not a supported language (ar or fr)"),
        )
    })?;
    let session_hours = raw.session_hours.unwrap_or(12);
    if !(1..=24 * 30).contains(&session_hours) {
        return Err(bad(
            "session_hours",
            format!("{session_hours} must be between 1 and 720"),
        ));
    }
    let zone_name = raw.time_zone.unwrap_or_else(|| "Africa/Casablanca".into());
    let time_zone: chrono_tz::Tz = zone_name.parse().map_err(|_| {
        bad(
            "time_zone",
            format!("{zone_name:?} is not an IANA time zone (e.g. Africa/Casablanca)"),
        )
    })?;
    let clock_offset_days = raw.clock_offset_days.unwrap_or(0);
    if !(-3650..=3650).contains(&clock_offset_days) {
        return Err(bad(
            "clock_offset_days",
            format!("{clock_offset_days} must be between -3650 and 3650"),
        ));
    }
    let media_store = raw
        .media_store
        .unwrap_or_else(|| media_dir.display().to_string());
    if media_store.contains("://")
        && !media_store.starts_with("s3://")
        && !media_store.starts_with("file://")
    {
        return Err(bad(
            "media_store",
            format!("{media_store:?} must be a directory, file://DIR or s3://BUCKET[/PREFIX]"),
        ));
    }
    let media_workers = raw.media_workers.unwrap_or(1);
    if !(0..=64).contains(&media_workers) {
        return Err(bad(
            "media_workers",
            format!("{media_workers} must be between 0 and 64"),
        ));
    }
    let trusted_proxies = match (raw.trusted_proxies, raw.trust_forwarded_for) {
        (Some(n), _) => n,
        (None, Some(true)) => 1,
        (None, _) => 0,
    };
    if !(0..=16).contains(&trusted_proxies) {
        return Err(bad(
            "trusted_proxies",
            format!("{trusted_proxies} must be between 0 and 16"),
        ));
    }
    let max_upload_mb = raw.max_upload_mb.unwrap_or(4096);
    if !(1..=64 * 1024).contains(&max_upload_mb) {
        return Err(bad(
            "max_upload_mb",
            format!("{max_upload_mb} must be between 1 and 65536"),
        ));
    }
    let seconds = |key: &str, value: Option<i64>, default: u64, max: u64| {
        let value = value.unwrap_or(default as i64);
        match u64::try_from(value) {
            Ok(secs) if (1..=max).contains(&secs) => Ok(Duration::from_secs(secs)),
            _ => Err(bad(
                key,
                format!("{value} must be between 1 and {max} seconds"),
            )),
        }
    };
    let header_read_timeout = seconds("header_read_timeout", raw.header_read_timeout, 10, 300)?;
    let idle_timeout = seconds("idle_timeout", raw.idle_timeout, 60, 3600)?;
    let max_connections = match raw.max_connections {
        None => None,
        Some(n @ 1..=1_000_000) => Some(n as usize),
        Some(n) => {
            return Err(bad(
                "max_connections",
                format!("{n} must be between 1 and 1000000"),
            ))
        }
    };
    let session_cache_ttl = match raw.session_cache_seconds.unwrap_or(60) {
        secs @ 0..=3600 => Duration::from_secs(secs as u64),
        secs => {
            return Err(bad(
                "session_cache_seconds",
                format!("{secs} must be between 0 and 3600 seconds"),
            ))
        }
    };
    let catalog_refresh = match raw.catalog_refresh_ms.unwrap_or(1000) {
        ms @ 0..=60_000 => Duration::from_millis(ms as u64),
        ms => {
            return Err(bad(
                "catalog_refresh_ms",
                format!("{ms} must be between 0 and 60000 milliseconds"),
            ))
        }
    };
    let count = |key: &str, value: Option<i64>, min: i64, max: i64| match value {
        None => Ok(None),
        Some(n) if (min..=max).contains(&n) => Ok(Some(n as usize)),
        Some(n) => Err(bad(key, format!("{n} must be between {min} and {max}"))),
    };
    let password_hashes_at_once = count(
        "password_hashes_at_once",
        raw.password_hashes_at_once,
        1,
        256,
    )?;
    let password_hash_queue = count("password_hash_queue", raw.password_hash_queue, 0, 100_000)?;
    let node_school = match raw.node_school {
        None => None,
        Some(text) => Some(text.trim().parse().map_err(|_| {
            bad(
                "node_school",
                format!("{text:?} is not a school id (a UUID)"),
            )
        })?),
    };
    let platform_key = match raw.platform_key {
        None => None,
        Some(text) => Some(text.parse().map_err(|e| {
            bad(
                "platform_key",
                format!("{e} (as `lawha pack keygen` prints it)"),
            )
        })?),
    };
    let platform_url = raw
        .platform_url
        .map(|u| u.trim_end_matches('/').to_string());
    if let Some(url) = &platform_url {
        // Pulls bring password hashes down and pushes move the node's cursor: over the
        // network they need TLS. Plain http only to this machine (tests, a local proxy).
        if !(url.starts_with("https://") || is_loopback_http(url)) {
            return Err(bad(
                "platform_url",
                format!("{url:?} must start with https:// (http:// only for 127.0.0.1, localhost or [::1])"),
            ));
        }
    }
    let node_id = match raw.node_id {
        None => None,
        Some(text) => Some(text.trim().parse().map_err(|_| {
            bad(
                "node_id",
                format!("{text:?} is not a node id (a UUID, as `lawha sync register` prints it)"),
            )
        })?),
    };
    let sync_every = match raw.sync_every_seconds.unwrap_or(300) {
        secs @ 1..=86_400 => Duration::from_secs(secs as u64),
        secs => {
            return Err(bad(
                "sync_every_seconds",
                format!("{secs} must be between 1 and 86400 seconds"),
            ))
        }
    };
    let packs_dir = raw.packs_dir.unwrap_or_else(|| data_dir.join("packs"));
    let mail = mail_settings(&raw_mail, &bad)?;
    let weekly_summary = weekly_schedule(
        raw.weekly_summary_day.as_deref(),
        raw.weekly_summary_hour,
        &bad,
    )?;
    let live = match raw.live {
        None => None,
        Some(section) => {
            // Built once here so that a bad engine setting stops the program at start.
            lawha_live::Engine::from_config(section.clone())
                .map_err(|e| bad("live", e.to_string()))?;
            Some(section)
        }
    };
    let live_poll = seconds("live_poll_seconds", raw.live_poll_seconds, 15, 300)?;
    let live_recordings_every = seconds(
        "live_recordings_seconds",
        raw.live_recordings_seconds,
        300,
        3600,
    )?;
    let live_recordings_settle = seconds(
        "live_recordings_settle_seconds",
        raw.live_recordings_settle_seconds,
        180,
        3600,
    )?;
    Ok(Config {
        live,
        embedded_janus: raw.embedded_janus.unwrap_or(true),
        janus_js: raw
            .janus_js
            .unwrap_or_else(|| PathBuf::from(lawha_web::live_page::vendor::DEBIAN_JANUS_JS)),
        live_poll,
        live_recordings_every,
        live_recordings_settle,
        weekly_summary,
        packs_dir,
        mail,
        node_id,
        sync_every,
        node_school,
        platform_key,
        platform_url,
        session_cache_ttl,
        catalog_refresh,
        password_hashes_at_once,
        password_hash_queue,
        header_read_timeout,
        idle_timeout,
        max_connections,
        media_store,
        ffmpeg: raw.ffmpeg,
        media_workers: media_workers as usize,
        max_upload_mb: max_upload_mb as u64,
        listen,
        data_dir,
        database_url,
        media_dir,
        public_base_url,
        default_locale,
        session_hours,
        trusted_proxies: trusted_proxies as usize,
        time_zone,
        clock_offset_days,
    })
}

/// The weekly summary's day (an English day name, full or short, any case) and hour.
fn weekly_schedule(
    day: Option<&str>,
    hour: Option<i64>,
    bad: &dyn Fn(&str, String) -> ConfigError,
) -> Result<WeeklySchedule, ConfigError> {
    let default = WeeklySchedule::default();
    let weekday = match day {
        None => default.weekday,
        Some(text) => text.trim().parse::<chrono::Weekday>().map_err(|_| {
            bad(
                "weekly_summary_day",
                format!("{text:?} is not a day of the week (monday … sunday)"),
            )
        })?,
    };
    let hour = match hour {
        None => default.hour,
        Some(h @ 0..=23) => h as u32,
        Some(h) => {
            return Err(bad(
                "weekly_summary_hour",
                format!("{h} must be between 0 and 23"),
            ))
        }
    };
    Ok(WeeklySchedule { weekday, hour })
}

fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("lawha.sqlite").display())
}

/// Whether `url` is plain http to this machine's loopback address.
fn is_loopback_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests;
