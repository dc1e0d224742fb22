//! A load generator that plays a pupil's journey through Lawha with many virtual pupils at
//! once (`bench/fleet.sh` runs it against three nodes behind a balancer): sign in, home,
//! a lesson, a capsule page and its first HLS segments, then the items of an exercise set
//! answered one by one, with think times between steps.
//!
//!   cargo run --release -p lawha --example journey -- \
//!     --base http://127.0.0.1:8080 --accounts lawha-demo/demo-accounts.json \
//!     --pupils 200 --seconds 60 --summary journey.json --acknowledged acked.txt
//!
//! Pupils sign in with the demo's pupil accounts, several virtual pupils per account, each
//! with its own session. The summary (JSON) gives per request kind the count, failures and
//! p50/p99 latency, the answered and failed requests of every second, and the failure
//! bursts; the acknowledged file lists the event id of every answer the platform
//! acknowledged, which must all be in the database afterwards.

mod browser;
mod page;
mod pupil;
mod stats;

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use serde::Deserialize;

use crate::browser::Browser;
use crate::pupil::Pupil;
use crate::stats::Stats;

#[derive(Debug, Parser)]
#[command(about = "Plays a pupil's journey through Lawha with many virtual pupils.")]
struct Args {
    /// The platform's address (the balancer's).
    #[arg(long)]
    base: String,
    /// The demo's accounts (`demo-accounts.json` in its data directory).
    #[arg(long)]
    accounts: PathBuf,
    /// The catalog page whose lessons, capsules and sets the pupils visit.
    #[arg(long, default_value = "/curriculum/1AC/MATH")]
    catalog: String,
    /// Virtual pupils at once.
    #[arg(long, default_value_t = 100)]
    pupils: u64,
    /// How long to play, in seconds (ramp-up included).
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// The pupils start evenly spread over this many seconds.
    #[arg(long, default_value_t = 10)]
    ramp_up: u64,
    /// Mean pause between two steps, in milliseconds (uniform from 0 to twice this).
    #[arg(long, default_value_t = 1000)]
    think_ms: u64,
    /// Spread the pupils over this many loopback source addresses (127.1.0.1, 127.1.0.2, …),
    /// so that the balancer and the nodes see many clients, as in life; 0 lets the system
    /// choose (one address for all).
    #[arg(long, default_value_t = 0)]
    loopback_sources: u32,
    /// Rounds (home → lesson → capsule → set) between signing out and in again.
    #[arg(long, default_value_t = 5)]
    rounds_per_sign_in: u32,
    /// Where to write the summary (JSON).
    #[arg(long)]
    summary: PathBuf,
    /// Where to write the event ids of acknowledged answers, one a line.
    #[arg(long)]
    acknowledged: PathBuf,
}

/// A demo account, as `lawha demo` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct Account {
    pub role: String,
    pub login: String,
    pub password: String,
}

/// The pages the pupils pick from.
pub struct Catalog {
    pub lessons: Vec<String>,
    pub capsules: Vec<String>,
    pub sets: Vec<String>,
}

impl Catalog {
    /// Signs in as `account` and reads the catalog page and each of its lessons (not
    /// counted in the run's figures).
    async fn discover(base: &str, catalog: &str, account: &Account) -> Result<Catalog, String> {
        let unrecorded = Arc::new(Stats::new());
        let mut browser = Browser::new(base, None, unrecorded)?;
        let failed = |what: &str| format!("cannot read the catalog: {what} failed");
        let form = browser
            .get("discover", "/login")
            .await
            .map_err(|_| failed("GET /login"))?;
        let csrf = page::csrf(&form).ok_or_else(|| failed("reading the CSRF field"))?;
        let fields: Vec<(String, String)> = [
            ("csrf", csrf.as_str()),
            ("next", ""),
            ("identifier", account.login.as_str()),
            ("password", account.password.as_str()),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
        browser
            .post(
                "discover",
                "/login",
                &fields,
                &[reqwest::StatusCode::SEE_OTHER],
            )
            .await
            .map_err(|_| failed("signing in"))?;
        let html = browser
            .get("discover", catalog)
            .await
            .map_err(|_| failed(catalog))?;
        let lessons = leaf_links(&html, "/lessons/");
        let mut capsules = leaf_links(&html, "/capsules/");
        let mut sets = Vec::new();
        for lesson in &lessons {
            let html = browser
                .get("discover", lesson)
                .await
                .map_err(|_| failed(lesson))?;
            for found in leaf_links(&html, "/exercises/") {
                if !sets.contains(&found) {
                    sets.push(found);
                }
            }
            for found in leaf_links(&html, "/capsules/") {
                if !capsules.contains(&found) {
                    capsules.push(found);
                }
            }
        }
        if lessons.is_empty() || capsules.is_empty() || sets.is_empty() {
            return Err(format!(
                "{catalog} leads to {} lessons, {} capsules and {} exercise sets; the journey needs one of each",
                lessons.len(),
                capsules.len(),
                sets.len()
            ));
        }
        Ok(Catalog {
            lessons,
            capsules,
            sets,
        })
    }
}

/// The `index`-th address of 127.1.0.0/16 (every 127.0.0.0/8 address is the loopback),
/// skipping .0 and the top ones; 60,000 of them, then from the first again.
fn loopback_source(index: u32) -> IpAddr {
    let index = index % 60_000;
    let [_, _, high, low] = (index / 250 * 256 + index % 250 + 1).to_be_bytes();
    IpAddr::V4(Ipv4Addr::new(127, 1, high, low))
}

/// Links `PREFIX{id}` of a page, without deeper paths (`/lessons/{id}/sets/new`).
fn leaf_links(html: &str, prefix: &str) -> Vec<String> {
    page::links(html, prefix)
        .into_iter()
        .filter(|link| !link[prefix.len()..].contains('/'))
        .collect()
}

fn pupils(file: &PathBuf) -> Result<Vec<Account>, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let accounts: Vec<Account> = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a list of accounts: {e}", file.display()))?;
    let pupils: Vec<Account> = accounts.into_iter().filter(|a| a.role == "pupil").collect();
    if pupils.is_empty() {
        return Err(format!("{} has no pupil account", file.display()));
    }
    Ok(pupils)
}

