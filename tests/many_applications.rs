//! Every application on one Gateway: several ingress applications (one in another model) and an
//! ISD259 gateway-route requirer under `external-hostname`, exact URLs, Services and
//! EndpointSlices; removal of one application removes only its objects.

use charm_cluster::{InMemoryCluster, Kind};
use integrator_fixtures::{self as support, APP, MODEL, cluster, leader_state, run, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, State, databag};
use serde_json::{Value, json};

const HOST: &str = "www.example.com";
const ADDRESS: &str = "10.0.0.7";
const RELATION: &str = "gateway-api-integrator.charm.juju.is/relation";
const MANAGED_BY: &str = "gateway-api-integrator.charm.juju.is/managed-by";

/// An ingress requirer `app` of model `model` on relation `id`, one unit per entry of `ips`.
fn ingress(id: u64, model: &str, app: &str, ips: &[&str]) -> Relation {
    let mut relation = Relation::new("gateway", "ingress", id, app).remote_app_data(databag([
        ("model", format!("\"{model}\"")),
        ("name", format!("\"{app}\"")),
        ("port", "8080".to_owned()),
    ]));
    for (n, ip) in ips.iter().enumerate() {
        relation = relation.remote_unit(
            format!("{app}/{n}"),
            databag([
                ("host", format!("\"{app}-{n}.{app}-endpoints.{model}.svc\"")),
                ("ip", format!("\"{ip}\"")),
            ]),
        );
    }
    relation
}

/// An ISD259 requirer on relation `id` for `hostname`, routing `/` to `workload`.
fn isd259(id: u64, hostname: &str, paths: &str, workload: &str) -> Relation {
    Relation::new(
        "gateway-route",
        "gateway-route",
        id,
        format!("{workload}-route"),
    )
    .remote_app_data(databag([
        ("hostname", format!("\"{hostname}\"")),
        ("paths", paths.to_owned()),
        ("model", format!("\"{MODEL}\"")),
        ("name", format!("\"{workload}\"")),
        ("port", "8000".to_owned()),
    ]))
}

fn relations() -> Vec<Relation> {
    vec![
        ingress(3, MODEL, "flask", &["10.1.0.3"]),
        ingress(4, MODEL, "blog", &["10.1.0.4"]),
        ingress(5, "other", "remote", &["10.2.0.6", "10.2.0.5"]),
        isd259(6, "shop.example.com", "[\"/\"]", "shop"),
    ]
}

/// HTTP only, external-hostname set, every relation of [`relations`], Gateway at [`ADDRESS`].
fn deployed() -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .config("external-hostname", HOST);
    state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    for relation in relations() {
        state = state.relation(relation.clone());
        state = step(
            Event::relation_changed(&relation, None),
            state,
            &mut cluster,
        );
    }
    (state, cluster)
}

fn bag(state: &State, id: u64) -> juju_hook::Databag {
    state.get_relation(id).unwrap().local_app_data.clone()
}

fn names(cluster: &InMemoryCluster, kind: Kind) -> Vec<String> {
    cluster.names(kind).into_iter().map(str::to_owned).collect()
}

/// The object as the charm sent it (no server fields, no fingerprint).
fn sent(cluster: &InMemoryCluster, kind: Kind, name: &str) -> Value {
    let mut object = cluster.object(kind, name).expect("object exists").clone();
    let metadata = object["metadata"].as_object_mut().unwrap();
    for field in [
        "uid",
        "resourceVersion",
        "generation",
        "managedFields",
        "annotations",
    ] {
        metadata.remove(field);
    }
    object
}

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
    let gateway = cluster.object(Kind::Gateway, APP).unwrap();
    let listeners: Vec<&str> = gateway["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        listeners,
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

#[test]
fn a_departing_unit_leaves_the_endpoint_slice_and_a_unit_without_ip_is_named() {
    let (mut state, mut cluster) = deployed();
    let slice = format!("{APP}-remote-5-service-ipv4");
    let relation = state.get_relation(5).unwrap().clone();
    state
        .get_relation_mut(5)
        .unwrap()
        .remote_units_data
        .remove("remote/1");
    let state = step(
        Event::relation_departed(&relation, "remote/1", "remote/1"),
        state,
        &mut cluster,
    );
    assert_eq!(
        cluster.object(Kind::EndpointSlice, &slice).unwrap()["endpoints"],
        json!([{"addresses": ["10.2.0.6"], "conditions": {"ready": true}}])
    );

    let mut state = state;
    state.get_relation_mut(5).unwrap().remote_units_data.insert(
        "remote/2".to_owned(),
        databag([("host", "\"remote-2.remote-endpoints.other.svc\"")]),
    );
    let relation = state.get_relation(5).unwrap().clone();
    let state = step(
        Event::relation_changed(&relation, Some("remote/2")),
        state,
        &mut cluster,
    );
    assert_eq!(
        cluster.object(Kind::EndpointSlice, &slice).unwrap()["endpoints"],
        json!([{"addresses": ["10.2.0.6"], "conditions": {"ready": true}}])
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false); \
             remote/2 (gateway:5) not served: it published no ip"
        )))
    );
}

