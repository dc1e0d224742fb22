//! `lawha`: the Lawha distance-learning platform in one program — the web server, the demo,
//! database migrations and account administration from the command line.

mod accounts;
mod capacity;
mod capsules;
mod config;
mod connections;
mod descriptors;
mod exercises;
mod families;
mod generate;
mod head_wait;
mod live;
mod live_janus;
mod logging;
mod media;
mod node;
mod pack;
mod progress;
mod server;
mod stall;
mod sync;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{Config, ConfigArgs};

/// Where `lawha demo` keeps its data unless told otherwise (apart from real data).
const DEMO_DATA_DIR: &str = "./lawha-demo";

#[derive(Debug, Parser)]
#[command(
    name = "lawha",
    version,
    about = "Lawha: distance learning for every pupil, in Arabic and French.",
    long_about = "Lawha serves video lessons, exercises and follow-up for pupils, teachers, \
                  schools, regional academies and the ministry.\n\n\
                  Start with `lawha demo` to try it with sample data. Settings come from flags, \
                  LAWHA_* environment variables (e.g. LAWHA_LISTEN, LAWHA_DATABASE_URL) and an \
                  optional TOML file (--config), flags winning."
)]
struct Cli {
    /// Log format: text (readable) or json (for log collectors).
    #[arg(long, global = true, default_value = "text", value_parser = ["text", "json"])]
    log_format: String,
    #[command(subcommand)]
    command: Command,
}

// Parsed once at start-up: the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web platform.
    Serve(ConfigArgs),
    /// Create a demo database with sample schools, classes and accounts, print the accounts
    /// and serve it (data in ./lawha-demo unless --data-dir says otherwise).
    // The shared flag's help names the other commands' default; the demo's is its own.
    #[command(mut_arg("data_dir", |arg| arg.help(format!(
        "Directory for the demo's database and media [default: {DEMO_DATA_DIR}]"
    ))))]
    Demo(ConfigArgs),
    /// Create or update the database tables, then exit.
    Migrate(ConfigArgs),
    /// Manage accounts: add one, or import pupils, teachers or classes from CSV.
    #[command(subcommand)]
    User(accounts::UserCommand),
    /// Manage exercises: import a Moodle GIFT or XML file as an exercise set of a lesson.
    #[command(subcommand)]
    Exercises(exercises::ExercisesCommand),
    /// Manage capsules: import a catalog manifest (CSV or JSON) with its videos.
    #[command(subcommand)]
    Capsules(capsules::CapsulesCommand),
    /// Generate a synthetic national dataset (schools, pupils, weeks of activity) for load
    /// tests and the dashboards.
    Generate(generate::GenerateArgs),
    /// Process queued videos now, with progress bars.
    #[command(subcommand)]
    Media(media::MediaCommand),
    /// Families: send parents their children's weekly summary now.
    #[command(subcommand)]
    Families(families::FamiliesCommand),
    /// Live sessions: make their recordings draft capsules.
    #[command(subcommand)]
    Live(live::LiveCommand),
    /// Maintain the capsule search index.
    #[command(subcommand)]
    Search(media::SearchCommand),
    /// Offline packs: make the platform's key, build a pack, verify or import one.
    #[command(subcommand)]
    Pack(pack::PackCommand),
    /// Set up a school node.
    #[command(subcommand)]
    Node(node::NodeCommand),
    /// Sync with school nodes: pushing a node's work to the platform, return files (export
    /// on a node, import on the platform), and registering, revoking and listing nodes.
    #[command(subcommand)]
    Sync(sync::SyncCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    logging::init(&cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lawha: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(cli.command))
}

/// Exit statuses: 0 success, 1 failure while working, 2 bad configuration or input.
async fn run(command: Command) -> ExitCode {
    let (args, default_dir) = match &command {
        Command::Serve(a) | Command::Migrate(a) => (a.clone(), "./lawha-data"),
        Command::Demo(a) => (a.clone(), DEMO_DATA_DIR),
        Command::User(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Exercises(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Media(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Capsules(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Generate(a) => (a.config.clone(), "./lawha-data"),
        Command::Search(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Live(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Families(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Pack(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Node(sub) => (sub.config().clone(), "./lawha-data"),
        Command::Sync(sub) => (sub.config().clone(), "./lawha-data"),
    };
    let config = match Config::load(&args, default_dir) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("lawha: {e}");
            return ExitCode::from(2);
        }
    };
    let outcome = match command {
        Command::Serve(_) => server::serve(&config).await,
        Command::Demo(_) => server::demo(&config).await,
        Command::Migrate(_) => server::migrate(&config).await,
        Command::User(sub) => accounts::run(sub, &config).await,
        Command::Exercises(sub) => exercises::run(sub, &config).await,
        Command::Media(sub) => media::run(sub, &config).await,
        Command::Capsules(sub) => capsules::run(sub, &config).await,
        Command::Generate(args) => generate::run(args, &config).await,
        Command::Search(sub) => media::run_search(sub, &config).await,
        Command::Live(sub) => live::run(sub, &config).await,
        Command::Families(sub) => families::run(sub, &config).await,
        Command::Pack(sub) => pack::run(sub, &config).await,
        Command::Node(sub) => node::run(sub, &config).await,
        Command::Sync(sub) => sync::run(sub, &config).await,
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lawha: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn help_of(subcommand: &str) -> String {
        let mut cli = Cli::command();
        cli.build();
        let found = cli.find_subcommand_mut(subcommand);
        found
            .map(|c| c.render_help().to_string())
            .unwrap_or_default()
    }

    #[test]
    fn each_command_states_the_data_directory_it_uses() {
        let demo = help_of("demo");
        assert!(demo.contains("[default: ./lawha-demo]"), "{demo}");
        assert!(!demo.contains("./lawha-data"), "{demo}");
        let serve = help_of("serve");
        assert!(serve.contains("[default: ./lawha-data]"), "{serve}");
    }
}
