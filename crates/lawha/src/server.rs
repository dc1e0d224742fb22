//! Opening the database and serving the web platform (`serve`, `demo`, `migrate`).

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use lawha_store::Store;
use lawha_web::{router, AppState, SessionCacheConfig, WebConfig};

use crate::config::Config;
use crate::connections::{self, Limits};
use crate::descriptors;
use crate::media;

/// Creates the directories, connects and brings the schema up to date.
pub async fn open(config: &Config) -> anyhow::Result<Store> {
    for dir in [&config.data_dir, &config.media_dir] {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    }
    let store = Store::connect(&config.database_url)
        .await
        .context("cannot open the database")?
        .with_clock(config.clock())
        .with_time_zone(config.time_zone)
        .with_password_hashing(config.hashing_limits());
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    Ok(store)
}

/// Connects to a database that must already be set up, changing nothing: for dry runs, which
/// only read. A missing SQLite file is not created and an older schema is not migrated.
pub async fn open_existing(config: &Config) -> anyhow::Result<Store> {
    let url = &config.database_url;
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or(path);
        if path != ":memory:" && !std::path::Path::new(path).exists() {
            anyhow::bail!("there is no database at {path} yet: run `lawha migrate` first");
        }
    }
    let store = Store::connect(url)
        .await
        .context("cannot open the database")?
        .with_clock(config.clock())
        .with_time_zone(config.time_zone);
    if !store
        .schema_is_current()
        .await
        .context("cannot read the database")?
    {
        store.close().await;
        anyhow::bail!("the database is older than this lawha: run `lawha migrate` first");
    }
    Ok(store)
}

pub async fn migrate(config: &Config) -> anyhow::Result<ExitCode> {
    let store = open(config).await?;
    println!("Database is up to date ({}).", store.backend().name());
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn serve(config: &Config) -> anyhow::Result<ExitCode> {
    let listener = listen(config).await?;
    let store = open(config).await?;
    run(config, store, listener).await
}

/// Takes the port before anything else, so a port in use is said at once and how to choose
/// another, not after minutes of seeding or migrating.
async fn listen(config: &Config) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                let mut other = config.listen;
                other.set_port(config.listen.port().wrapping_add(1).max(1024));
                format!(
                    "\nAnother program uses this port: choose another with --listen {other} \
                     (or `listen` in the configuration file)."
                )
            } else {
                String::new()
            };
            anyhow::anyhow!("cannot listen on {}: {e}{hint}", config.listen)
        })
}

