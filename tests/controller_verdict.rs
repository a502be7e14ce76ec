//! The gateway controller's verdict in the unit status: the test plays the controller by writing
//! `status` on the objects the charm owns, as a controller does through the status subresource.
//! A listener `Programmed=False` and a route `Accepted=False` surface with the reason, then
//! clear; a rejected route's requirer loses the URL that cannot work and gets it back; a
//! generation the controller has not observed is Waiting; `update-status` writes nothing.

use charm_cluster::{InMemoryCluster, Kind, Verb};
use integrator_fixtures::{APP, MODEL, cluster, leader_state, run_logged, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, State, databag};
use serde_json::{Value, json};

const HOST: &str = "www.example.com";
const ADDRESS: &str = "10.0.0.7";
const ACTIVE: &str = "Gateway addresses: 10.0.0.7 (enforce-https is set to false)";

fn flask() -> Relation {
    Relation::new("gateway", "ingress", 3, "flask")
        .remote_app_data(databag([
            ("model", format!("\"{MODEL}\"")),
            ("name", "\"flask\"".to_owned()),
            ("port", "8080".to_owned()),
        ]))
        .remote_unit(
            "flask/0",
            databag([("host", "\"flask-0.testing.svc\""), ("ip", "\"10.1.0.3\"")]),
        )
}

fn shop() -> Relation {
    Relation::new("gateway-route", "gateway-route", 6, "shop-route").remote_app_data(databag([
        ("hostname", "\"shop.example.com\"".to_owned()),
        ("paths", "[\"/\"]".to_owned()),
        ("model", format!("\"{MODEL}\"")),
        ("name", "\"shop\"".to_owned()),
        ("port", "8000".to_owned()),
    ]))
}

/// HTTP only, an ingress requirer and an ISD259 requirer, the Gateway at [`ADDRESS`].
fn deployed() -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .config("external-hostname", HOST);
    state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    for relation in [flask(), shop()] {
        state = state.relation(relation.clone());
        state = step(
            Event::relation_changed(&relation, None),
            state,
            &mut cluster,
        );
    }
    assert_eq!(state.unit_status, Some(Status::Active(ACTIVE.to_owned())));
    (state, cluster)
}

/// `metadata.generation`, 1 until the test sets another (the in-memory cluster keeps none;
/// the real-server test shows the server's own).
fn generation(cluster: &InMemoryCluster, kind: Kind, name: &str) -> i64 {
    cluster.object(kind, name).expect("object exists")["metadata"]["generation"]
        .as_i64()
        .unwrap_or(1)
}

fn condition(kind: &str, status: &str, reason: &str, generation: i64) -> Value {
    json!({"type": kind, "status": status, "reason": reason, "message": format!("{reason} says the controller"),
           "observedGeneration": generation, "lastTransitionTime": "2026-12-02T00:00:00Z"})
}

/// The Gateway's status as a controller writes it: `Accepted`/`Programmed` true, each listener
/// given `listener` conditions, all at `observed`.
fn gateway_status(cluster: &mut InMemoryCluster, observed: i64, listener: &[(&str, Value)]) {
    let listeners: Vec<Value> = [
        format!("{APP}-http-shop-example-com"),
        format!("{APP}-http-www-example-com"),
    ]
    .into_iter()
    .map(|name| {
        let conditions: Vec<Value> = listener
            .iter()
            .filter(|(which, _)| name.ends_with(which))
            .map(|(_, condition)| condition.clone())
            .chain([condition("Accepted", "True", "Accepted", observed)])
            .collect();
        json!({"name": name, "attachedRoutes": 1, "supportedKinds": [], "conditions": conditions})
    })
    .collect();
    assert!(cluster.set_status(
        Kind::Gateway,
        APP,
        json!({
            "conditions": [condition("Accepted", "True", "Accepted", observed),
                           condition("Programmed", "True", "Programmed", observed)],
            "listeners": listeners,
        })
    ));
}

