//! Password policy and hashing (argon2id with the crate's recommended parameters).
//!
//! Hashing is CPU-bound (tens of milliseconds by design): async callers run it on a
//! blocking thread.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::PasswordVerifier;
use rand::Rng;

use crate::validate::FieldError;

mod hasher;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 256;

/// Checks a new password against the policy: long enough, not absurdly long, not a single
/// repeated character, not one of the common passwords guessed first.
pub fn check_policy(password: &str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(FieldError::new("password-too-short"));
    }
    if chars > MAX_CHARS {
        return Err(FieldError::new("too-long"));
    }
    let mut distinct = password.chars().collect::<Vec<_>>();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 3 {
        return Err(FieldError::new("password-too-simple"));
    }
    if is_common(password) {
        return Err(FieldError::new("password-too-common"));
    }
    Ok(())
}

/// The common passwords (`data/common-passwords.txt`, one lower-case entry a line).
fn common_passwords() -> &'static HashSet<&'static str> {
    static LIST: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        include_str!("../data/common-passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    });
    &LIST
}

/// Whether a password is a common one, or one dressed up with digits or signs around it
/// (`Maroc2024!`) or look-alike digits (`P@ssw0rd`): guessers try those first.
pub fn is_common(password: &str) -> bool {
    let lower = password.trim().to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let unleet: String = core.chars().map(unleet).collect();
    let list = common_passwords();
    [lower.as_str(), core, unleet.as_str()]
        .iter()
        .any(|candidate| list.contains(candidate))
}

/// The letter a digit or sign commonly stands for in a password.
fn unleet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        other => other,
    }
}

/// Error from the hashing library (never expected with valid parameters).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes a password with argon2id and a random salt, in PHC string format.
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher::Hasher::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Verifies a password against a stored PHC hash. A malformed stored hash never verifies.
pub fn verify(password: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => hasher::Hasher::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, used to spend the same time on unknown accounts as on
/// known ones, so that sign-in timing does not reveal which accounts exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash(&generate()).unwrap_or_default());
    &DUMMY
}

/// Generates an initial password for a new account: 10 characters from an alphabet with
/// no look-alikes (no 0/O, 1/l/I), easy to copy from a printed sheet.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..10)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_right_password() {
        let h = hash("correct horse").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse", &h));
        assert!(!verify("wrong horse", &h));
        assert!(!verify("correct horse", "not-a-hash"));
    }

    #[test]
    fn hashes_agree_with_the_argon2_crate() {
        let ours = hash("correct horse").unwrap_or_default();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2::Argon2::default()
            .verify_password(b"correct horse", &parsed)
            .is_ok());
        let theirs = argon2::Argon2::default()
            .hash_password(b"correct horse", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert_eq!(theirs.split('$').nth(3), ours.split('$').nth(3));
        assert!(verify("correct horse", &theirs));
        assert!(!verify("wrong horse", &theirs));
    }

    #[test]
    fn policy_refuses_short_and_trivial_passwords() {
        assert_eq!(check_policy("abc").unwrap_err().code, "password-too-short");
        assert_eq!(
            check_policy("aaaaaaaaaa").unwrap_err().code,
            "password-too-simple"
        );
        assert!(check_policy("كلمة سر طويلة").is_ok());
        assert!(check_policy(&generate()).is_ok());
    }

    #[test]
    fn policy_refuses_common_passwords_and_their_usual_variants() {
        for common in [
            "12345678",
            "123456789",
            "azertyuiop",
            "Password",
            "motdepasse",
            "Maroc2024!",
            "P@ssw0rd",
            "2024casablanca",
            "Bismillah123",
            "qwerty123",
        ] {
            assert_eq!(
                check_policy(common).map_err(|e| e.code),
                Err("password-too-common"),
                "{common}"
            );
        }
        for fine in [
            "correct horse battery",
            "Lawha-demo-2026",
            "maroc et moi 2024",
            "x7Kp2mQa9z",
        ] {
            assert!(check_policy(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn the_list_is_lower_case_without_blanks() {
        assert!(common_passwords().len() > 300);
        for entry in common_passwords() {
            assert_eq!(*entry, entry.to_lowercase(), "{entry}");
            assert!(!entry.contains(char::is_whitespace), "{entry:?}");
        }
    }
}
