//! The items and responses both parity tests of `static/correct.js` run through the Rust
//! corrector and the script: the GIFT and Moodle XML fixtures, hand-made items for what the
//! fixtures lack (Arabic spellings, units, tolerances, penalties, gaps of both kinds), and for
//! each item right answers, near misses and seeded random ones. Also runs the Node checker.
//!
//! Shared by `tests/offline_correct.rs` (corrections) and the answer form's unit test
//! (`routes/exercises/form/offline_parity.rs`, which includes this file by path).

use std::path::{Path, PathBuf};
use std::process::Command;

use lawha_core::exercise::gift::parse_gift;
use lawha_core::exercise::xml::parse_moodle_xml;
use lawha_core::exercise::{
    Blank, BlankResponse, Case, Choice, Item, ItemKind, MatchPair, NumericAnswer, Part, PublicKind,
    Response, TextAnswer, Unit,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// The web crate's directory.
fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every item of the fixtures, then the hand-made ones.
pub fn items() -> Vec<Item> {
    let root = crate_dir().join("..");
    let mut gift_files =
        vec![root.join("core/src/exercise/gift/tests/testdata/moodle_examples.gift")];
    let seed_dir = root.join("seed/data/exercises");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&seed_dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", seed_dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "gift"))
        .collect();
    seeds.sort();
    gift_files.extend(seeds);
    let mut items = Vec::new();
    for path in &gift_files {
        let questions =
            parse_gift(&read(path)).unwrap_or_else(|e| panic!("parsing {}: {e:?}", path.display()));
        items.extend(questions.into_iter().map(|q| q.item));
    }
    let xml = root.join("core/src/exercise/xml/testdata/moodle_examples.xml");
    let questions = parse_moodle_xml(read(&xml).as_bytes())
        .unwrap_or_else(|e| panic!("parsing {}: {e:?}", xml.display()));
    items.extend(questions.into_iter().map(|q| q.item));
    items.extend(hand_made());
    items
}

fn with_texts(mut item: Item, general: &str, solution: &str) -> Item {
    item.general_feedback = Some(general.into());
    item.solution = Some(solution.into());
    item
}

fn numeric_answer(
    value: f64,
    tolerance: f64,
    fraction: f64,
    feedback: Option<&str>,
) -> NumericAnswer {
    NumericAnswer {
        value,
        tolerance,
        fraction,
        feedback: feedback.map(str::to_string),
    }
}

fn numeric(answers: Vec<NumericAnswer>, units: Vec<Unit>, unit_required: bool) -> Item {
    Item::new(
        "?",
        ItemKind::Numeric {
            answers,
            units,
            unit_required,
            other_feedback: Some("لا.".into()),
        },
    )
}

fn typed(answers: &[&str]) -> Blank {
    Blank::Typed {
        answers: answers.iter().map(|a| TextAnswer::new(*a)).collect(),
        case: Case::Insensitive,
    }
}

fn text(text: &str) -> Part {
    Part::Text { text: text.into() }
}

/// Items for what the fixtures do not cover.
#[allow(clippy::approx_constant)] // Moodle's π example, as a range.
fn hand_made() -> Vec<Item> {
    let strings = |texts: &[&str]| texts.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    vec![
        with_texts(
            Item::new(
                "ما هي عاصمة المغرب؟",
                ItemKind::SingleChoice {
                    choices: vec![
                        Choice::wrong("الدار البيضاء").with_feedback("لا."),
                        Choice::right("الرباط").with_feedback("أحسنت"),
                        Choice::new("سلا", -0.25),
                        Choice::new("فاس", 0.5),
                    ],
                },
            ),
            "عامة",
            "الرباط عاصمة المملكة منذ 1912.",
        ),
        Item::new(
            "Grant's tomb",
            ItemKind::MultipleChoice {
                choices: vec![
                    Choice::new("No one", -0.5).with_feedback("Not quite."),
                    Choice::new("Grant", 0.5).with_feedback("Yes, Grant."),
                    Choice::new("Grant's wife", 0.5),
                    Choice::new("Grant's father", -0.5).with_feedback("Non."),
                    Choice::new("a third", 1.0 / 3.0),
                ],
            },
        ),
        Item::new(
            "thirds",
            ItemKind::MultipleChoice {
                choices: vec![
                    Choice::new("a", 1.0 / 3.0),
                    Choice::new("b", 1.0 / 3.0),
                    Choice::new("c", 1.0 / 3.0),
                    Choice::new("d", -1.0 / 3.0),
                ],
            },
        ),
        Item::new(
            "tenths",
            ItemKind::MultipleChoice {
                choices: vec![
                    Choice::new("a", 0.7),
                    Choice::new("b", 0.2),
                    Choice::new("c", 0.1),
                    Choice::new("d", -0.1),
                ],
            },
        ),
        Item::new(
            "more choices than a response may carry",
            ItemKind::MultipleChoice {
                choices: (0..210)
                    .map(|i| Choice::new(format!("{i}"), if i < 2 { 0.5 } else { -0.01 }))
                    .collect(),
            },
        ),
        Item::new(
            "vrai ?",
            ItemKind::TrueFalse {
                answer: false,
                feedback_true: Some("Non, c'est faux.".into()),
                feedback_false: None,
            },
        ),
        Item::new(
            "مدرسة",
            ItemKind::ShortAnswer {
                answers: vec![
                    TextAnswer::new("مَدْرَسَةٌ").with_feedback("أحسنت"),
                    TextAnswer::new("أحمد"),
                    TextAnswer::new("مسؤول"),
                    TextAnswer::new("مسئول").with_fraction(0.5),
                    TextAnswer::new("ماء"),
                    TextAnswer::new("١٢"),
                    TextAnswer::new("الرَّحْمٰنِ"),
                ],
                case: Case::Insensitive,
            },
        ),
        Item::new(
            "Élève",
            ItemKind::ShortAnswer {
                answers: vec![
                    TextAnswer::new("Élève").with_feedback("Bien."),
                    TextAnswer::new("Nazereth").with_fraction(0.75),
                    TextAnswer::new("cœur"),
                    TextAnswer::new("l’école"),
                    TextAnswer::new("straße"),
                    TextAnswer::new("3,5"),
                    TextAnswer::new("-3"),
                    TextAnswer::new("ΣΟΦΙΑΣ"),
                    TextAnswer::new("İzmir"),
                    TextAnswer::new("oui, non"),
                    TextAnswer::new("« ? »").with_feedback("vide"),
                ],
                case: Case::Insensitive,
            },
        ),
        Item::new(
            "CO",
            ItemKind::ShortAnswer {
                answers: vec![TextAnswer::new("CO"), TextAnswer::new("Élève")],
                case: Case::Sensitive,
            },
        ),
        numeric(
            vec![
                numeric_answer(3.5, 0.0, 1.0, Some("Exact.")),
                numeric_answer(3.5, 0.2, 0.5, Some("Presque.")),
            ],
            vec![
                Unit::new("m", 1.0),
                Unit::new("cm", 0.01),
                Unit::new("سم", 0.01),
                Unit::new(" mm ", 0.001),
            ],
            false,
        ),
        numeric(
            vec![numeric_answer(3.5, 0.0, 1.0, None)],
            vec![Unit::new("m", 1.0), Unit::new("cm", 0.01)],
            true,
        ),
        numeric(
            vec![
                numeric_answer((3.141 + 3.142) / 2.0, (3.142 - 3.141) / 2.0, 1.0, None),
                numeric_answer(3.0, 0.5, 0.25, Some("Arrondi.")),
            ],
            vec![],
            false,
        ),
        numeric(
            vec![
                numeric_answer(-4.0, 0.0, 1.0, None),
                numeric_answer(-0.75, 0.01, 1.0, Some("−٣/٤")),
                numeric_answer(0.0, 0.0, 0.5, None),
                numeric_answer(1000.5, -0.5, 1.0, None),
                numeric_answer(6.02e23, 1e21, 1.0, None),
            ],
            vec![],
            false,
        ),
        Item::new(
            "Complète.",
            ItemKind::FillBlanks {
                parts: vec![
                    text("La capitale du Maroc est "),
                    Part::Blank {
                        blank: typed(&["الرباط", "Rabat"]),
                    },
                    text(", sa plus grande ville est "),
                    Part::Blank {
                        blank: Blank::Choice {
                            choices: vec![
                                Choice::wrong("Fès"),
                                Choice::right("Casablanca").with_feedback("Oui."),
                                Choice::new("Salé", 0.5).with_feedback("Bof."),
                                Choice::new("Tanger", -1.0),
                            ],
                        },
                    },
                    text(" et "),
                    Part::Blank {
                        blank: Blank::Typed {
                            answers: vec![
                                TextAnswer::new("CO").with_feedback("Carbone."),
                                TextAnswer::new("Co").with_fraction(0.5),
                            ],
                            case: Case::Sensitive,
                        },
                    },
                    text("."),
                ],
            },
        ),
        Item::new(
            "Relie.",
            ItemKind::Matching {
                pairs: vec![
                    MatchPair::new("Maroc", "Rabat"),
                    MatchPair::new("Tunisie", "Tunis"),
                    MatchPair::new("Sénégal", "Dakar"),
                    MatchPair::new("مصر", "القاهرة"),
                    MatchPair::new("chat", "animal"),
                    MatchPair::new("chien", "animal"),
                ],
                distractors: strings(&["Casablanca", "𝑥²", "\u{FB00}"]),
            },
        ),
        Item::new(
            "Range.",
            ItemKind::Ordering {
                sequence: strings(&["Semer", "Arroser", "Récolter", "Vendre", "٢", "2", "2"]),
            },
        ),
        Item::new(
            "Range.",
            ItemKind::Ordering {
                sequence: strings(&["1", "2", "3", "4", "5"]),
            },
        ),
    ]
}

/// Seeded, so a failure reproduces.
pub fn rng() -> StdRng {
    StdRng::seed_from_u64(0x1a77_a016)
}

/// Characters random typed answers are drawn from: Arabic letters and their variants, marks,
/// digits of three scripts, French accents, separators, spaces of several kinds, punctuation.
const ALPHABET: &[&str] = &[
    "ا",
    "أ",
    "إ",
    "و",
    "ل",
    "آ",
    "ٱ",
    "ء",
    "ؤ",
    "ئ",
    "ة",
    "ه",
    "ى",
    "ي",
    "ی",
    "ک",
    "ك",
    "م",
    "د",
    "ر",
    "س",
    "\u{064E}",
    "\u{0651}",
    "\u{0652}",
    "\u{0654}",
    "\u{0670}",
    "ـ",
    "\u{06D6}",
    "\u{200F}",
    "\u{200C}",
    "\u{FEFF}",
    "\u{FEFB}",
    "0",
    "1",
    "2",
    "3",
    "5",
    "٠",
    "١",
    "٣",
    "٥",
    "۳",
    "٫",
    "٬",
    ",",
    ".",
    "-",
    "+",
    "−",
    "e",
    "E",
    "é",
    "e\u{0301}",
    "È",
    "ç",
    "œ",
    "ß",
    "Σ",
    "İ",
    "a",
    "A",
    "z",
    " ",
    "  ",
    "\u{00A0}",
    "\u{202F}",
    "\t",
    "\u{0085}",
    "\u{2003}",
    "«",
    "»",
    "؟",
    "!",
    "?",
    "'",
    "’",
    "%",
    "m",
    "cm",
    "سم",
    "ﬁ",
    "Ｐ",
    "²",
    "₂",
    "𝑥",
];

/// A random typed answer of up to `max` pieces.
pub fn random_text(rng: &mut StdRng, max: usize) -> String {
    let len = rng.gen_range(0..=max);
    (0..len)
        .map(|_| *ALPHABET.choose(rng).unwrap_or(&""))
        .collect()
}

/// Variants of a right text a pupil might type: case, marks, spacing, punctuation, digits,
/// and random one-character edits.
pub fn near_misses(rng: &mut StdRng, text: &str) -> Vec<String> {
    let mut out = vec![
        text.to_string(),
        text.to_uppercase(),
        text.to_lowercase(),
        format!("  {text} "),
        format!("« {text} » !"),
        format!("{text}؟"),
        format!("\u{200F}{text}\u{200E}"),
        text.replace(['أ', 'إ', 'آ'], "ا").replace('ة', "ه"),
        text.replace('ا', "أ"),
        text.replace('ؤ', "و").replace(['ئ', 'ى'], "ي"),
        text.replace('ي', "ى").replace('ه', "ة").replace('ك', "ک"),
        text.replace('ء', ""),
        text.replace(['’', '‘'], "'"),
        text.replace('\'', "’"),
        text.replace(' ', "\u{00A0}"),
        text.replace(' ', "  "),
        text.replace(' ', "\u{0085}"),
        format!("\u{0085}{text}\u{2003}"),
        text.replace('.', ",")
            .replace('1', "١")
            .replace('2', "٢")
            .replace('5', "۵"),
        text.chars().flat_map(|c| [c, '\u{064E}']).collect(),
        text.chars().flat_map(|c| [c, 'ـ']).collect(),
        text.chars().rev().collect(),
        text.repeat(2),
        "x".repeat(2_001),
        format!("{}{}", text, "م".repeat(1_990)),
    ];
    let chars: Vec<char> = text.chars().collect();
    for _ in 0..6 {
        let mut edited = chars.clone();
        if !edited.is_empty() && rng.gen_bool(0.5) {
            edited.remove(rng.gen_range(0..edited.len()));
        } else {
            let piece: Vec<char> = random_text(rng, 1).chars().collect();
            let at = rng.gen_range(0..=edited.len());
            edited.splice(at..at, piece);
        }
        out.push(edited.into_iter().collect());
    }
    out.push(random_text(rng, 8));
    out
}

/// How the numbers of a numeric item may be typed.
fn number_texts(rng: &mut StdRng, value: f64, units: &[Unit]) -> Vec<String> {
    let mut out = Vec::new();
    let plain = format!("{value}");
    out.push(plain.clone());
    out.push(plain.replace('.', ","));
    out.push(plain.replace('-', "−"));
    out.push(
        plain
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                None if c == '.' => '٫',
                None => c,
            })
            .collect(),
    );
    out.push(format!("{value:e}"));
    out.push(format!("{value:E}"));
    out.push(format!(" {value:.3} "));
    out.push(format!("+{value}"));
    out.push(format!("\u{0085}{plain}\u{3000}"));
    for unit in units {
        if unit.factor != 0.0 {
            let scaled = value / unit.factor;
            out.push(format!("{scaled} {}", unit.name));
            out.push(format!("{scaled}{}", unit.name.trim()));
            out.push(format!("{scaled} {}", unit.name.to_uppercase()));
        }
    }
    out.push(format!("{plain} km"));
    out.push(format!("{plain} ans"));
    for _ in 0..4 {
        out.push(format!("{:.2}", value + rng.gen_range(-1.0..1.0)));
    }
    out
}

