//! Which provider certificates the integrator accepts, as the charmlibs v4 requirer decides,
//! with real cryptography: reversed chains, another key's certificate, a CSR that is not ours,
//! garbage PEM, expired certificates, the recorded real-library provider bags, key generation
//! and the `get-certificate` action's failures.

use integrator_fixtures as support;
use integrator_fixtures::ca as test_ca;
use integrator_fixtures::golden;
use integrator_fixtures::tls as tls_support;

use std::str::FromStr;

use charm_cluster::InMemoryCluster;
use charm_tls::{CertificateSigningRequest, CertificateTarget, PrivateKey, secret_label};
use juju_hook::Event;
use juju_hook_testing::{EventExt, SecretOwnership, State};
use relation_data::tls_certificates::{
    CertificateRequest, ProviderCertificate, RequirerCertificateRequests,
};
use support::{APP, cluster};
use test_ca::TestCa;
use tls_support::*;
use x509_cert::der::DecodePem;
use x509_cert::der::asn1::Ia5String;
use x509_cert::ext::pkix::name::GeneralName;

/// Related with our CSR published; then `entries` arrive from the provider.
fn provider_sends(
    entries: impl FnOnce(&TestCa, &str) -> Vec<ProviderCertificate>,
) -> (State, InMemoryCluster, Vec<String>) {
    let ca = TestCa::new();
    let (state, mut cluster) = related();
    let csrs = our_csrs(&state);
    let state = with_provider(state, entries(&ca, &csrs[0]));
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    (state, cluster, csrs)
}

fn assert_nothing_served(state: &State, cluster: &InMemoryCluster) {
    assert!(secret_names(cluster).is_empty());
    assert!(https_listeners(cluster).is_empty());
    assert_eq!(state.unit_status, Some(waiting_for(HOST)));
}

#[test]
fn reversed_chain_is_served_leaf_first() {
    let mut expected = String::new();
    let (state, cluster, csrs) = provider_sends(|ca, csr| {
        let mut entry = issued(ca, csr, day(-1), day(89));
        entry.chain.reverse();
        expected = format!("{}\n\n{}", entry.certificate, ca.pem());
        vec![entry]
    });
    assert_eq!(tls_secret(&cluster, HOST), Some((expected, key_pem())));
    assert_eq!(our_csrs(&state), csrs);
    assert_eq!(state.unit_status, Some(active()));
}

#[test]
fn certificate_for_another_key_is_refused() {
    let (state, cluster, csrs) = provider_sends(|ca, csr| {
        let ca_certificate = x509_cert::Certificate::from_pem(ca.pem().as_bytes()).unwrap();
        let foreign_key = ca_certificate.tbs_certificate.subject_public_key_info;
        let leaf = ca.issue_for(
            test_ca::Kind::Leaf,
            x509_cert::name::Name::from_str(&format!("CN={HOST}")).unwrap(),
            foreign_key,
            vec![GeneralName::DnsName(Ia5String::new(HOST).unwrap())],
            (day(-1), day(89)),
        );
        vec![ProviderCertificate {
            ca: ca.pem().to_owned(),
            certificate_signing_request: csr.to_owned(),
            certificate: leaf.clone(),
            chain: vec![leaf, ca.pem().to_owned()],
            revoked: false,
        }]
    });
    assert_nothing_served(&state, &cluster);
    assert_eq!(our_csrs(&state), csrs, "the request stays outstanding");
    assert_eq!(certificate_secret(&state, &csrs[0]), None);
}

#[test]
fn ca_certificate_is_refused() {
    let (state, cluster, csrs) = provider_sends(|ca, csr| {
        let leaf = ca.issue_as(test_ca::Kind::SubCa, csr, day(-1), day(89));
        vec![ProviderCertificate {
            ca: ca.pem().to_owned(),
            certificate_signing_request: csr.to_owned(),
            certificate: leaf.clone(),
            chain: vec![leaf, ca.pem().to_owned()],
            revoked: false,
        }]
    });
    assert_nothing_served(&state, &cluster);
    assert_eq!(our_csrs(&state), csrs);
}

#[test]
fn garbage_pem_rejects_the_whole_bag() {
    let (state, cluster, csrs) = provider_sends(|ca, csr| {
        let good = issued(ca, csr, day(-1), day(89));
        let garbage = ProviderCertificate {
            certificate:
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----"
                    .to_owned(),
            ..good.clone()
        };
        vec![good, garbage]
    });
    assert_nothing_served(&state, &cluster);
    assert_eq!(our_csrs(&state), csrs);
}

