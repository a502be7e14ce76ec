//! More than one unit: non-leaders are standby (Active, no reads beyond `is-leader`, no writes);
//! leadership moving between units writes nothing on an unchanged model and reaches the same
//! status; actions on a standby unit name the leader.

use charm_cluster::{InMemoryCluster, Verb};
use gateway_api_integrator::plan::STANDBY_MESSAGE;
use integrator_fixtures::tls::{active, serving};
use integrator_fixtures::{APP, MODEL, cluster, run};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Output, State};

/// Tool calls that write to Juju.
const JUJU_WRITES: [&str; 5] = [
    "relation-set",
    "secret-add",
    "secret-set",
    "secret-remove",
    "secret-grant",
];

fn standby() -> Option<Status> {
    Some(Status::Active(STANDBY_MESSAGE.to_owned()))
}

/// Cluster writes since call `from`, as `Verb target`.
fn cluster_writes(cluster: &InMemoryCluster, from: usize) -> Vec<String> {
    cluster.calls()[from..]
        .iter()
        .filter(|call| !matches!(call.verb, Verb::List | Verb::Get))
        .map(|call| format!("{:?} {}", call.verb, call.target))
        .collect()
}

fn juju_writes<E>(out: &Output<E>) -> Vec<(&'static str, u64)> {
    JUJU_WRITES
        .iter()
        .map(|tool| (*tool, out.calls.get(tool)))
        .filter(|(_, count)| *count > 0)
        .collect()
}

#[test]
fn a_non_leader_is_standby_and_touches_nothing() {
    let mut cluster = cluster();
    let state = State::new(APP)
        .unit_id(1)
        .model(MODEL, "u")
        .config("gateway-class", "cilium");
    // `install` reads nothing, not even leadership (the hooks after it reconcile).
    let out = run(Event::Install, state.clone(), &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(out.state, state);
    assert_eq!(out.calls.total(), 0, "{:?}", out.calls);
    for event in [
        Event::ConfigChanged,
        Event::UpdateStatus,
        Event::LeaderSettingsChanged,
    ] {
        let out = run(event.clone(), state.clone(), &mut cluster);
        assert!(out.exit.is_ok(), "{event:?}");
        assert_eq!(out.state.unit_status, standby(), "{event:?}");
        // `is-leader` and `status-set`, nothing else.
        assert_eq!(out.calls.total(), 2, "{event:?}: {:?}", out.calls);
    }
    assert!(cluster.calls().is_empty());
}

#[test]
fn actions_on_a_standby_unit_name_the_leader() {
    let (state, mut cluster) = serving();
    let state = state
        .unit_id(1)
        .leader(false)
        .action_param("hostname", "www.example.com");
    let out = run(Event::action("get-certificate"), state, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(
        out.state.action_failure.as_deref(),
        Some(
            "This unit is on standby: run the action on the leader, \
             `juju run gateway-api-integrator/leader get-certificate`"
        )
    );
    assert!(out.state.action_results.is_empty());
}

#[test]
fn leadership_moves_between_units_without_a_write() {
    let (unit0, mut cluster) = serving();
    let shared = |state: &State| {
        (
            state.relations.clone(),
            state.secrets.clone(),
            state.config.clone(),
        )
    };
    let before = shared(&unit0);

    // Unit 0 loses leadership: it goes standby on its next hook.
    let from = cluster.calls().len();
    let out = run(
        Event::UpdateStatus,
        unit0.clone().leader(false),
        &mut cluster,
    );
    assert_eq!(out.state.unit_status, standby());
    assert_eq!(juju_writes(&out), []);

    // Unit 1, with the application's relation data and secrets, is elected.
    let unit1 = unit0.clone().unit_id(1).leader(true);
    let out = run(Event::LeaderElected, unit1, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(out.state.unit_status, Some(active()));
    assert_eq!(juju_writes(&out), []);
    assert_eq!(cluster_writes(&cluster, from), Vec::<String>::new());
    assert_eq!(shared(&out.state), before);

    // And back to unit 0.
    let out = run(Event::LeaderElected, unit0, &mut cluster);
    assert_eq!(out.state.unit_status, Some(active()));
    assert_eq!(juju_writes(&out), []);
    assert_eq!(cluster_writes(&cluster, from), Vec::<String>::new());
    assert_eq!(shared(&out.state), before);
}

#[test]
fn removing_a_unit_deletes_nothing_removing_the_application_deletes_everything() {
    let (state, mut cluster) = serving();
    let owned = cluster.names(charm_cluster::Kind::HttpRoute).len()
        + cluster.names(charm_cluster::Kind::Gateway).len();
    assert!(owned >= 2);
    let from = cluster.calls().len();

    // A standby unit leaves.
    let out = run(
        Event::Remove,
        state.clone().unit_id(1).leader(false),
        &mut cluster,
    );
    assert!(out.exit.is_ok());
    assert_eq!(out.calls.total(), 2, "{:?}", out.calls);

    // The leader leaves while unit 1 stays: scaling down.
    let leaving = state
        .clone()
        .goal_unit(format!("{APP}/0"), "dying")
        .goal_unit(format!("{APP}/1"), "active");
    let out = run(Event::Remove, leaving, &mut cluster);
    assert!(out.exit.is_ok());
    assert_eq!(
        out.state.unit_status,
        Some(Status::Maintenance(
            gateway_api_integrator::plan::UNIT_REMOVED_MESSAGE.to_owned()
        ))
    );
    assert_eq!(
        out.calls.by_tool().keys().cloned().collect::<Vec<_>>(),
        ["goal-state", "is-leader", "status-set"]
    );
    assert_eq!(cluster.calls().len(), from, "no Kubernetes request at all");

    // The application goes: every unit is dying.
    let removing = state
        .goal_unit(format!("{APP}/0"), "dying")
        .goal_unit(format!("{APP}/1"), "dying");
    let out = run(Event::Remove, removing, &mut cluster);
    assert_eq!(
        out.state.unit_status,
        Some(Status::Maintenance("Removed.".to_owned()))
    );
    for kind in charm_cluster::Kind::ALL {
        assert_eq!(cluster.names(kind), Vec::<&str>::new(), "{kind}");
    }
}
