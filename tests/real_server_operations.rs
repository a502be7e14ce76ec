//! Operations on the real API server, through the compiled binary: the gateway controller's
//! verdict (the test plays the controller, writing `status` through the status subresource),
//! leadership moving between two units, infrastructure labels and annotations applied and
//! removed, and every route-namespace policy admitted. Skipped loudly without the server (a
//! failure with `KUBE_APISERVER_REQUIRED=1`).

use integrator_fixtures::process::{ADDRESS, CONTROLLER, ProcessHarness, writes};
use integrator_fixtures::{APP, ingress_relation};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, State};
use kube_test_env::Resource;
use serde_json::{Value, json};

/// The integrator's `dispatch` binary (debug build).
const DISPATCH: &str = env!("CARGO_BIN_EXE_gateway-api-integrator");

fn active() -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
    )))
}

fn generation(h: &ProcessHarness, resource: Resource, name: &str) -> i64 {
    h.object(resource, name).expect("the object")["metadata"]["generation"]
        .as_i64()
        .expect("the server sets a generation")
}

fn condition(kind: &str, status: &str, reason: &str, generation: i64) -> Value {
    json!({"type": kind, "status": status, "reason": reason, "message": format!("{reason}."),
           "observedGeneration": generation, "lastTransitionTime": "2026-12-02T00:00:00Z"})
}

/// The controller's Gateway status at `observed`: Accepted and Programmed, the one listener
/// with `listener` as its Programmed condition.
fn gateway_status(h: &ProcessHarness, observed: i64, listener: Value) {
    let status = json!({
        "conditions": [condition("Accepted", "True", "Accepted", observed),
                       condition("Programmed", "True", "Programmed", observed)],
        "listeners": [{
            "name": format!("{APP}-http"), "attachedRoutes": 1,
            "supportedKinds": [{"group": "gateway.networking.k8s.io", "kind": "HTTPRoute"}],
            "conditions": [condition("Accepted", "True", "Accepted", observed), listener],
        }],
    });
    h.ns()
        .write_status(Resource::GATEWAYS, APP, &status, CONTROLLER)
        .expect("the server takes the Gateway's status");
}

fn route_status(h: &ProcessHarness, name: &str, accepted: (&str, &str)) {
    let observed = generation(h, Resource::HTTPROUTES, name);
    let status = json!({"parents": [{
        "parentRef": {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": APP,
                      "namespace": h.namespace(), "sectionName": format!("{APP}-http")},
        "controllerName": "example.com/gateway-controller",
        "conditions": [condition("Accepted", accepted.0, accepted.1, observed),
                       condition("ResolvedRefs", "True", "ResolvedRefs", observed)],
    }]});
    h.ns()
        .write_status(Resource::HTTPROUTES, name, &status, CONTROLLER)
        .expect("the server takes the route's status");
}

/// update-status, which must write nothing to the cluster.
fn update_status(h: &ProcessHarness, state: State) -> State {
    h.take_requests();
    let state = h.step(&Event::UpdateStatus, state);
    assert_eq!(writes(&h.take_requests()), Vec::<String>::new());
    state
}

fn ingress_bag(state: &State) -> juju_hook::Databag {
    state
        .get_relation(3)
        .expect("ingress")
        .local_app_data
        .clone()
}

#[test]
fn the_controllers_verdict_surfaces_and_clears() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let relation = ingress_relation(8080);
    let state = h.deploy_http().relation(relation.clone());
    let state = h.step(&Event::relation_changed(&relation, Some("flask/0")), state);
    let url = ingress_bag(&state);
    assert!(url.contains_key("ingress"), "{url:?}");
    let observed = generation(&h, Resource::GATEWAYS, APP);

    // A listener the controller cannot program.
    let bad = condition("Programmed", "False", "InvalidCertificateRef", observed);
    gateway_status(&h, observed, bad);
    let state = update_status(&h, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Blocked(format!(
            "listener {APP}-http: Programmed=False (InvalidCertificateRef)"
        )))
    );
    assert_eq!(
        ingress_bag(&state),
        url,
        "a listener problem withdraws no URL"
    );
    gateway_status(
        &h,
        observed,
        condition("Programmed", "True", "Programmed", observed),
    );
    let state = update_status(&h, state);
    assert_eq!(state.unit_status, active());

    // A route the controller does not accept: its URL is withdrawn, then given back.
    let route = format!("{APP}-flask-3-http");
    route_status(&h, &route, ("False", "NotAllowedByListeners"));
    let state = h.step(&Event::UpdateStatus, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Blocked(format!(
            "HTTPRoute {route}: Accepted=False (NotAllowedByListeners)"
        )))
    );
    assert_eq!(ingress_bag(&state), juju_hook::Databag::new());
    route_status(&h, &route, ("True", "Accepted"));
    let state = h.step(&Event::UpdateStatus, state);
    assert_eq!(state.unit_status, active());
    assert_eq!(ingress_bag(&state), url);

    // A spec change: the server bumps the Gateway's generation; until the controller has
    // observed it, Waiting.
    let state = h.step(
        &Event::ConfigChanged,
        state.config("gateway-infrastructure-labels", "team=web"),
    );
    assert_eq!(generation(&h, Resource::GATEWAYS, APP), observed + 1);
    let state = update_status(&h, state);
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting(format!(
            "Waiting for the gateway controller to observe Gateway {APP}"
        )))
    );
    gateway_status(
        &h,
        observed + 1,
        condition("Programmed", "True", "Programmed", observed + 1),
    );
    let state = update_status(&h, state);
    assert_eq!(state.unit_status, active());
}

