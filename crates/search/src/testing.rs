//! Generated capsules that read like the real catalogue, for tests and the search bench.
//!
//! Deterministic for a given seed. Titles and descriptions come in both languages, some Arabic
//! texts carry diacritics as teachers sometimes type them, about half the capsules have a
//! transcript in their language of instruction, and about one in ten is unpublished.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::doc::{CapsuleDoc, Language};

/// A lesson topic: its subject code and its name in Arabic (plain and vocalised) and French.
#[derive(Clone, Copy)]
struct Topic {
    subject: &'static str,
    ar: &'static str,
    ar_vocalised: &'static str,
    fr: &'static str,
}

const fn topic(
    subject: &'static str,
    ar: &'static str,
    ar_vocalised: &'static str,
    fr: &'static str,
) -> Topic {
    Topic {
        subject,
        ar,
        ar_vocalised,
        fr,
    }
}

const TOPICS: [Topic; 30] = [
    topic("MATH", "الكسور", "الْكُسُور", "Les fractions"),
    topic(
        "MATH",
        "الأعداد العشرية",
        "الْأَعْدَاد الْعَشْرِيَّة",
        "Les nombres décimaux",
    ),
    topic(
        "MATH",
        "المعادلات من الدرجة الثانية",
        "الْمُعَادَلَات مِنَ الدَّرَجَةِ الثَّانِيَة",
        "Équations du second degré",
    ),
    topic(
        "MATH",
        "الدوال الخطية",
        "الدَّوَال الْخَطِّيَّة",
        "Les fonctions linéaires",
    ),
    topic(
        "MATH",
        "مبرهنة فيتاغورس",
        "مُبَرْهَنَة فِيتَاغُورْس",
        "Le théorème de Pythagore",
    ),
    topic("MATH", "الإحصاء", "الْإِحْصَاء", "Les statistiques"),
    topic("MATH", "الاحتمالات", "الِاحْتِمَالَات", "Les probabilités"),
    topic(
        "MATH",
        "المتتاليات العددية",
        "الْمُتَتَالِيَات الْعَدَدِيَّة",
        "Les suites numériques",
    ),
    topic(
        "MATH",
        "النهايات والاتصال",
        "النِّهَايَات وَالِاتِّصَال",
        "Limites et continuité",
    ),
    topic("PC", "قانون أوم", "قَانُون أُوم", "La loi d'Ohm"),
    topic(
        "PC",
        "التفاعلات الكيميائية",
        "التَّفَاعُلَات الْكِيمْيَائِيَّة",
        "Les réactions chimiques",
    ),
    topic(
        "PC",
        "انتشار الضوء",
        "انْتِشَار الضَّوْء",
        "La propagation de la lumière",
    ),
    topic(
        "PC",
        "الحركة والسرعة",
        "الْحَرَكَة وَالسُّرْعَة",
        "Mouvement et vitesse",
    ),
    topic(
        "PC",
        "الذرة والأيونات",
        "الذَّرَّة وَالْأَيُونَات",
        "L'atome et les ions",
    ),
    topic("SVT", "الخلية", "الْخَلِيَّة", "La cellule"),
    topic(
        "SVT",
        "التنفس عند الإنسان",
        "التَّنَفُّس عِنْدَ الْإِنْسَان",
        "La respiration chez l'homme",
    ),
    topic("SVT", "التغذية", "التَّغْذِيَة", "La nutrition"),
    topic("SVT", "الوراثة", "الْوِرَاثَة", "L'hérédité"),
    topic(
        "SVT",
        "التوالد عند النباتات",
        "التَّوَالُد عِنْدَ النَّبَاتَات",
        "La reproduction des plantes",
    ),
    topic("AR", "الإعراب", "الْإِعْرَاب", "L'analyse grammaticale"),
    topic(
        "AR",
        "الجملة الفعلية",
        "الْجُمْلَة الْفِعْلِيَّة",
        "La phrase verbale",
    ),
    topic("AR", "النعت", "النَّعْت", "L'adjectif qualificatif"),
    topic(
        "AR",
        "التعبير الكتابي",
        "التَّعْبِير الْكِتَابِي",
        "La production écrite",
    ),
    topic("FR", "الماضي المركب", "الْمَاضِي الْمُرَكَّب", "Le passé composé"),
    topic(
        "FR",
        "مطابقة اسم المفعول",
        "مُطَابَقَة اسْمِ الْمَفْعُول",
        "L'accord du participe passé",
    ),
    topic("FR", "الحكاية", "الْحِكَايَة", "Le conte"),
    topic(
        "HG",
        "الثورة الصناعية",
        "الثَّوْرَة الصِّنَاعِيَّة",
        "La révolution industrielle",
    ),
    topic(
        "HG",
        "الموارد المائية بالمغرب",
        "الْمَوَارِد الْمَائِيَّة بِالْمَغْرِب",
        "Les ressources en eau au Maroc",
    ),
    topic("EI", "الصلاة", "الصَّلَاة", "La prière"),
    topic("EI", "آداب الحوار", "آدَاب الْحِوَار", "Les règles du dialogue"),
];