/// Route `name`'s per-parent status: one parent (our Gateway) with `accepted`.
fn route_status(cluster: &mut InMemoryCluster, name: &str, accepted: (&str, &str)) {
    let observed = generation(cluster, Kind::HttpRoute, name);
    assert!(cluster.set_status(
        Kind::HttpRoute,
        name,
        json!({"parents": [{
            "parentRef": {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": APP},
            "controllerName": "example.com/gateway",
            "conditions": [condition("Accepted", accepted.0, accepted.1, observed),
                           condition("ResolvedRefs", "True", "ResolvedRefs", observed)],
        }]})
    ));
}

/// Run update-status; it must succeed without a single write to the cluster.
fn update_status(state: State, cluster: &mut InMemoryCluster) -> State {
    let before = cluster.calls().len();
    let state = step(Event::UpdateStatus, state, cluster);
    let writes: Vec<String> = cluster.calls()[before..]
        .iter()
        .filter(|call| call.verb != Verb::List && call.verb != Verb::Get)
        .map(|call| format!("{:?} {}", call.verb, call.target))
        .collect();
    assert_eq!(writes, Vec::<String>::new());
    state
}

fn bag(state: &State, id: u64) -> juju_hook::Databag {
    state.get_relation(id).unwrap().local_app_data.clone()
}

#[test]
fn a_listener_not_programmed_blocks_with_the_reason_then_clears() {
    let (state, mut cluster) = deployed();
    let observed = generation(&cluster, Kind::Gateway, APP);
    let bad = condition("Programmed", "False", "InvalidCertificateRef", observed);
    gateway_status(&mut cluster, observed, &[("www-example-com", bad)]);
    let (out, log) = run_logged(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Blocked(format!(
            "listener {APP}-http-www-example-com: Programmed=False (InvalidCertificateRef)"
        )))
    );
    // The log carries the controller's message; URLs stay (a listener is not one requirer's).
    assert_eq!(
        log,
        [format!(
            "WARNING the gateway controller says listener {APP}-http-www-example-com: \
             Programmed=False (InvalidCertificateRef): InvalidCertificateRef says the controller"
        )]
    );
    assert_eq!(
        bag(&out.state, 3),
        databag([(
            "ingress",
            format!("{{\"url\": \"http://{HOST}/testing-flask\"}}")
        )])
    );

    gateway_status(&mut cluster, observed, &[]);
    let state = update_status(out.state, &mut cluster);
    assert_eq!(state.unit_status, Some(Status::Active(ACTIVE.to_owned())));
}

#[test]
fn a_rejected_route_withdraws_its_url_only_and_gets_it_back() {
    let (state, mut cluster) = deployed();
    let observed = generation(&cluster, Kind::Gateway, APP);
    gateway_status(&mut cluster, observed, &[]);
    let flask_route = format!("{APP}-flask-3-http");
    let shop_route = format!("{APP}-shop-6-http");
    route_status(&mut cluster, &shop_route, ("True", "Accepted"));
    route_status(
        &mut cluster,
        &flask_route,
        ("False", "NotAllowedByListeners"),
    );

    let state = update_status(state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Blocked(format!(
            "HTTPRoute {flask_route}: Accepted=False (NotAllowedByListeners)"
        )))
    );
    assert_eq!(bag(&state, 3), databag::<&str, &str>([]));
    assert_eq!(
        bag(&state, 6),
        databag([("endpoints", "[\"http://shop.example.com/\"]")])
    );
    // The route itself is kept: the controller may accept it once the listener allows it.
    assert!(cluster.object(Kind::HttpRoute, &flask_route).is_some());

    // Both rejected: the first is named, the second follows it.
    route_status(&mut cluster, &shop_route, ("False", "NoMatchingParent"));
    let state = update_status(state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Blocked(format!(
            "HTTPRoute {flask_route}: Accepted=False (NotAllowedByListeners); \
             HTTPRoute {shop_route}: Accepted=False (NoMatchingParent)"
        )))
    );
    assert_eq!(bag(&state, 6), databag::<&str, &str>([]));

    route_status(&mut cluster, &flask_route, ("True", "Accepted"));
    route_status(&mut cluster, &shop_route, ("True", "Accepted"));
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(state.unit_status, Some(Status::Active(ACTIVE.to_owned())));
    assert_eq!(
        bag(&state, 3),
        databag([(
            "ingress",
            format!("{{\"url\": \"http://{HOST}/testing-flask\"}}")
        )])
    );
    assert_eq!(
        bag(&state, 6),
        databag([("endpoints", "[\"http://shop.example.com/\"]")])
    );
}

