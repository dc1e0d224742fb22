//! `lawha generate`: a synthetic national dataset — schools in every region, classes at
//! every level, pupils and weeks of their activity, folded into the dashboards' rollups —
//! for load tests, benches and trying the dashboards at scale. Generated pupils cannot sign
//! in. Sizes are configurable; a progress bar shows how far it is.

use std::process::ExitCode;

use clap::Args;
use lawha_seed::synthetic::{self, SyntheticConfig};

use crate::config::{Config, ConfigArgs};
use crate::progress::Bars;
use crate::server::open;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Pupils to create.
    #[arg(long, default_value_t = 10_000)]
    pupils: usize,
    /// Pupils per class.
    #[arg(long, default_value_t = 30)]
    class_size: usize,
    /// Classes per school.
    #[arg(long, default_value_t = 6)]
    classes_per_school: usize,
    /// Days of activity, ending today.
    #[arg(long, default_value_t = 30)]
    days: i64,
    /// Events (answers and watching) a pupil makes on a day they are active.
    #[arg(long, default_value_t = 6)]
    events_per_day: usize,
    /// Seed of the random choices (the same seed gives the same dataset, ids aside).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Prefix of the generated schools' codes; use another one to add a second dataset.
    #[arg(long, default_value = "GEN")]
    prefix: String,
}

pub async fn run(args: GenerateArgs, config: &Config) -> anyhow::Result<ExitCode> {
    if args.pupils == 0 || args.class_size == 0 || args.classes_per_school == 0 || args.days < 1 {
        eprintln!(
            "lawha: --pupils, --class-size, --classes-per-school and --days must be at least 1"
        );
        return Ok(ExitCode::from(2));
    }
    let prefix: String = args.prefix.to_uppercase();
    if prefix.is_empty() || prefix.len() > 8 || !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        eprintln!("lawha: --prefix must be 1 to 8 letters or digits");
        return Ok(ExitCode::from(2));
    }
    let store = open(config).await?;
    if store
        .org()
        .province_by_code(&format!("{prefix}-P01"))
        .await
        .is_ok()
    {
        eprintln!("lawha: a dataset with prefix {prefix} exists already; choose another --prefix");
        return Ok(ExitCode::from(2));
    }
    let synthetic = SyntheticConfig {
        pupils: args.pupils,
        pupils_per_class: args.class_size,
        classes_per_school: args.classes_per_school,
        days: args.days,
        events_per_active_day: args.events_per_day,
        seed: args.seed,
        code_prefix: prefix,
        join_classes: Vec::new(),
    };
    let bars = Bars::new();
    let bar = bars.bar("generate", &format!("{} pupils", args.pupils), 1000);
    let started = std::time::Instant::now();
    let report = synthetic::generate(&store, &synthetic, config.time_zone, |share| {
        bar.set_position((share * 1000.0) as u64)
    })
    .await?;
    bar.finish_with_message("done");
    println!(
        "Generated {} schools, {} classes, {} pupils and {} events in {:.0} s (rollups folded).",
        report.schools,
        report.classes,
        report.pupils,
        report.events,
        started.elapsed().as_secs_f64()
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
