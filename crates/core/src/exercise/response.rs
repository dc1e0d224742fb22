//! What a pupil sends back, and why a response can be refused before it is corrected.
//!
//! Indexes refer to the lists of the item's [`PublicItem`](super::public::PublicItem).
//! A refused response ([`ResponseError`]) is not a wrong answer: it is not scored, and the
//! interface asks again (translating [`ResponseError::code`]).

use serde::{Deserialize, Serialize};
use strum::IntoStaticStr;
use thiserror::Error;

/// Most characters in one typed answer.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// Most parts (choices, gaps, pairs, entries) one response may carry.
pub const MAX_PARTS: usize = 200;

/// A pupil's answer to one item, one variant per [`ItemKind`](super::item::ItemKind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, IntoStaticStr)]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Response {
    SingleChoice {
        choice: usize,
    },
    /// The chosen choices; none chosen is a valid (wrong) answer.
    MultipleChoice {
        choices: Vec<usize>,
    },
    TrueFalse {
        answer: bool,
    },
    /// As typed: `3,5`, `٣٫٥` and `350 cm` are read by the corrector.
    Numeric {
        text: String,
    },
    ShortAnswer {
        text: String,
    },
    /// One answer per gap, in order.
    FillBlanks {
        blanks: Vec<BlankResponse>,
    },
    /// `(prompt, option)` pairs; prompts left out count as unmatched.
    Matching {
        pairs: Vec<(usize, usize)>,
    },
    /// Every entry exactly once, first position first.
    Ordering {
        order: Vec<usize>,
    },
}

impl Response {
    /// The kind name of the item this response is for, as in [`ItemKind::name`](super::item::ItemKind::name).
    pub fn kind_name(&self) -> &'static str {
        self.into()
    }
}

/// The answer to one gap: typed text or the index of a choice. In JSON a string or a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BlankResponse {
    Choice(usize),
    Typed(String),
}

/// Why a response was refused without being corrected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ResponseError {
    #[error("a {found} response was sent for a {expected} item")]
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    #[error("index {index} is out of range (there are {len})")]
    IndexOutOfRange { index: usize, len: usize },
    #[error("index {index} is given more than once")]
    Duplicate { index: usize },
    #[error("an answer is longer than {limit} characters")]
    TooLong { limit: usize },
    #[error("the response has {found} parts, at most {limit} are allowed")]
    TooManyParts { found: usize, limit: usize },
    #[error("the response has {found} parts, the item needs {expected}")]
    WrongPartCount { expected: usize, found: usize },
    #[error("the answer is not a number")]
    NotANumber,
}

impl ResponseError {
    /// A stable key for the interface to translate.
    pub fn code(&self) -> &'static str {
        match self {
            ResponseError::WrongType { .. } => "wrong-type",
            ResponseError::IndexOutOfRange { .. } => "index-out-of-range",
            ResponseError::Duplicate { .. } => "duplicate",
            ResponseError::TooLong { .. } => "too-long",
            ResponseError::TooManyParts { .. } => "too-many-parts",
            ResponseError::WrongPartCount { .. } => "wrong-part-count",
            ResponseError::NotANumber => "not-a-number",
        }
    }
}

/// Refuses more than `limit` parts (and more than [`MAX_PARTS`] whatever the item).
pub(crate) fn check_part_count(found: usize, limit: usize) -> Result<(), ResponseError> {
    let limit = limit.min(MAX_PARTS);
    if found > limit {
        return Err(ResponseError::TooManyParts { found, limit });
    }
    Ok(())
}

/// Refuses an index past `len`.
pub(crate) fn check_index(index: usize, len: usize) -> Result<(), ResponseError> {
    if index >= len {
        return Err(ResponseError::IndexOutOfRange { index, len });
    }
    Ok(())
}

/// Refuses indexes that are out of range or repeated; `len` is the list they point into.
pub(crate) fn check_distinct_indexes(indexes: &[usize], len: usize) -> Result<(), ResponseError> {
    let mut seen = vec![false; len];
    for &index in indexes {
        check_index(index, len)?;
        match seen.get_mut(index) {
            Some(already) if *already => return Err(ResponseError::Duplicate { index }),
            Some(slot) => *slot = true,
            None => return Err(ResponseError::IndexOutOfRange { index, len }),
        }
    }
    Ok(())
}

/// Refuses typed text longer than [`MAX_TEXT_CHARS`].
pub(crate) fn check_text(text: &str) -> Result<(), ResponseError> {
    if text.chars().nth(MAX_TEXT_CHARS).is_some() {
        return Err(ResponseError::TooLong {
            limit: MAX_TEXT_CHARS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_read_from_browser_json() {
        let json = r#"{"type":"fill_blanks","blanks":["Rabat",1]}"#;
        let response: Response = serde_json::from_str(json).unwrap();
        assert_eq!(
            response,
            Response::FillBlanks {
                blanks: vec![
                    BlankResponse::Typed("Rabat".into()),
                    BlankResponse::Choice(1)
                ]
            }
        );
        let json = r#"{"type":"matching","pairs":[[0,2],[1,0]]}"#;
        let response: Response = serde_json::from_str(json).unwrap();
        assert_eq!(
            response,
            Response::Matching {
                pairs: vec![(0, 2), (1, 0)]
            }
        );
        assert_eq!(response.kind_name(), "matching");
    }

    #[test]
    fn unknown_response_types_do_not_parse() {
        assert!(serde_json::from_str::<Response>(r#"{"type":"essay","text":"x"}"#).is_err());
        assert!(
            serde_json::from_str::<Response>(r#"{"type":"single_choice","choice":-1}"#).is_err()
        );
    }

    #[test]
    fn text_limit_counts_characters_not_bytes() {
        assert!(check_text(&"م".repeat(MAX_TEXT_CHARS)).is_ok());
        assert_eq!(
            check_text(&"a".repeat(MAX_TEXT_CHARS + 1)),
            Err(ResponseError::TooLong {
                limit: MAX_TEXT_CHARS
            })
        );
    }

    #[test]
    fn distinct_indexes() {
        assert!(check_distinct_indexes(&[2, 0, 1], 3).is_ok());
        assert_eq!(
            check_distinct_indexes(&[0, 0], 3),
            Err(ResponseError::Duplicate { index: 0 })
        );
        assert_eq!(
            check_distinct_indexes(&[3], 3),
            Err(ResponseError::IndexOutOfRange { index: 3, len: 3 })
        );
    }

    #[test]
    fn part_count_is_capped_globally() {
        assert!(check_part_count(3, 3).is_ok());
        assert_eq!(
            check_part_count(4, 3),
            Err(ResponseError::TooManyParts { found: 4, limit: 3 })
        );
        assert!(matches!(
            check_part_count(MAX_PARTS + 1, usize::MAX),
            Err(ResponseError::TooManyParts { .. })
        ));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(ResponseError::NotANumber.code(), "not-a-number");
        assert_eq!(ResponseError::Duplicate { index: 1 }.code(), "duplicate");
        assert_eq!(
            ResponseError::WrongType {
                expected: "numeric",
                found: "ordering"
            }
            .code(),
            "wrong-type"
        );
    }
}
