//! Three ingress applications (one in another model) and an ISD259 route requirer on one
//! Gateway under `external-hostname`: byte-exact bags, two listeners, a route each, selector
//! Services for this model and an EndpointSlice for the other's, and both proxied-endpoints
//! actions listing every application.

use charm_cluster::Kind;
use integrator_fixtures::objects::{listener_names, names};
use integrator_fixtures::{APP, MODEL, run};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, databag};
use serde_json::{Value, json};

use crate::{ADDRESS, HOST, MANAGED_BY, RELATION, bag, deployed, sent};

#[test]
fn three_applications_and_a_route_requirer_share_one_gateway() {
    let (state, cluster) = deployed();
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false)"
        )))
    );
    // Byte-exact bags, as the Python ingress library writes them.
    for (id, path) in [
        (3, "testing-flask"),
        (4, "testing-blog"),
        (5, "other-remote"),
    ] {
        assert_eq!(
            bag(&state, id),
            databag([("ingress", format!("{{\"url\": \"http://{HOST}/{path}\"}}"))]),
            "relation {id}"
        );
    }
    assert_eq!(
        bag(&state, 6),
        databag([("endpoints", "[\"http://shop.example.com/\"]")])
    );

    // Two listeners, whatever the number of ingress applications.
    assert_eq!(
        listener_names(&cluster),
        [
            format!("{APP}-http-shop-example-com"),
            format!("{APP}-http-www-example-com")
        ]
    );
    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        [
            format!("{APP}-blog-4-http"),
            format!("{APP}-flask-3-http"),
            format!("{APP}-remote-5-http"),
            format!("{APP}-shop-6-http"),
        ]
    );

    // The same-model applications keep selector Services; the other model's gets none, and an
    // EndpointSlice with exactly its units' addresses.
    let remote = format!("{APP}-remote-5-service");
    assert_eq!(
        names(&cluster, Kind::Service),
        [
            format!("{APP}-blog-service"),
            format!("{APP}-flask-service"),
            remote.clone(),
            format!("{APP}-shop-service"),
        ]
    );
    let labels = json!({MANAGED_BY: APP, RELATION: "gateway.5"});
    assert_eq!(
        sent(&cluster, Kind::Service, &remote),
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": remote, "namespace": MODEL, "labels": labels},
            "spec": {"ports": [{"name": "tcp-8080", "port": 8080, "targetPort": 8080}]},
        })
    );
    let slice = format!("{remote}-ipv4");
    assert_eq!(
        names(&cluster, Kind::EndpointSlice),
        std::slice::from_ref(&slice)
    );
    assert_eq!(
        sent(&cluster, Kind::EndpointSlice, &slice),
        json!({
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": slice, "namespace": MODEL, "labels": {
                MANAGED_BY: APP,
                RELATION: "gateway.5",
                "kubernetes.io/service-name": remote,
                "endpointslice.kubernetes.io/managed-by": "gateway-api-integrator.charm.juju.is",
            }},
            "addressType": "IPv4",
            "endpoints": [
                {"addresses": ["10.2.0.5"], "conditions": {"ready": true}},
                {"addresses": ["10.2.0.6"], "conditions": {"ready": true}},
            ],
            "ports": [{"name": "tcp-8080", "port": 8080, "protocol": "TCP"}],
        })
    );

    // Both action names list every application.
    for action in ["get-proxied-endpoints", "show-proxied-endpoints"] {
        let mut cluster = cluster.clone();
        let out = run(Event::action(action), state.clone(), &mut cluster);
        let result: Value =
            serde_json::from_str(&out.state.action_results["proxied-endpoints"]).unwrap();
        assert_eq!(
            result,
            json!({
                APP: {"url": format!("http://{HOST}")},
                "flask": {"url": format!("http://{HOST}/testing-flask")},
                "blog": {"url": format!("http://{HOST}/testing-blog")},
                "remote": {"url": format!("http://{HOST}/other-remote")},
                "shop": {"url": "http://shop.example.com/"},
            }),
            "{action}"
        );
    }
}
