//! The operator's Secret (`tls-secret-name`): a wildcard certificate serves the hostnames it
//! covers while another hostname gets a CSR; a missing or malformed Secret is Blocked with the
//! reason; the Secret is never modified.

use charm_cluster::{Kind, Verb};
use integrator_fixtures::ca::TestCa;
use integrator_fixtures::tls::{certificates_relation, key_secret, our_csrs};
use integrator_fixtures::{APP, cluster, leader_state, run, step, v1_requirer};
use juju_hook::{Event, Status};
use juju_hook_testing::EventExt;
use serde_json::json;

use crate::{ADDRESS, certificate, https_listeners, secrets, tls_secret};

#[test]
fn a_wildcard_secret_serves_two_hostnames_while_a_third_gets_a_csr() {
    let mut cluster = cluster();
    let ca = TestCa::new();
    cluster.insert(
        Kind::Secret,
        tls_secret("wildcard-tls", &certificate(&ca, "*.example.com")),
    );
    let theirs = cluster
        .object(Kind::Secret, "wildcard-tls")
        .unwrap()
        .clone();
    let certificates = certificates_relation();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", "www.example.com")
        .config("tls-secret-name", "wildcard-tls")
        .secret(key_secret())
        .relation(certificates.clone())
        .relation(v1_requirer(5, "shop.example.com"))
        .relation(v1_requirer(6, "shop.example.org"));
    let state = step(Event::relation_created(&certificates), state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let state = step(Event::UpdateStatus, state, &mut cluster);

    // One CSR: the hostname the wildcard does not cover.
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 1);
    assert_eq!(
        charm_tls::CertificateSigningRequest::from_pem(&csrs[0])
            .unwrap()
            .target(),
        Some(charm_tls::CertificateTarget::Dns("shop.example.org".into()))
    );
    assert_eq!(
        https_listeners(&cluster),
        [
            (
                format!("{APP}-https-shop-example-com"),
                "shop.example.com".to_owned(),
                "wildcard-tls".to_owned()
            ),
            (
                format!("{APP}-https-www-example-com"),
                "www.example.com".to_owned(),
                "wildcard-tls".to_owned()
            ),
        ]
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting(
            "Waiting for TLS certificates to be issued for: shop.example.org.".into()
        ))
    );
    // The operator's Secret: read once per hook (a GET), never written.
    assert_eq!(secrets(&cluster), ["wildcard-tls"]);
    assert_eq!(cluster.object(Kind::Secret, "wildcard-tls"), Some(&theirs));
    let secret_calls: Vec<_> = cluster
        .calls()
        .iter()
        .filter(|call| call.kind == Some(Kind::Secret) && call.verb != Verb::List)
        .map(|call| (call.verb, call.target.clone()))
        .collect();
    assert!(
        secret_calls
            .iter()
            .all(|(verb, target)| *verb == Verb::Get && target == "wildcard-tls"),
        "{secret_calls:?}"
    );
}

#[test]
fn a_missing_or_malformed_secret_is_blocked_with_the_reason() {
    let mut cluster = cluster();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", "www.example.com")
        .config("tls-secret-name", "wildcard-tls");
    let out = run(Event::ConfigChanged, state.clone(), &mut cluster);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Blocked(
            "tls-secret-name wildcard-tls: no such Secret in the model".into()
        ))
    );
    cluster.insert(
        Kind::Secret,
        json!({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
               "metadata": {"name": "wildcard-tls"}, "data": {}}),
    );
    let out = run(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Blocked(
            "tls-secret-name wildcard-tls: the Secret's type is \"Opaque\", not kubernetes.io/tls"
                .into()
        ))
    );
    // Blocked changes nothing: no Gateway was created.
    assert_eq!(cluster.names(Kind::Gateway), Vec::<&str>::new());
}
