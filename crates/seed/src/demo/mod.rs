//! The demo country slice `lawha demo` serves: the 12 regions (from the reference data),
//! a few provincial directorates, schools of each kind, classes with pupils bearing Arabic
//! and French-script names, teachers, a parent, and one account per role.
//!
//! Seeding is idempotent: a second run finds the demo in place and only returns the
//! accounts to sign in with.

use lawha_core::import::ClassLevel;
use lawha_core::role::Grant;
use lawha_core::{Locale, Role, Scope};
use serde::Serialize;
use uuid::Uuid;

use crate::curriculum::Titles;
use crate::exercises::{NewExerciseSet, SetMode};
use crate::{ClassInput, NewUser, Result, SchoolInput, SchoolKind, Store, StoreError};
use lawha_core::exercise::gift;

/// The password of every demo account (printed by `lawha demo`; never use it in production).
pub const DEMO_PASSWORD: &str = "Lawha-demo-2026";

const SCHOOL_YEAR: &str = "2025-2026";

/// An account to sign in with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoAccount {
    pub role: String,
    pub login: String,
    pub password: String,
    pub name: String,
}

struct ProvinceSeed {
    region: &'static str,
    code: &'static str,
    name_ar: &'static str,
    name_fr: &'static str,
}

const PROVINCES: &[ProvinceSeed] = &[
    ProvinceSeed {
        region: "06",
        code: "CASA-ANFA",
        name_ar: "مديرية الدار البيضاء أنفا",
        name_fr: "Direction Casablanca-Anfa",
    },
    ProvinceSeed {
        region: "06",
        code: "MOHAMMEDIA",
        name_ar: "مديرية المحمدية",
        name_fr: "Direction Mohammedia",
    },
    ProvinceSeed {
        region: "04",
        code: "RABAT",
        name_ar: "مديرية الرباط",
        name_fr: "Direction Rabat",
    },
    ProvinceSeed {
        region: "04",
        code: "SALE",
        name_ar: "مديرية سلا",
        name_fr: "Direction Salé",
    },
    ProvinceSeed {
        region: "07",
        code: "MARRAKECH",
        name_ar: "مديرية مراكش",
        name_fr: "Direction Marrakech",
    },
];

struct SchoolSeed {
    province: &'static str,
    code: &'static str,
    kind: SchoolKind,
    name_ar: &'static str,
    name_fr: &'static str,
}

const SCHOOLS: &[SchoolSeed] = &[
    SchoolSeed {
        province: "CASA-ANFA",
        code: "EP-ANFA-IBNKHALDOUN",
        kind: SchoolKind::School,
        name_ar: "مدرسة ابن خلدون الابتدائية",
        name_fr: "École primaire Ibn Khaldoun",
    },
    SchoolSeed {
        province: "CASA-ANFA",
        code: "CL-ANFA-ZERKTOUNI",
        kind: SchoolKind::School,
        name_ar: "الثانوية الإعدادية الزرقطوني",
        name_fr: "Collège Zerktouni",
    },
    SchoolSeed {
        province: "RABAT",
        code: "LQ-RABAT-MYOUSSEF",
        kind: SchoolKind::School,
        name_ar: "الثانوية التأهيلية مولاي يوسف",
        name_fr: "Lycée Moulay Youssef",
    },
    SchoolSeed {
        province: "MOHAMMEDIA",
        code: "ISTA-MOHAMMEDIA",
        kind: SchoolKind::Vocational,
        name_ar: "المعهد المتخصص للتكنولوجيا التطبيقية المحمدية",
        name_fr: "ISTA Mohammedia (OFPPT)",
    },
    SchoolSeed {
        province: "MARRAKECH",
        code: "CPGE-MARRAKECH",
        kind: SchoolKind::Preparatory,
        name_ar: "الأقسام التحضيرية للمدارس العليا مراكش",
        name_fr: "Classes préparatoires de Marrakech",
    },
];

struct ClassSeed {
    school: &'static str,
    name: &'static str,
    level: ClassLevelSeed,
    /// Pupils (or trainees): code, name.
    members: &'static [(&'static str, &'static str)],
}

