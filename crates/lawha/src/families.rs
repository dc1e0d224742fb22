//! `lawha families weekly`: queues this week's summary for every parent due one now,
//! whatever the day (`lawha serve` does it by itself at `weekly_summary_day` and
//! `weekly_summary_hour`). A parent's summary is queued once a week however often this
//! runs; the outbox worker of `lawha serve` sends the messages.

use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::config::{Config, ConfigArgs};
use crate::server::{open, weekly_settings};

#[derive(Debug, Subcommand)]
pub enum FamiliesCommand {
    /// Queue this week's summary e-mail for every parent who has not had it.
    Weekly(WeeklyArgs),
}

#[derive(Debug, Args)]
pub struct WeeklyArgs {
    #[command(flatten)]
    config: ConfigArgs,
}

impl FamiliesCommand {
    pub fn config(&self) -> &ConfigArgs {
        let FamiliesCommand::Weekly(args) = self;
        &args.config
    }
}

pub async fn run(command: FamiliesCommand, config: &Config) -> anyhow::Result<ExitCode> {
    let FamiliesCommand::Weekly(_) = command;
    if config.mail.is_none() {
        eprintln!("lawha: mail is off (no smtp_host): the summaries could not be sent");
        return Ok(ExitCode::from(2));
    }
    let store = open(config).await?;
    let now = store.clock().now();
    let run =
        lawha_web::families::weekly::queue_week(&store, &weekly_settings(config), now).await?;
    println!(
        "{} summaries queued ({} already queued this week by another run)",
        run.queued, run.already
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
