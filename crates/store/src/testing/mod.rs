//! Test support: a fresh, migrated store per test, on SQLite and on PostgreSQL.
//!
//! PostgreSQL comes from `LAWHA_TEST_PG_URL` (the test script starts one throwaway server
//! for the whole run); without it, the first test of a process starts its own server with
//! `initdb` + `pg_ctl` in a temporary directory. Every test gets its own database, so
//! tests run in parallel and never see each other's rows; the database is dropped when the
//! test is done (see `pg_database`).

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use crate::learning::exercises::AnswerEvent;
use crate::{Backend, Store};

pub mod holds;
pub mod interrupts;
mod pg_database;
pub mod queries;
pub mod schema;
mod schema_read;

pub use crate::testing::pg_database::TestDatabase;
pub use crate::testing::schema::{schema, Schema};

/// A store for one test; its temporary files and its PostgreSQL database live as long as
/// it does.
pub struct TestStore {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    /// Declared after `store`, so that handle is gone before the database is dropped.
    _database: Option<TestDatabase>,
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

/// A fresh migrated SQLite store in a temporary directory.
pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let url = format!("sqlite://{}", dir.path().join("test.sqlite").display());
    let store = Store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("sqlite connect: {e}"));
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("sqlite migrate: {e}"));
    TestStore {
        store,
        _dir: Some(dir),
        _database: None,
    }
}

/// A fresh migrated PostgreSQL store in its own new database.
pub async fn postgres() -> TestStore {
    let database = postgres_database().await;
    let url = database.url();
    let store = Store::connect(url)
        .await
        .unwrap_or_else(|e| panic!("postgres connect ({url}): {e}"));
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("postgres migrate: {e}"));
    TestStore {
        store,
        _dir: None,
        _database: Some(database),
    }
}

/// A new, empty PostgreSQL database, dropped when the returned value is: for tests that
/// hand a database to another process (the `lawha` program). Keep it until that process
/// is done.
pub async fn postgres_database() -> TestDatabase {
    TestDatabase::create(&pg_admin_url()).await
}

/// Both engines, for tests that tell one story against each.
pub async fn both() -> Vec<TestStore> {
    vec![sqlite().await, postgres().await]
}

/// A store on the named engine.
pub async fn on(backend: Backend) -> TestStore {
    match backend {
        Backend::Sqlite => sqlite().await,
        Backend::Postgres => postgres().await,
    }
}

/// What an `on_both!` test receives: a fresh [`TestStore`], or just the [`Backend`] for
/// tests that open their own stores (the web and media tests build an app around one).
pub trait TestSubject: Sized {
    fn for_backend(backend: Backend) -> impl std::future::Future<Output = Self>;
}

impl TestSubject for TestStore {
    async fn for_backend(backend: Backend) -> Self {
        on(backend).await
    }
}

impl TestSubject for Backend {
    async fn for_backend(backend: Backend) -> Self {
        backend
    }
}

/// The subject the test body asks for (used by `on_both!`).
pub async fn subject<T: TestSubject>(backend: Backend) -> T {
    T::for_backend(backend).await
}

/// Declares one test per engine, `name::sqlite` and `name::postgres`, each calling the
/// async fn `body` (by default the one named `name`) with what its parameter asks for: a
/// fresh [`TestStore`] or the [`Backend`] (see [`TestSubject`]).
///
/// `on_both!(racing name)` runs on a multi-threaded runtime, so racers really run side by
/// side.
#[macro_export]
macro_rules! on_both {
    (racing $name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::$name($crate::testing::subject($crate::Backend::Sqlite).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                super::$name($crate::testing::subject($crate::Backend::Postgres).await).await;
            }
        }
    };
    ($name:ident) => {
        $crate::on_both!($name, $name);
    };
    ($name:ident, $body:ident $(,)?) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$body($crate::testing::subject($crate::Backend::Sqlite).await).await;
            }
            #[tokio::test]
            async fn postgres() {
                super::$body($crate::testing::subject($crate::Backend::Postgres).await).await;
            }
        }
    };
}

