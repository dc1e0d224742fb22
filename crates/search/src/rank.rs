//! The order of hits when a search prefers a language (the interface language).
//!
//! The rule: every hit whose language of instruction is the preferred one comes before every
//! other hit, and within each of the two groups hits keep their relevance order (BM25 score,
//! then index order for equal scores, as without a preference). A `language` filter makes the
//! preference moot: every hit is then of one language.
//!
//! The order is computed by the collector over the whole result set, not by re-sorting a
//! page, so page 2 continues page 1 exactly: the key `(preferred, score)` is total for one
//! index generation, and tantivy breaks ties by document address the same way on every page.

use tantivy::collector::{ScoreSegmentTweaker, ScoreTweaker};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// How a hit ranks when a language is preferred: first whether it is of that language, then
/// its relevance. Tuples compare field by field, so `true` beats any score.
pub type PreferredScore = (bool, Score);

/// Ranks the hits carrying `term` (a language term) before the others.
pub struct PreferTerm {
    term: Term,
}

impl PreferTerm {
    pub fn new(term: Term) -> PreferTerm {
        PreferTerm { term }
    }
}

impl ScoreTweaker<PreferredScore> for PreferTerm {
    type Child = SegmentPreference;

    /// Marks this segment's documents that carry the term, read once from its postings.
    fn segment_tweaker(&self, segment: &SegmentReader) -> tantivy::Result<SegmentPreference> {
        let mut carries = vec![false; segment.max_doc() as usize];
        let postings = segment
            .inverted_index(self.term.field())?
            .read_postings(&self.term, IndexRecordOption::Basic)?;
        if let Some(mut postings) = postings {
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if let Some(slot) = carries.get_mut(doc as usize) {
                    *slot = true;
                }
                doc = postings.advance();
            }
        }
        Ok(SegmentPreference { carries })
    }
}

/// [`PreferTerm`] within one segment.
pub struct SegmentPreference {
    /// Indexed by document id: whether the document carries the preferred term.
    carries: Vec<bool>,
}

impl ScoreSegmentTweaker<PreferredScore> for SegmentPreference {
    fn score(&mut self, doc: DocId, score: Score) -> PreferredScore {
        let preferred = self.carries.get(doc as usize).copied().unwrap_or(false);
        (preferred, score)
    }
}
