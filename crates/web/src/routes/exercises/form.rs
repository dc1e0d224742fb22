//! Reading an answer form into a [`Response`] for the item's kind.
//!
//! The forms are plain HTML (no JavaScript), so answers arrive as urlencoded text fields:
//! `choice` (repeated for checkboxes), `answer`, `text`, `blank0…`, `match0…`, `order0…`,
//! plus the hidden `event_id`. Everything is checked here before correction: sizes first
//! (a body or a field too long is refused whole), then indexes against the public view the
//! pupil was shown. A refusal is not a wrong answer: nothing is recorded and the pupil is
//! asked again, in their language ([`Refusal::message_key`]).

use lawha_core::exercise::response::{MAX_PARTS, MAX_TEXT_CHARS};
use lawha_core::exercise::{BlankResponse, PublicKind, PublicPart, Response, ResponseError};
use uuid::Uuid;

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

    /// The client-made idempotency key of this answer.
    pub fn event_id(&self) -> Result<Uuid, Refusal> {
        self.first("event_id")
            .and_then(|v| Uuid::parse_str(v).ok())
            .ok_or(Refusal::BadEventId)
    }
}

/// Reads an index into a list of `len` entries.
fn index(value: &str, len: usize) -> Result<usize, Refusal> {
    value
        .parse::<usize>()
        .ok()
        .filter(|&i| i < len)
        .ok_or(Refusal::BadIndex)
}

