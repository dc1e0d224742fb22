//! Identifiers and secret tokens (the time comes from [`crate::clock::Clock`]).
//!
//! Anything that may one day be created offline gets a UUIDv7: unique without a central
//! counter, and roughly time-ordered so that B-tree indexes stay compact.

use uuid::Uuid;

/// A new time-ordered UUID (v7).
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// A random secret token (256 bits, URL-safe hex) for sessions and CSRF protection.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
