//! The [`Response`] an answer form holds for the kind of item the pupil was shown, with
//! every index checked against that view.

use lawha_core::exercise::{BlankResponse, PublicKind, PublicPart, Response};

use super::{AnswerForm, Refusal};

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
