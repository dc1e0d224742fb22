//! What a search returns.

use uuid::Uuid;

/// One capsule found, with its relevance (higher is better; only comparable within one search).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchHit {
    pub id: Uuid,
    pub score: f32,
}

/// One page of hits, best first, and how many capsules matched in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// Matching capsules across all pages.
    pub total: usize,
}

impl SearchResults {
    /// The ids of this page's hits, best first.
    pub fn ids(&self) -> Vec<Uuid> {
        self.hits.iter().map(|hit| hit.id).collect()
    }
}
