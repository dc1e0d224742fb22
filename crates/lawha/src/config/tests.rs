use super::*;

/// Loads with exactly these environment variables set (figment's jail restores the
/// process environment afterwards and runs one jailed test at a time).
#[allow(clippy::result_large_err)] // The closure's error type is figment's, not ours.
fn load(args: &ConfigArgs, pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let mut loaded = None;
    figment::Jail::expect_with(|jail| {
        jail.clear_env();
        for (key, value) in pairs {
            jail.set_env(key, value);
        }
        loaded = Some(Config::load(args, "./lawha-data"));
        Ok(())
    });
    loaded.expect("the jail ran")
}

#[test]
fn defaults_put_everything_under_the_data_dir() {
    let c = load(&ConfigArgs::default(), &[]).unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(c.database_url, "sqlite://./lawha-data/lawha.sqlite");
    assert_eq!(c.media_dir, PathBuf::from("./lawha-data/media"));
    assert_eq!(c.public_base_url, "http://127.0.0.1:8080");
    assert_eq!(c.default_locale, Locale::Ar);
    assert_eq!(c.session_hours, 12);
    assert_eq!(c.media_store, "./lawha-data/media");
    assert_eq!((c.media_workers, c.max_upload_mb), (1, 4096));
    assert_eq!(
        (c.header_read_timeout, c.idle_timeout, c.max_connections),
        (Duration::from_secs(10), Duration::from_secs(60), None)
    );
}

#[test]
fn connection_limits_are_checked() {
    let c = load(
        &ConfigArgs::default(),
        &[
            ("LAWHA_HEADER_READ_TIMEOUT", "2"),
            ("LAWHA_IDLE_TIMEOUT", "30"),
            ("LAWHA_MAX_CONNECTIONS", "50"),
        ],
    )
    .unwrap();
    assert_eq!(
        (c.header_read_timeout, c.idle_timeout, c.max_connections),
        (Duration::from_secs(2), Duration::from_secs(30), Some(50))
    );
    for (key, value) in [
        ("header_read_timeout", "0"),
        ("header_read_timeout", "301"),
        ("idle_timeout", "-1"),
        ("idle_timeout", "ten"),
        ("max_connections", "0"),
        ("max_connections", "2000000"),
    ] {
        assert_refused(key, value);
    }
}

/// Asserts that setting `key` to `value` is refused with an error naming the setting.
fn assert_refused(key: &str, value: &str) {
    let var = format!("LAWHA_{}", key.to_ascii_uppercase());
    let err = load(&ConfigArgs::default(), &[(var.as_str(), value)])
        .unwrap_err()
        .to_string();
    assert!(err.contains(key), "{key}={value}: {err}");
}

#[test]
fn catalog_refresh_is_checked() {
    let default = load(&ConfigArgs::default(), &[]).unwrap();
    assert_eq!(default.catalog_refresh, Duration::from_secs(1));
    let every_page = load(&ConfigArgs::default(), &[("LAWHA_CATALOG_REFRESH_MS", "0")]).unwrap();
    assert_eq!(every_page.catalog_refresh, Duration::ZERO);
    for value in ["-1", "60001", "soon"] {
        assert_refused("catalog_refresh_ms", value);
    }
}

