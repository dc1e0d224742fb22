//! Translations: Fluent files per language, compiled into the binary.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};
use lawha_core::Locale;
use unic_langid::langid;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "ar",
        // Unicode isolation marks around arguments would show up in <input value=…>.
        customise: |bundle| {
            bundle.set_use_isolating(false);
            let french = bundle.locales.first().is_some_and(|l| l.language.as_str() == "fr");
            bundle.set_formatter(Some(if french { whole_number::<Fr, _> } else { whole_number::<Ar, _> }));
        },
    };
}

/// Which language a bundle's number formatter writes for (a formatter is a plain function,
/// told apart by this type rather than by a captured value).
trait NumberLocale {
    const LOCALE: Locale;
}
struct Ar;
struct Fr;
impl NumberLocale for Ar {
    const LOCALE: Locale = Locale::Ar;
}
impl NumberLocale for Fr {
    const LOCALE: Locale = Locale::Fr;
}

/// Counts passed as numbers (to choose a plural form) are shown as the pages show numbers,
/// with the language's grouping (`12 345`, `12,345`); Fluent alone writes `12345`.
fn whole_number<L: NumberLocale, M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
            // In range and whole: the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            let whole = n.value as i64;
            Some(crate::format::number(L::LOCALE, whole))
        }
        _ => None,
    }
}

static AR: LanguageIdentifier = langid!("ar");
static FR: LanguageIdentifier = langid!("fr");

fn lang_id(locale: Locale) -> &'static LanguageIdentifier {
    match locale {
        Locale::Ar => &AR,
        Locale::Fr => &FR,
    }
}

/// The message for `key`, or the key itself when missing (a test checks none is).
pub fn t(locale: Locale, key: &str) -> String {
    LOCALES
        .try_lookup(lang_id(locale), key)
        .unwrap_or_else(|| key.to_string())
}

/// The message for `key` with named arguments.
pub fn t_args(locale: Locale, key: &str, args: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
        .collect();
    LOCALES
        .try_lookup_with_args(lang_id(locale), key, &args)
        .unwrap_or_else(|| key.to_string())
}

/// The message for `key` with named text arguments and one count, passed as a number so
/// that the message can choose its plural form around it.
pub fn t_args_count(
    locale: Locale,
    key: &str,
    args: &[(&'static str, String)],
    (name, count): (&'static str, i64),
) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
        .chain([(Cow::Borrowed(name), FluentValue::from(count))])
        .collect();
    LOCALES
        .try_lookup_with_args(lang_id(locale), key, &args)
        .unwrap_or_else(|| key.to_string())
}

/// The message for `key` with one count, passed as a number so that the message can
/// choose its plural form (Arabic has six: zero, one, two, few, many, other).
pub fn t_count(locale: Locale, key: &str, name: &'static str, count: i64) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
        HashMap::from([(Cow::Borrowed(name), FluentValue::from(count))]);
    LOCALES
        .try_lookup_with_args(lang_id(locale), key, &args)
        .unwrap_or_else(|| key.to_string())
}

/// Whether a key exists in this very language (no fallback), for tests. A message that
/// only fails for want of its arguments exists; the crate does not export its error type,
/// hence the look at the message text.
pub fn has(locale: Locale, key: &str) -> bool {
    match LOCALES.lookup_single_language::<&str>(lang_id(locale), key, None) {
        Ok(_) => true,
        Err(e) => e.to_string().starts_with("Fluent errors"),
    }
}
