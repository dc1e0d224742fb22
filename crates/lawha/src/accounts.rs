//! `lawha user add` and `lawha user import`: account administration from the command
//! line, acting with national authority (whoever runs the binary owns the database). On a
//! school node (`node_school` set) neither creates accounts: they are made on the platform.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use lawha_core::import::{self, ImportKind, RowError};
use lawha_core::role::{Grant, ScopeKind};
use lawha_core::{password, Locale, Role, Scope};
use lawha_store::accounts::import::RowAction;
use lawha_store::{NewUser, Store, StoreError};

use crate::config::{Config, ConfigArgs};
use crate::server::{open, open_existing};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create one account with one role.
    Add(AddArgs),
    /// Import classes, pupils or teachers from a CSV file (all rows or none).
    Import(ImportArgs),
}

impl UserCommand {
    /// Whether the command may create accounts: `add`, and imports of pupils or teachers
    /// (they create the accounts they do not find).
    fn makes_accounts(&self) -> bool {
        match self {
            UserCommand::Add(_) => true,
            UserCommand::Import(args) => args.kind != "classes",
        }
    }

    pub fn config(&self) -> &ConfigArgs {
        match self {
            UserCommand::Add(a) => &a.config,
            UserCommand::Import(a) => &a.config,
        }
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// Full name as it should appear, e.g. "Yasmine El Idrissi".
    #[arg(long)]
    name: String,
    /// E-mail address to sign in with (staff, parents).
    #[arg(long, conflicts_with = "pupil_code")]
    email: Option<String>,
    /// School-issued code to sign in with (pupils, trainees).
    #[arg(long)]
    pupil_code: Option<String>,
    /// Role: pupil, parent, teacher, vocational_trainer, trainee, school_admin,
    /// regional_admin, ministry_admin, volunteer_tutor, producer or support_agent.
    #[arg(long)]
    role: String,
    /// Region code (01 to 12) for regional roles.
    #[arg(long)]
    region: Option<String>,
    /// School code for school roles (and, with --class, class roles).
    #[arg(long)]
    school: Option<String>,
    /// Class name within --school, for pupils and trainees.
    #[arg(long, requires = "school")]
    class: Option<String>,
    /// School year of --class, e.g. 2025-2026.
    #[arg(long, requires = "class")]
    year: Option<String>,
    /// Interface language: ar or fr.
    #[arg(long)]
    language: Option<String>,
    /// Initial password; without it one is generated, printed once, and must be changed
    /// at first sign-in.
    #[arg(long)]
    password: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// What the file holds: classes, pupils or teachers.
    #[arg(value_parser = ["classes", "pupils", "teachers"])]
    kind: String,
    /// The CSV file (comma or semicolon separated, UTF-8, French or English headers).
    file: PathBuf,
    /// Only check the file and show what would change; change nothing.
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(command: UserCommand, config: &Config) -> anyhow::Result<ExitCode> {
    if config.node_school.is_some() && command.makes_accounts() {
        return Ok(refuse(
            "this is a school node: accounts are made on the platform and arrive here with \
             the next pack or sync (an account made on a node would be unknown to the \
             platform, and its changes set aside there)",
        ));
    }
    // A dry run only reads: it neither creates nor migrates the database.
    let dry_run = matches!(&command, UserCommand::Import(a) if a.dry_run);
    let store = if dry_run {
        open_existing(config).await?
    } else {
        open(config).await?
    };
    let code = match command {
        UserCommand::Add(args) => add(&store, args).await?,
        UserCommand::Import(args) => import_file(&store, args).await?,
    };
    store.close().await;
    Ok(code)
}

/// Bad input: said in one line, exit status 2.
fn refuse(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("lawha: {message}");
    ExitCode::from(2)
}

async fn add(store: &Store, args: AddArgs) -> anyhow::Result<ExitCode> {
    let Some(role) = Role::parse(&args.role) else {
        return Ok(refuse(format!("unknown role {:?}", args.role)));
    };
    let locale = match args.language.as_deref().map(Locale::parse) {
        None => None,
        Some(Some(l)) => Some(l),
        Some(None) => return Ok(refuse("--language must be ar or fr")),
    };
    let scope = match scope_of(store, &args).await? {
        Ok(scope) => scope,
        Err(message) => return Ok(refuse(message)),
    };
    let Ok(grant) = Grant::new(role, scope) else {
        let kinds: Vec<&str> = role
            .allowed_scopes()
            .iter()
            .map(|k| scope_flag(*k))
            .collect();
        return Ok(refuse(format!(
            "the role {} is given with {}",
            role.as_str(),
            kinds.join(" or ")
        )));
    };
    let generated = args.password.is_none();
    let plain = args.password.clone().unwrap_or_else(password::generate);
    let new = NewUser {
        display_name: args.name.clone(),
        email: args.email.clone(),
        pupil_code: args.pupil_code.clone(),
        password: plain.clone(),
        locale,
        must_change_password: generated,
    };
    let user = match store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
    {
        Ok(user) => user,
        Err(StoreError::Invalid { field, error }) => {
            return Ok(refuse(format!("{field}: {}", error.code)))
        }
        Err(StoreError::Conflict(refusal)) => return Ok(refuse(refusal.code())),
        Err(StoreError::Taken(unique)) => return Ok(refuse(unique.code())),
        Err(e) => return Err(e).context("cannot create the account"),
    };
    println!(
        "Created {} ({}) as {}.",
        user.display_name,
        user.login(),
        role.as_str()
    );
    if generated {
        println!("One-time password (to change at first sign-in): {plain}");
    }
    Ok(ExitCode::SUCCESS)
}

fn scope_flag(kind: ScopeKind) -> &'static str {
    match kind {
        ScopeKind::National => "no place (national)",
        ScopeKind::Region => "--region",
        ScopeKind::School => "--school",
        ScopeKind::Class => "--school, --class and --year",
    }
}

/// The scope the flags name: the narrowest one given.
async fn scope_of(store: &Store, args: &AddArgs) -> anyhow::Result<Result<Scope, String>> {
    if let Some(code) = &args.school {
        let school = match store.org().school_by_code(code).await {
            Ok(s) => s,
            Err(StoreError::NotFound) => return Ok(Err(format!("no school with code {code:?}"))),
            Err(e) => return Err(e.into()),
        };
        let Some(class_name) = &args.class else {
            return Ok(Ok(school.scope()));
        };
        let Some(year) = &args.year else {
            return Ok(Err("--class needs --year, e.g. --year 2025-2026".into()));
        };
        return Ok(
            match store.org().find_class(school.id, year, class_name).await? {
                Some(class) => Ok(class.scope()),
                None => Err(format!(
                    "no class {class_name:?} for {year} in school {code}"
                )),
            },
        );
    }
    if let Some(code) = &args.region {
        return Ok(match store.org().region_by_code(code).await {
            Ok(region) => Ok(Scope::Region { region: region.id }),
            Err(StoreError::NotFound) => Err(format!("no region with code {code:?} (01 to 12)")),
            Err(e) => return Err(e.into()),
        });
    }
    Ok(Ok(Scope::National))
}

async fn import_file(store: &Store, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let Some(kind) = ImportKind::parse(&args.kind) else {
        return Ok(refuse(format!("unknown import kind {:?}", args.kind)));
    };
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => return Ok(refuse(format!("cannot read {}: {e}", args.file.display()))),
    };
    let parsed = match import::parse(kind, &bytes) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(report_errors(&args, &errors)),
    };
    let authority = [Grant {
        role: Role::MinistryAdmin,
        scope: Scope::National,
    }];
    let plan = store.accounts().plan_import(&parsed, &authority).await?;
    if !plan.errors.is_empty() {
        return Ok(report_errors(&args, &plan.errors));
    }
    for row in &plan.rows {
        let action = match row.action {
            RowAction::Create => "create",
            RowAction::Update => "update",
            RowAction::Unchanged => "unchanged",
        };
        println!("  row {:>5}  {:<9}  {}", row.row, action, row.label);
    }
    println!(
        "{}: {} to create, {} to update, {} unchanged{}.",
        args.file.display(),
        plan.count(RowAction::Create),
        plan.count(RowAction::Update),
        plan.count(RowAction::Unchanged),
        match plan.new_parents() {
            0 => String::new(),
            n => format!(", {n} parent accounts to create"),
        }
    );
    if args.dry_run {
        println!("Dry run: nothing was changed.");
        return Ok(ExitCode::SUCCESS);
    }
    let outcome = match store.accounts().apply_import(&parsed, &authority).await? {
        Ok(outcome) => outcome,
        Err(errors) => return Ok(report_errors(&args, &errors)),
    };
    println!(
        "Imported: {} created, {} updated, {} unchanged.",
        outcome.created, outcome.updated, outcome.unchanged
    );
    if !outcome.credentials.is_empty() {
        println!("\nNew accounts and their one-time passwords (shown only now):");
        println!("role,login,name,password");
        for c in &outcome.credentials {
            println!(
                "{},{},{},{}",
                c.role.as_str(),
                c.login,
                c.display_name,
                c.password
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn report_errors(args: &ImportArgs, errors: &[RowError]) -> ExitCode {
    eprintln!(
        "lawha: {} has {} problem(s); nothing was imported:",
        args.file.display(),
        errors.len()
    );
    for e in errors {
        eprintln!("  {e}");
    }
    ExitCode::from(2)
}
