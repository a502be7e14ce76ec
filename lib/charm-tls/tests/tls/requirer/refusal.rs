//! What the requirer refuses, ignores or withdraws: certificates for another key, host or
//! CSR, garbage provider data, and denied requests.

use charm_tls::{
    CertificateSigningRequest, DeniedRequest, Refusal, RefusalReason, RequestError, RequirerInputs,
    RequirerOutcome, reconcile,
};

use crate::test_ca::{Kind, days, t0};

use super::{Issued, csr, dns, entry, inputs, new_ids, our_key, stranger_key};

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
