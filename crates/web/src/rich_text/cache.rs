//! Rendered texts kept between page views: a set is drawn for every pupil of a level, so a
//! text is rendered once and then read from here.
//!
//! Two generations of a hash map, bounded by bytes: new entries go into the young one; when
//! it holds half the budget it becomes the old one and the previous old one is dropped; a
//! hit in the old one moves back to the young one. That keeps what was used in the last
//! half-budget of renderings, in a few lines and without a dependency, which is all a cache
//! of pure renderings needs (no expiry: the same text always renders the same).
//!
//! Keys are the SHA-256 of the text, so no text can be made to collide with another one
//! and show its rendering.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use sha2::{Digest, Sha256};

use super::RichText;

/// The budget of the shared cache: some thousands of texts with maths.
pub const DEFAULT_BYTES: usize = 32 * 1024 * 1024;

/// Bytes counted for an entry besides its HTML (key, pointer, map slot).
const ENTRY_OVERHEAD: usize = 96;

type Key = [u8; 32];

/// A bounded cache of [`super::render`].
#[derive(Debug)]
pub struct Cache {
    budget: usize,
    generations: Mutex<Generations>,
    renders: AtomicU64,
}

#[derive(Debug, Default)]
struct Generations {
    young: HashMap<Key, RichText>,
    young_bytes: usize,
    old: HashMap<Key, RichText>,
}

impl Cache {
    /// A cache holding about `budget` bytes of HTML at most.
    pub fn new(budget: usize) -> Cache {
        Cache {
            budget,
            generations: Mutex::default(),
            renders: AtomicU64::new(0),
        }
    }

    /// `text` rendered, from the cache when it is there. Texts without maths are only
    /// escaped, which costs less than keeping them.
    pub fn render(&self, text: &str) -> RichText {
        if !super::has_formula(text) {
            return super::render(text);
        }
        let key: Key = Sha256::digest(text.as_bytes()).into();
        if let Some(hit) = self.lock().get(&key, self.budget) {
            return hit;
        }
        // Rendered outside the lock: two threads missing the same text both render it,
        // which is cheaper than making every reader wait for one rendering.
        self.renders.fetch_add(1, Ordering::Relaxed);
        let html = super::render(text);
        self.lock().insert(key, html.clone(), self.budget);
        html
    }

    /// How many texts this cache has rendered (its misses).
    #[cfg(test)]
    pub fn renders(&self) -> u64 {
        self.renders.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations> {
        // A panic while holding the lock leaves the maps consistent (each step is one
        // map operation), so a poisoned cache is still usable.
        self.generations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Generations {
    fn get(&mut self, key: &Key, budget: usize) -> Option<RichText> {
        if let Some(html) = self.young.get(key) {
            return Some(html.clone());
        }
        let html = self.old.remove(key)?;
        self.insert(*key, html.clone(), budget);
        Some(html)
    }

    fn insert(&mut self, key: Key, html: RichText, budget: usize) {
        let weight = weight(&html);
        // One rendering larger than a generation would only push everything else out.
        if weight > budget / 2 {
            return;
        }
        if self.young_bytes + weight > budget / 2 {
            self.old = std::mem::take(&mut self.young);
            self.young_bytes = 0;
        }
        if self.young.insert(key, html).is_none() {
            self.young_bytes += weight;
        }
    }
}

fn weight(html: &RichText) -> usize {
    html.0.len() + ENTRY_OVERHEAD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_rendered_once_then_read_from_the_cache() {
        let cache = Cache::new(DEFAULT_BYTES);
        let text = "Aire \\(A = c^2\\)";
        let first = cache.render(text);
        assert_eq!(cache.renders(), 1);
        let second = cache.render(text);
        assert_eq!(cache.renders(), 1, "the second view rendered again");
        assert_eq!(first, second);
        assert_eq!(first, super::super::render(text));
        cache.render("Aire \\(A = c^3\\)");
        assert_eq!(cache.renders(), 2);
    }

    #[test]
    fn plain_texts_are_not_kept() {
        let cache = Cache::new(DEFAULT_BYTES);
        cache.render("sans maths");
        cache.render("sans maths");
        assert_eq!(cache.renders(), 0);
        assert!(cache.lock().young.is_empty());
    }

    #[test]
    fn the_cache_stays_within_its_budget_and_keeps_what_is_used() {
        // Room for about four renderings a generation.
        let one = weight(&super::super::render("\\(x_{0000}\\)"));
        let cache = Cache::new(one * 8 + 1);
        let used = "\\(x_{9999}\\)";
        cache.render(used);
        for i in 0..100 {
            cache.render(&format!("\\(x_{{{i:04}}}\\)"));
            // Read back often enough to stay in one of the two generations.
            cache.render(used);
            let g = cache.lock();
            let held: usize = g.young.values().chain(g.old.values()).map(weight).sum();
            assert!(held <= one * 8 + 1, "{held} bytes held");
        }
        let before = cache.renders();
        cache.render(used);
        assert_eq!(cache.renders(), before, "a text in use was evicted");
        cache.render("\\(x_{0000}\\)");
        assert_eq!(
            cache.renders(),
            before + 1,
            "an unused text outlived two generations"
        );
    }
}
