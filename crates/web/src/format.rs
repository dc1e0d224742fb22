//! Numbers, dates, sizes and measures written the way each language writes them. A number
//! and its unit are joined by a no-break space so that a line never parts them; a value
//! whose unit is written in Latin letters (LUFS, kbit/s) is wrapped in Unicode's
//! left-to-right isolate in Arabic, so that an Arabic sentence around it cannot reorder it
//! ("(LUFS 23−)"). Pages also wrap such values in `<bdi>`; the isolate keeps them whole
//! where no element can go (a Fluent argument, a button's label, an attribute).

use chrono::{DateTime, NaiveDate};
use lawha_core::Locale;
use num_format::ToFormattedString;

/// `12345` → `12 345` (French, narrow no-break space) or `12,345` (Arabic as written in
/// Morocco, with Western digits).
pub fn number(locale: Locale, n: i64) -> String {
    match locale {
        Locale::Fr => n.to_formatted_string(&num_format::Locale::fr),
        Locale::Ar => n.to_formatted_string(&num_format::Locale::en),
    }
}

/// A date such as `24 novembre 2026` or `24 نونبر 2026`: the day of `at` in its own zone
/// (pages pass the platform's, so that 23:30 UTC is already the next day in Morocco).
pub fn date<Z: chrono::TimeZone>(locale: Locale, at: &DateTime<Z>) -> String
where
    Z::Offset: std::fmt::Display,
{
    at.format_localized("%-d %B %Y", chrono_locale(locale))
        .to_string()
}

/// A calendar day such as `11 décembre 2026` or `11 دجنبر 2026` (a due date, an end date).
pub fn day(locale: Locale, on: NaiveDate) -> String {
    on.format_localized("%-d %B %Y", chrono_locale(locale))
        .to_string()
}

fn chrono_locale(locale: Locale) -> chrono::Locale {
    match locale {
        Locale::Fr => chrono::Locale::fr_FR,
        Locale::Ar => chrono::Locale::ar_MA,
    }
}

/// No-break space: between a number and its unit.
const NBSP: char = '\u{a0}';
/// Left-to-right isolate and its end (pop directional isolate).
const LRI: char = '\u{2066}';
const PDI: char = '\u{2069}';
/// The minus sign (a hyphen is not one, and breaks lines).
const MINUS: char = '\u{2212}';

/// A decimal number with `decimals` places: `1,5` and `−23,0` in French, `1.5` and
/// `−23.0` in Arabic as written in Morocco (Western digits); the whole part grouped as
/// [`number`] groups it.
pub fn decimal(locale: Locale, value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = whole
        .parse::<i64>()
        .map_or_else(|_| whole.to_string(), |w| number(locale, w));
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative {
        MINUS.to_string()
    } else {
        String::new()
    };
    if fraction.is_empty() {
        return format!("{sign}{grouped}");
    }
    let point = match locale {
        Locale::Fr => ',',
        Locale::Ar => '.',
    };
    format!("{sign}{grouped}{point}{fraction}")
}

/// A file size: `850 octets`, `12,5 ko`, `1,0 Mo`, `2,3 Go` in French; `850 بايت`,
/// `1.0 م.ب` in Arabic. Decimal units (1 Mo = 1,000,000 bytes, as uploads are limited).
pub fn size(locale: Locale, bytes: u64) -> String {
    const UNITS_FR: [&str; 4] = ["octets", "ko", "Mo", "Go"];
    const UNITS_AR: [&str; 4] = ["بايت", "ك.ب", "م.ب", "ج.ب"];
    let units = match locale {
        Locale::Fr => UNITS_FR,
        Locale::Ar => UNITS_AR,
    };
    // Counts of bytes are far below 2^52: the conversion is exact enough to print.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64;
    let mut step = 0;
    // 999.5 and above would print as "1000" of this unit once rounded: the next unit then.
    while value >= 999.5 && step + 1 < units.len() {
        value /= 1000.0;
        step += 1;
    }
    let decimals = if step == 0 || value >= 100.0 { 0 } else { 1 };
    let unit = match (locale, bytes) {
        (Locale::Fr, 0 | 1) => "octet",
        _ => units.get(step).copied().unwrap_or_default(),
    };
    format!("{}{NBSP}{unit}", decimal(locale, value, decimals))
}

