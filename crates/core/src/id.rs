//! Identifiers and timestamps.
//!
//! Anything that may one day be created offline gets a UUIDv7: unique without a central
//! counter, and roughly time-ordered so that B-tree indexes stay compact.

use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

/// A new time-ordered UUID (v7).
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The current UTC time, truncated to milliseconds so that SQLite's text timestamps and
/// PostgreSQL's `timestamptz` round-trip to the same value.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

/// A random secret token (256 bits, URL-safe hex) for sessions and CSRF protection.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
