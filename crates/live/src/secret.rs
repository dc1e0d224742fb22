//! Values that must never reach a log: a room's id on the engine and secrets. Their `Debug`
//! prints only the type name; the value is read with `expose`, at the one place that sends it.

use std::fmt;

use rand::rngs::OsRng;
use rand::RngCore;
use serde::Deserialize;

/// A secret: the engine's shared secret, a room's moderator password, a token.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// 128 random bits from the operating system, as 32 lowercase hex digits (BigBlueButton
    /// accepts 2 to 64 characters for its passwords; Janus takes any string).
    pub fn random() -> Self {
        let mut bytes = [0u8; 16];
        OsRng.fill_bytes(&mut bytes);
        Secret(hex::encode(bytes))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// A room's id on the engine (BigBlueButton's `meetingID`). Random, not the session's id, so
/// that nobody derives it from a page; hidden from logs all the same, since with BigBlueButton
/// anyone holding it and the shared secret's checksum of a join may enter.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RoomId(String);

impl RoomId {
    pub fn new(value: impl Into<String>) -> Self {
        RoomId(value.into())
    }

    /// A fresh random id (32 hex digits: within BigBlueButton's 2 to 256 characters, no comma).
    pub fn random() -> Self {
        RoomId(Secret::random().0)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RoomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RoomId(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_values() {
        let secret = Secret::new("s3cr3t-value");
        let room = RoomId::new("room-value-1234");
        let shown = format!("{secret:?} {room:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(!shown.contains("room-value"), "{shown}");
    }

    #[test]
    fn random_values_differ_and_fit_the_engines_limits() {
        let a = Secret::random();
        let b = Secret::random();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 32);
        assert!(a.expose().bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!RoomId::random().expose().contains(','));
    }
}
