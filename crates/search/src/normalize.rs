//! Arabic word normalisation for search: the same word typed with or without diacritics,
//! with any alef variant or with a definite article must land on one index term.
//!
//! Letters are folded by [`lawha_core::arabic::fold_arabic`], the same folding that compares
//! pupils' typed answers to their keys (tashkeel, tatweel and invisible marks dropped; alef
//! variants, taa marbuta, alef maqsura, hamza carriers, Persian letter forms and Arabic-Indic
//! digits folded), so search and correction agree on what counts as the same letter.
//!
//! [`strip_article`] then removes one leading definite article, alone or behind a clinging
//! conjunction or preposition: "ال", "وال", "بال", "كال", "فال", and "لل" (لِ + ال, whose alef
//! is dropped in writing). It only strips when at least [`MIN_STEM_LETTERS`] letters remain, so
//! short words that merely start with these letters ("الله", "والد", "بالغ") stay whole. This is
//! a deliberately light rule, not a stemmer: it can still merge a few unrelated words
//! ("والدين" → "دين"), which costs a little precision and buys "رياضيات" finding "الرياضيات".

pub use lawha_core::arabic::fold_arabic;

/// Letters that must remain after removing an article for the removal to happen.
pub const MIN_STEM_LETTERS: usize = 3;

/// Article prefixes, alone or behind a clinging conjunction or preposition.
const ARTICLE_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];

/// Whether a word has anything [`fold_arabic`] or [`strip_article`] could change; lets the
/// token filter skip Latin words without allocating.
pub fn has_arabic(word: &str) -> bool {
    word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// Removes one leading definite article (see the module documentation) from a folded word.
pub fn strip_article(word: &str) -> &str {
    // The prefixes all start with different letters, so at most one of them matches.
    ARTICLE_PREFIXES
        .iter()
        .find_map(|prefix| word.strip_prefix(prefix))
        .filter(|rest| rest.chars().count() >= MIN_STEM_LETTERS)
        .unwrap_or(word)
}

/// The full search form of one word: folded, then stripped of its article.
pub fn normalize_arabic_word(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    fold_arabic(word, &mut folded);
    strip_article(&folded).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that each `(typed, indexed)` pair normalises as given.
    #[track_caller]
    fn assert_words(cases: &[(&str, &str)]) {
        for &(typed, indexed) in cases {
            assert_eq!(
                normalize_arabic_word(typed),
                indexed,
                "normalising {typed:?}"
            );
        }
    }

    #[test]
    fn strips_tashkeel_and_tatweel() {
        assert_words(&[
            ("الْكُسُورُ", "كسور"),
            ("الْعَشْرِيَّةُ", "عشريه"),
            ("العـــلوم", "علوم"),
            ("رَحْمٰن", "رحمن"),
        ]);
    }

    #[test]
    fn folds_letter_variants() {
        assert_words(&[
            ("إعراب", "اعراب"),
            ("أسئلة", "اسيله"),
            ("المؤمن", "مومن"),
            ("آية", "ايه"),
        ]);
        assert_eq!(
            normalize_arabic_word("مدرسة"),
            normalize_arabic_word("مدرسه")
        );
        assert_eq!(
            normalize_arabic_word("مستوى"),
            normalize_arabic_word("مستوي")
        );
        assert_eq!(normalize_arabic_word("کتاب"), "كتاب");
    }

    #[test]
    fn turns_arabic_digits_into_ascii() {
        assert_words(&[("٢٠٢٥", "2025"), ("۱۲", "12")]);
    }

    #[test]
    fn strips_articles_only_from_long_enough_words() {
        assert_words(&[
            ("الرياضيات", "رياضيات"),
            ("والعلوم", "علوم"),
            ("بالمدرسة", "مدرسه"),
            ("للتلاميذ", "تلاميذ"),
            ("الدرس", "درس"),
            ("الله", "الله"),
            ("والد", "والد"),
            ("بالغ", "بالغ"),
        ]);
    }

    #[test]
    fn leaves_latin_words_alone() {
        assert!(!has_arabic("équation"));
        assert_eq!(normalize_arabic_word("équation"), "équation");
    }
}
