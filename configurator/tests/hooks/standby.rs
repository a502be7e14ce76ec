//! A non-leader unit is on standby: it only sets its status.

use gateway_route_configurator::charm::STANDBY_MESSAGE;
use juju_hook::{Event, Status};

use crate::states::{answered_integrator_relation, configured, workload_relation};
use crate::{calls, run};

#[test]
fn non_leader_is_standby_and_only_sets_its_status() {
    let state = configured()
        .leader(false)
        .relation(workload_relation())
        .relation(answered_integrator_relation());
    let output = run(Event::ConfigChanged, state.clone());
    assert_eq!(
        output.state.unit_status,
        Some(Status::Active(STANDBY_MESSAGE.into()))
    );
    assert_eq!(output.state.relations, state.relations);
    assert_eq!(calls(&output), [("is-leader", 1), ("status-set", 1)]);
}
