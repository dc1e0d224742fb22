//! The meeting-ended callback: BigBlueButton GETs the `meta_endCallbackUrl` given at create,
//! adding `recordingmarks=true|false`, and signs nothing. So the URL Lawha hands out carries
//! its own token, `v1.<session>.<until>.<signature>`: the session's id, the Unix time after
//! which the token is refused, and HMAC-SHA256 over both (with a purpose label) keyed with
//! the shared secret. A call without it, with another session's or a changed one, or after
//! `until`, is refused. The token names Lawha's session, never the room id, since BigBlueButton
//! copies meta parameters into its recordings' metadata.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use url::Url;
use uuid::Uuid;

use super::{CallbackFault, MAX_CALLBACK_BYTES};
use crate::{LiveError, Secret};

/// The query parameter holding Lawha's token.
const TOKEN_PARAM: &str = "token";

/// A meeting-ended call whose token checked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingEnded {
    pub session: Uuid,
    /// BigBlueButton's `recordingmarks`: the room was recorded and the host pressed record,
    /// so a recording will follow.
    pub recording_marks: bool,
}

/// The `meta_endCallbackUrl` for a session: `endpoint` with Lawha's token added.
pub fn ended_callback_url(
    endpoint: &Url,
    session: Uuid,
    until: DateTime<Utc>,
    secret: &Secret,
) -> Result<Url, LiveError> {
    let until = until.timestamp();
    let mac = mac(secret, session, until).ok_or(LiveError::Invalid("shared secret"))?;
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    let token = format!("v1.{}.{until}.{signature}", session.simple());
    let mut url = endpoint.clone();
    url.query_pairs_mut().append_pair(TOKEN_PARAM, &token);
    Ok(url)
}

/// Checks a meeting-ended call from its raw query string.
pub fn verify_meeting_ended(
    query: &str,
    secret: &Secret,
    now: DateTime<Utc>,
) -> Result<MeetingEnded, CallbackFault> {
    if query.len() > MAX_CALLBACK_BYTES {
        return Err(CallbackFault::Malformed("query too long"));
    }
    let mut token = None;
    let mut marks = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let slot = match name.as_ref() {
            TOKEN_PARAM => &mut token,
            "recordingmarks" => &mut marks,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(CallbackFault::Malformed("parameter given twice"));
        }
    }
    let token = token.ok_or(CallbackFault::Missing)?;
    let session = check_token(&token, secret, now)?;
    let recording_marks = match marks.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(CallbackFault::Malformed("recordingmarks")),
    };
    Ok(MeetingEnded {
        session,
        recording_marks,
    })
}

fn check_token(token: &str, secret: &Secret, now: DateTime<Utc>) -> Result<Uuid, CallbackFault> {
    let mut parts = token.split('.');
    let (Some("v1"), Some(session), Some(until), Some(signature), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(CallbackFault::Malformed("token shape"));
    };
    let session =
        Uuid::try_parse(session).map_err(|_| CallbackFault::Malformed("token session"))?;
    let until: i64 = until
        .parse()
        .map_err(|_| CallbackFault::Malformed("token time"))?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| CallbackFault::Malformed("token signature"))?;
    mac(secret, session, until)
        .ok_or(CallbackFault::BadSignature)?
        .verify_slice(&signature)
        .map_err(|_| CallbackFault::BadSignature)?;
    // Expiry after the signature: a forged token is reported as forged, not as late.
    if now.timestamp() > until {
        return Err(CallbackFault::Expired);
    }
    Ok(session)
}

/// The MAC of a token's fields (`None` only if HMAC refused the key, which it never does:
/// it takes keys of any length).
fn mac(secret: &Secret, session: Uuid, until: i64) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()).ok()?;
    // The purpose label keeps this MAC apart from anything else signed with the shared secret.
    mac.update(format!("lawha live meeting-ended v1\n{}\n{until}", session.simple()).as_bytes());
    Some(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap()
    }

    fn secret() -> Secret {
        Secret::new("639259d4-9dd8-4b25-bf01-95f9567eaf4b")
    }

    const SESSION: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0042);

    /// The query BigBlueButton sends: the URL's own query and `recordingmarks` added.
    fn called(url: &Url, marks: &str) -> String {
        format!("{}&recordingmarks={marks}", url.query().unwrap())
    }

    fn endpoint() -> Url {
        Url::parse("https://lawha.example/live/bbb/meeting-ended").unwrap()
    }

    #[test]
    fn a_signed_call_is_accepted_until_its_time() {
        let url = ended_callback_url(&endpoint(), SESSION, at(2_000), &secret()).unwrap();
        assert!(url
            .as_str()
            .starts_with("https://lawha.example/live/bbb/meeting-ended?token=v1."));
        let ended = verify_meeting_ended(&called(&url, "true"), &secret(), at(2_000)).unwrap();
        assert_eq!(
            ended,
            MeetingEnded {
                session: SESSION,
                recording_marks: true
            }
        );
        let query = called(&url, "false");
        assert!(
            !verify_meeting_ended(&query, &secret(), at(1_000))
                .unwrap()
                .recording_marks
        );
        assert_eq!(
            verify_meeting_ended(&query, &secret(), at(2_001)),
            Err(CallbackFault::Expired)
        );
    }

    #[test]
    fn forged_and_missing_tokens_are_refused() {
        let url = ended_callback_url(&endpoint(), SESSION, at(2_000), &secret()).unwrap();
        let query = called(&url, "true");
        // Another secret.
        assert_eq!(
            verify_meeting_ended(&query, &Secret::new("other"), at(1_000)),
            Err(CallbackFault::BadSignature)
        );
        // Another session, or a later time, under the same signature.
        let other = Uuid::from_u128(7).simple().to_string();
        let moved = query.replace(&SESSION.simple().to_string(), &other);
        assert_eq!(
            verify_meeting_ended(&moved, &secret(), at(1_000)),
            Err(CallbackFault::BadSignature)
        );
        let later = query.replace(".2000.", ".9000.");
        assert_eq!(
            verify_meeting_ended(&later, &secret(), at(3_000)),
            Err(CallbackFault::BadSignature)
        );
        // No token; an unsigned call naming the session; a token given twice.
        assert_eq!(
            verify_meeting_ended("recordingmarks=true", &secret(), at(1_000)),
            Err(CallbackFault::Missing)
        );
        let unsigned = format!("token=v1.{}.2000.", SESSION.simple());
        assert_eq!(
            verify_meeting_ended(&unsigned, &secret(), at(1_000)),
            Err(CallbackFault::BadSignature)
        );
        let twice = format!("{query}&{}", url.query().unwrap());
        assert!(matches!(
            verify_meeting_ended(&twice, &secret(), at(1_000)),
            Err(CallbackFault::Malformed(_))
        ));
        for bad in [
            "token=v2.x.1.a",
            "token=v1.not-a-uuid.1.a",
            "token=%FF",
            "token=",
        ] {
            assert!(
                matches!(
                    verify_meeting_ended(bad, &secret(), at(1_000)),
                    Err(CallbackFault::Malformed(_))
                ),
                "{bad}"
            );
        }
    }
}
