//! Fault injection, in-process: the main ingress-mode hook sequence is replayed with every
//! Kubernetes API fault at every call position of every hook. For each run it asserts that
//! - the status names the failed call and what to do, and the exit follows the policy
//!   (expected → 0 and Blocked; unexpected → non-zero so Juju retries);
//! - Juju's transaction rule leaves the relation data as before the failed hook;
//! - retrying the hook without the fault converges to exactly the objects, databags and status
//!   of the run that never failed;
//! - after every run, failed or not, the Gateway records every kind we hold, so the next
//!   reconcile lists it;
//! - the unlabelled objects (one with a name like ours, one unrelated) are never touched.

use integrator_fixtures as support;

use std::collections::BTreeMap;

use charm_cluster::in_memory::Call;
use charm_cluster::{Fault, FaultKind, FaultTrigger, InMemoryCluster, Kind};
use gateway_api_integrator::plan::insufficient_permissions;
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, State, databag};
use serde_json::{Value, json};
use support::objects::unrecorded_kinds;
use support::{APP, cluster, ingress_relation, leader_state, run};

/// Every fault the matrix injects.
const FAULTS: [FaultKind; 10] = [
    FaultKind::Status(401),
    FaultKind::Status(403),
    FaultKind::Status(404),
    FaultKind::Status(409),
    FaultKind::Status(422),
    FaultKind::Status(429),
    FaultKind::Status(500),
    FaultKind::Status(503),
    FaultKind::Timeout,
    FaultKind::Refused,
];

const FOREIGN_COLLIDING: &str = "gateway-api-integrator-other-service";
const FOREIGN_UNRELATED: &str = "database";

/// A cluster with the GatewayClass and two unlabelled Services that are not ours.
fn seeded_cluster() -> InMemoryCluster {
    let mut cluster = cluster();
    for name in [FOREIGN_COLLIDING, FOREIGN_UNRELATED] {
        cluster.insert(
            Kind::Service,
            json!({"apiVersion": "v1", "kind": "Service",
                   "metadata": {"name": name, "labels": {"owner": "someone-else"}},
                   "spec": {"ports": [{"name": "web", "port": 80}], "selector": {"app": "other"}}}),
        );
    }
    cluster
}

fn foreign_objects(cluster: &InMemoryCluster) -> String {
    let objects: Vec<Option<&Value>> = [FOREIGN_COLLIDING, FOREIGN_UNRELATED]
        .iter()
        .map(|n| cluster.object(Kind::Service, n))
        .collect();
    serde_json::to_string(&objects).expect("serialisable")
}

/// Every object, without the fields the server assigns (uid, revisions, managed fields).
fn objects(cluster: &InMemoryCluster) -> BTreeMap<(Kind, String), Value> {
    let mut all = BTreeMap::new();
    for kind in Kind::ALL {
        for name in cluster.names(kind) {
            let mut object = cluster.object(kind, name).expect("listed").clone();
            if let Some(metadata) = object["metadata"].as_object_mut() {
                for field in ["uid", "resourceVersion", "generation", "managedFields"] {
                    metadata.remove(field);
                }
            }
            all.insert((kind, name.to_owned()), object);
        }
    }
    all
}

/// One hook of the sequence: the event, and what happens outside the charm before it runs.
struct Step {
    name: &'static str,
    event: Event,
    before: fn(State, &mut InMemoryCluster) -> State,
}

fn keep(state: State, _: &mut InMemoryCluster) -> State {
    state
}

fn sequence() -> Vec<Step> {
    let relation = ingress_relation(8080);
    vec![
        Step {
            name: "config-changed",
            event: Event::ConfigChanged,
            before: keep,
        },
        Step {
            name: "update-status",
            event: Event::UpdateStatus,
            before: |state, cluster| {
                assert!(cluster.set_gateway_address(APP, "10.0.0.7"));
                state
            },
        },
        Step {
            name: "gateway-relation-changed",
            event: Event::relation_changed(&relation, Some("flask/0")),
            before: |state, _| state.relation(ingress_relation(8080)),
        },
        Step {
            name: "gateway-relation-broken",
            event: Event::relation_broken(&relation),
            before: keep,
        },
        Step {
            name: "remove",
            event: Event::Remove,
            before: |mut state, _| {
                state.relations.retain(|r| r.id != 3);
                state
            },
        },
    ]
}

/// A snapshot before and after one fault-free hook.
struct Reference {
    state_before: State,
    cluster_before: InMemoryCluster,
    state_after: State,
    objects_after: BTreeMap<(Kind, String), Value>,
    calls: Vec<Call>,
}

fn references() -> Vec<Reference> {
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let mut cluster = seeded_cluster();
    let mut references = Vec::new();
    for step in sequence() {
        state = (step.before)(state, &mut cluster);
        let cluster_before = cluster.clone();
        let first_call = cluster.calls().len();
        let out = run(step.event.clone(), state.clone(), &mut cluster);
        assert!(out.exit.is_ok(), "reference {} failed", step.name);
        references.push(Reference {
            state_before: state,
            cluster_before,
            state_after: out.state.clone(),
            objects_after: objects(&cluster),
            calls: cluster.calls()[first_call..].to_vec(),
        });
        state = out.state;
    }
    references
}

