//! Every application on one Gateway: several ingress applications (one in another model) and an
//! ISD259 gateway-route requirer under `external-hostname`, exact URLs, Services and
//! EndpointSlices; removal of one application removes only its objects.
//!
//! - [`shared_gateway`]: three ingress applications and a route requirer on one Gateway: bags,
//!   listeners, routes, Services, the other model's EndpointSlice, the proxied-endpoints actions;
//! - [`endpoint_slices`]: a departing unit leaves the EndpointSlice, a unit without an IP is
//!   named;
//! - [`removal`]: removing one application removes only its objects;
//! - [`collisions`]: a hostname and path asked for over both interfaces go to the first relation;
//! - [`gateway_addresses`]: a load balancer's hostname, an IPv6 or an IPv4 address, in the URL
//!   and the DNS record;
//! - [`requirers`]: the ingress and ISD259 requirers' relations;
//! - here: the deployment and what the tests read of it.

mod collisions;
mod endpoint_slices;
mod gateway_addresses;
mod removal;
mod requirers;
mod shared_gateway;

use charm_cluster::{InMemoryCluster, Kind};
use integrator_fixtures::{APP, MODEL, cluster, leader_state, step};
use juju_hook::Event;
use juju_hook_testing::{EventExt, Relation, State};
use serde_json::Value;

use requirers::{ingress, isd259};

const HOST: &str = "www.example.com";
const ADDRESS: &str = "10.0.0.7";
const RELATION: &str = "gateway-api-integrator.charm.juju.is/relation";
const MANAGED_BY: &str = "gateway-api-integrator.charm.juju.is/managed-by";

/// The relations of [`deployed`]: `flask` and `blog` of this model, `remote` of model `other`
/// (two units), and the ISD259 requirer `shop`.
fn relations() -> Vec<Relation> {
    vec![
        ingress(3, MODEL, "flask", &["10.1.0.3"]),
        ingress(4, MODEL, "blog", &["10.1.0.4"]),
        ingress(5, "other", "remote", &["10.2.0.6", "10.2.0.5"]),
        isd259(6, "shop.example.com", "[\"/\"]", "shop"),
    ]
}

/// HTTP only, external-hostname set, every relation of [`relations`], Gateway at [`ADDRESS`].
fn deployed() -> (State, InMemoryCluster) {
    deployed_with(relations())
}

/// HTTP only, external-hostname set, Gateway at [`ADDRESS`]; then each of `relations` in turn
/// is related and its relation-changed run.
fn deployed_with(relations: Vec<Relation>) -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let mut state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .config("external-hostname", HOST);
    state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    for relation in relations {
        state = state.relation(relation.clone());
        state = step(
            Event::relation_changed(&relation, None),
            state,
            &mut cluster,
        );
    }
    (state, cluster)
}

/// Our app bag on relation `id`.
fn bag(state: &State, id: u64) -> juju_hook::Databag {
    state.get_relation(id).unwrap().local_app_data.clone()
}

/// The object as the charm sent it (no server fields, no fingerprint).
fn sent(cluster: &InMemoryCluster, kind: Kind, name: &str) -> Value {
    let mut object = cluster.object(kind, name).expect("object exists").clone();
    let metadata = object["metadata"].as_object_mut().unwrap();
    for field in [
        "uid",
        "resourceVersion",
        "generation",
        "managedFields",
        "annotations",
    ] {
        metadata.remove(field);
    }
    object
}
