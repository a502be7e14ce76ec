//! On the real API server, through the compiled binary: the full example's objects are
//! admitted — routes beside the Gateway, the ReferenceGrant in the requirer's own namespace —
//! and a broken relation deletes them in both namespaces. Skipped loudly without the server (a
//! failure with `KUBE_APISERVER_REQUIRED=1`).

use integrator_fixtures::APP;
use integrator_fixtures::admission::DryRun;
use integrator_fixtures::process::ProcessHarness;
use integrator_fixtures::tls::key_secret;
use juju_hook::Event;
use juju_hook_testing::{EventExt, databag};
use kube_test_env::Resource;
use serde_json::json;

use crate::{ISTIO, deployed, full_example, istio, relate, with_certificate};

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

const GRPCROUTES: Resource = Resource::new("gateway.networking.k8s.io/v1", "grpcroutes");
const REFERENCEGRANTS: Resource =
    Resource::new("gateway.networking.k8s.io/v1beta1", "referencegrants");

#[test]
fn the_full_example_is_admitted_in_two_namespaces_and_removed_from_both() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let Some(theirs) = kube_test_env::fresh_namespace("their-model") else {
        return;
    };
    let mut config = full_example();
    config["model"] = json!(theirs.name());
    let relation = istio(ISTIO, "myapp", &config);
    let state = h.deploy_http().relation(relation.clone());
    let state = h.step(&Event::relation_changed(&relation, None), state);

    let answer = &state.get_relation(ISTIO).unwrap().local_app_data;
    assert_eq!(
        answer,
        &databag([("external_host", "10.0.0.7"), ("tls_enabled", "False")])
    );
    assert_eq!(
        h.names(Resource::HTTPROUTES),
        [format!("{APP}-myapp-5-http-route")]
    );
    assert_eq!(h.names(GRPCROUTES), [format!("{APP}-myapp-5-grpc-route")]);
    let grant_name = format!("{APP}-{}-5", h.namespace());
    let grant = theirs
        .get(REFERENCEGRANTS, &grant_name)
        .unwrap()
        .expect("the grant in the requirer's namespace");
    assert_eq!(
        grant["spec"]["to"],
        json!([{"group": "", "kind": "Service", "name": "myapp"}])
    );
    // The route references the Service in the requirer's namespace.
    let route = h
        .object(Resource::HTTPROUTES, &format!("{APP}-myapp-5-http-route"))
        .unwrap();
    assert_eq!(
        route["spec"]["rules"][0]["backendRefs"][0]["namespace"],
        json!(theirs.name())
    );
    assert_eq!(
        h.listeners(),
        [
            format!("{APP}-http"),
            format!("{APP}-http-3200"),
            format!("{APP}-http-9096")
        ]
    );

    // Broken: gone from both namespaces, the listeners with them.
    let state = h.step(&Event::relation_broken(&relation), state);
    assert_eq!(h.names(Resource::HTTPROUTES), Vec::<String>::new());
    assert_eq!(h.names(GRPCROUTES), Vec::<String>::new());
    assert_eq!(theirs.get(REFERENCEGRANTS, &grant_name).unwrap(), None);
    assert_eq!(h.listeners(), [format!("{APP}-http")]);
    drop(state);
}

#[test]
fn every_object_with_tls_off_and_on_is_admitted() {
    let Some(mut server) = DryRun::start("admission-istio") else {
        return;
    };
    let (state, mut cluster) = deployed();
    let state = relate(
        state.secret(key_secret()),
        istio(ISTIO, "myapp", &full_example()),
        &mut cluster,
    );
    // Gateway, HTTPRoute, GRPCRoute (the grant is in the requirer's namespace: above).
    assert_eq!(server.check_stored("plain HTTP", &cluster), 3);
    with_certificate(state, &mut cluster);
    // And the TLS Secret, the Gateway's HTTPS listeners referring to it.
    assert_eq!(server.check_stored("TLS", &cluster), 4);
    server.assert_admitted(7);
}
