//! The certificate sources on the real API server, through the compiled binary: cert-manager
//! mode (the annotation and listener references admitted, Waiting until the test — playing
//! cert-manager — creates the Secret, that Secret untouched after the option goes); a wildcard
//! `tls-secret-name` serving two hostnames while a third gets a CSR; subdomain routing.
//! Skipped loudly without the server (a failure with `KUBE_APISERVER_REQUIRED=1`).

use integrator_fixtures::ca::TestCa;
use integrator_fixtures::process::{ProcessHarness, http_state};
use integrator_fixtures::tls::{certificates_relation, key_secret, our_csrs};
use integrator_fixtures::{APP, ingress_relation, v1_requirer};
use juju_hook::{Event, Status};
use juju_hook_testing::EventExt;
use kube_test_env::Resource;
use serde_json::{Value, json};

use crate::{ADDRESS, certificate, tls_secret};

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

/// `tls_secret` in the harness's namespace, created as someone else would.
fn create_secret(h: &ProcessHarness, name: &str, certificate: &str) -> Value {
    let mut secret = tls_secret(name, certificate);
    secret["metadata"]["namespace"] = json!(h.namespace());
    h.ns()
        .create(Resource::SECRETS, &secret, "cert-manager")
        .expect("the Secret is created")
}

/// `(name, certificateRefs[0].name)` of each HTTPS listener.
fn https_listeners(h: &ProcessHarness) -> Vec<(String, String)> {
    let gateway = h.object(Resource::GATEWAYS, APP).expect("our Gateway");
    gateway["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["protocol"] == "HTTPS")
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_owned(),
                l["tls"]["certificateRefs"][0]["name"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect()
}

#[test]
fn cert_manager_mode_on_the_real_server() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let host = "www.example.com";
    let secret = format!("{APP}-cert-manager-{host}");
    let relation = ingress_relation(8080);
    let state = http_state()
        .config("enforce-https", true)
        .config("external-hostname", host)
        .config("cert-manager-issuer", "ClusterIssuer/letsencrypt")
        .relation(relation.clone());
    let state = h.step(&Event::ConfigChanged, state);
    h.set_gateway_address(ADDRESS);
    let state = h.step(&Event::relation_changed(&relation, None), state);
    let gateway = h.object(Resource::GATEWAYS, APP).unwrap();
    assert_eq!(
        gateway["metadata"]["annotations"]["cert-manager.io/cluster-issuer"],
        "letsencrypt"
    );
    assert_eq!(
        https_listeners(&h),
        [(format!("{APP}-https-www-example-com"), secret.clone())]
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting(format!(
            "Waiting for cert-manager to issue: {secret}."
        )))
    );

    // cert-manager creates its Secret.
    let created = create_secret(&h, &secret, &certificate(&TestCa::new(), host));
    let state = h.step(&Event::UpdateStatus, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!("Gateway addresses: {ADDRESS}")))
    );

    // The option goes: no HTTPS listener; cert-manager's Secret exactly as it was.
    let mut state = state;
    state.config.remove("cert-manager-issuer");
    h.step(&Event::ConfigChanged, state.config("enforce-https", false));
    assert_eq!(https_listeners(&h), []);
    let after = h.object(Resource::SECRETS, &secret).expect("still there");
    assert_eq!(
        after["metadata"]["resourceVersion"],
        created["metadata"]["resourceVersion"]
    );
}

#[test]
fn a_wildcard_secret_and_a_csr_on_the_real_server() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let created = create_secret(
        &h,
        "wildcard-tls",
        &certificate(&TestCa::new(), "*.example.com"),
    );
    let certificates = certificates_relation();
    let state = http_state()
        .config("enforce-https", true)
        .config("external-hostname", "www.example.com")
        .config("tls-secret-name", "wildcard-tls")
        .secret(key_secret())
        .relation(certificates.clone())
        .relation(v1_requirer(5, "shop.example.com"))
        .relation(v1_requirer(6, "shop.example.org"));
    let state = h.step(&Event::relation_created(&certificates), state);
    h.set_gateway_address(ADDRESS);
    let state = h.step(&Event::UpdateStatus, state);
    assert_eq!(our_csrs(&state).len(), 1, "a CSR for shop.example.org only");
    assert_eq!(
        https_listeners(&h),
        [
            (
                format!("{APP}-https-shop-example-com"),
                "wildcard-tls".to_owned()
            ),
            (
                format!("{APP}-https-www-example-com"),
                "wildcard-tls".to_owned()
            ),
        ]
    );
    let after = h.object(Resource::SECRETS, "wildcard-tls").unwrap();
    assert_eq!(
        after["metadata"]["resourceVersion"],
        created["metadata"]["resourceVersion"]
    );
}

#[test]
fn subdomain_routing_on_the_real_server() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let relation = ingress_relation(8080);
    let state = http_state()
        .config("external-hostname", "example.com")
        .config("routing-mode", "subdomain")
        .relation(relation.clone());
    let state = h.step(&Event::ConfigChanged, state);
    h.set_gateway_address(ADDRESS);
    let state = h.step(&Event::relation_changed(&relation, None), state);
    let host = format!("{}-flask.example.com", h.namespace());
    assert_eq!(
        state.get_relation(3).unwrap().local_app_data["ingress"],
        format!("{{\"url\": \"http://{host}/\"}}")
    );
    let dashed = host.replace('.', "-");
    assert_eq!(
        h.listeners(),
        [
            format!("{APP}-http-example-com"),
            format!("{APP}-http-{dashed}")
        ]
    );
    let route = h
        .object(Resource::HTTPROUTES, &format!("{APP}-flask-3-http"))
        .unwrap();
    assert_eq!(route["spec"]["hostnames"], json!([host]));
}
