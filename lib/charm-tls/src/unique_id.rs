//! Subject unique identifiers: a random UUID4 in the hyphenated lowercase form of Python's
//! `str(uuid.uuid4())`.

use rand_core::{OsRng, RngCore};

/// A fresh random UUID4 from the operating system's random source.
pub fn random_uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    uuid_v4_from_bytes(bytes)
}

/// UUID4s derived from a seed: the `n`-th is the first 16 bytes of SHA-256(seed ‖ n). A hook
/// draws the seed from the operating system once, in gather, so planning stays a pure function
/// of its inputs (and a test can fix the seed).
#[derive(Debug, Clone)]
pub struct UniqueIds {
    seed: [u8; 32],
    next: u64,
}

impl UniqueIds {
    /// The sequence for `seed`.
    pub fn from_seed(seed: [u8; 32]) -> UniqueIds {
        UniqueIds { seed, next: 0 }
    }

    /// A random seed from the operating system.
    pub fn random_seed() -> [u8; 32] {
        let mut seed = [0u8; 32];
        OsRng.fill_bytes(&mut seed);
        seed
    }

    /// The next identifier.
    pub fn next_id(&mut self) -> String {
        let mut input = self.seed.to_vec();
        input.extend_from_slice(&self.next.to_be_bytes());
        self.next += 1;
        let digest = ring::digest::digest(&ring::digest::SHA256, &input);
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest.as_ref()[..16]);
        uuid_v4_from_bytes(bytes)
    }
}

/// Formats 16 random bytes as a UUID4 (version and variant bits set).
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_has_version_and_variant_bits() {
        assert_eq!(
            uuid_v4_from_bytes([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(
            uuid_v4_from_bytes([0; 16]),
            "00000000-0000-4000-8000-000000000000"
        );
    }

    #[test]
    fn seeded_ids_are_reproducible_and_distinct() {
        let mut a = UniqueIds::from_seed([7; 32]);
        let mut b = UniqueIds::from_seed([7; 32]);
        let first = a.next_id();
        assert_eq!(first, b.next_id());
        assert_ne!(first, a.next_id());
        assert_ne!(first, UniqueIds::from_seed([8; 32]).next_id());
        assert_eq!(&first[14..15], "4");
    }

    #[test]
    fn random_uuids_differ() {
        assert_ne!(random_uuid_v4(), random_uuid_v4());
    }
}