async fn run(args: Args) -> Result<(), String> {
    let accounts = pupils(&args.accounts)?;
    let catalog = Arc::new(Catalog::discover(&args.base, &args.catalog, &accounts[0]).await?);
    println!(
        "journey: {} pupils on {} accounts for {} s; {} lessons, {} capsules, {} sets",
        args.pupils,
        accounts.len(),
        args.seconds,
        catalog.lessons.len(),
        catalog.capsules.len(),
        catalog.sets.len()
    );
    let stats = Arc::new(Stats::new());
    let started_unix_ms = unix_ms();
    let deadline = Duration::from_secs(args.seconds);
    let spacing =
        Duration::from_secs(args.ramp_up) / u32::try_from(args.pupils.max(1)).unwrap_or(u32::MAX);
    let mut tasks = Vec::new();
    for number in 0..args.pupils {
        let account = accounts[(number as usize) % accounts.len()].clone();
        let source = (args.loopback_sources > 0)
            .then(|| loopback_source((number % u64::from(args.loopback_sources)) as u32));
        let browser = Browser::new(&args.base, source, stats.clone())?;
        let pupil = Pupil::new(
            number,
            account,
            browser,
            catalog.clone(),
            stats.clone(),
            Duration::from_millis(args.think_ms),
            args.rounds_per_sign_in,
        );
        let start_after = spacing * u32::try_from(number).unwrap_or(u32::MAX);
        let clock = stats.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(start_after).await;
            // At the deadline a request under way is dropped unrecorded (an answer cut off
            // so is not acknowledged, whatever the server did with it).
            let left = deadline.saturating_sub(clock.elapsed());
            let _ = tokio::time::timeout(left, pupil.play(deadline)).await;
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let summary = stats.summary(stats.elapsed().as_secs_f64());
    let mut json = serde_json::to_value(&summary).map_err(|e| e.to_string())?;
    json["started_unix_ms"] = started_unix_ms.into();
    json["pupils"] = args.pupils.into();
    json["think_ms"] = args.think_ms.into();
    json["rounds_per_sign_in"] = args.rounds_per_sign_in.into();
    json["cpu_ticks"] = own_cpu_ticks().into();
    let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
    std::fs::write(&args.summary, text)
        .map_err(|e| format!("cannot write {}: {e}", args.summary.display()))?;
    let mut acknowledged = stats.acknowledged_ids().join("\n");
    acknowledged.push('\n');
    std::fs::write(&args.acknowledged, acknowledged)
        .map_err(|e| format!("cannot write {}: {e}", args.acknowledged.display()))?;
    println!(
        "journey: {} requests in {:.1} s ({:.0}/s), {} failed, {} answers acknowledged",
        summary.requests,
        summary.seconds,
        summary.requests_per_second,
        summary.failures,
        summary.answers_acknowledged
    );
    for (kind, k) in &summary.kinds {
        println!(
            "  {kind:<11} {:>8} requests {:>6} failed  p50 {:>7.1} ms  p99 {:>7.1} ms",
            k.requests, k.failures, k.p50_ms, k.p99_ms
        );
    }
    Ok(())
}

/// This process's CPU time so far in clock ticks (user + system, from /proc; 0 elsewhere):
/// the generator shares the machine with what it measures, so its share is reported.
fn own_cpu_ticks() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    field(11) + field(12)
}

fn unix_ms() -> u64 {
    // The summary's start time lets the caller place its own events (a node killed) on the
    // run's timeline; measuring is done with `Instant`.
    #[allow(clippy::disallowed_methods)]
    let now = std::time::SystemTime::now();
    now.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("journey: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_sources_are_distinct_host_addresses() {
        let found: Vec<String> = [0, 1, 249, 250, 59_999, 60_000]
            .map(|i| loopback_source(i).to_string())
            .into();
        assert_eq!(
            found,
            [
                "127.1.0.1",
                "127.1.0.2",
                "127.1.0.250",
                "127.1.1.1",
                "127.1.239.250",
                "127.1.0.1"
            ]
        );
    }

    #[test]
    fn leaf_links_leave_deeper_paths_out() {
        let html = r#"<a href="/lessons/1">a</a><a href="/lessons/1/sets/new">b</a>"#;
        assert_eq!(leaf_links(html, "/lessons/"), ["/lessons/1"]);
    }
}
