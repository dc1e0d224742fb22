//! The content-language choice of the curriculum lists (`?lang=ar|fr`): capsules and sets
//! in the chosen language only, or all of them with the interface language's first. A
//! plain link, so it works without JavaScript; the lists' links carry it on, and so does the
//! header's search link (`PageCtx::content_language`). Search offers the same links over
//! its results, its other criteria kept.

use lawha_core::Locale;
use serde::Deserialize;

/// The query string's `lang`; anything but `ar` or `fr` means no choice.
#[derive(Debug, Default, Deserialize)]
pub struct LangParam {
    #[serde(default)]
    pub lang: String,
}

/// The pupil's choice on one page.
pub struct LanguageFilter {
    /// The language chosen, if any.
    pub chosen: Option<Locale>,
    interface: Locale,
    /// The page's own path, for the choice's links; it may hold a query string of its own
    /// (search's other criteria), which the links keep.
    pub path: String,
}

impl LanguageFilter {
    pub fn new(param: &LangParam, interface: Locale, path: String) -> LanguageFilter {
        LanguageFilter {
            chosen: Locale::parse(&param.lang),
            interface,
            path,
        }
    }

    /// Keeps what the choice allows, the interface language's first (otherwise in order).
    pub fn arrange<T>(&self, items: Vec<T>, language: impl Fn(&T) -> Locale) -> Vec<T> {
        let mut kept: Vec<T> = items
            .into_iter()
            .filter(|i| self.chosen.is_none_or(|c| language(i) == c))
            .collect();
        kept.sort_by_key(|i| language(i) != self.interface);
        kept
    }

    /// The query string that carries the choice to another list (`""` without one).
    pub fn query(&self) -> String {
        self.chosen
            .map(|c| format!("?lang={}", c.code()))
            .unwrap_or_default()
    }

    /// The choices as (link, language or `None` for all, chosen now).
    pub fn choices(&self) -> Vec<(String, Option<Locale>, bool)> {
        let mut all = vec![(self.path.clone(), None, self.chosen.is_none())];
        let mut languages = Locale::ALL;
        languages.sort_by_key(|l| *l != self.interface);
        let joint = if self.path.contains('?') { '&' } else { '?' };
        for l in languages {
            all.push((
                format!("{}{joint}lang={}", self.path, l.code()),
                Some(l),
                self.chosen == Some(l),
            ));
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(lang: &str, interface: Locale) -> LanguageFilter {
        let param = LangParam { lang: lang.into() };
        LanguageFilter::new(&param, interface, "/x".into())
    }

    #[test]
    fn the_interface_language_comes_first_and_a_choice_keeps_only_its_own() {
        let items = vec![
            (1, Locale::Ar),
            (2, Locale::Fr),
            (3, Locale::Ar),
            (4, Locale::Fr),
        ];
        let ids = |f: &LanguageFilter| -> Vec<i32> {
            f.arrange(items.clone(), |i| i.1)
                .iter()
                .map(|i| i.0)
                .collect()
        };
        assert_eq!(ids(&filter("", Locale::Fr)), [2, 4, 1, 3]);
        assert_eq!(ids(&filter("", Locale::Ar)), [1, 3, 2, 4]);
        assert_eq!(ids(&filter("ar", Locale::Fr)), [1, 3]);
        assert_eq!(ids(&filter("xx", Locale::Fr)), [2, 4, 1, 3]);
        assert_eq!(filter("fr", Locale::Ar).query(), "?lang=fr");
        assert_eq!(filter("", Locale::Ar).query(), "");
    }

    #[test]
    fn the_links_keep_the_query_string_of_the_page() {
        let links = |path: &str| -> Vec<String> {
            let param = LangParam { lang: "fr".into() };
            LanguageFilter::new(&param, Locale::Ar, path.into())
                .choices()
                .into_iter()
                .map(|c| c.0)
                .collect()
        };
        assert_eq!(links("/x"), ["/x", "/x?lang=ar", "/x?lang=fr"]);
        assert_eq!(
            links("/search?q=a"),
            ["/search?q=a", "/search?q=a&lang=ar", "/search?q=a&lang=fr"]
        );
    }
}