fn numeric_texts(rng: &mut StdRng, answers: &[NumericAnswer], units: &[Unit]) -> Vec<String> {
    let mut out = Vec::new();
    for answer in answers {
        let t = answer.tolerance.abs();
        for value in [
            answer.value,
            answer.value + t,
            answer.value - t,
            answer.value + t * 1.0001 + 1e-7,
            answer.value - t * 1.0001 - 1e-7,
        ] {
            out.extend(number_texts(rng, value, units));
        }
    }
    for fixed in [
        "",
        " ",
        "quatre",
        "أربعة",
        "--4",
        "-",
        ".",
        "5e",
        "5 em",
        "1e999",
        "inf",
        "NaN",
        "1 000",
        "1\u{202F}000,5",
        "١٬٠٠٠",
        "1\u{00A0}000",
        "１２",
        "6.02e23",
        "1E-3",
        ".5",
        "5.",
    ] {
        out.push(fixed.to_string());
    }
    out.push("4".repeat(2_001));
    for _ in 0..30 {
        out.push(random_text(rng, 6));
    }
    out
}

/// Indexes 0..len and a few past the end.
fn indexes(len: usize) -> Vec<usize> {
    (0..len + 2).collect()
}

fn random_indexes(rng: &mut StdRng, count: usize, bound: usize) -> Vec<usize> {
    (0..count).map(|_| rng.gen_range(0..bound.max(1))).collect()
}

