//! What the index knows about a capsule or a help article.

use uuid::Uuid;

/// Language of instruction of a capsule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Ar,
    Fr,
}

impl Language {
    /// The code stored in the index and used in filters ("ar" or "fr").
    pub fn code(self) -> &'static str {
        match self {
            Language::Ar => "ar",
            Language::Fr => "fr",
        }
    }

    /// Parses "ar" or "fr" (any case); anything else is `None`.
    pub fn parse(code: &str) -> Option<Language> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ar" => Some(Language::Ar),
            "fr" => Some(Language::Fr),
            _ => None,
        }
    }
}

/// The kinds of document one index holds; every search asks for one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// A capsule (video lesson); what a search finds unless it asks otherwise.
    #[default]
    Capsule,
    /// An article of the help centre.
    Article,
}

impl DocKind {
    /// The code stored in the index.
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Capsule => "capsule",
            DocKind::Article => "article",
        }
    }
}

/// A help article as the search index sees it: its title and body in both languages.
/// Found by the same analyzers as capsules; no level, subject or language filter applies.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleDoc {
    pub id: Uuid,
    pub title_ar: String,
    pub title_fr: String,
    pub body_ar: String,
    pub body_fr: String,
    /// Unpublished articles are indexed but hidden unless a query asks for them.
    pub published: bool,
}

/// A capsule as the search index sees it: its texts in both languages and the codes it can be
/// filtered by. Empty strings are fine for any text a capsule lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct CapsuleDoc {
    pub id: Uuid,
    pub title_ar: String,
    pub title_fr: String,
    pub description_ar: String,
    pub description_fr: String,
    /// Plain text of the subtitles, if the capsule has any.
    pub transcript: String,
    /// Level code, such as "1AC"; filters compare it exactly.
    pub level: String,
    /// Subject code, such as "MATH"; filters compare it exactly.
    pub subject: String,
    pub language: Language,
    /// Unpublished capsules are indexed but hidden unless a query asks for them.
    pub published: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_round_trip() {
        for language in [Language::Ar, Language::Fr] {
            assert_eq!(Language::parse(language.code()), Some(language));
        }
        assert_eq!(Language::parse(" FR "), Some(Language::Fr));
        assert_eq!(Language::parse("en"), None);
    }
}
