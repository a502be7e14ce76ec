//! Fault injection over HTTP: the compiled binary against a real kube-apiserver behind
//! `kube-test-env`'s fault proxy, with each fault (status codes, an answer slower than the
//! client timeout, a dropped connection) at each request of a gateway relation-changed hook,
//! plus a refused connection. Asserts the exit code, the status, that foreign objects are
//! untouched (byte for byte), and that a fault-free retry converges to the objects and
//! databags of a run that never failed. One test per fault, each over every request position,
//! so the two test threads share the matrix.

use integrator_fixtures::process as process_support;

use std::sync::OnceLock;
use std::time::Duration;

use integrator_fixtures::{APP, ingress_relation, leader_state};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, State};
use kube_test_env::{FaultAction, FaultMatch, FaultRule, RecordedRequest};
use process_support::{ADDRESS, ProcessHarness, call, http_state};
use serde_json::Value;

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

/// Deploy the integrator in `harness` (Gateway with an address) beside two foreign Services;
/// the state after `install`.
fn deploy(harness: &ProcessHarness) -> State {
    harness.seed_foreign_objects();
    let state = harness.step(&Event::Install, http_state());
    let state = harness.step(&Event::ConfigChanged, state);
    harness.set_gateway_address(ADDRESS);
    state
}

fn event() -> Event {
    Event::relation_changed(&ingress_relation(8080), Some("flask/0"))
}

/// The fault-free run every faulted one is compared with.
struct Reference {
    /// The state before the hook.
    before: State,
    /// The state after it.
    after: State,
    /// The requests it sent.
    requests: Vec<RecordedRequest>,
    /// Our objects after it (comparable across namespaces).
    objects: Vec<Value>,
}

/// The reference run, made once per test binary; `None` when the tier is skipped.
fn reference() -> Option<&'static Reference> {
    static REFERENCE: OnceLock<Option<Reference>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| {
            let harness = ProcessHarness::start(DISPATCH)?;
            let deployed = deploy(&harness);
            let before = harness
                .step(&Event::UpdateStatus, deployed)
                .relation(ingress_relation(8080));
            harness.take_requests();
            let after = harness.step(&event(), before.clone());
            let requests = harness.take_requests();
            // LIST GatewayClasses and our Gateway (its record names only itself), then the kinds
            // the plan wants objects of, then one PATCH each for the Gateway (its record grows)
            // and the new Service and HTTPRoute: the LISTs show every name taken, so no GET is
            // needed.
            let calls: Vec<String> = requests
                .iter()
                .map(|r| {
                    let (verb, plural, name) = call(r);
                    format!(
                        "{verb} {plural}{}",
                        name.map(|n| format!("/{n}")).unwrap_or_default()
                    )
                })
                .collect();
            let (service, route) = (
                format!("{APP}-flask-service"),
                format!("{APP}-flask-3-http"),
            );
            assert_eq!(
                calls,
                [
                    "LIST gatewayclasses".to_owned(),
                    "LIST gateways".to_owned(),
                    "LIST httproutes".to_owned(),
                    "LIST services".to_owned(),
                    format!("PATCH gateways/{APP}"),
                    format!("PATCH services/{service}"),
                    format!("PATCH httproutes/{route}"),
                ]
            );
            let objects = harness.comparable_objects();
            let neutral = |mut state: State| {
                state.relations = harness.model_neutral(&state.relations);
                state
            };
            Some(Reference {
                before: neutral(before),
                after: neutral(after),
                requests,
                objects,
            })
        })
        .as_ref()
}

/// Fault `name` at every request position of the reference hook, then a fault-free retry.
///
/// `at_once` positions run side by side (each in its own namespace): the slow answer's cases
/// spend most of their time waiting out the client timeout.
fn every_position(name: &str, action: &FaultAction, at_once: usize) {
    let Some(reference) = reference() else {
        return;
    };
    let positions: Vec<usize> = (0..reference.requests.len()).collect();
    for chunk in positions.chunks(at_once) {
        std::thread::scope(|scope| {
            for &position in chunk {
                scope.spawn(move || one_position(name, action, reference, position));
            }
        });
    }
}

