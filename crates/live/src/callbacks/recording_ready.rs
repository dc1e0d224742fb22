//! The recording-ready callback: BigBlueButton POSTs a form with one field,
//! `signed_parameters`, a JWT signed HS256 with the shared secret whose claims are
//! `meeting_id` (the create call's `meetingID`) and `record_id` (the recording's `recordID`).
//! Scalelite re-signs it with its own secret, the one Lawha then holds.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::jwt::verify_hs256;
use super::{CallbackFault, MAX_CALLBACK_BYTES};
use crate::{RecordingId, RoomId, Secret};

/// A recording-ready call whose signature checked out. Whether the room is one of Lawha's
/// is for the caller to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingReady {
    pub room: RoomId,
    pub recording: RecordingId,
}

/// Checks a recording-ready call from its `application/x-www-form-urlencoded` body.
pub fn verify_recording_ready(
    body: &[u8],
    secret: &Secret,
    now: DateTime<Utc>,
) -> Result<RecordingReady, CallbackFault> {
    if body.len() > MAX_CALLBACK_BYTES {
        return Err(CallbackFault::Malformed("body too long"));
    }
    let mut token = None;
    for (name, value) in url::form_urlencoded::parse(body) {
        if name == "signed_parameters" && token.replace(value).is_some() {
            return Err(CallbackFault::Malformed("signed_parameters given twice"));
        }
    }
    let token = token.ok_or(CallbackFault::Missing)?;
    let claims = verify_hs256(token.trim(), secret.expose().as_bytes(), now)?;
    let text = |name: &'static str| match claims.get(name).and_then(Value::as_str) {
        Some(value) if !value.is_empty() => Ok(value.to_owned()),
        _ => Err(CallbackFault::Malformed(name)),
    };
    Ok(RecordingReady {
        room: RoomId::new(text("meeting_id")?),
        recording: RecordingId(text("record_id")?),
    })
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;

    use super::*;

    // Made outside this crate (Python's hmac and base64) as BigBlueButton's post-publish
    // script makes them (Ruby's `JWT.encode({meeting_id:, record_id:}, secret)`: header
    // `{"alg":"HS256"}`, no `exp`), with the sample secret of the API documentation and the
    // ids of its getRecordings example; the second adds `"exp":1530718900`.
    const FORM: &str = include_str!("../../fixtures/bbb/recording-ready.form");
    const FORM_EXP: &str = include_str!("../../fixtures/bbb/recording-ready-exp.form");
    const SECRET: &str = "ECCJZNJWLPEA3YB6Y2LTQGQD3GJZ3F93";

    fn secret() -> Secret {
        Secret::new(SECRET)
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap()
    }

    #[test]
    fn a_call_signed_as_bigbluebutton_signs_is_accepted() {
        let ready = verify_recording_ready(FORM.as_bytes(), &secret(), at(1_800_000_000)).unwrap();
        assert_eq!(
            ready.room.expose(),
            "c637ba21adcd0191f48f5c4bf23fab0f96ed5c18"
        );
        assert_eq!(
            ready.recording,
            RecordingId("ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124".into())
        );
    }

    #[test]
    fn wrong_secret_tampered_expired_and_missing_are_refused() {
        assert_eq!(
            verify_recording_ready(FORM.as_bytes(), &Secret::new("wrong"), at(0)),
            Err(CallbackFault::BadSignature)
        );
        // Another recording named under the same signature.
        let token = FORM.trim().trim_start_matches("signed_parameters=");
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(
            br#"{"meeting_id":"c637ba21adcd0191f48f5c4bf23fab0f96ed5c18","record_id":"other"}"#,
        );
        parts[1] = &forged;
        let tampered = format!("signed_parameters={}", parts.join("."));
        assert_eq!(
            verify_recording_ready(tampered.as_bytes(), &secret(), at(0)),
            Err(CallbackFault::BadSignature)
        );
        assert!(verify_recording_ready(FORM_EXP.as_bytes(), &secret(), at(1_530_718_899)).is_ok());
        assert_eq!(
            verify_recording_ready(FORM_EXP.as_bytes(), &secret(), at(1_530_718_900)),
            Err(CallbackFault::Expired)
        );
        for body in ["", "signed_parameters=", "meeting_id=x&record_id=y"] {
            assert_eq!(
                verify_recording_ready(body.as_bytes(), &secret(), at(0)),
                Err(CallbackFault::Missing),
                "{body}"
            );
        }
        let twice = format!("{}&{}", FORM.trim(), FORM.trim());
        assert!(matches!(
            verify_recording_ready(twice.as_bytes(), &secret(), at(0)),
            Err(CallbackFault::Malformed(_))
        ));
    }

    #[test]
    fn claims_must_name_the_room_and_the_recording() {
        use hmac::{Hmac, Mac};
        use sha2::Sha256;
        // Signed correctly (by this test), but without `record_id`.
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256"}"#),
            URL_SAFE_NO_PAD.encode(br#"{"meeting_id":"m"}"#)
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(signed.as_bytes());
        let token = format!(
            "signed_parameters={signed}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        );
        assert_eq!(
            verify_recording_ready(token.as_bytes(), &secret(), at(0)),
            Err(CallbackFault::Malformed("record_id"))
        );
    }
}
