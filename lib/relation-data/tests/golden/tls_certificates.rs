//! tls-certificates: requirer and provider bags, the interfaces.md §2.5 example.

use std::collections::BTreeMap;

use super::common::{app_bag, bag, bag_of, golden};
use relation_data::tls_certificates::{
    CertificateRequest, CollectedCertificateRequests, ProviderCertificate, ProviderCertificates,
    RequirerCertificateRequests,
};
use relation_data::{BagOwner, Databag};

use super::REL;

fn assert_tls_requirer_file_round_trips(name: &str, owner: BagOwner, expected_requests: usize) {
    let file = golden(name);
    let (bag_json, other) = match owner {
        BagOwner::App => (&file["app"], &file["unit"]),
        BagOwner::Unit(_) => (&file["unit"], &file["app"]),
    };
    assert_eq!(bag(other), Databag::new(), "{name}: the other bag is empty");
    let written = bag(bag_json);
    let read = RequirerCertificateRequests::read(REL, owner, &written).unwrap();
    assert_eq!(read.requests.len(), expected_requests);
    for request in &read.requests {
        assert!(!request.ca);
        assert!(
            request
                .certificate_signing_request
                .starts_with("-----BEGIN CERTIFICATE REQUEST-----\n")
        );
        assert!(
            request
                .certificate_signing_request
                .ends_with("\n-----END CERTIFICATE REQUEST-----")
        );
    }
    assert_eq!(read.to_databag(), written, "{name}: byte-identical rewrite");
}

#[test]
fn tls_requirer_bags_are_read_and_reproduced() {
    assert_tls_requirer_file_round_trips(
        "tls_requirer.emit-app-deterministic.json",
        BagOwner::App,
        1,
    );
    assert_tls_requirer_file_round_trips("tls_requirer.emit-app-ip.json", BagOwner::App, 2);
    assert_tls_requirer_file_round_trips("tls_requirer.emit-app.json", BagOwner::App, 1);
    assert_tls_requirer_file_round_trips(
        "tls_requirer.emit-unit.json",
        BagOwner::Unit("req/0".to_owned()),
        1,
    );
}

#[test]
fn tls_provider_side_collects_requests_from_app_and_unit_bags() {
    let app = bag(&golden("tls_requirer.emit-app.json")["app"]);
    let unit = bag(&golden("tls_requirer.emit-unit.json")["unit"]);
    let units = BTreeMap::from([
        ("req/0".to_owned(), unit.clone()),
        ("req/1".to_owned(), Databag::new()),
    ]);
    let collected = CollectedCertificateRequests::read(REL, &app, &units);
    assert_eq!(collected.rejected, vec![]);
    let from_app = RequirerCertificateRequests::read(REL, BagOwner::App, &app).unwrap();
    let from_unit = RequirerCertificateRequests::read(REL, BagOwner::App, &unit).unwrap();
    let expected: Vec<CertificateRequest> = from_app
        .requests
        .into_iter()
        .chain(from_unit.requests)
        .collect();
    assert_eq!(collected.requests, expected);
    assert_eq!(collected.requests.len(), 2);
}

#[test]
fn tls_provider_bags_are_read_and_reproduced() {
    let issued = app_bag("tls_provider.issue.json");
    let read = ProviderCertificates::read(REL, &issued).unwrap();
    assert_eq!(read.certificates.len(), 1);
    let cert = &read.certificates[0];
    assert!(!cert.revoked);
    assert_eq!(cert.chain.len(), 2);
    assert_eq!(cert.chain[0], cert.certificate);
    assert_eq!(cert.chain[1], cert.ca);
    let requested = RequirerCertificateRequests::read(
        REL,
        BagOwner::App,
        &app_bag("tls_requirer.emit-app.json"),
    )
    .unwrap();
    let csr = &requested.requests[0].certificate_signing_request;
    assert_eq!(read.for_csr(csr), Some(cert));
    assert_eq!(read.to_databag(), issued);

    let revoked = app_bag("tls_provider.issue-revoke.json");
    let read = ProviderCertificates::read(REL, &revoked).unwrap();
    assert!(read.certificates[0].revoked);
    assert_eq!(read.to_databag(), revoked);

    let denied = app_bag("tls_provider.issue-deny.json");
    let read = ProviderCertificates::read(REL, &denied).unwrap();
    assert_eq!(read.certificates, vec![]);
    let error = read.error_for_csr(csr).unwrap();
    assert_eq!(error.error.code, 102);
    assert_eq!(error.error.name, "DOMAIN_NOT_ALLOWED");
    assert_eq!(error.error.message, "denied (DOMAIN_NOT_ALLOWED)");
    assert_eq!(read.to_databag(), denied);
}

#[test]
fn tls_worked_example_interfaces_2_5() {
    let csr = "-----BEGIN CERTIFICATE REQUEST-----\nMIICszCC\n-----END CERTIFICATE REQUEST-----";
    let ca = "-----BEGIN CERTIFICATE-----\nMIIDUjCC\n-----END CERTIFICATE-----";
    let leaf = "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----";
    let requests = RequirerCertificateRequests {
        requests: vec![CertificateRequest {
            certificate_signing_request: csr.to_owned(),
            ca: false,
        }],
    };
    assert_eq!(
        requests.to_databag(),
        bag_of(&[(
            "certificate_signing_requests",
            r#"[{"certificate_signing_request": "-----BEGIN CERTIFICATE REQUEST-----\nMIICszCC\n-----END CERTIFICATE REQUEST-----", "ca": false}]"#
        )])
    );
    let mut provided = ProviderCertificates {
        certificates: vec![ProviderCertificate {
            ca: ca.to_owned(),
            certificate_signing_request: csr.to_owned(),
            certificate: leaf.to_owned(),
            chain: vec![leaf.to_owned(), ca.to_owned()],
            revoked: false,
        }],
        ..Default::default()
    };
    let entry = r#"{"ca": "-----BEGIN CERTIFICATE-----\nMIIDUjCC\n-----END CERTIFICATE-----", "certificate_signing_request": "-----BEGIN CERTIFICATE REQUEST-----\nMIICszCC\n-----END CERTIFICATE REQUEST-----", "certificate": "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----", "chain": ["-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\nMIIDUjCC\n-----END CERTIFICATE-----"]"#;
    assert_eq!(
        provided.to_databag(),
        bag_of(&[("certificates", &format!("[{entry}}}]"))])
    );
    provided.certificates[0].revoked = true;
    assert_eq!(
        provided.to_databag(),
        bag_of(&[("certificates", &format!("[{entry}, \"revoked\": true}}]"))])
    );
    // Clearing: with no certificates left, every owned key is deleted.
    assert_eq!(
        ProviderCertificates::default().to_changes(),
        bag_of(&[
            ("capabilities", ""),
            ("certificates", ""),
            ("request_errors", "")
        ])
    );
}
