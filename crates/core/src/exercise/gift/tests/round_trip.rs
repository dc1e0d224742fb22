//! Export: what it writes, what it refuses, and that reading it back gives the same items.

use super::super::*;
use crate::exercise::item::{
    Blank, Choice, Item, ItemKind, MatchPair, NumericAnswer, Part, TextAnswer, Unit,
};
use crate::exercise::normalize::Case;

/// Questions without their line numbers, which export necessarily changes.
fn without_lines(questions: Vec<ParsedQuestion>) -> Vec<ParsedQuestion> {
    questions
        .into_iter()
        .map(|q| ParsedQuestion { line: 0, ..q })
        .collect()
}

fn round_trip(questions: &[ParsedQuestion]) -> Vec<ParsedQuestion> {
    let gift = to_gift(questions).unwrap();
    without_lines(parse_gift(&gift).unwrap_or_else(|err| panic!("{err}\n{gift}")))
}

fn question(item: Item) -> ParsedQuestion {
    ParsedQuestion {
        category: None,
        title: None,
        text_format: TextFormat::Moodle,
        item,
        line: 0,
    }
}

#[test]
fn documented_examples_round_trip() {
    let parsed = without_lines(parse_gift(super::examples::EXAMPLES).unwrap());
    assert_eq!(round_trip(&parsed), parsed);
}

#[test]
fn exported_text_reads_like_moodles() {
    let mut item = Item::new(
        "Capitale du Maroc ?",
        ItemKind::SingleChoice {
            choices: vec![
                Choice::right("Rabat").with_feedback("Oui !"),
                Choice::new("Salé", 0.5),
                Choice::wrong("Fès"),
            ],
        },
    );
    item.general_feedback = Some("Rabat : capitale depuis 1912.".into());
    let mut first = question(item);
    first.title = Some("Capitale".into());
    first.category = Some("Géographie".into());
    let second = ParsedQuestion {
        item: Item::new(
            "La Terre est ronde.",
            ItemKind::TrueFalse {
                answer: true,
                feedback_true: None,
                feedback_false: Some("Si.".into()),
            },
        ),
        ..first.clone()
    };
    let gift = to_gift(&[first, second]).unwrap();
    let expected = "$CATEGORY: Géographie\n\n\
        ::Capitale::Capitale du Maroc ?{\n\t=Rabat#Oui !\n\t~%50%Salé\n\t~Fès\n\t####Rabat \\: capitale depuis 1912.\n}\n\n\
        ::Capitale::La Terre est ronde.{TRUE#Si.}\n\n";
    assert_eq!(gift, expected);
}

fn every_exportable_kind() -> Vec<ParsedQuestion> {
    let mut numeric_close = NumericAnswer::new(1822.0, 2.0);
    numeric_close.fraction = 0.5;
    numeric_close.feedback = Some("Presque : 1822.".into());
    let items = vec![
        Item::new(
            "Coche {les} bonnes = réponses",
            ItemKind::MultipleChoice {
                choices: vec![
                    Choice::new("a ~ b", 1.0 / 3.0),
                    Choice::new("c", 2.0 / 3.0),
                    Choice::new("d", -1.0).with_feedback("Non # jamais"),
                ],
            },
        ),
        Item::new(
            "ما عاصمة المغرب؟",
            ItemKind::ShortAnswer {
                answers: vec![
                    TextAnswer::new("الرباط").with_feedback("أحسنت"),
                    TextAnswer::new("Rabat").with_fraction(0.75),
                ],
                case: Case::Insensitive,
            },
        ),
        Item::new(
            "Né en ?",
            ItemKind::Numeric {
                answers: vec![
                    NumericAnswer::new(1822.0, 0.0),
                    numeric_close,
                    NumericAnswer::new(-0.000125, 1e-6),
                ],
                units: vec![],
                unit_required: false,
                other_feedback: Some("Non.".into()),
            },
        ),
        Item::new(
            "Relie",
            ItemKind::Matching {
                pairs: vec![
                    MatchPair::new("$x^2$", "carré"),
                    MatchPair::new("a: b", "c=d"),
                ],
                distractors: vec!["cube".into()],
            },
        ),
        Item::new(
            "Le soleil se lève à l'ouest.",
            ItemKind::TrueFalse {
                answer: false,
                feedback_true: Some("Non, à l'est.".into()),
                feedback_false: Some("Bravo.".into()),
            },
        ),
        Item::new(
            "Deux\nlignes \\ et $\\frac{1}{2}$ puis \\neq",
            ItemKind::TrueFalse {
                answer: true,
                feedback_true: None,
                feedback_false: Some("x".into()),
            },
        ),
        Item::new(
            "La capitale est _____ (Maroc).",
            ItemKind::FillBlanks {
                parts: vec![
                    Part::Text {
                        text: "La capitale est ".into(),
                    },
                    Part::Blank {
                        blank: Blank::Typed {
                            answers: vec![TextAnswer::new("Rabat")],
                            case: Case::Insensitive,
                        },
                    },
                    Part::Text {
                        text: " (Maroc).".into(),
                    },
                ],
            },
        ),
        Item::new(
            "_____ est un nombre premier.",
            ItemKind::FillBlanks {
                parts: vec![
                    Part::Blank {
                        blank: Blank::Choice {
                            choices: vec![Choice::wrong("4"), Choice::right("7")],
                        },
                    },
                    Part::Text {
                        text: " est un nombre premier.".into(),
                    },
                ],
            },
        ),
        Item::new(
            "[html] est une balise",
            ItemKind::ShortAnswer {
                answers: vec![TextAnswer::new("oui")],
                case: Case::Insensitive,
            },
        ),
    ];
    items
        .into_iter()
        .enumerate()
        .map(|(index, mut item)| {
            item.general_feedback =
                (index % 2 == 0).then(|| format!("Général {index} : voir le cours #{index}."));
            ParsedQuestion {
                category: Some(if index < 4 {
                    "Maths/Algèbre".into()
                } else {
                    "Arabe".into()
                }),
                title: (index % 3 != 0).then(|| format!("Q{index} :: titre")),
                text_format: if index == 3 {
                    TextFormat::Markdown
                } else {
                    TextFormat::Moodle
                },
                item,
                line: 0,
            }
        })
        .collect()
}

