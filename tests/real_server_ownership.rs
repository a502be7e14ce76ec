//! Ownership on the real API server, through the compiled binary: an unlabelled object with a
//! name the charm wants is never modified or deleted. The hook ends Blocked with
//! `<Kind> <name> exists but is not managed by <app>: delete or rename it`, exits 0, and the
//! object is byte for byte what it was. Skipped loudly without the server (a failure with
//! `KUBE_APISERVER_REQUIRED=1`).

use integrator_fixtures::process::{ProcessHarness, http_state, writes};
use integrator_fixtures::{APP, ingress_relation};
use juju_hook::{Event, Status};
use juju_hook_testing::EventExt;
use kube_test_env::Resource;
use serde_json::json;

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

fn not_ours(kind: &str, name: &str) -> Option<Status> {
    Some(Status::Blocked(format!(
        "{kind} {name} exists but is not managed by {APP}: delete or rename it"
    )))
}

#[test]
fn an_unlabelled_gateway_with_our_name_blocks_and_is_left_alone() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let theirs = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": APP, "labels": {"team": "web"}},
        "spec": {"gatewayClassName": "theirs",
                 "listeners": [{"name": "web", "port": 8080, "protocol": "HTTP"}]}});
    harness
        .ns()
        .create(Resource::GATEWAYS, &theirs, "kubectl-create")
        .unwrap();
    let before = harness.raw(Resource::GATEWAYS, APP);

    let out = harness.run(&Event::ConfigChanged, http_state());

    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.state.unit_status, not_ours("Gateway", APP));
    assert_eq!(harness.raw(Resource::GATEWAYS, APP), before);
    // It was only read: no write of any kind reached the server.
    assert_eq!(writes(&harness.take_requests()), Vec::<String>::new());
    assert_eq!(harness.labelled(), Vec::<(String, String)>::new());
}

#[test]
fn an_unlabelled_service_with_our_name_blocks_and_is_left_alone() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let service = format!("{APP}-flask-service");
    harness
        .ns()
        .create(
            Resource::SERVICES,
            &json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": service},
                    "spec": {"ports": [{"port": 80}]}}),
            "kubectl",
        )
        .unwrap();
    let before = harness.raw(Resource::SERVICES, &service);
    let relation = ingress_relation(8080);
    let state = harness.deploy_http().relation(relation.clone());
    harness.take_requests();

    let out = harness.run(&Event::relation_changed(&relation, None), state);

    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.state.unit_status, not_ours("Service", &service));
    assert_eq!(harness.raw(Resource::SERVICES, &service), before);
    // Nothing else was written either: the HTTPRoute comes after the Service it routes to.
    assert_eq!(writes(&harness.take_requests()), Vec::<String>::new());
    assert_eq!(
        harness.labelled(),
        vec![("gateways".to_owned(), APP.to_owned())]
    );
}
