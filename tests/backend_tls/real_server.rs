//! Backend TLS on the real API server, through the compiled binary: the h2c and https Services,
//! the BackendTLSPolicy (v1 schema and CEL rules) with the CA ConfigMap from the real library's
//! bag, admitted as sent; the CA relation broken (ConfigMap deleted, policy on the system
//! roots), then the scheme back to http (policy deleted). Skipped loudly without the server (a
//! failure with `KUBE_APISERVER_REQUIRED=1`).

use integrator_fixtures::APP;
use integrator_fixtures::process::{ProcessHarness, http_state};
use juju_hook::{Event, Status};
use juju_hook_testing::EventExt;
use kube_test_env::Resource;
use serde_json::{Value, json};

use crate::{
    ADDRESS, CA, CA_CONFIG_MAP, INGRESS, POLICY, SERVICE, app, bundle, ca_relation, golden,
};

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

const POLICIES: Resource = Resource::new("gateway.networking.k8s.io/v1", "backendtlspolicies");
const CONFIG_MAPS: Resource = Resource::new("v1", "configmaps");

/// The policy's `spec` validating `flask` in the harness's namespace with `validation`.
fn spec(h: &ProcessHarness, validation: Value) -> Value {
    let mut validation = validation;
    validation["hostname"] = json!(format!("flask.{}.svc.cluster.local", h.namespace()));
    json!({
        "targetRefs": [{"group": "", "kind": "Service", "name": SERVICE, "sectionName": "tcp-8443"}],
        "validation": validation,
    })
}

fn active() -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
    )))
}

#[test]
fn backend_tls_objects_are_admitted_and_really_removed() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let recorded = golden("provide-v1");
    let ca = ca_relation(CA, &recorded);
    let https = app(INGRESS, "flask", Some("https"));
    let h2c = app(INGRESS + 1, "blog", Some("h2c"));
    let state = h.step(&Event::ConfigChanged, http_state());
    h.set_gateway_address(ADDRESS);
    let mut state = state;
    for relation in [https.clone(), h2c, ca.clone()] {
        state = state.relation(relation.clone());
        state = h.step(&Event::relation_changed(&relation, None), state);
    }
    assert_eq!(state.unit_status, active());

    // Admitted exactly as sent.
    let service = h.object(Resource::SERVICES, SERVICE).expect("the Service");
    assert_eq!(service["spec"]["ports"][0]["appProtocol"], "https");
    let blog = h
        .object(Resource::SERVICES, "gateway-api-integrator-blog-service")
        .expect("blog's Service");
    assert_eq!(blog["spec"]["ports"][0]["appProtocol"], "kubernetes.io/h2c");
    let policy = h.object(POLICIES, POLICY).expect("the BackendTLSPolicy");
    let ca_ref =
        json!({"caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": CA_CONFIG_MAP}]});
    assert_eq!(policy["spec"], spec(&h, ca_ref));
    let config_map = h.object(CONFIG_MAPS, CA_CONFIG_MAP).expect("the ConfigMap");
    assert_eq!(
        config_map["data"],
        json!({"ca.crt": bundle(&recorded.read)})
    );
    assert_eq!(
        config_map["metadata"]["labels"]["gateway-api-integrator.charm.juju.is/managed-by"],
        APP
    );

    // The CA relation broken: the ConfigMap goes, the policy validates with the system roots.
    let state = h.step(&Event::relation_broken(&ca), state);
    let mut state = state;
    state.relations.retain(|r| r.id != CA);
    assert_eq!(state.unit_status, active());
    assert_eq!(h.object(CONFIG_MAPS, CA_CONFIG_MAP), None);
    let policy = h.object(POLICIES, POLICY).expect("the BackendTLSPolicy");
    assert_eq!(
        policy["spec"],
        spec(&h, json!({"wellKnownCACertificates": "System"}))
    );

    // Back to http: the policy goes, and the Service port loses its appProtocol.
    state.relations.retain(|r| r.id != INGRESS);
    let http = app(INGRESS, "flask", None);
    let state = state.relation(http.clone());
    let state = h.step(&Event::relation_changed(&http, None), state);
    assert_eq!(state.unit_status, active());
    assert_eq!(h.object(POLICIES, POLICY), None);
    let service = h.object(Resource::SERVICES, SERVICE).expect("the Service");
    assert_eq!(service["spec"]["ports"][0].get("appProtocol"), None);
}
