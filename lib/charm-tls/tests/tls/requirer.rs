//! `reconcile` scenarios with real certificates from the test CA.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use charm_tls::{
    AcceptedCertificate, CertificateSigningRequest, CertificateTarget, DeniedRequest, PrivateKey,
    ProviderCertificate, Refusal, RefusalReason, Renewal, RenewalReason, RequestError,
    RequirerInputs, RequirerOutcome, reconcile,
};

use crate::golden;
use crate::test_ca::{Kind, TestCa, days, t0};

fn our_key() -> PrivateKey {
    PrivateKey::from_pem(&golden::read("tls/requirer-key.pem")).unwrap()
}

/// Another party's key (the CA's key, reused as a stranger's).
fn stranger_key() -> PrivateKey {
    PrivateKey::from_pem(&golden::read("tls/ca.key")).unwrap()
}

fn dns(hostname: &str) -> CertificateTarget {
    CertificateTarget::Dns(hostname.to_owned())
}

fn csr(key: &PrivateKey, target: &CertificateTarget, unique_id: &str) -> String {
    CertificateSigningRequest::build(key, target, Some(unique_id))
        .unwrap()
        .pem()
        .to_owned()
}

/// Unique ids `new-1`, `new-2`, … for CSRs created by `reconcile`.
fn new_ids() -> impl FnMut() -> String {
    let mut counter = 0;
    move || {
        counter += 1;
        format!("new-{counter}")
    }
}

fn entry(csr: &str, certificate: &str, ca: &TestCa, chain: Vec<String>) -> ProviderCertificate {
    ProviderCertificate {
        certificate_signing_request: csr.to_owned(),
        certificate: certificate.to_owned(),
        ca: ca.pem().to_owned(),
        chain,
        revoked: false,
    }
}

fn accepted(csr: &str, certificate: &str, ca: &TestCa) -> AcceptedCertificate {
    AcceptedCertificate {
        csr: csr.to_owned(),
        certificate: certificate.to_owned(),
        ca: ca.pem().to_owned(),
        chain: vec![certificate.to_owned(), ca.pem().to_owned()],
        not_before: t0(),
        expires_at: days(100),
        renew_at: days(90),
    }
}

fn inputs<'a>(
    targets: &'a [CertificateTarget],
    key: &'a PrivateKey,
    current_csrs: &'a [String],
    provider_certificates: &'a [ProviderCertificate],
    now: std::time::SystemTime,
) -> RequirerInputs<'a> {
    RequirerInputs {
        targets,
        key,
        current_csrs,
        provider_certificates,
        provider_request_errors: &[],
        add_unique_id: true,
        now,
    }
}

/// Two hostnames with CSRs `a-1`/`b-1` in our bag and leaves issued at t0 for 100 days.
struct Issued {
    ca: TestCa,
    key: PrivateKey,
    targets: Vec<CertificateTarget>,
    csrs: Vec<String>,
    certificates: Vec<String>,
}

impl Issued {
    /// Reconcile the first target alone, with its CSR already published and the provider
    /// answering `entries`, at `now`.
    fn reconcile_first(
        &self,
        entries: &[ProviderCertificate],
        now: std::time::SystemTime,
    ) -> RequirerOutcome {
        reconcile(
            &inputs(&self.targets[..1], &self.key, &self.csrs[..1], entries, now),
            &mut new_ids(),
        )
        .unwrap()
    }

    /// Reconcile both targets, with both CSRs already published and the provider answering
    /// `entries`, at `now`.
    fn reconcile_all(
        &self,
        entries: &[ProviderCertificate],
        now: std::time::SystemTime,
    ) -> RequirerOutcome {
        reconcile(
            &inputs(&self.targets, &self.key, &self.csrs, entries, now),
            &mut new_ids(),
        )
        .unwrap()
    }

    fn new() -> Self {
        let ca = TestCa::new();
        let key = our_key();
        let targets = vec![dns("a.example.com"), dns("b.example.com")];
        let csrs = vec![csr(&key, &targets[0], "a-1"), csr(&key, &targets[1], "b-1")];
        let certificates = csrs
            .iter()
            .map(|csr| ca.issue(csr, t0(), days(100)))
            .collect();
        Self {
            ca,
            key,
            targets,
            csrs,
            certificates,
        }
    }

    fn entries(&self) -> Vec<ProviderCertificate> {
        self.csrs
            .iter()
            .zip(&self.certificates)
            .map(|(csr, certificate)| {
                entry(
                    csr,
                    certificate,
                    &self.ca,
                    vec![certificate.clone(), self.ca.pem().to_owned()],
                )
            })
            .collect()
    }
}

