//! The Gateway's record of the kinds we hold, and what each reconcile lists from it: only the
//! recorded kinds once a record names them all; every core kind without a Gateway, with an
//! older record (optional kinds only) and at `remove`; Secrets when cert-manager issues. A
//! hook that fails at any request — where the record grows and where it shrinks — leaves every
//! kind of ours recorded, and its retry ends where the run that never failed ends.

use integrator_fixtures as support;
use integrator_fixtures::tls as tls_support;

use charm_cluster::{Fault, FaultKind, FaultTrigger, InMemoryCluster, Kind};
use gateway_api_integrator::gather::KINDS_ANNOTATION;
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, State};
use support::objects::{lists_since, names, unrecorded_kinds, writes_since};
use support::{APP, cluster, ingress_relation, leader_state, run, step};
use tls_support::{CERTS, HOST, day, issued, our_csrs, with_provider};

fn record(cluster: &InMemoryCluster) -> String {
    let gateway = cluster.object(Kind::Gateway, APP).expect("our Gateway");
    gateway["metadata"]["annotations"][KINDS_ANNOTATION]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Run `event` with a 503 at each API call position of the fault-free run: after each failed
/// run every kind of ours is recorded, and the retry writes the fault-free run's objects.
fn every_fault_keeps_the_record(event: Event, state: State, cluster: &InMemoryCluster) {
    let mut reference = cluster.clone();
    let from = reference.calls().len();
    step(event.clone(), state.clone(), &mut reference);
    let positions = reference.calls().len() - from;
    let all = |cluster: &InMemoryCluster| -> Vec<(Kind, Vec<String>)> {
        Kind::ALL
            .into_iter()
            .map(|kind| (kind, names(cluster, kind)))
            .collect()
    };
    for position in 0..positions {
        let mut cluster = cluster.clone();
        cluster.inject(Fault {
            trigger: FaultTrigger::Call(from + position),
            kind: FaultKind::Status(503),
        });
        let out = run(event.clone(), state.clone(), &mut cluster);
        assert!(out.exit.is_err(), "a 503 at call {position} fails the hook");
        assert_eq!(unrecorded_kinds(&cluster), [], "503 at call {position}");
        cluster.clear_faults();
        step(event.clone(), state.clone(), &mut cluster);
        assert_eq!(
            unrecorded_kinds(&cluster),
            [],
            "retry after call {position}"
        );
        assert_eq!(
            all(&cluster),
            all(&reference),
            "retry after call {position}"
        );
        assert_eq!(record(&cluster), record(&reference), "call {position}");
    }
}

/// The certificate for [`HOST`] issued on `state`'s certificates relation, and the event.
fn certificate_issued(state: State) -> (State, Event) {
    let ca = integrator_fixtures::ca::TestCa::new();
    let csrs = our_csrs(&state);
    let state = with_provider(state, vec![issued(&ca, &csrs[0], day(-1), day(89))]);
    let event = Event::relation_changed(state.get_relation(CERTS).unwrap(), None);
    (state, event)
}

#[test]
fn an_idle_deployment_lists_only_the_kinds_its_gateway_records() {
    let (state, mut cluster) = tls_support::serving();
    assert_eq!(record(&cluster), "Gateway,HTTPRoute,Service,Secret");
    let from = cluster.calls().len();
    step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        lists_since(&cluster, from),
        [
            "gatewayclasses",
            "gateways",
            "httproutes",
            "services",
            "secrets"
        ]
    );
    assert_eq!(writes_since(&cluster, from), Vec::<String>::new());
}

#[test]
fn without_a_complete_record_every_core_kind_is_listed_and_the_record_is_completed() {
    let mut cluster = cluster();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .relation(ingress_relation(8080));
    // No Gateway yet: every core kind.
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(
        lists_since(&cluster, 0),
        [
            "gatewayclasses",
            "gateways",
            "httproutes",
            "endpointslices",
            "services",
            "secrets"
        ]
    );
    assert_eq!(record(&cluster), "Gateway,HTTPRoute,Service");

    // The record an earlier version kept (optional kinds only): every core kind, and the
    // optional kinds it names; then the record is rewritten complete.
    let mut gateway = cluster.object(Kind::Gateway, APP).unwrap().clone();
    gateway["metadata"]["annotations"][KINDS_ANNOTATION] = "GRPCRoute".into();
    cluster.insert(Kind::Gateway, gateway);
    let from = cluster.calls().len();
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        lists_since(&cluster, from),
        [
            "gatewayclasses",
            "gateways",
            "httproutes",
            "endpointslices",
            "services",
            "secrets",
            "grpcroutes"
        ]
    );
    assert_eq!(
        writes_since(&cluster, from),
        [format!("PATCH gateways {APP}")]
    );
    assert_eq!(record(&cluster), "Gateway,HTTPRoute,Service");
    let from = cluster.calls().len();
    step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        lists_since(&cluster, from),
        ["gatewayclasses", "gateways", "httproutes", "services"]
    );
    assert_eq!(writes_since(&cluster, from), Vec::<String>::new());
}

