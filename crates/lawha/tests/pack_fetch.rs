//! Packs over HTTP, as operators run them (SQLite; the routes and their storage are tested
//! on both engines in lawha-web and lawha-store): the platform publishes a pack for a
//! school and serves; the school's node fetches it through a link that drops every
//! connection after a number of bytes, each rerun resuming with a Range request, until the
//! pack is complete and its signature checks out; fetching again downloads nothing, and
//! `--import` installs it.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lawha_media::MediaStorage;
use lawha_seed::demo::capsules::{seed_capsules, DemoClip};
use lawha_store::Store;
use support::{command, lawha, succeeded, text};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SCHOOL: &str = "CL-ANFA-ZERKTOUNI";
const SCHOOL_ADMIN: &str = "direction.zerktouni@demo.lawha.ma";

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

/// `lawha serve`, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn serve(env: &[(&str, &str)], base: &str) -> Server {
    let mut server = Server(
        command(&["serve"], env)
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while reqwest::get(format!("{base}/login")).await.is_err() {
        assert!(
            server.0.try_wait().unwrap().is_none(),
            "lawha serve stopped"
        );
        assert!(Instant::now() < deadline, "lawha serve never answered");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server
}

/// A link to `upstream` that closes each connection once `cut` bytes of answer went
/// through; what the node sent is kept in `sent`.
async fn cutting_link(
    listener: TcpListener,
    upstream: String,
    cut: usize,
    sent: Arc<Mutex<String>>,
) {
    loop {
        let (client, _) = listener.accept().await.unwrap();
        let server = TcpStream::connect(&upstream).await.unwrap();
        let sent = sent.clone();
        tokio::spawn(async move {
            let (mut client_in, mut client_out) = client.into_split();
            let (mut server_in, mut server_out) = server.into_split();
            let up = async {
                let mut buf = vec![0u8; 16 * 1024];
                while let Ok(n @ 1..) = client_in.read(&mut buf).await {
                    sent.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                    if server_out.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            };
            let down = async {
                let (mut buf, mut passed) = (vec![0u8; 16 * 1024], 0);
                while let Ok(n @ 1..) = server_in.read(&mut buf).await {
                    let take = n.min(cut - passed);
                    if client_out.write_all(&buf[..take]).await.is_err() {
                        break;
                    }
                    passed += take;
                    if passed == cut {
                        break;
                    }
                }
            };
            tokio::select! { _ = up => {}, _ = down => {} }
        });
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `lawha` off the runtime's threads (the link runs on them meanwhile).
async fn run(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        lawha(&args, &env)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_fetches_its_pack_over_a_link_that_keeps_dropping() {
    let work = tempfile::tempdir().unwrap();
    let platform_dir = work.path().join("platform");
    fs::create_dir_all(&platform_dir).unwrap();
    let url = format!("sqlite://{}", platform_dir.join("lawha.sqlite").display());
    let school = seed_platform(&url, &platform_dir.join("media")).await;
    let base = format!("http://127.0.0.1:{}", free_port());
    let listen = base.trim_start_matches("http://").to_string();
    let platform = [
        ("LAWHA_DATA_DIR", text(&platform_dir)),
        ("LAWHA_DATABASE_URL", url.as_str()),
        ("LAWHA_LISTEN", listen.as_str()),
    ];
    let keys = work.path().join("keys");
    let out = succeeded(&lawha(&["pack", "keygen", "--out", text(&keys)], &platform));
    let platform_key = out.lines().last().unwrap().trim().to_owned();
    let built = work.path().join("built");
    let key = keys.join("platform.key");
    succeeded(&lawha(
        &[
            "pack",
            "build",
            "--key",
            text(&key),
            "--out",
            text(&built),
            "--level",
            "1AC",
            "--school",
            SCHOOL,
            "--max-volume-mb",
            "1",
        ],
        &platform,
    ));
    let publish = || {
        lawha(
            &[
                "pack",
                "publish",
                text(&built),
                "--platform-key",
                &platform_key,
            ],
            &platform,
        )
    };
    let out = succeeded(&publish());
    assert!(out.contains("published") && out.contains(&school), "{out}");
    succeeded(&publish());
    let pack_id = out.split_whitespace().nth(1).unwrap().to_owned();
    let published = platform_dir.join("packs").join(&pack_id);
    let total: u64 = fs::read_dir(&published)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();

    // The school's node, registered.
    let node_dir = work.path().join("node");
    succeeded(&lawha(
        &[
            "node",
            "init",
            "--school",
            &school,
            "--platform-key",
            &platform_key,
            "--platform-url",
            &base,
        ],
        &[("LAWHA_DATA_DIR", text(&node_dir))],
    ));
    let node_key = fs::read_to_string(node_dir.join("node.pub")).unwrap();
    let out = succeeded(&lawha(
        &[
            "sync",
            "register",
            "--school",
            SCHOOL,
            "--name",
            "Salle 1",
            "--public-key",
            node_key.trim(),
            "--by",
            SCHOOL_ADMIN,
        ],
        &platform,
    ));
    let node_line = out.lines().find(|l| l.starts_with("node_id = ")).unwrap();
    let config = node_dir.join("lawha.toml");
    let mut file = fs::OpenOptions::new().append(true).open(&config).unwrap();
    writeln!(file, "{node_line}").unwrap();
    let _server = serve(&platform, &base).await;

    // Through a link dropping each connection after a third of the pack: every run gets
    // further, asking only for what it lacks.
    let link = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let link_url = format!("http://{}", link.local_addr().unwrap());
    let sent = Arc::new(Mutex::new(String::new()));
    let cut = usize::try_from(total / 3).unwrap();
    tokio::spawn(cutting_link(link, listen.clone(), cut, sent.clone()));
    let through_link = [
        ("LAWHA_CONFIG", text(&config)),
        ("LAWHA_PLATFORM_URL", link_url.as_str()),
    ];
    let mut runs = 0;
    loop {
        runs += 1;
        assert!(runs < 20, "the fetch never completed");
        let out = run(&["pack", "fetch"], &through_link).await;
        if out.status.success() {
            break;
        }
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("again"), "{err}");
    }
    assert!(runs >= 3, "{runs} runs for {total} bytes cut every {cut}");
    let sent = sent.lock().unwrap().to_ascii_lowercase();
    assert!(
        sent.contains("range: bytes="),
        "no run resumed with a range"
    );
    let fetched = node_dir.join("packs").join(&pack_id);
    for entry in fs::read_dir(&published).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(
            fs::read(fetched.join(&name)).unwrap(),
            fs::read(published.join(&name)).unwrap(),
            "{name:?}"
        );
    }
    let leftovers: Vec<_> = fs::read_dir(&fetched)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Complete: nothing is downloaded again; then imported.
    let node_env = [("LAWHA_CONFIG", text(&config))];
    let out = succeeded(&run(&["pack", "fetch"], &node_env).await);
    assert!(out.contains(" 0 bytes received now"), "{out}");
    let out = succeeded(&run(&["pack", "fetch", "--import"], &node_env).await);
    assert!(out.contains("installed"), "{out}");
}
