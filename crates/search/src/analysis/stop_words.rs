//! Words too common to help find a capsule.
//!
//! Queries are an OR of their words, so without this list "les fractions" would match every
//! French capsule through "les". The lists are short on purpose: a word missing here costs a
//! little ranking noise, a word wrongly listed makes a capsule unfindable.
//!
//! Every analyzer runs the stop filter after its own normalisation, so the lists hold each word
//! in all the forms an analyzer may produce: French with and without accents, Arabic as typed
//! (the French analyzer does not fold Arabic) and folded by [`crate::normalize`].

use crate::normalize::normalize_arabic_word;

const FRENCH: &[&str] = &[
    "a", "à", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du",
    "elle", "en", "est", "et", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs",
    "lui", "m", "ma", "mais", "me", "mes", "n", "ne", "nous", "on", "ou", "où", "par", "pas",
    "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t", "ta", "te",
    "tes", "ton", "un", "une", "vous", "y",
];

const ARABIC: &[&str] = &[
    "في",
    "من",
    "إلى",
    "الى",
    "على",
    "عن",
    "مع",
    "أو",
    "او",
    "ثم",
    "أن",
    "ان",
    "إن",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "التي",
    "الذي",
    "الذين",
    "هو",
    "هي",
    "ما",
    "لا",
    "قد",
    "كل",
    "بين",
    "عند",
];

/// Every stop word in every form the Lawha analyzers produce.
pub fn all_forms() -> Vec<String> {
    let mut words: Vec<String> = Vec::with_capacity(2 * (FRENCH.len() + ARABIC.len()));
    for word in FRENCH {
        words.push((*word).to_owned());
        words.push(fold_french_accents(word));
    }
    for word in ARABIC {
        words.push((*word).to_owned());
        words.push(normalize_arabic_word(word));
    }
    words.sort();
    words.dedup();
    words
}

/// Enough accent folding for the stop list above (the analyzers use tantivy's full folding).
fn fold_french_accents(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'à' | 'â' => 'a',
            'é' | 'è' | 'ê' => 'e',
            'ù' | 'û' => 'u',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_form() {
        let words = all_forms();
        for expected in ["les", "à", "ou", "où", "إلى", "الي", "في"] {
            assert!(words.iter().any(|w| w == expected), "missing {expected}");
        }
        // Content words must never be dropped.
        assert!(!words.iter().any(|w| w == "fraction" || w == "كسور"));
    }
}