/// A unit the pages print beside a value. (Pages show no bit rate or minutes beside a
/// number today: columns name those units in their headings. A unit added here gets its
/// words in each language in [`measure`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Loudness, `−23 LUFS`: Latin in both languages.
    Lufs,
}

/// A value with its unit, kept together: `−23 LUFS`, `−23,5 LUFS`.
pub fn measure(locale: Locale, value: f64, decimals: usize, unit: Unit) -> String {
    let unit_text = match unit {
        Unit::Lufs => "LUFS",
    };
    let text = format!("{}{NBSP}{unit_text}", decimal(locale, value, decimals));
    if locale == Locale::Ar && unit_text.is_ascii() {
        format!("{LRI}{text}{PDI}")
    } else {
        text
    }
}

/// A measure as the media crate words it in a stored report (`-23.0 ±1.0 LUFS`,
/// `48000 Hz`, `≤ -1.0 dBTP`), written for the page's language: numbers with the
/// language's decimal mark and a minus sign, each number joined to what follows.
pub fn stored_measure(locale: Locale, text: &str) -> String {
    let tokens: Vec<String> = text
        .split(' ')
        .map(|token| {
            let (prefix, digits) = match token.strip_prefix('±') {
                Some(rest) => ("±", rest),
                None => ("", token),
            };
            match digits.parse::<f64>() {
                Ok(value) if digits.chars().any(|c| c.is_ascii_digit()) => {
                    let places = digits.split_once('.').map_or(0, |(_, f)| f.len());
                    // A count such as 48000 (Hz) keeps its digits as written.
                    let shown = if places == 0 && !digits.starts_with('-') {
                        digits.to_string()
                    } else {
                        decimal(locale, value, places)
                    };
                    format!("{prefix}{shown}")
                }
                _ => token.to_string(),
            }
        })
        .collect();
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 {
            let previous_is_number = tokens
                .get(i - 1)
                .is_some_and(|t| t.chars().last().is_some_and(|c| c.is_ascii_digit()));
            let sign_before = tokens.get(i - 1).is_some_and(|t| t == "≤" || t == "≥");
            out.push(if previous_is_number || sign_before {
                NBSP
            } else {
                ' '
            });
        }
        out.push_str(token);
    }
    out
}

