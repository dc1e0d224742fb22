//! What a person asks for, and how it becomes a tantivy query.
//!
//! User text is never parsed as tantivy query syntax: it goes through the same analyzers as the
//! indexed text, and each resulting word becomes a plain term, so quotes, colons or brackets
//! are just separators. A capsule matches when any word matches (ranked by BM25, titles
//! weighing more); each word of [`FUZZY_MIN_CHARS`] letters or more also matches within one
//! or two typos, at a lower weight than an exact match.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenizerManager;
use tantivy::Term;

use crate::analysis;
use crate::doc::{DocKind, Language};
use crate::error::{Result, SearchError};
use crate::schema::Fields;

/// Most hits one page can hold; larger limits are lowered to this.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset served; collecting a page costs memory in proportion to offset + limit.
pub const MAX_OFFSET: usize = 10_000;
/// Longer text is cut (on a character boundary) before analysis.
pub const MAX_QUERY_CHARS: usize = 500;
/// Distinct words kept per analyzer; the rest of a very long query is ignored.
pub const MAX_QUERY_WORDS: usize = 16;
/// Shortest word that tolerates one typo.
pub const FUZZY_MIN_CHARS: usize = 4;
/// Shortest word that tolerates two typos.
pub const FUZZY_TWO_EDITS_MIN_CHARS: usize = 8;

/// Extra weight of a word found in a title over one found in a description or transcript.
const TITLE_BOOST: f32 = 3.0;
// Fuzzy matches score a constant (their boost), kept below a typical exact BM25 match so a
// correctly spelt word outranks a near miss.
const FUZZY_TITLE_BOOST: f32 = 0.6;
const FUZZY_BODY_BOOST: f32 = 0.2;

/// A search: free text plus optional filters, and the page wanted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchQuery {
    /// What the person typed, in Arabic or French, with or without diacritics. Blank text
    /// lists every capsule that passes the filters.
    pub text: String,
    pub level: Option<String>,
    pub subject: Option<String>,
    pub language: Option<Language>,
    /// The language whose capsules come first, usually the interface language: hits of
    /// this language of instruction rank before all others, and each group keeps its
    /// relevance order (see [`crate::rank`]). Over the whole result set, so pages follow
    /// one another. `None` ranks by relevance alone; a `language` filter wins over it.
    pub prefer: Option<Language>,
    /// Which kind of document is searched: capsules unless said otherwise.
    pub kind: DocKind,
    /// Producers and admins also see capsules that are not published.
    pub include_unpublished: bool,
    /// Hits per page, at most [`MAX_LIMIT`]; 0 only counts.
    pub limit: usize,
    /// Hits to skip, at most [`MAX_OFFSET`].
    pub offset: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            level: None,
            subject: None,
            language: None,
            prefer: None,
            kind: DocKind::Capsule,
            include_unpublished: false,
            limit: 20,
            offset: 0,
        }
    }
}

impl SearchQuery {
    /// A query for `text` with no filters and the default page.
    pub fn text(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        }
    }

    /// The same search with what cannot change its answer left out: a `language` filter
    /// leaves hits of one language, so `prefer` is moot. The answer cache keys on this, so
    /// two interface languages share one entry for a filtered search.
    pub fn settled(&self) -> SearchQuery {
        SearchQuery {
            prefer: self.prefer.filter(|_| self.language.is_none()),
            ..self.clone()
        }
    }
}

/// Builds the tantivy query for `query`, or `None` when the text has words but none that can
/// match anything (only punctuation or stop words): such a search finds nothing.
pub fn build(
    query: &SearchQuery,
    fields: &Fields,
    analyzers: &TokenizerManager,
) -> Result<Option<Box<dyn Query>>> {
    let text = truncate_chars(query.text.trim(), MAX_QUERY_CHARS);
    let matcher: Box<dyn Query> = if text.is_empty() {
        Box::new(AllQuery)
    } else {
        let clauses = text_clauses(text, fields, analyzers)?;
        if clauses.is_empty() {
            return Ok(None);
        }
        Box::new(BooleanQuery::new(clauses))
    };
    let mut all = vec![(Occur::Must, matcher)];
    all.extend(
        filter_terms(query, fields)
            .into_iter()
            .map(|term| (Occur::Must, filter(term))),
    );
    Ok(Some(Box::new(BooleanQuery::new(all))))
}

