//! The `lawha` program as users run it: help, bad configuration, account creation and
//! CSV import with its dry run and all-or-nothing behaviour.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn lawha(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lawha"))
        .args(args)
        .env_remove("LAWHA_CONFIG")
        .env("LAWHA_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run lawha")
}

const DRY_RUN: bool = true;
const APPLY: bool = false;

/// `lawha user import <kind> <file>`, a dry run or for real.
fn user_import(data_dir: &Path, kind: &str, file: &Path, dry_run: bool) -> Output {
    let file = file.to_str().unwrap();
    let mut args = vec!["user", "import", kind, file];
    if dry_run {
        args.push("--dry-run");
    }
    lawha(data_dir, &args)
}

/// `lawha exercises import` of `file` into a new set of `lesson`, a dry run or for real.
fn exercises_import(
    data_dir: &Path,
    lesson: &str,
    title: &str,
    file: &Path,
    dry_run: bool,
) -> Output {
    let file = file.to_str().unwrap();
    let mut args = vec![
        "exercises",
        "import",
        "--lesson",
        lesson,
        "--title-fr",
        title,
        file,
    ];
    if dry_run {
        args.push("--dry-run");
    }
    lawha(data_dir, &args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_speaks_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let out = lawha(dir.path(), &["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for word in ["serve", "demo", "migrate", "user"] {
        assert!(help.contains(word), "{help}");
    }
    let out = lawha(dir.path(), &["user", "import", "--help"]);
    assert!(text(&out.stdout).contains("--dry-run"));
}

#[test]
fn bad_configuration_gives_one_clear_line_and_status_2() {
    let dir = tempfile::tempdir().unwrap();
    for (args, setting) in [
        (
            vec!["serve", "--default-language", "xx"],
            "default_language",
        ),
        (vec!["serve", "--listen", "here"], "listen"),
        (
            vec!["migrate", "--database-url", "mysql://x"],
            "database_url",
        ),
    ] {
        let out = lawha(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(setting), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let toml = dir.path().join("lawha.toml");
    std::fs::write(&toml, "lisen = \"127.0.0.1:1\"\n").unwrap();
    let out = lawha(dir.path(), &["serve", "--config", toml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("lisen"));
}

#[test]
fn user_add_then_import_with_dry_run_and_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = lawha(&data, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = lawha(
        &data,
        &[
            "user",
            "add",
            "--name",
            "Nadia Alami",
            "--email",
            "nadia@example.ma",
            "--role",
            "ministry_admin",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("One-time password"));
    let out = lawha(
        &data,
        &[
            "user",
            "add",
            "--name",
            "X",
            "--email",
            "nadia@example.ma",
            "--role",
            "producer",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("email-taken"));
    let out = lawha(
        &data,
        &[
            "user",
            "add",
            "--name",
            "X",
            "--email",
            "x@example.ma",
            "--role",
            "teacher",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "a teacher needs a school");
    assert!(text(&out.stderr).contains("--school"));

    // Classes need a school: one through the store, as an admin would create it.
    let db = format!("sqlite://{}", data.join("lawha.sqlite").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = lawha_store::Store::connect(&db).await.unwrap();
        let region = store.org().region_by_code("06").await.unwrap();
        let province = store
            .org()
            .create_province(region.id, "CASA", "الدار البيضاء", "Casablanca")
            .await
            .unwrap();
        store
            .org()
            .create_school(&lawha_store::SchoolInput {
                province_id: province.id,
                code: "CL-TEST".into(),
                kind: lawha_store::SchoolKind::School,
                name_ar: "إعدادية".into(),
                name_fr: "Collège".into(),
            })
            .await
            .unwrap();
        store.close().await;
    });

    let classes = dir.path().join("classes.csv");
    std::fs::write(
        &classes,
        "school_code,class_name,level_code,school_year\nCL-TEST,1AC-1,1AC,2025-2026\n",
    )
    .unwrap();
    let pupils = dir.path().join("pupils.csv");
    std::fs::write(
        &pupils,
        "school_code,class_name,school_year,pupil_code,last_name,first_name,locale,parent_email\n\
         CL-TEST,1AC-1,2025-2026,D100,Bennani,Salma,fr,\n\
         CL-TEST,1AC-1,2025-2026,12AB,Tazi,Anas,fr,\n",
    )
    .unwrap();

    // Dry run of classes changes nothing: the pupils file still fails on the unknown class.
    let out = user_import(&data, "classes", &classes, DRY_RUN);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 to create"));
    let out = user_import(&data, "classes", &classes, DRY_RUN);
    assert!(
        text(&out.stdout).contains("1 to create"),
        "still nothing created"
    );

    let out = user_import(&data, "classes", &classes, APPLY);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = user_import(&data, "classes", &classes, DRY_RUN);
    assert!(
        text(&out.stdout).contains("1 unchanged"),
        "{}",
        text(&out.stdout)
    );

    // A bad pupil code on row 3 names the row and column, and the good row 2 is not kept.
    let out = user_import(&data, "pupils", &pupils, APPLY);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("row 3") && err.contains("pupil_code"), "{err}");
    std::fs::write(
        &pupils,
        "school_code,class_name,school_year,pupil_code,last_name,first_name,locale,parent_email\n\
         CL-TEST,1AC-1,2025-2026,D100,Bennani,Salma,fr,\n",
    )
    .unwrap();
    let out = user_import(&data, "pupils", &pupils, DRY_RUN);
    assert!(
        text(&out.stdout).contains("1 to create"),
        "nothing was half-imported: {}",
        text(&out.stdout)
    );
    let out = user_import(&data, "pupils", &pupils, APPLY);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("D100"), "credentials printed");
}

#[test]
fn question_file_import_is_all_or_nothing_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(lawha(&data, &["migrate"]).status.success());
    let db = format!("sqlite://{}", data.join("lawha.sqlite").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let lesson = rt.block_on(async {
        let store = lawha_store::Store::connect(&db).await.unwrap();
        let titles = |ar: &str| lawha_store::catalog::curriculum::Titles {
            ar: ar.into(),
            fr: String::new(),
        };
        let unit = store
            .catalog()
            .create_unit(
                &lawha_core::import::ClassLevel::Level("1AC".into()),
                "MATH",
                &titles("الكسور"),
            )
            .await
            .unwrap();
        let lesson = store
            .catalog()
            .create_lesson(unit.id, &titles("تبسيط كسر"))
            .await
            .unwrap();
        store.close().await;
        lesson.id.to_string()
    });
    let sets = |rt: &tokio::runtime::Runtime| {
        rt.block_on(async {
            let store = lawha_store::Store::connect(&db).await.unwrap();
            let n = store
                .catalog()
                .sets_of_lesson(lesson.parse().unwrap())
                .await
                .unwrap()
                .len();
            store.close().await;
            n
        })
    };

    let bad = dir.path().join("bad.gift");
    std::fs::write(
        &bad,
        "Two plus two? {=4}\n\nUnclosed {=yes ~no\n\nAnother {T}\n",
    )
    .unwrap();
    let out = exercises_import(&data, &lesson, "Quiz", &bad, APPLY);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("line 3") && err.contains("nothing was imported"),
        "{err}"
    );
    assert_eq!(sets(&rt), 0);

    let good = dir.path().join("good.gift");
    std::fs::write(
        &good,
        "Two plus two? {=4 =four}\n\nLe soleil se lève à l'est. {T}\n",
    )
    .unwrap();
    let out = exercises_import(&data, &lesson, "Quiz", &good, DRY_RUN);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(sets(&rt), 0, "dry run");
    let out = exercises_import(&data, &lesson, "Quiz", &good, APPLY);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2 questions"));
    assert_eq!(sets(&rt), 1);

    // Moodle XML, recognised from its content: an unsupported type is refused by name
    // and line, a good file is imported.
    let xml = dir.path().join("questions.xml");
    let question = "<question type=\"truefalse\"><questiontext><text>Vrai ?</text></questiontext>\
                    <answer fraction=\"100\"><text>true</text></answer>\
                    <answer fraction=\"0\"><text>false</text></answer></question>";
    let import_xml = |body: &str| {
        std::fs::write(
            &xml,
            format!("<?xml version=\"1.0\"?>\n<quiz>\n{body}\n</quiz>\n"),
        )
        .unwrap();
        exercises_import(&data, &lesson, "XML", &xml, APPLY)
    };
    let out = import_xml(&format!("{question}\n<question type=\"essay\"/>"));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("Moodle XML line 4") && err.contains("'essay'"),
        "{err}"
    );
    assert_eq!(sets(&rt), 1);
    let out = import_xml(question);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 questions"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(sets(&rt), 2);

    // Asked to, the supported questions of a bank with an essay are imported, the essay
    // listed by line and type.
    std::fs::write(
        &xml,
        format!(
            "<?xml version=\"1.0\"?>\n<quiz>\n{question}\n<question type=\"essay\"/>\n</quiz>\n"
        ),
    )
    .unwrap();
    let out = lawha(
        &data,
        &[
            "exercises",
            "import",
            "--lesson",
            &lesson,
            "--title-fr",
            "Banque",
            "--skip-unsupported",
            xml.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("line     4  skipped: question type 'essay'")
            && listed.contains("1 questions, 1 skipped"),
        "{listed}"
    );
    assert_eq!(sets(&rt), 3);
}

/// A 2-second 320x180 clip with a tone, made with ffmpeg (installed by the test script).
fn clip(path: &Path) {
    let status = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x180:rate=25:duration=2",
        ])
        .args([
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000:duration=2",
        ])
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
        ])
        .arg(path)
        .status()
        .expect("ffmpeg is needed for this test: run scripts/test.sh, which installs it");
    assert!(status.success());
}