/// The response the form holds for an item shown as `kind`.
pub fn response_for(kind: &PublicKind, form: &AnswerForm) -> Result<Response, Refusal> {
    match kind {
        PublicKind::SingleChoice { choices } => {
            let value = form.first("choice").ok_or(Refusal::NoAnswer)?;
            Ok(Response::SingleChoice {
                choice: index(value, choices.len())?,
            })
        }
        PublicKind::MultipleChoice { choices } => {
            let mut chosen = form
                .all("choice")
                .map(|v| index(v, choices.len()))
                .collect::<Result<Vec<_>, _>>()?;
            // A checkbox sent twice is the same choice, not a second one.
            chosen.sort_unstable();
            chosen.dedup();
            // None chosen is a valid (wrong) answer: "none of these" may be what the
            // pupil means.
            Ok(Response::MultipleChoice { choices: chosen })
        }
        PublicKind::TrueFalse => match form.first("answer") {
            Some("true") => Ok(Response::TrueFalse { answer: true }),
            Some("false") => Ok(Response::TrueFalse { answer: false }),
            Some(_) => Err(Refusal::BadIndex),
            None => Err(Refusal::NoAnswer),
        },
        PublicKind::Numeric { .. } => Ok(Response::Numeric { text: typed(form)? }),
        PublicKind::ShortAnswer => Ok(Response::ShortAnswer { text: typed(form)? }),
        PublicKind::FillBlanks { parts } => fill_blanks(parts, form),
        PublicKind::Matching { prompts, options } => {
            let mut pairs = Vec::new();
            for prompt in 0..prompts.len() {
                // A prompt left unmatched counts as wrong, as in the corrector.
                if let Some(value) = form.first(&format!("match{prompt}")) {
                    pairs.push((prompt, index(value, options.len())?));
                }
            }
            if pairs.is_empty() {
                return Err(Refusal::NoAnswer);
            }
            Ok(Response::Matching { pairs })
        }
        PublicKind::Ordering { entries } => {
            let order = (0..entries.len())
                .map(|position| {
                    let value = form
                        .first(&format!("order{position}"))
                        .ok_or(Refusal::Incomplete)?;
                    index(value, entries.len())
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Response::Ordering { order })
        }
    }
}

fn typed(form: &AnswerForm) -> Result<String, Refusal> {
    form.first("text")
        .map(str::to_string)
        .ok_or(Refusal::NoAnswer)
}

/// One answer per gap, in order. Every gap is needed: a pupil unsure of one can still write
/// a guess, and an empty gap is far more often a slip than a choice.
fn fill_blanks(parts: &[PublicPart], form: &AnswerForm) -> Result<Response, Refusal> {
    let gaps: Vec<&PublicPart> = parts
        .iter()
        .filter(|p| !matches!(p, PublicPart::Text { .. }))
        .collect();
    let mut blanks = Vec::with_capacity(gaps.len());
    let mut empty = 0;
    for (gap, part) in gaps.iter().enumerate() {
        let Some(value) = form.first(&format!("blank{gap}")) else {
            empty += 1;
            continue;
        };
        blanks.push(match part {
            PublicPart::ChoiceBlank { choices } => {
                BlankResponse::Choice(index(value, choices.len())?)
            }
            _ => BlankResponse::Typed(value.to_string()),
        });
    }
    match empty {
        0 => Ok(Response::FillBlanks { blanks }),
        n if n == gaps.len() => Err(Refusal::NoAnswer),
        _ => Err(Refusal::Incomplete),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use lawha_core::Locale;

    fn form(body: &str) -> AnswerForm {
        AnswerForm::parse(body.as_bytes()).unwrap()
    }

    fn choices(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("c{i}")).collect()
    }

    #[test]
    fn every_refusal_has_a_message_in_both_languages() {
        for refusal in Refusal::ALL {
            for locale in [Locale::Ar, Locale::Fr] {
                assert!(
                    crate::i18n::has(locale, refusal.message_key()),
                    "{refusal:?} in {}",
                    locale.code()
                );
            }
        }
    }

    #[test]
    fn sizes_are_limited() {
        let long = format!("text={}", "a".repeat(MAX_TEXT_CHARS + 1));
        assert_eq!(
            AnswerForm::parse(long.as_bytes()).unwrap_err(),
            Refusal::TooLong
        );
        let arabic = format!("text={}", "م".repeat(MAX_TEXT_CHARS));
        assert!(AnswerForm::parse(arabic.as_bytes()).is_ok());
        let many = (0..MAX_FIELDS + 1)
            .map(|i| format!("f{i}=1"))
            .collect::<Vec<_>>()
            .join("&");
        assert_eq!(
            AnswerForm::parse(many.as_bytes()).unwrap_err(),
            Refusal::TooManyFields
        );
        let huge = vec![b'a'; MAX_BODY_BYTES + 1];
        assert_eq!(AnswerForm::parse(&huge).unwrap_err(), Refusal::TooLarge);
    }

    #[test]
    fn event_id_must_be_a_uuid() {
        let id = Uuid::now_v7();
        assert_eq!(form(&format!("event_id={id}")).event_id(), Ok(id));
        assert_eq!(form("event_id=x").event_id(), Err(Refusal::BadEventId));
        assert_eq!(form("").event_id(), Err(Refusal::BadEventId));
    }

    #[test]
    fn choices_are_checked_against_the_public_view() {
        let single = PublicKind::SingleChoice {
            choices: choices(3),
        };
        assert_eq!(
            response_for(&single, &form("choice=2")),
            Ok(Response::SingleChoice { choice: 2 })
        );
        for (body, refusal) in [
            ("choice=3", Refusal::BadIndex),
            ("choice=-1", Refusal::BadIndex),
            ("choice=x", Refusal::BadIndex),
            ("", Refusal::NoAnswer),
        ] {
            assert_eq!(response_for(&single, &form(body)), Err(refusal), "{body}");
        }
        let multiple = PublicKind::MultipleChoice {
            choices: choices(3),
        };
        assert_eq!(
            response_for(&multiple, &form("choice=2&choice=0&choice=2")),
            Ok(Response::MultipleChoice {
                choices: vec![0, 2]
            })
        );
        assert_eq!(
            response_for(&multiple, &form("")),
            Ok(Response::MultipleChoice { choices: vec![] })
        );
        assert_eq!(
            response_for(&multiple, &form("choice=9")),
            Err(Refusal::BadIndex)
        );
    }

    #[test]
    fn true_false_and_typed_answers() {
        assert_eq!(
            response_for(&PublicKind::TrueFalse, &form("answer=false")),
            Ok(Response::TrueFalse { answer: false })
        );
        assert_eq!(
            response_for(&PublicKind::TrueFalse, &form("answer=maybe")),
            Err(Refusal::BadIndex)
        );
        assert_eq!(
            response_for(
                &PublicKind::ShortAnswer,
                &form("text=+%D8%A7%D9%84%D8%B1%D8%A8%D8%A7%D8%B7+")
            ),
            Ok(Response::ShortAnswer {
                text: "الرباط".into()
            })
        );
        assert_eq!(
            response_for(&PublicKind::Numeric { units: vec![] }, &form("text=++")),
            Err(Refusal::NoAnswer)
        );
    }

    #[test]
    fn gaps_are_all_needed() {
        let kind = PublicKind::FillBlanks {
            parts: vec![
                PublicPart::Text { text: "a ".into() },
                PublicPart::TypedBlank,
                PublicPart::Text { text: " b ".into() },
                PublicPart::ChoiceBlank {
                    choices: choices(2),
                },
            ],
        };
        assert_eq!(
            response_for(&kind, &form("blank0=x&blank1=1")),
            Ok(Response::FillBlanks {
                blanks: vec![BlankResponse::Typed("x".into()), BlankResponse::Choice(1)]
            })
        );
        assert_eq!(
            response_for(&kind, &form("blank0=x")),
            Err(Refusal::Incomplete)
        );
        assert_eq!(response_for(&kind, &form("")), Err(Refusal::NoAnswer));
        assert_eq!(
            response_for(&kind, &form("blank0=x&blank1=2")),
            Err(Refusal::BadIndex)
        );
    }

    #[test]
    fn matching_and_ordering() {
        let matching = PublicKind::Matching {
            prompts: choices(2),
            options: choices(3),
        };
        assert_eq!(
            response_for(&matching, &form("match1=2&match0=")),
            Ok(Response::Matching {
                pairs: vec![(1, 2)]
            })
        );
        assert_eq!(response_for(&matching, &form("")), Err(Refusal::NoAnswer));
        assert_eq!(
            response_for(&matching, &form("match0=3")),
            Err(Refusal::BadIndex)
        );
        let ordering = PublicKind::Ordering {
            entries: choices(3),
        };
        assert_eq!(
            response_for(&ordering, &form("order0=2&order1=0&order2=1")),
            Ok(Response::Ordering {
                order: vec![2, 0, 1]
            })
        );
        assert_eq!(
            response_for(&ordering, &form("order0=2&order1=0")),
            Err(Refusal::Incomplete)
        );
    }
}
