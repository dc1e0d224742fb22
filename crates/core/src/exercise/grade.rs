//! Moodle's grades: the only fractions an answer may give in a question file.
//!
//! Moodle refuses, on import, an answer whose fraction is not one of the grades its editor
//! offers (its fixture `error_invalid_grades.xml` writes 33 beside 33.33333). Lawha does the
//! same, so a file read here is read the same by Moodle, and a fully right answer written
//! as three thirds scores exactly 1. A fraction within [`TOLERANCE`] of a grade is that
//! grade, stored exactly (`33.33333` is 1/3).

/// The grades Moodle offers, as fractions (negatives are their opposites).
const GRADES: [f64; 21] = [
    1.0,
    0.9,
    5.0 / 6.0,
    0.8,
    0.75,
    0.7,
    2.0 / 3.0,
    0.6,
    0.5,
    0.4,
    1.0 / 3.0,
    0.3,
    0.25,
    0.2,
    1.0 / 6.0,
    1.0 / 7.0,
    0.125,
    1.0 / 9.0,
    0.1,
    0.05,
    0.0,
];

/// How far from a grade a fraction may be and still be that grade (Moodle's files write
/// 1/3 as 33.33333 %, five decimals).
pub const TOLERANCE: f64 = 0.00001;

/// The grade `fraction` stands for, exactly; or, when it is none, the nearest grade.
pub fn match_grade(fraction: f64) -> Result<f64, f64> {
    let sign = if fraction < 0.0 { -1.0 } else { 1.0 };
    let size = fraction.abs();
    let nearest = GRADES
        .iter()
        .copied()
        .min_by(|a, b| (a - size).abs().total_cmp(&(b - size).abs()))
        .unwrap_or(0.0);
    if (nearest - size).abs() <= TOLERANCE {
        Ok(sign * nearest)
    } else {
        Err(sign * nearest)
    }
}

/// A fraction as a percentage with at most five decimals (`1/3` → `33.33333`), as GIFT
/// weights and Moodle fractions are written.
pub fn percent(fraction: f64) -> String {
    let fixed = format!("{:.5}", fraction * 100.0);
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A short name for the question an error is about: its title, or its text's beginning.
pub(crate) fn question_name(title: Option<&str>, prompt: &str) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => title.to_string(),
        None => {
            let prompt = prompt.trim();
            let mut name: String = prompt.chars().take(40).collect();
            if name.len() < prompt.len() {
                name.push('…');
            }
            name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moodles_grades_are_matched_exactly() {
        assert_eq!(match_grade(0.3333333), Ok(1.0 / 3.0));
        assert_eq!(match_grade(-0.3333333), Ok(-1.0 / 3.0));
        assert_eq!(match_grade(0.8333333), Ok(5.0 / 6.0));
        assert_eq!(match_grade(0.1428571), Ok(1.0 / 7.0));
        assert_eq!(match_grade(0.5), Ok(0.5));
        assert_eq!(match_grade(0.0), Ok(0.0));
        assert_eq!(match_grade(-1.0), Ok(-1.0));
        // Three thirds make a whole.
        let third = match_grade(0.3333333).unwrap_or_default();
        assert_eq!(third * 3.0, 1.0);
    }

    #[test]
    fn other_fractions_name_the_nearest_grade() {
        assert_eq!(match_grade(0.33), Err(1.0 / 3.0));
        assert_eq!(match_grade(0.85), Err(5.0 / 6.0));
        assert_eq!(match_grade(-0.35), Err(-1.0 / 3.0));
        assert_eq!(
            match_grade(0.33332),
            Err(1.0 / 3.0),
            "just beyond the tolerance"
        );
        assert_eq!(percent(1.0 / 3.0), "33.33333");
        assert_eq!(percent(-0.5), "-50");
    }

    #[test]
    fn questions_are_named_by_title_or_text() {
        assert_eq!(question_name(Some("Q1"), "x"), "Q1");
        assert_eq!(question_name(Some(" "), "  Combien ?"), "Combien ?");
        let long = "a".repeat(50);
        assert_eq!(question_name(None, &long).chars().count(), 41);
    }
}
