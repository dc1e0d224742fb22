//! Splits text into words, keeping combining marks inside the word they belong to.
//!
//! tantivy's `SimpleTokenizer` splits on every character that is not alphanumeric, and some
//! marks are not: U+0658 (Arabic noon ghunna), several Quranic marks and every Latin combining
//! accent (a decomposed "é" is "e" + U+0301). A vocalised or decomposed word would then be cut
//! in two and never match its plain spelling. This tokenizer treats those marks as part of the
//! word and returns each word in NFKC form, which also composes decomposed accents and unfolds
//! Arabic presentation forms ("ﻻ" → "لا") pasted from PDFs.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Word tokenizer shared by every Lawha analyzer.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The stream of words produced by [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            cursor: 0,
            token: &mut self.token,
        }
    }
}

/// Whether `c` belongs inside a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Combining marks that follow a letter: Latin accents and the Arabic marks of
/// [`crate::normalize`]. Other scripts' marks are alphanumeric already or out of scope.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}')
}

impl WordTokenStream<'_> {
    /// Byte range of the next word at or after the cursor.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let rest = self.text.get(self.cursor..)?;
        let (start_in_rest, _) = rest.char_indices().find(|(_, c)| is_word_char(*c))?;
        let start = self.cursor + start_in_rest;
        let word_and_after = self.text.get(start..)?;
        let len = word_and_after
            .char_indices()
            .find(|(_, c)| !is_word_char(*c))
            .map_or(word_and_after.len(), |(offset, _)| offset);
        Some((start, start + len))
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((from, to)) = self.next_word() else {
            self.cursor = self.text.len();
            return false;
        };
        self.cursor = to;
        let word = self.text.get(from..to).unwrap_or_default();
        self.token.text.clear();
        if is_nfkc_quick(word.chars()) == IsNormalized::Yes {
            self.token.text.push_str(word);
        } else {
            self.token.text.extend(word.nfkc());
        }
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn splits_on_punctuation_and_spaces() {
        assert_eq!(
            words("Hello, l'équation: x=2!"),
            ["Hello", "l", "équation", "x", "2"]
        );
        assert_eq!(
            words("ما هو الإعراب؟ ، مثال"),
            ["ما", "هو", "الإعراب", "مثال"]
        );
        assert!(words("  ?!: \"\" ").is_empty());
    }

    #[test]
    fn keeps_marks_inside_words() {
        // U+0658 and U+06DF are not alphanumeric, yet belong to the word.
        assert_eq!(
            words("ك\u{06DF}تاب\u{0658} درس"),
            ["ك\u{06DF}تاب\u{0658}", "درس"]
        );
        // A decomposed "é" comes out composed.
        assert_eq!(words("e\u{0301}quation"), ["équation"]);
    }

    #[test]
    fn unfolds_presentation_forms() {
        assert_eq!(words("\u{FEFB}"), ["لا"]);
    }

    #[test]
    fn numbers_positions_from_zero() {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream("a b");
        assert!(stream.advance());
        assert_eq!(stream.token().position, 0);
        assert!(stream.advance());
        assert_eq!(stream.token().position, 1);
        assert!(!stream.advance());
    }
}