enum ClassLevelSeed {
    Level(&'static str),
    Programme(&'static str),
}

const CLASSES: &[ClassSeed] = &[
    ClassSeed {
        school: "EP-ANFA-IBNKHALDOUN",
        name: "6AP-1",
        level: ClassLevelSeed::Level("6AP"),
        members: &[
            ("D130000101", "آدم الإدريسي"),
            ("D130000102", "Salma Bennani"),
            ("D130000103", "مريم العلوي"),
            ("D130000104", "Anas Tazi"),
        ],
    },
    ClassSeed {
        school: "CL-ANFA-ZERKTOUNI",
        name: "1AC-1",
        level: ClassLevelSeed::Level("1AC"),
        members: &[
            ("D130000201", "يوسف بنعلي"),
            ("D130000202", "Yasmine El Idrissi"),
            ("D130000203", "هبة الشرقاوي"),
            ("D130000204", "Omar Berrada"),
            ("D130000205", "إيناس المنصوري"),
            ("D130000206", "Rayane Chraibi"),
        ],
    },
    ClassSeed {
        school: "CL-ANFA-ZERKTOUNI",
        name: "3AC-2",
        level: ClassLevelSeed::Level("3AC"),
        members: &[
            ("D130000301", "زكرياء الفاسي"),
            ("D130000302", "Nour El Houda Amrani"),
            ("D130000303", "سلمى بوزيد"),
            ("D130000304", "Mehdi Kettani"),
        ],
    },
    ClassSeed {
        school: "LQ-RABAT-MYOUSSEF",
        name: "2BAC-PC-1",
        level: ClassLevelSeed::Level("2BAC-PC"),
        members: &[
            ("G140000401", "حمزة الوزاني"),
            ("G140000402", "Imane Sqalli"),
            ("G140000403", "خديجة الرحماني"),
            ("G140000404", "Ilyas Benjelloun"),
        ],
    },
    ClassSeed {
        school: "ISTA-MOHAMMEDIA",
        name: "DD101",
        level: ClassLevelSeed::Programme("OFPPT-DD"),
        members: &[
            ("T250000501", "أيوب الحسني"),
            ("T250000502", "Kawtar Lahlou"),
            ("T250000503", "عبد الرحيم السوسي"),
        ],
    },
    ClassSeed {
        school: "CPGE-MARRAKECH",
        name: "MPSI-1",
        level: ClassLevelSeed::Programme("CPGE-MPSI"),
        members: &[
            ("C250000601", "ياسين المراكشي"),
            ("C250000602", "Lina Ouazzani"),
        ],
    },
];

/// Where a staff account's single grant applies.
enum At {
    National,
    Region(&'static str),
    School(&'static str),
}

struct StaffSeed {
    role: Role,
    email: &'static str,
    name: &'static str,
    locale: Locale,
    at: At,
    /// Classes taught (school code, class name, subject code).
    teaches: &'static [(&'static str, &'static str, &'static str)],
}

const STAFF: &[StaffSeed] = &[
    StaffSeed {
        role: Role::MinistryAdmin,
        email: "ministere@demo.lawha.ma",
        name: "Nadia Alami",
        locale: Locale::Fr,
        at: At::National,
        teaches: &[],
    },
    StaffSeed {
        role: Role::RegionalAdmin,
        email: "aref.casablanca@demo.lawha.ma",
        name: "عبد الله الزياني",
        locale: Locale::Ar,
        at: At::Region("06"),
        teaches: &[],
    },
    StaffSeed {
        role: Role::SchoolAdmin,
        email: "direction.zerktouni@demo.lawha.ma",
        name: "Fatima Zahra Naciri",
        locale: Locale::Fr,
        at: At::School("CL-ANFA-ZERKTOUNI"),
        teaches: &[],
    },
    StaffSeed {
        role: Role::Teacher,
        email: "prof.maths@demo.lawha.ma",
        name: "رشيد البقالي",
        locale: Locale::Ar,
        at: At::School("CL-ANFA-ZERKTOUNI"),
        teaches: &[
            ("CL-ANFA-ZERKTOUNI", "1AC-1", "MATH"),
            ("CL-ANFA-ZERKTOUNI", "3AC-2", "MATH"),
        ],
    },
    StaffSeed {
        role: Role::Teacher,
        email: "prof.physique@demo.lawha.ma",
        name: "Karim Benkirane",
        locale: Locale::Fr,
        at: At::School("LQ-RABAT-MYOUSSEF"),
        teaches: &[("LQ-RABAT-MYOUSSEF", "2BAC-PC-1", "PC")],
    },
    StaffSeed {
        role: Role::VocationalTrainer,
        email: "formateur.dd@demo.lawha.ma",
        name: "Hicham Filali",
        locale: Locale::Fr,
        at: At::School("ISTA-MOHAMMEDIA"),
        teaches: &[("ISTA-MOHAMMEDIA", "DD101", "")],
    },
    StaffSeed {
        role: Role::VolunteerTutor,
        email: "benevole@demo.lawha.ma",
        name: "سعاد التازي",
        locale: Locale::Ar,
        at: At::Region("06"),
        teaches: &[],
    },
    StaffSeed {
        role: Role::Producer,
        email: "production@demo.lawha.ma",
        name: "Amine Saidi",
        locale: Locale::Fr,
        at: At::National,
        teaches: &[],
    },
    StaffSeed {
        role: Role::SupportAgent,
        email: "assistance@demo.lawha.ma",
        name: "ليلى بناني",
        locale: Locale::Ar,
        at: At::National,
        teaches: &[],
    },
];

/// A unit of the demo curriculum: level or programme, subject, titles, lessons.
struct UnitSeed {
    level: ClassLevelSeed,
    subject: &'static str,
    title: (&'static str, &'static str),
    lessons: &'static [(&'static str, &'static str)],
}

const CURRICULUM: &[UnitSeed] = &[
    UnitSeed {
        level: ClassLevelSeed::Level("1AC"),
        subject: "MATH",
        title: ("الأعداد العشرية النسبية", "Les nombres décimaux relatifs"),
        lessons: &[
            (
                "مقارنة الأعداد العشرية النسبية",
                "Comparer des nombres relatifs",
            ),
            (
                "جمع وطرح الأعداد النسبية",
                "Addition et soustraction des relatifs",
            ),
        ],
    },
    UnitSeed {
        level: ClassLevelSeed::Level("1AC"),
        subject: "MATH",
        title: ("الكسور", "Les fractions"),
        lessons: &[
            ("تبسيط كسر", "Simplifier une fraction"),
            ("جمع الكسور", "Additionner des fractions"),
            ("ضرب الكسور", "Multiplier des fractions"),
        ],
    },
    UnitSeed {
        level: ClassLevelSeed::Level("1AC"),
        subject: "FR",
        title: ("", "Le récit"),
        lessons: &[("", "Le schéma narratif"), ("", "Les temps du récit")],
    },
    UnitSeed {
        level: ClassLevelSeed::Level("1AC"),
        subject: "SVT",
        title: (
            "التنفس عند الكائنات الحية",
            "La respiration des êtres vivants",
        ),
        lessons: &[("التنفس عند الإنسان", "La respiration chez l’homme")],
    },
    UnitSeed {
        level: ClassLevelSeed::Level("6AP"),
        subject: "AR",
        title: ("القراءة", ""),
        lessons: &[
            ("الفهم القرائي", ""),
            ("الظواهر اللغوية: الجملة الفعلية", ""),
        ],
    },
    UnitSeed {
        level: ClassLevelSeed::Level("6AP"),
        subject: "MATH",
        title: ("النسبة المئوية", "Le pourcentage"),
        lessons: &[("حساب النسبة المئوية", "Calculer un pourcentage")],
    },
    UnitSeed {
        level: ClassLevelSeed::Level("2BAC-PC"),
        subject: "PC",
        title: ("الموجات", "Les ondes"),
        lessons: &[
            (
                "الموجات الميكانيكية المتوالية",
                "Ondes mécaniques progressives",
            ),
            ("انتشار موجة ضوئية", "Propagation d’une onde lumineuse"),
        ],
    },
    UnitSeed {
        level: ClassLevelSeed::Level("2BAC-PC"),
        subject: "MATH",
        title: ("النهايات والاتصال", "Limites et continuité"),
        lessons: &[
            ("نهاية دالة", "Limite d’une fonction"),
            ("الاتصال", "Continuité"),
        ],
    },
    UnitSeed {
        level: ClassLevelSeed::Programme("OFPPT-DD"),
        subject: "INFO",
        title: ("الخوارزميات", "Algorithmique"),
        lessons: &[
            ("", "Variables et types"),
            ("", "Structures conditionnelles"),
        ],
    },
];

/// An exercise set of the demo, written in Moodle GIFT (as teachers would import it),
/// attached to lesson `lesson` of unit `unit` (1-based positions) of a level's subject.
struct SetSeed {
    level: &'static str,
    subject: &'static str,
    unit: i32,
    lesson: i32,
    title: (&'static str, &'static str),
    mode: SetMode,
    gift: &'static str,
}

const EXERCISE_SETS: &[SetSeed] = &[
    SetSeed {
        level: "1AC",
        subject: "MATH",
        unit: 2,
        lesson: 1,
        title: ("تمارين: تبسيط الكسور", ""),
        mode: SetMode::Practice,
        gift: include_str!("../demo/1ac-fractions-ar.gift"),
    },
    SetSeed {
        level: "1AC",
        subject: "MATH",
        unit: 2,
        lesson: 1,
        title: ("", "Quiz : les fractions"),
        mode: SetMode::Quiz,
        gift: include_str!("../demo/1ac-fractions-fr.gift"),
    },
    SetSeed {
        level: "2BAC-PC",
        subject: "MATH",
        unit: 1,
        lesson: 1,
        title: ("", "Exercices : limites"),
        mode: SetMode::Practice,
        gift: include_str!("../demo/2bac-limits-fr.gift"),
    },
    SetSeed {
        level: "6AP",
        subject: "AR",
        unit: 1,
        lesson: 2,
        title: ("تمارين: الجملة الفعلية", ""),
        mode: SetMode::Practice,
        gift: include_str!("../demo/6ap-verbal-sentence-ar.gift"),
    },
    SetSeed {
        level: "6AP",
        subject: "MATH",
        unit: 1,
        lesson: 1,
        title: ("تمارين: النسبة المئوية", "Exercices : le pourcentage"),
        mode: SetMode::Practice,
        gift: include_str!("../demo/6ap-percent-ar.gift"),
    },
    SetSeed {
        level: "1AC",
        subject: "FR",
        unit: 1,
        lesson: 2,
        title: ("", "Exercices : les temps du récit"),
        mode: SetMode::Practice,
        gift: include_str!("../demo/1ac-narrative-tenses-fr.gift"),
    },
    SetSeed {
        level: "2BAC-PC",
        subject: "PC",
        unit: 1,
        lesson: 1,
        title: ("", "Exercices : ondes mécaniques progressives"),
        mode: SetMode::Practice,
        gift: include_str!("../demo/2bac-waves-fr.gift"),
    },
];

/// The parent: linked to the first pupil of 1AC-1.
const PARENT_EMAIL: &str = "parent.benali@demo.lawha.ma";
const PARENT_NAME: &str = "محمد بنعلي";
const PARENT_OF: &str = "D130000201";
const PARENT_SCHOOL: &str = "CL-ANFA-ZERKTOUNI";

/// The accounts of the demo, pupils first in each class; the same list whether or not this
/// run seeded them.
pub fn accounts() -> Vec<DemoAccount> {
    let account = |role: Role, login: &str, name: &str| DemoAccount {
        role: role.as_str().to_string(),
        login: login.to_string(),
        password: DEMO_PASSWORD.to_string(),
        name: name.to_string(),
    };
    let mut list: Vec<DemoAccount> = STAFF
        .iter()
        .map(|s| account(s.role, s.email, s.name))
        .collect();
    list.push(account(Role::Parent, PARENT_EMAIL, PARENT_NAME));
    for class in CLASSES {
        for (code, name) in class.members {
            list.push(account(member_role(class), code, name));
        }
    }
    list
}

fn member_role(class: &ClassSeed) -> Role {
    match class.level {
        ClassLevelSeed::Programme(code) if code.starts_with("OFPPT") => Role::Trainee,
        _ => Role::Pupil,
    }
}

/// Seeds the demo unless it is already there; returns the accounts either way.
pub async fn seed(store: &Store) -> Result<Vec<DemoAccount>> {
    let first_school = SCHOOLS.first().map(|s| s.code).unwrap_or_default();
    match store.school_by_code(first_school).await {
        Ok(_) => return Ok(accounts()),
        Err(StoreError::NotFound) => {}
        Err(e) => return Err(e),
    }
    let mut provinces = Vec::new();
    for p in PROVINCES {
        let region = store.region_by_code(p.region).await?;
        let province = store
            .create_province(region.id, p.code, p.name_ar, p.name_fr)
            .await?;
        provinces.push((p.code, province.id));
    }
    let mut schools = Vec::new();
    for s in SCHOOLS {
        let province_id = lookup(&provinces, s.province)?;
        let school = store
            .create_school(&SchoolInput {
                province_id,
                code: s.code.into(),
                kind: s.kind,
                name_ar: s.name_ar.into(),
                name_fr: s.name_fr.into(),
            })
            .await?;
        schools.push((s.code, school));
    }
    let school = |code: &str| {
        schools
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, s)| s.clone())
            .ok_or(StoreError::NotFound)
    };
    let mut classes = Vec::new();
    let mut pupils = Vec::new();
    for c in CLASSES {
        let class = store
            .create_class(&ClassInput {
                school_id: school(c.school)?.id,
                name: c.name.into(),
                school_year: SCHOOL_YEAR.into(),
                level: match c.level {
                    ClassLevelSeed::Level(code) => ClassLevel::Level(code.into()),
                    ClassLevelSeed::Programme(code) => ClassLevel::Programme(code.into()),
                },
            })
            .await?;
        for (code, name) in c.members {
            let locale = if name.is_ascii() {
                Locale::Fr
            } else {
                Locale::Ar
            };
            let user = new_user(store, name, None, Some(code), locale).await?;
            store
                .add_grant(user.id, &grant(member_role(c), class.scope())?)
                .await?;
            pupils.push((*code, user.id));
        }
        classes.push(((c.school, c.name), class));
    }
    for s in STAFF {
        let user = new_user(store, s.name, Some(s.email), None, s.locale).await?;
        let scope = match s.at {
            At::National => Scope::National,
            At::Region(code) => Scope::Region {
                region: store.region_by_code(code).await?.id,
            },
            At::School(code) => school(code)?.scope(),
        };
        store.add_grant(user.id, &grant(s.role, scope)?).await?;
        for (school_code, class_name, subject) in s.teaches {
            let class = classes
                .iter()
                .find(|(key, _)| *key == (*school_code, *class_name))
                .map(|(_, c)| c)
                .ok_or(StoreError::NotFound)?;
            let subject = Some(*subject).filter(|s| !s.is_empty());
            store.assign_teacher(class.id, user.id, subject).await?;
        }
    }
    seed_curriculum(store).await?;
    let parent = new_user(store, PARENT_NAME, Some(PARENT_EMAIL), None, Locale::Ar).await?;
    let child = lookup(&pupils, PARENT_OF)?;
    let parent_scope = school(PARENT_SCHOOL)?.scope();
    store
        .add_grant(parent.id, &grant(Role::Parent, parent_scope)?)
        .await?;
    store.link_parent(parent.id, child).await?;
    Ok(accounts())
}

