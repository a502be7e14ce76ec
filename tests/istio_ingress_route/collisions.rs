//! Who is served when claims collide (lowest relation id, whatever the interface), and what
//! is not served at all: invalid data of one of many, the Gateway's own ports with the other
//! protocol, route hostnames outside `external-hostname`. A requirer that is not served has
//! its provider data wiped (the library's `wipe_ingress_data`) and is named in the status.

use charm_cluster::Kind;
use integrator_fixtures::{APP, ingress_relation, step};
use juju_hook::Event;
use juju_hook_testing::{EventExt, databag};
use serde_json::{Value, json};

use crate::{HOST, ISTIO, MODEL, active, bag, deployed, full_example, istio, relate};

const REDIRECT_NOTE: &str = "; istio-ingress-route:5 grpc route grpc-route: RequestRedirect not served (a GRPCRoute has no such filter)";

/// One HTTP route `name` on `port` matching the path prefix `path`, to Service `service`.
fn one_route(port: u16, name: &str, path: &str, service: &str) -> Value {
    json!({"model": MODEL, "listeners": [{"port": port, "protocol": "HTTP"}],
           "http_routes": [{"name": name, "listener": {"port": port, "protocol": "HTTP"},
                            "backends": [{"service": service, "port": 8080, "weight": null}],
                            "hostnames": null,
                            "matches": [{"headers": null, "method": null,
                                         "path": {"type": "PathPrefix", "value": path}}],
                            "filters": null}],
           "grpc_routes": []})
}

fn routes(cluster: &charm_cluster::InMemoryCluster) -> Vec<String> {
    cluster
        .names(Kind::HttpRoute)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_lower_relation_keeps_a_contested_match_and_the_other_is_wiped() {
    let (state, mut cluster) = deployed();
    let state = relate(state, istio(ISTIO, "myapp", &full_example()), &mut cluster);
    // Relation 6 first asks for something free: served.
    let free = one_route(3200, "other", "/other", "other");
    let state = relate(state, istio(6, "other", &free), &mut cluster);
    assert_eq!(
        bag(&state, 6),
        databag([("external_host", HOST), ("tls_enabled", "False")])
    );
    assert!(routes(&cluster).contains(&format!("{APP}-other-6-other")));

    // Then the example's exact match (on its hostname): taken by relation 5.
    let mut contested = full_example();
    contested["http_routes"][0]["name"] = json!("copy");
    contested["grpc_routes"] = json!([]);
    let relation = istio(6, "other", &contested);
    let mut state = state;
    state.get_relation_mut(6).unwrap().remote_app_data = relation.remote_app_data.clone();
    let state = step(
        Event::relation_changed(&relation, None),
        state,
        &mut cluster,
    );
    assert_eq!(
        state.unit_status,
        // What is not routed comes first, then what is served differently.
        active(&format!(
            "; istio-ingress-route:6 not routed: {HOST}:3200/api GET [x-tenant=blue] is taken by istio-ingress-route:5{REDIRECT_NOTE}"
        ))
    );
    assert_eq!(bag(&state, 6), databag::<&str, &str>([]));
    assert_eq!(routes(&cluster), [format!("{APP}-myapp-5-http-route")]);
    assert_eq!(
        bag(&state, ISTIO),
        databag([("external_host", HOST), ("tls_enabled", "False")])
    );
}

#[test]
fn an_ingress_application_and_an_istio_route_collide_on_the_same_prefix() {
    let (state, mut cluster) = deployed();
    let state = relate(state, ingress_relation(8080), &mut cluster);
    let config = one_route(80, "flask-too", "/testing-flask", "flask");
    let state = relate(state, istio(6, "copycat", &config), &mut cluster);
    assert_eq!(
        state.unit_status,
        active(&format!(
            "; istio-ingress-route:6 not routed: {HOST}/testing-flask is taken by gateway:3"
        ))
    );
    assert_eq!(bag(&state, 6), databag::<&str, &str>([]));
    assert_eq!(routes(&cluster), [format!("{APP}-flask-3-http")]);

    // A different prefix on port 80 shares the Gateway's HTTP listener for the hostname.
    let config = one_route(80, "api", "/api", "api");
    let relation = istio(6, "copycat", &config);
    let mut state = state;
    state.get_relation_mut(6).unwrap().remote_app_data = relation.remote_app_data.clone();
    let state = step(
        Event::relation_changed(&relation, None),
        state,
        &mut cluster,
    );
    assert_eq!(state.unit_status, active(""));
    let route = cluster
        .object(Kind::HttpRoute, &format!("{APP}-copycat-6-api"))
        .expect("served");
    assert_eq!(
        route["spec"]["parentRefs"][0]["sectionName"],
        format!("{APP}-http-myapp-example-com")
    );
}

#[test]
fn what_cannot_be_served_is_named_and_the_rest_is_served() {
    let (state, mut cluster) = deployed();
    let state = relate(state, istio(ISTIO, "myapp", &full_example()), &mut cluster);
    // Invalid data (a path the Gateway API refuses): skipped, named.
    let invalid = one_route(3300, "bad", "no-slash", "bad");
    let state = relate(state, istio(7, "bad", &invalid), &mut cluster);
    // Port 443 while TLS is off: the Gateway's HTTPS port.
    let https_port = one_route(443, "tls", "/tls", "tls");
    let state = relate(state, istio(8, "tls", &https_port), &mut cluster);
    // A route hostname outside external-hostname.
    let mut outside = one_route(3400, "out", "/out", "out");
    outside["http_routes"][0]["hostnames"] = json!(["other.example.org"]);
    let state = relate(state, istio(9, "out", &outside), &mut cluster);

    assert_eq!(
        state.unit_status,
        active(&format!(
            "; istio-ingress-route:8 not routed: port 443 is the Gateway's HTTPS port; \
             istio-ingress-route:9 not routed: route hostname other.example.org is outside external-hostname {HOST}\
             {REDIRECT_NOTE}; ignoring invalid data on istio-ingress-route:7"
        ))
    );
    for id in [7, 8, 9] {
        assert_eq!(bag(&state, id), databag::<&str, &str>([]), "relation {id}");
    }
    assert_eq!(routes(&cluster), [format!("{APP}-myapp-5-http-route")]);
    let listeners: Vec<Value> = cluster.object(Kind::Gateway, APP).unwrap()["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["port"].clone())
        .collect();
    assert_eq!(listeners, [json!(80), json!(3200), json!(9096)]);
}