/// A duration as `m:ss` (or `h:mm:ss`), the same in both languages.
pub fn duration(ms: i64) -> String {
    let total = (ms.max(0) + 500) / 1000;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_date_is_the_day_in_the_zone_it_is_given() {
        let late = Utc.with_ymd_and_hms(2026, 12, 4, 23, 30, 0).unwrap();
        assert_eq!(date(Locale::Fr, &late), "4 décembre 2026");
        // Casablanca is an hour ahead of UTC in December.
        let there = late.with_timezone(&chrono_tz::Tz::Africa__Casablanca);
        assert_eq!(date(Locale::Fr, &there), "5 décembre 2026");
    }

    #[test]
    fn numbers_use_each_languages_grouping() {
        assert_eq!(number(Locale::Ar, 1234567), "1,234,567");
        let fr = number(Locale::Fr, 1234567);
        assert!(
            fr.starts_with('1') && fr.ends_with("567") && !fr.contains(','),
            "{fr}"
        );
        assert_eq!(number(Locale::Fr, 12), "12");
    }

    #[test]
    fn days_use_month_names_in_each_language() {
        let on = NaiveDate::from_ymd_opt(2026, 12, 11).expect("valid day");
        assert_eq!(day(Locale::Fr, on), "11 décembre 2026");
        let ar = day(Locale::Ar, on);
        assert!(
            ar.starts_with("11 ") && ar.ends_with(" 2026") && !ar.contains("2026-12"),
            "{ar}"
        );
        assert!(
            ar.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)),
            "{ar}"
        );
    }

    #[test]
    fn sizes_pick_a_unit_and_keep_it_with_the_number() {
        assert_eq!(size(Locale::Fr, 1_000_000), "1,0\u{a0}Mo");
        assert_eq!(size(Locale::Ar, 1_000_000), "1.0\u{a0}م.ب");
        assert_eq!(size(Locale::Fr, 850), "850\u{a0}octets");
        assert_eq!(size(Locale::Ar, 850), "850\u{a0}بايت");
        assert_eq!(size(Locale::Fr, 12_500), "12,5\u{a0}ko");
        assert_eq!(size(Locale::Fr, 254_000_000), "254\u{a0}Mo");
        assert_eq!(size(Locale::Ar, 2_340_000_000), "2.3\u{a0}ج.ب");
        assert_eq!(size(Locale::Fr, 0), "0\u{a0}octet");
        assert_eq!(size(Locale::Fr, 1), "1\u{a0}octet");
        assert_eq!(
            size(Locale::Fr, 999_999),
            "1,0\u{a0}Mo",
            "rounded before the unit is kept"
        );
        assert_eq!(size(Locale::Fr, 999), "999\u{a0}octets");
        assert_eq!(size(Locale::Fr, 2), "2\u{a0}octets");
    }

    #[test]
    fn decimals_use_each_languages_mark_and_a_minus_sign() {
        assert_eq!(decimal(Locale::Fr, -23.0, 1), "\u{2212}23,0");
        assert_eq!(decimal(Locale::Ar, -23.0, 1), "\u{2212}23.0");
        assert_eq!(decimal(Locale::Ar, -0.04, 1), "0.0", "no minus on zero");
        assert_eq!(decimal(Locale::Ar, 1234.5, 1), "1,234.5");
        assert_eq!(decimal(Locale::Fr, 7.0, 0), "7");
    }

    #[test]
    fn measures_keep_number_and_unit_together_and_in_order() {
        assert_eq!(
            measure(Locale::Fr, -23.0, 0, Unit::Lufs),
            "\u{2212}23\u{a0}LUFS"
        );
        // In Arabic a Latin unit is isolated left to right: no "(LUFS 23−)".
        assert_eq!(
            measure(Locale::Ar, -23.0, 0, Unit::Lufs),
            "\u{2066}\u{2212}23\u{a0}LUFS\u{2069}"
        );
        assert_eq!(
            measure(Locale::Fr, -23.5, 1, Unit::Lufs),
            "\u{2212}23,5\u{a0}LUFS"
        );
    }

    #[test]
    fn stored_measures_are_rewritten_for_the_language() {
        assert_eq!(
            stored_measure(Locale::Fr, "-23.0 ±1.0 LUFS"),
            "\u{2212}23,0\u{a0}±1,0\u{a0}LUFS"
        );
        assert_eq!(
            stored_measure(Locale::Ar, "-23.0 ±1.0 LUFS"),
            "\u{2212}23.0\u{a0}±1.0\u{a0}LUFS"
        );
        assert_eq!(
            stored_measure(Locale::Fr, "≤ -1.0 dBTP"),
            "≤\u{a0}\u{2212}1,0\u{a0}dBTP"
        );
        assert_eq!(stored_measure(Locale::Fr, "48000 Hz"), "48000\u{a0}Hz");
        assert_eq!(stored_measure(Locale::Fr, "426x240"), "426x240");
        assert_eq!(stored_measure(Locale::Fr, "2"), "2");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(0), "0:00");
        assert_eq!(duration(6_400), "0:06");
        assert_eq!(duration(754_000), "12:34");
        assert_eq!(duration(3_725_000), "1:02:05");
    }

    #[test]
    fn dates_use_month_names() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
            .single()
            .expect("valid date");
        assert_eq!(date(Locale::Fr, &at), "24 novembre 2026");
        let ar = date(Locale::Ar, &at);
        assert!(
            ar.starts_with("24 ") && ar.ends_with(" 2026") && !ar.contains("November"),
            "{ar}"
        );
    }
}
