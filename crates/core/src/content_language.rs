//! Which language a piece of content is written in, Arabic or French, read from its text.
//!
//! Content is in one of the two interface languages. Letters decide: Arabic-script letters
//! against Latin letters, whoever has more wins. Digits, signs and LaTeX commands
//! (`\frac`, `\sqrt` — Latin letters that are no French) are not counted, so a French maths
//! question full of formulas stays French and an Arabic one stays Arabic. A text with no
//! letter at all says nothing ([`None`]), and a tie goes to Arabic, the platform's default.

use crate::Locale;

/// The language most letters of `texts` are written in, or `None` when they hold no letter.
pub fn detect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Locale> {
    let (mut arabic, mut latin) = (0_usize, 0_usize);
    for text in texts {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' {
                // A LaTeX command: its name is not a French word.
                while chars.next_if(|n| n.is_ascii_alphabetic()).is_some() {}
            } else if is_arabic_letter(c) {
                arabic += 1;
            } else if c.is_alphabetic() && is_latin(c) {
                latin += 1;
            }
        }
    }
    match (arabic, latin) {
        (0, 0) => None,
        (a, l) if a >= l => Some(Locale::Ar),
        _ => Some(Locale::Fr),
    }
}

/// An Arabic-script letter (not a digit, sign or vowel mark).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A letter of the Latin script (French accents included).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_decide_and_formulas_do_not_count() {
        assert_eq!(detect(["ما هي عاصمة المغرب؟"]), Some(Locale::Ar));
        assert_eq!(
            detect(["Quelle est la capitale du Maroc ?"]),
            Some(Locale::Fr)
        );
        assert_eq!(detect(["Élève"]), Some(Locale::Fr));
        // A French question with long formulas, an Arabic one with a French word.
        assert_eq!(
            detect([r"Calcule \(\frac{\sqrt{x}}{\alpha}\)"]),
            Some(Locale::Fr)
        );
        assert_eq!(
            detect([r"احسب \(\frac{\sqrt{x}}{\alpha}\) بالضبط"]),
            Some(Locale::Ar)
        );
        assert_eq!(detect(["اكتب كلمة Maroc بالفرنسية"]), Some(Locale::Ar));
        // Several texts count together.
        assert_eq!(detect(["Maroc", "المغرب", "Rabat"]), Some(Locale::Fr));
    }

    #[test]
    fn no_letter_says_nothing_and_a_tie_is_arabic() {
        assert_eq!(detect([]), None);
        assert_eq!(detect(["12 + 30 = ?", r"\(\frac{1}{2}\)", "٣٤"]), None);
        assert_eq!(detect(["ab", "أب"]), Some(Locale::Ar));
    }
}
