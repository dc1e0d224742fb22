//! The interface language first: hits in the preferred language of instruction come before
//! the others, relevance order kept within each group and across pages; a language filter
//! wins over the preference.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use lawha_search::testing::generate_docs;
use lawha_search::{CapsuleDoc, Language, SearchIndex, SearchQuery};
use uuid::Uuid;

fn capsule(n: u128, language: Language, title: &str, description: &str) -> CapsuleDoc {
    CapsuleDoc {
        id: Uuid::from_u128(n),
        title_ar: title.to_owned(),
        title_fr: String::new(),
        description_ar: String::new(),
        description_fr: description.to_owned(),
        transcript: String::new(),
        level: "TC".to_owned(),
        subject: "SVT".to_owned(),
        language,
        published: true,
    }
}

fn ids(index: &SearchIndex, query: SearchQuery) -> Vec<u128> {
    index
        .search(&query)
        .unwrap()
        .ids()
        .iter()
        .map(|id| id.as_u128())
        .collect()
}

fn preferring(text: &str, prefer: Option<Language>) -> SearchQuery {
    SearchQuery {
        prefer,
        ..SearchQuery::text(text)
    }
}

/// Two words, each found in a title (strongly) in one language and only in a description
/// (weakly) in the other.
fn two_language_catalogue() -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[
            capsule(1, Language::Fr, "La cellule", ""),
            capsule(2, Language::Ar, "الخلية", "Ce que fait une cellule."),
            capsule(3, Language::Ar, "التنفس", ""),
            capsule(4, Language::Fr, "La nutrition", "Lien avec التنفس."),
        ])
        .unwrap();
    index
}

#[test]
fn the_preferred_language_comes_first_whatever_the_relevance() {
    let index = two_language_catalogue();
    // Relevance alone: the title match first.
    assert_eq!(ids(&index, preferring("cellule", None)), [1, 2]);
    assert_eq!(ids(&index, preferring("التنفس", None)), [3, 4]);
    // An Arabic interface sees the Arabic capsule first, a French one the French capsule.
    assert_eq!(
        ids(&index, preferring("cellule", Some(Language::Ar))),
        [2, 1]
    );
    assert_eq!(
        ids(&index, preferring("cellule", Some(Language::Fr))),
        [1, 2]
    );
    assert_eq!(
        ids(&index, preferring("التنفس", Some(Language::Fr))),
        [4, 3]
    );
    assert_eq!(
        ids(&index, preferring("التنفس", Some(Language::Ar))),
        [3, 4]
    );
    // Blank text lists everything, the preferred language first.
    let all = ids(&index, preferring("", Some(Language::Fr)));
    assert_eq!(all.len(), 4);
    assert!(all[..2].contains(&1) && all[..2].contains(&4), "{all:?}");
}

#[test]
fn a_language_filter_wins_over_the_preference() {
    let index = two_language_catalogue();
    let filtered = SearchQuery {
        language: Some(Language::Fr),
        ..preferring("cellule التنفس", Some(Language::Ar))
    };
    let mut found = ids(&index, filtered);
    found.sort_unstable();
    assert_eq!(found, [1, 4]);
}

#[test]
fn each_group_keeps_its_relevance_order_across_pages() {
    let docs = generate_docs(600, 7);
    let language: HashMap<Uuid, Language> = docs.iter().map(|d| (d.id, d.language)).collect();
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(docs).unwrap();
    for (text, prefer) in [
        ("fractions", Language::Ar),
        ("fractions", Language::Fr),
        ("الخلية", Language::Fr),
        ("المعادلات", Language::Ar),
    ] {
        let relevance = index
            .search(&SearchQuery {
                limit: 100,
                ..SearchQuery::text(text)
            })
            .unwrap();
        // Enough hits of both languages, all on one page of relevance order.
        assert!(relevance.total <= 100, "{text}: {}", relevance.total);
        let of = |l: Language| -> Vec<Uuid> {
            relevance
                .ids()
                .into_iter()
                .filter(|id| language[id] == l)
                .collect()
        };
        let other = match prefer {
            Language::Ar => Language::Fr,
            Language::Fr => Language::Ar,
        };
        assert!(!of(prefer).is_empty() && !of(other).is_empty(), "{text}");
        let expected: Vec<Uuid> = of(prefer).into_iter().chain(of(other)).collect();

        // Page by page, as the search page asks for them.
        let mut paged = Vec::new();
        for page in 0..relevance.total.div_ceil(7) {
            let results = index
                .search(&SearchQuery {
                    prefer: Some(prefer),
                    limit: 7,
                    offset: page * 7,
                    ..SearchQuery::text(text)
                })
                .unwrap();
            assert_eq!(results.total, relevance.total);
            paged.extend(results.ids());
        }
        assert_eq!(paged, expected, "{text}, {prefer:?} first");
    }
}
