//! Past the Gateway's 64 listeners: 200 hostnames are all served, the Gateway holding 64 and
//! ListenerSets the rest, each route attached to the parent its listener is on, every object
//! admitted by the real API server; removing 150 of them shrinks everything back onto the
//! Gateway and deletes the ListenerSets.

use integrator_fixtures::admission::DryRun;
use integrator_fixtures::objects::names;
use integrator_fixtures::{APP, MODEL, cluster, step};

use charm_cluster::{InMemoryCluster, Kind};
use juju_hook::Event;
use juju_hook_testing::{EventExt, Relation};
use serde_json::{Value, json};

use crate::requirers::isd259;
use crate::{active_with, endpoints, ready, with_relations};

fn relation(i: u64) -> Relation {
    isd259(
        i,
        &format!("h{i:03}.example.com"),
        &["/"],
        &format!("w{i}"),
        80,
    )
}

fn listeners(object: &Value) -> Vec<String> {
    object["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

fn parent(cluster: &InMemoryCluster, i: u64) -> Value {
    let route = cluster
        .object(Kind::HttpRoute, &format!("{APP}-w{i}-{i}-http"))
        .unwrap_or_else(|| panic!("route {i}"));
    route["spec"]["parentRefs"][0].clone()
}

#[test]
fn two_hundred_hostnames_spill_into_listener_sets_and_shrink_back() {
    let mut cluster = cluster();
    let state = ready(&mut cluster);
    let relations: Vec<Relation> = (1..=200).map(relation).collect();
    let state = with_relations(state, &relations);
    // A relation event of the endpoint: the hook record does not know the new relations.
    let changed = Event::relation_changed(&relations[0], None);
    let state = step(changed, state, &mut cluster);
    assert_eq!(state.unit_status, active_with(""));

    // The Gateway: the first 64 hostnames; it accepts ListenerSets of its namespace.
    let gateway = cluster.object(Kind::Gateway, APP).unwrap().clone();
    let on_gateway = listeners(&gateway);
    assert_eq!(on_gateway.len(), 64);
    assert_eq!(on_gateway[0], format!("{APP}-http-h001-example-com"));
    assert_eq!(on_gateway[63], format!("{APP}-http-h064-example-com"));
    assert_eq!(
        gateway["spec"]["allowedListeners"],
        json!({"namespaces": {"from": "Same"}})
    );
    // Three ListenerSets: 64, 64 and 8 listeners, attached to the Gateway.
    let sets = names(&cluster, Kind::ListenerSet);
    assert_eq!(sets, [1, 2, 3].map(|n| format!("{APP}-listeners-{n}")));
    let sizes: Vec<usize> = sets
        .iter()
        .map(|name| listeners(cluster.object(Kind::ListenerSet, name).unwrap()).len())
        .collect();
    assert_eq!(sizes, [64, 64, 8]);
    let third = cluster
        .object(Kind::ListenerSet, &format!("{APP}-listeners-3"))
        .unwrap();
    assert_eq!(
        third["spec"]["parentRef"],
        json!({"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": APP})
    );
    assert_eq!(
        third["spec"]["listeners"][7],
        json!({"name": format!("{APP}-http-h200-example-com"), "hostname": "h200.example.com",
               "port": 80, "protocol": "HTTP",
               "allowedRoutes": {"namespaces": {"from": "All"}}})
    );
    // Each route names the parent its listener is on.
    assert_eq!(
        parent(&cluster, 64),
        json!({"name": APP, "namespace": MODEL,
               "sectionName": format!("{APP}-http-h064-example-com")})
    );
    assert_eq!(
        parent(&cluster, 200),
        json!({"group": "gateway.networking.k8s.io", "kind": "ListenerSet",
               "name": format!("{APP}-listeners-3"), "namespace": MODEL,
               "sectionName": format!("{APP}-http-h200-example-com")})
    );
    assert_eq!(names(&cluster, Kind::HttpRoute).len(), 200);
    assert_eq!(
        endpoints(&state, 200),
        Some(vec!["http://h200.example.com/".to_owned()])
    );
    // The real API server admits every one of them: the Gateway with allowedListeners, the
    // ListenerSets, the routes whose parent is a ListenerSet.
    if let Some(mut server) = DryRun::start("admission-listenersets") {
        assert_eq!(
            server.check_stored("200 hostnames", &cluster),
            1 + 3 + 200 + 200
        );
        server.assert_admitted(404);
    }

    // 150 relations go: 50 hostnames fit on the Gateway again.
    let mut state = state;
    state
        .relations
        .retain(|r| r.id > 150 || r.endpoint != "gateway-route");
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(state.unit_status, active_with(""));
    let gateway = cluster.object(Kind::Gateway, APP).unwrap().clone();
    assert_eq!(listeners(&gateway).len(), 50);
    assert_eq!(gateway["spec"].get("allowedListeners"), None);
    assert_eq!(names(&cluster, Kind::ListenerSet), Vec::<String>::new());
    assert_eq!(
        parent(&cluster, 200),
        json!({"name": APP, "namespace": MODEL,
               "sectionName": format!("{APP}-http-h200-example-com")})
    );
    assert_eq!(names(&cluster, Kind::HttpRoute).len(), 50);
}
