//! A tantivy token filter applying [`crate::normalize`] to every word that has Arabic letters.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::normalize::{fold_arabic, has_arabic, strip_article};

/// Folds Arabic words into their search form; Latin words pass through untouched.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicNormalizer;

impl TokenFilter for ArabicNormalizer {
    type Tokenizer<T: Tokenizer> = ArabicNormalizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ArabicNormalizerFilter<T> {
        ArabicNormalizerFilter {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// The tokenizer produced by [`ArabicNormalizer`].
#[derive(Clone)]
pub struct ArabicNormalizerFilter<T> {
    inner: T,
    // Reused between tokens so folding a word does not allocate.
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for ArabicNormalizerFilter<T> {
    type TokenStream<'a> = ArabicNormalizerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.buffer.clear();
        ArabicNormalizerStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream produced by [`ArabicNormalizerFilter`].
pub struct ArabicNormalizerStream<'a, S> {
    tail: S,
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for ArabicNormalizerStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if !has_arabic(&token.text) {
                return true;
            }
            self.buffer.clear();
            fold_arabic(&token.text, self.buffer);
            let stripped_len = strip_article(self.buffer).len();
            let article_len = self.buffer.len() - stripped_len;
            self.buffer.drain(..article_len);
            // A word made only of marks (a stray shadda) has nothing left to index.
            if self.buffer.is_empty() {
                continue;
            }
            mem::swap(&mut token.text, self.buffer);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
