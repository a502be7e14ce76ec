//! Fault injection over HTTP: the compiled binary against the apiserver stand-in, with each
//! fault (status codes, an answer slower than the client timeout, a dropped connection) at each
//! request of a gateway relation-changed hook, plus a refused connection. Asserts the exit code,
//! the status, that foreign objects are untouched, and that a fault-free retry converges to the
//! objects and databags of a run that never failed.

use integrator_fixtures::process as process_support;

use std::time::Duration;

use apiserver_standin::{FaultAction, FaultMatch, FaultRule, RecordedRequest, Store};
use integrator_fixtures::{APP, MODEL, ingress_relation, leader_state};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, State};
use process_support::ProcessHarness;
use serde_json::Value;

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

/// A deployed integrator (Gateway with an address) with two foreign Services, and the state
/// before the gateway relation-changed hook.
fn deployed() -> (Store, State) {
    let harness = ProcessHarness::with_binary(DISPATCH);
    harness.seed_foreign_objects();
    harness.standin.set_gateway_address(MODEL, APP, "10.0.0.7");
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let state = harness.step(&Event::Install, state);
    let state = harness.step(&Event::UpdateStatus, state);
    (harness.store(), state.relation(ingress_relation(8080)))
}

/// Our objects as stored, without the fields the server assigns.
fn managed_objects(harness: &ProcessHarness) -> Vec<Value> {
    let mut objects = Vec::new();
    for plural in ["gateways", "httproutes", "services", "secrets"] {
        for name in harness.names(plural) {
            let mut object = harness.object(plural, &name).expect("listed");
            if let Some(metadata) = object["metadata"].as_object_mut() {
                for field in [
                    "uid",
                    "resourceVersion",
                    "generation",
                    "managedFields",
                    "creationTimestamp",
                ] {
                    metadata.remove(field);
                }
            }
            objects.push(object);
        }
    }
    objects
}

const FAULTS: [(&str, FaultAction); 10] = [
    ("401", FaultAction::Status(401)),
    ("403", FaultAction::Status(403)),
    ("404", FaultAction::Status(404)),
    ("409", FaultAction::Status(409)),
    ("422", FaultAction::Status(422)),
    ("429", FaultAction::Status(429)),
    ("500", FaultAction::Status(500)),
    ("503", FaultAction::Status(503)),
    ("slow", FaultAction::Slow(Duration::from_millis(4000))),
    ("closed", FaultAction::Close),
];

#[test]
fn every_fault_at_every_request_of_a_relation_changed_hook() {
    let (store, state) = deployed();
    let event = Event::relation_changed(&ingress_relation(8080), Some("flask/0"));

    let reference = ProcessHarness::with_binary_and_store(DISPATCH, store.clone());
    let foreign = reference.foreign_objects();
    let expected = reference.step(&event, state.clone());
    let requests = reference.take_requests();
    // LIST GatewayClasses and our five kinds, then GET+PATCH the Service and the HTTPRoute.
    assert_eq!(requests.len(), 10);
    let expected_objects = managed_objects(&reference);

    for (position, request) in requests.iter().enumerate() {
        for (name, action) in &FAULTS {
            let case = format!(
                "request {position} ({} {}) {name}",
                request.method, request.path
            );
            let harness = ProcessHarness::with_binary_and_store(DISPATCH, store.clone());
            harness
                .standin
                .inject(FaultRule::once(FaultMatch::Index(position), action.clone()));
            let out = harness.run(&event, state.clone());
            let (status, exit) = expectation(name, request, &expected);
            assert_eq!(
                out.exit_code,
                Some(exit),
                "{case}: exit; stderr: {}",
                out.stderr
            );
            match &status {
                Expected::Exactly(status) => {
                    assert_eq!(out.state.unit_status.as_ref(), Some(status), "{case}")
                }
                Expected::MaintenanceStartingWith(prefix) => assert!(
                    matches!(&out.state.unit_status, Some(Status::Maintenance(m)) if m.starts_with(prefix.as_str())),
                    "{case}: status {:?} does not start with {prefix:?}",
                    out.state.unit_status
                ),
            }
            if exit != 0 {
                assert!(
                    out.stderr
                        .starts_with("gateway-api-integrator: Kubernetes API call failed: "),
                    "{case}: stderr {}",
                    out.stderr
                );
                assert_eq!(
                    out.state.relations, state.relations,
                    "{case}: relation writes discarded"
                );
            }
            assert_eq!(
                harness.foreign_objects(),
                foreign,
                "{case}: foreign objects touched"
            );
            harness.take_requests();
            let retry = harness.run(&event, out.state);
            assert_eq!(
                retry.exit_code,
                Some(0),
                "{case}: retry failed: {}",
                retry.stderr
            );
            assert_eq!(
                retry.state.unit_status, expected.unit_status,
                "{case}: status after retry"
            );
            assert_eq!(
                retry.state.relations, expected.relations,
                "{case}: databags after retry"
            );
            assert_eq!(
                managed_objects(&harness),
                expected_objects,
                "{case}: objects after retry"
            );
            assert_eq!(
                harness.foreign_objects(),
                foreign,
                "{case}: foreign objects touched"
            );
        }
    }
}