#[test]
fn a_generation_the_controller_has_not_observed_is_waiting() {
    let (state, mut cluster) = deployed();
    let observed = generation(&cluster, Kind::Gateway, APP);
    gateway_status(&mut cluster, observed, &[]);
    let state = update_status(state, &mut cluster);
    assert_eq!(state.unit_status, Some(Status::Active(ACTIVE.to_owned())));

    // A config change applies a new Gateway generation (the server's bump, played here);
    // that hook cannot know the verdict.
    let before = cluster.calls().len();
    let state = step(
        Event::ConfigChanged,
        state.config("gateway-infrastructure-labels", "team=web"),
        &mut cluster,
    );
    assert!(
        cluster.calls()[before..]
            .iter()
            .any(|call| call.verb == Verb::Apply && call.target == APP),
        "the Gateway changed"
    );
    assert!(cluster.set_generation(Kind::Gateway, APP, observed + 1));
    assert_eq!(state.unit_status, Some(Status::Active(ACTIVE.to_owned())));
    let state = update_status(state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting(format!(
            "Waiting for the gateway controller to observe Gateway {APP}"
        )))
    );

    // The controller is working on it.
    let pending = condition("Programmed", "False", "Pending", observed + 1);
    gateway_status(&mut cluster, observed + 1, &[("www-example-com", pending)]);
    let state = update_status(state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting(format!(
            "listener {APP}-http-www-example-com: Programmed=False (Pending)"
        )))
    );

    gateway_status(&mut cluster, observed + 1, &[]);
    let state = update_status(state, &mut cluster);
    assert_eq!(state.unit_status, Some(Status::Active(ACTIVE.to_owned())));
}

#[test]
fn problems_past_the_limit_are_counted_and_all_logged() {
    let (state, mut cluster) = deployed();
    let observed = generation(&cluster, Kind::Gateway, APP);
    // Twelve problems on the two listeners.
    let many: Vec<(&str, Value)> = (0..6)
        .flat_map(|n| {
            let reason = format!("Reason{n}");
            [
                (
                    "www-example-com",
                    condition("ResolvedRefs", "False", &reason, observed),
                ),
                (
                    "shop-example-com",
                    condition("ResolvedRefs", "False", &reason, observed),
                ),
            ]
        })
        .collect();
    gateway_status(&mut cluster, observed, &many);
    let (out, log) = run_logged(Event::UpdateStatus, state, &mut cluster);
    let Some(Status::Blocked(message)) = &out.state.unit_status else {
        panic!("{:?}", out.state.unit_status);
    };
    assert!(
        message.starts_with(&format!(
            "listener {APP}-http-shop-example-com: ResolvedRefs=False (Reason0); "
        )),
        "{message}"
    );
    assert!(message.ends_with("; and 1 more (see the log)"), "{message}");
    assert_eq!(message.matches("ResolvedRefs=False").count(), 11);
    // Every problem is logged, in one line (one `juju-log` per level and hook).
    let warnings: Vec<&String> = log.iter().filter(|l| l.starts_with("WARNING ")).collect();
    assert_eq!(warnings.len(), 1, "{log:?}");
    let logged = warnings[0]
        .matches("the gateway controller says listener")
        .count();
    assert_eq!(logged, 12, "{log:?}");
}
