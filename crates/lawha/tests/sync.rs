//! Sync end to end with two real processes: the platform (`lawha demo`, then `lawha serve`;
//! SQLite or PostgreSQL) and a school node (`lawha serve` on SQLite) set up as operators do
//! it — the node registered with `lawha sync register`, a pack built, published and
//! fetched by the node over HTTP (`pack fetch --import`). A pupil answers on the node over
//! HTTP; `lawha sync push` brings the answer to the platform once, however often it runs; a return file (`sync export`/`sync import`) does too, imported
//! twice; a node killed with SIGKILL while its push waits for the platform's answer, and a
//! platform killed with SIGKILL and restarted, lose nothing and count nothing twice; the node's own periodic push delivers an answer by itself; a password reset on the
//! platform reaches the node with `lawha sync pull`; a revoked node's push is refused with
//! the reason.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use lawha_store::{on_both, testing, Backend, Store};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use support::{command, lawha, refused, succeeded, text};
use uuid::Uuid;

mod support;

#[path = "../examples/journey/page.rs"]
#[allow(dead_code)]
mod page;

const SCHOOL: &str = "CL-ANFA-ZERKTOUNI";
/// A pupil of that school's 1AC class.
const PUPIL: &str = "D130000201";
/// The school's administrator, who registers its node.
const SCHOOL_ADMIN: &str = "direction.zerktouni@demo.lawha.ma";
/// The ministry's administrator, who revokes it.
const MINISTRY_ADMIN: &str = "ministere@demo.lawha.ma";
const CATALOG: &str = "/curriculum/1AC/MATH";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `lawha` server process, killed with SIGKILL when dropped.
struct Server(Child);

impl Server {
    /// Starts `lawha` with `args` and waits until `base` answers.
    async fn start(args: &[&str], env: &[(&str, &str)], base: &str) -> Server {
        let child = command(args, env)
            .stdout(Stdio::null())
            .spawn()
            .expect("start lawha");
        let mut server = Server(child);
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if reqwest::get(format!("{base}/login")).await.is_ok() {
                return server;
            }
            if let Some(status) = server.0.try_wait().unwrap() {
                panic!("lawha {args:?} stopped: {status}");
            }
            assert!(Instant::now() < deadline, "lawha {args:?} never answered");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A pupil's browser on the node: a cookie jar and no redirects followed.
struct Browser {
    base: String,
    client: reqwest::Client,
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn new(base: &str) -> Browser {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            base: base.to_string(),
            client,
            cookies: Vec::new(),
        }
    }

    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for header in response.headers().get_all(SET_COOKIE) {
            let pair = header.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            self.cookies.push((name.to_string(), value.to_string()));
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn get(&mut self, path: &str) -> String {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        self.keep_cookies(&response);
        response.text().await.unwrap()
    }

    /// Posts a form; returns where the answer sends the browser.
    async fn post(&mut self, path: &str, fields: &[(String, String)]) -> String {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "POST {path}");
        self.keep_cookies(&response);
        response.headers()[LOCATION].to_str().unwrap().to_string()
    }

    async fn sign_in(&mut self, login: &str) {
        let form = self.get("/login").await;
        let fields = [
            ("csrf", page::csrf(&form).unwrap()),
            ("next", String::new()),
            ("identifier", login.to_string()),
            ("password", lawha_seed::demo::DEMO_PASSWORD.to_string()),
        ]
        .map(|(n, v)| (n.to_string(), v));
        self.post("/login", &fields).await;
    }

    /// The answer forms of the first exercise set of the catalog's lessons.
    async fn answer_forms(&mut self) -> Vec<page::Answer> {
        let catalog = self.get(CATALOG).await;
        for lesson in page::links(&catalog, "/lessons/") {
            let html = self.get(&lesson).await;
            for set in page::links(&html, "/exercises/") {
                if set["/exercises/".len()..].contains('/') {
                    continue;
                }
                let forms = page::answers(&self.get(&set).await);
                if forms.len() >= 4 {
                    return forms;
                }
            }
        }
        panic!("no exercise set with four items under {CATALOG}");
    }
}

/// The item an answer form answers (`/exercises/{set}/items/{item}/answer`).
fn item_of(answer: &page::Answer) -> Uuid {
    let parts: Vec<&str> = answer.action.split('/').collect();
    parts[parts.len() - 2].parse().unwrap()
}

/// The platform's database, read while its server runs.
struct Platform {
    url: String,
    pupil: Uuid,
}

impl Platform {
    async fn answers_to(&self, item: Uuid) -> i64 {
        let store = Store::connect(&self.url).await.unwrap();
        let count = store
            .learning()
            .answers_to_item(self.pupil, item)
            .await
            .unwrap();
        store.close().await;
        count
    }

