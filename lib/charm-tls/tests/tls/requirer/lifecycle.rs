//! A certificate's life: requested, issued and accepted, served with its chain, renewed,
//! expired, revoked, and re-requested when the hostname changes.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use charm_tls::{
    CertificateTarget, Renewal, RenewalReason, RequirerInputs, RequirerOutcome, reconcile,
};

use crate::golden;
use crate::test_ca::{TestCa, days, t0};

use super::{Issued, accepted, csr, dns, entry, inputs, new_ids, our_key};

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