#[test]
fn expired_certificate_is_not_served_and_is_re_requested() {
    let (state, cluster, csrs) =
        provider_sends(|ca, csr| vec![issued(ca, csr, day(-100), day(-10))]);
    assert_nothing_served(&state, &cluster);
    let now = our_csrs(&state);
    assert_eq!(now.len(), 1);
    assert_ne!(now, csrs);
    assert!(csr(&now[0]).is_request_for(&CertificateTarget::Dns(HOST.into()), &key(), true));
}

#[test]
fn a_csr_that_is_not_ours_is_withdrawn() {
    let foreign_key = PrivateKey::from_pem(&golden::read("tls/ca.key")).unwrap();
    let foreign = CertificateSigningRequest::build(
        &foreign_key,
        &CertificateTarget::Dns(HOST.into()),
        Some("6f4bd8b4-7a52-4ac5-8a3c-7b0a5f0d1e2c"),
    )
    .unwrap()
    .pem()
    .to_owned();
    let mut relation = certificates_relation();
    relation.local_app_data = RequirerCertificateRequests {
        requests: vec![CertificateRequest {
            certificate_signing_request: foreign.clone(),
            ca: false,
        }],
    }
    .to_databag();
    let mut cluster = cluster();
    let state = base_state().relation(relation.clone());
    let state = step(
        Event::relation_changed(&relation, None),
        state,
        &mut cluster,
    );
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 1);
    assert_ne!(csrs[0], foreign);
    assert!(csr(&csrs[0]).is_request_for(&CertificateTarget::Dns(HOST.into()), &key(), true));
}

/// Our bag and key as recorded from the real Python requirer, and a real provider's answer.
fn golden_related(provider_file: &str) -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let state = base_state().config("enforce-https", false);
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let mut relation = certificates_relation();
    relation.local_app_data = golden::app_bag("tls_requirer.emit-app.json");
    relation.remote_app_data = golden::app_bag(provider_file);
    let state = state
        .config("enforce-https", true)
        .relation(relation.clone());
    let state = step(
        Event::relation_changed(&relation, None),
        state,
        &mut cluster,
    );
    (state, cluster)
}

fn golden_csr() -> String {
    let bag = golden::app_bag("tls_requirer.emit-app.json");
    RequirerCertificateRequests::read("certificates:7", relation_data::BagOwner::App, &bag)
        .unwrap()
        .requests[0]
        .certificate_signing_request
        .clone()
}

#[test]
fn recorded_real_provider_certificate_is_accepted() {
    let (state, cluster) = golden_related("tls_provider.issue.json");
    let provider = relation_data::tls_certificates::ProviderCertificates::read(
        "certificates:7",
        &golden::app_bag("tls_provider.issue.json"),
    )
    .unwrap();
    let entry = &provider.certificates[0];
    assert_eq!(
        tls_secret(&cluster, HOST),
        Some((entry.chain.join("\n\n"), key_pem()))
    );
    assert_eq!(
        our_csrs(&state),
        vec![golden_csr()],
        "the bag is kept as is"
    );
    assert_eq!(
        state.get_relation(CERTS).unwrap().local_app_data,
        golden::app_bag("tls_requirer.emit-app.json")
    );
    assert_eq!(state.unit_status, Some(active()));
}

#[test]
fn recorded_real_provider_revocation_is_re_requested() {
    let (state, cluster) = golden_related("tls_provider.issue-revoke.json");
    assert_nothing_served(&state, &cluster);
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 1);
    assert_ne!(csrs[0], golden_csr());
}

#[test]
fn recorded_real_provider_denial_keeps_the_request() {
    let (state, cluster) = golden_related("tls_provider.issue-deny.json");
    assert_nothing_served(&state, &cluster);
    assert_eq!(our_csrs(&state), vec![golden_csr()]);
}

#[test]
fn the_key_is_generated_once_and_stored_under_the_library_label() {
    let mut cluster = cluster();
    let relation = certificates_relation();
    let mut state = base_state().relation(relation.clone());
    state.secrets.clear();
    let state = step(Event::relation_created(&relation), state, &mut cluster);
    assert_eq!(state.secrets.len(), 1);
    let secret = state
        .get_secret_by_label(&secret_label::private_key("certificates"))
        .expect("key secret added");
    assert_eq!(secret.owner, Some(SecretOwnership::App));
    let content = secret.latest_content().unwrap();
    assert_eq!(content.keys().collect::<Vec<_>>(), ["private-key"]);
    let pem = &content["private-key"];
    assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let generated = PrivateKey::from_pem(pem).unwrap();
    assert_eq!(generated.bits(), 2048);
    let csrs = our_csrs(&state);
    assert!(csr(&csrs[0]).is_request_for(&CertificateTarget::Dns(HOST.into()), &generated, true));

    // The next hook reads it back and keeps the CSR.
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(state.secrets.len(), 1);
    assert_eq!(our_csrs(&state), csrs);
}