    async fn events(&self) -> i64 {
        let store = Store::connect(&self.url).await.unwrap();
        let count = store
            .schoolbag()
            .row_counts_for_tests(&["learner_events"])
            .await
            .unwrap()[0];
        store.close().await;
        count
    }
}

/// A relay between a node and its platform that passes the node's first batch on and keeps
/// the platform's acknowledgement: the platform has committed, the node never hears of it.
/// Returns once the platform has answered, with the node's connection, still unanswered.
async fn relay_and_keep_the_answer(
    listener: tokio::net::TcpListener,
    platform: &str,
) -> tokio::net::TcpStream {
    use tokio::io::AsyncReadExt;
    let (mut from_node, _) = listener.accept().await.unwrap();
    let mut request = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let (head_len, body_len) = loop {
        let n = from_node.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the node closed before sending its batch");
        request.extend_from_slice(&chunk[..n]);
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .unwrap()
                .trim()
                .parse::<usize>()
                .unwrap();
            break (end + 4, length);
        }
    };
    while request.len() < head_len + body_len {
        let n = from_node.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the node closed before sending its batch");
        request.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&request[..head_len]).into_owned();
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
            .unwrap()
    };
    let answer = reqwest::Client::new()
        .post(format!("{platform}/sync/up"))
        .header("x-lawha-node", header("x-lawha-node"))
        .header("x-lawha-signature", header("x-lawha-signature"))
        .body(request[head_len..].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    from_node
}

