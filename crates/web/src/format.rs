//! Numbers and dates written the way each language writes them.

use chrono::{DateTime, Utc};
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

/// A date such as `24 novembre 2026` or `24 نونبر 2026`.
pub fn date(locale: Locale, at: &DateTime<Utc>) -> String {
    let chrono_locale = match locale {
        Locale::Fr => chrono::Locale::fr_FR,
        Locale::Ar => chrono::Locale::ar_MA,
    };
    at.format_localized("%-d %B %Y", chrono_locale).to_string()
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
    use chrono::TimeZone;

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