/// One SHOULD clause per (word, field): exact terms from the Arabic and French analyzers, and
/// fuzzy terms from the typo analyzer.
fn text_clauses(
    text: &str,
    fields: &Fields,
    analyzers: &TokenizerManager,
) -> Result<Vec<(Occur, Box<dyn Query>)>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (analyzer, title, body) in [
        (analysis::ARABIC, fields.title_ar, fields.body_ar),
        (analysis::FRENCH, fields.title_fr, fields.body_fr),
    ] {
        for word in words(analyzers, analyzer, text)? {
            clauses.push(should(exact(title, &word), TITLE_BOOST));
            clauses.push(should(exact(body, &word), 1.0));
        }
    }
    for word in words(analyzers, analysis::FUZZY, text)? {
        if let Some(distance) = typo_distance(&word) {
            let title = FuzzyTermQuery::new(
                Term::from_field_text(fields.title_fuzzy, &word),
                distance,
                true,
            );
            let body = FuzzyTermQuery::new(
                Term::from_field_text(fields.body_fuzzy, &word),
                distance,
                true,
            );
            clauses.push(should(Box::new(title), FUZZY_TITLE_BOOST));
            clauses.push(should(Box::new(body), FUZZY_BODY_BOOST));
        }
    }
    Ok(clauses)
}

fn words(analyzers: &TokenizerManager, name: &'static str, text: &str) -> Result<Vec<String>> {
    let mut analyzer = analyzers
        .get(name)
        .ok_or(SearchError::MissingAnalyzer(name))?;
    Ok(analysis::distinct_terms(
        &mut analyzer,
        text,
        MAX_QUERY_WORDS,
    ))
}

/// Edits a word of this length may be away from the indexed word and still match.
fn typo_distance(word: &str) -> Option<u8> {
    match word.chars().count() {
        n if n >= FUZZY_TWO_EDITS_MIN_CHARS => Some(2),
        n if n >= FUZZY_MIN_CHARS => Some(1),
        _ => None,
    }
}

fn exact(field: Field, word: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, word),
        IndexRecordOption::WithFreqs,
    ))
}

fn should(query: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(query, boost)))
}

/// The terms a hit must carry: its kind, one per filter set, and "published" unless
/// unpublished documents were asked for.
fn filter_terms(query: &SearchQuery, fields: &Fields) -> Vec<Term> {
    let mut terms = vec![fields.kind_term(query.kind)];
    if let Some(level) = &query.level {
        terms.push(fields.level_term(level));
    }
    if let Some(subject) = &query.subject {
        terms.push(fields.subject_term(subject));
    }
    if let Some(language) = query.language {
        terms.push(fields.language_term(language));
    }
    if !query.include_unpublished {
        terms.push(fields.published_term());
    }
    terms
}

/// A filter restricts the hits without changing their ranking.
fn filter(term: Term) -> Box<dyn Query> {
    let term_query = TermQuery::new(term, IndexRecordOption::Basic);
    Box::new(ConstScoreQuery::new(Box::new(term_query), 0.0))
}

fn truncate_chars(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => text.get(..cut).unwrap_or(text),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_filter_makes_the_preference_moot() {
        let filtered = SearchQuery {
            language: Some(Language::Fr),
            prefer: Some(Language::Ar),
            ..SearchQuery::text("cellule")
        };
        assert_eq!(filtered.settled().prefer, None);
        assert_eq!(
            filtered.settled(),
            SearchQuery {
                prefer: Some(Language::Fr),
                ..filtered.clone()
            }
            .settled()
        );
        let open = SearchQuery {
            prefer: Some(Language::Ar),
            ..SearchQuery::text("cellule")
        };
        assert_eq!(open.settled(), open);
    }

    #[test]
    fn typo_distance_grows_with_word_length() {
        assert_eq!(typo_distance("abc"), None);
        assert_eq!(typo_distance("abcd"), Some(1));
        assert_eq!(typo_distance("مدرسه"), Some(1));
        assert_eq!(typo_distance("fractoin"), Some(2));
    }

    #[test]
    fn truncates_on_character_boundaries() {
        assert_eq!(truncate_chars("مدرسة", 2), "مد");
        assert_eq!(truncate_chars("abc", 10), "abc");
    }

    #[test]
    fn punctuation_only_text_matches_nothing() {
        let (schema, fields) = crate::schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        analysis::register(index.tokenizers());
        let query = SearchQuery::text("\"::\" (( )) -- ?");
        assert!(matches!(
            build(&query, &fields, index.tokenizers()),
            Ok(None)
        ));
    }
}