#[test]
fn the_first_tls_secret_is_applied_after_the_gateway_that_records_it() {
    let (state, cluster) = tls_support::related();
    assert_eq!(record(&cluster), "Gateway,HTTPRoute,Service");
    let (state, event) = certificate_issued(state);
    let mut reference = cluster.clone();
    let from = reference.calls().len();
    step(event.clone(), state.clone(), &mut reference);
    let writes = writes_since(&reference, from);
    let at = |prefix: &str| writes.iter().position(|w| w.starts_with(prefix));
    assert_eq!(at("PATCH gateways"), Some(0), "{writes:?}");
    assert!(at("PATCH secrets").is_some(), "{writes:?}");
    assert_eq!(record(&reference), "Gateway,HTTPRoute,Service,Secret");
    every_fault_keeps_the_record(event, state, &cluster);
}

#[test]
fn a_kind_leaves_the_record_once_its_last_object_is_deleted() {
    let (state, cluster) = tls_support::serving();
    let ingress = state.get_relation(tls_support::INGRESS).unwrap().clone();
    let event = Event::relation_broken(&ingress);
    let mut reference = cluster.clone();
    let from = reference.calls().len();
    let after = step(event.clone(), state.clone(), &mut reference);
    assert_eq!(after.unit_status, Some(tls_support::active()));
    let writes = writes_since(&reference, from);
    assert_eq!(
        writes.last(),
        Some(&format!("PATCH gateways {APP}")),
        "the Gateway after the deletes: {writes:?}"
    );
    assert!(writes.contains(&format!("DELETE services {APP}-flask-service")));
    // The routes and the Service were the last of their kinds; the TLS Secret stays.
    assert_eq!(record(&reference), "Gateway,Secret");
    every_fault_keeps_the_record(event, state, &cluster);
}

#[test]
fn a_blocked_charm_creates_no_object_of_a_kind_its_gateway_does_not_record() {
    let (state, mut cluster) = tls_support::related();
    let (state, event) = certificate_issued(state.config("gateway-class", "cilum"));
    let from = cluster.calls().len();
    let blocked = step(event.clone(), state, &mut cluster);
    assert!(
        matches!(blocked.unit_status, Some(Status::Blocked(_))),
        "{:?}",
        blocked.unit_status
    );
    assert_eq!(writes_since(&cluster, from), Vec::<String>::new());
    assert_eq!(names(&cluster, Kind::Secret), Vec::<String>::new());

    // Fixed: the Secret and the Gateway recording it.
    let fixed = step(
        event,
        blocked.config("gateway-class", "cilium"),
        &mut cluster,
    );
    assert_eq!(fixed.unit_status, Some(tls_support::active()));
    assert_eq!(
        names(&cluster, Kind::Secret),
        [format!("{APP}-secret-{HOST}")]
    );
    assert_eq!(record(&cluster), "Gateway,HTTPRoute,Service,Secret");
}

#[test]
fn cert_manager_secrets_are_looked_for_and_remove_lists_every_core_kind() {
    let mut cluster = cluster();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", HOST)
        .config("cert-manager-issuer", "ClusterIssuer/letsencrypt");
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(record(&cluster), "Gateway");
    let from = cluster.calls().len();
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        lists_since(&cluster, from),
        ["gatewayclasses", "gateways", "secrets"]
    );

    let from = cluster.calls().len();
    step(Event::Remove, state, &mut cluster);
    assert_eq!(
        lists_since(&cluster, from),
        [
            "gateways",
            "httproutes",
            "endpointslices",
            "services",
            "secrets"
        ]
    );
    assert_eq!(
        writes_since(&cluster, from),
        [format!("DELETE gateways {APP}")]
    );
}