#[test]
fn leadership_moves_between_two_units_without_a_write() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let relation = ingress_relation(8080);
    let unit0 = h.deploy_http().relation(relation.clone());
    let unit0 = h.step(&Event::relation_changed(&relation, Some("flask/0")), unit0);
    assert_eq!(unit0.unit_status, active());
    let objects = h.comparable_objects();
    h.take_requests();

    // Unit 0 loses leadership: standby, not a single request.
    let out = h.run(&Event::UpdateStatus, unit0.clone().leader(false));
    assert_eq!(out.exit_code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Active(
            gateway_api_integrator::plan::STANDBY_MESSAGE.into()
        ))
    );
    assert_eq!(h.take_requests().len(), 0);

    // Unit 1 is elected: it reads, writes nothing, and reaches the same status and data.
    let unit1 = h.step(&Event::LeaderElected, unit0.clone().unit_id(1));
    assert_eq!(writes(&h.take_requests()), Vec::<String>::new());
    assert_eq!(unit1.unit_status, active());
    assert_eq!(unit1.relations, h.in_model(unit0.clone()).relations);

    // And back.
    let unit0 = h.step(&Event::LeaderElected, unit0);
    assert_eq!(writes(&h.take_requests()), Vec::<String>::new());
    assert_eq!(unit0.unit_status, active());
    assert_eq!(h.comparable_objects(), objects);
}

#[test]
fn infrastructure_labels_and_annotations_are_applied_and_removed() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let state = h.deploy_http();
    let state = h.step(
        &Event::ConfigChanged,
        state
            .config(
                "gateway-infrastructure-labels",
                "team=web,example.com/tier=front",
            )
            .config(
                "gateway-infrastructure-annotations",
                "service.beta.kubernetes.io/aws-load-balancer-scheme=internal",
            ),
    );
    let spec = |h: &ProcessHarness| h.object(Resource::GATEWAYS, APP).unwrap()["spec"].clone();
    assert_eq!(
        spec(&h)["infrastructure"],
        json!({
            "labels": {"example.com/tier": "front", "team": "web"},
            "annotations": {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"},
        })
    );
    let mut state = state;
    state.config.remove("gateway-infrastructure-labels");
    let state = h.step(&Event::ConfigChanged, state);
    assert_eq!(
        spec(&h)["infrastructure"],
        json!({"annotations": {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"}})
    );
    let mut state = state;
    state.config.remove("gateway-infrastructure-annotations");
    let state = h.step(&Event::ConfigChanged, state);
    assert_eq!(spec(&h).get("infrastructure"), None);
    assert_eq!(state.unit_status, active());
}

#[test]
fn every_route_namespace_policy_is_admitted() {
    let Some(h) = ProcessHarness::start(DISPATCH) else {
        return;
    };
    let mut state = h.deploy_http();
    for (policy, expected) in [
        ("same", json!({"from": "Same"})),
        (
            "team=web,tier=front",
            json!({"from": "Selector", "selector": {"matchLabels": {"team": "web", "tier": "front"}}}),
        ),
        ("all", json!({"from": "All"})),
    ] {
        state = h.step(
            &Event::ConfigChanged,
            state.config("allowed-route-namespaces", policy),
        );
        assert_eq!(state.unit_status, active(), "{policy}");
        let gateway = h.object(Resource::GATEWAYS, APP).unwrap();
        assert_eq!(
            gateway["spec"]["listeners"][0]["allowedRoutes"]["namespaces"], expected,
            "{policy}"
        );
    }
}
