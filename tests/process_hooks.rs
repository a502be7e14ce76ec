//! The compiled `dispatch` binary, run as Juju runs it: one process per hook, hook tools on
//! `PATH` (faked over a state file), the Kubernetes API a real kube-apiserver behind
//! `kube-test-env`'s fault proxy, in a fresh namespace per test. One test per hook family,
//! asserting exit codes, statuses, databags, the requests sent and the objects stored. Without
//! the server each test returns early after one `SKIPPED real-apiserver tier` line (a failure
//! with `KUBE_APISERVER_REQUIRED=1`, as in CI).

use integrator_fixtures::process as process_support;

use integrator_fixtures::{APP, ingress_relation, leader_state};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, Secret, SecretOwnership, State, databag};
use kube_test_env::{FaultAction, FaultMatch, FaultRule, Resource};
use process_support::{MANAGED_BY, ProcessHarness, http_state, writes};
use serde_json::json;

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

const ACTIVE: &str = "Gateway addresses: 10.0.0.7 (enforce-https is set to false)";

fn active() -> Option<Status> {
    Some(Status::Active(ACTIVE.into()))
}

/// Deploy (`install`, then the `config-changed` Juju runs after it), and let the controller
/// assign the Gateway an address.
fn deployed(harness: &ProcessHarness) -> State {
    let state = harness.step(&Event::Install, http_state());
    let state = harness.step(&Event::ConfigChanged, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting("Waiting for gateway address".into()))
    );
    harness.set_gateway_address("10.0.0.7");
    let state = harness.step(&Event::UpdateStatus, state);
    assert_eq!(state.unit_status, active());
    state
}

/// `install` reads and writes nothing, in Juju or in the cluster: the `config-changed` Juju runs
/// right after it reconciles (here: Blocked without configuration, nothing created).
#[test]
fn install_does_nothing_and_the_config_changed_after_it_is_blocked_without_configuration() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let out = harness.run(&Event::Install, leader_state());
    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.calls.total(), 0, "{:?}", out.calls);
    assert_eq!(out.state.unit_status, None);
    assert_eq!(harness.take_requests().len(), 0);

    let out = harness.run(&Event::ConfigChanged, out.state);
    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Blocked(
            "Certificates relation is needed if enforce-https is enabled.".into()
        ))
    );
    assert!(harness.names(Resource::GATEWAYS).is_empty());
    assert!(writes(&harness.take_requests()).is_empty());
}

#[test]
fn config_changed_creates_the_labelled_gateway() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let state = harness.step(&Event::ConfigChanged, http_state());
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting("Waiting for gateway address".into()))
    );
    assert_eq!(harness.names(Resource::GATEWAYS), vec![APP.to_owned()]);
    let gateway = harness.object(Resource::GATEWAYS, APP).unwrap();
    assert_eq!(gateway["spec"]["gatewayClassName"], json!("cilium"));
    assert_eq!(gateway["metadata"]["labels"][MANAGED_BY], json!(APP));
    assert_eq!(
        gateway["spec"]["listeners"][0]["name"],
        json!(format!("{APP}-http"))
    );
}

#[test]
fn upgrade_charm_and_leader_elected_reconcile_without_writing() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let state = deployed(&harness);
    harness.take_requests();
    let state = harness.step(&Event::UpgradeCharm, state);
    assert_eq!(state.unit_status, active());
    let state = harness.step(&Event::LeaderElected, state);
    assert_eq!(state.unit_status, active());
    assert_eq!(writes(&harness.take_requests()), Vec::<String>::new());
}

#[test]
fn update_status_picks_up_the_gateway_address() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let state = harness.step(&Event::ConfigChanged, http_state());
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting("Waiting for gateway address".into()))
    );
    harness.set_gateway_address("10.0.0.7");
    harness.take_requests();
    let out = harness.run(&Event::UpdateStatus, state);
    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.state.unit_status, active());
    assert_eq!(writes(&harness.take_requests()), Vec::<String>::new());
    assert_eq!(out.calls.get("relation-set"), 0);
}

