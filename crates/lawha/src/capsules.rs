//! `lawha capsules import`: a catalog manifest (CSV or JSON) of hundreds of capsules with
//! their videos, subtitles and worksheets beside it.
//!
//! Everything is checked before anything changes — every row of the manifest, then every
//! file it names — and all problems are listed by row and column; one problem and nothing
//! is imported. A run then creates what is missing and updates what changed: capsules are
//! matched on their `ref`, videos on their SHA-256 (an unchanged video is not processed
//! again), files on their bytes. Re-running the same manifest changes nothing. `--dry-run`
//! stops after the plan; `--wait` processes the new videos here, with progress bars.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use lawha_core::capsule::manifest::{self, ManifestEntry};
use lawha_core::capsule::{vtt, MediaStatus, ValidCapsule};
use lawha_core::import::RowError;
use lawha_core::Locale;
use lawha_media::ingest::{ingest_source, sha256_of, Source};
use lawha_media::storage::MediaStorage;
use lawha_store::catalog::capsule_files::{FileKind, NewCapsuleFile};
use lawha_store::catalog::capsules::{Capsule, NewCapsule};
use lawha_store::catalog::curriculum::Titles;
use lawha_store::Store;

use crate::config::{Config, ConfigArgs};
use crate::media::{tools, worker};
use crate::progress::Bars;
use crate::server::open;

#[derive(Debug, Subcommand)]
pub enum CapsulesCommand {
    /// Import or update capsules from a manifest (CSV or JSON) and the files beside it.
    Import(ImportArgs),
}

