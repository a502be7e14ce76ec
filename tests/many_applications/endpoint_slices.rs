//! The other model's EndpointSlice follows its units: a departing unit leaves it, a unit that
//! published no IP is left out and named in the status.

use charm_cluster::Kind;
use integrator_fixtures::{APP, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, databag};
use serde_json::json;

use crate::{ADDRESS, deployed};

#[test]
fn a_departing_unit_leaves_the_endpoint_slice_and_a_unit_without_ip_is_named() {
    let (mut state, mut cluster) = deployed();
    let slice = format!("{APP}-remote-5-service-ipv4");
    let relation = state.get_relation(5).unwrap().clone();
    state
        .get_relation_mut(5)
        .unwrap()
        .remote_units_data
        .remove("remote/1");
    let state = step(
        Event::relation_departed(&relation, "remote/1", "remote/1"),
        state,
        &mut cluster,
    );
    assert_eq!(
        cluster.object(Kind::EndpointSlice, &slice).unwrap()["endpoints"],
        json!([{"addresses": ["10.2.0.6"], "conditions": {"ready": true}}])
    );

    let mut state = state;
    state.get_relation_mut(5).unwrap().remote_units_data.insert(
        "remote/2".to_owned(),
        databag([("host", "\"remote-2.remote-endpoints.other.svc\"")]),
    );
    let relation = state.get_relation(5).unwrap().clone();
    let state = step(
        Event::relation_changed(&relation, Some("remote/2")),
        state,
        &mut cluster,
    );
    assert_eq!(
        cluster.object(Kind::EndpointSlice, &slice).unwrap()["endpoints"],
        json!([{"addresses": ["10.2.0.6"], "conditions": {"ready": true}}])
    );
    assert_eq!(
        state.unit_status,
        Some(Status::Active(format!(
            "Gateway addresses: {ADDRESS} (enforce-https is set to false); \
             remote/2 (gateway:5) not served: it published no ip"
        )))
    );
}
