//! Password policy and hashing (argon2id with the crate's recommended parameters).
//!
//! Hashing is CPU-bound (tens of milliseconds by design): async callers run it on a
//! blocking thread.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use rand::Rng;

use crate::validate::FieldError;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 256;

/// Checks a new password against the policy: long enough, not absurdly long, not a single
/// repeated character.
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
    Ok(())
}

/// Error from the hashing library (never expected with valid parameters).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes a password with argon2id and a random salt, in PHC string format.
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Verifies a password against a stored PHC hash. A malformed stored hash never verifies.
pub fn verify(password: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => Argon2::default()
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
    fn policy_refuses_short_and_trivial_passwords() {
        assert_eq!(check_policy("abc").unwrap_err().code, "password-too-short");
        assert_eq!(
            check_policy("aaaaaaaaaa").unwrap_err().code,
            "password-too-simple"
        );
        assert!(check_policy("كلمة سر طويلة").is_ok());
        assert!(check_policy(&generate()).is_ok());
    }
}
