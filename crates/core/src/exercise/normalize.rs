//! Folding typed answers so that spellings a teacher would accept compare equal.
//!
//! Pupils type on phones, on French AZERTY and Arabic keyboards, with or without vowel marks,
//! with Arabic-Indic or Western digits. [`normalize_answer`] maps all of these to one form,
//! and short answers are compared on that form only. The steps, in order:
//!
//! 1. Unicode compatibility decomposition (NFKD), so presentation forms (`ﻻ`), ligatures
//!    (`ﬁ`), full-width letters and precomposed accents all become base letters plus marks;
//!    the result is recomposed (NFC) at the end, so the whole is NFKC plus the folding below.
//! 2. Lower case, unless the item asks for [`Case::Sensitive`].
//! 3. Every combining mark is dropped: French accents (`é` → `e`, `ç` → `c`) and Arabic
//!    tashkeel. Ligatures `œ`/`æ` become `oe`/`ae`, `ß` becomes `ss`, typographic
//!    apostrophes become `'`.
//! 4. Arabic is folded by [`crate::arabic::fold_arabic_char`], the same folding the search
//!    index uses: tashkeel, Quranic marks, tatweel and invisible direction and joiner marks
//!    dropped; alef variants, taa marbuta, alef maqsura, Persian yeh and keheh merged; hamza
//!    on a carrier dropped (the standalone hamza `ء` kept); Arabic-Indic and Eastern
//!    Arabic-Indic digits turned into `0`–`9`.
//! 5. The Arabic decimal separator `٫`, and a comma between two digits, become `.`. A comma
//!    elsewhere is left alone, so `oui, non` keeps its comma.
//! 6. Runs of whitespace become one space; sentence punctuation and spaces around the whole
//!    answer are trimmed (`« Paris. »` → `paris`). Signs such as `-`, `+` and `%` are kept.

use serde::{Deserialize, Serialize};

use crate::arabic::fold_arabic_char;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Whether letter case distinguishes answers (`CO` carbon monoxide, `Co` cobalt).
/// Accents and Arabic marks are folded either way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    #[default]
    Insensitive,
    Sensitive,
}

/// The form a typed answer is compared on; see the module documentation for the steps.
pub fn normalize_answer(text: &str, case: Case) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfkd() {
        match case {
            Case::Insensitive => c
                .to_lowercase()
                .for_each(|lower| push_folded(lower, &mut folded)),
            Case::Sensitive => push_folded(c, &mut folded),
        }
    }
    let with_points = decimal_commas_to_points(&folded);
    let collapsed = with_points.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| c.is_whitespace() || is_edge_punctuation(c))
        .nfc()
        .collect()
}

fn push_folded(c: char, out: &mut String) {
    if is_combining_mark(c) {
        return;
    }
    let Some(c) = fold_arabic_char(c) else {
        return;
    };
    let replacement = match c {
        '٫' => ".",
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        'ß' => "ss",
        '’' | '‘' | 'ʼ' | '`' => "'",
        '−' => "-",
        other => {
            out.push(other);
            return;
        }
    };
    out.push_str(replacement);
}

/// Punctuation that ends or frames a sentence, trimmed around a whole answer. Signs that
/// can be part of the answer itself (`-3`, `+`, `50%`, brackets) are not in the list.
fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '«'
            | '»'
            | '“'
            | '”'
            | '„'
            | '‹'
            | '›'
            | '¡'
            | '¿'
            | '·'
            | '،'
            | '؛'
            | '؟'
            | '۔'
    )
}

