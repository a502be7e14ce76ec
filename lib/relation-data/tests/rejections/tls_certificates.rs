//! tls-certificates: requirer requests and provider certificates.

use std::collections::BTreeMap;

use super::common::bag_of;
use relation_data::tls_certificates::{
    CollectedCertificateRequests, ProviderCertificates, RequirerCertificateRequests,
};
use relation_data::{BagOwner, Databag, Reason};

use super::{REL, app_error, wrong};

const CSR: &str = "-----BEGIN CERTIFICATE REQUEST-----\\nMIIB\\n-----END CERTIFICATE REQUEST-----";

const CERT: &str = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----";

fn csr_bag(list: &str) -> Databag {
    bag_of(&[("certificate_signing_requests", list)])
}

#[test]
fn tls_requirer_rules() {
    let read = |b: &Databag| RequirerCertificateRequests::read(REL, BagOwner::App, b);
    let ok = read(&csr_bag(&format!(
        "[{{\"certificate_signing_request\": \"{CSR}\"}}]"
    )))
    .unwrap();
    assert!(!ok.requests[0].ca, "missing ca reads as false");
    let ok = read(&csr_bag(&format!(
        "[{{\"certificate_signing_request\": \"{CSR}\", \"ca\": null}}]"
    )))
    .unwrap();
    assert!(!ok.requests[0].ca, "null ca reads as false");
    let key = "certificate_signing_requests";
    let cases = [
        (
            "{}".to_owned(),
            app_error(key, wrong("a list", "an object")),
        ),
        (
            "[1]".to_owned(),
            app_error(&format!("{key}[0]"), wrong("an object", "an integer")),
        ),
        (
            "[{}]".to_owned(),
            app_error(
                &format!("{key}[0].certificate_signing_request"),
                Reason::Missing,
            ),
        ),
        (
            "[{\"certificate_signing_request\": \"MIIB\"}]".to_owned(),
            app_error(
                &format!("{key}[0].certificate_signing_request"),
                Reason::Pem("CERTIFICATE REQUEST"),
            ),
        ),
        (
            format!("[{{\"certificate_signing_request\": \"{CERT}\"}}]"),
            app_error(
                &format!("{key}[0].certificate_signing_request"),
                Reason::Pem("CERTIFICATE REQUEST"),
            ),
        ),
        (
            format!("[{{\"certificate_signing_request\": \"{CSR}\", \"ca\": \"yes\"}}]"),
            app_error(&format!("{key}[0].ca"), wrong("true or false", "a string")),
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(read(&csr_bag(&value)).unwrap_err(), expected, "{value}");
    }
    assert_eq!(read(&Databag::new()).unwrap().requests, vec![]);
}

#[test]
fn tls_provider_collection_skips_invalid_bags_whole() {
    let good = csr_bag(&format!(
        "[{{\"certificate_signing_request\": \"{CSR}\", \"ca\": false}}]"
    ));
    let bad = csr_bag(&format!(
        "[{{\"certificate_signing_request\": \"{CSR}\"}}, 3]"
    ));
    let units = BTreeMap::from([("r/0".to_owned(), bad), ("r/1".to_owned(), good.clone())]);
    let collected = CollectedCertificateRequests::read(REL, &good, &units);
    assert_eq!(
        collected.requests.len(),
        1,
        "duplicates collapse, the bad bag contributes nothing"
    );
    assert_eq!(collected.rejected.len(), 1);
    assert_eq!(
        collected.rejected[0].owner,
        BagOwner::Unit("r/0".to_owned())
    );
    assert_eq!(collected.rejected[0].key, "certificate_signing_requests[1]");
}

#[test]
fn tls_provider_rules() {
    let entry = |extra: &str| {
        format!(
            "[{{\"ca\": \"{CERT}\", \"certificate_signing_request\": \"{CSR}\", \"certificate\": \"{CERT}\", \"chain\": [\"{CERT}\"]{extra}}}]"
        )
    };
    let read = |v: &str| ProviderCertificates::read(REL, &bag_of(&[("certificates", v)]));
    assert!(read(&entry("")).is_ok());
    assert!(
        read(&entry(", \"recommended_expiry_notification_time\": null")).is_ok(),
        "v3 extra key tolerated"
    );
    assert_eq!(
        read(&entry(", \"revoked\": 1")).unwrap_err().key,
        "certificates[0].revoked"
    );
    let bad_chain = entry("").replace("\"chain\": [", "\"chain\": [\"junk\", ");
    assert_eq!(
        read(&bad_chain).unwrap_err(),
        app_error("certificates[0].chain[0]", Reason::Pem("CERTIFICATE"))
    );
    let no_cert = entry("").replace("\"certificate\": ", "\"certificat\": ");
    assert_eq!(
        read(&no_cert).unwrap_err(),
        app_error("certificates[0].certificate", Reason::Missing)
    );
    let errors = |v: &str| ProviderCertificates::read(REL, &bag_of(&[("request_errors", v)]));
    let err = errors(&format!(
        "[{{\"csr\": \"{CSR}\", \"error\": {{\"code\": \"102\", \"name\": \"x\", \"message\": \"y\"}}}}]"
    ));
    assert_eq!(
        err.unwrap_err(),
        app_error(
            "request_errors[0].error.code",
            wrong("an integer", "a string")
        )
    );
    let caps = ProviderCertificates::read(
        REL,
        &bag_of(&[("capabilities", "{\"supports_ip_sans\": \"no\"}")]),
    );
    assert_eq!(
        caps.unwrap_err(),
        app_error(
            "capabilities.supports_ip_sans",
            wrong("true or false", "a string")
        )
    );
}
