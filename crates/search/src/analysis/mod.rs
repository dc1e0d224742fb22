//! The text analyzers registered on the capsule index, used both to index and to read queries.
//!
//! - [`ARABIC`] (`lawha_ar`): words → lowercase → Arabic normalisation ([`crate::normalize`]) →
//!   stop words. Latin words go through lowercased only, so it also indexes French text.
//! - [`FRENCH`] (`lawha_fr`): words → lowercase → ASCII folding → stop words → French Snowball
//!   stemmer ("équations" and "Équation" both become "equat").
//! - [`FUZZY`] (`lawha_fuzzy`): words → lowercase → ASCII folding → Arabic normalisation → stop
//!   words, without stemming. Typo tolerance runs on these whole words: a stem is too short and
//!   too far from a misspelt word ("equaton" is two edits from the stem "equat", one from
//!   "equation").
//!
//! Every analyzer starts with [`WordTokenizer`] and drops words over [`MAX_WORD_BYTES`].

mod arabic_filter;
mod stop_words;
mod word_tokenizer;

pub use arabic_filter::ArabicNormalizer;
pub use word_tokenizer::WordTokenizer;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer, TokenStream, TokenizerManager,
};

/// Name of the Arabic analyzer in the index's tokenizer manager.
pub const ARABIC: &str = "lawha_ar";
/// Name of the French analyzer.
pub const FRENCH: &str = "lawha_fr";
/// Name of the typo-tolerance analyzer.
pub const FUZZY: &str = "lawha_fuzzy";

/// Longer "words" are noise (URLs, base64 pasted in a transcript) and only bloat the index.
pub const MAX_WORD_BYTES: usize = 100;

/// Builds the [`ARABIC`] analyzer.
pub fn arabic() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(ArabicNormalizer)
        .filter(stop_words())
        .build()
}

/// Builds the [`FRENCH`] analyzer.
pub fn french() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stop_words())
        .filter(Stemmer::new(Language::French))
        .build()
}

/// Builds the [`FUZZY`] analyzer.
pub fn fuzzy() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(ArabicNormalizer)
        .filter(stop_words())
        .build()
}

fn stop_words() -> StopWordFilter {
    StopWordFilter::remove(stop_words::all_forms())
}

/// Registers the three analyzers under their names; an index must have them before it can
/// index or be searched.
pub fn register(manager: &TokenizerManager) {
    manager.register(ARABIC, arabic());
    manager.register(FRENCH, french());
    manager.register(FUZZY, fuzzy());
}

/// The distinct terms `analyzer` makes of `text`, in order of first appearance, at most `max`.
pub fn distinct_terms(analyzer: &mut TextAnalyzer, text: &str, max: usize) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while terms.len() < max && stream.advance() {
        let term = &stream.token().text;
        if !terms.contains(term) {
            terms.push(term.clone());
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        distinct_terms(&mut analyzer, text, usize::MAX)
    }

    #[test]
    fn arabic_analyzer_folds_vocalised_titles() {
        assert_eq!(
            terms(arabic(), "الْكُسُورُ الْعَشْرِيَّةُ"),
            terms(arabic(), "الكسور العشرية")
        );
        assert_eq!(terms(arabic(), "في العـــلوم"), ["علوم"]);
        assert_eq!(terms(arabic(), "Les Fractions"), ["fractions"]);
    }

    #[test]
    fn french_analyzer_folds_accents_and_stems() {
        assert_eq!(terms(french(), "Équation"), terms(french(), "équations"));
        assert_eq!(terms(french(), "Les fractions"), ["fraction"]);
        assert_eq!(terms(french(), "l'élève"), terms(french(), "eleves"));
    }

    #[test]
    fn fuzzy_analyzer_keeps_whole_words() {
        assert_eq!(
            terms(fuzzy(), "Équations du second degré"),
            ["equations", "second", "degre"]
        );
        assert_eq!(terms(fuzzy(), "الْكُسُورُ"), ["كسور"]);
    }

    #[test]
    fn drops_overlong_words_and_caps_terms() {
        assert!(terms(french(), &"a".repeat(MAX_WORD_BYTES + 1)).is_empty());
        assert_eq!(
            distinct_terms(&mut french(), "un deux deux trois quatre", 2),
            ["deux", "trois"]
        );
    }
}
