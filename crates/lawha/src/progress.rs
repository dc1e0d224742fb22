//! Progress bars with an estimated time left for long media jobs on the command line
//! (indicatif); drawn only on a terminal, silent in logs and pipes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use lawha_media::worker::{Observer, WorkerEvent};
use uuid::Uuid;

/// Steps of a bar: fine enough for a smooth ETA.
const STEPS: u64 = 1000;

#[derive(Clone)]
pub struct Bars {
    multi: MultiProgress,
    bars: Arc<Mutex<HashMap<Uuid, ProgressBar>>>,
}

impl Bars {
    pub fn new() -> Bars {
        Bars {
            multi: MultiProgress::new(),
            bars: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn style() -> ProgressStyle {
        ProgressStyle::with_template("{prefix:>10} {msg:30!} [{bar:30}] {percent:>3}% ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ")
    }

    /// A bar for a task of `total` units (bytes to copy, say).
    pub fn bar(&self, prefix: &str, message: &str, total: u64) -> ProgressBar {
        let bar = self.multi.add(ProgressBar::new(total.max(1)));
        bar.set_style(Self::style());
        bar.set_prefix(prefix.to_string());
        bar.set_message(message.to_string());
        bar
    }

    /// Draws one bar per media job from a worker's events.
    pub fn observer(&self) -> Observer {
        let bars = self.clone();
        Arc::new(move |event| bars.on_event(event))
    }

    fn on_event(&self, event: WorkerEvent) {
        let Ok(mut bars) = self.bars.lock() else {
            return;
        };
        match event {
            WorkerEvent::Started { job, kind, name } => {
                let bar = self.bar(kind.as_str(), &name, STEPS);
                bars.insert(job, bar);
            }
            WorkerEvent::Progress { job, fraction } => {
                if let Some(bar) = bars.get(&job) {
                    bar.set_position((fraction.clamp(0.0, 1.0) * STEPS as f64) as u64);
                }
            }
            WorkerEvent::Finished { job, ok, detail } => {
                if let Some(bar) = bars.remove(&job) {
                    if ok {
                        bar.finish_with_message("done");
                    } else {
                        bar.abandon_with_message(format!("failed: {detail}"));
                    }
                }
            }
        }
    }

    pub fn finish(&self) {
        let _ = self.multi.clear();
    }
}
