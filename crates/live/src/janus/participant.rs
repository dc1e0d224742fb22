//! The id each person joins a Janus room with, and how Lawha reads it back for attendance.
//!
//! Janus lets the joining page pick its participant id and never ties it to the token that let
//! it in, so the id Lawha hands out must be one a page cannot make up for someone else: it is
//! the person's Lawha id, their role and an HMAC-SHA256 of both keyed with the room's secret
//! (which never leaves Lawha). [`read`] accepts only ids with a valid mark; anyone else in the
//! room is counted, never attributed.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use crate::{Role, Secret};

/// Separates this use of the room secret from any other.
const PURPOSE: &[u8] = b"lawha/janus/participant/v1\0";
/// The mark is the first 16 bytes of the HMAC (128 bits), as 32 hex digits.
const MARK_BYTES: usize = 16;

/// The id `user` joins the room with, e.g. `0193…0017.v.9f…` (`m` for a moderator).
pub fn id_for(room_secret: &Secret, user: Uuid, role: Role) -> String {
    let body = format!("{}.{}", user.simple(), role_letter(role));
    format!("{body}.{}", hex::encode(mark(room_secret, &body)))
}

/// The person and role an id names, when its mark is the room's; `None` for any other id
/// (a page that made one up, an id from another room, Janus's own numbers).
pub fn read(room_secret: &Secret, id: &str) -> Option<(Uuid, Role)> {
    let (body, given) = id.rsplit_once('.')?;
    let (user, role) = body.split_once('.')?;
    let role = match role {
        "m" => Role::Moderator,
        "v" => Role::Viewer,
        _ => return None,
    };
    let user = Uuid::try_parse(user).ok()?;
    // The body must be exactly what `id_for` writes (one spelling of the id).
    if body != format!("{}.{}", user.simple(), role_letter(role)) {
        return None;
    }
    let given = hex::decode(given).ok()?;
    if given.len() != MARK_BYTES {
        return None;
    }
    let mut mac = keyed(room_secret);
    mac.update(body.as_bytes());
    // Constant-time comparison of the truncated tag.
    mac.verify_truncated_left(&given).ok()?;
    Some((user, role))
}

fn role_letter(role: Role) -> char {
    match role {
        Role::Moderator => 'm',
        Role::Viewer => 'v',
    }
}

/// Separates the join token from the participant mark.
const TOKEN_PURPOSE: &[u8] = b"lawha/janus/token/v1\0";

/// The token `user` joins the room with (its `allowed` list's entry for them): one per
/// person and room, so removing someone takes exactly their token off the list; unguessable
/// without the room's secret.
pub fn token_for(room_secret: &Secret, user: Uuid) -> Secret {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(room_secret.expose().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(TOKEN_PURPOSE);
    mac.update(user.simple().to_string().as_bytes());
    Secret::new(hex::encode(mac.finalize().into_bytes()))
}

fn keyed(room_secret: &Secret) -> Hmac<Sha256> {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(room_secret.expose().as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(PURPOSE);
    mac
}

fn mark(room_secret: &Secret, body: &str) -> Vec<u8> {
    let mut mac = keyed(room_secret);
    mac.update(body.as_bytes());
    let tag = mac.finalize().into_bytes();
    tag.iter().take(MARK_BYTES).copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_only_with_its_rooms_secret() {
        let secret = Secret::new("room-secret-one");
        let user = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0042);
        let id = id_for(&secret, user, Role::Viewer);
        assert!(id.starts_with(&format!("{}.v.", user.simple())), "{id}");
        assert_eq!(read(&secret, &id), Some((user, Role::Viewer)));
        let host = id_for(&secret, user, Role::Moderator);
        assert_eq!(read(&secret, &host), Some((user, Role::Moderator)));
        // Another room's secret, a made-up mark, a changed role or person, a short mark.
        assert_eq!(read(&Secret::new("room-secret-two"), &id), None);
        let forged_role = id.replacen(".v.", ".m.", 1);
        assert_eq!(read(&secret, &forged_role), None);
        let other = Uuid::from_u128(7);
        let moved = id.replacen(&user.simple().to_string(), &other.simple().to_string(), 1);
        assert_eq!(read(&secret, &moved), None);
        let short = &id[..id.len() - 2];
        assert_eq!(read(&secret, short), None);
        let hyphenated = id.replacen(&user.simple().to_string(), &user.to_string(), 1);
        assert_eq!(read(&secret, &hyphenated), None);
        for junk in [
            "",
            "42",
            "a.b",
            "a.v.b",
            "..",
            &format!("{}.v.", user.simple()),
        ] {
            assert_eq!(read(&secret, junk), None, "{junk}");
        }
    }
}
