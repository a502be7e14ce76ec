//! The application private key: RSA, stored as the Python library stores it.
//!
//! The charmlibs tls-certificates requirer generates an RSA-2048 key and keeps it in a Juju secret
//! as "TraditionalOpenSSL" PEM (`-----BEGIN RSA PRIVATE KEY-----`, PKCS#1), without a trailing
//! newline. [`PrivateKey::to_pem`] writes exactly that, and [`PrivateKey::from_pem`] reads it (and
//! PKCS#8 `PRIVATE KEY` too), so a key written by the Python charm is read by us and vice versa.
//!
//! Key generation uses the `rsa` crate; signing uses `ring` (constant-time RSA). No `Debug` or
//! `Display` output of these types contains key material.

use std::fmt;

use rand_core::{CryptoRngCore, OsRng};
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rsa::RsaPrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, LineEnding};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use x509_cert::der::Decode;
use x509_cert::spki::{ObjectIdentifier, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

use crate::error::KeyError;

/// Key size the Python library generates by default, and ours.
pub const DEFAULT_RSA_BITS: usize = 2048;

/// The application's RSA private key. Shared by every CSR of the application.
#[derive(Clone)]
pub struct PrivateKey {
    rsa: RsaPrivateKey,
    public_key: PublicKey,
}

impl PrivateKey {
    /// Generates a new RSA-2048 key from the operating system's random source.
    pub fn generate() -> Result<Self, KeyError> {
        Self::generate_with_rng(&mut OsRng, DEFAULT_RSA_BITS)
    }

    /// Generates a new RSA key of `bits` bits from `rng`.
    pub fn generate_with_rng(rng: &mut impl CryptoRngCore, bits: usize) -> Result<Self, KeyError> {
        if !(2048..=4096).contains(&bits) {
            return Err(KeyError::UnsupportedSize { bits });
        }
        let rsa = RsaPrivateKey::new(rng, bits).map_err(|_| KeyError::Generation)?;
        Self::from_rsa(rsa)
    }

    /// Reads a PEM private key: PKCS#1 (`RSA PRIVATE KEY`, what the Python library stores) or
    /// PKCS#8 (`PRIVATE KEY`). Surrounding whitespace is ignored.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let pem = pem.trim();
        let rsa = RsaPrivateKey::from_pkcs1_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem))
            .map_err(|_| KeyError::InvalidPem)?;
        Self::from_rsa(rsa)
    }

    fn from_rsa(rsa: RsaPrivateKey) -> Result<Self, KeyError> {
        let bits = rsa.n().bits();
        if !(2048..=4096).contains(&bits) {
            return Err(KeyError::UnsupportedSize { bits });
        }
        let spki_der = rsa
            .to_public_key()
            .to_public_key_der()
            .map_err(|_| KeyError::InvalidPem)?;
        let spki = SubjectPublicKeyInfoOwned::from_der(spki_der.as_bytes())
            .map_err(|_| KeyError::InvalidPem)?;
        let public_key = PublicKey::from_spki(&spki);
        Ok(Self { rsa, public_key })
    }

    /// The key as the Python library stores it in the Juju secret: PKCS#1 PEM, 64-column lines,
    /// no trailing newline.
    pub fn to_pem(&self) -> PrivateKeyPem {
        let pem = self
            .rsa
            .to_pkcs1_pem(LineEnding::LF)
            .expect("encoding a valid RSA key as PKCS#1 cannot fail");
        PrivateKeyPem(Zeroizing::new(pem.trim_end().to_owned()))
    }

    /// The public half, as certificates and CSRs carry it.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// Size of the modulus in bits.
    pub fn bits(&self) -> usize {
        self.rsa.n().bits()
    }

    /// The DER `SubjectPublicKeyInfo` of this key (rsaEncryption, NULL parameters).
    pub(crate) fn subject_public_key_info(&self) -> SubjectPublicKeyInfoOwned {
        let der = self
            .rsa
            .to_public_key()
            .to_public_key_der()
            .expect("encoding a valid RSA public key cannot fail");
        SubjectPublicKeyInfoOwned::from_der(der.as_bytes())
            .expect("a freshly encoded SubjectPublicKeyInfo decodes")
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 / SHA-256 (deterministic).
    pub(crate) fn sign_pkcs1_sha256(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let der = self.rsa.to_pkcs1_der().map_err(|_| KeyError::Signing)?;
        let key_pair = RsaKeyPair::from_der(der.as_bytes()).map_err(|_| KeyError::Signing)?;
        let mut signature = vec![0; key_pair.public().modulus_len()];
        // PKCS#1 v1.5 padding uses no randomness; ring still asks for a source.
        let rng = ring::rand::SystemRandom::new();
        key_pair
            .sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
            .map_err(|_| KeyError::Signing)?;
        Ok(signature)
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &"RSA")
            .field("bits", &self.bits())
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

/// PEM text of a private key, wiped from memory on drop. Its `Debug` output is redacted; read the
/// text with [`PrivateKeyPem::expose_secret`] only to hand it to the secret store.
pub struct PrivateKeyPem(Zeroizing<String>);

impl PrivateKeyPem {
    /// The PEM text. Never log it, put it in argv or in relation data.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PrivateKeyPem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKeyPem(<redacted>)")
    }
}

/// A subject public key (algorithm and key bits), as found in certificates, CSRs and our key.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    algorithm: ObjectIdentifier,
    key_bits: Vec<u8>,
}

impl PublicKey {
    pub(crate) fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Self {
        Self {
            algorithm: spki.algorithm.oid,
            key_bits: spki.subject_public_key.raw_bytes().to_vec(),
        }
    }

    /// Lowercase hex SHA-256 of the public key bits, for logs and diagnostics.
    pub fn fingerprint(&self) -> String {
        crate::digest::sha256_hex(&self.key_bits)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("algorithm", &self.algorithm.to_string())
            .field("sha256", &self.fingerprint())
            .finish()
    }
}
