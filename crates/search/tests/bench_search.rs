//! Search latency over 10,000 generated capsules (issue: capsules — search p50/p99), for a mix
//! of realistic queries: Arabic with and without diacritics and with a typo, French with and
//! without accents and with typos, with level/subject/language filters, and blank text with
//! filters. Baselines in the same run: `doc_count` (no query at all) and a one-word exact
//! query too short for typo matching ("ohm", term lookups only), so that ratios can be
//! compared across machines.
//!
//! The index lives on disk in a temp dir (as in production; warm page cache) and is built
//! with `rebuild` from `generate_docs(10_000, 42)`. Each query runs `WARMUP` times unrecorded,
//! then `DEFAULT_RUNS` rounds (`BENCH_SEARCH_RUNS` overrides) run every query once, one at a
//! time on one thread; the "mix" row pools every measured run of the non-baseline queries.
//!
//! A benchmark, not a test: ignored by default; `bench/search.sh` runs it in release mode and
//! records the output in `bench/RESULTS.md`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use lawha_search::testing::generate_docs;
use lawha_search::{Language, SearchIndex, SearchQuery};

const CAPSULES: usize = 10_000;
const SEED: u64 = 42;
const WARMUP: usize = 50;
const DEFAULT_RUNS: usize = 2_000;

fn filtered(
    text: &str,
    level: Option<&str>,
    subject: Option<&str>,
    language: Option<Language>,
) -> SearchQuery {
    SearchQuery {
        level: level.map(str::to_owned),
        subject: subject.map(str::to_owned),
        language,
        ..SearchQuery::text(text)
    }
}

/// The queries timed: (label, query). Texts as pupils and teachers type them.
fn queries() -> Vec<(&'static str, SearchQuery)> {
    vec![
        ("ar: الكسور", SearchQuery::text("الكسور")),
        ("ar vocalised: الْكُسُور", SearchQuery::text("الْكُسُور")),
        (
            "ar, 4 words: المعادلات من الدرجة الثانية",
            SearchQuery::text("المعادلات من الدرجة الثانية"),
        ),
        ("ar typo: الاحتملات", SearchQuery::text("الاحتملات")),
        (
            "ar typo: مبرهنة فيتاغوس",
            SearchQuery::text("مبرهنة فيتاغوس"),
        ),
        ("fr: fractions", SearchQuery::text("fractions")),
        (
            "fr accents: théorème de Pythagore",
            SearchQuery::text("théorème de Pythagore"),
        ),
        (
            "fr no accents: equations du second degre",
            SearchQuery::text("equations du second degre"),
        ),
        ("fr typo: fractoins", SearchQuery::text("fractoins")),
        ("fr typo: probabilitées", SearchQuery::text("probabilitées")),
        (
            "fr, 2 typos: la respiraton chez l'home",
            SearchQuery::text("la respiraton chez l'home"),
        ),
        (
            "fr + 2BAC MATH fr: Limites et continuité",
            filtered(
                "Limites et continuité",
                Some("2BAC"),
                Some("MATH"),
                Some(Language::Fr),
            ),
        ),
        (
            "ar + 1AC MATH: الكسور",
            filtered("الكسور", Some("1AC"), Some("MATH"), None),
        ),
        (
            "fr typo + TC PC: loi d'Ohmm",
            filtered("loi d'Ohmm", Some("TC"), Some("PC"), None),
        ),
        (
            "blank + 2BAC MATH",
            filtered("", Some("2BAC"), Some("MATH"), None),
        ),
        ("blank + SVT", filtered("", None, Some("SVT"), None)),
        (
            "fr, page 3: exercices corrigés",
            SearchQuery {
                offset: 40,
                ..SearchQuery::text("exercices corrigés")
            },
        ),
    ]
}

struct Stats {
    p50: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
    mean: Duration,
}

fn stats(times: &mut [Duration]) -> Stats {
    assert!(!times.is_empty());
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    Stats {
        p50: at(0.50),
        p90: at(0.90),
        p99: at(0.99),
        max: times[times.len() - 1],
        mean: times.iter().sum::<Duration>() / times.len() as u32,
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 0.1 {
        format!("{:.4} ms", ms)
    } else {
        format!("{ms:.3} ms")
    }
}

fn row(label: &str, hits: &str, s: &Stats, baseline: &Stats) {
    println!(
        "| {label} | {hits} | {} | {} | {} | {} | {} | {:.2} |",
        ms(s.p50),
        ms(s.p90),
        ms(s.p99),
        ms(s.max),
        ms(s.mean),
        s.p50.as_secs_f64() / baseline.p50.as_secs_f64()
    );
}

#[test]
#[ignore = "benchmark: run by bench/search.sh"]
fn search_latency_over_ten_thousand_capsules() {
    let runs = std::env::var("BENCH_SEARCH_RUNS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
        .filter(|r| *r > 0)
        .unwrap_or(DEFAULT_RUNS);

    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let docs = generate_docs(CAPSULES, SEED);
    let published = docs.iter().filter(|d| d.published).count();
    let build = Instant::now();
    assert_eq!(index.rebuild(docs).unwrap(), CAPSULES);
    let build = build.elapsed();
    assert_eq!(index.doc_count(), CAPSULES as u64);

    println!(
        "- Index: {CAPSULES} generated capsules (seed {SEED}, {published} published), on disk, \
         built by `rebuild` in {:.2} s; {runs} rounds of every query (interleaved) after {WARMUP} warm-up each, \
         one thread, page of 20",
        build.as_secs_f64()
    );
    println!();
    println!("| query | hits | p50 | p90 | p99 | max | mean | p50 × exact \"ohm\" |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");

    // Every query (baselines included) runs once per round, round after round, so that a
    // burst of noise from elsewhere on the machine falls on all of them alike.
    let ohm = SearchQuery::text("ohm");
    let mut timed: Vec<(String, Option<SearchQuery>)> = vec![
        ("baseline: `doc_count`".to_owned(), None),
        (
            "baseline: exact one word, no typo terms: ohm".to_owned(),
            Some(ohm),
        ),
    ];
    timed.extend(queries().into_iter().map(|(l, q)| (l.to_owned(), Some(q))));
    let run = |query: &Option<SearchQuery>| -> usize {
        match query {
            None => index.doc_count() as usize,
            Some(query) => index.search(query).unwrap().total,
        }
    };
    let mut totals = Vec::with_capacity(timed.len());
    for (label, query) in &timed {
        let mut total = 0;
        for _ in 0..WARMUP {
            total = std::hint::black_box(run(query));
        }
        assert!(total > 0, "{label} finds capsules");
        totals.push(total);
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); timed.len()];
    for _ in 0..runs {
        for ((_, query), times) in timed.iter().zip(&mut times) {
            let start = Instant::now();
            std::hint::black_box(run(query));
            times.push(start.elapsed());
        }
    }

    let mut pooled: Vec<Duration> = times[2..].iter().flatten().copied().collect();
    let all: Vec<Stats> = times.iter_mut().map(|t| stats(t)).collect();
    let baseline = &all[1];
    for (i, ((label, query), s)) in timed.iter().zip(&all).enumerate() {
        let hits = if query.is_some() {
            totals[i].to_string()
        } else {
            "–".to_owned()
        };
        row(label, &hits, s, baseline);
    }
    row(
        &format!("**mix of the {} queries above**", timed.len() - 2),
        "–",
        &stats(&mut pooled),
        baseline,
    );
}
