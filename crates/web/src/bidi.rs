//! Mixed-direction runs inside translated sentences: a value (a date, a size, a title in
//! the other script) put into a message in its own `<bdi>`, so that the sentence around it
//! cannot reorder it and it cannot reorder the sentence.

// SVG's escaping (`& < > " '`) is HTML's too.
use crate::charts::escape;

/// Stands for the value while Fluent builds the message: a private-use character no
/// message or value holds.
const HOLE: &str = "\u{E000}";

/// `message_with_hole` (built with [`HOLE`] as the argument) as HTML: the message escaped,
/// the value escaped inside `<bdi>`.
fn fill(message_with_hole: &str, value: &str) -> String {
    let isolated = format!("<bdi>{}</bdi>", escape(value));
    escape(message_with_hole).replace(HOLE, &isolated)
}

/// The message for `key` with its argument `name` set to `value`, as HTML: everything
/// escaped, the value in `<bdi>`. Templates print it with `|safe`.
pub fn message(locale: lawha_core::Locale, key: &str, name: &'static str, value: &str) -> String {
    let with_hole = crate::i18n::t_args(locale, key, &[(name, HOLE.to_string())]);
    fill(&with_hole, &value.replace(HOLE, ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lawha_core::Locale;

    #[test]
    fn the_value_is_isolated_and_everything_escaped() {
        assert_eq!(
            fill("à rendre le \u{E000} <b>", "11 décembre & <i>"),
            "à rendre le <bdi>11 décembre &amp; &lt;i&gt;</bdi> &lt;b&gt;"
        );
        let html = message(Locale::Fr, "home-todo-due", "date", "11 décembre 2026");
        assert!(html.contains("<bdi>11 décembre 2026</bdi>"), "{html}");
        assert!(!html.contains('\u{E000}'), "{html}");
    }
}
