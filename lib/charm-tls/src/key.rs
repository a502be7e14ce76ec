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
use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding, RsaPrivateKey as Pkcs1Key, RsaPublicKey};
use rsa::pkcs8::PrivateKeyInfo;
use x509_cert::der::asn1::{AnyRef, BitString};
use x509_cert::der::{Decode, Encode, SecretDocument};
use x509_cert::spki::{AlgorithmIdentifierOwned, ObjectIdentifier, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

use crate::error::KeyError;

/// Key size the Python library generates by default, and ours.
pub const DEFAULT_RSA_BITS: usize = 2048;

/// PEM label of a PKCS#1 private key (what the Python library stores).
const PKCS1_LABEL: &str = "RSA PRIVATE KEY";
/// PEM label of a PKCS#8 private key.
const PKCS8_LABEL: &str = "PRIVATE KEY";
/// `rsaEncryption` (RFC 8017): the algorithm of an RSA key, in PKCS#8 and in a
/// `SubjectPublicKeyInfo`.
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// The application's RSA private key. Shared by every CSR of the application.
///
/// Held as its PKCS#1 DER, read without any big-number arithmetic: a hook reads the key in
/// every reconcile of a deployment with a `certificates` relation, but signs with it only when
/// a CSR is new, so the key's arithmetic (and ring's check of it) is done only then.
#[derive(Clone)]
pub struct PrivateKey {
    /// `RSAPrivateKey` (PKCS#1) DER, wiped from memory on drop.
    der: SecretDocument,
    public_key: PublicKey,
    bits: usize,
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
        Self::from_pkcs1_der(rsa.to_pkcs1_der().map_err(|_| KeyError::Generation)?)
    }

    /// Reads a PEM private key: PKCS#1 (`RSA PRIVATE KEY`, what the Python library stores) or
    /// PKCS#8 (`PRIVATE KEY`, of algorithm `rsaEncryption`). Surrounding whitespace is ignored.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let (label, document) =
            SecretDocument::from_pem(pem.trim()).map_err(|_| KeyError::InvalidPem)?;
        match label {
            PKCS1_LABEL => Self::from_pkcs1_der(document),
            PKCS8_LABEL => {
                let info = PrivateKeyInfo::from_der(document.as_bytes())
                    .map_err(|_| KeyError::InvalidPem)?;
                if info.algorithm.oid != RSA_ENCRYPTION {
                    return Err(KeyError::InvalidPem);
                }
                let inner =
                    SecretDocument::try_from(info.private_key).map_err(|_| KeyError::InvalidPem)?;
                Self::from_pkcs1_der(inner)
            }
            _ => Err(KeyError::InvalidPem),
        }
    }

    /// A two-prime PKCS#1 key of a supported size; its public half is read from the DER.
    fn from_pkcs1_der(der: SecretDocument) -> Result<Self, KeyError> {
        let key = Pkcs1Key::from_der(der.as_bytes()).map_err(|_| KeyError::InvalidPem)?;
        if key.other_prime_infos.is_some() {
            return Err(KeyError::InvalidPem);
        }
        let bits = uint_bits(key.modulus.as_bytes());
        if !(2048..=4096).contains(&bits) {
            return Err(KeyError::UnsupportedSize { bits });
        }
        let key_bits = RsaPublicKey {
            modulus: key.modulus,
            public_exponent: key.public_exponent,
        }
        .to_der()
        .map_err(|_| KeyError::InvalidPem)?;
        Ok(Self {
            der,
            public_key: PublicKey {
                algorithm: RSA_ENCRYPTION,
                key_bits,
            },
            bits,
        })
    }

    /// The key as the Python library stores it in the Juju secret: PKCS#1 PEM, 64-column lines,
    /// no trailing newline.
    pub fn to_pem(&self) -> PrivateKeyPem {
        let pem = self
            .der
            .to_pem(PKCS1_LABEL, LineEnding::LF)
            .expect("a DER document encodes as PEM");
        PrivateKeyPem(Zeroizing::new(pem.trim_end().to_owned()))
    }

    /// The public half, as certificates and CSRs carry it.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// Size of the modulus in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The DER `SubjectPublicKeyInfo` of this key (rsaEncryption, NULL parameters).
    pub(crate) fn subject_public_key_info(&self) -> SubjectPublicKeyInfoOwned {
        SubjectPublicKeyInfoOwned {
            algorithm: AlgorithmIdentifierOwned {
                oid: self.public_key.algorithm,
                parameters: Some(AnyRef::NULL.into()),
            },
            subject_public_key: BitString::from_bytes(&self.public_key.key_bits)
                .expect("an RSA public key fits a BIT STRING"),
        }
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 / SHA-256 (deterministic). ring checks the key's
    /// arithmetic first: a key whose numbers do not fit together fails here.
    pub(crate) fn sign_pkcs1_sha256(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let key_pair = RsaKeyPair::from_der(self.der.as_bytes()).map_err(|_| KeyError::Signing)?;
        let mut signature = vec![0; key_pair.public().modulus_len()];
        // PKCS#1 v1.5 padding uses no randomness; ring still asks for a source.
        let rng = ring::rand::SystemRandom::new();
        key_pair
            .sign(&RSA_PKCS1_SHA256, &rng, message, &mut signature)
            .map_err(|_| KeyError::Signing)?;
        Ok(signature)
    }
}

/// Bits of an unsigned big-endian integer (leading zero bytes left out).
fn uint_bits(bytes: &[u8]) -> usize {
    let bytes = &bytes[bytes.iter().take_while(|byte| **byte == 0).count()..];
    bytes
        .first()
        .map_or(0, |first| bytes.len() * 8 - first.leading_zeros() as usize)
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
