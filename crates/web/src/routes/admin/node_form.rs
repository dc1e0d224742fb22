//! The form that registers a school node: the school (among those in the admin's scopes),
//! a name, and the node's public key as `lawha node init` prints it (64 hex digits).

use askama::Template;
use serde::Deserialize;

use super::shared::SchoolChoice;
use crate::error::AppResult;
use crate::forms::FieldErrors;
use crate::page::PageCtx;
use crate::session::Admin;
use crate::AppState;

/// An Ed25519 public key: 32 bytes, 64 hex digits.
const KEY_HEX_DIGITS: usize = 64;

/// The register form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NodeFields {
    /// The school's code.
    pub school: String,
    pub name: String,
    /// The node's public key, in hex.
    pub public_key: String,
}

#[derive(Template)]
#[template(path = "admin/node_new.html")]
pub struct NodeForm {
    page: PageCtx,
    schools: SchoolChoice,
    form: NodeFields,
    errors: FieldErrors,
}

impl NodeForm {
    pub async fn new(
        state: &AppState,
        admin: &Admin,
        page: PageCtx,
        form: NodeFields,
        errors: FieldErrors,
    ) -> AppResult<NodeForm> {
        Ok(NodeForm {
            schools: SchoolChoice::load(&state.store, admin, page.locale).await?,
            page,
            form,
            errors,
        })
    }
}

/// Reads the public key field: 64 hex digits, in either case, spaces around allowed.
/// Its errors go to `public_key`: blank, not hex, or not the length of a key.
pub fn read_public_key(raw: &str, errors: &mut FieldErrors) -> Option<[u8; 32]> {
    let raw = raw.trim();
    let code = if raw.is_empty() {
        "required"
    } else if !raw.chars().all(|c| c.is_ascii_hexdigit()) {
        "key-not-hex"
    } else if raw.len() != KEY_HEX_DIGITS {
        "key-length"
    } else {
        let mut key = [0u8; 32];
        if hex::decode_to_slice(raw, &mut key).is_ok() {
            return Some(key);
        }
        "key-not-hex"
    };
    errors.add("public_key", code);
    None
}

/// A short form of a public key to compare with what the node printed: its first and
/// last eight hex digits.
pub fn fingerprint(public_key: &[u8]) -> String {
    let full = hex::encode(public_key);
    match (full.get(..8), full.get(full.len().saturating_sub(8)..)) {
        (Some(head), Some(tail)) if full.len() > 16 => format!("{head}…{tail}"),
        _ => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<[u8; 32], &'static str> {
        let mut errors = FieldErrors::default();
        read_public_key(raw, &mut errors).ok_or_else(|| errors.code_or_empty("public_key"))
    }

    #[test]
    fn keys_are_64_hex_digits() {
        let key = "ab".repeat(32);
        assert_eq!(read(&format!("  {}\n", key.to_uppercase())), Ok([0xab; 32]));
        assert_eq!(read(""), Err("required"));
        assert_eq!(read(&"zz".repeat(32)), Err("key-not-hex"));
        assert_eq!(read(&"ab".repeat(31)), Err("key-length"));
        assert_eq!(read(&"ab".repeat(33)), Err("key-length"));
    }

    #[test]
    fn fingerprints_show_both_ends_of_the_key() {
        let mut key = [0u8; 32];
        key[0] = 0x12;
        key[31] = 0xef;
        assert_eq!(fingerprint(&key), "12000000…000000ef");
    }
}