/// Level codes with their names in Arabic and French.
const LEVELS: [(&str, &str, &str); 10] = [
    ("3AP", "المستوى الثالث ابتدائي", "3e année du primaire"),
    ("4AP", "المستوى الرابع ابتدائي", "4e année du primaire"),
    ("5AP", "المستوى الخامس ابتدائي", "5e année du primaire"),
    ("6AP", "المستوى السادس ابتدائي", "6e année du primaire"),
    ("1AC", "الأولى إعدادي", "1re année du collège"),
    ("2AC", "الثانية إعدادي", "2e année du collège"),
    ("3AC", "الثالثة إعدادي", "3e année du collège"),
    ("TC", "الجذع المشترك", "Tronc commun"),
    ("1BAC", "الأولى باكالوريا", "1re année du baccalauréat"),
    ("2BAC", "الثانية باكالوريا", "2e année du baccalauréat"),
];

const TITLE_FORMS: [(&str, &str); 5] = [
    ("{}", "{}"),
    ("درس: {}", "Cours : {}"),
    ("تمارين محلولة: {}", "Exercices corrigés : {}"),
    ("مراجعة {}", "Révision : {}"),
    ("مدخل إلى {}", "Introduction : {}"),
];

const AR_SENTENCES: [&str; 8] = [
    "في هذه الكبسولة نشرح {} خطوة بخطوة مع أمثلة من الحياة اليومية.",
    "نبدأ بتذكير بالمكتسبات السابقة ثم ننتقل إلى {}.",
    "لاحظوا جيدا هذا المثال، فهو يلخص أهم ما في {}.",
    "حاولوا حل التمرين قبل مشاهدة التصحيح.",
    "نَتَعَلَّمُ اليَوْمَ {} بِطَرِيقَةٍ سَهْلَةٍ.",
    "ننصح التلاميذ بإعادة المشاهدة وتدوين الملاحظات في الدفتر.",
    "يمكن تحميل ورقة التمارين من أسفل الصفحة.",
    "في نهاية الدرس نقترح تقويما قصيرا حول {}.",
];

const FR_SENTENCES: [&str; 8] = [
    "Dans cette capsule, nous expliquons {} pas à pas avec des exemples de la vie quotidienne.",
    "Commençons par un rappel des prérequis avant d'aborder {}.",
    "Observez bien cet exemple : il résume l'essentiel de {}.",
    "Essayez de résoudre l'exercice avant de regarder la correction.",
    "Nous verrons les erreurs fréquentes des élèves sur {}.",
    "Prenez des notes dans votre cahier et revoyez la vidéo si besoin.",
    "La fiche d'exercices est à télécharger en bas de la page.",
    "Une courte évaluation sur {} termine la leçon.",
];