/// Responses to `item`: right ones, near misses, malformed and random ones, and one of
/// another kind.
pub fn responses(rng: &mut StdRng, item: &Item) -> Vec<Response> {
    let mut out = Vec::new();
    match &item.kind {
        ItemKind::SingleChoice { choices } => {
            for choice in indexes(choices.len()) {
                out.push(Response::SingleChoice { choice });
            }
        }
        ItemKind::MultipleChoice { choices } => {
            let n = choices.len().min(8);
            for mask in 0..(1u32 << n) {
                let chosen = (0..n).filter(|i| mask & (1 << i) != 0).collect();
                out.push(Response::MultipleChoice { choices: chosen });
            }
            out.push(Response::MultipleChoice {
                choices: (0..choices.len()).collect(),
            });
            for _ in 0..20 {
                let count = rng.gen_range(0..choices.len() + 3);
                let mut chosen = random_indexes(rng, count, choices.len() + 1);
                chosen.shuffle(rng);
                out.push(Response::MultipleChoice { choices: chosen });
            }
        }
        ItemKind::TrueFalse { .. } => {
            out.push(Response::TrueFalse { answer: true });
            out.push(Response::TrueFalse { answer: false });
        }
        ItemKind::Numeric { answers, units, .. } => {
            for text in numeric_texts(rng, answers, units) {
                out.push(Response::Numeric { text });
            }
        }
        ItemKind::ShortAnswer { answers, .. } => {
            for answer in answers {
                for text in near_misses(rng, &answer.text) {
                    out.push(Response::ShortAnswer { text });
                }
            }
            for _ in 0..30 {
                out.push(Response::ShortAnswer {
                    text: random_text(rng, 10),
                });
            }
        }
        ItemKind::FillBlanks { parts } => out.extend(fill_blanks(rng, parts)),
        ItemKind::Matching { pairs, .. } => out.extend(matching(rng, item, pairs)),
        ItemKind::Ordering { .. } => out.extend(ordering(rng, item)),
    }
    out.push(other_kind(&item.kind));
    out
}