#[test]
fn first_run_requests_one_csr_per_target_and_waits() {
    let key = our_key();
    let targets = [dns("a.example.com"), dns("b.example.com")];

    let outcome = reconcile(&inputs(&targets, &key, &[], &[], t0()), &mut new_ids()).unwrap();

    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: vec![
                csr(&key, &targets[0], "new-1"),
                csr(&key, &targets[1], "new-2")
            ],
            pending: targets.to_vec(),
            ..RequirerOutcome::default()
        }
    );
    assert!(outcome.csrs_changed(&[]));
}

#[test]
fn issued_certificates_are_accepted_and_the_bag_is_unchanged() {
    let issued = Issued::new();
    let entries = issued.entries();

    let outcome = issued.reconcile_all(&entries, days(10));

    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: issued.csrs.clone(),
            certificates: BTreeMap::from([
                (
                    issued.targets[0].clone(),
                    accepted(&issued.csrs[0], &issued.certificates[0], &issued.ca)
                ),
                (
                    issued.targets[1].clone(),
                    accepted(&issued.csrs[1], &issued.certificates[1], &issued.ca)
                ),
            ]),
            ..RequirerOutcome::default()
        }
    );
    assert!(!outcome.csrs_changed(&issued.csrs));
    assert_eq!(
        outcome.certificates[&issued.targets[0]].chain_pem(),
        format!("{}\n\n{}", issued.certificates[0], issued.ca.pem())
    );
}

#[test]
fn certificate_past_ninety_percent_is_renewed_and_still_served() {
    let issued = Issued::new();
    let entries = issued.entries();
    let just_before = days(90) - Duration::from_secs(1);

    let before = issued.reconcile_first(&entries, just_before);
    let outcome = issued.reconcile_first(&entries, days(90));

    assert!(before.renewals.is_empty());
    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: vec![csr(&issued.key, &issued.targets[0], "new-1")],
            withdrawn_csrs: vec![issued.csrs[0].clone()],
            certificates: BTreeMap::from([(
                issued.targets[0].clone(),
                accepted(&issued.csrs[0], &issued.certificates[0], &issued.ca)
            )]),
            renewals: vec![Renewal {
                target: issued.targets[0].clone(),
                reason: RenewalReason::Expiring,
                withdrawn_csr: issued.csrs[0].clone(),
            }],
            ..RequirerOutcome::default()
        }
    );
}

#[test]
fn expired_certificate_is_not_served_and_is_re_requested() {
    let issued = Issued::new();
    let entries = issued.entries();

    let outcome = issued.reconcile_first(&entries, days(100));

    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: vec![csr(&issued.key, &issued.targets[0], "new-1")],
            withdrawn_csrs: vec![issued.csrs[0].clone()],
            pending: vec![issued.targets[0].clone()],
            renewals: vec![Renewal {
                target: issued.targets[0].clone(),
                reason: RenewalReason::Expired,
                withdrawn_csr: issued.csrs[0].clone(),
            }],
            ..RequirerOutcome::default()
        }
    );
}

#[test]
fn revoked_certificate_is_withdrawn_and_re_requested_with_a_new_csr() {
    let issued = Issued::new();
    let mut entries = issued.entries();
    entries[1].revoked = true;

    let outcome = issued.reconcile_all(&entries, days(10));

    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: vec![
                issued.csrs[0].clone(),
                csr(&issued.key, &issued.targets[1], "new-1")
            ],
            withdrawn_csrs: vec![issued.csrs[1].clone()],
            certificates: BTreeMap::from([(
                issued.targets[0].clone(),
                accepted(&issued.csrs[0], &issued.certificates[0], &issued.ca)
            )]),
            pending: vec![issued.targets[1].clone()],
            renewals: vec![Renewal {
                target: issued.targets[1].clone(),
                reason: RenewalReason::Revoked,
                withdrawn_csr: issued.csrs[1].clone(),
            }],
            ..RequirerOutcome::default()
        }
    );
}

#[test]
fn hostname_change_withdraws_the_old_csr_and_requests_the_new_host() {
    let issued = Issued::new();
    let entries = issued.entries();
    let targets = [issued.targets[1].clone(), dns("c.example.com")];

    let outcome = reconcile(
        &inputs(&targets, &issued.key, &issued.csrs, &entries, days(10)),
        &mut new_ids(),
    )
    .unwrap();

    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: vec![
                issued.csrs[1].clone(),
                csr(&issued.key, &targets[1], "new-1")
            ],
            withdrawn_csrs: vec![issued.csrs[0].clone()],
            certificates: BTreeMap::from([(
                issued.targets[1].clone(),
                accepted(&issued.csrs[1], &issued.certificates[1], &issued.ca)
            )]),
            pending: vec![targets[1].clone()],
            ..RequirerOutcome::default()
        }
    );
}

