//! The states the tests start from: the configured leader, the workload's and the
//! integrator's relations (answered or not), and the served configurator.

use gateway_route_configurator::charm::CharmError;
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Output, Relation, State};

use crate::expected::{INGRESS_URL_BAG, SERVING};
use crate::golden::{bag, golden, pairs};
use crate::{APP, INGRESS_ID, ROUTE_ID, run};

/// `myapp` in model `m` asking for port 8080, with its two units (ingress v2, LIBPATCH 21).
pub fn workload_relation() -> Relation {
    let emitted = golden("ingress_requirer.emit.json");
    let mut relation = Relation::new("ingress", "ingress", INGRESS_ID, "myapp")
        .remote_app_data(bag(&emitted["app"]));
    for (unit, data) in emitted["units"].as_object().unwrap() {
        relation = relation.remote_unit(unit.clone(), bag(data));
    }
    relation
}

/// The integrator's side of `gateway-route`, before it answers.
pub fn integrator_relation() -> Relation {
    Relation::new(
        "gateway-route",
        "gateway-route",
        ROUTE_ID,
        "gateway-api-integrator",
    )
}

/// The integrator's answer to the `/a,/b` request (gateway_route v0, LIBPATCH 6).
pub fn answered_integrator_relation() -> Relation {
    integrator_relation().remote_app_data(bag(&golden("gateway_route.provide-v0.json")["app"]))
}

/// The leader in model `m` (the workload's model), configured for myapp.example.com /a,/b.
pub fn configured() -> State {
    State::new(APP)
        .leader(true)
        .model("m", "9b112ac5-74a7-421f-8a54-c5e17df42337")
        .config("hostname", "myapp.example.com")
        .config("paths", "/a,/b")
}

/// `ingress-relation-changed` from `workload`, configured and related to the integrator.
pub fn workload_changed(workload: Relation) -> Output<CharmError> {
    let event = Event::relation_changed(&workload, None);
    let state = configured()
        .relation(workload)
        .relation(integrator_relation());
    run(event, state)
}

/// Request sent on config-changed, then the integrator's answer arrives: the served state.
pub fn served() -> State {
    let state = configured()
        .relation(workload_relation())
        .relation(integrator_relation());
    let requested = run(Event::ConfigChanged, state).state;
    let mut answered = requested;
    answered.get_relation_mut(ROUTE_ID).unwrap().remote_app_data =
        answered_integrator_relation().remote_app_data;
    run(
        Event::relation_changed(&answered_integrator_relation(), None),
        answered,
    )
    .state
}

/// `state` with both bags and the status as a served configurator has them.
pub fn served_expected(mut state: State) -> State {
    state.get_relation_mut(ROUTE_ID).unwrap().local_app_data =
        bag(&golden("gateway_route.emit-v0.json")["app"]);
    state.get_relation_mut(INGRESS_ID).unwrap().local_app_data = pairs(INGRESS_URL_BAG);
    state.unit_status = Some(Status::Active(SERVING.into()));
    state
}
