//! Blocked or waiting before there is anything to serve: no hostname, no ingress relation,
//! invalid config (the exact reason), no integrator, a workload that has sent nothing or sent
//! invalid data, an HTTPS backend.

use juju_hook::{Databag, Event, Status};
use juju_hook_testing::{EventExt, Relation, State};

use crate::expected::{MISSING_INGRESS, MISSING_ROUTE, blocked};
use crate::states::{configured, integrator_relation, workload_changed, workload_relation};
use crate::{APP, INGRESS_ID, ROUTE_ID, calls, relation, run};

#[test]
fn unconfigured_and_unrelated_is_blocked_on_the_hostname() {
    let output = run(Event::ConfigChanged, State::new(APP).leader(true));
    assert_eq!(
        output.state.unit_status,
        blocked(
            "Missing 'hostname' config: run `juju config gateway-route-configurator hostname=<hostname>`"
        )
    );
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-ids", 2),
            ("status-set", 1)
        ]
    );
}

#[test]
fn configured_without_relations_is_blocked_on_the_ingress_relation() {
    let output = run(Event::ConfigChanged, configured());
    assert_eq!(output.state.unit_status, blocked(MISSING_INGRESS));
}

#[test]
fn invalid_config_is_blocked_with_the_exact_reason() {
    let cases = [
        (
            "MyApp.example.com",
            "/",
            "Invalid hostname 'MyApp.example.com': it must be lowercase",
        ),
        (
            "*.example.com",
            "/",
            "Invalid hostname '*.example.com': wildcards are not supported",
        ),
        (
            "10.0.0.1",
            "/",
            "Invalid hostname '10.0.0.1': IP addresses are not allowed",
        ),
        (
            "myapp.example.com",
            "/a,b",
            "Invalid path 'b' in 'paths' config: it must start with '/'",
        ),
    ];
    for (hostname, paths, message) in cases {
        let state = configured()
            .config("hostname", hostname)
            .config("paths", paths)
            .relation(workload_relation())
            .relation(integrator_relation());
        let output = run(Event::ConfigChanged, state);
        assert_eq!(
            output.state.unit_status,
            blocked(message),
            "{hostname} {paths}"
        );
        assert_eq!(
            relation(&output.state, ROUTE_ID).local_app_data,
            Databag::new()
        );
        assert_eq!(output.calls.get("relation-set"), 0);
    }
}

#[test]
fn workload_without_integrator_is_blocked_on_the_gateway_route_relation() {
    let state = configured().relation(workload_relation());
    let output = run(Event::relation_changed(&workload_relation(), None), state);
    assert_eq!(output.state.unit_status, blocked(MISSING_ROUTE));
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
}

#[test]
fn workload_that_has_not_sent_data_is_waited_for() {
    let silent = Relation::new("ingress", "ingress", INGRESS_ID, "myapp");
    let state = configured()
        .relation(silent.clone())
        .relation(integrator_relation());
    let output = run(Event::relation_created(&silent), state);
    assert_eq!(
        output.state.unit_status,
        Some(Status::Waiting(
            "Waiting for the workload's ingress data".into()
        ))
    );
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        Databag::new()
    );
}

#[test]
fn invalid_workload_data_is_blocked() {
    let bad = Relation::new("ingress", "ingress", INGRESS_ID, "myapp").remote_app_data([
        ("model", "\"m\""),
        ("name", "\"myapp\""),
        ("port", "\"8080\""),
    ]);
    let output = workload_changed(bad);
    assert_eq!(
        output.state.unit_status,
        blocked(
            "Invalid ingress data from the workload: ingress:1 application data: \"port\" must \
             be an integer, not a string"
        )
    );
}

#[test]
fn https_backend_is_blocked() {
    let https = workload_relation().remote_app_data([
        ("model", "\"m\""),
        ("name", "\"myapp\""),
        ("port", "8443"),
        ("scheme", "\"https\""),
    ]);
    let output = workload_changed(https);
    assert_eq!(
        output.state.unit_status,
        blocked(
            "The workload asks for backend scheme 'https', but gateway-route only routes to \
             'http' backends"
        )
    );
}