#[test]
fn gateway_relation_lifecycle() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let state = deployed(&harness);
    let service = format!("{APP}-flask-service");
    let route = format!("{APP}-flask-3-http");

    // Created and joined before the workload wrote anything: nothing to route yet.
    let empty = Relation::new("gateway", "ingress", 3, "flask")
        .remote_unit("flask/0", databag::<&str, &str>([]));
    let state = state.relation(empty.clone());
    let state = harness.step(&Event::relation_created(&empty), state);
    assert!(harness.names(Resource::SERVICES).is_empty());
    let state = harness.step(&Event::relation_joined(&empty, "flask/0"), state);
    assert!(harness.names(Resource::HTTPROUTES).is_empty());
    assert_eq!(
        state.get_relation(3).unwrap().local_app_data,
        databag::<&str, &str>([])
    );

    // The workload's data arrives: Service + HTTPRoute, URL published.
    let mut state = state;
    *state.get_relation_mut(3).unwrap() = ingress_relation(8080);
    let relation = ingress_relation(8080);
    let state = harness.step(&Event::relation_changed(&relation, Some("flask/0")), state);
    assert_eq!(harness.names(Resource::SERVICES), vec![service.clone()]);
    assert_eq!(harness.names(Resource::HTTPROUTES), vec![route.clone()]);
    let stored = harness.object(Resource::SERVICES, &service).unwrap();
    // The server defaults each port's protocol (the charm does not set it).
    assert_eq!(
        stored["spec"]["ports"],
        json!([{"name": "tcp-8080", "port": 8080, "protocol": "TCP", "targetPort": 8080}])
    );
    assert_eq!(stored["metadata"]["labels"][MANAGED_BY], json!(APP));
    assert_eq!(
        state.get_relation(3).unwrap().local_app_data,
        databag([(
            "ingress",
            format!(
                "{{\"url\": \"http://10.0.0.7/{}-flask\"}}",
                harness.namespace()
            )
        )])
    );
    assert_eq!(state.unit_status, active());

    // The unit departs: the app-level route stays (it follows the app's data).
    let mut state = state;
    state.get_relation_mut(3).unwrap().remote_units_data.clear();
    let state = harness.step(
        &Event::relation_departed(&relation, "flask/0", "flask/0"),
        state,
    );
    assert_eq!(harness.names(Resource::SERVICES), vec![service.clone()]);
    assert_eq!(state.unit_status, active());

    // Broken: its Service and HTTPRoute go, the Gateway stays.
    let state = harness.step(&Event::relation_broken(&relation), state);
    assert!(harness.names(Resource::SERVICES).is_empty());
    assert!(harness.names(Resource::HTTPROUTES).is_empty());
    assert_eq!(harness.names(Resource::GATEWAYS), vec![APP.to_owned()]);
    assert_eq!(state.unit_status, active());
}

#[test]
fn secret_changed_and_expired_run_the_reconcile() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let secret = Secret::new("secret:d1pbvqvmp25c7a7ttk4g", [("key", "value")])
        .label("some-label")
        .owner(SecretOwnership::App);
    let state = deployed(&harness).secret(secret.clone());
    harness.take_requests();
    let state = harness.step(&Event::secret_changed(&secret), state);
    assert_eq!(state.unit_status, active());
    let state = harness.step(&Event::secret_expired(&secret, 1), state);
    assert_eq!(state.unit_status, active());
    assert_eq!(state.get_secret(&secret.id), Some(&secret));
    assert_eq!(writes(&harness.take_requests()), Vec::<String>::new());
}

#[test]
fn get_certificate_without_the_certificates_relation_fails_the_action() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let state = deployed(&harness).action_param("hostname", "example.com");
    harness.take_requests();
    let out = harness.run(&Event::action("get-certificate"), state);
    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.state.action_failure,
        Some("Certificate relation not ready.".to_owned())
    );
    assert_eq!(out.state.action_results, databag::<&str, &str>([]));
    assert_eq!(writes(&harness.take_requests()), Vec::<String>::new());
}

#[test]
fn remove_deletes_every_object_the_charm_owns_and_nothing_else() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    harness.seed_foreign_objects();
    let foreign = harness.foreign_objects();
    let relation = ingress_relation(8080);
    let state = deployed(&harness).relation(relation.clone());
    let state = harness.step(&Event::relation_changed(&relation, None), state);
    assert_eq!(
        harness.names(Resource::HTTPROUTES),
        vec![format!("{APP}-flask-3-http")]
    );
    let state = harness.step(&Event::Remove, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Maintenance("Removed.".into()))
    );
    assert!(harness.names(Resource::GATEWAYS).is_empty());
    assert!(harness.names(Resource::HTTPROUTES).is_empty());
    assert_eq!(
        harness.names(Resource::SERVICES),
        vec![
            process_support::FOREIGN_UNRELATED.to_owned(),
            process_support::FOREIGN_COLLIDING.to_owned()
        ]
    );
    assert_eq!(harness.foreign_objects(), foreign);
}

