//! Key generation and PEM round trip.

use charm_tls::{CertificateSigningRequest, CertificateTarget, KeyError, PrivateKey};

#[test]
fn generated_key_is_rsa_2048_pkcs1_and_reads_back() {
    let key = PrivateKey::generate().unwrap();

    let pem = key.to_pem();
    let read_back = PrivateKey::from_pem(pem.expose_secret()).unwrap();

    assert_eq!(key.bits(), 2048);
    assert!(
        pem.expose_secret()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );
    assert!(
        pem.expose_secret()
            .ends_with("\n-----END RSA PRIVATE KEY-----")
    );
    assert_eq!(read_back.public_key(), key.public_key());
    let target = CertificateTarget::Dns("gen.example.com".into());
    let csr = CertificateSigningRequest::build(&read_back, &target, Some("u")).unwrap();
    assert!(csr.is_request_for(&target, &key, true));
}

#[test]
fn garbage_key_pem_is_refused_without_echoing_it() {
    let error = PrivateKey::from_pem(
        "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n-----END RSA PRIVATE KEY-----",
    )
    .unwrap_err();

    assert_eq!(error, KeyError::InvalidPem);
    assert_eq!(
        error.to_string(),
        "the private key is not a PEM-encoded RSA private key"
    );
}