/// `n` generated capsules; the same `seed` always gives the same capsules.
pub fn generate_docs(n: usize, seed: u64) -> Vec<CapsuleDoc> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n).map(|_| generate_doc(&mut rng)).collect()
}

fn generate_doc(rng: &mut StdRng) -> CapsuleDoc {
    let topic = pick(rng, &TOPICS);
    let (level, level_ar, level_fr) = pick(rng, &LEVELS);
    let language = language_for(rng, topic.subject, level);
    let (title_form_ar, title_form_fr) = pick(rng, &TITLE_FORMS);
    let lesson: u32 = rng.gen_range(1..=12);
    // Some teachers vocalise their Arabic titles; search must not care.
    let topic_ar = if rng.gen_bool(0.2) {
        topic.ar_vocalised
    } else {
        topic.ar
    };
    let title_ar = format!("{} - الدرس {lesson}", fill(title_form_ar, topic_ar));
    let title_fr = format!("{} — leçon {lesson}", fill(title_form_fr, topic.fr));
    let description_ar = format!(
        "{} {level_ar}. {}",
        topic.ar,
        fill(pick(rng, &AR_SENTENCES), topic.ar)
    );
    let description_fr = format!(
        "{}, {level_fr}. {}",
        topic.fr,
        fill(pick(rng, &FR_SENTENCES), &topic.fr.to_lowercase())
    );
    let transcript = if rng.gen_bool(0.5) {
        transcript(rng, language, &topic)
    } else {
        String::new()
    };
    CapsuleDoc {
        id: uuid::Builder::from_random_bytes(rng.gen()).into_uuid(),
        title_ar,
        title_fr,
        description_ar,
        description_fr,
        transcript,
        level: level.to_owned(),
        subject: topic.subject.to_owned(),
        language,
        published: rng.gen_bool(0.9),
    }
}

/// Arabic and French lessons are taught in their language; sciences are taught in Arabic, and
/// in French for part of the secondary "international options".
fn language_for(rng: &mut StdRng, subject: &str, level: &str) -> Language {
    match subject {
        "FR" => Language::Fr,
        "MATH" | "PC" | "SVT" if is_secondary(level) && rng.gen_bool(0.4) => Language::Fr,
        _ => Language::Ar,
    }
}

fn is_secondary(level: &str) -> bool {
    matches!(level, "TC" | "1BAC" | "2BAC")
}

fn transcript(rng: &mut StdRng, language: Language, topic: &Topic) -> String {
    let sentences = rng.gen_range(4..=10);
    let mut text = String::new();
    for _ in 0..sentences {
        let sentence = match language {
            Language::Ar => fill(pick(rng, &AR_SENTENCES), topic.ar),
            Language::Fr => fill(pick(rng, &FR_SENTENCES), &topic.fr.to_lowercase()),
        };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&sentence);
    }
    text
}

fn fill(form: &str, value: &str) -> String {
    form.replace("{}", value)
}

/// A random element; `N` is never 0 for the constant tables above.
fn pick<T: Copy, const N: usize>(rng: &mut StdRng, items: &[T; N]) -> T {
    items[rng.gen_range(0..N)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_docs() {
        assert_eq!(generate_docs(20, 7), generate_docs(20, 7));
        assert_ne!(generate_docs(20, 7), generate_docs(20, 8));
    }

    #[test]
    fn docs_are_varied() {
        let docs = generate_docs(500, 1);
        assert!(docs.iter().any(|d| d.language == Language::Fr));
        assert!(docs.iter().any(|d| d.language == Language::Ar));
        assert!(docs.iter().any(|d| !d.published));
        assert!(docs.iter().any(|d| d.transcript.is_empty()));
        assert!(docs.iter().any(|d| d.title_ar.contains('\u{064F}')));
        let mut ids: Vec<_> = docs.iter().map(|d| d.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), docs.len());
    }
}