/// Seeds the demo (once), prints the accounts, then serves.
pub async fn demo(config: &Config) -> anyhow::Result<ExitCode> {
    let listener = listen(config).await?;
    let store = open(config).await?;
    let accounts = lawha_seed::demo::seed(&store)
        .await
        .context("cannot seed the demo data")?;
    let storage = lawha_media::MediaStorage::open(&config.media_store)
        .context("cannot open the media store")?;
    lawha_media::demo::install(&storage)
        .await
        .context("cannot store the demo clip")?;
    let clip = demo_clip()?;
    let capsules = lawha_seed::demo::capsules::seed_capsules(&store, &clip)
        .await
        .context("cannot seed the demo capsules")?;
    if capsules > 0 {
        tracing::info!(capsules, "demo capsules created");
    }
    let started = std::time::Instant::now();
    if let Some(report) = lawha_seed::demo::activity::seed_activity(&store, config.time_zone)
        .await
        .context("cannot seed the demo activity")?
    {
        tracing::info!(
            pupils = report.pupils,
            events = report.events,
            seconds = started.elapsed().as_secs(),
            "demo activity generated"
        );
    }
    let file = config.data_dir.join("demo-accounts.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&accounts)?)
        .with_context(|| format!("cannot write {}", file.display()))?;
    println!(
        "Lawha demo — sign in with any of these accounts (password for all: {}):\n",
        lawha_seed::demo::DEMO_PASSWORD
    );
    println!("  {:<24} {:<36} name", "role", "login");
    let mut seen = std::collections::HashSet::new();
    let mut shown = 0;
    for a in &accounts {
        // One line per role, plus every staff account: the full list is in the file.
        if seen.insert(a.role.clone()) || a.login.contains('@') {
            println!("  {:<24} {:<36} {}", role_name(&a.role), a.login, a.name);
            shown += 1;
        }
    }
    println!(
        "\nThe other {} accounts (pupils, their classmates, more teachers) are listed in {}.\n\
         Open {} in a browser.\n",
        accounts.len() - shown,
        file.display(),
        config.public_base_url
    );
    run(config, store, listener).await
}

/// The shipped clip as the demo's capsules record it.
fn demo_clip() -> anyhow::Result<lawha_seed::demo::capsules::DemoClip> {
    let manifest: lawha_media::MediaManifest =
        serde_json::from_str(lawha_media::demo::MANIFEST_JSON).context("demo clip manifest")?;
    let report: lawha_media::ComplianceReport =
        serde_json::from_str(lawha_media::demo::REPORT_JSON).context("demo clip report")?;
    Ok(lawha_seed::demo::capsules::DemoClip {
        source_key: lawha_media::demo::source_key(),
        output_prefix: lawha_media::demo::PREFIX.to_string(),
        manifest_json: lawha_media::demo::MANIFEST_JSON.to_string(),
        report_json: lawha_media::demo::REPORT_JSON.to_string(),
        compliant: report.compliant,
        duration_ms: i64::try_from(manifest.duration_ms).unwrap_or(0),
    })
}

/// The role as people say it, for the demo's accounts table (the file keeps the stored id).
fn role_name(id: &str) -> &str {
    use lawha_core::role::Role;
    match Role::parse(id) {
        Some(Role::Pupil) => "pupil",
        Some(Role::Parent) => "parent",
        Some(Role::Teacher) => "teacher",
        Some(Role::VocationalTrainer) => "vocational trainer",
        Some(Role::Trainee) => "vocational trainee",
        Some(Role::SchoolAdmin) => "school administrator",
        Some(Role::RegionalAdmin) => "AREF administrator",
        Some(Role::MinistryAdmin) => "ministry administrator",
        Some(Role::VolunteerTutor) => "volunteer tutor",
        Some(Role::Producer) => "producer",
        Some(Role::SupportAgent) => "support agent",
        None => id,
    }
}

async fn run(
    config: &Config,
    store: Store,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<ExitCode> {
    let services = media::open_services(config)?;
    let web = WebConfig {
        public_base_url: config.public_base_url.clone(),
        default_locale: config.default_locale,
        session_hours: config.session_hours,
        trusted_proxies: config.trusted_proxies,
        time_zone: config.time_zone,
        uploads_dir: config.uploads_dir(),
        packs_dir: config.packs_dir.clone(),
        max_video_bytes: config.max_upload_mb * 1_000_000,
        ffmpeg_available: services.tools.is_some(),
        session_cache: SessionCacheConfig {
            ttl: config.session_cache_ttl,
            ..SessionCacheConfig::default()
        },
        catalog_refresh: config.catalog_refresh,
        school_node: config.node_school.is_some(),
        mail_enabled: config.mail.is_some(),
    };
    let indexed = services
        .search
        .sync(&store)
        .await
        .context("cannot index the capsules")?;
    tracing::info!(
        capsules = indexed,
        media = services.storage.describe(),
        "catalog indexed"
    );
    services.search.spawn_polling(store.clone());
    media::spawn_workers(config, &store, &services);
    spawn_mail(config, &store)?;
    // Killed when `run` returns (or, if it panics, when dropped).
    let janus = crate::live_janus::start_if_wanted(config).await;
    let live_config = config.live.as_ref().or(janus.as_ref().map(|j| &j.config));
    let state = AppState::with_services(
        store.clone(),
        web,
        services.storage.clone(),
        services.search.clone(),
    )
    .with_live(live_engine(live_config)?)
    .with_live_page(live_page(config, live_config));
    tokio::spawn(lawha_web::live_attendance::run(
        state.clone(),
        config.live_poll,
    ));
    crate::live::spawn_recordings_worker(config, live_config, &store, &services);
    tokio::spawn(clean_stale_uploads(state.clone()));
    tokio::spawn(state.sessions.clone().follow_feed(store.clone()));
    tokio::spawn(fold_rollups(store.clone(), config.time_zone));
    tokio::spawn(fold_request_metrics());
    spawn_sync(config, &store);
    let app = router(state);
    let open_files = descriptors::raise_open_files_limit();
    let max_connections = descriptors::connection_cap(config.max_connections, open_files);
    if config
        .max_connections
        .is_some_and(|wanted| wanted > max_connections)
    {
        tracing::warn!(
            max_connections,
            open_files,
            "max_connections lowered to what the open-files limit allows"
        );
    }
    let limits = Limits {
        max_connections,
        header_read_timeout: config.header_read_timeout,
        idle_timeout: config.idle_timeout,
    };
    let address = listener.local_addr().unwrap_or(config.listen);
    tokio::spawn(purge_expired_sessions(store.clone()));
    tracing::info!(
        %address,
        database = store.backend().name(),
        max_connections,
        open_files,
        header_read_timeout_s = limits.header_read_timeout.as_secs(),
        idle_timeout_s = limits.idle_timeout.as_secs(),
        "listening on http://{address}"
    );
    connections::serve(listener, app, limits, shutdown_signal()).await;
    if let Some(janus) = janus {
        janus.stop().await;
    }
    tracing::info!("stopped");
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// The worker that sends the mail outbox, when SMTP is configured; otherwise a line saying
/// that mail is off (the "forgot password" page then tells people to ask their school).
fn spawn_mail(config: &Config, store: &Store) -> anyhow::Result<()> {
    let Some(mail) = &config.mail else {
        tracing::warn!("mail is off (no smtp_host): password reset links cannot be sent");
        return Ok(());
    };
    let mailer = lawha_web::mail::Mailer::new(mail).context("mail settings")?;
    tracing::info!(host = %mail.host, port = mail.port, "mail on");
    tokio::spawn(lawha_web::mail::worker::run(
        store.clone(),
        mailer,
        std::time::Duration::from_secs(5),
    ));
    // The platform mails the families' weekly summaries; a school node's parents are
    // the platform's too, so a node does not.
    if config.node_school.is_none() {
        tokio::spawn(lawha_web::families::weekly::run(
            store.clone(),
            weekly_settings(config),
            lawha_web::families::weekly::CHECK_EVERY,
        ));
    }
    Ok(())
}

/// What the weekly summary job needs from the configuration.
pub fn weekly_settings(config: &Config) -> lawha_web::families::weekly::WeeklySettings {
    lawha_web::families::weekly::WeeklySettings {
        zone: config.time_zone,
        default_locale: config.default_locale,
        public_base_url: config.public_base_url.clone(),
        schedule: config.weekly_summary,
    }
}

/// On a node with a link (`platform_url` and `node_id` set), the periodic push of its work
/// and pull of its school's people and assignments.
fn spawn_sync(config: &Config, store: &Store) {
    if config.platform_url.is_none() && config.node_id.is_none() {
        return;
    }
    match crate::sync::push_target(config) {
        Ok((url, node)) => {
            tracing::info!(
                every_s = config.sync_every.as_secs(),
                "sync: pushing to {url}"
            );
            if config.node_school.is_none() {
                tracing::warn!("sync: no node_school in lawha.toml; the node does not pull");
            }
            tokio::spawn(crate::sync::push_periodically(
                store.clone(),
                url,
                node,
                config.node_school,
                config.sync_every,
            ));
        }
        Err(reason) => tracing::warn!("sync: the node does not push: {reason}"),
    }
}

/// The rollup worker: folds queued learner events into the dashboards' counters as they
/// come (every node runs one; the rollup lock makes them take turns), and refreshes the
/// enrolment counts every five minutes.
async fn fold_rollups(store: Store, zone: chrono_tz::Tz) {
    let name = media::worker_name(0);
    let mut last_population: Option<std::time::Instant> = None;
    loop {
        if last_population.is_none_or(|t| t.elapsed() >= Duration::from_secs(300)) {
            match store.rollups().refresh_population().await {
                Ok(_) => last_population = Some(std::time::Instant::now()),
                Err(e) => tracing::warn!(error = %e, "refreshing the enrolment counts failed"),
            }
        }
        match store
            .rollups()
            .apply_rollups(lawha_store::rollups::BATCH, zone, &name)
            .await
        {
            Ok(0) => tokio::time::sleep(Duration::from_secs(2)).await,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "folding rollups failed; will retry");
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        }
    }
}

/// Every request's duration is kept by the metrics recorder until it is folded into the
/// histogram's buckets, which only a scrape of `/metrics` or this does: without it, a node
/// nobody scrapes grows by every request it serves.
async fn fold_request_metrics() {
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        lawha_web::metrics_handle().run_upkeep();
    }
}

/// Uploads abandoned for a day are deleted hourly.
async fn clean_stale_uploads(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = lawha_web::clean_stale_uploads(&state).await {
            tracing::warn!(error = %e, "cleaning abandoned uploads failed");
        }
    }
}