#[test]
fn media_settings_are_checked() {
    let c = load(
        &ConfigArgs::default(),
        &[
            ("LAWHA_MEDIA_STORE", "s3://lawha-media/capsules"),
            ("LAWHA_MEDIA_WORKERS", "0"),
        ],
    )
    .unwrap();
    assert_eq!(
        (c.media_store.as_str(), c.media_workers),
        ("s3://lawha-media/capsules", 0)
    );
    let err = load(&ConfigArgs::default(), &[("LAWHA_MEDIA_STORE", "ftp://x")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("media_store"), "{err}");
    let err = load(&ConfigArgs::default(), &[("LAWHA_MEDIA_WORKERS", "1000")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("media_workers"), "{err}");
}

#[test]
fn environment_overrides_defaults_and_flags_override_environment() {
    let vars = [
        ("LAWHA_LISTEN", "0.0.0.0:9000"),
        ("LAWHA_DEFAULT_LANGUAGE", "fr"),
        ("LAWHA_SESSION_HOURS", "8"),
        ("LAWHA_TEST_PG_URL", "not ours"),
    ];
    let c = load(&ConfigArgs::default(), &vars).unwrap();
    assert_eq!(c.listen.to_string(), "0.0.0.0:9000");
    assert_eq!(c.default_locale, Locale::Fr);
    assert_eq!(c.session_hours, 8);
    let flags = ConfigArgs {
        listen: Some("127.0.0.1:7000".into()),
        ..Default::default()
    };
    let c = load(&flags, &vars).unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:7000");
}

#[test]
fn toml_file_is_read_and_unknown_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lawha.toml");
    std::fs::write(
        &file,
        "listen = \"127.0.0.1:8181\"\ndefault_language = \"fr\"\n",
    )
    .unwrap();
    let args = ConfigArgs {
        config: Some(file.clone()),
        ..Default::default()
    };
    let c = load(&args, &[("LAWHA_DEFAULT_LANGUAGE", "ar")]).unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:8181");
    assert_eq!(c.default_locale, Locale::Ar, "environment beats the file");

    std::fs::write(&file, "listne = \"127.0.0.1:8181\"\n").unwrap();
    let err = load(&args, &[]).unwrap_err().to_string();
    assert!(err.contains("listne"), "{err}");

    std::fs::write(&file, "listen = [\n").unwrap();
    assert!(load(&args, &[]).is_err());

    let missing = ConfigArgs {
        config: Some(dir.path().join("nope.toml")),
        ..Default::default()
    };
    assert!(load(&missing, &[])
        .unwrap_err()
        .to_string()
        .contains("does not exist"));
}

#[test]
fn bad_values_name_the_setting_and_its_origin() {
    let err = load(&ConfigArgs::default(), &[("LAWHA_DEFAULT_LANGUAGE", "xx")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("default_language") && err.contains("\"xx\""),
        "{err}"
    );
    assert!(
        err.contains("LAWHA_") || err.contains("environment"),
        "{err}"
    );

    let err = load(
        &ConfigArgs::default(),
        &[("LAWHA_TIME_ZONE", "Mars/Olympus")],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("time_zone") && err.contains("Mars/Olympus"),
        "{err}"
    );
    let err = load(
        &ConfigArgs::default(),
        &[("LAWHA_CLOCK_OFFSET_DAYS", "99999")],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("clock_offset_days"), "{err}");
    let c = load(
        &ConfigArgs::default(),
        &[
            ("LAWHA_TIME_ZONE", "Europe/Paris"),
            ("LAWHA_CLOCK_OFFSET_DAYS", "7"),
        ],
    )
    .unwrap();
    assert_eq!(
        (c.time_zone, c.clock_offset_days),
        (chrono_tz::Europe::Paris, 7)
    );

    let flags = ConfigArgs {
        listen: Some("nowhere".into()),
        ..Default::default()
    };
    let err = load(&flags, &[]).unwrap_err().to_string();
    assert!(err.contains("listen") && err.contains("nowhere"), "{err}");

    let flags = ConfigArgs {
        database_url: Some("mysql://root:secret@db/lawha".into()),
        ..Default::default()
    };
    let err = load(&flags, &[]).unwrap_err().to_string();
    assert!(
        err.contains("database_url") && !err.contains("secret"),
        "{err}"
    );

    let err = load(&ConfigArgs::default(), &[("LAWHA_SESSION_HOURS", "many")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("session_hours"), "{err}");
}

#[test]
fn the_clock_offset_moves_the_platforms_clock() {
    let c = load(&ConfigArgs::default(), &[("LAWHA_CLOCK_OFFSET_DAYS", "7")]).unwrap();
    let (real, week) = (Clock::system(), chrono::Duration::days(7));
    let before = real.now();
    let moved = c.clock().now();
    let after = real.now();
    assert!(before + week <= moved && moved <= after + week, "{moved}");
}

#[test]
fn trusted_proxies_default_to_none_and_the_older_boolean_means_one() {
    let proxies =
        |pairs: &[(&str, &str)]| load(&ConfigArgs::default(), pairs).map(|c| c.trusted_proxies);
    assert_eq!(proxies(&[]).unwrap(), 0);
    assert_eq!(
        proxies(&[("LAWHA_TRUST_FORWARDED_FOR", "true")]).unwrap(),
        1
    );
    assert_eq!(
        proxies(&[("LAWHA_TRUST_FORWARDED_FOR", "false")]).unwrap(),
        0
    );
    assert_eq!(proxies(&[("LAWHA_TRUSTED_PROXIES", "2")]).unwrap(), 2);
    assert_eq!(
        proxies(&[
            ("LAWHA_TRUST_FORWARDED_FOR", "true"),
            ("LAWHA_TRUSTED_PROXIES", "0")
        ])
        .unwrap(),
        0,
        "the count wins over the boolean"
    );
    let err = proxies(&[("LAWHA_TRUSTED_PROXIES", "-1")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("trusted_proxies"), "{err}");
}

#[test]
fn password_hashing_bounds_are_checked() {
    let c = load(
        &ConfigArgs::default(),
        &[
            ("LAWHA_PASSWORD_HASHES_AT_ONCE", "3"),
            ("LAWHA_PASSWORD_HASH_QUEUE", "0"),
        ],
    )
    .unwrap();
    let limits = c.hashing_limits();
    assert_eq!((limits.at_once, limits.queued), (3, 0));
    let defaults = load(&ConfigArgs::default(), &[]).unwrap().hashing_limits();
    assert!(defaults.at_once >= 1 && defaults.queued >= defaults.at_once);
    for (key, value) in [
        ("password_hashes_at_once", "0"),
        ("password_hashes_at_once", "257"),
        ("password_hash_queue", "-1"),
    ] {
        assert_refused(key, value);
    }
}

#[test]
fn a_school_node_reads_its_school_and_the_platforms_key_from_its_file() {
    let platform = lawha_pack::SecretKey::from_seed([3; 32]).public();
    let school = Uuid::from_u128(42);
    let node = Uuid::from_u128(7);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lawha.toml");
    std::fs::write(
        &file,
        format!(
            "node_school = \"{school}\"\nplatform_key = \"{platform}\"\n\
             platform_url = \"https://lawha.example/\"\nnode_id = \"{node}\"\n\
             sync_every_seconds = 60\n"
        ),
    )
    .unwrap();
    let args = ConfigArgs {
        config: Some(file),
        ..Default::default()
    };
    let c = load(&args, &[]).unwrap();
    assert_eq!(c.node_school, Some(school));
    assert_eq!(c.platform_key, Some(platform));
    assert_eq!(c.platform_url.as_deref(), Some("https://lawha.example"));
    assert_eq!(c.node_id, Some(node));
    assert_eq!(c.sync_every, Duration::from_secs(60));
    let platform_default = load(&ConfigArgs::default(), &[]).unwrap();
    assert_eq!(
        (platform_default.node_school, platform_default.platform_key),
        (None, None)
    );
    assert_eq!(platform_default.node_id, None);
    assert_eq!(platform_default.sync_every, Duration::from_secs(300));
    assert_eq!(
        platform_default.packs_dir,
        platform_default.data_dir.join("packs")
    );
    assert_refused("node_id", "node-1");
    assert_refused("sync_every_seconds", "0");
    assert_refused("node_school", "school-12");
    assert_refused("platform_key", "abcd");
    assert_refused("platform_url", "ftp://lawha.example");
    // Plain http only to this machine: pulls bring password hashes down.
    for url in [
        "http://lawha.example",
        "http://127.0.0.1.lawha.example",
        "http://user@127.0.0.1",
        "http://10.0.0.1:8080",
    ] {
        assert_refused("platform_url", url);
    }
    for url in [
        "http://127.0.0.1:8080",
        "http://localhost/",
        "http://[::1]:80",
    ] {
        let c = load(&ConfigArgs::default(), &[("LAWHA_PLATFORM_URL", url)]).unwrap();
        assert!(c.platform_url.is_some(), "{url}");
    }
}

#[test]
fn mail_is_off_without_a_host_and_checked_with_one() {
    assert_eq!(load(&ConfigArgs::default(), &[]).unwrap().mail, None);
    let host = ("LAWHA_SMTP_HOST", "smtp.example.ma");
    let from = ("LAWHA_MAIL_FROM", "Lawha <no-reply@example.ma>");
    let mail = load(&ConfigArgs::default(), &[host, from])
        .unwrap()
        .mail
        .unwrap();
    assert_eq!((mail.port, mail.tls), (587, TlsMode::Starttls));
    let tls = load(
        &ConfigArgs::default(),
        &[host, from, ("LAWHA_SMTP_TLS", "tls")],
    )
    .unwrap()
    .mail
    .unwrap();
    assert_eq!((tls.port, tls.tls), (465, TlsMode::Tls));
    let with_password = load(
        &ConfigArgs::default(),
        &[
            host,
            from,
            ("LAWHA_SMTP_USER", "lawha"),
            ("LAWHA_SMTP_PASSWORD", "s3cret-value"),
        ],
    )
    .unwrap();
    assert!(!format!("{with_password:?}").contains("s3cret-value"));
    // A host without a sender, a bad mode or port, a user without a password.
    let refused = |pairs: &[(&str, &str)], key: &str| {
        let err = load(&ConfigArgs::default(), pairs).unwrap_err().to_string();
        assert!(err.contains(key), "{pairs:?}: {err}");
    };
    refused(&[host], "mail_from");
    refused(&[host, from, ("LAWHA_SMTP_TLS", "ssl")], "smtp_tls");
    refused(&[host, from, ("LAWHA_SMTP_PORT", "70000")], "smtp_port");
    refused(&[host, from, ("LAWHA_SMTP_USER", "lawha")], "smtp_user");
}

/// Loads with this configuration file and no environment.
#[allow(clippy::result_large_err)]
fn load_file(toml: &str) -> Result<Config, ConfigError> {
    let mut loaded = None;
    figment::Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file("lawha.toml", toml)?;
        let args = ConfigArgs {
            config: Some(PathBuf::from("lawha.toml")),
            ..ConfigArgs::default()
        };
        loaded = Some(Config::load(&args, "./lawha-data"));
        Ok(())
    });
    loaded.expect("the jail ran")
}

#[test]
fn the_live_engine_is_read_from_the_live_table() {
    assert_eq!(load(&ConfigArgs::default(), &[]).unwrap().live, None);
    let c = load_file(
        "[live]\nengine = \"bigbluebutton\"\napi_url = \"https://bbb.example/bigbluebutton/api/\"\n\
         secret = \"0123456789abcdef0123\"\ncallback_base = \"https://lawha.example/live/bbb/\"\n",
    )
    .unwrap();
    assert!(matches!(
        c.live,
        Some(lawha_live::LiveConfig::Bigbluebutton(_))
    ));
    let c = load_file(
        "[live]\nengine = \"janus\"\napi_url = \"http://127.0.0.1:8088/janus\"\n\
         admin_key = \"k3y-0123456789abcdef\"\nrecordings_dir = \"/var/lib/lawha/janus\"\n",
    )
    .unwrap();
    assert!(matches!(c.live, Some(lawha_live::LiveConfig::Janus(_))));
    // A secret too short to sign with, an unknown engine: refused at start, naming `live`.
    let short = load_file(
        "[live]\nengine = \"bigbluebutton\"\napi_url = \"https://bbb.example/bigbluebutton/api/\"\n\
         secret = \"short\"\ncallback_base = \"https://lawha.example/live/bbb/\"\n",
    );
    let error = short.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("live"), "{error}");
    assert!(load_file("[live]\nengine = \"zoom\"\n").is_err());
}

#[test]
fn the_weekly_summarys_day_and_hour_are_checked() {
    let default = load(&ConfigArgs::default(), &[]).unwrap();
    assert_eq!(
        default.weekly_summary,
        lawha_web::families::weekly::WeeklySchedule {
            weekday: chrono::Weekday::Sun,
            hour: 18
        }
    );
    let set = load(
        &ConfigArgs::default(),
        &[
            ("LAWHA_WEEKLY_SUMMARY_DAY", "Friday"),
            ("LAWHA_WEEKLY_SUMMARY_HOUR", "7"),
        ],
    )
    .unwrap();
    assert_eq!(set.weekly_summary.weekday, chrono::Weekday::Fri);
    assert_eq!(set.weekly_summary.hour, 7);
    assert_refused("weekly_summary_day", "vendredi");
    for hour in ["24", "-1"] {
        assert_refused("weekly_summary_hour", hour);
    }
}
