//! Our CSRs and key PEM against the bytes the Python library wrote.

use std::net::{IpAddr, Ipv4Addr};

use crate::golden;
use charm_tls::{CertificateSigningRequest, CertificateTarget, PrivateKey};

fn requirer_key() -> PrivateKey {
    PrivateKey::from_pem(&golden::read("tls/requirer-key.pem")).expect("golden key parses")
}

#[test]
fn dns_csr_is_byte_identical_to_the_python_library() {
    let expected = golden::requirer_csrs("tls_requirer.emit-app-deterministic.json");
    let target = CertificateTarget::Dns("www.example.com".into());

    let csr = CertificateSigningRequest::build(&requirer_key(), &target, None).unwrap();

    assert_eq!(vec![csr.pem().to_owned()], expected);
}

#[test]
fn dns_and_ip_csrs_are_byte_identical_to_the_python_library() {
    let expected = golden::requirer_csrs("tls_requirer.emit-app-ip.json");
    let key = requirer_key();
    let targets = [
        CertificateTarget::Dns("www.example.com".into()),
        CertificateTarget::Ip(IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3))),
    ];

    let csrs: Vec<String> = targets
        .iter()
        .map(|target| {
            CertificateSigningRequest::build(&key, target, None)
                .unwrap()
                .pem()
                .to_owned()
        })
        .collect();

    assert_eq!(csrs, expected);
}

#[test]
fn csr_with_unique_id_is_byte_identical_given_the_same_uuid() {
    let expected = golden::requirer_csrs("tls_requirer.emit-app.json");
    let recorded = CertificateSigningRequest::from_pem(&expected[0]).unwrap();
    let uuid = recorded
        .unique_id()
        .expect("library default adds a unique id");
    let target = CertificateTarget::Dns("www.example.com".into());

    let csr = CertificateSigningRequest::build(&requirer_key(), &target, Some(uuid)).unwrap();

    assert_eq!(uuid, "93358f79-cbed-465c-9579-ea74ffbffb04");
    assert_eq!(csr.pem(), expected[0]);
}

#[test]
fn parsed_golden_csrs_expose_subject_sans_and_key() {
    let key = requirer_key();
    let expected = golden::requirer_csrs("tls_requirer.emit-app-ip.json");
    let dns = CertificateSigningRequest::from_pem(&expected[0]).unwrap();
    let ip = CertificateSigningRequest::from_pem(&expected[1]).unwrap();
    let address = IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3));

    assert_eq!(dns.common_name(), Some("www.example.com"));
    assert_eq!(dns.dns_names(), ["www.example.com".to_owned()]);
    assert!(dns.ip_addresses().is_empty());
    assert_eq!(dns.unique_id(), None);
    assert_eq!(ip.common_name(), Some("10.1.2.3"));
    assert!(ip.dns_names().is_empty());
    assert_eq!(ip.ip_addresses(), [address]);
    assert_eq!(dns.public_key(), key.public_key());
    assert!(dns.is_request_for(
        &CertificateTarget::Dns("www.example.com".into()),
        &key,
        false
    ));
    assert!(!dns.is_request_for(
        &CertificateTarget::Dns("www.example.com".into()),
        &key,
        true
    ));
    assert!(!dns.is_request_for(
        &CertificateTarget::Dns("api.example.com".into()),
        &key,
        false
    ));
    assert!(ip.is_request_for(&CertificateTarget::Ip(address), &key, false));
}

#[test]
fn key_pem_round_trips_to_the_python_traditional_openssl_text() {
    let recorded = golden::read("tls/requirer-key.pem");

    let written = requirer_key().to_pem();

    assert_eq!(written.expose_secret(), recorded.trim_end());
    assert!(
        written
            .expose_secret()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );
}