/// What the charm must report for `fault` on `call`: the status, and whether the hook exits 0.
fn expected(fault: &FaultKind, call: &Call) -> (Status, bool) {
    let plural = call.kind.map_or("gatewayclasses", Kind::plural);
    let target = format!("{} {plural}/{}", call.verb.as_str(), call.target);
    let retrying =
        |what: String| Status::Maintenance(format!("Kubernetes API unavailable, retrying: {what}"));
    let failed = |what: String| Status::Maintenance(format!("Kubernetes API error: {what}"));
    match fault {
        FaultKind::Status(403) => (Status::Blocked(insufficient_permissions(APP)), true),
        FaultKind::Status(404)
            if !matches!(plural, "gatewayclasses" | "gateways" | "httproutes") =>
        {
            (
                failed(format!("not found ({target}): injected HTTP 404")),
                false,
            )
        }
        FaultKind::Status(404) => (
            Status::Blocked(format!(
                "Gateway API not found in the cluster ({plural}/{}): install the Gateway API CRDs and a Gateway controller",
                call.target
            )),
            true,
        ),
        FaultKind::Status(401) => (
            failed(format!("unauthorized ({target}): injected HTTP 401")),
            false,
        ),
        FaultKind::Status(409) => (
            failed(format!("conflict ({target}): injected HTTP 409")),
            false,
        ),
        FaultKind::Status(422) => (
            failed(format!("invalid object ({target}): injected HTTP 422")),
            false,
        ),
        FaultKind::Status(429) => (
            retrying(format!("too many requests ({target}): injected HTTP 429")),
            false,
        ),
        FaultKind::Status(code) => (
            retrying(format!(
                "server error {code} ({target}): injected HTTP {code}"
            )),
            false,
        ),
        FaultKind::Timeout => (retrying(format!("timed out ({target})")), false),
        FaultKind::Refused => (
            retrying(format!(
                "cannot reach the Kubernetes API ({target}): connection refused (injected)"
            )),
            false,
        ),
    }
}

#[test]
fn every_fault_at_every_call_position_is_reported_and_recovered_from() {
    let references = references();
    let steps = sequence();
    let foreign = foreign_objects(&references[0].cluster_before);
    let mut runs = 0;
    for (step, reference) in steps.iter().zip(&references) {
        assert!(
            !reference.calls.is_empty(),
            "{} makes no API call",
            step.name
        );
        for (position, call) in reference.calls.iter().enumerate() {
            for fault in &FAULTS {
                let case = format!("{} call {position} ({call:?}) {fault:?}", step.name);
                let mut cluster = reference.cluster_before.clone();
                let index = cluster.calls().len() + position;
                cluster.inject(Fault {
                    trigger: FaultTrigger::Call(index),
                    kind: fault.clone(),
                });

                let out = run(
                    step.event.clone(),
                    reference.state_before.clone(),
                    &mut cluster,
                );
                let (status, exits_zero) = expected(fault, call);
                assert_eq!(out.exit.is_ok(), exits_zero, "{case}: exit");
                assert_eq!(out.state.unit_status, Some(status), "{case}: status");
                if !exits_zero {
                    assert_eq!(
                        out.state.relations, reference.state_before.relations,
                        "{case}: relation data kept"
                    );
                }
                assert_eq!(
                    foreign_objects(&cluster),
                    foreign,
                    "{case}: foreign objects touched"
                );
                assert_eq!(unrecorded_kinds(&cluster), [], "{case}: kinds unrecorded");

                // The next hook (Juju's retry, or the one after the operator's fix) converges.
                cluster.clear_faults();
                let retry = run(step.event.clone(), out.state, &mut cluster);
                assert!(retry.exit.is_ok(), "{case}: retry failed");
                assert_eq!(
                    retry.state.unit_status, reference.state_after.unit_status,
                    "{case}: status after retry"
                );
                assert_eq!(
                    retry.state.relations, reference.state_after.relations,
                    "{case}: databags after retry"
                );
                assert_eq!(
                    objects(&cluster),
                    reference.objects_after,
                    "{case}: objects after retry"
                );
                assert_eq!(
                    unrecorded_kinds(&cluster),
                    [],
                    "{case}: kinds unrecorded after retry"
                );
                assert_eq!(
                    foreign_objects(&cluster),
                    foreign,
                    "{case}: foreign objects touched"
                );
                runs += 1;
            }
        }
    }
    let positions: usize = references.iter().map(|r| r.calls.len()).sum();
    // config-changed: LIST GatewayClasses and Gateways, no Gateway yet so the four core kinds,
    // then the Gateway's PATCH; update-status: the two LISTs, the Gateway recording only
    // itself; relation-changed: those, the LISTs of the HTTPRoutes and Services it creates,
    // their PATCHes and the Gateway's (its record grows); relation-broken: the four LISTs the
    // record asks for, a DELETE per stale object, then the Gateway's PATCH (its record drops
    // their kinds); remove: no GatewayClass, every core kind, the Gateway's DELETE. No GET:
    // the LISTs show every name taken.
    let per_step: Vec<usize> = references.iter().map(|r| r.calls.len()).collect();
    assert_eq!(per_step, vec![7, 2, 7, 7, 6]);
    assert_eq!(runs, positions * FAULTS.len());
}

#[test]
fn the_reference_sequence_leaves_only_foreign_objects() {
    let references = references();
    let last = references.last().unwrap();
    assert_eq!(
        last.state_after.unit_status,
        Some(Status::Maintenance("Removed.".into()))
    );
    let names: Vec<(Kind, String)> = last.objects_after.keys().cloned().collect();
    assert_eq!(
        names,
        vec![
            (Kind::Service, FOREIGN_UNRELATED.to_owned()),
            (Kind::Service, FOREIGN_COLLIDING.to_owned())
        ]
    );
    let changed = &references[2];
    assert_eq!(
        changed.state_after.get_relation(3).unwrap().local_app_data,
        databag([("ingress", "{\"url\": \"http://10.0.0.7/testing-flask\"}")])
    );
}
