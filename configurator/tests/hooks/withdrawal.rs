//! Request and URL withdrawn: a workload in another model, config turning invalid, the
//! workload or the integrator leaving.

use juju_hook::{Databag, Event};
use juju_hook_testing::EventExt;

use crate::expected::{MISSING_INGRESS, MISSING_ROUTE, blocked};
use crate::states::{answered_integrator_relation, served, workload_relation};
use crate::{INGRESS_ID, ROUTE_ID, calls, relation, run};

#[test]
fn workload_from_another_model_is_blocked_and_the_request_withdrawn() {
    let served = served();
    // The same world seen from a configurator in model `infra` (the workload is in `m`).
    let mut elsewhere = served;
    elsewhere.model.name = "infra".into();
    let output = run(
        Event::relation_changed(&workload_relation(), None),
        elsewhere,
    );

    assert_eq!(
        output.state.unit_status,
        blocked(
            "Cross-model relations are not supported: the workload is in model 'm', not \
             'infra'; deploy this charm in the workload's model"
        )
    );
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
}

#[test]
fn config_turning_invalid_withdraws_request_and_url_in_one_hook() {
    let output = run(
        Event::ConfigChanged,
        served().config("hostname", "Bad.example.com"),
    );
    assert_eq!(
        output.state.unit_status,
        blocked("Invalid hostname 'Bad.example.com': it must be lowercase")
    );
    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    // Both bags are written, but the integrator's answer is not read.
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 3),
            ("relation-ids", 2),
            ("relation-list", 1),
            ("relation-set", 2),
            ("status-set", 1),
        ]
    );
}

#[test]
fn workload_leaving_withdraws_the_request() {
    let served = served();
    let output = run(Event::relation_broken(&workload_relation()), served);

    assert_eq!(
        relation(&output.state, ROUTE_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(output.state.unit_status, blocked(MISSING_INGRESS));
    // The broken relation is neither read nor written; the request is withdrawn unread.
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 1),
            ("relation-ids", 2),
            ("relation-set", 1),
            ("status-set", 1),
        ]
    );
}

#[test]
fn integrator_leaving_withdraws_the_url() {
    let served = served();
    let output = run(
        Event::relation_broken(&answered_integrator_relation()),
        served,
    );

    assert_eq!(
        relation(&output.state, INGRESS_ID).local_app_data,
        Databag::new()
    );
    assert_eq!(output.state.unit_status, blocked(MISSING_ROUTE));
    assert_eq!(output.calls.get("relation-set"), 1);
}
