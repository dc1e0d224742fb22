//! The platform's key pair: made once, kept in two files (the secret one readable by its
//! owner only), and the public key printed as 64 hex digits for a node's configuration to pin.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::durable;
use crate::error::IoContext;
use crate::PackError;

/// The secret half: signs manifests. Its `Debug` shows the public key only.
pub struct SecretKey(SigningKey);

/// The public half: what nodes pin to accept a pack. Kept as its 32 bytes, checked to be a
/// key when made, so that errors naming keys stay small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey([u8; 32]);

impl SecretKey {
    /// A new random key from the system's generator.
    pub fn generate() -> Self {
        let mut seed = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut seed);
        SecretKey(SigningKey::from_bytes(&seed))
    }

    /// The key whose 32-byte seed is `seed` (tests and fixed fixtures).
    pub fn from_seed(seed: [u8; 32]) -> Self {
        SecretKey(SigningKey::from_bytes(&seed))
    }

    /// Its public half.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key().to_bytes())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Signature {
        self.0.sign(message)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(public {})", self.public())
    }
}

impl PublicKey {
    /// Whether `signature` is this key's over `message` (strict: no malleable signatures).
    pub(crate) fn verifies(&self, message: &[u8], signature: &Signature) -> bool {
        VerifyingKey::from_bytes(&self.0)
            .is_ok_and(|key| key.verify_strict(message, signature).is_ok())
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

impl FromStr for PublicKey {
    type Err = PackError;

    /// 64 hex digits, as [`Display`](fmt::Display) writes them (surrounding blanks ignored).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes)
            .map_err(|_| PackError::BadPublicKey("expected 64 hex digits"))?;
        VerifyingKey::from_bytes(&bytes)
            .map(|_| PublicKey(bytes))
            .map_err(|_| PackError::BadPublicKey("not a point of the Ed25519 curve"))
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Makes a key pair and writes it: the secret key's seed in hex to `secret_path` (created,
/// never overwritten, mode 0600) and the public key in hex to `public_path`.
pub fn generate_files(secret_path: &Path, public_path: &Path) -> Result<PublicKey, PackError> {
    let key = SecretKey::generate();
    let mut file = durable::create_private(secret_path)?;
    writeln!(file, "{}", hex::encode(key.0.to_bytes())).at(secret_path)?;
    file.sync_all().at(secret_path)?;
    let public = key.public();
    durable::write_file(public_path, format!("{public}\n").as_bytes())?;
    Ok(public)
}

/// Reads a secret key file written by [`generate_files`]; refuses one that others may read.
pub fn load_secret(path: &Path) -> Result<SecretKey, PackError> {
    durable::check_private(path)?;
    let text = fs::read_to_string(path).at(path)?;
    let mut seed = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut seed).map_err(|_| PackError::KeyFile {
        path: path.to_owned(),
        reason: "expected 64 hex digits".to_owned(),
    })?;
    Ok(SecretKey::from_seed(seed))
}

/// Refuses a secret key file that its group or others may read or write (on Unix): the
/// check [`load_secret`] makes, for other secret files kept the same way (a school node's
/// own key).
pub fn check_private(path: &Path) -> Result<(), PackError> {
    durable::check_private(path)
}

/// Reads a public key file (64 hex digits).
pub fn load_public(path: &Path) -> Result<PublicKey, PackError> {
    let text = fs::read_to_string(path).at(path)?;
    text.parse().map_err(|e: PackError| PackError::KeyFile {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_round_trip_and_the_secret_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let (secret, public) = (
            dir.path().join("platform.key"),
            dir.path().join("platform.pub"),
        );
        let written = generate_files(&secret, &public).unwrap();
        assert_eq!(load_public(&public).unwrap(), written);
        assert_eq!(load_secret(&secret).unwrap().public(), written);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&secret).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            fs::set_permissions(&secret, fs::Permissions::from_mode(0o644)).unwrap();
            assert!(matches!(
                load_secret(&secret),
                Err(PackError::KeyFile { .. })
            ));
        }
        // Never overwritten: a second key would orphan every pack signed with the first.
        assert!(generate_files(&secret, &public).is_err());
    }

    #[test]
    fn public_key_text_round_trips_and_refuses_junk() {
        let key = SecretKey::from_seed([7; 32]).public();
        assert_eq!(key.to_string().parse::<PublicKey>().unwrap(), key);
        assert_eq!(format!(" {key}\n").parse::<PublicKey>().unwrap(), key);
        for bad in ["", "zz", &"0".repeat(63), &"g".repeat(64)] {
            assert!(bad.parse::<PublicKey>().is_err(), "{bad:?}");
        }
    }
}