/// A response of a kind that does not fit `kind`.
fn other_kind(kind: &ItemKind) -> Response {
    match kind {
        ItemKind::SingleChoice { .. } => Response::MultipleChoice { choices: vec![0] },
        ItemKind::Numeric { .. } => Response::ShortAnswer { text: "4".into() },
        ItemKind::ShortAnswer { .. } => Response::Numeric { text: "4".into() },
        ItemKind::Ordering { .. } => Response::Matching {
            pairs: vec![(0, 0)],
        },
        _ => Response::SingleChoice { choice: 0 },
    }
}

/// Candidate answers for each gap.
fn gap_candidates(rng: &mut StdRng, blank: &Blank) -> Vec<BlankResponse> {
    match blank {
        Blank::Typed { answers, .. } => {
            let mut out: Vec<BlankResponse> = answers
                .iter()
                .flat_map(|a| near_misses(rng, &a.text))
                .map(BlankResponse::Typed)
                .collect();
            out.push(BlankResponse::Typed(String::new()));
            out.push(BlankResponse::Choice(0));
            out
        }
        Blank::Choice { choices } => {
            let mut out: Vec<BlankResponse> = indexes(choices.len())
                .into_iter()
                .map(BlankResponse::Choice)
                .collect();
            out.push(BlankResponse::Typed(
                choices.first().map(|c| c.text.clone()).unwrap_or_default(),
            ));
            out
        }
    }
}