/// Answers submitted as a pupil's screen sends them: each item is first recorded as shown
/// to its pupil, then the answers go through [`Learning::submit_answers`](crate::Learning::submit_answers) (which refuses
/// answers to items never shown).
#[allow(async_fn_in_trait)]
pub trait SubmitShown {
    /// One answer; `true` when it was new.
    async fn submit_shown(&self, answer: &AnswerEvent) -> crate::Result<bool>;
    /// A batch; how many answers were new.
    async fn submit_all_shown(&self, answers: &[AnswerEvent]) -> crate::Result<u64>;
}

impl SubmitShown for Store {
    async fn submit_shown(&self, answer: &AnswerEvent) -> crate::Result<bool> {
        Ok(self.submit_all_shown(std::slice::from_ref(answer)).await? == 1)
    }

    async fn submit_all_shown(&self, answers: &[AnswerEvent]) -> crate::Result<u64> {
        let shown: Vec<_> = answers.iter().map(|a| (a.user_id, a.item_id)).collect();
        self.learning().record_presentations(&shown).await?;
        self.learning().submit_answers(answers).await
    }
}

/// A right answer ("true") to a true/false `item` by `pupil`, with id `id`, at `at`.
pub fn true_answer(
    id: uuid::Uuid,
    pupil: uuid::Uuid,
    item: &crate::learning::exercises::StoredItem,
    at: chrono::DateTime<chrono::Utc>,
) -> AnswerEvent {
    AnswerEvent {
        id,
        user_id: pupil,
        set_id: item.set_id,
        item_id: item.id,
        response: lawha_core::exercise::Response::TrueFalse { answer: true },
        correction: lawha_core::exercise::Correction {
            score: 1.0,
            correct: true,
            feedback: Vec::new(),
            parts: Vec::new(),
            general_feedback: None,
            solution: None,
        },
        occurred_at: at,
    }
}

/// A school node of `school_id`, registered by `admin` holding `grants`, with a key made
/// from `seed`.
pub async fn registered_node(
    store: &Store,
    school_id: uuid::Uuid,
    admin: uuid::Uuid,
    grants: &[lawha_core::role::Grant],
    seed: u8,
) -> crate::sync::batch::NodeIdentity {
    let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
    let new = crate::sync::nodes::NewNode {
        school_id,
        name: "école du village",
        public_key: key.verifying_key().to_bytes(),
    };
    let node = store
        .sync()
        .register_node(admin, grants, &new)
        .await
        .unwrap_or_else(|e| panic!("register node: {e}"));
    crate::sync::batch::NodeIdentity {
        node_id: node.id,
        key,
    }
}

/// A batch from `node` holding `answers` and `accounts`, reaching as many events as it
/// holds answers, reporting pack `pack-1` and its answers as backlog.
pub fn batch_of(
    node: &crate::sync::batch::NodeIdentity,
    answers: Vec<AnswerEvent>,
    accounts: Vec<crate::sync::batch::AccountEdit>,
) -> crate::sync::batch::Batch {
    let events = answers.len() as i64;
    crate::sync::batch::Batch {
        version: crate::sync::batch::BATCH_VERSION,
        node_id: node.node_id,
        batch_id: uuid::Uuid::now_v7(),
        from: crate::sync::batch::Cursor::default(),
        to: crate::sync::batch::Cursor {
            events,
            accounts: None,
        },
        answers,
        watches: Vec::new(),
        accounts,
        health: crate::sync::batch::NodeHealth {
            pack_id: Some("pack-1".into()),
            backlog: events,
            app_version: "test".into(),
        },
    }
}

/// A new unit of `subject` at `level` holding one lesson, both titled `titles`.
pub async fn lesson(
    store: &Store,
    level: &str,
    subject: &str,
    titles: &crate::catalog::curriculum::Titles,
) -> crate::catalog::curriculum::Lesson {
    let level = lawha_core::import::ClassLevel::Level(level.into());
    let unit = store
        .catalog()
        .create_unit(&level, subject, titles)
        .await
        .unwrap_or_else(|e| panic!("unit: {e}"));
    store
        .catalog()
        .create_lesson(unit.id, titles)
        .await
        .unwrap_or_else(|e| panic!("lesson: {e}"))
}

