//! The search story: Arabic and French capsules indexed, then found the way pupils type.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lawha_search::query::{MAX_LIMIT, MAX_OFFSET};
use lawha_search::{CapsuleDoc, Language, SearchError, SearchIndex, SearchQuery, SearchResults};
use uuid::Uuid;

fn capsule(n: u128, title_ar: &str, title_fr: &str) -> CapsuleDoc {
    CapsuleDoc {
        id: Uuid::from_u128(n),
        title_ar: title_ar.to_owned(),
        title_fr: title_fr.to_owned(),
        description_ar: String::new(),
        description_fr: String::new(),
        transcript: String::new(),
        level: "1AC".to_owned(),
        subject: "MATH".to_owned(),
        language: Language::Ar,
        published: true,
    }
}

fn index_with(docs: &[CapsuleDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.upsert(docs).unwrap();
    index
}

fn search(index: &SearchIndex, text: &str) -> SearchResults {
    index.search(&SearchQuery::text(text)).unwrap()
}

fn ids(index: &SearchIndex, text: &str) -> Vec<Uuid> {
    search(index, text).ids()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// Asserts that `query` finds capsule `n` first.
#[track_caller]
fn finds_first(index: &SearchIndex, query: &str, n: u128) {
    let found = ids(index, query);
    assert_eq!(
        found.first(),
        Some(&id(n)),
        "query {query:?} found {found:?}"
    );
}

/// Asserts that each `(query, n)` pair finds capsule `n` first.
#[track_caller]
fn each_finds_first(index: &SearchIndex, cases: &[(&str, u128)]) {
    for &(query, n) in cases {
        finds_first(index, query, n);
    }
}

fn arabic_catalogue() -> SearchIndex {
    index_with(&[
        capsule(1, "الْكُسُورُ الْعَشْرِيَّةُ", "Les fractions décimales"),
        capsule(2, "الإعراب: المبتدأ والخبر", "Analyse grammaticale"),
        capsule(3, "مدرسة النجاح", "L'école de la réussite"),
        capsule(4, "مستوى الماء في الخزان", "Le niveau de l'eau"),
        capsule(5, "مدخل إلى العـــلوم", "Introduction aux sciences"),
        capsule(6, "الرياضيات في الحياة", "Les mathématiques au quotidien"),
        capsule(7, "الهندسة الفضائية", "La géométrie dans l'espace"),
    ])
}

#[test]
fn arabic_without_diacritics_finds_vocalised_title() {
    let index = arabic_catalogue();
    each_finds_first(&index, &[("الكسور العشرية", 1), ("الكسور", 1)]);
}

#[test]
fn arabic_letter_variants_are_folded() {
    let index = arabic_catalogue();
    each_finds_first(
        &index,
        &[
            ("اعراب", 2),
            ("إعراب", 2),
            ("مدرسه", 3),
            ("مستوي", 4),
            ("العلوم", 5),
            ("علوم", 5),
        ],
    );
}

#[test]
fn arabic_article_is_optional() {
    let index = arabic_catalogue();
    each_finds_first(&index, &[("رياضيات", 6), ("والرياضيات", 6), ("هندسة", 7)]);
}

#[test]
fn arabic_typo_still_finds() {
    let index = arabic_catalogue();
    // One letter swapped: هندسة → هندصة.
    finds_first(&index, "الهندصة", 7);
}

fn french_catalogue() -> SearchIndex {
    index_with(&[
        capsule(10, "معادلات من الدرجة الثانية", "Équation du second degré"),
        capsule(11, "الكسور", "Les fractions"),
        capsule(12, "الخلية", "La cellule"),
    ])
}

#[test]
fn french_accents_and_stemming() {
    let index = french_catalogue();
    each_finds_first(
        &index,
        &[
            ("équations", 10),
            ("equation", 10),
            ("EQUATIONS", 10),
            ("fraction", 11),
            ("cellules", 12),
        ],
    );
}

#[test]
fn french_typo_still_finds() {
    let index = french_catalogue();
    each_finds_first(
        &index,
        &[("fractoin", 11), ("equaton", 10), ("celulle", 12)],
    );
}

#[test]
fn exact_match_outranks_typo_match() {
    let index = index_with(&[
        capsule(20, "", "Les fractions"),
        capsule(21, "", "Les factions politiques"),
    ]);
    each_finds_first(&index, &[("factions", 21), ("fractions", 20)]);
}

#[test]
fn title_outranks_description() {
    let mut in_title = capsule(30, "", "La photosynthèse");
    in_title.description_fr = "Une leçon de sciences.".to_owned();
    let mut in_description = capsule(31, "", "La plante verte");
    in_description.description_fr = "Nous parlons de la photosynthèse.".to_owned();
    let index = index_with(&[in_description, in_title]);
    assert_eq!(ids(&index, "photosynthèse"), [id(30), id(31)]);
}

#[test]
fn finds_words_in_descriptions_and_transcripts() {
    let mut doc = capsule(40, "درس", "Leçon");
    doc.description_ar = "نتعلم جدول الضرب".to_owned();
    doc.transcript = "Aujourd'hui nous révisons la multiplication.".to_owned();
    let index = index_with(&[doc]);
    each_finds_first(&index, &[("الضرب", 40), ("multiplications", 40)]);
}

#[test]
fn query_syntax_is_never_interpreted() {
    let index = french_catalogue();
    for text in [
        "\"fractions",
        "title_fr:fractions",
        "fractions AND (",
        "fractions^3 ~2 -cellule +[x TO y] {*}",
        "\\ / :: \"\" '' ? * ! ) ( ] [",
        "id:00000000-0000-0000-0000-00000000000b",
    ] {
        let results = index.search(&SearchQuery::text(text));
        assert!(results.is_ok(), "query {text:?} failed: {results:?}");
    }
    finds_first(&index, "title_fr:\"fractions\" AND (", 11);
    assert_eq!(search(&index, "\"::\" ?!").total, 0);
}

#[test]
fn blank_text_with_filters_lists_matching_capsules() {
    let mut physics = capsule(50, "الكهرباء", "L'électricité");
    physics.subject = "PC".to_owned();
    let index = index_with(&[physics, capsule(51, "الكسور", "Les fractions")]);
    let results = index
        .search(&SearchQuery {
            subject: Some("PC".to_owned()),
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(results.ids(), [id(50)]);
    assert_eq!(results.total, 1);
    assert_eq!(search(&index, "   ").total, 2);
}

fn filter_catalogue() -> SearchIndex {
    let mut docs = Vec::new();
    for (n, level, subject, language) in [
        (60, "1AC", "MATH", Language::Ar),
        (61, "2AC", "MATH", Language::Ar),
        (62, "1AC", "PC", Language::Ar),
        (63, "1AC", "MATH", Language::Fr),
    ] {
        let mut doc = capsule(n, "الكسور", "Les fractions");
        doc.level = level.to_owned();
        doc.subject = subject.to_owned();
        doc.language = language;
        docs.push(doc);
    }
    index_with(&docs)
}

fn filtered(index: &SearchIndex, query: SearchQuery) -> Vec<Uuid> {
    let mut found = index.search(&query).unwrap().ids();
    found.sort();
    found
}

#[test]
fn filters_by_level_subject_and_language() {
    let index = filter_catalogue();
    let base = SearchQuery::text("fractions");
    let by_level = SearchQuery {
        level: Some("1AC".to_owned()),
        ..base.clone()
    };
    assert_eq!(filtered(&index, by_level.clone()), [id(60), id(62), id(63)]);
    let by_subject = SearchQuery {
        subject: Some("MATH".to_owned()),
        ..by_level.clone()
    };
    assert_eq!(filtered(&index, by_subject.clone()), [id(60), id(63)]);
    let by_language = SearchQuery {
        language: Some(Language::Fr),
        ..by_subject
    };
    assert_eq!(filtered(&index, by_language), [id(63)]);
    let unknown_level = SearchQuery {
        level: Some("9XX".to_owned()),
        ..base
    };
    assert!(filtered(&index, unknown_level).is_empty());
}

#[test]
fn filters_do_not_change_ranking_scores() {
    let index = filter_catalogue();
    let plain = search(&index, "fractions");
    let with_filter = index
        .search(&SearchQuery {
            subject: Some("PC".to_owned()),
            ..SearchQuery::text("fractions")
        })
        .unwrap();
    let plain_score = plain
        .hits
        .iter()
        .find(|hit| hit.id == id(62))
        .unwrap()
        .score;
    assert_eq!(
        with_filter.hits.first().map(|hit| hit.score),
        Some(plain_score)
    );
}

#[test]
fn unpublished_capsules_are_hidden_unless_asked_for() {
    let mut draft = capsule(70, "الكسور", "Les fractions (brouillon)");
    draft.published = false;
    let index = index_with(&[draft, capsule(71, "الكسور", "Les fractions")]);
    assert_eq!(ids(&index, "fractions"), [id(71)]);
    let everything = SearchQuery {
        include_unpublished: true,
        ..SearchQuery::text("fractions")
    };
    assert_eq!(filtered(&index, everything), [id(70), id(71)]);
}

#[test]
fn upsert_replaces_without_duplicates() {
    let index = index_with(&[capsule(80, "الكسور", "Les fractions")]);
    index
        .upsert(&[capsule(80, "الكسور", "Les fractions, leçon 2")])
        .unwrap();
    index
        .upsert(&[capsule(80, "الهندسة", "La géométrie")])
        .unwrap();
    assert_eq!(index.doc_count(), 1);
    assert!(ids(&index, "fractions").is_empty());
    assert_eq!(ids(&index, "géométrie"), [id(80)]);
}

#[test]
fn upsert_of_the_same_id_twice_in_one_batch_keeps_the_last() {
    let index = index_with(&[
        capsule(81, "الكسور", "Les fractions"),
        capsule(81, "الهندسة", "La géométrie"),
    ]);
    assert_eq!(index.doc_count(), 1);
    assert_eq!(ids(&index, "géométrie"), [id(81)]);
}

#[test]
fn unpublishing_hides_a_capsule() {
    let index = index_with(&[capsule(82, "الكسور", "Les fractions")]);
    let mut withdrawn = capsule(82, "الكسور", "Les fractions");
    withdrawn.published = false;
    index.upsert(&[withdrawn]).unwrap();
    assert!(ids(&index, "fractions").is_empty());
}

#[test]
fn remove_deletes_only_that_capsule() {
    let index = index_with(&[
        capsule(90, "الكسور", "Les fractions"),
        capsule(91, "الكسور", "Les fractions"),
    ]);
    index.remove(id(90)).unwrap();
    assert_eq!(ids(&index, "fractions"), [id(91)]);
    index.remove(id(12345)).unwrap();
    assert_eq!(index.doc_count(), 1);
}

#[test]
fn rebuild_replaces_everything() {
    let index = index_with(&[capsule(100, "الكسور", "Les fractions")]);
    let count = index
        .rebuild([
            capsule(101, "الهندسة", "La géométrie"),
            capsule(102, "الخلية", "La cellule"),
        ])
        .unwrap();
    assert_eq!(count, 2);
    assert_eq!(index.doc_count(), 2);
    assert!(ids(&index, "fractions").is_empty());
    assert_eq!(ids(&index, "cellule"), [id(102)]);
    assert_eq!(index.rebuild(std::iter::empty()).unwrap(), 0);
    assert_eq!(index.doc_count(), 0);
}

fn numbered_catalogue(count: u128) -> SearchIndex {
    let docs: Vec<_> = (0..count)
        .map(|n| capsule(1000 + n, "الكسور", &format!("Les fractions, leçon {n}")))
        .collect();
    index_with(&docs)
}

#[test]
fn pages_do_not_overlap_and_cover_every_hit() {
    let index = numbered_catalogue(25);
    let mut seen = Vec::new();
    for offset in [0, 10, 20] {
        let page = index
            .search(&SearchQuery {
                limit: 10,
                offset,
                ..SearchQuery::text("fractions")
            })
            .unwrap();
        assert_eq!(page.total, 25);
        seen.extend(page.ids());
    }
    assert_eq!(seen.len(), 25);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 25);
}

#[test]
fn limit_is_capped_and_zero_only_counts() {
    let index = numbered_catalogue(120);
    let huge = SearchQuery {
        limit: 10_000,
        ..SearchQuery::text("fractions")
    };
    let page = index.search(&huge).unwrap();
    assert_eq!(page.hits.len(), MAX_LIMIT);
    assert_eq!(page.total, 120);
    let count_only = SearchQuery {
        limit: 0,
        ..SearchQuery::text("fractions")
    };
    let counted = index.search(&count_only).unwrap();
    assert!(counted.hits.is_empty());
    assert_eq!(counted.total, 120);
}

#[test]
fn offset_past_the_end_is_empty_and_too_deep_is_refused() {
    let index = numbered_catalogue(3);
    let past_end = SearchQuery {
        offset: 50,
        ..SearchQuery::text("fractions")
    };
    let page = index.search(&past_end).unwrap();
    assert!(page.hits.is_empty());
    assert_eq!(page.total, 3);
    let too_deep = SearchQuery {
        offset: MAX_OFFSET + 1,
        ..SearchQuery::text("fractions")
    };
    assert!(matches!(
        index.search(&too_deep),
        Err(SearchError::OffsetTooLarge { .. })
    ));
}

#[test]
fn very_long_query_text_is_fine() {
    let index = french_catalogue();
    let long = "fractions ".repeat(5_000);
    finds_first(&index, &long, 11);
}

#[test]
fn index_on_disk_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    {
        let index = SearchIndex::open(&path).unwrap();
        index
            .upsert(&[capsule(110, "الكسور", "Les fractions")])
            .unwrap();
    }
    let reopened = SearchIndex::open(&path).unwrap();
    assert_eq!(reopened.doc_count(), 1);
    assert_eq!(ids(&reopened, "الكسور"), [id(110)]);
    // Everything the index wrote is inside its own directory.
    let outside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(outside.len(), 1);
}

#[test]
fn second_open_of_the_same_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _first = SearchIndex::open(dir.path()).unwrap();
    assert!(matches!(
        SearchIndex::open(dir.path()),
        Err(SearchError::Tantivy(_))
    ));
}

#[test]
fn index_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
}