#[test]
fn removing_one_application_removes_only_its_objects() {
    let (state, mut cluster) = deployed();
    let before = |kind| names(&cluster, kind);
    let (routes, services, slices) = (
        before(Kind::HttpRoute),
        before(Kind::Service),
        before(Kind::EndpointSlice),
    );
    for (id, app) in [(4_u64, "blog"), (5, "remote")] {
        let mut cluster = cluster.clone();
        let relation = state.get_relation(id).unwrap().clone();
        let mut after = step(
            Event::relation_broken(&relation),
            state.clone(),
            &mut cluster,
        );
        after.relations.retain(|r| r.id != id);
        let gone = |names: &[String]| -> Vec<String> {
            names
                .iter()
                .filter(|name| !name.contains(&format!("-{app}-")))
                .cloned()
                .collect()
        };
        assert_eq!(names(&cluster, Kind::HttpRoute), gone(&routes), "{app}");
        assert_eq!(names(&cluster, Kind::Service), gone(&services), "{app}");
        assert_eq!(names(&cluster, Kind::EndpointSlice), gone(&slices), "{app}");
        for other in [3, 6]
            .into_iter()
            .chain([4, 5].into_iter().filter(|o| *o != id))
        {
            assert_eq!(
                bag(&after, other),
                bag(&state, other),
                "{app}: relation {other}"
            );
        }
    }
    // The Gateway is the same for all of them.
    assert!(cluster.object(Kind::Gateway, APP).is_some());
    let _ = &mut cluster;
}

#[test]
fn a_collision_across_interfaces_goes_to_the_first_relation() {
    let mut cluster = cluster();
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .config("external-hostname", HOST);
    state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    // The ingress app `shop` of `testing` owns www.example.com/testing-shop (relation 3); an
    // ISD259 requirer asking for the same hostname and path later (relation 7) gets nothing.
    let app = ingress(3, MODEL, "shop", &["10.1.0.3"]);
    let late = isd259(7, HOST, "[\"/testing-shop\", \"/extra\"]", "other");
    for relation in [app, late] {
        state = state.relation(relation.clone());
        state = step(
            Event::relation_changed(&relation, None),
            state,
            &mut cluster,
        );
    }
    assert_eq!(
        bag(&state, 3),
        databag([(
            "ingress",
            format!("{{\"url\": \"http://{HOST}/testing-shop\"}}")
        )])
    );
    assert_eq!(bag(&state, 7), databag::<&str, &str>([]));
    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        [format!("{APP}-shop-3-http")]
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false); \
             gateway-route:7 not routed: {HOST}/testing-shop is taken by gateway:3"
        )))
    );
}

/// Deploy with `flask` and a dns-record relation, no external-hostname unless `hostname`, the
/// Gateway reporting `address`.
fn served_at(address: &str, hostname: Option<&str>) -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .relation(support::ingress_relation(8080))
        .relation(Relation::new("dns-record", "dns_record", 9, "bind"));
    if let Some(hostname) = hostname {
        state = state.config("external-hostname", hostname);
    }
    state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, address));
    (step(Event::UpdateStatus, state, &mut cluster), cluster)
}

fn dns_entry(state: &State, field: &str) -> Value {
    let entries: Value =
        serde_json::from_str(&bag(state, 9)["dns_entries"]).expect("dns_entries JSON");
    entries[0][field].clone()
}

#[test]
fn a_load_balancer_hostname_or_an_ipv6_address_is_served() {
    for (address, url_host, record_type) in [
        ("a1b2.elb.amazonaws.com", "a1b2.elb.amazonaws.com", "CNAME"),
        ("2001:db8::7", "[2001:db8::7]", "AAAA"),
        ("10.0.0.7", "10.0.0.7", "A"),
    ] {
        let (state, _) = served_at(address, None);
        assert_eq!(
            state.unit_status,
            Some(Status::Active(format!(
                "Gateway addresses: {address} (enforce-https is set to false)"
            ))),
            "{address}"
        );
        assert_eq!(
            bag(&state, 3),
            databag([(
                "ingress",
                format!("{{\"url\": \"http://{url_host}/testing-flask\"}}")
            )]),
            "{address}"
        );
        let (state, _) = served_at(address, Some(HOST));
        assert_eq!(
            dns_entry(&state, "record_type"),
            json!(record_type),
            "{address}"
        );
        assert_eq!(
            dns_entry(&state, "record_data"),
            json!(address),
            "{address}"
        );
        assert_eq!(dns_entry(&state, "domain"), json!(HOST), "{address}");
    }
}