/// A new practice set holding `items`, with no attempt limit, in a new 1AC MATH lesson:
/// for tests that answer exercises.
pub async fn practice_set(
    store: &Store,
    items: &[lawha_core::exercise::Item],
) -> (
    crate::catalog::curriculum::Lesson,
    crate::learning::exercises::ExerciseSet,
    Vec<crate::learning::exercises::StoredItem>,
) {
    let titles = crate::catalog::curriculum::Titles {
        ar: "تمارين".into(),
        fr: "Exercices".into(),
    };
    let lesson = lesson(store, "1AC", "MATH", &titles).await;
    let set = store
        .catalog()
        .create_exercise_set(&crate::learning::exercises::NewExerciseSet {
            lesson_id: lesson.id,
            titles,
            mode: crate::learning::exercises::SetMode::Practice,
            max_attempts: None,
            created_by: None,
        })
        .await
        .unwrap_or_else(|e| panic!("exercise set: {e}"));
    let items = store
        .catalog()
        .add_items(set.id, items)
        .await
        .unwrap_or_else(|e| panic!("items: {e}"));
    (lesson, set, items)
}

/// A new school (in a new province of region `region_code`) with one class of 1AC, for
/// tests that need places in the organisation.
pub async fn school_with_class(
    store: &Store,
    region_code: &str,
    school_code: &str,
) -> (crate::School, crate::Class) {
    school_with_class_of(store, region_code, school_code, "1AC-1", "1AC").await
}

/// [`school_with_class`] with the class's name and level (a code of the 26 levels) chosen.
pub async fn school_with_class_of(
    store: &Store,
    region_code: &str,
    school_code: &str,
    class_name: &str,
    level: &str,
) -> (crate::School, crate::Class) {
    let region = store
        .org()
        .region_by_code(region_code)
        .await
        .unwrap_or_else(|e| panic!("region {region_code}: {e}"));
    let province = store
        .org()
        .create_province(
            region.id,
            &format!("P-{school_code}"),
            "مديرية",
            "Direction",
        )
        .await
        .unwrap_or_else(|e| panic!("province: {e}"));
    let school = store
        .org()
        .create_school(&crate::SchoolInput {
            province_id: province.id,
            code: school_code.into(),
            kind: crate::SchoolKind::School,
            name_ar: "إعدادية".into(),
            name_fr: "Collège".into(),
        })
        .await
        .unwrap_or_else(|e| panic!("school: {e}"));
    let class = store
        .org()
        .create_class(&crate::ClassInput {
            school_id: school.id,
            name: class_name.into(),
            school_year: "2025-2026".into(),
            level: lawha_core::import::ClassLevel::Level(level.into()),
        })
        .await
        .unwrap_or_else(|e| panic!("class: {e}"));
    (school, class)
}

/// The password of the accounts made by [`pupil`].
pub const PUPIL_PASSWORD: &str = "a long password";

/// A new pupil account, signing in with `pupil_code` and [`PUPIL_PASSWORD`], with no grant.
pub async fn pupil(store: &Store, name: &str, pupil_code: &str) -> crate::User {
    store
        .accounts()
        .create_user(&crate::NewUser {
            display_name: name.into(),
            email: None,
            pupil_code: Some(pupil_code.into()),
            password: PUPIL_PASSWORD.into(),
            locale: None,
            must_change_password: false,
        })
        .await
        .unwrap_or_else(|e| panic!("pupil {pupil_code}: {e}"))
}

/// A new capsule of `lesson_id` with `fields` (which must be valid), in no school's library.
pub async fn capsule(
    store: &Store,
    lesson_id: uuid::Uuid,
    fields: lawha_core::capsule::CapsuleFields,
) -> crate::catalog::capsules::Capsule {
    let fields = fields
        .validate()
        .unwrap_or_else(|e| panic!("capsule fields: {e:?}"));
    store
        .catalog()
        .create_capsule(&crate::catalog::capsules::NewCapsule {
            lesson_id,
            fields,
            school_id: None,
            external_ref: None,
            created_by: None,
        })
        .await
        .unwrap_or_else(|e| panic!("capsule: {e}"))
}

