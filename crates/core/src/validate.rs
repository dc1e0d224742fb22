//! The shape of identifiers, names and other user input.
//!
//! Each check returns a [`FieldError`] whose `code` is stable: the web layer translates it,
//! and the CSV importer reports it with the row and column.

use thiserror::Error;

/// Why a single field was refused. `code` is a stable key, translated by the interface.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{code}")]
pub struct FieldError {
    pub code: &'static str,
}

impl FieldError {
    pub const fn new(code: &'static str) -> Self {
        FieldError { code }
    }
}

pub const MAX_NAME_CHARS: usize = 120;

/// Trims and collapses inner whitespace of a person's or place's name; refuses empty,
/// over-long or control-character names.
pub fn name(raw: &str) -> Result<String, FieldError> {
    let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return Err(FieldError::new("required"));
    }
    if collapsed.chars().count() > MAX_NAME_CHARS {
        return Err(FieldError::new("too-long"));
    }
    if collapsed.chars().any(char::is_control) {
        return Err(FieldError::new("invalid-characters"));
    }
    Ok(collapsed)
}

/// Normalises an e-mail address (trimmed, lower-cased) and checks its basic shape.
/// Deliverability is not checked: schools enter addresses they already use.
pub fn email(raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(FieldError::new("required"));
    }
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err(FieldError::new("invalid-email"))
    }
}

/// Normalises a school-issued pupil code (upper-cased, like the national "Massar" codes,
/// e.g. `J130012345`): 4 to 20 ASCII letters and digits, starting with a letter.
pub fn pupil_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(FieldError::new("required"));
    }
    let shape_ok = (4..=20).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_alphanumeric())
        && code.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if shape_ok {
        Ok(code)
    } else {
        Err(FieldError::new("invalid-pupil-code"))
    }
}

/// Normalises an organisation code (school, province, programme): 1 to 32 ASCII letters,
/// digits, `-` or `_`, upper-cased.
pub fn org_code(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(FieldError::new("required"));
    }
    if code.len() <= 32
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(code)
    } else {
        Err(FieldError::new("invalid-code"))
    }
}

/// Checks a school year written `2025-2026` (two consecutive years).
pub fn school_year(raw: &str) -> Result<String, FieldError> {
    let year = raw.trim();
    if year.is_empty() {
        return Err(FieldError::new("required"));
    }
    let parsed = year
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse::<u16>().ok()?, b.parse::<u16>().ok()?)));
    match parsed {
        Some((start, end)) if (2000..2100).contains(&start) && end == start + 1 => {
            Ok(year.to_string())
        }
        _ => Err(FieldError::new("invalid-school-year")),
    }
}

/// Whether a sign-in identifier looks like an e-mail (otherwise it is a pupil code).
pub fn is_email_login(identifier: &str) -> bool {
    identifier.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_collapsed() {
        assert_eq!(name("  Salma   Benali ").as_deref(), Ok("Salma Benali"));
        assert_eq!(name("  ").unwrap_err().code, "required");
        assert_eq!(name(&"x".repeat(121)).unwrap_err().code, "too-long");
        assert_eq!(name("سلمى بنعلي").as_deref(), Ok("سلمى بنعلي"));
    }

    #[test]
    fn emails_are_lowercased_and_shape_checked() {
        assert_eq!(email(" Prof@Ecole.MA ").as_deref(), Ok("prof@ecole.ma"));
        for bad in [
            "prof",
            "prof@",
            "@ecole.ma",
            "a@b",
            "a b@c.ma",
            "a@@c.ma",
            "a@c.ma.",
        ] {
            assert_eq!(email(bad).unwrap_err().code, "invalid-email", "{bad}");
        }
    }

    #[test]
    fn pupil_codes_are_uppercased_and_shape_checked() {
        assert_eq!(pupil_code(" j130012345 ").as_deref(), Ok("J130012345"));
        for bad in ["123456", "J1", "J13-0012", "ج130012345"] {
            assert_eq!(
                pupil_code(bad).unwrap_err().code,
                "invalid-pupil-code",
                "{bad}"
            );
        }
    }

    #[test]
    fn school_years_must_be_consecutive() {
        assert!(school_year("2025-2026").is_ok());
        assert!(school_year("2025-2027").is_err());
        assert!(school_year("2025").is_err());
        assert_eq!(school_year("").unwrap_err().code, "required");
    }
}
