//! The interface languages: Arabic (the default, right-to-left) and French.

use serde::{Deserialize, Serialize};

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Ar,
    Fr,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ar, Locale::Fr];

    /// The BCP 47 tag used in `lang` attributes and cookies.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Ar => "ar",
            Locale::Fr => "fr",
        }
    }

    /// Parses a language tag, accepting regional variants such as `fr-MA` or `ar-MA`.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ar" => Some(Locale::Ar),
            "fr" => Some(Locale::Fr),
            _ => None,
        }
    }

    /// Text direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar => "rtl",
            Locale::Fr => "ltr",
        }
    }

    /// Picks the name in this language from an Arabic/French pair.
    pub fn pick<'a>(self, ar: &'a str, fr: &'a str) -> &'a str {
        match self {
            Locale::Ar => ar,
            Locale::Fr => fr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_regional_tags_and_rejects_others() {
        assert_eq!(Locale::parse("fr-MA"), Some(Locale::Fr));
        assert_eq!(Locale::parse("AR"), Some(Locale::Ar));
        assert_eq!(Locale::parse("en"), None);
        assert_eq!(Locale::parse(""), None);
    }
}
