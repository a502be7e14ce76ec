//! The request and its answer: the request sent byte-exact as the v0 library writes it (the
//! root path by default), the integrator's answer reaching the workload as the first path's URL
//! (encoded as the Python provider does), and an invalid answer blocked with no URL published.

use juju_hook::{Databag, Event, Status};
use juju_hook_testing::EventExt;

use crate::expected::{INGRESS_URL_BAG, ONE_WRITE_CALLS, SERVING, WAITING_ENDPOINTS};
use crate::golden::{bag, golden, pairs};
use crate::states::{
    answered_integrator_relation, configured, integrator_relation, workload_relation,
};
use crate::{INGRESS_ID, ROUTE_ID, calls, relation, run};

#[test]
fn request_is_sent_byte_exact_as_the_v0_library_writes_it() {
    let state = configured()
        .relation(workload_relation())
        .relation(integrator_relation());
    let output = run(Event::relation_changed(&workload_relation(), None), state);

    let expected = bag(&golden("gateway_route.emit-v0.json")["app"]);
    assert_eq!(relation(&output.state, ROUTE_ID).local_app_data, expected);
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(
        output.state.unit_status,
        Some(Status::Waiting(WAITING_ENDPOINTS.into()))
    );
    // The event names the ingress relation, so only the integrator's app name is looked up;
    // its (empty) answer is read, as it is whenever the request is valid.
    assert_eq!(calls(&output), ONE_WRITE_CALLS);
}

#[test]
fn default_paths_send_the_root_path() {
    let mut state = configured()
        .relation(workload_relation())
        .relation(integrator_relation());
    state.config.remove("paths");
    let output = run(Event::ConfigChanged, state);
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        pairs(&[
            ("hostname", "\"myapp.example.com\""),
            ("paths", "[\"/\"]"),
            ("model", "\"m\""),
            ("name", "\"myapp\""),
            ("port", "8080"),
        ])
    );
}

#[test]
fn integrator_answer_reaches_the_workload_as_the_first_paths_url() {
    let request = bag(&golden("gateway_route.emit-v0.json")["app"]);
    let answered = answered_integrator_relation().local_app_data(request.clone());
    let state = configured()
        .relation(workload_relation())
        .relation(answered.clone());
    let output = run(Event::relation_changed(&answered, None), state);

    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        pairs(INGRESS_URL_BAG)
    );
    assert_eq!(relation(&output.state, ROUTE_ID).local_app_data, request);
    assert_eq!(
        output.state.unit_status,
        Some(Status::Active(SERVING.into()))
    );
    assert_eq!(output.calls.get("relation-set"), 1);
}

#[test]
fn ingress_bag_matches_what_the_python_provider_writes() {
    // Same encoding as the traefik ingress v2 provider's `publish_url` (golden reference).
    let reference = bag(&golden("ingress_provider.publish.json")["app"]);
    let ours = pairs(INGRESS_URL_BAG);
    let url_of = |b: &Databag| -> String {
        b["ingress"]
            .strip_prefix("{\"url\": \"")
            .and_then(|s| s.strip_suffix("\"}"))
            .expect("the provider's framing")
            .to_owned()
    };
    assert_eq!(url_of(&reference), "http://www.example.com/m-myapp");
    assert_eq!(url_of(&ours), "https://myapp.example.com/a");
}

#[test]
fn invalid_integrator_answer_is_blocked_and_no_url_is_published() {
    let bad = integrator_relation()
        .remote_app_data([("endpoints", "[\"not a url\"]")])
        .local_app_data(bag(&golden("gateway_route.emit-v0.json")["app"]));
    let state = configured()
        .relation(workload_relation())
        .relation(bad.clone());
    let output = run(Event::relation_changed(&bad, None), state);
    let Some(Status::Blocked(message)) = &output.state.unit_status else {
        panic!("expected Blocked, got {:?}", output.state.unit_status);
    };
    assert!(
        message.starts_with(
            "Invalid gateway-route data from the integrator: gateway-route:2 application data: \
             \"endpoints[0]\" is not a valid http(s) URL: "
        ),
        "{message}"
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    // The request itself is still valid and sent.
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        bag(&golden("gateway_route.emit-v0.json")["app"])
    );
}