/// What the status must be after a faulted hook.
enum Expected {
    Exactly(Status),
    MaintenanceStartingWith(String),
}

/// The status and exit code for fault `name` on `request`; `reference` is the fault-free run.
fn expectation(name: &str, request: &RecordedRequest, reference: &State) -> (Expected, i32) {
    let route = apiserver_standin::api::route(&request.path).expect("a served path");
    let plural = route.resource.plural;
    let target = match route.name {
        Some(object) => format!("{plural}/{object}"),
        None => plural.to_owned(),
    };
    let verb = match (request.method.as_str(), route.name) {
        ("GET", None) => "LIST",
        (method, _) => method,
    };
    let call = format!("{verb} {target}");
    let retrying = |what: &str| {
        Expected::MaintenanceStartingWith(format!(
            "Kubernetes API unavailable, retrying: {what} ({call})"
        ))
    };
    let failed = |what: &str| {
        Expected::MaintenanceStartingWith(format!("Kubernetes API error: {what} ({call})"))
    };
    match name {
        "403" => (
            Expected::Exactly(Status::Blocked(
                gateway_api_integrator::plan::insufficient_permissions(APP),
            )),
            0,
        ),
        // A 404 on GET of one object means "absent": the charm creates it and carries on.
        "404" if verb == "GET" => (
            Expected::Exactly(reference.unit_status.clone().expect("a status")),
            0,
        ),
        // A 404 on a core collection is no missing CRD: unexpected, retried.
        "404" if !matches!(plural, "gatewayclasses" | "gateways" | "httproutes") => {
            (failed("not found"), 1)
        }
        "404" => (
            Expected::Exactly(Status::Blocked(format!(
                "Gateway API not found in the cluster ({target}): install the Gateway API CRDs and a Gateway controller"
            ))),
            0,
        ),
        "401" => (failed("unauthorized"), 1),
        "409" => (failed("conflict"), 1),
        "422" => (failed("invalid object"), 1),
        "429" => (retrying("too many requests"), 1),
        "500" => (retrying("server error 500"), 1),
        "503" => (retrying("server error 503"), 1),
        "slow" => (
            Expected::Exactly(Status::Maintenance(format!(
                "Kubernetes API unavailable, retrying: timed out ({call})"
            ))),
            1,
        ),
        "closed" => (retrying("cannot reach the Kubernetes API"), 1),
        other => panic!("no expectation for {other}"),
    }
}

#[test]
fn a_refused_connection_exits_non_zero_and_says_the_api_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    {
        let standin = apiserver_standin::StandIn::start().unwrap();
        standin.write_kubeconfig(&kubeconfig, MODEL).unwrap();
    } // stopped: nothing listens on its port any more
    let context = juju_hook_testing::Context::new(integrator_fixtures::charm_dir()).unwrap();
    let runner = juju_hook_testing::ProcessRunner::new(
        env!("CARGO_BIN_EXE_gateway-api-integrator"),
        context,
    )
    .fake_tool(juju_hook_testing::fake_hook_tool_path().unwrap())
    .env("KUBECONFIG", kubeconfig.to_string_lossy());
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let out = runner.run(&Event::ConfigChanged, state).unwrap();
    assert_eq!(out.exit_code, Some(1), "stderr: {}", out.stderr);
    assert!(
        matches!(&out.state.unit_status, Some(Status::Maintenance(m))
            if m.starts_with("Kubernetes API unavailable, retrying: cannot reach the Kubernetes API (LIST gatewayclasses)")),
        "{:?}",
        out.state.unit_status
    );
}
