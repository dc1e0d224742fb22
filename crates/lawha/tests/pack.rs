//! Offline packs end to end, as operators run them: the platform (the demo, its capsules'
//! media in a directory store; SQLite or PostgreSQL) makes its key and builds a pack for one
//! school and level; a school node is set up with `lawha node init` and imports it. A
//! foreign, a tampered and a truncated pack are refused naming the problem, with nothing
//! changed on the node; the truncated one, restored, completes on the rerun; importing the
//! same pack again changes nothing; a pupil who left the school is taken off the node by
//! the next pack.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use lawha_media::MediaStorage;
use lawha_seed::demo::capsules::{seed_capsules, DemoClip};
use lawha_store::testing;
use lawha_store::{on_both, Backend, Store};
use support::{lawha, refused, succeeded, text};

const SCHOOL: &str = "CL-ANFA-ZERKTOUNI";
/// A pupil of that school's 1AC class, and one of another school.
const PUPIL: &str = "D130000201";
const OTHER_PUPIL: &str = "D130000101";
/// The pack entry holding the rows.
const CONTENT: &str = "content.json";
const NODE_TABLES: &[&str] = &[
    "users",
    "role_grants",
    "classes",
    "units",
    "lessons",
    "capsules",
    "media_assets",
    "exercise_sets",
    "exercise_items",
    "installed_packs",
];

/// The demo with its capsules, whose clip's files are in `media`; returns the school's id.
async fn seed_platform(url: &str, media: &Path) -> String {
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    lawha_seed::demo::seed(&store).await.unwrap();
    let storage = MediaStorage::open(text(media)).unwrap();
    lawha_media::demo::install(&storage).await.unwrap();
    let clip = DemoClip {
        source_key: lawha_media::demo::source_key(),
        output_prefix: lawha_media::demo::PREFIX.to_string(),
        manifest_json: lawha_media::demo::MANIFEST_JSON.to_string(),
        report_json: lawha_media::demo::REPORT_JSON.to_string(),
        compliant: true,
        duration_ms: 8_000,
    };
    assert!(seed_capsules(&store, &clip).await.unwrap() > 0);
    let school = store.org().school_by_code(SCHOOL).await.unwrap();
    store.close().await;
    school.id.to_string()
}