/// Expired sessions and old sign-in failures are deleted hourly.
async fn purge_expired_sessions(store: Store) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let cutoff = store.clock().now() - chrono::Duration::days(1);
        if let Err(e) = store.accounts().purge_expired(cutoff).await {
            tracing::warn!(error = %e, "purging expired sessions failed");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}

/// The conferencing engine of live classes, from the `[live]` table or the embedded Janus;
/// none without either (the live pages say so).
fn live_engine(
    section: Option<&lawha_live::LiveConfig>,
) -> anyhow::Result<Option<std::sync::Arc<dyn lawha_web::LiveRooms>>> {
    let Some(section) = section else {
        tracing::info!("live classes: no conferencing engine configured");
        return Ok(None);
    };
    let engine = lawha_live::Engine::from_config(section.clone())
        .context("live classes: the [live] engine")?;
    tracing::info!("live classes: conferencing engine configured");
    Ok(Some(std::sync::Arc::new(engine)))
}

/// With a Janus engine, janus.js (read once, from `janus_js`) and Janus's API for the page's
/// requests through `/janus` on our origin.
fn live_page(config: &Config, section: Option<&lawha_live::LiveConfig>) -> lawha_web::LivePage {
    let Some(lawha_live::LiveConfig::Janus(janus)) = section else {
        return lawha_web::LivePage::default();
    };
    let script = match lawha_web::VendorScript::load("janus", &config.janus_js) {
        Ok(script) => Some(script),
        Err(e) => {
            tracing::warn!(
                path = %config.janus_js.display(),
                error = %e,
                "live classes: janus.js not found (apt-get install libjs-janus-gateway); \
                 the join page says the live player is not installed here"
            );
            None
        }
    };
    lawha_web::LivePage::janus(janus.api_url.clone(), script)
}
