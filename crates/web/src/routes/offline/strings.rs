//! The strings the offline scripts show (`static/shell.js`, `saved.js`, `player.js`), as one
//! JSON object in `<script type="application/json" id="lawha-strings">`, translated from
//! Fluent like every other text, plus `correct_js`, where `saved.js` loads the corrector from.
//! Placeholders the scripts fill stay in the text as `{name}`.
//! Counted messages become one text per CLDR plural category of the language, each made by
//! Fluent's own plural selection on a sample number of that category, whose digits are then
//! replaced by `{n}`: the script picks the category with `Intl.PluralRules` and fills in `n`.

use std::sync::LazyLock;

use lawha_core::Locale;
use serde_json::{Map, Value};

use crate::i18n;

/// Plain messages: (JSON key, Fluent message, placeholders kept for the script). A result
/// corrected on the device uses the set page's own words, so it reads as the server's.
const PLAIN: [(&str, &str, &[&str]); 27] = [
    ("save", "offline-js-save", &[]),
    ("saving", "offline-js-saving", &["percent"]),
    ("saved", "offline-js-saved", &[]),
    ("save_failed", "offline-js-save-failed", &[]),
    ("resume", "offline-js-resume", &[]),
    ("delete", "offline-js-delete", &[]),
    ("open", "offline-js-open", &[]),
    ("deleted", "offline-js-deleted", &[]),
    ("space", "offline-js-space", &["used", "left"]),
    ("quiz_not_saved", "offline-js-quiz-not-saved", &[]),
    ("revision_title", "offline-js-revision-title", &[]),
    ("offline", "offline-js-offline", &[]),
    ("back_online", "offline-js-back-online", &[]),
    ("right", "exercise-verdict-right", &[]),
    ("partly", "exercise-verdict-partly", &[]),
    ("wrong", "exercise-verdict-wrong", &[]),
    ("score", "exercise-score", &["score"]),
    ("solution", "exercise-solution", &[]),
    ("your_answer", "exercise-your-answer", &[]),
    (
        "answer_saved_offline",
        "offline-js-answer-saved-offline",
        &[],
    ),
    ("answer_again", "exercise-answer-again", &[]),
    ("hint_title", "practice-hint-title", &[]),
    ("no_hint", "practice-no-hint", &[]),
    ("right_answer", "practice-right-answer", &[]),
    ("counts_tomorrow", "practice-counts-tomorrow", &[]),
    ("answer_later", "practice-answer-later", &[]),
    ("show_answer", "practice-show-answer", &[]),
];

/// Counted messages (JSON key, Fluent message taking `$n`).
const COUNTED: [(&str, &str); 3] = [
    ("waiting", "offline-js-waiting"),
    ("signout_unsent", "offline-js-signout-unsent"),
    ("refused", "offline-js-refused"),
];

/// A sample number of each CLDR plural category the language has.
pub fn plural_samples(locale: Locale) -> &'static [(&'static str, i64)] {
    match locale {
        Locale::Ar => &[
            ("zero", 0),
            ("one", 1),
            ("two", 2),
            ("few", 3),
            ("many", 11),
            ("other", 100),
        ],
        Locale::Fr => &[("one", 1), ("many", 1_000_000), ("other", 2)],
    }
}

/// The object of every string, in `locale`.
pub fn object(locale: Locale) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, message, placeholders) in PLAIN {
        // Each placeholder is given its own name in braces, so the text keeps `{name}`.
        let args: Vec<(&'static str, String)> = placeholders
            .iter()
            .map(|name| (*name, format!("{{{name}}}")))
            .collect();
        out.insert(
            key.into(),
            Value::String(i18n::t_args(locale, message, &args)),
        );
    }
    for (key, message) in COUNTED {
        out.insert(key.into(), Value::Object(counted(locale, message)));
    }
    // Not a text: where `saved.js` loads the corrector from when a saved set is answered.
    out.insert(
        "correct_js".into(),
        Value::String(crate::assets::correct_js_href().to_owned()),
    );
    out
}

