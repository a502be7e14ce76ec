//! gateway-route per ISD259 (seed 002): the integrator creates the Service and HTTPRoutes of
//! each requirer's workload and publishes `endpoints` back; v1 requirers get the Gateway's
//! coordinates. Driven through the hook harness with the configurator's wire bag.
//!
//! - [`seed_example`]: seed 002's example, from the request to the broken relation;
//! - [`unserved_requirers`]: requirers left out (a taken hostname and path, invalid data), each
//!   named in the status while the rest is served;
//! - [`listener_sets`]: 200 hostnames across the Gateway and its ListenerSets, shrinking back;
//! - [`mixed_interfaces`]: ISD259 requirers beside v1 gateway-route and ingress requirers;
//! - [`call_costs`]: hook-tool and API calls grow linearly with the relations;
//! - [`requirers`]: the requirers' relations, with the configurator's wire bag;
//! - here: the ready integrator and what the tests read of it (endpoints, status).

mod call_costs;
mod listener_sets;
mod mixed_interfaces;
mod requirers;
mod seed_example;
mod unserved_requirers;

use integrator_fixtures::{APP, leader_state, step};

use charm_cluster::InMemoryCluster;
use juju_hook::{Event, Status};
use juju_hook_testing::{Relation, State};

const ADDRESS: &str = "10.0.0.7";

/// A configured integrator (plain HTTP) whose Gateway already has its address.
fn ready(cluster: &mut InMemoryCluster) -> State {
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let state = step(Event::ConfigChanged, state, cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    step(Event::UpdateStatus, state, cluster)
}

/// `state` with `relations` added.
fn with_relations(mut state: State, relations: &[Relation]) -> State {
    for relation in relations {
        state = state.relation(relation.clone());
    }
    state
}

/// The URLs published on relation `id`, if any.
fn endpoints(state: &State, id: u64) -> Option<Vec<String>> {
    let bag = &state.get_relation(id).unwrap().local_app_data;
    bag.get("endpoints")
        .map(|text| serde_json::from_str(text).unwrap())
}

/// Active at [`ADDRESS`] over plain HTTP, `notes` after it.
fn active_with(notes: &str) -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false){notes}"
    )))
}
