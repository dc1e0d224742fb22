//! Every message exists in both languages, and every key the templates and handlers use
//! exists: a missing key would show up to users as the raw key.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lawha_core::Locale;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The message ids of a language's files, in file order (duplicates kept): Fluent loads
/// every `.ftl` file of the language's folder into one bundle.
fn ftl_ids(lang: &str) -> Vec<String> {
    let dir = crate_dir().join("locales").join(lang);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("locale dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(file).expect("ftl file");
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" = "))
                .filter_map(|l| l.split(" = ").next())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn ftl_keys(lang: &str) -> BTreeSet<String> {
    ftl_ids(lang).into_iter().collect()
}

#[test]
fn no_message_is_defined_twice() {
    // Fluent refuses a bundle with a duplicate id, which would bring every page down.
    for lang in ["ar", "fr"] {
        let ids = ftl_ids(lang);
        let mut seen = BTreeSet::new();
        let twice: Vec<_> = ids.iter().filter(|id| !seen.insert(id.as_str())).collect();
        assert!(twice.is_empty(), "{lang}: defined twice: {twice:?}");
    }
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// String literals passed to `t("…")`, `t1("…"`, `t2("…"`, `tn("…"` and keys written as `"<prefix>-…"` literals.
fn literal_keys(text: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for marker in [".t(\"", ".t1(\"", ".t2(\"", ".tn(\"", "_key: \""] {
        let mut rest = text;
        while let Some(i) = rest.find(marker) {
            rest = &rest[i + marker.len()..];
            if let Some(end) = rest.find('"') {
                let key = &rest[..end];
                if !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    keys.insert(key.to_string());
                }
            }
        }
    }
    keys
}

#[test]
fn arabic_and_french_have_the_same_messages() {
    let ar = ftl_keys("ar");
    let fr = ftl_keys("fr");
    let only_ar: Vec<_> = ar.difference(&fr).collect();
    let only_fr: Vec<_> = fr.difference(&ar).collect();
    assert!(
        only_ar.is_empty() && only_fr.is_empty(),
        "only in ar: {only_ar:?}; only in fr: {only_fr:?}"
    );
    assert!(ar.len() > 50);
}

