//! Bad input (issue 9): a corpus of malformed config and relation data run through the hooks.
//! Every case must end in an exact status (Blocked/Waiting with its reason, or the relation
//! named as skipped while a valid sibling is still served), exit 0, and leave only objects the
//! Gateway API CRDs and the apiserver's core rules admit (checked with `crd_validation`).
//!
//! Cases run through the in-memory hook tools without the harness's metadata check, so config
//! values of the wrong type (which Juju itself refuses) reach the charm too. Every object a case
//! leaves is also dry-run on the real API server (`kube-test-env`; skipped loudly without it). A
//! few representative cases also run the compiled binary against the real server: it must never
//! answer 422.

// `process_support` loads `support` again as its own submodule; here `support` is used directly
// (and through `tls_support`), so its re-exports go unused.
use integrator_fixtures as support;
use integrator_fixtures::ca as test_ca;
#[allow(unused_imports, clippy::duplicate_mod)]
use integrator_fixtures::process as process_support;
use integrator_fixtures::tls as tls_support;

use std::sync::LazyLock;

use charm_cluster::{InMemoryCluster, Kind};
use crd_validation::Validator;
use gateway_api_integrator::charm;
use integrator_fixtures::admission::DryRun;
use juju_hook::{Databag, Event, Status};
use juju_hook_testing::{EventExt, Relation, State, StateTools, databag};
use serde_json::{Value, json};
use support::{APP, MODEL, cluster, context, ingress_relation, leader_state};

mod binary;
mod certificates;
mod config;
mod dns_record;
mod extreme;
mod gateway_route;
mod ingress;

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gateway-api-crds");
    let dir = Validator::crds_dir_from_env(default);
    Validator::from_dir(&dir).unwrap_or_else(|err| panic!("loading CRDs from {dir:?}: {err}"))
});

const ADDRESS: &str = "10.0.0.7";
/// The ingress relation id (`support::ingress_relation`).
const INGRESS: u64 = 3;
/// The valid gateway-route sibling's relation id.
const GOOD_ROUTE: u64 = 5;
/// The bad gateway-route relation's id.
const BAD_ROUTE: u64 = 6;
/// A dns-record relation id.
const DNS: u64 = 9;

/// Which hook a case runs.
#[derive(Debug, Clone, Copy)]
enum Hook {
    ConfigChanged,
    /// `<endpoint>-relation-changed` of this relation id.
    RelationChanged(u64),
}

/// One corpus entry: `setup` turns a ready deployment into the bad state, `hook` runs on it.
struct Case {
    name: &'static str,
    setup: Box<dyn Fn(State) -> State>,
    hook: Hook,
    expected: Status,
}

fn case(
    name: &'static str,
    setup: impl Fn(State) -> State + 'static,
    hook: Hook,
    expected: Status,
) -> Case {
    Case {
        name,
        setup: Box::new(setup),
        hook,
        expected,
    }
}

fn blocked(message: impl Into<String>) -> Status {
    Status::Blocked(message.into())
}

fn active_http(notes: &str) -> Status {
    Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false){notes}"
    ))
}

/// Run one hook on the in-memory hook tools, skipping the harness's metadata consistency check
/// (so wrong config types reach the charm). Returns the state after the hook and its exit.
fn run_unchecked(
    event: &Event,
    state: State,
    cluster: &mut InMemoryCluster,
) -> (State, Result<(), String>) {
    let context = context();
    let hook = context.hook_context(event, &state);
    let mut after = state;
    let exit = {
        let mut tools =
            StateTools::new(&mut after).with_config_defaults(context.metadata().config_defaults());
        charm::run(&hook, &mut tools, cluster).map_err(|e| e.to_string())
    };
    (after, exit)
}

/// Every object stored in `cluster` that the CRD schemas or core rules would reject.
fn rejected_objects(cluster: &InMemoryCluster) -> Vec<String> {
    let mut problems = Vec::new();
    for kind in Kind::ALL {
        for name in cluster.names(kind) {
            let object = cluster.object(kind, name).expect("listed object exists");
            if let Err(errors) = VALIDATOR.validate(&admissible_view(object)) {
                problems.push(format!("{kind} {name}: {}", errors.join("; ")));
            }
        }
    }
    problems
}

/// The object as the charm sent it: server-populated `status` dropped (not validated on apply).
fn admissible_view(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(map) = object.as_object_mut() {
        map.remove("status");
    }
    object
}

fn event_for(hook: Hook, state: &State) -> Event {
    match hook {
        Hook::ConfigChanged => Event::ConfigChanged,
        Hook::RelationChanged(id) => {
            let relation = state
                .get_relation(id)
                .unwrap_or_else(|| panic!("relation {id} is in the state"));
            let unit = relation.remote_units_data.keys().next().cloned();
            Event::relation_changed(relation, unit.as_deref())
        }
    }
}

/// A leader with plain HTTP and the `cilium` class whose Gateway has its address.
fn ready(cluster: &mut InMemoryCluster) -> State {
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let (state, exit) = run_unchecked(&Event::ConfigChanged, state, cluster);
    exit.expect("the ready deployment configures");
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let (state, exit) = run_unchecked(&Event::UpdateStatus, state, cluster);
    exit.expect("update-status");
    assert_eq!(state.unit_status, Some(active_http("")));
    state
}

/// Run every case from a fresh ready deployment; collect every failure before panicking so one
/// run shows the whole corpus.
fn run_corpus(cases: Vec<Case>) {
    let mut failures = Vec::new();
    let mut admission = Admission::start();
    for case in &cases {
        let mut cluster = cluster();
        let state = (case.setup)(ready(&mut cluster));
        let event = event_for(case.hook, &state);
        let (after, exit) = run_unchecked(&event, state, &mut cluster);
        if let Err(error) = exit {
            failures.push(format!("{}: hook failed: {error}", case.name));
        }
        if after.unit_status.as_ref() != Some(&case.expected) {
            failures.push(format!(
                "{}: status {:?}, expected {:?}",
                case.name, after.unit_status, case.expected
            ));
        }
        admission.check(case.name, &cluster, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    admission.assert_admitted();
}

/// Both admission checks of the objects a case leaves: the in-process CRD validator, and a
/// server-side dry run on the real API server (when its tier is not skipped).
struct Admission {
    server: Option<DryRun>,
    /// Objects stored over every case.
    stored: usize,
}

impl Admission {
    fn start() -> Admission {
        Admission {
            server: DryRun::start("bad-input"),
            stored: 0,
        }
    }

    /// Check every object `cluster` stores after case `name`; rejections go to `failures`.
    fn check(&mut self, name: &str, cluster: &InMemoryCluster, failures: &mut Vec<String>) {
        for problem in rejected_objects(cluster) {
            failures.push(format!("{name}: rejected object: {problem}"));
        }
        self.stored += Kind::ALL
            .iter()
            .map(|k| cluster.names(*k).len())
            .sum::<usize>();
        if let Some(server) = &mut self.server {
            server.check_stored(name, cluster);
        }
    }

    /// The real server admitted every stored object (and there were some).
    fn assert_admitted(&self) {
        assert!(self.stored > 0, "the corpus left no object to check");
        if let Some(server) = &self.server {
            server.assert_admitted(self.stored);
        }
    }
}
