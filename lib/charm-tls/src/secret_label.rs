//! Juju secret labels and content keys the Python library uses in APP mode, so a charm upgraded
//! from the Python implementation finds its key and certificates.

use crate::digest::sha256_hex;

/// The library's LIBID, the prefix of every label.
pub const LIBID: &str = "afd8c2bccf834997afce12c2706d2ede";

/// Content key of the private-key secret.
pub const PRIVATE_KEY_CONTENT_KEY: &str = "private-key";
/// Content key of the certificate secret holding the certificate PEM.
pub const CERTIFICATE_CONTENT_KEY: &str = "certificate";
/// Content key of the certificate secret holding the CSR PEM.
pub const CSR_CONTENT_KEY: &str = "csr";

/// Label of the application-owned private-key secret (charmlibs ≥ 1.9):
/// `{LIBID}-private-key-app-{relation_name}`.
pub fn private_key(relation_name: &str) -> String {
    format!("{LIBID}-private-key-app-{relation_name}")
}

/// Label the legacy v4 library (and charmlibs before 1.9, the anchor's 1.8.3) used for the
/// application private key: `{LIBID}-private-key-{relation_name}`. Read it when the current
/// label is absent.
pub fn legacy_private_key(relation_name: &str) -> String {
    format!("{LIBID}-private-key-{relation_name}")
}

/// Label of the application-owned certificate secret for `csr_pem`:
/// `{LIBID}-certificate-{relation_name}-{sha256hex(csr_pem)}`, the hash taken over the stripped
/// PEM text.
pub fn certificate(relation_name: &str, csr_pem: &str) -> String {
    format!(
        "{}{}",
        certificate_prefix(relation_name),
        sha256_hex(csr_pem.trim().as_bytes())
    )
}

/// Prefix shared by every certificate secret label of `relation_name` (for clean-up).
pub fn certificate_prefix(relation_name: &str) -> String {
    format!("{LIBID}-certificate-{relation_name}-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_the_python_library() {
        assert_eq!(
            private_key("certificates"),
            "afd8c2bccf834997afce12c2706d2ede-private-key-app-certificates"
        );
        assert_eq!(
            legacy_private_key("certificates"),
            "afd8c2bccf834997afce12c2706d2ede-private-key-certificates"
        );
        // sha256("abc"); a trailing newline is stripped before hashing.
        assert_eq!(
            certificate("certificates", "abc\n"),
            "afd8c2bccf834997afce12c2706d2ede-certificate-certificates-\
             ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
