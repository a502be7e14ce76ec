//! Gateway-level options: infrastructure labels and annotations, and the route-namespace policy
//! applied to every listener. Exact Gateway specs, CRD-valid, invalid input Blocked with nothing
//! applied.

use std::sync::LazyLock;

use charm_cluster::{InMemoryCluster, Kind};
use integrator_fixtures::{APP, cluster, leader_state, run, step};
use juju_hook::{Event, Status};
use juju_hook_testing::State;
use serde_json::{Value, json};

static VALIDATOR: LazyLock<crd_validation::Validator> = LazyLock::new(|| {
    crd_validation::Validator::from_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/gateway-api-crds"),
    )
    .expect("the Gateway API CRDs load")
});

fn http() -> State {
    leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .config("external-hostname", "www.example.com")
}

fn gateway(cluster: &InMemoryCluster) -> Value {
    let gateway = cluster.object(Kind::Gateway, APP).expect("gateway").clone();
    let mut sent = gateway.clone();
    sent.as_object_mut().unwrap().remove("status");
    VALIDATOR
        .validate(&sent)
        .unwrap_or_else(|errors| panic!("the CRD rejects the Gateway: {errors:?}"));
    gateway
}

#[test]
fn infrastructure_labels_and_annotations_are_applied_and_removed() {
    let mut cluster = cluster();
    let state = http()
        .config(
            "gateway-infrastructure-labels",
            "team=web, example.com/tier=front",
        )
        .config(
            "gateway-infrastructure-annotations",
            "service.beta.kubernetes.io/aws-load-balancer-scheme=internet-facing",
        );
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(
        gateway(&cluster)["spec"]["infrastructure"],
        json!({
            "labels": {"example.com/tier": "front", "team": "web"},
            "annotations": {
                "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing"
            },
        })
    );
    let mut state = state;
    state.config.remove("gateway-infrastructure-labels");
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(
        gateway(&cluster)["spec"]["infrastructure"],
        json!({"annotations": {
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing"
        }})
    );
    let mut state = state;
    state.config.remove("gateway-infrastructure-annotations");
    step(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(gateway(&cluster)["spec"].get("infrastructure"), None);
}

#[test]
fn invalid_infrastructure_is_blocked_and_nothing_is_applied() {
    let mut cluster = cluster();
    let state = step(Event::ConfigChanged, http(), &mut cluster);
    let before = gateway(&cluster);
    let calls = cluster.calls().len();
    let out = run(
        Event::ConfigChanged,
        state.config("gateway-infrastructure-labels", "ok=1,bad=not valid"),
        &mut cluster,
    );
    assert!(out.exit.is_ok());
    assert_eq!(
        out.state.unit_status,
        Some(Status::Blocked(
            "invalid configuration: gateway-infrastructure-labels: the value \"not valid\" of \
             \"bad\" is not a valid label value: it must start and end with a letter or digit \
             and contain only letters, digits, '-', '_' and '.'"
                .into()
        ))
    );
    assert_eq!(gateway(&cluster), before);
    assert!(
        cluster.calls()[calls..]
            .iter()
            .all(|call| call.verb == charm_cluster::Verb::List),
        "only reads: {:?}",
        &cluster.calls()[calls..]
    );
}

#[test]
fn every_listener_follows_the_route_namespace_policy() {
    for (policy, expected) in [
        ("all", json!({"from": "All"})),
        ("same", json!({"from": "Same"})),
        (
            "team=web,env=prod",
            json!({"from": "Selector", "selector": {"matchLabels": {"env": "prod", "team": "web"}}}),
        ),
    ] {
        let mut cluster = cluster();
        step(
            Event::ConfigChanged,
            http().config("allowed-route-namespaces", policy),
            &mut cluster,
        );
        let listeners = gateway(&cluster)["spec"]["listeners"].clone();
        assert!(!listeners.as_array().unwrap().is_empty());
        for listener in listeners.as_array().unwrap() {
            assert_eq!(
                listener["allowedRoutes"]["namespaces"], expected,
                "{policy}: {listener}"
            );
        }
    }
}