/// One text per plural category: Fluent renders the message for the category's sample
/// number, whose digits then become `{n}` (a category whose text names no number, such as
/// Arabic's "one answer", keeps none).
fn counted(locale: Locale, message: &str) -> Map<String, Value> {
    plural_samples(locale)
        .iter()
        .map(|(category, sample)| {
            let text = i18n::t_count(locale, message, "n", *sample);
            // Fluent writes the count as the pages do, grouped ("1 000 000").
            let text = text.replacen(&crate::format::number(locale, *sample), "{n}", 1);
            ((*category).to_string(), Value::String(text))
        })
        .collect()
}

/// The JSON text for a `<script type="application/json">` element: `<`, `>` and `&` are
/// escaped, so no text can close the element or open a comment.
fn script_json(locale: Locale) -> String {
    let json = Value::Object(object(locale)).to_string();
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

static JSON: LazyLock<[(Locale, String); 2]> =
    LazyLock::new(|| Locale::ALL.map(|locale| (locale, script_json(locale))));

/// The strings of `locale` as JSON safe inside a script element, made once.
pub fn json(locale: Locale) -> &'static str {
    JSON.iter()
        .find(|(l, _)| *l == locale)
        .map(|(_, json)| json.as_str())
        .unwrap_or("{}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_in_both_languages_with_its_placeholders() {
        for locale in Locale::ALL {
            let strings = object(locale);
            for (key, message, placeholders) in PLAIN {
                assert!(i18n::has(locale, message), "{message}");
                let text = strings[key].as_str().unwrap_or_default();
                assert!(
                    !text.is_empty() && !text.contains("offline-js"),
                    "{key}: {text}"
                );
                for name in placeholders {
                    assert!(text.contains(&format!("{{{name}}}")), "{key}: {text}");
                }
            }
            assert_eq!(strings.len(), PLAIN.len() + COUNTED.len() + 1);
            let corrector = strings["correct_js"].as_str().unwrap_or_default();
            assert!(corrector.starts_with("/static/correct-"), "{corrector}");
        }
    }

    #[test]
    fn arabic_counts_have_six_forms() {
        let strings = object(Locale::Ar);
        let waiting = strings["waiting"].as_object().cloned().unwrap_or_default();
        let keys: Vec<&str> = waiting.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 6, "{keys:?}");
        let text = |c: &str| waiting[c].as_str().unwrap_or_default().to_string();
        // Fluent chose a different text for each category.
        let mut all: Vec<String> = ["zero", "one", "two", "few", "many", "other"]
            .iter()
            .map(|c| text(c))
            .collect();
        all.dedup();
        assert_eq!(all.len(), 6, "{all:?}");
        for category in ["few", "many", "other"] {
            assert!(
                text(category).contains("{n}"),
                "{category}: {}",
                text(category)
            );
            assert!(!text(category).chars().any(|c| c.is_ascii_digit()));
        }
        assert!(!text("one").contains("{n}"), "{}", text("one"));
    }

    #[test]
    fn french_counts_have_one_many_other() {
        let strings = object(Locale::Fr);
        for key in ["waiting", "signout_unsent", "refused"] {
            let forms = strings[key].as_object().cloned().unwrap_or_default();
            let mut keys: Vec<&str> = forms.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["many", "one", "other"], "{key}");
            for (_, text) in forms {
                let text = text.as_str().unwrap_or_default();
                assert!(text.contains("{n}"), "{key}: {text}");
                assert!(!text.chars().any(|c| c.is_ascii_digit()), "{key}: {text}");
            }
        }
        let forms = strings["waiting"].as_object().cloned().unwrap_or_default();
        assert_ne!(forms["one"], forms["other"]);
    }

    #[test]
    fn the_json_cannot_close_its_script_element() {
        for locale in Locale::ALL {
            let json = json(locale);
            assert!(!json.contains('<') && !json.contains('>'), "{json}");
            let back: Value = serde_json::from_str(json).unwrap_or_default();
            assert_eq!(back, Value::Object(object(locale)));
        }
    }
}
