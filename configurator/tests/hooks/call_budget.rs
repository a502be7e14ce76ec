//! Hook-tool calls: the exact calls of sending the request and taking the answer, of an idle
//! hook, none written by a second run of any hook, and the peak over a whole lifecycle.

use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, State, ToolCalls};

use crate::expected::{ONE_WRITE_CALLS, SERVING, waiting_reroute};
use crate::states::{
    answered_integrator_relation, configured, integrator_relation, served, served_expected,
    workload_relation,
};
use crate::{BUDGET, INGRESS_ID, ROUTE_ID, calls, run};

#[test]
fn request_then_answer_costs_within_budget() {
    let state = configured()
        .relation(workload_relation())
        .relation(integrator_relation());
    let requested = run(Event::ConfigChanged, state);
    assert_eq!(
        calls(&requested),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 4),
            ("relation-ids", 2),
            ("relation-list", 2),
            ("relation-set", 1),
            ("status-set", 1),
        ]
    );
    let mut answered = requested.state;
    answered.get_relation_mut(ROUTE_ID).unwrap().remote_app_data =
        answered_integrator_relation().remote_app_data;
    let output = run(
        Event::relation_changed(&answered_integrator_relation(), None),
        answered,
    );
    assert_eq!(calls(&output), ONE_WRITE_CALLS);
    assert_eq!(output.state, served_expected(output.state.clone()));
}

#[test]
fn idle_hook_outside_a_relation_event_reads_everything_and_writes_nothing() {
    let output = run(Event::UpdateStatus, served());
    assert_eq!(
        calls(&output),
        [
            ("config-get", 1),
            ("is-leader", 1),
            ("relation-get", 4),
            ("relation-ids", 2),
            ("relation-list", 2),
            ("status-set", 1),
        ]
    );
}

#[test]
fn second_run_writes_nothing() {
    let first = served();
    assert_eq!(first, served_expected(first.clone()));
    for event in [
        Event::ConfigChanged,
        Event::UpdateStatus,
        Event::UpgradeCharm,
        Event::LeaderElected,
        Event::relation_changed(&workload_relation(), None),
        Event::relation_changed(&answered_integrator_relation(), None),
    ] {
        let second = run(event.clone(), first.clone());
        assert_eq!(second.calls.get("relation-set"), 0, "{event:?}");
        assert_eq!(second.state.relations, first.relations, "{event:?}");
        assert_eq!(
            second.state.unit_status,
            Some(Status::Active(SERVING.into()))
        );
    }
}

#[test]
fn every_scenario_stays_within_the_budget() {
    // `run` asserts the budget; this walks a whole lifecycle through it and checks the peak.
    let mut state = configured();
    let mut peak = ToolCalls::default();
    /// An event, and what changed in the world just before it.
    type Step = (Event, fn(&mut State));
    let steps: Vec<Step> = vec![
        (Event::Install, |_| {}),
        (Event::relation_created(&workload_relation()), |s| {
            s.relations
                .push(Relation::new("ingress", "ingress", INGRESS_ID, "myapp"))
        }),
        (Event::relation_changed(&workload_relation(), None), |s| {
            let rel = s.get_relation_mut(INGRESS_ID).unwrap();
            rel.remote_app_data = workload_relation().remote_app_data;
        }),
        (Event::relation_created(&integrator_relation()), |s| {
            s.relations.push(integrator_relation())
        }),
        (Event::relation_changed(&integrator_relation(), None), |s| {
            let rel = s.get_relation_mut(ROUTE_ID).unwrap();
            rel.remote_app_data = answered_integrator_relation().remote_app_data;
        }),
        (Event::UpdateStatus, |_| {}),
        (Event::ConfigChanged, |s| {
            s.config.insert("paths".into(), "/b".into());
        }),
    ];
    for (event, change) in steps {
        change(&mut state);
        let output = run(event, state);
        if output.calls.total() > peak.total() {
            peak = output.calls.clone();
        }
        state = output.state;
    }
    assert_eq!(
        state.unit_status,
        Some(Status::Waiting(waiting_reroute("myapp.example.com")))
    );
    assert!(peak.total() <= BUDGET, "{:?}", peak.by_tool());
}