#[test]
fn every_exportable_kind_round_trips() {
    let questions = every_exportable_kind();
    let back = round_trip(&questions);
    assert_eq!(back.len(), questions.len());
    for (original, read) in questions.iter().zip(&back) {
        // 1/3 is written as 33.33333% and read back as Moodle's grade, exactly 1/3.
        assert_eq!(read, original);
    }
    assert_eq!(
        round_trip(&back),
        back,
        "a second round trip changes nothing"
    );
}

#[test]
fn categories_are_written_when_they_change() {
    let gift = to_gift(&every_exportable_kind()).unwrap();
    assert_eq!(gift.matches("$CATEGORY:").count(), 2);
    assert!(gift.starts_with("$CATEGORY: Maths/Algèbre\n\n"));
}

#[test]
fn what_gift_cannot_express_is_refused() {
    let refused = |kind: ItemKind| {
        let questions = vec![
            question(Item::new(
                "ok",
                ItemKind::TrueFalse {
                    answer: true,
                    feedback_true: None,
                    feedback_false: None,
                },
            )),
            question(Item::new("?", kind)),
        ];
        let err = to_gift(&questions).unwrap_err();
        assert_eq!((err.index, err.code()), (1, "not-expressible-in-gift"));
    };
    refused(ItemKind::Ordering {
        sequence: vec!["a".into(), "b".into()],
    });
    let typed = || Part::Blank {
        blank: Blank::Typed {
            answers: vec![TextAnswer::new("x")],
            case: Case::Insensitive,
        },
    };
    refused(ItemKind::FillBlanks {
        parts: vec![
            Part::Text { text: "a ".into() },
            typed(),
            Part::Text { text: " b ".into() },
            typed(),
            Part::Text { text: ".".into() },
        ],
    });
    refused(ItemKind::FillBlanks {
        parts: vec![Part::Text { text: "a ".into() }, typed()],
    });
    refused(ItemKind::SingleChoice {
        choices: vec![Choice::new("a", 0.5), Choice::wrong("b")],
    });
    refused(ItemKind::Matching {
        pairs: vec![MatchPair::new("a -> b", "c"), MatchPair::new("d", "e")],
        distractors: vec![],
    });
    // Found by fuzzing: written out, these would read back as matching.
    refused(ItemKind::ShortAnswer {
        answers: vec![TextAnswer::new("x->y")],
        case: Case::Insensitive,
    });
    refused(ItemKind::SingleChoice {
        choices: vec![
            Choice::new("a", 1.0).with_feedback("a -> b"),
            Choice::wrong("b"),
        ],
    });
}

#[test]
fn units_solutions_and_case_sensitivity_are_dropped() {
    let mut item = Item::new(
        "Longueur ?",
        ItemKind::Numeric {
            answers: vec![NumericAnswer::new(3.5, 0.0)],
            units: vec![Unit::new("m", 1.0)],
            unit_required: true,
            other_feedback: None,
        },
    );
    item.solution = Some("$3{,}5$ m".into());
    let back = round_trip(&[question(item)]);
    assert_eq!(back[0].item.solution, None);
    assert_eq!(
        back[0].item.kind,
        ItemKind::Numeric {
            answers: vec![NumericAnswer::new(3.5, 0.0)],
            units: vec![],
            unit_required: false,
            other_feedback: None,
        }
    );
}

#[test]
fn formulas_written_without_escapes_read_and_round_trip() {
    let gift = "::Fractions:: Forme simplifiée de \\(\\frac{6}{8}\\) ? {\n\
                =\\(\\frac{3}{4}\\) #Bien : $$\\frac{6 \\div 2}{8 \\div 2}$$\n\
                ~\\(\\frac{6}{8}\\)\n}\n\n\
                ::Mot:: $$x^{2}$$ vaut {=4} quand $$x=2$$.";
    let parsed = without_lines(parse_gift(gift).unwrap_or_else(|e| panic!("{e}")));
    let ItemKind::SingleChoice { choices } = &parsed[0].item.kind else {
        panic!("{:?}", parsed[0].item.kind);
    };
    assert_eq!(
        parsed[0].item.prompt,
        "Forme simplifiée de \\(\\frac{6}{8}\\) ?"
    );
    assert_eq!(choices[0].text, "\\(\\frac{3}{4}\\)");
    assert_eq!(
        choices[0].feedback.as_deref(),
        Some("Bien : $$\\frac{6 \\div 2}{8 \\div 2}$$")
    );
    assert!(matches!(parsed[1].item.kind, ItemKind::FillBlanks { .. }));
    assert_eq!(parsed[1].item.prompt, "$$x^{2}$$ vaut _____ quand $$x=2$$.");
    // Export escapes the braces as Moodle does; reading it back gives the same questions.
    assert_eq!(round_trip(&parsed), parsed);
}
