//! `manifest.sig`: one line, `ed25519 <public key hex> <signature hex>`. The key is named so
//! that a pack signed by another key is refused as foreign, not as tampered. The platform
//! signs its other documents for nodes (the acknowledgements of a return file) the same way.

use ed25519_dalek::Signature;

use crate::{PackError, PublicKey, SecretKey};

const SCHEME: &str = "ed25519";

/// The signature line for `manifest` signed with `key`.
pub fn sign(key: &SecretKey, manifest: &[u8]) -> String {
    let signature = key.sign(manifest);
    format!(
        "{SCHEME} {} {}\n",
        key.public(),
        hex::encode(signature.to_bytes())
    )
}

/// Checks that `line` is `pinned`'s signature over `manifest`.
pub fn check(line: &[u8], manifest: &[u8], pinned: &PublicKey) -> Result<(), PackError> {
    let line = std::str::from_utf8(line).map_err(|_| PackError::MalformedSignature("not text"))?;
    let mut fields = line.trim_end_matches('\n').split(' ');
    let (Some(SCHEME), Some(key), Some(signature), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(PackError::MalformedSignature(
            "expected `ed25519 <key> <signature>`",
        ));
    };
    let found: PublicKey = key.parse().map_err(|_| {
        PackError::MalformedSignature("the key is not 64 hex digits of a public key")
    })?;
    if found != *pinned {
        return Err(PackError::ForeignKey {
            found,
            pinned: *pinned,
        });
    }
    let mut bytes = [0u8; 64];
    hex::decode_to_slice(signature, &mut bytes)
        .map_err(|_| PackError::MalformedSignature("the signature is not 128 hex digits"))?;
    if pinned.verifies(manifest, &Signature::from_bytes(&bytes)) {
        Ok(())
    } else {
        Err(PackError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_checks_only_its_bytes_and_its_key() {
        let key = SecretKey::from_seed([1; 32]);
        let other = SecretKey::from_seed([2; 32]);
        let line = sign(&key, b"{\"a\":1}");
        assert!(check(line.as_bytes(), b"{\"a\":1}", &key.public()).is_ok());
        assert!(matches!(
            check(line.as_bytes(), b"{\"a\":2}", &key.public()),
            Err(PackError::BadSignature)
        ));
        assert!(matches!(
            check(line.as_bytes(), b"{\"a\":1", &key.public()),
            Err(PackError::BadSignature)
        ));
        assert!(matches!(
            check(line.as_bytes(), b"{\"a\":1}", &other.public()),
            Err(PackError::ForeignKey { .. })
        ));
        let cut = &line.as_bytes()[..line.len() - 10];
        assert!(matches!(
            check(cut, b"{\"a\":1}", &key.public()),
            Err(PackError::MalformedSignature(_))
        ));
    }
}