async fn seed_curriculum(store: &Store) -> Result<()> {
    seed_units(store).await?;
    for seed in EXERCISE_SETS {
        let units = store.units_with_lessons(seed.level, seed.subject).await?;
        let lesson = units
            .iter()
            .find(|u| u.unit.position == seed.unit)
            .and_then(|u| u.lessons.iter().find(|l| l.position == seed.lesson))
            .ok_or(StoreError::NotFound)?;
        let questions = gift::parse_gift(seed.gift)
            .map_err(|e| StoreError::Corrupt(format!("demo exercises: {e}")))?;
        let set = store
            .create_exercise_set(&NewExerciseSet {
                lesson_id: lesson.id,
                titles: Titles {
                    ar: seed.title.0.into(),
                    fr: seed.title.1.into(),
                },
                mode: seed.mode,
                max_attempts: (seed.mode == SetMode::Quiz).then_some(3),
                created_by: None,
            })
            .await?;
        let items: Vec<_> = questions.into_iter().map(|q| q.item).collect();
        store.add_items(set.id, &items).await?;
    }
    Ok(())
}

async fn seed_units(store: &Store) -> Result<()> {
    for seed in CURRICULUM {
        let level = match seed.level {
            ClassLevelSeed::Level(code) => ClassLevel::Level(code.into()),
            ClassLevelSeed::Programme(code) => ClassLevel::Programme(code.into()),
        };
        let titles = |(ar, fr): (&str, &str)| Titles {
            ar: ar.into(),
            fr: fr.into(),
        };
        let unit = store
            .create_unit(&level, seed.subject, &titles(seed.title))
            .await?;
        for lesson in seed.lessons {
            store.create_lesson(unit.id, &titles(*lesson)).await?;
        }
    }
    Ok(())
}

