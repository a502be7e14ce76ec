//! gateway-route per ISD259 (seed 002): the integrator creates the Service and HTTPRoutes of
//! each requirer's workload and publishes `endpoints` back; v1 requirers get the Gateway's
//! coordinates. Driven through the hook harness with the configurator's wire bag.

use integrator_fixtures as support;

use charm_cluster::{InMemoryCluster, Kind, Verb};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, State, databag};
use serde_json::{Value, json};
use support::{APP, MODEL, cluster, leader_state, run, step};

const ADDRESS: &str = "10.0.0.7";
/// The label naming the one relation an object serves.
const RELATION: &str = "gateway-api-integrator.charm.juju.is/relation";
const LABEL: &str = "gateway-api-integrator.charm.juju.is/managed-by";

/// The configurator's app bag as recorded from the real v0 library
/// (`../shared/interop-golden/gateway_route.emit-v0.json`), with the given values.
fn wire_bag(hostname: &str, paths: &[&str], model: &str, workload: &str, port: u16) -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/interop-golden/gateway_route.emit-v0.json"
    );
    let golden: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut bag = golden["app"].clone();
    let keys: Vec<&str> = bag
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["hostname", "model", "name", "paths", "port"]);
    bag["hostname"] = json!(json!(hostname).to_string());
    bag["paths"] = json!(json!(paths).to_string());
    bag["model"] = json!(json!(model).to_string());
    bag["name"] = json!(json!(workload).to_string());
    bag["port"] = json!(port.to_string());
    bag
}

fn isd259(id: u64, hostname: &str, paths: &[&str], workload: &str, port: u16) -> Relation {
    isd259_in(id, hostname, paths, MODEL, workload, port)
}

fn isd259_in(
    id: u64,
    hostname: &str,
    paths: &[&str],
    model: &str,
    workload: &str,
    port: u16,
) -> Relation {
    let bag = wire_bag(hostname, paths, model, workload, port);
    let remote = format!("configurator-{id}");
    Relation::new("gateway-route", "gateway-route", id, remote.clone())
        .remote_app_data(
            bag.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())),
        )
        .remote_unit(format!("{remote}/0"), databag::<&str, &str>([]))
}

fn v1(id: u64, hostname: &str) -> Relation {
    support::v1_requirer(id, hostname)
}

/// A configured integrator (plain HTTP) whose Gateway already has its address.
fn ready(cluster: &mut InMemoryCluster) -> State {
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let state = step(Event::ConfigChanged, state, cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    step(Event::UpdateStatus, state, cluster)
}

fn with_relations(mut state: State, relations: &[Relation]) -> State {
    for relation in relations {
        state = state.relation(relation.clone());
    }
    state
}

fn names(cluster: &InMemoryCluster, kind: Kind) -> Vec<String> {
    cluster.names(kind).into_iter().map(str::to_owned).collect()
}

/// The object as we rendered it: the server's and the fingerprint's additions left out.
fn rendered(cluster: &InMemoryCluster, kind: Kind, name: &str) -> Value {
    let object = cluster
        .object(kind, name)
        .unwrap_or_else(|| panic!("{kind} {name} missing"));
    json!({
        "apiVersion": object["apiVersion"],
        "kind": object["kind"],
        "metadata": {
            "name": object["metadata"]["name"],
            "namespace": object["metadata"]["namespace"],
            "labels": object["metadata"]["labels"],
        },
        "spec": object["spec"],
    })
}

fn endpoints(state: &State, id: u64) -> Option<Vec<String>> {
    let bag = &state.get_relation(id).unwrap().local_app_data;
    bag.get("endpoints")
        .map(|text| serde_json::from_str(text).unwrap())
}

fn listener_names(cluster: &InMemoryCluster) -> Vec<String> {
    cluster.object(Kind::Gateway, APP).unwrap()["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

fn active_with(notes: &str) -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false){notes}"
    )))
}

