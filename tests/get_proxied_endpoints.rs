//! The `get-proxied-endpoints` action in ingress and gateway-route mode.

use integrator_fixtures as support;

use charm_cluster::InMemoryCluster;
use juju_hook::Event;
use juju_hook_testing::{EventExt, Relation, State, databag};
use serde_json::{Value, json};
use support::{APP, MODEL, cluster, leader_state, run, step};

fn endpoints(state: State, cluster: &mut InMemoryCluster) -> Result<Value, String> {
    let out = run(Event::action("get-proxied-endpoints"), state, cluster);
    assert!(out.exit.is_ok());
    if let Some(failure) = out.state.action_failure {
        return Err(failure);
    }
    let raw = &out.state.action_results["proxied-endpoints"];
    Ok(serde_json::from_str(raw).expect("the result is JSON"))
}

fn http_state() -> State {
    leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
}

#[test]
fn ingress_mode_lists_the_integrator_and_the_workload() {
    let mut cluster = cluster();
    let state = step(Event::ConfigChanged, http_state(), &mut cluster);
    assert_eq!(
        endpoints(state.clone(), &mut cluster),
        Err("The gateway address is not available yet.".into())
    );
    assert!(cluster.set_gateway_address(APP, "10.0.0.7"));
    let relation = Relation::new("gateway", "ingress", 3, "flask")
        .remote_app_data(databag([
            ("model", format!("\"{MODEL}\"")),
            ("name", "\"flask\"".to_owned()),
            ("port", "8080".to_owned()),
        ]))
        .remote_unit(
            "flask/0",
            databag([("host", "\"flask-0.flask-endpoints.testing.svc\"")]),
        );
    let state = state.relation(relation.clone());
    let state = step(
        Event::relation_changed(&relation, Some("flask/0")),
        state,
        &mut cluster,
    );
    assert_eq!(
        endpoints(state, &mut cluster),
        Ok(json!({
            APP: {"url": "http://10.0.0.7"},
            "flask": {"url": "http://10.0.0.7/testing-flask"},
        }))
    );
}

#[test]
fn gateway_route_mode_lists_each_requirer_by_hostname() {
    let mut cluster = cluster();
    let blog = Relation::new("gateway-route", "gateway-route", 5, "blog-route")
        .remote_app_data(databag([("hostname", "\"blog.example.com\"")]));
    let bare = Relation::new("gateway-route", "gateway-route", 6, "bare-route");
    let state = http_state().relation(blog.clone()).relation(bare);
    let state = step(Event::relation_changed(&blog, None), state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, "10.0.0.8"));
    let state = step(Event::UpdateStatus, state, &mut cluster);
    assert_eq!(
        endpoints(state, &mut cluster),
        Ok(json!({
            APP: {"url": "http://10.0.0.8"},
            "blog-route": {"url": "http://blog.example.com"},
            "bare-route": {"url": "http://10.0.0.8"},
        }))
    );
}

#[test]
fn a_blocked_charm_fails_the_action_with_the_reason() {
    let mut cluster = cluster();
    let state = leader_state().config("gateway-class", "missing");
    assert_eq!(
        endpoints(state, &mut cluster),
        Err(
            "The charm is not ready: Certificates relation is needed if enforce-https is enabled."
                .into()
        )
    );
}