impl CapsulesCommand {
    pub fn config(&self) -> &ConfigArgs {
        match self {
            CapsulesCommand::Import(a) => &a.config,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// The manifest; the paths it names are relative to its folder.
    manifest: PathBuf,
    /// Check everything and print what would change; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Process the new videos now (needs ffmpeg), with progress bars, then exit.
    #[arg(long)]
    wait: bool,
}

/// What a row will do.
struct Planned {
    entry: ManifestEntry,
    existing: Option<Capsule>,
    video: PathBuf,
    video_bytes: u64,
    video_sha256: String,
    /// The video is already a version of the capsule (not failed).
    video_known: bool,
}

fn refuse(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("lawha: {message}");
    ExitCode::from(2)
}

pub async fn run(command: CapsulesCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let CapsulesCommand::Import(args) = command;
    let bytes = match std::fs::read(&args.manifest) {
        Ok(b) => b,
        Err(e) => {
            return Ok(refuse(format!(
                "cannot read {}: {e}",
                args.manifest.display()
            )))
        }
    };
    let entries = match manifest::parse(&bytes) {
        Ok(entries) => entries,
        Err(errors) => return Ok(report_problems(&args.manifest, &errors)),
    };
    let folder = args
        .manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let problems = check_files(&folder, &entries);
    if !problems.is_empty() {
        return Ok(report_problems(&args.manifest, &problems));
    }
    let store = open(config).await?;
    let storage = MediaStorage::open(&config.media_store).context("cannot open the media store")?;
    let plan = plan(&store, &folder, entries).await?;
    print_plan(&args.manifest, &plan);
    if args.dry_run {
        println!("Dry run: nothing was changed.");
        store.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    let bars = Bars::new();
    let total: u64 = plan
        .iter()
        .filter(|p| !p.video_known)
        .map(|p| p.video_bytes)
        .sum();
    let bar = bars.bar("import", "capsules", total.max(1));
    for planned in &plan {
        apply(&store, &storage, &folder, planned)
            .await
            .with_context(|| {
                format!(
                    "row {} ({}): import stopped; fix the cause and run it again",
                    planned.entry.row, planned.entry.reference
                )
            })?;
        if !planned.video_known {
            bar.inc(planned.video_bytes);
        }
    }
    bar.finish_with_message("stored");
    println!("{} capsule(s) imported.", plan.len());
    if args.wait {
        match worker(config, &store, &storage, tools(config).as_ref(), 0) {
            Some(worker) => {
                let done = worker
                    .with_observer(bars.observer())
                    .run_until_idle()
                    .await?;
                bars.finish();
                println!("{done} video(s) processed.");
            }
            None => {
                eprintln!("lawha: ffmpeg was not found; the videos wait in the queue for a server with ffmpeg");
            }
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn report_problems(manifest: &Path, problems: &[RowError]) -> ExitCode {
    eprintln!(
        "lawha: {}: {} problem(s), nothing was imported:",
        manifest.display(),
        problems.len()
    );
    for problem in problems {
        eprintln!("  {problem}");
    }
    ExitCode::from(2)
}

fn file_problem(row: usize, column: &str, code: &'static str, detail: &str) -> RowError {
    RowError {
        row,
        column: Some(column.to_string()),
        code,
        detail: Some(detail.to_string()),
        earlier_row: None,
    }
}

/// Every named file exists, the video is not empty, subtitles are WebVTT, worksheets PDF.
fn check_files(folder: &Path, entries: &[ManifestEntry]) -> Vec<RowError> {
    let mut problems = Vec::new();
    for entry in entries {
        let mut named: Vec<(String, &str)> = vec![("video".into(), entry.video.as_str())];
        for (language, path) in &entry.subtitles {
            named.push((format!("subtitles_{}", language.code()), path.as_str()));
        }
        if let Some(worksheet) = &entry.worksheet {
            named.push(("worksheet".into(), worksheet.as_str()));
        }
        for (column, relative) in named {
            let path = folder.join(relative);
            let Ok(meta) = std::fs::metadata(&path) else {
                problems.push(file_problem(entry.row, &column, "missing-file", relative));
                continue;
            };
            if !meta.is_file() || meta.len() == 0 {
                problems.push(file_problem(entry.row, &column, "empty-file", relative));
                continue;
            }
            if column.starts_with("subtitles") {
                if let Err(e) = std::fs::read(&path)
                    .map_err(|_| "unreadable")
                    .and_then(|b| vtt::parse(&b).map(|_| ()).map_err(|e| e.code))
                {
                    problems.push(file_problem(
                        entry.row,
                        &column,
                        "not-webvtt",
                        &format!("{relative}: {e}"),
                    ));
                }
            } else if column == "worksheet" && !starts_with(&path, b"%PDF-") {
                problems.push(file_problem(entry.row, &column, "not-pdf", relative));
            }
        }
    }
    problems
}

fn starts_with(path: &Path, magic: &[u8]) -> bool {
    use std::io::Read;
    let mut head = vec![0u8; magic.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == magic
}

async fn plan(
    store: &Store,
    folder: &Path,
    entries: Vec<ManifestEntry>,
) -> anyhow::Result<Vec<Planned>> {
    let mut plan = Vec::new();
    for entry in entries {
        let existing = store.catalog().capsule_by_ref(&entry.reference).await?;
        let video = folder.join(&entry.video);
        let video_bytes = std::fs::metadata(&video)?.len();
        let video_sha256 = sha256_of(&video).await?;
        let video_known = match &existing {
            Some(capsule) => store
                .media_jobs()
                .media_of_capsule(capsule.id)
                .await?
                .iter()
                .any(|v| v.source_sha256 == video_sha256 && v.status != MediaStatus::Failed),
            None => false,
        };
        plan.push(Planned {
            entry,
            existing,
            video,
            video_bytes,
            video_sha256,
            video_known,
        });
    }
    Ok(plan)
}

fn print_plan(manifest: &Path, plan: &[Planned]) {
    println!("{}: {} capsule(s)", manifest.display(), plan.len());
    for p in plan {
        let capsule = match &p.existing {
            None => "new capsule",
            Some(c) if same_fields(c, &p.entry.capsule) => "capsule unchanged",
            Some(_) => "capsule updated",
        };
        let video = if p.video_known {
            "video unchanged".to_string()
        } else {
            format!("new video ({:.1} MB)", p.video_bytes as f64 / 1_000_000.0)
        };
        println!(
            "  row {:<4} {:<24} {capsule}, {video}",
            p.entry.row, p.entry.reference
        );
    }
}

fn same_fields(capsule: &Capsule, fields: &ValidCapsule) -> bool {
    capsule.title_ar == fields.title_ar
        && capsule.title_fr == fields.title_fr
        && capsule.description_ar == fields.description_ar
        && capsule.description_fr == fields.description_fr
        && capsule.language == fields.language
        && capsule.teacher == fields.teacher
        && capsule.tags == fields.tags
}

async fn apply(
    store: &Store,
    storage: &MediaStorage,
    folder: &Path,
    planned: &Planned,
) -> anyhow::Result<()> {
    let entry = &planned.entry;
    let titles = |pair: &manifest::TitlePair| Titles {
        ar: pair.ar.clone(),
        fr: pair.fr.clone(),
    };
    let (unit, _) = store
        .catalog()
        .find_or_create_unit(&entry.level, &entry.subject, &titles(&entry.unit))
        .await?;
    let (lesson, _) = store
        .catalog()
        .find_or_create_lesson(unit.id, &titles(&entry.lesson))
        .await?;
    let capsule = match &planned.existing {
        None => {
            store
                .catalog()
                .create_capsule(&NewCapsule {
                    lesson_id: lesson.id,
                    fields: entry.capsule.clone(),
                    school_id: None,
                    external_ref: Some(entry.reference.clone()),
                    created_by: None,
                })
                .await?
        }
        Some(c) if same_fields(c, &entry.capsule) && c.lesson_id == lesson.id => c.clone(),
        Some(c) => {
            store
                .catalog()
                .update_capsule(c.id, lesson.id, &entry.capsule, c.school_id)
                .await?
        }
    };
    if !planned.video_known {
        let name = Path::new(&entry.video)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("video")
            .to_string();
        ingest_source(
            storage,
            store,
            &Source {
                capsule_id: capsule.id,
                created_by: None,
                name,
                path: planned.video.clone(),
                bytes: planned.video_bytes,
                sha256: Some(planned.video_sha256.clone()),
            },
        )
        .await?;
    }
    for (language, relative) in &entry.subtitles {
        attach_file(
            store,
            storage,
            &capsule,
            FileKind::Subtitles,
            *language,
            &folder.join(relative),
        )
        .await?;
    }
    if let Some(worksheet) = &entry.worksheet {
        attach_file(
            store,
            storage,
            &capsule,
            FileKind::Worksheet,
            entry.capsule.language,
            &folder.join(worksheet),
        )
        .await?;
    }
    if entry.publish {
        store.catalog().publish_when_ready(capsule.id).await?;
    }
    Ok(())
}

/// Attaches a file unless the capsule already has one of the same kind, language and bytes.
async fn attach_file(
    store: &Store,
    storage: &MediaStorage,
    capsule: &Capsule,
    kind: FileKind,
    language: Locale,
    path: &Path,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    for existing in store.catalog().capsule_files(capsule.id).await? {
        if existing.kind == kind && existing.language == language {
            let stored = storage.get_bytes(&existing.object_key).await?;
            if stored.as_ref() == bytes.as_slice() {
                return Ok(());
            }
        }
    }
    let transcript = match kind {
        FileKind::Subtitles => Some(vtt::transcript(
            &vtt::parse(&bytes).map_err(|e| anyhow::anyhow!("{e}"))?,
        )),
        FileKind::Worksheet => None,
    };
    let id = lawha_core::new_id();
    let extension = if kind == FileKind::Subtitles {
        "vtt"
    } else {
        "pdf"
    };
    let key = format!("capsules/{}/files/{id}.{extension}", capsule.id);
    let size = bytes.len() as i64;
    storage.put_bytes(&key, bytes.into()).await?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file")
        .to_string();
    let replaced = store
        .catalog()
        .add_capsule_file(&NewCapsuleFile {
            id,
            capsule_id: capsule.id,
            kind,
            language,
            name,
            object_key: key,
            bytes: size,
            transcript,
        })
        .await?;
    for old in replaced {
        storage.delete(&old).await?;
    }
    Ok(())
}