/// Every file under `dir` but the import's own `.pack/`, with its bytes.
fn listing(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(dir).unwrap().to_owned();
            if relative.starts_with(".pack") {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                found.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// A school node's data directory, set up by `lawha node init`.
struct Node {
    dir: PathBuf,
}

impl Node {
    fn init(dir: PathBuf, school: &str, platform_key: &str) -> Node {
        let out = succeeded(&lawha(
            &[
                "node",
                "init",
                "--school",
                school,
                "--platform-key",
                platform_key,
            ],
            &[("LAWHA_DATA_DIR", text(&dir))],
        ));
        assert!(out.contains("public key"), "{out}");
        Node { dir }
    }

    fn config(&self) -> PathBuf {
        self.dir.join("lawha.toml")
    }

    fn import(&self, pack: &Path) -> Output {
        lawha(
            &[
                "pack",
                "import",
                text(pack),
                "--config",
                text(&self.config()),
            ],
            &[],
        )
    }

    fn media(&self) -> PathBuf {
        self.dir.join("media")
    }

    async fn store(&self) -> Store {
        let url = format!("sqlite://{}", self.dir.join("lawha.sqlite").display());
        Store::connect(&url).await.unwrap()
    }

    /// Row counts and media files: what must not move when a pack is refused.
    async fn state(&self) -> (Vec<i64>, BTreeMap<PathBuf, Vec<u8>>) {
        let store = self.store().await;
        let counts = store
            .schoolbag()
            .row_counts_for_tests(NODE_TABLES)
            .await
            .unwrap();
        store.close().await;
        (counts, listing(&self.media()))
    }
}

/// A copy of a pack folder, to spoil.
fn copy_pack(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// The hash of the chunk stored at `offset` of volume 1, from the pack's manifest.
fn chunk_at(pack: &Path, offset: u64) -> String {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(pack.join("manifest.json")).unwrap()).unwrap();
    let chunks = manifest["chunks"].as_array().unwrap();
    let chunk = chunks
        .iter()
        .find(|c| c["stored"]["volume"] == 1 && c["stored"]["offset"] == offset)
        .unwrap();
    chunk["hash"].as_str().unwrap().to_owned()
}

async fn a_pack_reaches_a_school_node(backend: Backend) {
    let work = tempfile::tempdir().unwrap();
    let platform_dir = work.path().join("platform");
    let platform_media = platform_dir.join("media");
    // Kept to the end: the database is dropped with it.
    let database = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(testing::postgres_database().await),
    };
    let url = match &database {
        None => format!("sqlite://{}", platform_dir.join("lawha.sqlite").display()),
        Some(database) => database.url().to_owned(),
    };
    fs::create_dir_all(&platform_dir).unwrap();
    let school = seed_platform(&url, &platform_media).await;
    let platform = [
        ("LAWHA_DATA_DIR", text(&platform_dir)),
        ("LAWHA_DATABASE_URL", url.as_str()),
    ];

    // The platform: its key, and a pack for the school's 1AC pupils.
    let keys = work.path().join("keys");
    let out = succeeded(&lawha(&["pack", "keygen", "--out", text(&keys)], &platform));
    let platform_key = out.lines().last().unwrap().trim().to_owned();
    let pack = work.path().join("stick/pack");
    let build = |key: &Path, out: &Path, more: &[&str]| {
        let mut args = vec![
            "pack",
            "build",
            "--key",
            text(key),
            "--out",
            text(out),
            "--level",
            "1AC",
            "--school",
            SCHOOL,
            "--max-volume-mb",
            "1",
        ];
        args.extend_from_slice(more);
        lawha(&args, &platform)
    };
    let out = succeeded(&build(&keys.join("platform.key"), &pack, &[]));
    assert!(out.contains("volume"), "{out}");
    succeeded(&lawha(
        &[
            "pack",
            "verify",
            text(&pack),
            "--platform-key",
            &platform_key,
        ],
        &[],
    ));

    // A node of the school, nothing imported yet.
    let node = Node::init(work.path().join("node"), &school, &platform_key);
    let fresh = node.state().await;

    // A pack signed by another key is refused.
    let other_keys = work.path().join("other-keys");
    succeeded(&lawha(
        &["pack", "keygen", "--out", text(&other_keys)],
        &platform,
    ));
    let foreign = work.path().join("foreign");
    succeeded(&build(&other_keys.join("platform.key"), &foreign, &[]));
    let err = refused(&node.import(&foreign));
    assert!(err.contains("not by the pinned platform key"), "{err}");
    assert_eq!(node.state().await, fresh);

    // A node of another school refuses the pack.
    let elsewhere = Node::init(
        work.path().join("elsewhere"),
        "0190f000-0000-7000-8000-000000000001",
        &platform_key,
    );
    let err = refused(&elsewhere.import(&pack));
    assert!(err.contains("built for school"), "{err}");

    // A changed byte: the chunk holding it is named, by verify and by import.
    let tampered = work.path().join("tampered");
    copy_pack(&pack, &tampered);
    let volume = tampered.join("volume-0001.bin");
    let mut bytes = fs::read(&volume).unwrap();
    bytes[10] ^= 0xff;
    fs::write(&volume, &bytes).unwrap();
    let bad_chunk = chunk_at(&tampered, 0);
    let err = refused(&lawha(
        &[
            "pack",
            "verify",
            text(&tampered),
            "--platform-key",
            &platform_key,
        ],
        &[],
    ));
    assert!(err.contains(&bad_chunk), "{err}");
    let err = refused(&node.import(&tampered));
    assert!(err.contains(&bad_chunk) && err.contains("corrupt"), "{err}");
    assert_eq!(node.state().await, fresh);

    // A volume cut short (a pulled stick): refused, nothing changed; restored, the rerun
    // completes.
    let last_volume = fs::read_dir(&pack)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .max()
        .unwrap();
    let whole = fs::read(&last_volume).unwrap();
    fs::write(&last_volume, &whole[..whole.len() / 2]).unwrap();
    let err = refused(&node.import(&pack));
    assert!(err.contains("truncated") && err.contains("chunk "), "{err}");
    assert_eq!(node.state().await, fresh);
    fs::write(&last_volume, &whole).unwrap();
    // Stopped between the files and the rows (here: the database cannot be opened), the
    // rerun applies the rows.
    let unreachable = format!("sqlite://{}", work.path().join("gone/x.sqlite").display());
    let out = lawha(
        &[
            "pack",
            "import",
            text(&pack),
            "--config",
            text(&node.config()),
        ],
        &[("LAWHA_DATABASE_URL", unreachable.as_str())],
    );
    refused(&out);
    assert_eq!(
        node.state().await.0,
        fresh.0,
        "no row before every file is in"
    );
    let out = succeeded(&node.import(&pack));
    assert!(out.contains("files were already installed"), "{out}");

    // The node has the school's people and the catalog, and the media byte for byte.
    has_the_school_and_its_catalog(&node).await;
    carries_the_media(&node, &platform_media);

    // The same pack again changes nothing.
    let installed = node.state().await;
    let out = succeeded(&node.import(&pack));
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(node.state().await, installed);

    // A delta over the installed pack carries none of the media again, and installs.
    let delta = work.path().join("stick/delta");
    let since = ["--since", "2000-01-01T00:00:00Z", "--base", text(&pack)];
    succeeded(&build(&keys.join("platform.key"), &delta, &since));
    let out = succeeded(&node.import(&delta));
    assert!(out.contains("installed"), "{out}");
    let after_delta = listing(&node.media());
    let carried: u64 = fs::read_dir(&delta)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .map(|p| fs::metadata(p).unwrap().len())
        .sum();
    let content = &after_delta[Path::new(CONTENT)];
    assert!(carried <= content.len() as u64, "{carried} bytes carried");
    for (path, bytes) in installed.1.iter().filter(|(p, _)| *p != Path::new(CONTENT)) {
        assert_eq!(after_delta.get(path), Some(bytes), "{path:?}");
    }

    // A pupil leaves the school on the platform. The node, reached only by USB, never pulls
    // the roster: the next pack carries it, and its import takes the pupil off.
    let platform_store = Store::connect(&url).await.unwrap();
    let accounts = platform_store.accounts();
    let leaver = accounts
        .verify_credentials(PUPIL, lawha_seed::demo::DEMO_PASSWORD)
        .await
        .unwrap()
        .unwrap();
    for grant in accounts.grants(leaver.id).await.unwrap() {
        accounts.remove_grant(leaver.id, grant.id).await.unwrap();
    }
    platform_store.close().await;
    let later = work.path().join("stick/later");
    succeeded(&build(&keys.join("platform.key"), &later, &[]));
    let out = succeeded(&node.import(&later));
    assert!(
        out.contains("1 people no longer of the school were taken off"),
        "{out}"
    );
    let store = node.store().await;
    let signs_in = store
        .accounts()
        .verify_credentials(PUPIL, lawha_seed::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    assert!(signs_in.is_none(), "the pupil who left no longer signs in");
    store.close().await;
}

/// The school's pupils sign in on the node, other schools' do not; 1AC is there, 2BAC not.
async fn has_the_school_and_its_catalog(node: &Node) {
    let store = node.store().await;
    let signs_in = |code| {
        let accounts = store.accounts();
        async move {
            accounts
                .verify_credentials(code, lawha_seed::demo::DEMO_PASSWORD)
                .await
                .unwrap()
                .is_some()
        }
    };
    assert!(
        signs_in(PUPIL).await,
        "the school's pupil signs in on the node"
    );
    assert!(
        !signs_in(OTHER_PUPIL).await,
        "another school's pupil is not on the node"
    );
    let units = |level| {
        let catalog = store.catalog();
        async move {
            catalog
                .units_with_lessons(level, "MATH")
                .await
                .unwrap()
                .len()
        }
    };
    assert!(units("1AC").await > 0);
    assert_eq!(units("2BAC-PC").await, 0);
    store.close().await;
}

/// The clip's lowest rung, sound, MP4 and poster, byte for byte as the platform has them;
/// no other rung; a master playlist and manifests listing only what was carried.
fn carries_the_media(node: &Node, platform_media: &Path) {
    let node_files = listing(&node.media());
    let platform_files = listing(platform_media);
    let prefix = Path::new(lawha_media::demo::PREFIX);
    let master = prefix.join("master.m3u8");
    let rewritten = [Path::new(CONTENT).to_owned(), master.clone()];
    for (path, bytes) in node_files.iter().filter(|(p, _)| !rewritten.contains(p)) {
        assert_eq!(Some(bytes), platform_files.get(path), "{path:?}");
    }
    for carried in [
        "144p/index.m3u8",
        "audio/index.m3u8",
        "download.mp4",
        "poster.jpg",
    ] {
        assert!(node_files.contains_key(&prefix.join(carried)), "{carried}");
    }
    assert!(!node_files
        .keys()
        .any(|p| p.starts_with(prefix.join("240p"))));
    let content = String::from_utf8_lossy(&node_files[Path::new(CONTENT)]).into_owned();
    let mode = std::fs::metadata(node.media().join(CONTENT))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o077,
        0,
        "content.json holds password hashes: {mode:o}"
    );
    assert!(
        !content.contains("240p/index.m3u8"),
        "the manifests are trimmed"
    );
    let master = String::from_utf8_lossy(&node_files[&master]).into_owned();
    assert!(master.contains("144p/index.m3u8") && master.contains("audio/index.m3u8"));
    assert!(!master.contains("240p"), "{master}");
}

on_both!(a_pack_reaches_a_school_node);

/// A `lawha serve` process, killed when dropped (a failed test leaves none behind).
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Polls `url` until its page holds `needle`; panics after `within`.
async fn until_page_holds(url: &str, needle: &str, within: std::time::Duration) {
    let deadline = std::time::Instant::now() + within;
    loop {
        if let Ok(response) = reqwest::get(url).await {
            if response.text().await.unwrap_or_default().contains(needle) {
                return;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{url} never showed {needle:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
}

/// A node serving while a pack is imported by another process: its search and its catalog
/// show what the pack brought within their normal refresh, without a restart — even a
/// capsule whose `updated_at` (the platform's) is older than what the node had indexed.
/// Operators' guards on the node: no account is created there, and the node's key must be
/// its user's only.
async fn a_running_node_follows_a_pack_import(backend: Backend) {
    let work = tempfile::tempdir().unwrap();
    let platform_dir = work.path().join("platform");
    // Kept to the end: the database is dropped with it.
    let database = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(testing::postgres_database().await),
    };
    let url = match &database {
        None => format!("sqlite://{}", platform_dir.join("lawha.sqlite").display()),
        Some(database) => database.url().to_owned(),
    };
    fs::create_dir_all(&platform_dir).unwrap();
    let school = seed_platform(&url, &platform_dir.join("media")).await;
    let platform = [
        ("LAWHA_DATA_DIR", text(&platform_dir)),
        ("LAWHA_DATABASE_URL", url.as_str()),
    ];
    let keys = work.path().join("keys");
    let out = succeeded(&lawha(&["pack", "keygen", "--out", text(&keys)], &platform));
    let platform_key = out.lines().last().unwrap().trim().to_owned();
    let build = |out: &Path| {
        succeeded(&lawha(
            &[
                "pack",
                "build",
                "--key",
                text(&keys.join("platform.key")),
                "--out",
                text(out),
                "--level",
                "1AC",
                "--school",
                SCHOOL,
            ],
            &platform,
        ))
    };
    let first = work.path().join("first");
    build(&first);
    let node = Node::init(work.path().join("node"), &school, &platform_key);
    succeeded(&node.import(&first));

    // The node serves, its index caught up on the first pack.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let listen = format!("127.0.0.1:{port}");
    let serving = Serving(
        support::command(
            &["serve"],
            &[
                ("LAWHA_CONFIG", text(&node.config())),
                ("LAWHA_LISTEN", listen.as_str()),
            ],
        )
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap(),
    );
    until_page_holds(
        &format!("{base}/login"),
        "csrf",
        std::time::Duration::from_secs(120),
    )
    .await;

    // On the platform, a capsule retitled by a clock ten years behind: its `updated_at` is
    // older than any the node indexed.
    let behind = lawha_core::Clock::system_moved_by(chrono::Duration::days(-3650));
    let store = Store::connect(&url).await.unwrap().with_clock(behind);
    let id = store.capsules_for_level_for_tests("1AC").await.unwrap();
    let c = store.catalog().capsule(id).await.unwrap();
    let title = "Tombouctou et les caravanes";
    let fields = lawha_core::capsule::ValidCapsule {
        title_ar: c.title_ar.clone(),
        title_fr: title.to_string(),
        description_ar: c.description_ar.clone(),
        description_fr: c.description_fr.clone(),
        language: c.language,
        teacher: c.teacher.clone(),
        tags: c.tags.clone(),
    };
    store
        .catalog()
        .update_capsule(id, c.lesson_id, &fields, c.school_id)
        .await
        .unwrap();
    store.close().await;
    let search = format!("{base}/search?q=Tombouctou");
    let before = reqwest::get(&search).await.unwrap().text().await.unwrap();
    assert!(!before.contains(title), "not on the node yet");

    // The second pack, imported by another process while the node serves.
    let second = work.path().join("second");
    build(&second);
    succeeded(&node.import(&second));
    let within = std::time::Duration::from_secs(20);
    until_page_holds(&search, title, within).await;
    until_page_holds(&format!("{base}/capsules/{id}"), title, within).await;
    drop(serving);

    // No account is made on the node, from the command line either.
    let config_path = node.config();
    let config = text(&config_path);
    let err = refused(&lawha(
        &[
            "user",
            "add",
            "--name",
            "Hind Idrissi",
            "--pupil-code",
            "J130000009",
            "--role",
            "pupil",
            "--school",
            SCHOOL,
            "--config",
            config,
        ],
        &[],
    ));
    assert!(err.contains("accounts are made on the platform"), "{err}");
    let csv = work.path().join("pupils.csv");
    fs::write(
        &csv,
        "school_code,class_name,school_year,pupil_code,last_name,first_name\n",
    )
    .unwrap();
    for kind in ["pupils", "teachers"] {
        let err = refused(&lawha(
            &["user", "import", kind, text(&csv), "--config", config],
            &[],
        ));
        assert!(err.contains("accounts are made on the platform"), "{err}");
    }

    // The node's key, readable by others, is refused by export and push alike.
    let key_file = node.dir.join("node.key");
    fs::set_permissions(&key_file, fs::Permissions::from_mode(0o644)).unwrap();
    let node_id = uuid::Uuid::now_v7().to_string();
    let out_file = work.path().join("return.jsonl");
    let err = refused(&lawha(
        &[
            "sync",
            "export",
            "--node",
            &node_id,
            "--key-file",
            text(&key_file),
            text(&out_file),
            "--config",
            config,
        ],
        &[],
    ));
    assert!(err.contains("lets others read it"), "{err}");
    assert!(!out_file.exists(), "nothing written");
    let err = refused(&lawha(
        &["sync", "push", "--config", config],
        &[
            ("LAWHA_NODE_ID", node_id.as_str()),
            ("LAWHA_PLATFORM_URL", "http://127.0.0.1:9"),
        ],
    ));
    assert!(err.contains("lets others read it"), "{err}");
}

#[tokio::test]
async fn a_running_node_follows_a_pack_import_sqlite() {
    a_running_node_follows_a_pack_import(Backend::Sqlite).await;
}

/// An import killed with SIGKILL while it copies (slowed by the tests' pause knob) leaves the
/// node as it was outside `.pack/`; the rerun completes it, and one more changes nothing.
#[tokio::test]
async fn an_import_killed_mid_way_completes_on_the_rerun() {
    let work = tempfile::tempdir().unwrap();
    let platform_dir = work.path().join("platform");
    fs::create_dir_all(&platform_dir).unwrap();
    let url = format!("sqlite://{}", platform_dir.join("lawha.sqlite").display());
    let school = seed_platform(&url, &platform_dir.join("media")).await;
    let platform = [
        ("LAWHA_DATA_DIR", text(&platform_dir)),
        ("LAWHA_DATABASE_URL", url.as_str()),
    ];
    let keys = work.path().join("keys");
    let out = succeeded(&lawha(&["pack", "keygen", "--out", text(&keys)], &platform));
    let platform_key = out.lines().last().unwrap().trim().to_owned();
    let pack = work.path().join("pack");
    let key = keys.join("platform.key");
    let args = ["pack", "build", "--key", text(&key), "--out", text(&pack)];
    succeeded(&lawha(
        &[&args[..], &["--level", "1AC", "--school", SCHOOL]].concat(),
        &platform,
    ));
    let node = Node::init(work.path().join("node"), &school, &platform_key);
    let fresh = node.state().await;

    let mut importing = support::command(
        &[
            "pack",
            "import",
            text(&pack),
            "--config",
            text(&node.config()),
        ],
        &[("LAWHA_TEST_IMPORT_PAUSE_MS", "100")],
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    let staging = node.media().join(".pack/staging");
    let staged = || {
        fs::read_dir(&staging)
            .into_iter()
            .flatten()
            .flat_map(|d| {
                fs::read_dir(d.unwrap().path().join("files"))
                    .into_iter()
                    .flatten()
            })
            .count()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while staged() < 2 {
        assert!(
            importing.try_wait().unwrap().is_none(),
            "the import ended before the kill"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the import never staged a file"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    importing.kill().unwrap();
    importing.wait().unwrap();
    assert_eq!(
        node.state().await,
        fresh,
        "nothing outside .pack/ before every chunk"
    );

    let out = succeeded(&node.import(&pack));
    assert!(out.contains("installed"), "{out}");
    has_the_school_and_its_catalog(&node).await;
    let installed = node.state().await;
    let out = succeeded(&node.import(&pack));
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(node.state().await, installed);
}
