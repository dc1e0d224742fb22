//! The connection cap, and making room under it.
//!
//! Each open connection holds a [`Place`]. At the cap a newcomer is not left waiting behind
//! the connections already open: the ones open longest (1/64 of the cap) are asked to close
//! — at once if idle (no request yet, or between requests, as the sockets of an idle flood
//! are), else after the request they are serving — and the newcomer takes a place freed. So a flood of idle
//! connections cannot keep out a load balancer's health check or a real user, and the
//! process never holds more than the cap plus the one connection waiting for room.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// How long to wait for the connections asked to close before asking the next ones too
/// (they may be serving requests).
const ROOM_WAIT: Duration = Duration::from_millis(50);

/// Open connections, oldest first, each with its request to close.
type Open = Arc<Mutex<BTreeMap<u64, Arc<Notify>>>>;

pub struct Capacity {
    max: usize,
    permits: Arc<Semaphore>,
    open: Open,
    next_id: u64,
}

/// A connection's place under the cap, given back when dropped.
pub struct Place {
    id: u64,
    open: Open,
    close: Arc<Notify>,
    _permit: OwnedSemaphorePermit,
}

impl Capacity {
    pub fn new(max: usize) -> Capacity {
        Capacity {
            max,
            permits: Arc::new(Semaphore::new(max)),
            open: Open::default(),
            next_id: 0,
        }
    }

    /// A place for a connection just accepted, making room at the cap.
    pub async fn place(&mut self) -> Place {
        let permit = match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => self.make_room().await,
        };
        let close = Arc::new(Notify::new());
        self.next_id += 1;
        lock(&self.open).insert(self.next_id, Arc::clone(&close));
        Place {
            id: self.next_id,
            open: Arc::clone(&self.open),
            close,
            _permit: permit,
        }
    }

    async fn make_room(&self) -> OwnedSemaphorePermit {
        loop {
            // A few at once (1/64 of the cap), so that the next newcomers of a flood find room
            // without waiting each for its own.
            let asked = {
                let mut open = lock(&self.open);
                let batch = (self.max / 64).max(1);
                std::iter::from_fn(|| open.pop_first())
                    .take(batch)
                    .collect::<Vec<_>>()
            };
            let freed = Arc::clone(&self.permits).acquire_owned();
            let waited = if asked.is_empty() {
                // Every connection is closing already: wait for the first to end.
                Some(freed.await)
            } else {
                for (_, close) in asked {
                    close.notify_one();
                }
                tokio::time::timeout(ROOM_WAIT, freed).await.ok()
            };
            // The semaphore is never closed, so an error cannot come; asking again is safe.
            if let Some(Ok(permit)) = waited {
                return permit;
            }
        }
    }

    /// Returns once every place has been given back.
    pub async fn all_closed(&self) {
        let all = u32::try_from(self.max).unwrap_or(u32::MAX);
        let _ = self.permits.acquire_many(all).await;
    }
}

impl Place {
    /// Completes when this connection is asked to close to make room.
    pub async fn asked_to_close(&self) {
        self.close.notified().await;
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        lock(&self.open).remove(&self.id);
    }
}

/// The map stays consistent whatever panicked while holding it (one insert or remove).
fn lock(open: &Open) -> MutexGuard<'_, BTreeMap<u64, Arc<Notify>>> {
    open.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn at_the_cap_the_oldest_connection_is_asked_to_close() {
        let mut capacity = Capacity::new(2);
        let first = capacity.place().await;
        let second = capacity.place().await;
        // The third place is given once the first (asked) closes; the second is left alone.
        let closer = tokio::spawn(async move {
            first.asked_to_close().await;
            drop(first);
        });
        let third = tokio::time::timeout(Duration::from_secs(5), capacity.place())
            .await
            .unwrap();
        closer.await.unwrap();
        assert_eq!(lock(&capacity.open).keys().collect::<Vec<_>>(), [&2, &3]);
        drop((second, third));
        tokio::time::timeout(Duration::from_secs(5), capacity.all_closed())
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_busy_connection_is_waited_for_then_the_next_is_asked() {
        let mut capacity = Capacity::new(2);
        let busy = capacity.place().await;
        let idle = capacity.place().await;
        let closer = tokio::spawn(async move {
            idle.asked_to_close().await;
        });
        // `busy` never closes: after a short wait the next oldest is asked, and closes.
        let third = tokio::time::timeout(Duration::from_secs(5), capacity.place())
            .await
            .unwrap();
        closer.await.unwrap();
        drop((busy, third));
    }
}
