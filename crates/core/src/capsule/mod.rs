//! Capsules: short video lessons, each on one lesson of the curriculum.
//!
//! - [`CapsuleStatus`] and [`MediaStatus`]: where a capsule and each of its media versions
//!   stand, and the moves between states (pure rules, applied by the store).
//! - [`CapsuleFields`]: validation of what producers type (titles, descriptions, tags).
//! - [`DataSaver`]: the viewer's bandwidth choice.
//! - [`CapsuleAudience`]: who may see a capsule.
//! - [`manifest`]: bulk catalog manifests (CSV or JSON) with row/column errors.
//! - [`vtt`]: WebVTT subtitles checked and read as plain text for search.

mod audience;
pub mod manifest;
mod status;
pub mod vtt;

pub use audience::{CapsuleAudience, EDITOR_ROLES};
pub use status::{CapsuleStatus, MediaStatus};

use serde::{Deserialize, Serialize};

use crate::validate::FieldError;
use crate::Locale;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4_000;
/// Most tags on one capsule, and the longest tag.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 40;

/// What a producer writes about a capsule, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CapsuleFields {
    pub title_ar: String,
    pub title_fr: String,
    pub description_ar: String,
    pub description_fr: String,
    /// Language of instruction.
    pub language: Option<Locale>,
    /// The teacher who speaks in the capsule, as credited.
    pub teacher: String,
    /// Tags as typed: separated by commas, `|` or Arabic commas.
    pub tags: String,
}

/// [`CapsuleFields`] once valid: trimmed, at least one title, tags split and deduplicated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCapsule {
    pub title_ar: String,
    pub title_fr: String,
    pub description_ar: String,
    pub description_fr: String,
    pub language: Locale,
    pub teacher: String,
    pub tags: Vec<String>,
}

impl CapsuleFields {
    /// Checks every field; returns the first problem with the field it is about.
    pub fn validate(&self) -> Result<ValidCapsule, (&'static str, FieldError)> {
        let title_ar = bounded(&self.title_ar, MAX_TITLE_CHARS).map_err(|e| ("title_ar", e))?;
        let title_fr = bounded(&self.title_fr, MAX_TITLE_CHARS).map_err(|e| ("title_fr", e))?;
        if title_ar.is_empty() && title_fr.is_empty() {
            return Err(("title_ar", FieldError::new("title-required")));
        }
        let description_ar = bounded(&self.description_ar, MAX_DESCRIPTION_CHARS)
            .map_err(|e| ("description_ar", e))?;
        let description_fr = bounded(&self.description_fr, MAX_DESCRIPTION_CHARS)
            .map_err(|e| ("description_fr", e))?;
        let language = self
            .language
            .ok_or(("language", FieldError::new("required")))?;
        let teacher =
            bounded(&self.teacher, crate::validate::MAX_NAME_CHARS).map_err(|e| ("teacher", e))?;
        let tags = split_tags(&self.tags).map_err(|e| ("tags", e))?;
        Ok(ValidCapsule {
            title_ar,
            title_fr,
            description_ar,
            description_fr,
            language,
            teacher,
            tags,
        })
    }
}

/// Trims `raw` and refuses control characters (other than line breaks) and overlong text.
fn bounded(raw: &str, max_chars: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.chars().count() > max_chars {
        return Err(FieldError::new("too-long"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new("invalid-characters"));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// Tags separated by `,`, `،` (Arabic comma) or `|`; blanks dropped, duplicates (ignoring
/// case) kept once, in the order written.
pub fn split_tags(raw: &str) -> Result<Vec<String>, FieldError> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw
        .split([',', '،', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let tag = bounded(tag, MAX_TAG_CHARS)?;
        if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(FieldError::new("too-many-tags"));
    }
    Ok(tags)
}

/// How much data the player may spend: the viewer's choice, remembered per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DataSaver {
    /// The player picks the rung the connection allows.
    #[default]
    Auto,
    /// Always the lowest video rung.
    Lowest,
    /// Sound only (the slides are described by the teacher).
    Audio,
}

impl DataSaver {
    pub const ALL: [DataSaver; 3] = [DataSaver::Auto, DataSaver::Lowest, DataSaver::Audio];

    pub fn as_str(self) -> &'static str {
        match self {
            DataSaver::Auto => "auto",
            DataSaver::Lowest => "lowest",
            DataSaver::Audio => "audio",
        }
    }

    pub fn parse(text: &str) -> Option<DataSaver> {
        DataSaver::ALL
            .into_iter()
            .find(|d| d.as_str() == text.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> CapsuleFields {
        CapsuleFields {
            title_ar: "  الكسور  ".into(),
            language: Some(Locale::Ar),
            tags: "كسور، maths | Maths,, ".into(),
            ..CapsuleFields::default()
        }
    }

    #[test]
    fn valid_fields_are_trimmed_and_tags_split() {
        let valid = fields().validate().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(valid.title_ar, "الكسور");
        assert_eq!(valid.tags, ["كسور", "maths"]);
    }

    #[test]
    fn problems_name_their_field() {
        let mut f = fields();
        f.title_ar = " ".into();
        assert_eq!(
            f.validate().err().map(|e| (e.0, e.1.code)),
            Some(("title_ar", "title-required"))
        );
        let mut f = fields();
        f.language = None;
        assert_eq!(f.validate().err().map(|e| e.0), Some("language"));
        let mut f = fields();
        f.description_fr = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(
            f.validate().err().map(|e| (e.0, e.1.code)),
            Some(("description_fr", "too-long"))
        );
        let mut f = fields();
        f.teacher = "a\u{7}b".into();
        assert_eq!(
            f.validate().err().map(|e| e.1.code),
            Some("invalid-characters")
        );
        let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert_eq!(
            split_tags(&many.join(",")).err().map(|e| e.code),
            Some("too-many-tags")
        );
    }

    #[test]
    fn data_saver_round_trips() {
        for d in DataSaver::ALL {
            assert_eq!(DataSaver::parse(d.as_str()), Some(d));
        }
        assert_eq!(DataSaver::parse("hd"), None);
    }
}