#[test]
fn get_certificate_fails_clearly_when_not_ready() {
    let mut cluster = cluster();
    // No certificates relation.
    let out = support::run(
        Event::action("get-certificate"),
        base_state().action_param("hostname", HOST),
        &mut cluster,
    );
    assert!(out.exit.is_ok());
    assert_eq!(
        out.state.action_failure.as_deref(),
        Some("Certificate relation not ready.")
    );
    assert!(out.state.action_results.is_empty());

    // Related, nothing issued.
    let (state, mut cluster) = related();
    let out = support::run(
        Event::action("get-certificate"),
        state.action_param("hostname", HOST),
        &mut cluster,
    );
    assert!(out.exit.is_ok());
    assert_eq!(
        out.state.action_failure,
        Some(format!("Missing or incomplete certificate data for {HOST}"))
    );
    assert!(out.state.action_results.is_empty());
}

#[test]
fn get_certificate_for_a_host_not_served_fails() {
    let (state, mut cluster, _) = provider_sends(|ca, csr| vec![issued(ca, csr, day(-1), day(89))]);
    let out = support::run(
        Event::action("get-certificate"),
        state.action_param("hostname", "other.example.com"),
        &mut cluster,
    );
    assert_eq!(
        out.state.action_failure.as_deref(),
        Some("Missing or incomplete certificate data for other.example.com")
    );
    assert!(out.state.action_results.is_empty());
}

#[test]
fn a_reissue_for_the_same_csr_updates_the_certificate_secret() {
    let ca = TestCa::new();
    let (state, mut cluster, csrs) =
        provider_sends(|ca, csr| vec![issued(ca, csr, day(-1), day(89))]);
    let before = certificate_secret(&state, &csrs[0]).unwrap().clone();
    let again = issued(&ca, &csrs[0], day(-2), day(178));
    let state = with_provider(state, vec![again.clone()]);
    let state = step(
        Event::relation_changed(state.get_relation(CERTS).unwrap(), None),
        state,
        &mut cluster,
    );
    let after = certificate_secret(&state, &csrs[0]).unwrap();
    assert_eq!(after.id, before.id);
    assert_eq!(
        after.latest_content().unwrap()["certificate"],
        again.certificate
    );
    let renew_at = charm_tls::Certificate::from_pem(&again.certificate)
        .unwrap()
        .renew_at();
    assert_eq!(after.expire, Some(charm_tls::plan::rfc3339(renew_at)));
    assert_ne!(after.expire, before.expire);
    assert_eq!(
        tls_secret(&cluster, HOST).map(|(crt, _)| crt),
        Some(format!("{}\n\n{}", again.certificate, ca.pem()))
    );
}

#[test]
fn a_key_under_the_pre_1_9_label_is_kept() {
    let mut cluster = cluster();
    let relation = certificates_relation();
    let mut state = base_state().relation(relation.clone());
    state.secrets = vec![key_secret().label(secret_label::legacy_private_key("certificates"))];
    let state = step(Event::relation_created(&relation), state, &mut cluster);
    assert_eq!(
        state.secrets,
        vec![key_secret().label(secret_label::legacy_private_key("certificates"))],
        "no new key"
    );
    let csrs = our_csrs(&state);
    assert!(csr(&csrs[0]).is_request_for(&CertificateTarget::Dns(HOST.into()), &key(), true));
}

#[test]
fn a_steady_state_hook_reads_the_key_once_and_writes_nothing() {
    let (state, mut cluster, _) = provider_sends(|ca, csr| vec![issued(ca, csr, day(-1), day(89))]);
    let out = support::run(Event::UpdateStatus, state.clone(), &mut cluster);
    assert!(out.exit.is_ok());
    let by_tool = out.calls.by_tool();
    // What TLS adds to gather's reads: the one key read.
    assert_eq!(by_tool.get("secret-get"), Some(&1));
    for tool in [
        "secret-add",
        "secret-set",
        "secret-info-get",
        "secret-remove",
        "relation-set",
    ] {
        assert_eq!(by_tool.get(tool), None, "{tool} in a steady-state hook");
    }
    assert_eq!(out.state.secrets, state.secrets);
    assert_eq!(out.state.relations, state.relations);
}
