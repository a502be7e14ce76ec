//! The key as read: PKCS#1 or PKCS#8 RSA give the same key, stored as PKCS#1; anything else, or
//! a key of an unsupported size, is refused when read; numbers that do not fit together are
//! refused when the key first signs (reading does no arithmetic).

use charm_tls::{CertificateSigningRequest, CertificateTarget, CsrError, KeyError, PrivateKey};
use rsa::RsaPrivateKey;
use rsa::pkcs1::der::asn1::UintRef;
use rsa::pkcs1::der::{Decode, Encode, EncodePem};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, LineEnding, RsaPrivateKey as Pkcs1Key};
use rsa::pkcs8::spki::AlgorithmIdentifierRef;
use rsa::pkcs8::{EncodePrivateKey, ObjectIdentifier, PrivateKeyInfo};

use crate::golden;

fn golden_pem() -> String {
    golden::read("tls/requirer-key.pem").trim_end().to_owned()
}

fn golden_key() -> PrivateKey {
    PrivateKey::from_pem(&golden_pem()).expect("golden key parses")
}

fn pkcs8_pem(algorithm: ObjectIdentifier, pkcs1_der: &[u8]) -> String {
    PrivateKeyInfo {
        algorithm: AlgorithmIdentifierRef {
            oid: algorithm,
            parameters: None,
        },
        private_key: pkcs1_der,
        public_key: None,
    }
    .to_pem(LineEnding::LF)
    .expect("encodes")
}

#[test]
fn a_pkcs8_key_is_the_same_key_and_is_stored_as_pkcs1() {
    let rsa = RsaPrivateKey::from_pkcs1_pem(&golden_pem()).expect("golden key");
    let pkcs8 = rsa.to_pkcs8_pem(LineEnding::LF).expect("encodes");
    assert!(pkcs8.starts_with("-----BEGIN PRIVATE KEY-----\n"));

    let key = PrivateKey::from_pem(&pkcs8).expect("a PKCS#8 RSA key reads");

    assert_eq!(key.public_key(), golden_key().public_key());
    assert_eq!(key.bits(), 2048);
    assert_eq!(key.to_pem().expose_secret(), golden_pem());
}

#[test]
fn a_pkcs8_key_of_another_algorithm_is_refused() {
    let der = RsaPrivateKey::from_pkcs1_pem(&golden_pem())
        .and_then(|rsa| rsa.to_pkcs1_der())
        .expect("golden key");
    // id-ecPublicKey around RSA numbers: the algorithm decides.
    let ec = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
    let rsa_encryption = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

    assert_eq!(
        PrivateKey::from_pem(&pkcs8_pem(ec, der.as_bytes())).unwrap_err(),
        KeyError::InvalidPem
    );
    assert_eq!(
        PrivateKey::from_pem(&pkcs8_pem(rsa_encryption, der.as_bytes()))
            .expect("the same bytes as rsaEncryption read")
            .public_key(),
        golden_key().public_key()
    );
}

#[test]
fn other_pem_labels_and_small_keys_are_refused() {
    let body = golden_pem().replace("RSA PRIVATE KEY", "EC PRIVATE KEY");
    assert_eq!(
        PrivateKey::from_pem(&body).unwrap_err(),
        KeyError::InvalidPem
    );

    let small = RsaPrivateKey::new(&mut rand_core::OsRng, 1024).expect("generates");
    let pem = small.to_pkcs1_pem(LineEnding::LF).expect("encodes");
    assert_eq!(
        PrivateKey::from_pem(&pem).unwrap_err(),
        KeyError::UnsupportedSize { bits: 1024 }
    );
}

#[test]
fn numbers_that_do_not_fit_together_are_refused_at_the_first_signature() {
    let der = RsaPrivateKey::from_pkcs1_pem(&golden_pem())
        .and_then(|rsa| rsa.to_pkcs1_der())
        .expect("golden key");
    let mut key = Pkcs1Key::from_der(der.as_bytes()).expect("PKCS#1");
    // q⁻¹ mod p off by one: the structure is valid, the arithmetic is not.
    let mut coefficient = key.coefficient.as_bytes().to_vec();
    *coefficient.last_mut().expect("non-empty") ^= 1;
    key.coefficient = UintRef::new(&coefficient).expect("an integer");
    let broken = key
        .to_der()
        .map(|der| pem_text("RSA PRIVATE KEY", &der))
        .expect("encodes");

    let read = PrivateKey::from_pem(&broken).expect("reading does no arithmetic");
    assert_eq!(read.public_key(), golden_key().public_key());

    let target = CertificateTarget::Dns("www.example.com".into());
    assert_eq!(
        CertificateSigningRequest::build(&read, &target, None).unwrap_err(),
        CsrError::Key(KeyError::Signing)
    );
    assert!(CertificateSigningRequest::build(&golden_key(), &target, None).is_ok());
}

fn pem_text(label: &str, der: &[u8]) -> String {
    rsa::pkcs1::der::pem::encode_string(label, LineEnding::LF, der).expect("encodes")
}
