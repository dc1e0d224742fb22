//! Verifying a JWT signed with HS256 (RFC 7519, RFC 7515): the form of BigBlueButton's
//! recording-ready callback.
//!
//! A small check written here rather than the `jsonwebtoken` crate: Lawha accepts exactly
//! one algorithm with one key, and this is HMAC-SHA256 over `header.payload` with the `hmac`
//! and `sha2` crates the workspace already has, compared in constant time. A general JOSE
//! library brings its own key types, algorithm families and a crypto backend (ring or
//! aws-lc) for nothing Lawha uses, and the classic JWT faults (`alg: none`, an RSA key taken
//! as an HMAC secret) cannot arise when the header's `alg` must read `HS256` before anything
//! else is looked at. What is checked: three base64url parts without padding, a JSON header
//! with `alg` = `HS256` and no `crit`, the signature over the first two parts as sent, then a
//! JSON object as payload whose `exp`, when present, is still ahead. BigBlueButton's tokens
//! carry no `exp` (its post-publish script signs `{meeting_id, record_id}` alone), so replays
//! are the receiver's to make harmless: a recording already known is not taken twice.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use super::{CallbackFault, MAX_CALLBACK_BYTES};

/// The claims of a token whose signature checked out, and whose `exp`, if any, is ahead.
pub fn verify_hs256(
    token: &str,
    key: &[u8],
    now: DateTime<Utc>,
) -> Result<Map<String, Value>, CallbackFault> {
    if token.is_empty() {
        return Err(CallbackFault::Missing);
    }
    if token.len() > MAX_CALLBACK_BYTES {
        return Err(CallbackFault::Malformed("token too long"));
    }
    let Some((signed, signature)) = token.rsplit_once('.') else {
        return Err(CallbackFault::Malformed("not three parts"));
    };
    let Some((header, payload)) = signed.split_once('.') else {
        return Err(CallbackFault::Malformed("not three parts"));
    };
    if payload.contains('.') {
        return Err(CallbackFault::Malformed("not three parts"));
    }
    let header = json_object(header)?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(CallbackFault::WrongAlgorithm);
    }
    if header.contains_key("crit") {
        return Err(CallbackFault::Malformed("critical header extension"));
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| CallbackFault::Malformed("signature is not base64url"))?;
    // HMAC takes keys of any length; the error cannot happen, and would refuse the token.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| CallbackFault::BadSignature)?;
    mac.update(signed.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| CallbackFault::BadSignature)?;
    let claims = json_object(payload)?;
    match claims.get("exp") {
        None => {}
        Some(exp) => {
            let exp = exp
                .as_i64()
                .or_else(|| exp.as_f64().map(|f| f as i64))
                .ok_or(CallbackFault::Malformed("exp is not a number"))?;
            if now.timestamp() >= exp {
                return Err(CallbackFault::Expired);
            }
        }
    }
    Ok(claims)
}

fn json_object(part: &str) -> Result<Map<String, Value>, CallbackFault> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| CallbackFault::Malformed("part is not base64url"))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(CallbackFault::Malformed("part is not a JSON object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7515, appendix A.1: the HS256 example, with its key (the JWK's `k`) and token.
    const RFC_KEY: &str =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    const RFC_TOKEN: &str = concat!(
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9",
        ".",
        "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
        ".",
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
    // The example's `exp` is 1300819380 (2011-03-22 18:43:00 UTC).
    fn before_exp() -> DateTime<Utc> {
        DateTime::from_timestamp(1_300_819_379, 0).unwrap()
    }

    fn rfc_key() -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(RFC_KEY).unwrap()
    }

    #[test]
    fn the_rfc_example_verifies_until_it_expires() {
        let claims = verify_hs256(RFC_TOKEN, &rfc_key(), before_exp()).unwrap();
        assert_eq!(claims.get("iss").and_then(Value::as_str), Some("joe"));
        let at_exp = DateTime::from_timestamp(1_300_819_380, 0).unwrap();
        assert_eq!(
            verify_hs256(RFC_TOKEN, &rfc_key(), at_exp),
            Err(CallbackFault::Expired)
        );
    }

    #[test]
    fn a_wrong_key_or_a_changed_byte_is_refused() {
        assert_eq!(
            verify_hs256(RFC_TOKEN, b"another key", before_exp()),
            Err(CallbackFault::BadSignature)
        );
        // A changed claim (payload re-encoded with another issuer), signature kept.
        let payload = URL_SAFE_NO_PAD.encode(br#"{"iss":"eve","exp":1300819380}"#);
        let mut parts: Vec<&str> = RFC_TOKEN.split('.').collect();
        parts[1] = &payload;
        assert_eq!(
            verify_hs256(&parts.join("."), &rfc_key(), before_exp()),
            Err(CallbackFault::BadSignature)
        );
        // A changed signature.
        let cut = RFC_TOKEN.replace("dBjft", "dBjfu");
        assert_eq!(
            verify_hs256(&cut, &rfc_key(), before_exp()),
            Err(CallbackFault::BadSignature)
        );
    }

    #[test]
    fn only_hs256_is_accepted() {
        let payload = RFC_TOKEN.split('.').nth(1).unwrap();
        for header in [
            r#"{"alg":"none"}"#,
            r#"{"alg":"HS512"}"#,
            r#"{"alg":"RS256"}"#,
            r#"{"typ":"JWT"}"#,
        ] {
            let token = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(header));
            assert_eq!(
                verify_hs256(&token, &rfc_key(), before_exp()),
                Err(CallbackFault::WrongAlgorithm),
                "{header}"
            );
        }
    }

    #[test]
    fn malformed_tokens_are_refused() {
        let key = rfc_key();
        assert_eq!(
            verify_hs256("", &key, before_exp()),
            Err(CallbackFault::Missing)
        );
        for token in ["a.b", "a.b.c.d", "!!.??.**", "e30.e30.e30"] {
            assert!(
                matches!(
                    verify_hs256(token, &key, before_exp()),
                    Err(CallbackFault::Malformed(_) | CallbackFault::WrongAlgorithm)
                ),
                "{token}"
            );
        }
        let long = "a".repeat(MAX_CALLBACK_BYTES + 1);
        assert!(matches!(
            verify_hs256(&long, &key, before_exp()),
            Err(CallbackFault::Malformed(_))
        ));
    }
}
