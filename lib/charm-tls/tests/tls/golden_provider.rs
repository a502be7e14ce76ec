//! The recorded real-provider bags, accepted or refused as the Python requirer does.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use charm_tls::{
    AcceptedCertificate, Certificate, CertificateSigningRequest, CertificateTarget, DeniedRequest,
    PrivateKey, Renewal, RenewalReason, RequirerInputs, RequirerOutcome, reconcile,
};

use crate::golden;

/// 2027-06-01T00:00:00Z: inside the golden certificates' validity (2026-11-22 .. 2036-11-19).
fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_811_808_000)
}

fn key() -> PrivateKey {
    PrivateKey::from_pem(&golden::read("tls/requirer-key.pem")).unwrap()
}

fn target() -> CertificateTarget {
    CertificateTarget::Dns("www.example.com".into())
}

/// Our bag as the Python requirer wrote it (CSR with a unique id).
fn our_csrs() -> Vec<String> {
    golden::requirer_csrs("tls_requirer.emit-app.json")
}

fn fixed_id() -> impl FnMut() -> String {
    || "0f0e0d0c-0b0a-4908-8706-050403020100".to_owned()
}

/// Reconcile the one golden target with `key`, our `current` CSRs and the provider's answer,
/// as the Python requirer is configured (unique id in the subject), at [`now`].
fn reconcile_golden(
    key: &PrivateKey,
    current: &[String],
    provider_certificates: &[charm_tls::ProviderCertificate],
    provider_request_errors: &[charm_tls::RequestError],
) -> RequirerOutcome {
    reconcile(
        &RequirerInputs {
            targets: &[target()],
            key,
            current_csrs: current,
            provider_certificates,
            provider_request_errors,
            add_unique_id: true,
            now: now(),
        },
        &mut fixed_id(),
    )
    .unwrap()
}

#[test]
fn issued_bag_is_accepted_with_the_golden_key() {
    let entries = golden::provider_certificates("tls_provider.issue.json");
    let current = our_csrs();
    let key = key();
    let leaf = Certificate::from_pem(&entries[0].certificate).unwrap();

    let outcome = reconcile_golden(&key, &current, &entries, &[]);

    let validity = leaf.not_after().duration_since(leaf.not_before()).unwrap();
    assert_eq!(validity, Duration::from_secs(3650 * 86_400));
    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: current.clone(),
            certificates: BTreeMap::from([(
                target(),
                AcceptedCertificate {
                    csr: current[0].clone(),
                    certificate: entries[0].certificate.clone(),
                    ca: entries[0].ca.clone(),
                    chain: entries[0].chain.clone(),
                    not_before: leaf.not_before(),
                    expires_at: leaf.not_after(),
                    renew_at: leaf.not_before() + Duration::from_secs(3285 * 86_400),
                },
            )]),
            ..RequirerOutcome::default()
        }
    );
    assert_eq!(entries[0].chain[1], golden::read("tls/ca.pem").trim_end());
}

#[test]
fn revoked_bag_withdraws_and_re_requests_with_the_same_key() {
    let entries = golden::provider_certificates("tls_provider.issue-revoke.json");
    let current = our_csrs();
    let key = key();

    let outcome = reconcile_golden(&key, &current, &entries, &[]);

    let new_csr = CertificateSigningRequest::build(
        &key,
        &target(),
        Some("0f0e0d0c-0b0a-4908-8706-050403020100"),
    )
    .unwrap();
    assert!(entries[0].revoked);
    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: vec![new_csr.pem().to_owned()],
            withdrawn_csrs: current.clone(),
            pending: vec![target()],
            renewals: vec![Renewal {
                target: target(),
                reason: RenewalReason::Revoked,
                withdrawn_csr: current[0].clone(),
            }],
            ..RequirerOutcome::default()
        }
    );
}

#[test]
fn denied_bag_surfaces_the_provider_error() {
    let errors = golden::provider_request_errors("tls_provider.issue-deny.json");
    let current = our_csrs();
    let key = key();

    let outcome = reconcile_golden(&key, &current, &[], &errors);

    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: current.clone(),
            pending: vec![target()],
            denied: vec![DeniedRequest {
                target: target(),
                error: errors[0].clone()
            }],
            ..RequirerOutcome::default()
        }
    );
    assert_eq!(errors[0].error.code, 102);
    assert_eq!(
        outcome.denied[0].to_string(),
        "certificate request for www.example.com denied: denied (DOMAIN_NOT_ALLOWED)"
    );
}

#[test]
fn issued_bag_is_refused_for_another_key() {
    let entries = golden::provider_certificates("tls_provider.issue.json");
    let current = our_csrs();
    let stranger = PrivateKey::from_pem(&golden::read("tls/ca.key")).unwrap();

    let outcome = reconcile_golden(&stranger, &current, &entries, &[]);

    // Our CSRs are for another key, so they are replaced and the certificate is not ours.
    assert!(outcome.certificates.is_empty());
    assert_eq!(outcome.withdrawn_csrs, current);
    assert_eq!(outcome.pending, vec![target()]);
}
