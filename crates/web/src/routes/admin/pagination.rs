//! The query string every admin listing shares (search, page, deactivated records, filters)
//! and the pager under each table.

use lawha_core::Locale;
use lawha_store::{Page, Paged};
use serde::Deserialize;

use crate::i18n;

/// Rows per page of every admin listing.
pub const PAGE_SIZE: u32 = 25;

/// The query string of a listing. Every field is text read leniently, so that a mangled
/// link shows the first page rather than an error.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub page: Option<String>,
    pub inactive: Option<String>,
    pub role: Option<String>,
    pub school: Option<String>,
    pub region: Option<String>,
    /// What the previous action did, for a confirmation line.
    pub done: Option<String>,
}

impl ListQuery {
    /// The search text, trimmed; empty when none.
    pub fn text(&self) -> String {
        self.q.as_deref().unwrap_or_default().trim().to_string()
    }

    /// The search text for a store filter (`None` when blank).
    pub fn query(&self) -> Option<String> {
        Some(self.text()).filter(|q| !q.is_empty())
    }

    pub fn include_inactive(&self) -> bool {
        self.inactive.as_deref() == Some("1")
    }

    /// The requested page, 1 when absent or not a number.
    pub fn page(&self) -> Page {
        let number = self
            .page
            .as_deref()
            .and_then(|p| p.trim().parse::<u32>().ok())
            .unwrap_or(1);
        Page::new(number, PAGE_SIZE)
    }

    pub fn school_code(&self) -> String {
        self.school
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    pub fn done(&self) -> &str {
        self.done.as_deref().unwrap_or_default()
    }

    /// The message key of the `done` notice, looked up in `notices` (done code → key);
    /// empty, so no notice, for an unknown or absent code.
    pub fn notice(&self, notices: &[(&str, &'static str)]) -> &'static str {
        notices
            .iter()
            .find(|(done, _)| *done == self.done())
            .map_or("", |(_, key)| key)
    }
}

/// The pager of a listing: "page X of Y" and links to the neighbouring pages, keeping the
/// listing's other parameters.
#[derive(Debug, Clone)]
pub struct Pager {
    pub total: i64,
    pub status: String,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `params` are the listing's other query parameters; blank ones are left out.
    pub fn new<T>(locale: Locale, paged: &Paged<T>, path: &str, params: &[(&str, &str)]) -> Pager {
        let pages = paged.pages().max(1);
        let href = |number: u32| {
            let number = number.to_string();
            let mut pairs: Vec<(&str, &str)> = params
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .copied()
                .collect();
            pairs.push(("page", &number));
            let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            format!("{path}?{query}")
        };
        let status = i18n::t_args(
            locale,
            "pagination-status",
            &[
                (
                    "page",
                    crate::format::number(locale, i64::from(paged.number)),
                ),
                ("pages", crate::format::number(locale, i64::from(pages))),
            ],
        );
        Pager {
            total: paged.total,
            status,
            prev: paged.has_prev().then(|| href(paged.number - 1)),
            next: paged.has_next().then(|| href(paged.number + 1)),
        }
    }
}

/// Pages a list already in memory (provinces: a few dozen per region).
pub fn page_of<T: Clone>(all: &[T], page: Page) -> Paged<T> {
    let start = usize::try_from(page.offset()).unwrap_or(usize::MAX);
    let size = usize::try_from(page.size).unwrap_or(usize::MAX);
    Paged {
        items: all.iter().skip(start).take(size).cloned().collect(),
        total: i64::try_from(all.len()).unwrap_or(i64::MAX),
        number: page.number,
        size: page.size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_links_keep_the_filters_and_drop_blank_ones() {
        let all: Vec<u32> = (0..60).collect();
        let paged = page_of(&all, Page::new(2, PAGE_SIZE));
        assert_eq!(paged.items.first(), Some(&25));
        let pager = Pager::new(
            Locale::Fr,
            &paged,
            "/admin/users",
            &[("q", "salma b"), ("role", ""), ("inactive", "1")],
        );
        assert_eq!(pager.status, "Page 2 sur 3");
        assert_eq!(
            pager.prev.as_deref(),
            Some("/admin/users?q=salma+b&inactive=1&page=1")
        );
        assert_eq!(
            pager.next.as_deref(),
            Some("/admin/users?q=salma+b&inactive=1&page=3")
        );
    }

    #[test]
    fn junk_page_numbers_read_as_the_first_page() {
        let q = ListQuery {
            page: Some("x".into()),
            ..ListQuery::default()
        };
        assert_eq!(q.page().number, 1);
        let empty: Vec<u32> = Vec::new();
        let pager = Pager::new(Locale::Ar, &page_of(&empty, q.page()), "/a", &[]);
        assert_eq!(pager.status, "الصفحة 1 من 1");
        assert_eq!((pager.prev, pager.next), (None, None));
    }
}