fn fill_blanks(rng: &mut StdRng, parts: &[Part]) -> Vec<Response> {
    let candidates: Vec<Vec<BlankResponse>> = parts
        .iter()
        .filter_map(|part| match part {
            Part::Blank { blank } => Some(gap_candidates(rng, blank)),
            Part::Text { .. } => None,
        })
        .collect();
    let mut out = Vec::new();
    // Each gap's every candidate, the other gaps drawn at random.
    for (gap, options) in candidates.iter().enumerate() {
        for candidate in options {
            let blanks = candidates
                .iter()
                .enumerate()
                .map(|(other, list)| {
                    if other == gap {
                        candidate.clone()
                    } else {
                        list.choose(rng)
                            .cloned()
                            .unwrap_or(BlankResponse::Choice(0))
                    }
                })
                .collect();
            out.push(Response::FillBlanks { blanks });
        }
    }
    let first: Vec<BlankResponse> = candidates
        .iter()
        .filter_map(|list| list.first().cloned())
        .collect();
    let mut short = first.clone();
    short.pop();
    out.push(Response::FillBlanks { blanks: short });
    let mut long = first.clone();
    long.push(BlankResponse::Typed("x".into()));
    out.push(Response::FillBlanks { blanks: long });
    out.push(Response::FillBlanks { blanks: Vec::new() });
    out
}