#[test]
fn seed_example_end_to_end() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let relation = isd259(5, "myapp.com", &["/foo", "/bar"], "my-service", 8080);
    let state = state.relation(relation.clone());
    let state = step(
        Event::relation_changed(&relation, None),
        state,
        &mut cluster,
    );

    let service = format!("{APP}-my-service-service");
    assert_eq!(names(&cluster, Kind::Service), vec![service.clone()]);
    assert_eq!(
        rendered(&cluster, Kind::Service, &service),
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": service, "namespace": MODEL, "labels": {LABEL: APP, RELATION: "gateway-route.5"}},
            "spec": {
                "ports": [{"name": "tcp-8080", "port": 8080, "targetPort": 8080}],
                "selector": {"app.kubernetes.io/name": "my-service"},
            },
        })
    );
    let route = format!("{APP}-my-service-5-http");
    assert_eq!(names(&cluster, Kind::HttpRoute), vec![route.clone()]);
    assert_eq!(
        rendered(&cluster, Kind::HttpRoute, &route),
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": route, "namespace": MODEL, "labels": {LABEL: APP, RELATION: "gateway-route.5"}},
            "spec": {
                "hostnames": ["myapp.com"],
                "parentRefs": [{
                    "name": APP,
                    "namespace": MODEL,
                    "sectionName": format!("{APP}-http-myapp-com"),
                }],
                "rules": [{
                    "matches": [
                        {"path": {"type": "PathPrefix", "value": "/foo"}},
                        {"path": {"type": "PathPrefix", "value": "/bar"}},
                    ],
                    "backendRefs": [{"name": service, "port": 8080}],
                }],
            },
        })
    );
    assert_eq!(
        listener_names(&cluster),
        vec![format!("{APP}-http-myapp-com")]
    );
    assert_eq!(
        state.get_relation(5).unwrap().local_app_data,
        databag([(
            "endpoints",
            "[\"http://myapp.com/foo\", \"http://myapp.com/bar\"]"
        )])
    );
    assert_eq!(state.unit_status, active_with(""));

    // Nothing new: no apply, no delete, no relation-set.
    let before = cluster.calls().len();
    let out = run(Event::UpdateStatus, state, &mut cluster);
    let writes = cluster.calls()[before..]
        .iter()
        .filter(|c| matches!(c.verb, Verb::Apply | Verb::Delete))
        .count();
    assert_eq!(writes, 0);
    assert_eq!(out.calls.get("relation-set"), 0);

    // The relation breaks: its Service and route go.
    let state = step(Event::relation_broken(&relation), out.state, &mut cluster);
    assert!(names(&cluster, Kind::Service).is_empty());
    assert!(names(&cluster, Kind::HttpRoute).is_empty());
    assert_eq!(state.unit_status, active_with(""));
}

#[test]
fn conflicting_hostname_and_path_goes_to_the_lowest_relation_id() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let first = isd259(3, "myapp.com", &["/foo"], "alpha", 8080);
    let second = isd259(8, "myapp.com", &["/bar", "/foo"], "beta", 9090);
    // The loser had endpoints before (stale): they are cleared, not left behind.
    let second = second.local_app_data([("endpoints", "[\"http://myapp.com/bar\"]")]);
    let state = with_relations(state, &[first.clone(), second.clone()]);
    let state = step(Event::relation_changed(&second, None), state, &mut cluster);

    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        vec![format!("{APP}-alpha-3-http")]
    );
    assert_eq!(
        names(&cluster, Kind::Service),
        vec![format!("{APP}-alpha-service")]
    );
    assert_eq!(
        endpoints(&state, 3),
        Some(vec!["http://myapp.com/foo".to_owned()])
    );
    assert_eq!(endpoints(&state, 8), None);
    assert_eq!(
        state.unit_status,
        active_with("; gateway-route:8 not routed: myapp.com/foo is taken by gateway-route:3")
    );
}

#[test]
fn invalid_requirers_are_skipped_and_named_the_rest_is_served() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let good = isd259(3, "good.example.com", &["/"], "good", 8080);
    let cross_model = isd259_in(4, "other.example.com", &["/"], "elsewhere", "w", 80);
    let mut broken = isd259(5, "broken.example.com", &["/"], "broken", 80);
    broken
        .remote_app_data
        .insert("port".into(), "\"not a port\"".into());
    let state = with_relations(state, &[good, cross_model, broken.clone()]);
    let state = step(Event::relation_changed(&broken, None), state, &mut cluster);

    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        vec![format!("{APP}-good-3-http")]
    );
    assert_eq!(
        listener_names(&cluster),
        vec![format!("{APP}-http-good-example-com")]
    );
    assert_eq!(
        endpoints(&state, 3),
        Some(vec!["http://good.example.com/".to_owned()])
    );
    assert_eq!(endpoints(&state, 4), None);
    assert_eq!(endpoints(&state, 5), None);
    assert_eq!(
        state.unit_status,
        active_with("; ignoring invalid data on gateway-route:4, gateway-route:5")
    );
}

#[test]
fn mixed_isd259_and_v1_requirers() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let routed = isd259(3, "routed.example.com", &["/api"], "api", 8000);
    let own_routes = v1(4, "own.example.com");
    let state = with_relations(state, &[routed, own_routes.clone()]);
    let state = step(
        Event::relation_changed(&own_routes, None),
        state,
        &mut cluster,
    );

    // Listeners for both; routes only for the ISD259 requirer.
    assert_eq!(
        listener_names(&cluster),
        vec![
            format!("{APP}-http-own-example-com"),
            format!("{APP}-http-routed-example-com"),
        ]
    );
    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        vec![format!("{APP}-api-3-http")]
    );
    assert_eq!(
        state.get_relation(3).unwrap().local_app_data,
        databag([("endpoints", "[\"http://routed.example.com/api\"]")])
    );
    assert_eq!(
        state.get_relation(4).unwrap().local_app_data,
        databag([
            ("gateway_address", format!("\"{ADDRESS}\"")),
            ("gateway_model", format!("\"{MODEL}\"")),
            ("gateway_name", format!("\"{APP}\"")),
            ("hsts_max_age", "null".to_owned()),
            ("https_mode", "\"disabled\"".to_owned()),
        ])
    );
    assert_eq!(state.unit_status, active_with(""));
}

