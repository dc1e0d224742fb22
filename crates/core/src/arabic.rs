//! Arabic letter folding, the one definition of which Arabic spellings count as the same.
//!
//! Both the comparison of pupils' typed answers (`exercise::normalize`) and the search
//! analyzers (`lawha-search`) fold Arabic through [`fold_arabic_char`], so an answer key and a
//! search term can never disagree about what is the same letter. Callers do their own
//! Unicode normalisation first (answers: NFKD, search tokens: NFKC); the folding gives the
//! same result for a precomposed letter (`أ`) and for its decomposed form (`ا` + U+0654).
//!
//! What the folding does, character by character:
//! - drops tashkeel (U+064B–U+065F, including the combining hamza above and below), the
//!   superscript alef (U+0670), Quranic annotation marks (U+0610–U+061A, U+06D6–U+06ED) and
//!   tatweel (U+0640);
//! - drops zero-width, joiner and direction marks that keyboards and copy-paste insert unseen
//!   (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+061C, U+FEFF);
//! - folds alef with hamza or madda and alef wasla (`أ إ آ ٱ ٲ ٳ`) → `ا`, taa marbuta `ة` → `ه`,
//!   alef maqsura `ى` and the Persian yeh `ی` → `ي`, keheh `ک` → `ك`;
//! - drops the hamza on a carrier (`ؤ` → `و`, `ئ` → `ي`), because everyday typing often
//!   omits it; the standalone hamza `ء` is kept, since dropping it changes words
//!   (`ماء` water, `ما` what);
//! - turns Arabic-Indic (`٠`–`٩`) and Extended Arabic-Indic (`۰`–`۹`) digits into ASCII digits.
//!
//! Everything else passes through unchanged.

/// The folded form of one character, or `None` when it carries no meaning for comparison
/// (a vowel mark, tatweel, an invisible mark). See the module documentation.
pub fn fold_arabic_char(c: char) -> Option<char> {
    if is_arabic_mark(c) || is_invisible(c) {
        return None;
    }
    if let Some(digit) = ascii_digit(c) {
        return Some(digit);
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ة' => 'ه',
        'ى' | 'ی' => 'ي',
        'ؤ' => 'و',
        'ئ' => 'ي',
        'ک' => 'ك',
        other => other,
    })
}

/// Folds `text` character by character with [`fold_arabic_char`], appending to `out`.
pub fn fold_arabic(text: &str, out: &mut String) {
    out.reserve(text.len());
    out.extend(text.chars().filter_map(fold_arabic_char));
}

/// Maps an Arabic-Indic or Extended Arabic-Indic digit to its ASCII digit.
pub fn ascii_digit(c: char) -> Option<char> {
    let offset = match c {
        '٠'..='٩' => u32::from(c) - u32::from('٠'),
        '۰'..='۹' => u32::from(c) - u32::from('۰'),
        _ => return None,
    };
    char::from_digit(offset, 10)
}

/// Tashkeel, Quranic annotation marks and tatweel. Most are combining marks; the ranges are
/// listed so the few that are not (small high signs, the end-of-ayah sign, tatweel) go too.
fn is_arabic_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0640}'
    )
}

/// Zero-width and direction marks that Arabic keyboards and copy-paste insert unseen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_maps;

    fn fold(text: &str) -> String {
        let mut out = String::new();
        fold_arabic(text, &mut out);
        out
    }

    #[test]
    fn tashkeel_quranic_marks_and_tatweel_are_dropped() {
        assert_maps(
            fold,
            &[
                ("مُحَمَّدٌ", "محمد"),
                ("رَحْمٰن", "رحمن"),
                ("قــال", "قال"),
                ("العلم\u{06D6}\u{0615}", "العلم"),
                ("كتاب\u{06DD}", "كتاب"),
            ],
        );
    }

    #[test]
    fn letter_variants_fold() {
        assert_maps(
            fold,
            &[
                ("أإآٱٲٳ", "اااااا"),
                ("مدرسة", "مدرسه"),
                ("مستوى", "مستوي"),
                ("کتابی", "كتابي"),
            ],
        );
    }

    #[test]
    fn hamza_on_a_carrier_is_dropped_but_standalone_hamza_kept() {
        assert_maps(
            fold,
            &[("مؤمن", "مومن"), ("أسئلة", "اسيله"), ("سماء", "سماء")],
        );
    }

    #[test]
    fn precomposed_and_decomposed_letters_fold_the_same() {
        assert_eq!(fold("ا\u{0654}حمد"), fold("أحمد"));
        assert_eq!(fold("ي\u{0654}"), fold("ئ"));
        assert_eq!(fold("ا\u{0653}"), fold("آ"));
    }

    #[test]
    fn invisible_marks_are_dropped() {
        assert_maps(
            fold,
            &[
                ("\u{200F}الرباط\u{200E}", "الرباط"),
                ("مر\u{200C}حبا\u{FEFF}", "مرحبا"),
            ],
        );
    }

    #[test]
    fn arabic_digits_become_ascii() {
        assert_maps(
            fold,
            &[("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("۰۱۲۳۴۵۶۷۸۹", "0123456789")],
        );
        assert_eq!(ascii_digit('٧'), Some('7'));
        assert_eq!(ascii_digit('۴'), Some('4'));
        assert_eq!(ascii_digit('7'), None);
        assert_eq!(ascii_digit('a'), None);
    }

    #[test]
    fn latin_text_passes_through() {
        assert_eq!(fold("Élève 3,5 l’x"), "Élève 3,5 l’x");
    }
}