#[test]
fn reversed_chain_is_served_leaf_first() {
    let issued = Issued::new();
    let mut entries = issued.entries();
    entries[0].chain.reverse();

    let outcome = issued.reconcile_first(&entries, days(10));

    assert_eq!(entries[0].chain[0], issued.ca.pem());
    assert_eq!(
        outcome.certificates[&issued.targets[0]].chain,
        vec![issued.certificates[0].clone(), issued.ca.pem().to_owned()]
    );
}

#[test]
fn empty_chain_is_served_as_leaf_then_ca() {
    let issued = Issued::new();
    let mut entries = issued.entries();
    entries[0].chain.clear();

    let outcome = issued.reconcile_first(&entries, days(10));

    assert_eq!(
        outcome.certificates[&issued.targets[0]].chain,
        vec![issued.certificates[0].clone(), issued.ca.pem().to_owned()]
    );
}

#[test]
fn certificate_for_someone_elses_key_is_refused() {
    let issued = Issued::new();
    let stranger_csr = csr(&stranger_key(), &issued.targets[0], "a-1");
    let foreign = issued.ca.issue(&stranger_csr, t0(), days(100));
    let entries = [entry(
        &issued.csrs[0],
        &foreign,
        &issued.ca,
        vec![foreign.clone()],
    )];

    let outcome = issued.reconcile_first(&entries, days(10));

    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: vec![issued.csrs[0].clone()],
            pending: vec![issued.targets[0].clone()],
            refused: vec![Refusal {
                target: Some(issued.targets[0].clone()),
                reason: RefusalReason::PublicKeyMismatch,
            }],
            ..RequirerOutcome::default()
        }
    );
}

#[test]
fn ca_certificate_for_our_csr_is_refused() {
    let issued = Issued::new();
    let as_ca = issued
        .ca
        .issue_as(Kind::SubCa, &issued.csrs[0], t0(), days(100));
    let entries = [entry(
        &issued.csrs[0],
        &as_ca,
        &issued.ca,
        vec![as_ca.clone()],
    )];

    let outcome = issued.reconcile_first(&entries, days(10));

    assert_eq!(
        outcome.refused,
        vec![Refusal {
            target: Some(issued.targets[0].clone()),
            reason: RefusalReason::CaFlagMismatch,
        }]
    );
    assert_eq!(outcome.pending, vec![issued.targets[0].clone()]);
    assert!(outcome.certificates.is_empty());
}

#[test]
fn certificate_naming_another_host_is_refused() {
    let issued = Issued::new();
    // Issued for b's CSR (same key), returned against a's CSR.
    let entries = [entry(
        &issued.csrs[0],
        &issued.certificates[1],
        &issued.ca,
        vec![issued.certificates[1].clone()],
    )];

    let outcome = issued.reconcile_first(&entries, days(10));

    assert_eq!(
        outcome.refused,
        vec![Refusal {
            target: Some(issued.targets[0].clone()),
            reason: RefusalReason::SubjectMismatch,
        }]
    );
}

#[test]
fn provider_entry_for_a_csr_that_is_not_ours_is_ignored() {
    let issued = Issued::new();
    let stranger_csr = csr(&stranger_key(), &issued.targets[0], "x");
    let foreign = issued.ca.issue(&stranger_csr, t0(), days(100));
    let entries = [entry(
        &stranger_csr,
        &foreign,
        &issued.ca,
        vec![foreign.clone()],
    )];

    let with_foreign = issued.reconcile_first(&entries, days(10));
    let without = reconcile(
        &inputs(
            &issued.targets[..1],
            &issued.key,
            &issued.csrs[..1],
            &[],
            days(10),
        ),
        &mut new_ids(),
    )
    .unwrap();

    assert_eq!(with_foreign, without);
    assert_eq!(
        with_foreign,
        RequirerOutcome {
            csrs_to_publish: vec![issued.csrs[0].clone()],
            pending: vec![issued.targets[0].clone()],
            ..RequirerOutcome::default()
        }
    );
}