/// `3,5` → `3.5`: a comma with a digit on each side is a decimal comma.
fn decimal_commas_to_points(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars.get(i - 1).is_some_and(char::is_ascii_digit)
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        out.push(if c == ',' && between_digits { '.' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_maps;

    fn fold(text: &str) -> String {
        normalize_answer(text, Case::Insensitive)
    }

    #[test]
    fn french_case_and_accents_fold() {
        assert_maps(
            fold,
            &[
                ("Élève", "eleve"),
                ("ÇA VA", "ca va"),
                ("cœur", "coeur"),
                ("Ægypte", "aegypte"),
                ("où", "ou"),
                ("Noël naïf", "noel naif"),
                ("straße", "strasse"),
            ],
        );
    }

    #[test]
    fn precomposed_and_decomposed_accents_are_equal() {
        assert_eq!(fold("e\u{0301}te\u{0301}"), fold("été"));
    }

    #[test]
    fn compatibility_forms_fold() {
        assert_maps(
            fold,
            &[("ﬁn", "fin"), ("ＰＡＲＩＳ", "paris"), ("x²", "x2")],
        );
    }

    #[test]
    fn arabic_tashkeel_is_stripped() {
        assert_maps(
            fold,
            &[("كَتَبَ", "كتب"), ("مُحَمَّدٌ", "محمد"), ("الرَّحْمٰنِ", "الرحمن")],
        );
    }

    #[test]
    fn quranic_marks_and_tatweel_are_stripped() {
        assert_maps(
            fold,
            &[
                ("قــال", "قال"),
                ("العلم\u{06D6}", "العلم"),
                ("كتاب\u{06DD}", "كتاب"),
            ],
        );
    }

    #[test]
    fn diacritics_only_differences_are_equal() {
        assert_eq!(fold("عِلْم"), fold("عَلَم"));
        assert_eq!(fold("مدرسة"), fold("مَدْرَسَةٌ"));
    }

    #[test]
    fn alef_variants_fold() {
        assert_maps(
            fold,
            &[
                ("أحمد", "احمد"),
                ("إسلام", "اسلام"),
                ("آمن", "امن"),
                ("ٱلكتاب", "الكتاب"),
            ],
        );
        // Alef + combining hamza above (typed in two keystrokes) folds the same way.
        assert_eq!(fold("ا\u{0654}حمد"), "احمد");
    }

    #[test]
    fn taa_marbuta_alef_maqsura_and_hamza_carriers_fold() {
        assert_maps(
            fold,
            &[
                ("مدرسة", "مدرسه"),
                ("مستشفى", "مستشفي"),
                ("مؤمن", "مومن"),
                ("بئر", "بير"),
                ("سماء", "سماء"),
            ],
        );
    }

    #[test]
    fn persian_letter_forms_fold() {
        assert_eq!(fold("کتابی"), "كتابي");
    }

    #[test]
    fn presentation_forms_and_lam_alef_ligature_fold() {
        assert_maps(
            fold,
            &[
                ("\u{FEFB}", "لا"),
                ("\u{FEF7}", "لا"),
                ("\u{FE8D}\u{FEDF}", "ال"),
            ],
        );
    }

    #[test]
    fn arabic_digits_fold_to_ascii() {
        assert_maps(
            fold,
            &[
                ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
                ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
                ("٣٫٥", "3.5"),
                ("3,5", "3.5"),
                ("٣,٥", "3.5"),
            ],
        );
    }

    #[test]
    fn comma_outside_numbers_is_kept() {
        assert_maps(fold, &[("Oui, non", "oui, non"), ("3, 5", "3, 5")]);
    }

    #[test]
    fn whitespace_collapses_including_narrow_no_break_space() {
        assert_maps(
            fold,
            &[
                ("  le   petit\tchat \n", "le petit chat"),
                ("«\u{202F}oui\u{202F}»", "oui"),
                ("a\u{00A0}b", "a b"),
            ],
        );
    }

    #[test]
    fn surrounding_punctuation_is_trimmed() {
        assert_maps(
            fold,
            &[
                ("Paris.", "paris"),
                ("« Rabat » !", "rabat"),
                ("الرباط؟", "الرباط"),
                ("\"Fès\"...", "fes"),
                ("…oui…", "oui"),
            ],
        );
    }

    #[test]
    fn signs_that_belong_to_the_answer_are_kept() {
        assert_maps(
            fold,
            &[("-3", "-3"), ("−3", "-3"), ("50%", "50%"), ("f(x)", "f(x)")],
        );
    }

    #[test]
    fn apostrophes_fold() {
        assert_maps(fold, &[("l’école", "l'ecole"), ("l'école", "l'ecole")]);
    }

    #[test]
    fn invisible_marks_are_dropped() {
        assert_maps(
            fold,
            &[
                ("\u{200F}الرباط\u{200E}", "الرباط"),
                ("\u{FEFF}oui", "oui"),
                ("مر\u{200C}حبا", "مرحبا"),
            ],
        );
    }

    #[test]
    fn mixed_scripts_fold_each_part() {
        assert_maps(
            fold,
            &[
                ("H₂O ماءٌ", "h2o ماء"),
                ("Théorème فيثاغورس ٣", "theoreme فيثاغورس 3"),
            ],
        );
    }

    #[test]
    fn empty_and_punctuation_only_answers_are_empty() {
        assert_maps(
            fold,
            &[
                ("", ""),
                ("   ", ""),
                (" ؟!. ", ""),
                ("\u{064E}\u{0651}", ""),
            ],
        );
    }

    #[test]
    fn case_sensitive_keeps_case_but_folds_the_rest() {
        assert_eq!(normalize_answer(" Élève ", Case::Sensitive), "Eleve");
        assert_eq!(normalize_answer("CO", Case::Sensitive), "CO");
        assert_ne!(
            normalize_answer("Co", Case::Sensitive),
            normalize_answer("CO", Case::Sensitive)
        );
        assert_eq!(normalize_answer("مَدْرَسَةٌ", Case::Sensitive), "مدرسه");
    }

    #[test]
    fn dotted_capital_i_folds_to_plain_i() {
        assert_eq!(fold("İzmir"), "izmir");
    }
}