fn lookup(pairs: &[(&'static str, Uuid)], code: &str) -> Result<Uuid> {
    pairs
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, id)| *id)
        .ok_or(StoreError::NotFound)
}

fn grant(role: Role, scope: Scope) -> Result<Grant> {
    Grant::new(role, scope).map_err(|e| StoreError::invalid("scope", e))
}

async fn new_user(
    store: &Store,
    name: &str,
    email: Option<&str>,
    pupil_code: Option<&str>,
    locale: Locale,
) -> Result<crate::User> {
    store
        .create_user(&NewUser {
            display_name: name.into(),
            email: email.map(str::to_string),
            pupil_code: pupil_code.map(str::to_string),
            password: DEMO_PASSWORD.into(),
            locale: Some(locale),
            must_change_password: false,
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_demo_account() {
        let accounts = accounts();
        for role in Role::ALL {
            assert!(
                accounts.iter().any(|a| a.role == role.as_str()),
                "no demo account for {}",
                role.as_str()
            );
        }
    }

    #[test]
    fn demo_exercises_parse() {
        let mut kinds = std::collections::BTreeSet::new();
        for seed in EXERCISE_SETS {
            let questions = gift::parse_gift(seed.gift).unwrap_or_else(|e| panic!("{e}"));
            assert!(questions.len() >= 3);
            kinds.extend(questions.iter().map(|q| q.item.kind.name()));
        }
        // The demo shows pupils every kind GIFT can write.
        for kind in [
            "single_choice",
            "multiple_choice",
            "true_false",
            "numeric",
            "short_answer",
            "fill_blanks",
            "matching",
        ] {
            assert!(
                kinds.contains(kind),
                "no demo item of kind {kind}: {kinds:?}"
            );
        }
    }

    #[test]
    fn demo_maths_reaches_the_items_as_latex() {
        // GIFT escapes braces; the stored text must be plain LaTeX for the web to render.
        let fractions = gift::parse_gift(EXERCISE_SETS[0].gift).unwrap_or_else(|e| panic!("{e}"));
        assert!(fractions[0].item.prompt.contains("\\(\\frac{6}{8}\\)"));
        let lawha_core::exercise::ItemKind::SingleChoice { choices } = &fractions[0].item.kind
        else {
            panic!("the first demo item is a single choice");
        };
        // `\\neq` in the file: GIFT reads `\n` as a line break.
        assert_eq!(
            choices[2].feedback.as_deref(),
            Some("تحقق: \\(2 \\times 4 \\neq 3 \\times 3\\).")
        );
        let limits = gift::parse_gift(EXERCISE_SETS[2].gift).unwrap_or_else(|e| panic!("{e}"));
        assert!(limits[0]
            .item
            .prompt
            .contains("\\lim_{x \\to +\\infty} \\frac{2x + 1}{x - 3}"));
    }

    #[test]
    fn demo_data_is_valid() {
        assert!(lawha_core::password::check_policy(DEMO_PASSWORD).is_ok());
        for class in CLASSES {
            for (code, _) in class.members {
                assert!(lawha_core::validate::pupil_code(code).is_ok(), "{code}");
            }
        }
        for school in SCHOOLS {
            assert!(
                lawha_core::validate::org_code(school.code).is_ok(),
                "{}",
                school.code
            );
        }
    }
}
