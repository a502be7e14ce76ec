//! Full hook sequence in ingress mode: deploy → config → ingress relation → change port →
//! break relation → remove, asserting objects, databags and statuses at each step.

use integrator_fixtures as support;

use charm_cluster::Kind;
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, databag};
use serde_json::json;
use support::objects::names;
use support::{APP, cluster, ingress_relation, leader_state, run, step};

#[test]
fn ingress_mode_end_to_end() {
    let mut cluster = cluster();

    // Deploy: `install` does nothing; in the `config-changed` Juju runs next, enforce-https
    // defaults to true and there is no certificates relation.
    let state = step(Event::Install, leader_state(), &mut cluster);
    assert_eq!(state, leader_state());
    assert!(cluster.calls().is_empty());
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Blocked(
            "Certificates relation is needed if enforce-https is enabled.".into()
        ))
    );
    assert!(names(&cluster, Kind::Gateway).is_empty());

    // Configure plain HTTP with a class the cluster has: the Gateway is created, no address yet.
    let state = state
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting("Waiting for gateway address".into()))
    );
    let gateway = cluster
        .object(Kind::Gateway, APP)
        .expect("gateway created")
        .clone();
    assert_eq!(gateway["spec"]["gatewayClassName"], json!("cilium"));
    assert_eq!(
        gateway["metadata"]["labels"]["gateway-api-integrator.charm.juju.is/managed-by"],
        json!(APP)
    );
    assert_eq!(
        gateway["spec"]["listeners"][0]["name"],
        json!(format!("{APP}-http"))
    );

    // The controller assigns an address; update-status picks it up.
    assert!(cluster.set_gateway_address(APP, "10.0.0.7"));
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        state.unit_status,
        Some(Status::Active(
            "Gateway addresses: 10.0.0.7 (enforce-https is set to false)".into()
        ))
    );

    // Relate a workload over ingress: Service + HTTPRoute, URL published.
    let relation = ingress_relation(8080);
    let state = state.relation(relation.clone());
    let state = step(
        Event::relation_changed(&relation, Some("flask/0")),
        state,
        &mut cluster,
    );
    let service_name = format!("{APP}-flask-service");
    assert_eq!(names(&cluster, Kind::Service), vec![service_name.clone()]);
    let service = cluster.object(Kind::Service, &service_name).unwrap();
    assert_eq!(
        service["spec"]["ports"],
        json!([{"name": "tcp-8080", "port": 8080, "targetPort": 8080}])
    );
    assert_eq!(
        service["spec"]["selector"],
        json!({"app.kubernetes.io/name": "flask"})
    );
    // Each application's routes carry its name and relation id.
    assert_eq!(
        names(&cluster, Kind::HttpRoute),
        vec![format!("{APP}-flask-3-http")]
    );
    let route = cluster
        .object(Kind::HttpRoute, &format!("{APP}-flask-3-http"))
        .unwrap();
    assert_eq!(
        route["spec"]["rules"][0]["matches"],
        json!([{"path": {"type": "PathPrefix", "value": "/testing-flask"}}])
    );
    assert_eq!(
        state.get_relation(3).unwrap().local_app_data,
        databag([("ingress", "{\"url\": \"http://10.0.0.7/testing-flask\"}")])
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Active(
            "Gateway addresses: 10.0.0.7 (enforce-https is set to false)".into()
        ))
    );

    // A second hook with nothing new writes nothing: no apply, no delete, no relation-set.
    let before = cluster.calls().len();
    let out = run(Event::UpdateStatus, state, &mut cluster);
    let writes: Vec<_> = cluster.calls()[before..]
        .iter()
        .filter(|call| {
            !matches!(
                call.verb,
                charm_cluster::Verb::Get | charm_cluster::Verb::List
            )
        })
        .collect();
    assert!(writes.is_empty(), "a no-op reconcile wrote {writes:?}");
    assert_eq!(out.calls.get("relation-set"), 0);
    let state = out.state;

    // The workload moves to port 9090: the Service follows.
    let mut state = state;
    state
        .get_relation_mut(3)
        .unwrap()
        .remote_app_data
        .insert("port".into(), "9090".into());
    let relation = state.get_relation(3).unwrap().clone();
    let state = step(
        Event::relation_changed(&relation, None),
        state,
        &mut cluster,
    );
    let service = cluster.object(Kind::Service, &service_name).unwrap();
    assert_eq!(
        service["spec"]["ports"],
        json!([{"name": "tcp-9090", "port": 9090, "targetPort": 9090}])
    );

    // The relation breaks: its Service and HTTPRoute go, the Gateway stays.
    let state = step(Event::relation_broken(&relation), state, &mut cluster);
    assert!(names(&cluster, Kind::Service).is_empty());
    assert!(names(&cluster, Kind::HttpRoute).is_empty());
    assert_eq!(names(&cluster, Kind::Gateway), vec![APP.to_owned()]);
    let mut state = state;
    state.relations.retain(|r| r.id != 3);

    // Remove: every object we own is deleted.
    let state = step(Event::Remove, state, &mut cluster);
    for kind in Kind::ALL {
        assert!(names(&cluster, kind).is_empty(), "{kind} left behind");
    }
    assert_eq!(
        state.unit_status,
        Some(Status::Maintenance("Removed.".into()))
    );
}
