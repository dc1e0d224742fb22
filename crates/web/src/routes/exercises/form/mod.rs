//! Reading an answer form into a [`Response`](lawha_core::exercise::Response) for the
//! item's kind.
//!
//! The forms are plain HTML (no JavaScript), so answers arrive as urlencoded text fields:
//! `choice` (repeated for checkboxes), `answer`, `text`, `blank0…`, `match0…`, `order0…`,
//! plus the hidden `event_id`. Everything is checked here before correction: sizes first
//! (a body or a field too long is refused whole), then indexes against the public view the
//! pupil was shown. A refusal is not a wrong answer: nothing is recorded and the pupil is
//! asked again, in their language ([`Refusal::message_key`]).

use lawha_core::exercise::response::{MAX_PARTS, MAX_TEXT_CHARS};
use lawha_core::exercise::ResponseError;
use uuid::Uuid;

mod response;

pub use self::response::response_for;

/// Largest answer body: far above any honest answer (2,000 characters per typed field),
/// far below the site-wide limit that CSV imports need.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Most fields in one answer: one per part, and a few hidden ones.
const MAX_FIELDS: usize = MAX_PARTS + 8;

/// Longest field name; ours are short (`blank199`).
const MAX_NAME_CHARS: usize = 32;

/// Why an answer form was refused before correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    TooLarge,
    TooManyFields,
    TooLong,
    Malformed,
    /// The hidden idempotency key is missing or not a UUID (a tampered or stale form).
    BadEventId,
    NoAnswer,
    /// Some gaps or positions were left empty where every one is needed.
    Incomplete,
    /// An index outside the lists the pupil was shown.
    BadIndex,
    /// The same entry placed twice (ordering).
    Duplicate,
    NotANumber,
}

impl Refusal {
    /// The translation key of the message shown to the pupil.
    pub fn message_key(self) -> &'static str {
        match self {
            Refusal::TooLarge | Refusal::TooManyFields => "exercise-err-too-large",
            Refusal::TooLong => "exercise-err-too-long",
            Refusal::Malformed | Refusal::BadEventId => "exercise-err-stale-form",
            Refusal::NoAnswer => "exercise-err-no-answer",
            Refusal::Incomplete => "exercise-err-incomplete",
            Refusal::BadIndex => "exercise-err-bad-index",
            Refusal::Duplicate => "exercise-err-duplicate",
            Refusal::NotANumber => "exercise-err-not-a-number",
        }
    }

    /// Every refusal, for checking that each has a message.
    #[cfg(test)]
    pub const ALL: [Refusal; 10] = [
        Refusal::TooLarge,
        Refusal::TooManyFields,
        Refusal::TooLong,
        Refusal::Malformed,
        Refusal::BadEventId,
        Refusal::NoAnswer,
        Refusal::Incomplete,
        Refusal::BadIndex,
        Refusal::Duplicate,
        Refusal::NotANumber,
    ];
}

impl From<ResponseError> for Refusal {
    /// The corrector re-checks what this module checked; its refusals map to the same
    /// messages (a wrong type cannot come from our own forms, so it reads as stale).
    fn from(err: ResponseError) -> Self {
        match err {
            ResponseError::WrongType { .. } => Refusal::Malformed,
            ResponseError::IndexOutOfRange { .. } => Refusal::BadIndex,
            ResponseError::Duplicate { .. } => Refusal::Duplicate,
            ResponseError::TooLong { .. } => Refusal::TooLong,
            ResponseError::TooManyParts { .. } => Refusal::TooManyFields,
            ResponseError::WrongPartCount { .. } => Refusal::Incomplete,
            ResponseError::NotANumber => Refusal::NotANumber,
        }
    }
}

/// The fields of an answer form, size-checked.
#[derive(Debug, Clone)]
pub struct AnswerForm {
    fields: Vec<(String, String)>,
}

impl AnswerForm {
    /// Reads an urlencoded body, refusing oversized bodies, fields and field counts.
    pub fn parse(body: &[u8]) -> Result<AnswerForm, Refusal> {
        if body.len() > MAX_BODY_BYTES {
            return Err(Refusal::TooLarge);
        }
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|_| Refusal::Malformed)?;
        if fields.len() > MAX_FIELDS {
            return Err(Refusal::TooManyFields);
        }
        let too_long = fields.iter().any(|(name, value)| {
            name.chars().nth(MAX_NAME_CHARS).is_some()
                || value.chars().nth(MAX_TEXT_CHARS).is_some()
        });
        if too_long {
            return Err(Refusal::TooLong);
        }
        Ok(AnswerForm { fields })
    }

    /// The first value of a field, trimmed; `None` when absent or blank.
    fn first(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every non-blank value of a repeated field (checkboxes).
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The page the form returns to.
    pub fn back(&self) -> super::Back {
        super::Back::parse(self.first("back"))
    }

    /// When a device says the answer was made (`answered_at`, milliseconds since the
    /// epoch), for answers made offline and sent later; `None` for online forms.
    pub fn answered_at(&self) -> Option<&str> {
        self.first("answered_at")
    }

    /// When a device says it showed the item's answer (`shown_at`, milliseconds since the
    /// epoch): a showing made offline and sent later; `None` from the set page's button.
    pub fn shown_at(&self) -> Option<&str> {
        self.first("shown_at")
    }

    /// The client-made idempotency key of this answer.
    pub fn event_id(&self) -> Result<Uuid, Refusal> {
        self.first("event_id")
            .and_then(|v| Uuid::parse_str(v).ok())
            .ok_or(Refusal::BadEventId)
    }
}

#[cfg(test)]
mod offline_parity;
#[cfg(test)]
mod tests;
