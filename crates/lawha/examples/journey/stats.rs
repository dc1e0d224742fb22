//! What the virtual pupils saw, kept per request kind (count, failures, latencies) and per
//! second of the run (answered and failed requests), and summed up at the end: p50/p99 per
//! kind, and the failure bursts — failures less than a second apart belong to one burst,
//! whose length is the time from its first failure to its last.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

/// Failures this close together count as one burst.
const BURST_GAP: Duration = Duration::from_secs(1);

/// Failure descriptions kept for the summary (the first ones, in time order): enough to
/// describe a node kill after a run of timeouts.
const KEPT_FAILURES: usize = 2_000;

#[derive(Default)]
struct Kind {
    latencies_us: Vec<u64>,
    failures: u64,
}

#[derive(Default)]
struct Recorded {
    kinds: BTreeMap<&'static str, Kind>,
    /// Per second since the start: (answered, failed).
    seconds: Vec<(u64, u64)>,
    /// Offsets of every failure since the start, and the first few described.
    failure_offsets: Vec<Duration>,
    failures: Vec<Failure>,
    acknowledged: Vec<String>,
    refused_answers: u64,
}

/// One failed request, for the summary.
#[derive(Clone, Serialize)]
pub struct Failure {
    pub at_s: f64,
    pub kind: &'static str,
    pub what: String,
}

/// The shared record of a run.
pub struct Stats {
    started: Instant,
    recorded: Mutex<Recorded>,
}

impl Stats {
    pub fn new() -> Stats {
        Stats {
            started: Instant::now(),
            recorded: Mutex::new(Recorded::default()),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Recorded) -> T) -> T {
        let mut recorded = match self.recorded.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut recorded)
    }

    /// A request of `kind` that began at `began` and ended now: `Ok` when it got the answer
    /// it expected, else why not.
    pub fn record(&self, kind: &'static str, began: Instant, outcome: Result<(), String>) {
        let now = Instant::now();
        let offset = now.saturating_duration_since(self.started);
        let second = offset.as_secs() as usize;
        let latency = now.saturating_duration_since(began);
        self.with(|r| {
            if r.seconds.len() <= second {
                r.seconds.resize(second + 1, (0, 0));
            }
            let entry = r.kinds.entry(kind).or_default();
            match outcome {
                Ok(()) => {
                    entry.latencies_us.push(latency.as_micros() as u64);
                    r.seconds[second].0 += 1;
                }
                Err(what) => {
                    entry.failures += 1;
                    r.seconds[second].1 += 1;
                    r.failure_offsets.push(offset);
                    if r.failures.len() < KEPT_FAILURES {
                        r.failures.push(Failure {
                            at_s: offset.as_secs_f64(),
                            kind,
                            what,
                        });
                    }
                }
            }
        });
    }

    /// An answer the platform acknowledged (it must be stored).
    pub fn acknowledged(&self, event_id: &str) {
        self.with(|r| r.acknowledged.push(event_id.to_string()));
    }

    /// An answer the platform refused for a reason of the exercise's (a quiz's attempts used
    /// up by the other virtual pupils of the same account): not a failure, not stored.
    pub fn refused_answer(&self) {
        self.with(|r| r.refused_answers += 1);
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The acknowledged answers' event ids.
    pub fn acknowledged_ids(&self) -> Vec<String> {
        self.with(|r| r.acknowledged.clone())
    }

    pub fn summary(&self, seconds: f64) -> Summary {
        self.with(|r| {
            let mut kinds = BTreeMap::new();
            let mut requests = 0;
            let mut failures = 0;
            for (name, kind) in &mut r.kinds {
                kind.latencies_us.sort_unstable();
                let ok = kind.latencies_us.len() as u64;
                requests += ok + kind.failures;
                failures += kind.failures;
                kinds.insert(
                    *name,
                    KindSummary {
                        requests: ok + kind.failures,
                        failures: kind.failures,
                        p50_ms: percentile_ms(&kind.latencies_us, 0.50),
                        p99_ms: percentile_ms(&kind.latencies_us, 0.99),
                    },
                );
            }
            r.failure_offsets.sort_unstable();
            Summary {
                seconds,
                requests,
                failures,
                requests_per_second: requests as f64 / seconds.max(f64::EPSILON),
                kinds,
                per_second: r.seconds.clone(),
                bursts: bursts(&r.failure_offsets),
                failures_described: r.failures.clone(),
                answers_acknowledged: r.acknowledged.len() as u64,
                answers_refused: r.refused_answers,
            }
        })
    }
}

/// Per kind of request.
#[derive(Serialize)]
pub struct KindSummary {
    pub requests: u64,
    pub failures: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// A run of failures less than [`BURST_GAP`] apart.
#[derive(Debug, PartialEq, Serialize)]
pub struct Burst {
    pub from_s: f64,
    pub to_s: f64,
    pub failures: u64,
}

/// The whole run, as written to the summary file.
#[derive(Serialize)]
pub struct Summary {
    pub seconds: f64,
    pub requests: u64,
    pub failures: u64,
    pub requests_per_second: f64,
    pub kinds: BTreeMap<&'static str, KindSummary>,
    /// Per second since the start: [answered, failed].
    pub per_second: Vec<(u64, u64)>,
    pub bursts: Vec<Burst>,
    pub failures_described: Vec<Failure>,
    pub answers_acknowledged: u64,
    pub answers_refused: u64,
}

fn percentile_ms(sorted_us: &[u64], q: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let rank = ((sorted_us.len() as f64 * q).ceil() as usize).clamp(1, sorted_us.len());
    sorted_us[rank - 1] as f64 / 1000.0
}

fn bursts(sorted: &[Duration]) -> Vec<Burst> {
    let mut bursts: Vec<Burst> = Vec::new();
    let mut last: Option<Duration> = None;
    for &at in sorted {
        let at_s = at.as_secs_f64();
        match (bursts.last_mut(), last) {
            (Some(burst), Some(previous)) if at - previous < BURST_GAP => {
                burst.to_s = at_s;
                burst.failures += 1;
            }
            _ => bursts.push(Burst {
                from_s: at_s,
                to_s: at_s,
                failures: 1,
            }),
        }
        last = Some(at);
    }
    bursts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_less_than_a_second_apart_are_one_burst() {
        let ms = Duration::from_millis;
        let found = bursts(&[ms(1000), ms(1500), ms(2400), ms(3500), ms(9000)]);
        let spans: Vec<(f64, f64, u64)> = found
            .iter()
            .map(|b| (b.from_s, b.to_s, b.failures))
            .collect();
        assert_eq!(spans, [(1.0, 2.4, 3), (3.5, 3.5, 1), (9.0, 9.0, 1)]);
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let sorted: Vec<u64> = (1..=100).map(|ms| ms * 1000).collect();
        assert_eq!(percentile_ms(&sorted, 0.50), 50.0);
        assert_eq!(percentile_ms(&sorted, 0.99), 99.0);
        assert_eq!(percentile_ms(&[], 0.99), 0.0);
    }
}