fn matching_options(item: &Item) -> usize {
    match item.public_view().kind {
        PublicKind::Matching { options, .. } => options.len(),
        _ => 0,
    }
}

fn matching(rng: &mut StdRng, item: &Item, pairs: &[MatchPair]) -> Vec<Response> {
    let options = match item.public_view().kind {
        PublicKind::Matching { options, .. } => options,
        _ => Vec::new(),
    };
    let right: Vec<(usize, usize)> = pairs
        .iter()
        .enumerate()
        .filter_map(|(prompt, pair)| {
            options
                .iter()
                .position(|o| *o == pair.right)
                .map(|option| (prompt, option))
        })
        .collect();
    let n = matching_options(item);
    let mut out = vec![
        Response::Matching {
            pairs: right.clone(),
        },
        Response::Matching {
            pairs: right.iter().rev().copied().collect(),
        },
        Response::Matching { pairs: Vec::new() },
        Response::Matching {
            pairs: vec![(0, 0), (0, 1)],
        },
        Response::Matching {
            pairs: vec![(pairs.len(), 0)],
        },
        Response::Matching {
            pairs: vec![(0, n)],
        },
        Response::Matching {
            pairs: vec![(0, 0); pairs.len() + 1],
        },
    ];
    for _ in 0..60 {
        let mut given = Vec::new();
        for &(prompt, option) in &right {
            if rng.gen_bool(0.3) {
                continue;
            }
            let option = if rng.gen_bool(0.3) {
                rng.gen_range(0..n + 1)
            } else {
                option
            };
            given.push((prompt, option));
        }
        if rng.gen_bool(0.1) {
            given.push((rng.gen_range(0..pairs.len() + 1), 0));
        }
        given.shuffle(rng);
        out.push(Response::Matching { pairs: given });
    }
    out
}

fn ordering(rng: &mut StdRng, item: &Item) -> Vec<Response> {
    let ItemKind::Ordering { sequence } = &item.kind else {
        return Vec::new();
    };
    let entries = match item.public_view().kind {
        PublicKind::Ordering { entries } => entries,
        _ => Vec::new(),
    };
    // The right order, as entry indexes (equal texts take distinct entries).
    let mut used = vec![false; entries.len()];
    let mut right = Vec::new();
    for text in sequence {
        if let Some(i) = (0..entries.len()).find(|&i| !used[i] && entries[i] == *text) {
            used[i] = true;
            right.push(i);
        }
    }
    let n = entries.len();
    let mut out = vec![
        Response::Ordering {
            order: right.clone(),
        },
        Response::Ordering {
            order: right.iter().rev().copied().collect(),
        },
        Response::Ordering { order: Vec::new() },
        Response::Ordering {
            order: right.iter().skip(1).copied().collect(),
        },
        Response::Ordering {
            order: right.iter().chain(&right).copied().collect(),
        },
        Response::Ordering { order: vec![0; n] },
        Response::Ordering {
            order: (1..=n).collect(),
        },
    ];
    for _ in 0..60 {
        let mut order = right.clone();
        order.shuffle(rng);
        if rng.gen_bool(0.1) {
            if let Some(slot) = order.first_mut() {
                *slot = rng.gen_range(0..n + 1);
            }
        }
        out.push(Response::Ordering { order });
    }
    out
}

/// Runs the Node checker on `corpus` (JSON written to a temp file) in `mode`
/// (`corrections` or `forms`); fails with the checker's report, or when Node is missing.
pub fn check_with_node(mode: &str, corpus: &serde_json::Value) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let path = dir.path().join("corpus.json");
    let json = serde_json::to_vec(corpus).unwrap_or_else(|e| panic!("corpus to JSON: {e}"));
    std::fs::write(&path, json).unwrap_or_else(|e| panic!("writing the corpus: {e}"));
    let checker = crate_dir().join("tests/offline_correct.mjs");
    let script = crate_dir().join("static/correct.js");
    let output = match Command::new("node")
        .arg(&checker)
        .arg(mode)
        .arg(&path)
        .arg(&script)
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`node` was not found on PATH: this test compares static/correct.js with the Rust \
             corrector and needs Node 18 or newer (scripts/test.sh installs it)"
        ),
        Err(e) => panic!("running node: {e}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "static/correct.js differs from the Rust code ({mode}):\n{stdout}\n{stderr}"
    );
    println!("{stdout}");
}
