//! Reading a number, and the unit after it, from what a pupil typed.
//!
//! Accepted: Western, Arabic-Indic and Eastern Arabic-Indic digits; `.`, `,` or `٫` as the
//! decimal separator (a comma is always decimal, as in French and Arabic, so `1,000` is one);
//! spaces, no-break spaces and `٬` between digit groups (`1 000`, `١٬٠٠٠`); a leading `+`,
//! `-` or `−`; an exponent (`6.02e23`). Whatever follows the number is the unit, trimmed
//! (`350 cm`, `350cm`). Infinities and NaN are refused.

use unicode_normalization::UnicodeNormalization;

use crate::arabic::ascii_digit;

/// A number and the (possibly empty) unit written after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: String,
}

/// Reads `text` as a number with an optional unit; `None` when it does not start with one.
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    let chars = canonical_chars(text);
    let mut literal = String::new();
    let mut rest = chars.as_slice();

    if let Some((&sign, after)) = rest.split_first() {
        if sign == '-' || sign == '+' {
            literal.push(sign);
            rest = after;
        }
    }
    let integer_digits = take_digits(&mut rest, &mut literal, true);
    let mut fraction_digits = 0;
    if let Some((&'.', after)) = rest.split_first() {
        literal.push('.');
        rest = after;
        fraction_digits = take_digits(&mut rest, &mut literal, false);
    }
    if integer_digits + fraction_digits == 0 {
        return None;
    }
    take_exponent(&mut rest, &mut literal);

    let value: f64 = literal.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    let unit: String = rest.iter().collect();
    Some(Quantity {
        value,
        unit: unit.trim().nfc().collect(),
    })
}

/// NFKC (full-width digits, no-break spaces), trimmed, with Arabic digits and separators
/// mapped to ASCII and direction marks removed.
fn canonical_chars(text: &str) -> Vec<char> {
    text.nfkc()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}'))
        .map(|c| match c {
            '٫' | ',' => '.',
            '−' => '-',
            other => ascii_digit(other).unwrap_or(other),
        })
        .collect::<String>()
        .trim()
        .chars()
        .collect()
}

/// Takes ASCII digits into `literal`; group separators (spaces, `٬`) are skipped when a
/// digit follows them and `grouping` is allowed. Returns how many digits were taken.
fn take_digits(rest: &mut &[char], literal: &mut String, grouping: bool) -> usize {
    let mut count = 0;
    loop {
        match rest.split_first() {
            Some((&c, after)) if c.is_ascii_digit() => {
                literal.push(c);
                count += 1;
                *rest = after;
            }
            Some((&c, after))
                if grouping
                    && count > 0
                    && (c == ' ' || c == '\u{202F}' || c == '٬')
                    && after.first().is_some_and(char::is_ascii_digit) =>
            {
                *rest = after;
            }
            _ => return count,
        }
    }
}

/// Takes `e`/`E`, an optional sign and digits, but only when digits are really there,
/// so a unit starting with `e` is not swallowed.
fn take_exponent(rest: &mut &[char], literal: &mut String) {
    let Some((&marker, after_marker)) = rest.split_first() else {
        return;
    };
    if marker != 'e' && marker != 'E' {
        return;
    }
    let (sign, digits_start) = match after_marker.split_first() {
        Some((&s, after)) if s == '-' || s == '+' => (Some(s), after),
        _ => (None, after_marker),
    };
    if !digits_start.first().is_some_and(char::is_ascii_digit) {
        return;
    }
    literal.push('e');
    if let Some(s) = sign {
        literal.push(s);
    }
    let mut after_digits = digits_start;
    take_digits(&mut after_digits, literal, false);
    *rest = after_digits;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<f64> {
        parse_quantity(text).map(|q| q.value)
    }

    /// Asserts that each text parses to the number beside it.
    #[track_caller]
    fn assert_parses(cases: &[(&str, f64)]) {
        for &(text, number) in cases {
            assert_eq!(value(text), Some(number), "parsing {text:?}");
        }
    }

    fn unit(text: &str) -> Option<String> {
        parse_quantity(text).map(|q| q.unit)
    }

    #[test]
    fn western_numbers() {
        assert_parses(&[
            ("42", 42.0),
            (" 3.5 ", 3.5),
            ("-0.25", -0.25),
            ("+7", 7.0),
            (".5", 0.5),
            ("5.", 5.0),
        ]);
    }

    #[test]
    fn decimal_comma_and_arabic_separator() {
        assert_parses(&[("3,5", 3.5), ("٣٫٥", 3.5), ("٣,٥", 3.5), ("1,000", 1.0)]);
    }

    #[test]
    fn arabic_indic_and_eastern_digits() {
        assert_parses(&[
            ("١٢", 12.0),
            ("۱۲", 12.0),
            ("−٤", -4.0),
            ("\u{200F}٤٢", 42.0),
        ]);
    }

    #[test]
    fn digit_groups() {
        assert_parses(&[
            ("1 000", 1000.0),
            ("1\u{202F}000,5", 1000.5),
            ("١٬٠٠٠", 1000.0),
            ("1\u{00A0}000", 1000.0),
        ]);
    }

    #[test]
    fn exponents() {
        assert_parses(&[("6.02e23", 6.02e23), ("1E-3", 0.001)]);
        assert_eq!(unit("5 em"), Some("em".to_string()));
        assert_eq!(value("5e"), Some(5.0));
    }

    #[test]
    fn units_after_the_number() {
        assert_eq!(
            parse_quantity("350 cm"),
            Some(Quantity {
                value: 350.0,
                unit: "cm".into()
            })
        );
        assert_eq!(unit("350cm"), Some("cm".to_string()));
        assert_eq!(unit("٣٥٠ سم"), Some("سم".to_string()));
        assert_eq!(unit("12"), Some(String::new()));
        assert_eq!(unit("12 m/s"), Some("m/s".to_string()));
    }

    #[test]
    fn not_numbers() {
        for text in [
            "", " ", "abc", "-", ".", "trois", "inf", "NaN", "--3", "1e999",
        ] {
            assert_eq!(value(text), None, "{text:?}");
        }
    }

    #[test]
    fn full_width_digits() {
        assert_eq!(value("１２"), Some(12.0));
    }
}