#[test]
fn every_key_used_in_templates_and_code_exists() {
    let mut files = Vec::new();
    files_under(&crate_dir().join("templates"), "html", &mut files);
    files_under(&crate_dir().join("src"), "rs", &mut files);
    let mut missing = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for key in literal_keys(&text) {
            for locale in [Locale::Ar, Locale::Fr] {
                if !lawha_web::i18n::has(locale, &key) {
                    missing.push(format!("{} ({}): {key}", file.display(), locale.code()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing messages:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_role_and_error_code_has_a_message() {
    for role in lawha_core::Role::ALL {
        for locale in [Locale::Ar, Locale::Fr] {
            let key = format!("role-{}", role.as_str());
            assert!(
                lawha_web::i18n::has(locale, &key),
                "{key} in {}",
                locale.code()
            );
        }
    }
    for code in [
        "required",
        "too-long",
        "invalid-email",
        "invalid-pupil-code",
        "password-too-short",
        "password-too-simple",
        "password-too-common",
        "wrong-password",
        "password-mismatch",
        "email-taken",
        "pupil-code-taken",
        "unknown-school",
        "unknown-class",
        "missing-column",
    ] {
        for locale in [Locale::Ar, Locale::Fr] {
            assert!(
                lawha_web::i18n::has(locale, &format!("err-{code}")),
                "err-{code}"
            );
        }
    }
}

#[test]
fn item_kinds_and_question_errors_have_messages() {
    // Built at run time (`item-kind-<kind>`, `question-error-<code>`), so not found by the
    // literal scan above.
    let kinds = [
        "single_choice",
        "multiple_choice",
        "true_false",
        "numeric",
        "short_answer",
        "fill_blanks",
        "matching",
        "ordering",
    ];
    let codes = [
        "too-large",
        "not-utf8",
        "too-many-questions",
        "unclosed-brace",
        "unexpected-brace",
        "unclosed-title",
        "no-answer-block",
        "empty-answer-set",
        "empty-answer",
        "too-few-answers",
        "no-correct-answer",
        "bad-weight",
        "bad-number",
        "bad-matching-pair",
        "no-questions",
        "malformed-xml",
        "doctype",
        "not-a-quiz",
        "unsupported-type",
        "no-question-text",
        "not-a-grade",
    ];
    let keys = kinds
        .iter()
        .map(|k| format!("item-kind-{}", k.replace('_', "-")))
        .chain(codes.iter().map(|c| format!("question-error-{c}")));
    for key in keys {
        for locale in [Locale::Ar, Locale::Fr] {
            assert!(
                lawha_web::i18n::has(locale, &key),
                "{key} in {}",
                locale.code()
            );
        }
    }
}

#[test]
fn counts_take_each_languages_plural_form() {
    let days = |locale, n| lawha_web::i18n::t_count(locale, "ago-days", "count", n);
    let arabic: Vec<String> = [1, 2, 3, 11, 100].map(|n| days(Locale::Ar, n)).into();
    assert_eq!(
        arabic,
        [
            "منذ يوم",
            "منذ يومين",
            "منذ 3 أيام",
            "منذ 11 يوما",
            "منذ 100 يوم"
        ]
    );
    assert_eq!(days(Locale::Fr, 1), "il y a 1 jour");
    assert_eq!(days(Locale::Fr, 2), "il y a 2 jours");
    let minutes = |locale| lawha_web::i18n::t_count(locale, "ago-minutes", "count", 0);
    assert_eq!(
        (minutes(Locale::Ar), minutes(Locale::Fr)),
        ("الآن".into(), "à l’instant".into())
    );
}

/// Every Arabic message where a count meets a noun chooses the noun's form by the count:
/// one, two, few (3–10) and many (11–99) read differently, and none shows a raw key.
#[test]
fn arabic_counted_nouns_follow_the_count() {
    let counted = [
        ("roster-count", "count"),
        ("curriculum-unit-count", "count"),
        ("authoring-preview-title", "count"),
        ("class-inactive-days", "days"),
        ("dash-days", "days"),
        ("dash-chart-active-desc", "days"),
        ("dash-chart-answers-desc", "days"),
        ("dash-privacy", "n"),
        ("dash-scope-suppressed", "n"),
        ("dash-suppressed-short", "n"),
        ("dash-suppressed-note", "n"),
        ("dash-suppressed-company-note", "n"),
        ("voc-intro", "weeks"),
        ("ago-days", "count"),
    ];
    for (key, name) in counted {
        let forms: Vec<String> = [0, 1, 2, 3, 11, 100]
            .map(|n| lawha_web::i18n::t_count(Locale::Ar, key, name, n))
            .into();
        for form in &forms {
            assert!(!form.contains('{') && form != key, "{key}: {form}");
        }
        let [one, two, few, many] = [&forms[1], &forms[2], &forms[3], &forms[4]];
        assert!(
            one != two && two != few && few != many && one != few,
            "{key} does not follow the count: {forms:?}"
        );
        for french in [1, 2] {
            let form = lawha_web::i18n::t_count(Locale::Fr, key, name, french);
            assert!(!form.contains('{') && form != key, "{key}: {form}");
        }
    }
    assert_eq!(
        lawha_web::i18n::t_count(Locale::Ar, "dash-days", "days", 7),
        "آخر 7 أيام"
    );
    assert_eq!(
        lawha_web::i18n::t_count(Locale::Ar, "dash-days", "days", 30),
        "آخر 30 يوما"
    );
}

/// No Arabic message puts a number straight before a noun outside a plural choice: the
/// noun's form would be right for some counts only ("آخر 7 يوما"). Prepositions and units
/// after a number are fine.
#[test]
fn arabic_numbers_meet_nouns_only_inside_plural_choices() {
    let not_nouns = ["من", "إلى", "م", "ميغابايت", "كيلوبايت"];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/ar");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("locales/ar") {
        let path = entry.expect("a file of locales/ar").path();
        if path.extension().is_some_and(|e| e == "ftl") {
            text.push_str(&std::fs::read_to_string(&path).expect("an .ftl file"));
            text.push('\n');
        }
    }
    let mut in_choice = false;
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.contains("->") {
            in_choice = true;
        }
        if in_choice {
            if line.trim_start().starts_with('}') {
                in_choice = false;
            }
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("{ $") {
            let after = &rest[start..];
            let Some(end) = after.find('}') else { break };
            let word: String = after[end + 1..]
                .trim_start()
                .chars()
                .take_while(|c| ('\u{0621}'..='\u{064A}').contains(c))
                .collect();
            if !word.is_empty() && !not_nouns.contains(&word.as_str()) {
                found.push(format!("line {}: {line}", number + 1));
            }
            rest = &after[end + 1..];
        }
    }
    assert!(
        found.is_empty(),
        "counts outside a plural choice:\n{}",
        found.join("\n")
    );
}

/// French counted nouns agree with the count (no "question(s)"), and numbers passed as counts
/// keep the pages' grouping.
#[test]
fn french_counted_nouns_follow_the_count() {
    let fr = |key, n| lawha_web::i18n::t_count(Locale::Fr, key, "count", n);
    for key in [
        "list-count",
        "import-has-errors",
        "import-new-parents",
        "import-more-rows",
        "revision-due-count",
        "search-results",
        "roster-count",
        "authoring-preview-title",
    ] {
        assert_ne!(fr(key, 1), fr(key, 2).replace('2', "1"), "{key}");
    }
    assert_eq!(
        fr("search-results", 12345),
        "12\u{202f}345 capsules trouvées"
    );
    assert_eq!(
        lawha_web::i18n::t_count(Locale::Ar, "roster-count", "count", 12345),
        "12,345 تلميذ"
    );
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/fr/main.ftl"))
        .expect("fr/main.ftl");
    let hedged: Vec<&str> = text.lines().filter(|l| l.contains("(s)")).collect();
    assert!(hedged.is_empty(), "{hedged:#?}");
}