#[test]
fn non_leader_unit_is_standby() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let out = harness.run(&Event::ConfigChanged, http_state().leader(false));
    assert_eq!(out.exit_code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Active(
            gateway_api_integrator::plan::STANDBY_MESSAGE.into()
        ))
    );
    assert!(harness.take_requests().is_empty());
    assert_eq!(out.calls.total(), 2);
}

#[test]
fn a_failed_api_call_exits_non_zero_and_discards_relation_writes() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let relation = ingress_relation(8080);
    let state = deployed(&harness).relation(relation.clone());
    harness.inject(FaultRule::on(
        "PATCH",
        "/httproutes/",
        FaultAction::Status(500),
    ));
    let out = harness.run(&Event::relation_changed(&relation, None), state.clone());
    assert_eq!(out.exit_code, Some(1));
    assert!(
        out.stderr
            .starts_with("gateway-api-integrator: Kubernetes API call failed: server error 500"),
        "stderr: {}",
        out.stderr
    );
    // Juju's transaction rule: the databag write (if any) is discarded; the status stays.
    assert_eq!(out.state.relations, harness.in_model(state).relations);
    assert!(
        matches!(&out.state.unit_status, Some(Status::Maintenance(m)) if m.starts_with("Kubernetes API unavailable, retrying: server error 500")),
        "{:?}",
        out.state.unit_status
    );
}

#[test]
fn a_malformed_hook_environment_exits_2_with_a_clear_message() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gateway-api-integrator"))
        .env_clear()
        .env("JUJU_DISPATCH_PATH", "hooks/install")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "gateway-api-integrator: cannot read the hook environment: missing required environment variable JUJU_UNIT_NAME\n"
    );
}

fn certificates_relation() -> Relation {
    Relation::new(
        "certificates",
        "tls-certificates",
        4,
        "self-signed-certificates",
    )
    .remote_unit("self-signed-certificates/0", databag::<&str, &str>([]))
}

#[test]
fn a_failed_hook_discards_its_key_secret_and_the_retry_writes_it() {
    let Some(harness) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let relation = certificates_relation();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", "www.example.com")
        .relation(relation.clone());
    let event = Event::relation_changed(&relation, Some("self-signed-certificates/0"));
    harness.inject(FaultRule::once(
        FaultMatch::Request {
            method: Some("PATCH".into()),
            path_contains: "/gateways/".into(),
        },
        FaultAction::Status(500),
    ));
    let out = harness.run(&event, state.clone());
    assert_eq!(out.exit_code, Some(1), "stderr: {}", out.stderr);
    // The hook generated a key but failed on the Gateway before storing it (Kubernetes is
    // applied first); Juju would have discarded the secret anyway.
    assert_eq!(out.calls.get("secret-add"), 0);
    assert!(out.state.secrets.is_empty());
    assert_eq!(out.state.relations, state.relations);

    // The retry (no fault) writes it again, and it stays.
    let retry = harness.run(&event, out.state);
    assert_eq!(retry.exit_code, Some(0), "stderr: {}", retry.stderr);
    // external-hostname is requested as soon as certificates are related, with or without an
    // ingress relation.
    assert_eq!(
        retry.state.unit_status,
        Some(Status::Waiting(
            "Waiting for TLS certificates to be issued for: www.example.com.".into()
        ))
    );
    assert_eq!(retry.state.secrets.len(), 1);
    let secret = &retry.state.secrets[0];
    assert_eq!(secret.owner, Some(SecretOwnership::App));
    assert!(
        secret
            .label
            .as_deref()
            .is_some_and(|l| l.ends_with("-private-key-app-certificates")),
        "{:?}",
        secret.label
    );
    let content = secret.latest_content().expect("a revision");
    assert!(
        content
            .get("private-key")
            .is_some_and(|k| k.starts_with("-----BEGIN")),
        "secret keys: {:?}",
        content.keys().collect::<Vec<_>>()
    );
    assert_eq!(harness.names(Resource::GATEWAYS), vec![APP.to_owned()]);
}