/// Fault `name` at request `position` of the reference hook, then a fault-free retry.
fn one_position(name: &str, action: &FaultAction, reference: &Reference, position: usize) {
    let request = &reference.requests[position];
    let case = format!(
        "request {position} ({} {}) {name}",
        request.method, request.path
    );
    // The same objects as the reference's (its Juju state is reused: update-status wrote
    // nothing to the cluster).
    let harness = ProcessHarness::start(DISPATCH).expect("the server ran the reference");
    deploy(&harness);
    let foreign = harness.foreign_objects();
    harness.take_requests();
    harness.inject(FaultRule::once(FaultMatch::Index(position), action.clone()));
    let out = harness.run(&event(), reference.before.clone());
    let (status, exit) = expectation(name, request, &reference.after);
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
            harness.model_neutral(&out.state.relations),
            reference.before.relations,
            "{case}: relation writes discarded"
        );
    }
    assert_eq!(
        harness.foreign_objects(),
        foreign,
        "{case}: foreign objects touched"
    );
    let retry = harness.run(&event(), out.state);
    assert_eq!(
        retry.exit_code,
        Some(0),
        "{case}: retry failed: {}",
        retry.stderr
    );
    assert_eq!(
        retry.state.unit_status, reference.after.unit_status,
        "{case}: status after retry"
    );
    assert_eq!(
        harness.model_neutral(&retry.state.relations),
        reference.after.relations,
        "{case}: databags after retry"
    );
    assert_eq!(
        harness.comparable_objects(),
        reference.objects,
        "{case}: objects after retry"
    );
    assert_eq!(
        harness.foreign_objects(),
        foreign,
        "{case}: foreign objects touched"
    );
}

macro_rules! fault_tests {
    ($($test:ident: $name:literal => $action:expr, $at_once:literal;)*) => {$(
        #[test]
        fn $test() {
            every_position($name, &$action, $at_once);
        }
    )*};
}

fault_tests! {
    status_401_at_every_request: "401" => FaultAction::Status(401), 1;
    status_403_at_every_request: "403" => FaultAction::Status(403), 1;
    status_404_at_every_request: "404" => FaultAction::Status(404), 1;
    status_409_at_every_request: "409" => FaultAction::Status(409), 1;
    status_422_at_every_request: "422" => FaultAction::Status(422), 1;
    status_429_at_every_request: "429" => FaultAction::Status(429), 1;
    status_500_at_every_request: "500" => FaultAction::Status(500), 1;
    status_503_at_every_request: "503" => FaultAction::Status(503), 1;
    slow_answer_at_every_request: "slow" => FaultAction::Slow(Duration::from_millis(4000)), 3;
    closed_connection_at_every_request: "closed" => FaultAction::Close, 1;
}

/// What the status must be after a faulted hook.
enum Expected {
    Exactly(Status),
    MaintenanceStartingWith(String),
}

/// The status and exit code for fault `name` on `request`; `reference` is the fault-free run.
fn expectation(name: &str, request: &RecordedRequest, reference: &State) -> (Expected, i32) {
    let (verb, plural, object) = call(request);
    let target = match object {
        Some(object) => format!("{plural}/{object}"),
        None => plural.clone(),
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
        "404"
            if !matches!(
                plural.as_str(),
                "gatewayclasses" | "gateways" | "httproutes"
            ) =>
        {
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

/// No server at all: nothing listens on the kubeconfig's port (runs without the real server).
#[test]
fn a_refused_connection_exits_non_zero_and_says_the_api_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    let port = {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        listener.local_addr().unwrap().port()
    }; // closed: nothing listens on that port any more
    let config = kube_test_env::kubeconfig::kubeconfig(
        &format!("http://127.0.0.1:{port}"),
        None,
        None,
        integrator_fixtures::MODEL,
    );
    kube_test_env::kubeconfig::write(&kubeconfig, &config).unwrap();
    let context = juju_hook_testing::Context::new(integrator_fixtures::charm_dir()).unwrap();
    let runner = juju_hook_testing::ProcessRunner::new(DISPATCH, context)
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
