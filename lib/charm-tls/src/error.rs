//! Error types of the TLS core, one enum per concern.
//!
//! No variant carries key material: parse failures of a private key are reported with a fixed
//! text, never with the input.

use thiserror::Error;

/// Failure to generate, read or use the application private key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// RSA key generation failed.
    #[error("RSA key generation failed")]
    Generation,
    /// The PEM text is not an RSA private key (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`).
    #[error("the private key is not a PEM-encoded RSA private key")]
    InvalidPem,
    /// The key has a size the signer does not support (2048 to 4096 bits).
    #[error("unsupported RSA key size: {bits} bits")]
    UnsupportedSize {
        /// Size of the modulus in bits.
        bits: usize,
    },
    /// Signing with the key failed.
    #[error("signing with the private key failed")]
    Signing,
}

/// Failure to build or parse a certificate signing request.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CsrError {
    /// The text is not a PEM `CERTIFICATE REQUEST` holding valid DER.
    #[error("not a PEM certificate signing request: {0}")]
    InvalidPem(String),
    /// The value cannot be encoded in a CSR (e.g. a non-IA5 hostname).
    #[error("cannot encode certificate signing request: {0}")]
    Encoding(String),
    /// Signing the request failed.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// Failure to parse an X.509 certificate.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CertificateError {
    /// The text is not a PEM `CERTIFICATE` holding valid DER.
    #[error("not a PEM certificate: {0}")]
    InvalidPem(String),
    /// An extension the acceptance rules read (basic constraints, SAN) is malformed.
    #[error("malformed {extension} extension: {detail}")]
    InvalidExtension {
        /// Which extension.
        extension: &'static str,
        /// The decoder's message.
        detail: String,
    },
}