async fn a_school_node_syncs_with_its_platform(backend: Backend) {
    let work = tempfile::tempdir().unwrap();
    let platform_dir = work.path().join("platform");
    // Kept to the end: the database is dropped with it.
    let database = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(testing::postgres_database().await),
    };
    let database_url = match &database {
        None => format!("sqlite://{}", platform_dir.join("lawha.sqlite").display()),
        Some(database) => database.url().to_owned(),
    };
    let platform_base = format!("http://127.0.0.1:{}", free_port());
    let platform_listen = platform_base.trim_start_matches("http://").to_string();
    let platform_env = [
        ("LAWHA_DATA_DIR", text(&platform_dir)),
        ("LAWHA_DATABASE_URL", database_url.as_str()),
        ("LAWHA_LISTEN", platform_listen.as_str()),
    ];
    let mut platform_server = Server::start(&["demo"], &platform_env, &platform_base).await;

    // The platform's key and a pack for the school's 1AC pupils.
    let keys = work.path().join("keys");
    let out = succeeded(&lawha(
        &["pack", "keygen", "--out", text(&keys)],
        &platform_env,
    ));
    let platform_key = out.lines().last().unwrap().trim().to_owned();
    let pack = work.path().join("stick/pack");
    succeeded(&lawha(
        &[
            "pack",
            "build",
            "--key",
            text(&keys.join("platform.key")),
            "--out",
            text(&pack),
            "--level",
            "1AC",
            "--school",
            SCHOOL,
        ],
        &platform_env,
    ));

    let store = Store::connect(&database_url).await.unwrap();
    let school = store
        .org()
        .school_by_code(SCHOOL)
        .await
        .unwrap()
        .id
        .to_string();
    let pupil = store
        .accounts()
        .verify_credentials(PUPIL, lawha_seed::demo::DEMO_PASSWORD)
        .await
        .unwrap()
        .unwrap()
        .id;
    store.close().await;

    // The node: set up, registered by the school's administrator, its pack imported.
    let node_dir = work.path().join("node");
    let out = succeeded(&lawha(
        &[
            "node",
            "init",
            "--school",
            &school,
            "--platform-key",
            &platform_key,
            "--platform-url",
            &platform_base,
        ],
        &[("LAWHA_DATA_DIR", text(&node_dir))],
    ));
    assert!(out.contains("public key"), "{out}");
    let node_key = fs::read_to_string(node_dir.join("node.pub")).unwrap();
    let register = |by: &str| {
        lawha(
            &[
                "sync",
                "register",
                "--school",
                SCHOOL,
                "--name",
                "Salle informatique",
                "--public-key",
                node_key.trim(),
                "--by",
                by,
            ],
            &platform_env,
        )
    };
    let err = refused(&register("direction.other@demo.lawha.ma"));
    assert!(err.contains("no active account"), "{err}");
    let out = succeeded(&register(SCHOOL_ADMIN));
    let node_line = out
        .lines()
        .find(|l| l.starts_with("node_id = "))
        .unwrap()
        .to_string();
    let node_id = node_line.trim_start_matches("node_id = ").trim_matches('"');
    let config = node_dir.join("lawha.toml");
    fs::OpenOptions::new()
        .append(true)
        .open(&config)
        .unwrap()
        .write_all(format!("{node_line}\n").as_bytes())
        .unwrap();
    let node_env = [("LAWHA_CONFIG", text(&config))];
    // The pack published on the platform, fetched by the node over HTTP and imported.
    let publish = [
        "pack",
        "publish",
        text(&pack),
        "--platform-key",
        &platform_key,
    ];
    succeeded(&lawha(&publish, &platform_env));
    let out = succeeded(&lawha(&["pack", "fetch", "--import"], &node_env));
    assert!(out.contains("installed"), "{out}");
    let out = succeeded(&lawha(&["sync", "nodes"], &platform_env));
    assert!(
        out.contains(node_id) && out.contains("Salle informatique"),
        "{out}"
    );
    assert!(out.contains("set aside 0"), "{out}");

    let platform = Platform {
        url: database_url.clone(),
        pupil,
    };

    // The node serves; the pupil signs in on it and answers an item.
    let node_base = format!("http://127.0.0.1:{}", free_port());
    let node_listen = node_base.trim_start_matches("http://").to_string();
    let node_serve_env = [
        ("LAWHA_CONFIG", text(&config)),
        ("LAWHA_LISTEN", node_listen.as_str()),
    ];
    let mut node_server = Server::start(&["serve"], &node_serve_env, &node_base).await;
    let mut browser = Browser::new(&node_base);
    browser.sign_in(PUPIL).await;
    let forms = browser.answer_forms().await;
    let push = || lawha(&["sync", "push"], &node_env);
    let answer = |i: usize| {
        (
            forms[i].action.clone(),
            forms[i].fields.clone(),
            item_of(&forms[i]),
        )
    };

    // Pushed over HTTP: the platform holds it once, however often the node pushes.
    let (action, fields, first) = answer(0);
    let before = platform.answers_to(first).await;
    let to = browser.post(&action, &fields).await;
    assert!(to.starts_with("/exercises/"), "{to}");
    let out = succeeded(&push());
    assert!(out.contains("1 new answers"), "{out}");
    assert_eq!(platform.answers_to(first).await, before + 1);
    let events = platform.events().await;
    let out = succeeded(&push());
    assert!(out.contains("0 batches"), "{out}");
    assert_eq!(platform.events().await, events);

    // Through a return file, imported twice: once.
    let (action, fields, second) = answer(1);
    let before_second = platform.answers_to(second).await;
    browser.post(&action, &fields).await;
    let file = work.path().join("stick/return.jsonl");
    let key_file = node_dir.join("node.key");
    let export = |to: &Path| {
        succeeded(&lawha(
            &[
                "sync",
                "export",
                "--node",
                node_id,
                "--key-file",
                text(&key_file),
                text(to),
            ],
            &node_env,
        ))
    };
    export(&file);
    let acks = work.path().join("stick/acks.txt");
    let platform_secret = keys.join("platform.key");
    for _ in 0..2 {
        succeeded(&lawha(
            &[
                "sync",
                "import",
                text(&file),
                "--acks",
                text(&acks),
                "--key",
                text(&platform_secret),
            ],
            &platform_env,
        ));
        assert_eq!(platform.answers_to(second).await, before_second + 1);
        assert_eq!(platform.events().await, events + 1);
    }
    // The acknowledgement goes back on the stick: refused for another node, taken by this
    // one, after which its return file holds nothing the platform has.
    assert!(export(&file).contains("1 batches written"));
    let other = Uuid::now_v7().to_string();
    let err = refused(&lawha(
        &["sync", "acknowledge", "--node", &other, text(&acks)],
        &node_env,
    ));
    assert!(err.contains("not this node"), "{err}");
    let out = succeeded(&lawha(
        &["sync", "acknowledge", "--node", node_id, text(&acks)],
        &node_env,
    ));
    assert!(out.contains("1 batches acknowledged"), "{out}");
    assert!(export(&file).contains("0 batches written"));

    // The node killed with SIGKILL in the middle of a push, after the platform committed the
    // batch but before its answer arrived: the rerun sends the batch again, counted once.
    let again = browser.answer_forms().await;
    let item = item_of(&again[0]);
    let before_again = platform.answers_to(item).await;
    browser.post(&again[0].action, &again[0].fields).await;
    let relay = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay_url = format!("http://{}", relay.local_addr().unwrap());
    let mut pushing = command(
        &["sync", "push"],
        &[
            ("LAWHA_CONFIG", text(&config)),
            ("LAWHA_PLATFORM_URL", relay_url.as_str()),
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let unanswered = relay_and_keep_the_answer(relay, &platform_base).await;
    pushing.kill().unwrap();
    pushing.wait().unwrap();
    drop(unanswered);
    assert_eq!(platform.answers_to(item).await, before_again + 1);
    let out = succeeded(&push());
    assert!(out.contains("0 new answers"), "{out}");
    assert_eq!(platform.answers_to(item).await, before_again + 1);
    let events = events + 1;

    // The platform killed with SIGKILL: the push fails and keeps its cursor; restarted, the
    // next push delivers the rest, the return file's answer still counted once.
    platform_server.kill();
    let (action, fields, third) = answer(2);
    browser.post(&action, &fields).await;
    let err = refused(&push());
    assert!(err.contains("could not be reached"), "{err}");
    platform_server = Server::start(&["serve"], &platform_env, &platform_base).await;
    let before_third = platform.answers_to(third).await;
    succeeded(&push());
    assert_eq!(platform.answers_to(third).await, before_third + 1);
    assert_eq!(platform.answers_to(second).await, before_second + 1);
    assert_eq!(platform.events().await, events + 2);

    // The node's own push, every second once configured, delivers an answer by itself.
    node_server.kill();
    let every = [("LAWHA_SYNC_EVERY_SECONDS", "1")];
    let env: Vec<_> = node_serve_env.iter().chain(&every).copied().collect();
    node_server = Server::start(&["serve"], &env, &node_base).await;
    let (action, fields, fourth) = answer(3);
    let before_fourth = platform.answers_to(fourth).await;
    browser.post(&action, &fields).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while platform.answers_to(fourth).await == before_fourth {
        assert!(Instant::now() < deadline, "the node never pushed by itself");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    node_server.kill();
    assert_eq!(platform.answers_to(fourth).await, before_fourth + 1);
    assert_eq!(platform.events().await, events + 3);

    // A password reset on the platform comes down with `lawha sync pull`: the pupil signs
    // in on the node with the new password, and no longer with the old.
    let store = Store::connect(&database_url).await.unwrap();
    store
        .accounts()
        .set_password(pupil, "reset on the platform", false)
        .await
        .unwrap();
    store.close().await;
    let out = succeeded(&lawha(&["sync", "pull"], &node_env));
    assert!(out.contains("rows written"), "{out}");
    node_server = Server::start(&["serve"], &node_serve_env, &node_base).await;
    let node_url = node_base.as_str();
    let signs_in = |password: &'static str| async move {
        let form = reqwest::get(format!("{node_url}/login")).await.unwrap();
        let cookie: Vec<&str> = form
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|c| c.to_str().unwrap().split(';').next().unwrap())
            .collect();
        let cookie = cookie.join("; ");
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", &page::csrf(&form.text().await.unwrap()).unwrap())
            .append_pair("next", "")
            .append_pair("identifier", PUPIL)
            .append_pair("password", password)
            .finish();
        let response = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(format!("{node_url}/login"))
            .header(COOKIE, cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        response.status() == StatusCode::SEE_OTHER
    };
    assert!(signs_in("reset on the platform").await);
    assert!(!signs_in(lawha_seed::demo::DEMO_PASSWORD).await);
    node_server.kill();

    // Revoked by the ministry, the node is refused with the reason.
    let out = succeeded(&lawha(
        &["sync", "revoke", node_id, "--by", MINISTRY_ADMIN],
        &platform_env,
    ));
    assert!(out.contains("revoked"), "{out}");
    node_server = Server::start(&["serve"], &node_serve_env, &node_base).await;
    let fresh = browser.answer_forms().await;
    browser.post(&fresh[0].action, &fresh[0].fields).await;
    node_server.kill();
    let err = refused(&push());
    assert!(err.contains("node-revoked"), "{err}");
    assert_eq!(platform.events().await, events + 3);
    drop(platform_server);
}

on_both!(a_school_node_syncs_with_its_platform);
