//! argon2id hashing whose working memory the process gets back.
//!
//! argon2 allocates its 19 MiB of blocks for each hash and frees them after. glibc's malloc
//! serves so large a block with `mmap`, but freeing it raises its mmap threshold to that
//! size (up to 32 MiB), after which every allocation below it — the next hashes, and the
//! database's and the pages' large buffers — comes from the threads' arenas, which keep
//! what they held: hashing a few dozen passwords took the demo's seeding to 347 MB. This
//! hasher hands argon2 blocks from an allocation just above glibc's largest threshold, so
//! each hash's memory is mapped, given back when it ends, and moves no threshold. Only the
//! pages argon2 writes (its 19 MiB) are ever touched.

use argon2::password_hash::{
    Decimal, Ident, Output, ParamsString, PasswordHash, PasswordHasher, Salt,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};

/// Above glibc's largest dynamic mmap threshold (`DEFAULT_MMAP_THRESHOLD_MAX`, 32 MiB on
/// 64-bit systems), in argon2 blocks of 1 KiB.
const MAPPED_BLOCKS: usize = 33 * 1024;

/// argon2id with the crate's parameters, its blocks allocated as above.
#[derive(Default)]
pub(super) struct Hasher {
    argon2: Argon2<'static>,
}

impl PasswordHasher for Hasher {
    type Params = Params;

    fn hash_password<'a>(
        &self,
        password: &[u8],
        salt: impl Into<Salt<'a>>,
    ) -> argon2::password_hash::Result<PasswordHash<'a>> {
        let salt = salt.into();
        let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let params = self.argon2.params();
        let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let mut blocks = Vec::with_capacity(params.block_count().max(MAPPED_BLOCKS));
        blocks.resize(params.block_count(), Block::default());
        let hash = Output::init_with(output_len, |out| {
            Ok(self.argon2.hash_password_into_with_memory(
                password,
                salt_bytes,
                out,
                &mut blocks[..],
            )?)
        })?;
        Ok(PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(params)?,
            salt: Some(salt),
            hash: Some(hash),
        })
    }

    fn hash_password_customized<'a>(
        &self,
        password: &[u8],
        algorithm: Option<Ident<'a>>,
        version: Option<Decimal>,
        params: Params,
        salt: impl Into<Salt<'a>>,
    ) -> argon2::password_hash::Result<PasswordHash<'a>> {
        let algorithm = algorithm
            .map(Algorithm::try_from)
            .transpose()?
            .unwrap_or_default();
        let version = version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let hasher = Hasher {
            argon2: Argon2::new(algorithm, version, params),
        };
        let mut hash = hasher.hash_password(password, salt)?;
        hash.algorithm = algorithm.ident();
        hash.version = Some(version.into());
        Ok(hash)
    }
}
