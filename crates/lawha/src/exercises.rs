//! `lawha exercises import`: a Moodle GIFT or Moodle XML file becomes an exercise set of a
//! lesson, all questions or none.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use lawha_core::exercise::gift;
use lawha_core::exercise::questions::parse_question_file_skipping;
use lawha_store::catalog::curriculum::Titles;
use lawha_store::learning::exercises::{NewExerciseSet, SetMode};
use lawha_store::{Store, StoreError};
use uuid::Uuid;

use crate::config::{Config, ConfigArgs};
use crate::server::{open, open_existing};

#[derive(Debug, Subcommand)]
pub enum ExercisesCommand {
    /// Import a Moodle GIFT or Moodle XML file as a new exercise set of a lesson.
    Import(ImportArgs),
}

impl ExercisesCommand {
    pub fn config(&self) -> &ConfigArgs {
        match self {
            ExercisesCommand::Import(a) => &a.config,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// The lesson the set belongs to (its id, as shown in the lesson page's address).
    #[arg(long)]
    lesson: Uuid,
    /// Title of the set in Arabic.
    #[arg(long, default_value = "")]
    title_ar: String,
    /// Title of the set in French.
    #[arg(long, default_value = "")]
    title_fr: String,
    /// practice (answer as often as wanted) or quiz (limited attempts).
    #[arg(long, default_value = "practice", value_parser = ["practice", "quiz"])]
    mode: String,
    /// For quizzes: answers allowed per question.
    #[arg(long)]
    max_attempts: Option<i32>,
    /// The GIFT or Moodle XML file (UTF-8; the format is recognised from the content).
    file: PathBuf,
    /// Only check the file and list its questions; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import the supported questions and list, by line and type, those of a type Lawha
    /// has no item for (an essay), instead of refusing the whole file.
    #[arg(long)]
    skip_unsupported: bool,
}

fn refuse(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("lawha: {message}");
    ExitCode::from(2)
}

pub async fn run(command: ExercisesCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let ExercisesCommand::Import(args) = command;
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => return Ok(refuse(format!("cannot read {}: {e}", args.file.display()))),
    };
    let (questions, skipped) = match parse_question_file_skipping(&bytes, args.skip_unsupported) {
        Ok((_, q, _)) if q.is_empty() => {
            return Ok(refuse(format!(
                "{}: no question found",
                args.file.display()
            )))
        }
        Ok((_, q, skipped)) => (q, skipped),
        Err(e) if e.code == "unsupported-type" => {
            return Ok(refuse(format!(
                "{}: {e} — nothing was imported (--skip-unsupported imports the other questions)",
                args.file.display()
            )))
        }
        Err(e) => {
            return Ok(refuse(format!(
                "{}: {e} — nothing was imported",
                args.file.display()
            )))
        }
    };
    for s in &skipped {
        println!(
            "  line {:>5}  skipped: question type '{}' is not supported",
            s.line, s.kind
        );
    }
    for q in &questions {
        println!(
            "  line {:>5}  {:<16} {}",
            q.line,
            q.item.kind.name(),
            q.title.as_deref().unwrap_or(&q.item.prompt)
        );
    }
    println!(
        "{}: {} questions, {} skipped.",
        args.file.display(),
        questions.len(),
        skipped.len()
    );
    // A dry run only reads: it neither creates nor migrates the database.
    let store = if args.dry_run {
        open_existing(config).await?
    } else {
        open(config).await?
    };
    let outcome = import(&store, &args, questions).await;
    store.close().await;
    outcome
}

async fn import(
    store: &Store,
    args: &ImportArgs,
    questions: Vec<gift::ParsedQuestion>,
) -> anyhow::Result<ExitCode> {
    match store.catalog().lesson(args.lesson).await {
        Ok(_) => {}
        Err(StoreError::NotFound) => {
            return Ok(refuse(format!("no lesson with id {}", args.lesson)))
        }
        Err(e) => return Err(e.into()),
    }
    if args.dry_run {
        println!("Dry run: nothing was changed.");
        return Ok(ExitCode::SUCCESS);
    }
    let new = NewExerciseSet {
        lesson_id: args.lesson,
        titles: Titles {
            ar: args.title_ar.clone(),
            fr: args.title_fr.clone(),
        },
        mode: SetMode::parse(&args.mode).unwrap_or(SetMode::Practice),
        max_attempts: args.max_attempts,
        created_by: None,
    };
    let items: Vec<_> = questions.into_iter().map(|q| q.item).collect();
    // The set and its items in one transaction: a failure leaves no empty set behind.
    let set = match store
        .catalog()
        .create_exercise_set_with_items(&new, &items)
        .await
    {
        Ok(set) => set,
        Err(StoreError::Invalid { field, error }) => {
            return Ok(refuse(format!("{field}: {}", error.code)))
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "Created exercise set {} with {} questions.",
        set.id,
        items.len()
    );
    Ok(ExitCode::SUCCESS)
}
