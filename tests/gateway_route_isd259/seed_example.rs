//! Seed 002's example end to end: the Service and HTTPRoute of the request, exact JSON, its
//! endpoints published back; a second reconcile writes nothing; the broken relation removes
//! the objects.

use integrator_fixtures::objects::{listener_names, names, rendered};
use integrator_fixtures::{APP, MODEL, cluster, run, step};

use charm_cluster::{Kind, Verb};
use juju_hook::Event;
use juju_hook_testing::{EventExt, databag};
use serde_json::json;

use crate::requirers::isd259;
use crate::{active_with, ready};

/// The label naming the one relation an object serves.
const RELATION: &str = "gateway-api-integrator.charm.juju.is/relation";
const LABEL: &str = "gateway-api-integrator.charm.juju.is/managed-by";

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
