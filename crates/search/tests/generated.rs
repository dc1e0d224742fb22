//! A catalogue the size of the search bench (10,000 generated capsules): correctness only,
//! the timings live in the bench.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lawha_search::testing::generate_docs;
use lawha_search::{Language, SearchIndex, SearchQuery};

const CAPSULES: usize = 10_000;

#[test]
fn ten_thousand_generated_capsules_are_searchable() {
    let docs = generate_docs(CAPSULES, 42);
    let index = SearchIndex::in_memory().unwrap();
    assert_eq!(index.rebuild(docs.clone()).unwrap(), CAPSULES);
    assert_eq!(index.doc_count(), CAPSULES as u64);

    let published_fractions = docs
        .iter()
        .filter(|doc| doc.published && doc.title_fr.contains("Les fractions"))
        .count();
    assert!(published_fractions > 0);

    for text in ["الكسور", "الْكُسُور", "fractions", "fractoin"] {
        let results = index.search(&SearchQuery::text(text)).unwrap();
        assert!(
            results.total >= published_fractions,
            "{text}: {}",
            results.total
        );
        let best = results.hits.first().expect("a hit");
        let doc = docs.iter().find(|doc| doc.id == best.id).unwrap();
        assert!(
            doc.title_fr.contains("Les fractions"),
            "{text} found {doc:?}"
        );
        assert!(doc.published);
    }

    let filtered = SearchQuery {
        level: Some("2BAC".to_owned()),
        subject: Some("MATH".to_owned()),
        language: Some(Language::Fr),
        limit: 100,
        ..SearchQuery::text("Limites et continuité")
    };
    let results = index.search(&filtered).unwrap();
    assert!(!results.hits.is_empty());
    for hit in &results.hits {
        let doc = docs.iter().find(|doc| doc.id == hit.id).unwrap();
        assert_eq!(
            (
                doc.level.as_str(),
                doc.subject.as_str(),
                doc.language,
                doc.published
            ),
            ("2BAC", "MATH", Language::Fr, true)
        );
    }
}