#[test]
fn csrs_in_our_bag_that_are_not_ours_are_withdrawn() {
    let key = our_key();
    let target = dns("a.example.com");
    let current = vec![
        csr(&stranger_key(), &target, "s-1"),
        "not a pem".to_owned(),
        CertificateSigningRequest::build(&key, &target, None)
            .unwrap()
            .pem()
            .to_owned(),
    ];

    let outcome = reconcile(
        &inputs(std::slice::from_ref(&target), &key, &current, &[], days(10)),
        &mut new_ids(),
    )
    .unwrap();

    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: vec![csr(&key, &target, "new-1")],
            withdrawn_csrs: current.clone(),
            pending: vec![target.clone()],
            ..RequirerOutcome::default()
        }
    );
}

#[test]
fn garbage_pem_rejects_the_whole_provider_bag() {
    let issued = Issued::new();
    let mut entries = issued.entries();
    entries[0].certificate =
        "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----".into();

    let outcome = issued.reconcile_all(&entries, days(10));

    assert_eq!(outcome.csrs_to_publish, issued.csrs);
    assert!(outcome.certificates.is_empty());
    assert_eq!(outcome.pending, issued.targets);
    assert!(outcome.renewals.is_empty() && outcome.denied.is_empty());
    assert_eq!(outcome.refused.len(), 1);
    assert_eq!(outcome.refused[0].target, Some(issued.targets[0].clone()));
    assert!(matches!(
        outcome.refused[0].reason,
        RefusalReason::MalformedPem {
            field: "certificate",
            ..
        }
    ));
}

#[test]
fn garbage_chain_entry_is_reported_against_the_chain_field() {
    let issued = Issued::new();
    let mut entries = issued.entries();
    entries[1].chain.push("garbage".into());

    let outcome = issued.reconcile_all(&entries, days(10));

    assert!(outcome.certificates.is_empty());
    assert_eq!(outcome.refused.len(), 1);
    assert_eq!(outcome.refused[0].target, Some(issued.targets[1].clone()));
    assert!(matches!(
        outcome.refused[0].reason,
        RefusalReason::MalformedPem { field: "chain", .. }
    ));
}

#[test]
fn denied_request_is_surfaced_and_stays_published() {
    let key = our_key();
    let target = dns("a.example.com");
    let current = vec![csr(&key, &target, "a-1")];
    let errors = [RequestError {
        csr: current[0].clone(),
        error: relation_data::tls_certificates::RequestErrorDetail {
            code: 102,
            name: "DOMAIN_NOT_ALLOWED".into(),
            message: "denied (DOMAIN_NOT_ALLOWED)".into(),
            reason: None,
            provider: None,
            endpoint: None,
        },
    }];
    let inputs = RequirerInputs {
        provider_request_errors: &errors,
        ..inputs(std::slice::from_ref(&target), &key, &current, &[], days(1))
    };

    let outcome = reconcile(&inputs, &mut new_ids()).unwrap();

    let denial = DeniedRequest {
        target: target.clone(),
        error: errors[0].clone(),
    };
    assert_eq!(
        outcome,
        RequirerOutcome {
            csrs_to_publish: current.clone(),
            pending: vec![target.clone()],
            denied: vec![denial.clone()],
            ..RequirerOutcome::default()
        }
    );
    assert_eq!(
        denial.to_string(),
        "certificate request for a.example.com denied: denied (DOMAIN_NOT_ALLOWED)"
    );
}

#[test]
fn gateway_ip_gets_an_ip_san_csr_and_its_certificate() {
    let ca = TestCa::new();
    let key = our_key();
    let target = CertificateTarget::Ip(IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)));

    let first = reconcile(
        &RequirerInputs {
            add_unique_id: false,
            ..inputs(std::slice::from_ref(&target), &key, &[], &[], t0())
        },
        &mut new_ids(),
    )
    .unwrap();
    let expected_csr = golden::requirer_csrs("tls_requirer.emit-app-ip.json")[1].clone();
    let certificate = ca.issue(&expected_csr, t0(), days(100));
    let entries = [entry(
        &expected_csr,
        &certificate,
        &ca,
        vec![certificate.clone(), ca.pem().to_owned()],
    )];
    let second = reconcile(
        &RequirerInputs {
            add_unique_id: false,
            ..inputs(
                std::slice::from_ref(&target),
                &key,
                &first.csrs_to_publish,
                &entries,
                days(1),
            )
        },
        &mut new_ids(),
    )
    .unwrap();

    assert_eq!(first.csrs_to_publish, vec![expected_csr.clone()]);
    assert_eq!(
        second,
        RequirerOutcome {
            csrs_to_publish: vec![expected_csr.clone()],
            certificates: BTreeMap::from([(
                target.clone(),
                accepted(&expected_csr, &certificate, &ca)
            )]),
            ..RequirerOutcome::default()
        }
    );
}
