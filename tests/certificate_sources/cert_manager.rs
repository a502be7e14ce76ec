//! cert-manager issues the hostnames' certificates: the Gateway's annotation, listeners
//! referring to the Secrets it will create, Waiting (not Blocked on the refused references)
//! until they exist, then Active; its Secrets are never touched, also after the option goes.

use charm_cluster::{Kind, Verb};
use gateway_api_integrator::gather::KINDS_ANNOTATION as KINDS;
use integrator_fixtures::ca::TestCa;
use integrator_fixtures::{APP, cluster, ingress_relation, leader_state, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, databag};
use serde_json::json;

use crate::{ADDRESS, certificate, gateway_annotations, https_listeners, secrets, tls_secret};

const HOST: &str = "www.example.com";

fn secret_name() -> String {
    format!("{APP}-cert-manager-{HOST}")
}

#[test]
fn cert_manager_serves_once_its_secret_exists_and_its_secret_is_never_touched() {
    let mut cluster = cluster();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", HOST)
        .config("cert-manager-issuer", "ClusterIssuer/letsencrypt");
    // HTTPS is enforced and there is no certificates relation: cert-manager is enough.
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let relation = ingress_relation(8080);
    let state = state.relation(relation.clone());
    let state = step(
        Event::relation_changed(&relation, None),
        state,
        &mut cluster,
    );

    assert_eq!(
        gateway_annotations(&cluster),
        json!({
            "cert-manager.io/cluster-issuer": "letsencrypt",
            KINDS: "Gateway,HTTPRoute,Service",
        })
    );
    assert_eq!(
        https_listeners(&cluster),
        [(
            format!("{APP}-https-www-example-com"),
            HOST.to_owned(),
            secret_name()
        )]
    );
    assert_eq!(
        secrets(&cluster),
        Vec::<String>::new(),
        "the charm writes no Secret"
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting(format!(
            "Waiting for cert-manager to issue: {}.",
            secret_name()
        )))
    );
    assert_eq!(
        state.get_relation(3).unwrap().local_app_data,
        databag([(
            "ingress",
            format!("{{\"url\": \"https://{HOST}/testing-flask\"}}")
        )])
    );

    // Meanwhile the controller refuses the listener's certificate reference: expected, so
    // still Waiting for cert-manager, not Blocked.
    let generation = 1;
    let refused = json!({"type": "ResolvedRefs", "status": "False",
        "reason": "InvalidCertificateRef", "message": "Secret not found",
        "observedGeneration": generation, "lastTransitionTime": "2026-12-02T00:00:00Z"});
    cluster.set_status(
        Kind::Gateway,
        APP,
        json!({"listeners": [{"name": format!("{APP}-https-www-example-com"),
                              "attachedRoutes": 1, "supportedKinds": [],
                              "conditions": [refused]}]}),
    );
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert!(
        matches!(&state.unit_status, Some(Status::Waiting(m)) if m.starts_with("Waiting for cert-manager")),
        "{:?}",
        state.unit_status
    );

    // cert-manager creates the Secret, the controller programs the listener: Active.
    let ca = TestCa::new();
    cluster.insert(
        Kind::Secret,
        tls_secret(&secret_name(), &certificate(&ca, HOST)),
    );
    let theirs = cluster
        .object(Kind::Secret, &secret_name())
        .unwrap()
        .clone();
    cluster.set_status(Kind::Gateway, APP, json!({"listeners": []}));
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!("Gateway addresses: {ADDRESS}")))
    );

    // The option goes (plain HTTP now): the listener goes, cert-manager's Secret stays as it is.
    let mut state = state;
    state.config.remove("cert-manager-issuer");
    let from = cluster.calls().len();
    step(
        Event::ConfigChanged,
        state.config("enforce-https", false),
        &mut cluster,
    );
    assert_eq!(https_listeners(&cluster), []);
    assert_eq!(
        gateway_annotations(&cluster),
        json!({KINDS: "Gateway,HTTPRoute,Service"})
    );
    assert_eq!(cluster.object(Kind::Secret, &secret_name()), Some(&theirs));
    assert!(
        cluster.calls()[from..]
            .iter()
            .all(|call| call.kind != Some(Kind::Secret) || call.verb == Verb::List),
        "no request about a Secret but the LIST"
    );
}

#[test]
fn with_the_relation_too_cert_manager_serves_the_hostnames_and_the_status_says_so() {
    let mut cluster = cluster();
    let certificates = integrator_fixtures::tls::certificates_relation();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", HOST)
        .config("cert-manager-issuer", "Issuer/ca-issuer")
        .secret(integrator_fixtures::tls::key_secret())
        .relation(certificates.clone());
    let state = step(Event::relation_created(&certificates), state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let ca = TestCa::new();
    cluster.insert(
        Kind::Secret,
        tls_secret(&secret_name(), &certificate(&ca, HOST)),
    );
    let state = step(Event::UpdateStatus, state, &mut cluster);
    // No CSR: cert-manager serves the only hostname.
    assert_eq!(
        integrator_fixtures::tls::our_csrs(&state),
        Vec::<String>::new()
    );
    assert_eq!(
        gateway_annotations(&cluster),
        json!({"cert-manager.io/issuer": "ca-issuer", KINDS: "Gateway"})
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS}; hostnames' certificates from cert-manager Issuer/ca-issuer, not the certificates relation"
        )))
    );
}
