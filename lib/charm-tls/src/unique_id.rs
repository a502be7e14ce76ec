//! Subject unique identifiers: a random UUID4 in the hyphenated lowercase form of Python's
//! `str(uuid.uuid4())`.

use rand_core::{OsRng, RngCore};

/// A fresh random UUID4 from the operating system's random source.
pub fn random_uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    uuid_v4_from_bytes(bytes)
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
    fn random_uuids_differ() {
        assert_ne!(random_uuid_v4(), random_uuid_v4());
    }
}
