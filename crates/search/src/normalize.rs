//! Arabic word normalisation for search: the same word typed with or without diacritics,
//! with any alef variant or with a definite article must land on one index term.
//!
//! Plain string functions with no tantivy types, so they can later move to `lawha-core`.
//!
//! What [`fold_arabic`] does, character by character:
//! - drops tashkeel (U+064B–U+065F, including the combining hamza above/below), the superscript
//!   alef (U+0670), Quranic annotation marks (U+0610–U+061A, U+06D6–U+06ED) and tatweel (U+0640);
//! - folds alef variants أ إ آ ٱ ٲ ٳ → ا, taa marbuta ة → ه, alef maqsura ى → ي;
//! - folds the Persian yeh ی and keheh ک (sent by some phone keyboards) → ي and ك;
//! - turns Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) digits into ASCII digits.
//!
//! [`strip_article`] then removes one leading definite article, alone or behind a clinging
//! conjunction or preposition: "ال", "وال", "بال", "كال", "فال", and "لل" (لِ + ال, whose alef
//! is dropped in writing). It only strips when at least [`MIN_STEM_LETTERS`] letters remain, so
//! short words that merely start with these letters ("الله", "والد", "بالغ") stay whole. This is
//! a deliberately light rule, not a stemmer: it can still merge a few unrelated words
//! ("والدين" → "دين"), which costs a little precision and buys "رياضيات" finding "الرياضيات".

/// Letters that must remain after removing an article for the removal to happen.
pub const MIN_STEM_LETTERS: usize = 3;

/// Article prefixes, alone or behind a clinging conjunction or preposition.
const ARTICLE_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];

/// Whether a word has anything [`fold_arabic`] or [`strip_article`] could change; lets the
/// token filter skip Latin words without allocating.
pub fn has_arabic(word: &str) -> bool {
    word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// Folds one word into its search form (see the module documentation), appending to `out`.
pub fn fold_arabic(word: &str, out: &mut String) {
    out.reserve(word.len());
    for c in word.chars() {
        if let Some(folded) = fold_char(c) {
            out.push(folded);
        }
    }
}

/// The search form of one character, or `None` when it carries no meaning for search.
fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}' => None,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Some('ا'),
        'ة' => Some('ه'),
        'ى' | 'ی' => Some('ي'),
        'ک' => Some('ك'),
        '\u{0660}'..='\u{0669}' => ascii_digit(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => ascii_digit(c as u32 - 0x06F0),
        other => Some(other),
    }
}

fn ascii_digit(value: u32) -> Option<char> {
    char::from_digit(value, 10)
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

    #[test]
    fn strips_tashkeel_and_tatweel() {
        assert_eq!(normalize_arabic_word("الْكُسُورُ"), "كسور");
        assert_eq!(normalize_arabic_word("الْعَشْرِيَّةُ"), "عشريه");
        assert_eq!(normalize_arabic_word("العـــلوم"), "علوم");
        assert_eq!(normalize_arabic_word("رَحْمٰن"), "رحمن");
    }

    #[test]
    fn folds_letter_variants() {
        assert_eq!(normalize_arabic_word("إعراب"), "اعراب");
        assert_eq!(normalize_arabic_word("أسئلة"), "اسئله");
        assert_eq!(normalize_arabic_word("آية"), "ايه");
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
        assert_eq!(normalize_arabic_word("٢٠٢٥"), "2025");
        assert_eq!(normalize_arabic_word("۱۲"), "12");
    }

    #[test]
    fn strips_articles_only_from_long_enough_words() {
        assert_eq!(normalize_arabic_word("الرياضيات"), "رياضيات");
        assert_eq!(normalize_arabic_word("والعلوم"), "علوم");
        assert_eq!(normalize_arabic_word("بالمدرسة"), "مدرسه");
        assert_eq!(normalize_arabic_word("للتلاميذ"), "تلاميذ");
        assert_eq!(normalize_arabic_word("الدرس"), "درس");
        assert_eq!(normalize_arabic_word("الله"), "الله");
        assert_eq!(normalize_arabic_word("والد"), "والد");
        assert_eq!(normalize_arabic_word("بالغ"), "بالغ");
    }

    #[test]
    fn leaves_latin_words_alone() {
        assert!(!has_arabic("équation"));
        assert_eq!(normalize_arabic_word("équation"), "équation");
    }
}
