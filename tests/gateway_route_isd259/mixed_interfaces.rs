//! ISD259 requirers on the same Gateway as v1 gateway-route requirers (which get the
//! Gateway's coordinates and route for themselves) and as ingress requirers.

use integrator_fixtures::objects::{listener_names, names};
use integrator_fixtures::{APP, MODEL, cluster, step, v1_requirer as v1};

use charm_cluster::Kind;
use juju_hook::Event;
use juju_hook_testing::{EventExt, Relation, databag};

use crate::requirers::isd259;
use crate::{ADDRESS, active_with, endpoints, ready, with_relations};

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
    let state = with_relations(state, &[routed.clone(), ingress.clone()]);
    // Each relation arrives with its own hook, as in Juju.
    let state = step(Event::relation_created(&ingress), state, &mut cluster);
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
