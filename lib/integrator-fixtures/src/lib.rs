//! Fixtures for the integrator's tests, in the style of controller-rs's `fixtures` module: one
//! place for the harness runs ([`run`], [`leader_state`]…), TLS deployments ([`tls`]), the
//! process-level harness on the real API server ([`process`]), real-server admission
//! ([`admission`]), plan inputs ([`plan`]), the Python interop harnesses ([`interop`]) and
//! Markdown reading for the docs tests ([`markdown`]).
//! Test-only; never a dependency of a charm.

#![deny(missing_docs)]

pub mod admission;
pub mod interop;
pub mod markdown;
pub mod objects;
pub mod plan;
pub mod process;
pub mod tls;

pub use test_support::{ca, golden};

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use charm_cluster::InMemoryCluster;
use gateway_api_integrator::charm::{self, CharmError};
use juju_hook::Event;
use juju_hook_testing::{Context, Output, Relation, State, databag};

/// The app name every test deploys as.
pub const APP: &str = "gateway-api-integrator";
/// The model (and namespace) every test deploys in.
pub const MODEL: &str = "testing";

/// The repository root (the integrator's charm directory).
pub fn charm_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A harness context over the integrator's metadata.
pub fn context() -> Context {
    Context::new(charm_dir()).expect("the integrator's metadata loads")
}

/// The id of the integrator's peer relation in [`leader_state`].
pub const PEER_RELATION_ID: u64 = 9999;

/// The integrator's peer relation (`integrator-peers`), as Juju creates it on deploy: its
/// application bag keeps the hook record.
pub fn peer_relation() -> juju_hook_testing::Relation {
    juju_hook_testing::Relation::new(
        "integrator-peers",
        "gateway_api_integrator_peers",
        PEER_RELATION_ID,
        APP,
    )
}

/// A leader unit of the integrator in `MODEL`, no config set, with its peer relation.
pub fn leader_state() -> State {
    State::new(APP)
        .leader(true)
        .model(MODEL, "0b7a2d6e-5e2f-4e4a-9a4e-1b2c3d4e5f60")
        .relation(peer_relation())
}

/// A cluster with the `cilium` GatewayClass and nothing else.
pub fn cluster() -> InMemoryCluster {
    let mut cluster = InMemoryCluster::new(MODEL);
    cluster.add_gateway_class("cilium");
    cluster
}

/// Run one hook of the integrator against `cluster`.
pub fn run(event: Event, state: State, cluster: &mut InMemoryCluster) -> Output<CharmError> {
    context()
        .run(event, state, |ctx, tools| charm::run(ctx, tools, cluster))
        .expect("state is consistent with the charm's metadata")
}

/// Run one hook and insist it succeeded; the state after it.
pub fn step(event: Event, state: State, cluster: &mut InMemoryCluster) -> State {
    let out = run(event, state, cluster);
    assert!(
        out.exit.is_ok(),
        "hook failed: {:?}",
        out.exit.err().map(|e| e.to_string())
    );
    out.state
}

/// Run one hook with its `tracing` output captured as the hook binary routes it to `juju-log`:
/// `LEVEL message` lines, in order (this thread only, so tests in one binary do not mix).
pub fn run_logged(
    event: Event,
    state: State,
    cluster: &mut InMemoryCluster,
) -> (Output<CharmError>, Vec<String>) {
    use tracing_subscriber::layer::SubscriberExt;
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let layer = juju_hook::JujuLogLayer::new(move |level, message: &str| {
        sink.lock()
            .expect("the log is not poisoned")
            .push(format!("{} {message}", level.as_str()));
        Ok(())
    });
    let subscriber = tracing_subscriber::registry().with(layer);
    let out = tracing::subscriber::with_default(subscriber, || run(event, state, cluster));
    let lines = lines.lock().expect("the log is not poisoned").clone();
    (out, lines)
}

/// The `gateway` (ingress) relation, id 3, with the workload `flask` (one unit) on `port`, its
/// bags as the Python ingress library writes them.
pub fn ingress_relation(port: u16) -> Relation {
    Relation::new("gateway", "ingress", 3, "flask")
        .remote_app_data(databag([
            ("model", format!("\"{MODEL}\"")),
            ("name", "\"flask\"".to_owned()),
            ("port", port.to_string()),
        ]))
        .remote_unit(
            "flask/0",
            databag([(
                "host",
                "\"flask-0.flask-endpoints.testing.svc.cluster.local\"",
            )]),
        )
}

/// A gateway-route v1 requirer (relation `id`, application `v1-requirer-<id>`, one unit) asking
/// for `hostname`, its bag as the v1 library writes it.
pub fn v1_requirer(id: u64, hostname: &str) -> Relation {
    let remote = format!("v1-requirer-{id}");
    Relation::new("gateway-route", "gateway-route", id, remote.clone())
        .remote_app_data(databag([
            ("additional_hostnames", "[]".to_owned()),
            ("hostname", serde_json::json!(hostname).to_string()),
        ]))
        .remote_unit(format!("{remote}/0"), databag::<&str, &str>([]))
}
