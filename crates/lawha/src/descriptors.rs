//! The process's open-files limit, and how many connections fit under it.
//!
//! Every connection is a file descriptor, and one streaming media also holds the file it
//! reads. When they run out, `accept` fails, and so do the database, the search index and
//! the media store: the whole node stops answering. So the server raises its soft limit as
//! far as the hard limit allows, then serves at most the connections that fit below it.

use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};

/// Descriptors kept for everything but client connections: the database pools (three files
/// per SQLite connection), the search index, logs, ffmpeg's pipes, media workers.
const RESERVE: u64 = 128;

/// The cap when the limit allows more: the kept-alive phones one node is sized for (14–16 KiB
/// of memory each, bench/RESULTS.md); past it, another node helps more than more sockets.
pub const MAX_CONNECTIONS: usize = 100_000;

/// Raises the soft limit on open files to the hard limit; returns the soft limit in force
/// afterwards (`None` when unlimited).
pub fn raise_open_files_limit() -> Option<u64> {
    let limit = getrlimit(Resource::Nofile);
    let soft = limit.current?;
    let Some(hard) = limit.maximum.filter(|&hard| hard > soft) else {
        return Some(soft);
    };
    let raised = Rlimit {
        current: Some(hard),
        maximum: Some(hard),
    };
    match setrlimit(Resource::Nofile, raised) {
        Ok(()) => Some(hard),
        Err(e) => {
            tracing::warn!(error = %e, soft, hard, "cannot raise the open-files limit");
            Some(soft)
        }
    }
}

/// How many connections to serve at once under `open_files` descriptors: what is
/// `configured`, but never more than fit (half of what the reserve leaves, as a connection
/// may hold a file too); by default at most [`MAX_CONNECTIONS`].
pub fn connection_cap(configured: Option<usize>, open_files: Option<u64>) -> usize {
    let fit = open_files.map(|n| {
        let half = n.saturating_sub(RESERVE) / 2;
        usize::try_from(half).unwrap_or(usize::MAX).max(1)
    });
    let wanted = configured.unwrap_or(MAX_CONNECTIONS);
    fit.map_or(wanted, |fit| wanted.min(fit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_descriptor_limit() {
        assert_eq!(connection_cap(None, Some(2048)), 960);
        assert_eq!(connection_cap(None, Some(1024)), 448);
        assert_eq!(connection_cap(None, Some(1 << 20)), MAX_CONNECTIONS);
        assert_eq!(connection_cap(None, None), MAX_CONNECTIONS);
        assert_eq!(connection_cap(Some(50), Some(2048)), 50);
        assert_eq!(
            connection_cap(Some(5000), Some(2048)),
            960,
            "lowered to fit"
        );
        assert_eq!(connection_cap(Some(50_000), None), 50_000);
        assert_eq!(connection_cap(None, Some(100)), 1, "never zero");
    }

    #[test]
    fn the_soft_limit_is_raised_to_the_hard_one() {
        let before = getrlimit(Resource::Nofile);
        let now = raise_open_files_limit();
        assert_eq!(now, before.maximum.or(before.current));
        assert_eq!(getrlimit(Resource::Nofile).current, now);
    }
}