#[test]
fn capsule_manifest_import_checks_everything_then_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let folder = dir.path().join("catalog");
    std::fs::create_dir_all(folder.join("videos")).unwrap();
    clip(&folder.join("videos/ondes.mp4"));
    std::fs::copy(
        folder.join("videos/ondes.mp4"),
        folder.join("videos/limites.mp4"),
    )
    .unwrap();
    std::fs::write(
        folder.join("ondes-fr.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:02.000\nLa célérité dépend du milieu\n",
    )
    .unwrap();
    let manifest = folder.join("capsules.csv");
    let header = "ref;level;subject;unit_fr;lesson_fr;title_fr;language;video;subtitles_fr;publish";
    let import = |args: &[&str]| {
        let mut all = vec!["capsules", "import"];
        all.extend_from_slice(args);
        all.push(manifest.to_str().unwrap());
        lawha(&data, &all)
    };
    let db = format!("sqlite://{}", data.join("lawha.sqlite").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let capsules = |rt: &tokio::runtime::Runtime| {
        rt.block_on(async {
            let store = lawha_store::Store::connect(&db).await.unwrap();
            let mut found = Vec::new();
            for r in ["2bac-ondes-01", "2bac-limites-01"] {
                if let Some(c) = store.catalog().capsule_by_ref(r).await.unwrap() {
                    let versions = store
                        .media_jobs()
                        .media_of_capsule(c.id)
                        .await
                        .unwrap()
                        .len();
                    found.push((c, versions));
                }
            }
            store.close().await;
            found
        })
    };

    // Every problem, by row and column; nothing imported.
    std::fs::write(
        &manifest,
        format!("{header}\n2bac-ondes-01;9XX;PC;Ondes;Célérité;La célérité;fr;videos/ondes.mp4;;oui\n2bac-limites-01;2BAC-PC;MATH;Limites;Limite;Les limites;fr;videos/absente.mp4;;non\n"),
    )
    .unwrap();
    assert!(lawha(&data, &["migrate"]).status.success());
    let out = import(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("row 2, column level: unknown-level"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    let out = {
        std::fs::write(
            &manifest,
            format!("{header}\n2bac-ondes-01;2BAC-PC;PC;Ondes;Célérité;La célérité;fr;videos/ondes.mp4;;oui\n2bac-limites-01;2BAC-PC;MATH;Limites;Limite;Les limites;fr;videos/absente.mp4;;non\n"),
        )
        .unwrap();
        import(&[])
    };
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("row 3, column video: missing-file"),
        "{}",
        text(&out.stderr)
    );
    assert!(capsules(&rt).is_empty());

    // The good manifest: a dry run plans, the import with --wait processes and publishes.
    std::fs::write(
        &manifest,
        format!("{header}\n2bac-ondes-01;2BAC-PC;PC;Ondes;Célérité;La célérité;fr;videos/ondes.mp4;ondes-fr.vtt;oui\n2bac-limites-01;2BAC-PC;MATH;Limites;Limite;Les limites;fr;videos/limites.mp4;;non\n"),
    )
    .unwrap();
    let out = import(&["--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("new capsule, new video"),
        "{}",
        text(&out.stdout)
    );
    assert!(capsules(&rt).is_empty(), "a dry run changes nothing");
    let out = import(&["--wait"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let found = capsules(&rt);
    assert_eq!(found.len(), 2);
    let (ondes, versions) = &found[0];
    assert_eq!(
        ondes.status,
        lawha_core::capsule::CapsuleStatus::Published,
        "published once ready"
    );
    assert!(ondes.media_id.is_some() && *versions == 1);
    assert!(
        ondes.transcript.contains("célérité"),
        "{}",
        ondes.transcript
    );
    assert_eq!(found[1].0.status, lawha_core::capsule::CapsuleStatus::Ready);

    // Again: nothing changes.
    let out = import(&[]);
    assert!(out.status.success());
    let plan = text(&out.stdout);
    assert_eq!(
        plan.matches("capsule unchanged, video unchanged").count(),
        2,
        "{plan}"
    );
    let again = capsules(&rt);
    assert_eq!(again.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [1, 1]);
    assert_eq!(again[0].0.updated_at, ondes.updated_at);
}

#[test]
fn generate_makes_a_dataset_once_per_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let args = [
        "generate",
        "--pupils",
        "60",
        "--class-size",
        "20",
        "--classes-per-school",
        "1",
        "--days",
        "2",
        "--prefix",
        "CLI",
    ];
    let out = lawha(&data, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("3 schools, 3 classes, 60 pupils"),
        "{}",
        text(&out.stdout)
    );
    let again = lawha(&data, &args);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("prefix CLI exists"),
        "{}",
        text(&again.stderr)
    );
    let bad = lawha(&data, &["generate", "--pupils", "0"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// A lesson id that names nothing.
const NO_LESSON: &str = "0193a4a0-0000-7000-8000-000000000000";

#[test]
fn a_dry_run_only_reads_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let gift = dir.path().join("q.gift");
    std::fs::write(&gift, "Two plus two? {=4}\n").unwrap();
    let csv = dir.path().join("pupils.csv");
    std::fs::write(&csv, "code,name\n").unwrap();

    // No database yet: the dry run says how to make one and makes none.
    let out = exercises_import(&data, NO_LESSON, "Quiz", &gift, DRY_RUN);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("lawha migrate"),
        "{}",
        text(&out.stderr)
    );
    let out = user_import(&data, "pupils", &csv, DRY_RUN);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("lawha migrate"),
        "{}",
        text(&out.stderr)
    );
    assert!(!data.join("lawha.sqlite").exists());

    // A database never migrated is not migrated by a dry run either.
    std::fs::create_dir_all(&data).unwrap();
    let db = format!("sqlite://{}", data.join("lawha.sqlite").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        lawha_store::Store::connect(&db)
            .await
            .unwrap()
            .close()
            .await;
    });
    let out = exercises_import(&data, NO_LESSON, "Quiz", &gift, DRY_RUN);
    assert!(
        text(&out.stderr).contains("older than this lawha"),
        "{}",
        text(&out.stderr)
    );
    let current = rt.block_on(async {
        let store = lawha_store::Store::connect(&db).await.unwrap();
        let current = store.schema_is_current().await.unwrap();
        store.close().await;
        current
    });
    assert!(!current, "the dry run migrated the database");

    assert!(lawha(&data, &["migrate"]).status.success());
    let out = exercises_import(&data, NO_LESSON, "Quiz", &gift, DRY_RUN);
    assert!(
        text(&out.stderr).contains("no lesson"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_port_in_use_is_said_before_anything_is_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let started = std::time::Instant::now();
    let out = lawha(
        &data,
        &[
            "demo",
            "--data-dir",
            data.to_str().unwrap(),
            "--listen",
            &address,
        ],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains(&address) && err.contains("--listen"), "{err}");
    assert!(
        !text(&out.stdout).contains("Open http"),
        "{}",
        text(&out.stdout)
    );
    assert!(!data.join("lawha.sqlite").exists(), "the demo seeded first");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn logs_written_to_a_file_carry_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lawha"))
        .args(["migrate"])
        .env_remove("LAWHA_CONFIG")
        .env("LAWHA_DATA_DIR", dir.path())
        .env("RUST_LOG", "debug")
        .output()
        .expect("run lawha");
    assert!(out.status.success());
    let logs = text(&out.stderr);
    assert!(logs.contains("DEBUG"), "nothing logged: {logs}");
    assert!(!logs.contains('\u{1b}'), "{logs}");
}

#[test]
fn a_command_beside_a_busy_server_waits_for_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(lawha(&data, &["migrate"]).status.success());
    // Another process (a server's long write) holds SQLite's write lock for three seconds.
    let mut holder = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
             c.execute('BEGIN IMMEDIATE'); print('held', flush=True)\n\
             time.sleep(3); c.execute('COMMIT')",
            data.join("lawha.sqlite").to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "held");
    let started = std::time::Instant::now();
    let out = lawha(&data, &["migrate"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(started.elapsed() >= std::time::Duration::from_secs(2));
    assert!(holder.wait().unwrap().success());
}

/// `lawha live recordings process` without `[live]` reads the embedded Janus's recordings
/// folder in the data directory (the running Janus is not needed), and says plainly when
/// the embedded Janus is turned off too.
#[test]
fn live_recordings_process_reads_the_embedded_janus_s_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = lawha(dir.path(), &["live", "recordings", "process"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let folder = std::fs::canonicalize(dir.path())
        .unwrap()
        .join("live-recordings");
    assert!(
        stdout.contains(&format!(
            "embedded Janus: recordings in {}",
            folder.display()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("0 recording(s) processed."), "{stdout}");

    let out = Command::new(env!("CARGO_BIN_EXE_lawha"))
        .args(["live", "recordings", "process"])
        .env_remove("LAWHA_CONFIG")
        .env("LAWHA_DATA_DIR", dir.path())
        .env("LAWHA_EMBEDDED_JANUS", "false")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("embedded_janus = false"), "{stderr}");
}