#[test]
fn rebuild_interrupted_by_a_panic_keeps_the_old_index() {
    let index = index_with(&[capsule(120, "الكسور", "Les fractions")]);
    let interrupted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let docs = (0..3u128).map(|n| {
            assert!(n < 2, "source failed mid-way");
            capsule(121 + n, "الهندسة", "La géométrie")
        });
        index.rebuild(docs)
    }));
    assert!(interrupted.is_err());
    // The next change discards what the interrupted rebuild left uncommitted.
    index
        .upsert(&[capsule(130, "الخلية", "La cellule")])
        .unwrap();
    assert_eq!(index.doc_count(), 2);
    assert_eq!(ids(&index, "fractions"), [id(120)]);
    assert!(ids(&index, "géométrie").is_empty());
}

#[test]
fn a_capsule_titled_in_one_language_only_is_found() {
    let mut ar = capsule(61, "شرح: جمع الكسور", "");
    ar.description_ar = "كبسولة قصيرة تشرح «جمع الكسور» خطوة بخطوة، مع أمثلة محلولة.".into();
    let mut fr = capsule(62, "", "Explication : Additionner des fractions");
    fr.language = Language::Fr;
    let index = index_with(&[ar, fr]);
    each_finds_first(&index, &[("الكسور", 61), ("fractions", 62)]);
}

/// Answers are kept between identical searches; each kind of change must show in the very
/// next identical search, never a kept answer from before it.
#[test]
fn a_search_asked_again_after_a_change_sees_the_change() {
    let index = index_with(&[capsule(110, "الكسور", "Les fractions")]);
    assert_eq!(ids(&index, "fractions"), [id(110)]);
    assert_eq!(
        ids(&index, "fractions"),
        [id(110)],
        "asked again, unchanged"
    );

    index
        .upsert(&[capsule(111, "الكسور", "Les fractions")])
        .unwrap();
    let mut both = ids(&index, "fractions");
    both.sort();
    assert_eq!(both, [id(110), id(111)], "after an upsert");

    let mut withdrawn = capsule(111, "الكسور", "Les fractions");
    withdrawn.published = false;
    index.upsert(&[withdrawn]).unwrap();
    assert_eq!(ids(&index, "fractions"), [id(110)], "after unpublishing");

    index.remove(id(110)).unwrap();
    assert!(ids(&index, "fractions").is_empty(), "after a removal");

    index
        .rebuild([capsule(112, "الكسور", "Les fractions")])
        .unwrap();
    assert_eq!(ids(&index, "fractions"), [id(112)], "after a rebuild");
}
