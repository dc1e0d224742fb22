//! Help articles share the capsules' index: found by the same analyzers (Arabic without
//! diacritics, French with a typo), never mixed with capsules, drafts hidden, and each
//! kind rebuilt without touching the other.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lawha_search::{ArticleDoc, CapsuleDoc, DocKind, Language, SearchIndex, SearchQuery};
use uuid::Uuid;

fn article(n: u128, title_ar: &str, title_fr: &str, published: bool) -> ArticleDoc {
    ArticleDoc {
        id: Uuid::from_u128(n),
        title_ar: title_ar.into(),
        title_fr: title_fr.into(),
        body_ar: "نص قصير".into(),
        body_fr: "Un texte court.".into(),
        published,
    }
}

fn capsule(n: u128, title_fr: &str) -> CapsuleDoc {
    CapsuleDoc {
        id: Uuid::from_u128(n),
        title_ar: String::new(),
        title_fr: title_fr.into(),
        description_ar: String::new(),
        description_fr: String::new(),
        transcript: String::new(),
        level: "1AC".into(),
        subject: "MATH".into(),
        language: Language::Fr,
        published: true,
    }
}

fn articles(index: &SearchIndex, text: &str) -> Vec<Uuid> {
    let query = SearchQuery {
        kind: DocKind::Article,
        ..SearchQuery::text(text)
    };
    index.search(&query).unwrap().ids()
}

fn capsules(index: &SearchIndex, text: &str) -> Vec<Uuid> {
    index.search(&SearchQuery::text(text)).unwrap().ids()
}

#[test]
fn articles_and_capsules_are_found_apart() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[capsule(1, "Mot de passe des fractions")])
        .unwrap();
    index
        .upsert_articles(&[
            article(10, "نسيت كلمة المرور", "Mot de passe oublié", true),
            article(
                11,
                "الاستعمال دون اتصال",
                "Utiliser Lawha hors connexion",
                true,
            ),
            article(12, "مسودة كلمة المرور", "Brouillon mot de passe", false),
        ])
        .unwrap();
    let ten = Uuid::from_u128(10);
    // French with a typo, Arabic with diacritics: the capsules' analyzers.
    assert_eq!(articles(&index, "mot de pase"), [ten]);
    assert_eq!(articles(&index, "كَلِمَة المرور").first(), Some(&ten));
    assert_eq!(articles(&index, "connexion"), [Uuid::from_u128(11)]);
    // A capsule search never returns an article, and the other way round.
    assert_eq!(capsules(&index, "mot de passe"), [Uuid::from_u128(1)]);
    assert!(!articles(&index, "fractions").contains(&Uuid::from_u128(1)));
    // Drafts only when asked for.
    let with_drafts = SearchQuery {
        kind: DocKind::Article,
        include_unpublished: true,
        ..SearchQuery::text("brouillon")
    };
    assert_eq!(
        index.search(&with_drafts).unwrap().ids(),
        [Uuid::from_u128(12)]
    );
    assert!(articles(&index, "brouillon").is_empty());
    assert_eq!(index.kind_count(DocKind::Article).unwrap(), 3);
    assert_eq!(index.kind_count(DocKind::Capsule).unwrap(), 1);
}

#[test]
fn each_kind_rebuilds_alone() {
    let index = SearchIndex::in_memory().unwrap();
    index.upsert(&[capsule(1, "Fractions")]).unwrap();
    index
        .upsert_articles(&[article(10, "دون اتصال", "Hors connexion", true)])
        .unwrap();
    // Rebuilding the capsules keeps the articles, and the other way round.
    index.rebuild([capsule(2, "Géométrie")]).unwrap();
    assert_eq!(articles(&index, "connexion"), [Uuid::from_u128(10)]);
    assert!(capsules(&index, "fractions").is_empty());
    index
        .rebuild_articles([article(
            11,
            "توفير البيانات",
            "Économiser les données",
            true,
        )])
        .unwrap();
    assert!(articles(&index, "connexion").is_empty());
    assert_eq!(articles(&index, "données"), [Uuid::from_u128(11)]);
    assert_eq!(capsules(&index, "géométrie"), [Uuid::from_u128(2)]);
    // An edit replaces the article under its id.
    index
        .upsert_articles(&[article(
            11,
            "توفير البيانات",
            "Mode économie de données",
            true,
        )])
        .unwrap();
    assert_eq!(index.kind_count(DocKind::Article).unwrap(), 1);
}