#[test]
fn ingress_and_isd259_are_served_together() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let routed = isd259(3, "routed.example.com", &["/"], "api", 8000);
    let ingress = Relation::new("gateway", "ingress", 9, "flask")
        .remote_app_data(databag([
            ("model", format!("\"{MODEL}\"")),
            ("name", "\"flask\"".to_owned()),
            ("port", "8080".to_owned()),
        ]))
        .remote_unit(
            "flask/0",
            databag([("host", "\"flask-0.flask-endpoints.testing.svc\"")]),
        );
    let state = with_relations(state, &[routed.clone(), ingress]);
    let state = step(Event::relation_changed(&routed, None), state, &mut cluster);
    assert_eq!(state.unit_status, active_with(""));
    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        vec![format!("{APP}-api-3-http"), format!("{APP}-flask-9-http")]
    );
    assert_eq!(
        endpoints(&state, 3),
        Some(vec!["http://routed.example.com/".to_owned()])
    );
    assert_eq!(
        state.get_relation(9).unwrap().local_app_data,
        databag([(
            "ingress",
            format!("{{\"url\": \"http://{ADDRESS}/{MODEL}-flask\"}}")
        )])
    );
}

#[test]
fn hostnames_past_the_listener_limit_are_left_out_and_named() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    // No TLS: one listener per hostname, 64 at most. 66 requirers, one hostname each.
    let relations: Vec<Relation> = (1..=66)
        .map(|i| {
            isd259(
                i,
                &format!("h{i:03}.example.com"),
                &["/"],
                &format!("w{i}"),
                80,
            )
        })
        .collect();
    let state = with_relations(state, &relations);
    let state = step(
        Event::relation_changed(&relations[0], None),
        state,
        &mut cluster,
    );

    let listeners = listener_names(&cluster);
    assert_eq!(listeners.len(), 64);
    assert!(!listeners.contains(&format!("{APP}-http-h065-example-com")));
    assert_eq!(names(&cluster, Kind::HttpRoute).len(), 64);
    assert_eq!(
        endpoints(&state, 64),
        Some(vec!["http://h064.example.com/".into()])
    );
    assert_eq!(endpoints(&state, 65), None);
    assert_eq!(endpoints(&state, 66), None);
    assert_eq!(
        state.unit_status,
        active_with(
            "; h065.example.com not served: the Gateway is at its 64-listener limit\
             ; h066.example.com not served: the Gateway is at its 64-listener limit"
        )
    );
}

/// Hook-tool and API calls of one reconcile with `n` ISD259 relations (distinct paths over at
/// most 30 hostnames, one workload each), and of the no-op reconcile after it.
fn reconcile_costs(n: u64) -> [u64; 6] {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let relations: Vec<Relation> = (1..=n)
        .map(|i| {
            let host = format!("h{}.example.com", i % 30);
            isd259(i, &host, &[&format!("/p{i}")], &format!("w{i}"), 8080)
        })
        .collect();
    let state = with_relations(state, &relations);
    let count = |cluster: &InMemoryCluster, from: usize, verb: Verb| {
        cluster.calls()[from..]
            .iter()
            .filter(|c| c.verb == verb)
            .count() as u64
    };
    let before = cluster.calls().len();
    let out = run(Event::UpdateStatus, state, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(out.state.unit_status, active_with(""));
    let first = [
        out.calls.total(),
        out.calls.get("relation-set"),
        count(&cluster, before, Verb::Apply),
        count(&cluster, before, Verb::List) + count(&cluster, before, Verb::Get),
    ];
    let before = cluster.calls().len();
    let again = run(Event::UpdateStatus, out.state, &mut cluster);
    assert!(again.exit.is_ok());
    [
        first[0],
        first[1],
        first[2],
        first[3],
        again.calls.get("relation-set"),
        count(&cluster, before, Verb::Apply) + count(&cluster, before, Verb::Delete),
    ]
}

#[test]
fn five_hundred_relations_cost_linear_calls() {
    let [tools_0, _, _, reads_0, _, _] = reconcile_costs(0);
    let [tools, sets, applies, reads, sets_again, writes_again] = reconcile_costs(500);
    // Per relation: relation-list, relation-get of its app bag and of ours, one relation-set.
    assert_eq!(tools, tools_0 + 500 * 4);
    assert_eq!(sets, 500);
    // The Gateway, then a Service and an HTTPRoute per relation.
    assert_eq!(applies, 1 + 500 + 500);
    // Reads: the same LISTs (GatewayClasses + one per managed kind), plus one ownership GET
    // per object we do not own yet (the 1000 new Services and HTTPRoutes).
    assert_eq!(reads, reads_0 + 1000);
    // And the reconcile after it writes nothing.
    assert_eq!((sets_again, writes_again), (0, 0));
}
