//! Our request changes: a new port is served at once by the unchanged answer, new paths or a
//! new hostname wait for the integrator's answer (keeping the old URL until a later hook), and a
//! change back that the answer already fits writes both bags.

use juju_hook::{Databag, Event, Status};
use juju_hook_testing::EventExt;

use crate::expected::{INGRESS_URL_BAG, ONE_WRITE_CALLS, SERVING, waiting_reroute};
use crate::golden::{bag, golden, pairs};
use crate::states::{integrator_relation, served, served_expected};
use crate::{INGRESS_ID, REQUEST_CHANGE_BUDGET, ROUTE_ID, calls, relation, run};

#[test]
fn port_change_is_served_at_once_by_the_unchanged_answer() {
    // The integrator's endpoints do not depend on the port, so its answer to the new request
    // is byte-identical and Juju fires no relation-changed: the hook that changes the request
    // must accept the answer it already has.
    let mut state = served();
    state
        .get_relation_mut(INGRESS_ID)
        .unwrap()
        .remote_app_data
        .insert("port".into(), "9090".into());
    let moved = relation(&state, INGRESS_ID).clone();
    let output = run(Event::relation_changed(&moved, None), state);
    let mut request = bag(&golden("gateway_route.emit-v0.json")["app"]);
    request.insert("port".into(), "9090".into());
    assert_eq!(relation(&output.state, ROUTE_ID).local_app_data, request);
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        pairs(INGRESS_URL_BAG)
    );
    assert_eq!(
        output.state.unit_status,
        Some(Status::Active(SERVING.into()))
    );
    assert_eq!(calls(&output), ONE_WRITE_CALLS);
}

#[test]
fn paths_change_is_not_served_by_the_answer_to_the_old_paths() {
    // `/b,/a` on the same hostname: the old answer lists both URLs, in the other order.
    let output = run(Event::ConfigChanged, served().config("paths", "/b,/a"));
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data["paths"],
        "[\"/b\", \"/a\"]"
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        pairs(INGRESS_URL_BAG)
    );
    assert_eq!(
        output.state.unit_status,
        Some(Status::Waiting(waiting_reroute("myapp.example.com")))
    );
}

#[test]
fn request_change_that_the_answer_already_fits_writes_both_bags_in_13_calls() {
    // The hostname changes, a later hook withdraws the URL while the integrator has not
    // answered, then the hostname changes back: the old answer fits again at once.
    let renamed = run(
        Event::ConfigChanged,
        served().config("hostname", "new.example.com"),
    );
    let lagging = run(Event::UpdateStatus, renamed.state);
    assert_eq!(
        relation(&lagging.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    let output = run(
        Event::ConfigChanged,
        lagging.state.config("hostname", "myapp.example.com"),
    );
    assert_eq!(output.state, served_expected(output.state.clone()));
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 4),
            ("relation-ids", 2),
            ("relation-list", 2),
            ("relation-set", 2),
            ("status-set", 1),
        ]
    );
    assert_eq!(output.calls.total(), REQUEST_CHANGE_BUDGET);
}

#[test]
fn hostname_change_keeps_the_old_url_until_the_integrator_answers() {
    // The request changes: the answer read is to the old hostname, so the workload keeps its
    // URL until the integrator answers the new request.
    let renamed = run(
        Event::ConfigChanged,
        served().config("hostname", "new.example.com"),
    );
    let route = &relation(&renamed.state, ROUTE_ID).local_app_data;
    assert_eq!(route["hostname"], "\"new.example.com\"");
    assert_eq!(
        relation(&renamed.state, INGRESS_ID).local_app_data,
        pairs(INGRESS_URL_BAG)
    );
    assert_eq!(
        renamed.state.unit_status,
        Some(Status::Waiting(waiting_reroute("new.example.com")))
    );
    assert_eq!(renamed.calls.get("relation-set"), 1);

    // A later hook sees the request published but the answer still for the old hostname.
    let lagging = run(Event::UpdateStatus, renamed.state);
    assert_eq!(
        relation(&lagging.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(
        lagging.state.unit_status,
        Some(Status::Waiting(waiting_reroute("new.example.com")))
    );

    // The integrator answers for the new hostname.
    let mut answered = lagging.state;
    answered.get_relation_mut(ROUTE_ID).unwrap().remote_app_data = pairs(&[(
        "endpoints",
        "[\"https://new.example.com/a\", \"https://new.example.com/b\"]",
    )]);
    let output = run(
        Event::relation_changed(&integrator_relation(), None),
        answered,
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        pairs(&[("ingress", "{\"url\": \"https://new.example.com/a\"}")])
    );
    assert_eq!(
        output.state.unit_status,
        Some(Status::Active("Serving https://new.example.com/a".into()))
    );
}