/// A capsule of `lesson_id` with `fields`, a ready version (8 s, compliant) and published.
pub async fn published_capsule(
    store: &Store,
    lesson_id: uuid::Uuid,
    fields: lawha_core::capsule::CapsuleFields,
) -> uuid::Uuid {
    use crate::media_jobs::media::{NewMedia, TranscodeResult};
    let capsule = capsule(store, lesson_id, fields).await.id;
    let id = uuid::Uuid::now_v7();
    let media = NewMedia {
        capsule_id: capsule,
        id,
        source_key: format!("sources/{id}/original.mp4"),
        source_name: "c.mp4".into(),
        source_bytes: 1,
        source_sha256: String::new(),
        output_prefix: format!("renditions/{id}"),
        created_by: None,
    };
    let result = TranscodeResult {
        manifest_json: "{}".into(),
        report_json: "{}".into(),
        compliant: true,
        duration_ms: 8_000,
    };
    store
        .media_jobs()
        .attach_ready_media(&media, &result)
        .await
        .unwrap_or_else(|e| panic!("ready version: {e}"));
    store
        .catalog()
        .publish_capsule(capsule)
        .await
        .unwrap_or_else(|e| panic!("publish: {e}"));
    capsule
}

/// Replaces the database name in a `postgres://…/name?params` URL.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    if query.is_empty() {
        format!("{base}/{db}")
    } else {
        format!("{base}/{db}?{query}")
    }
}

fn pg_admin_url() -> String {
    if let Ok(url) = std::env::var("LAWHA_TEST_PG_URL") {
        return url;
    }
    static OWN_SERVER: OnceLock<String> = OnceLock::new();
    OWN_SERVER.get_or_init(start_own_server).clone()
}

/// Starts a private PostgreSQL server for this test process. A test process cannot run
/// code after its last test, so a small watcher shell (which may run as another user, hence
/// `/proc` rather than `kill -0`) stops the server and removes its
/// directory once this process has gone.
fn start_own_server() -> String {
    let bin = find_pg_bin().unwrap_or_else(|| {
        panic!(
            "PostgreSQL server binaries not found: install Debian's `postgresql` package, \
             or set LAWHA_TEST_PG_URL, or run scripts/test.sh which does both"
        )
    });
    let dir = tempfile::Builder::new()
        .prefix("lawha-pg-")
        .tempdir()
        .unwrap_or_else(|e| panic!("temp dir: {e}"))
        .keep();
    let data = dir.join("data");
    // initdb refuses to run as root: run the server as the `postgres` system user then.
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let run = |program: PathBuf, args: &[&str]| {
        let mut cmd = if as_root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        let status = cmd
            .args(args)
            .status()
            .unwrap_or_else(|e| panic!("running PostgreSQL tool: {e}"));
        assert!(status.success(), "PostgreSQL tool failed: {args:?}");
    };
    if as_root {
        let _ = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status();
    }
    let data_s = data.display().to_string();
    let dir_s = dir.display().to_string();
    run(
        bin.join("initdb"),
        &[
            "-D",
            &data_s,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ],
    );
    let opts = format!(
        "-c listen_addresses='' -c unix_socket_directories={dir_s} -c fsync=off -c max_connections=300"
    );
    let log = dir.join("server.log").display().to_string();
    run(
        bin.join("pg_ctl"),
        &["-D", &data_s, "-o", &opts, "-l", &log, "-w", "start"],
    );
    let watcher = format!(
        "while [ -d /proc/{pid} ]; do sleep 1; done; {pg_ctl} -D {data_s} -m immediate stop >/dev/null 2>&1; rm -rf {dir_s}",
        pid = std::process::id(),
        pg_ctl = bin.join("pg_ctl").display(),
    );
    let mut cmd = if as_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", "sh", "-c", &watcher]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", &watcher]);
        c
    };
    // The watcher outlives this process on purpose (it stops the server once we are gone),
    // so it is never waited for.
    #[allow(clippy::zombie_processes)]
    let _watcher = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting the PostgreSQL watcher: {e}"));
    format!("postgres://postgres@localhost/postgres?host={dir_s}")
}

fn find_pg_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}
