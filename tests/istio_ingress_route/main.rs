//! istio-ingress-route requirers on the one Gateway, in-process: the real library's full
//! example rendered to exact objects (admitted by the CRDs' schemas), TLS on and off, the
//! provider answer byte for byte, collisions across requirers and interfaces, invalid data
//! of one of many, and removal wherever the objects live. The real-server tier and the real
//! library's reading of our answer are in `real_server.rs` and `interop.rs`.

mod collisions;
mod full_example;
mod interop;
mod real_server;
mod removal;

use std::sync::LazyLock;

use charm_cluster::{InMemoryCluster, Kind};
use integrator_fixtures::{APP, cluster, golden, leader_state, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, State, databag};
use serde_json::{Value, json};

/// Our model (the namespace of our objects).
pub const MODEL: &str = integrator_fixtures::MODEL;
/// The requirer's model in the library's example: not ours, so its Services need a grant.
pub const THEIR_MODEL: &str = "m";
/// The example's route hostname: `external-hostname` covers it.
pub const HOST: &str = "myapp.example.com";
/// The Gateway's address.
pub const ADDRESS: &str = "10.0.0.7";
/// The relation id of the example requirer.
pub const ISTIO: u64 = 5;

static VALIDATOR: LazyLock<crd_validation::Validator> = LazyLock::new(|| {
    crd_validation::Validator::from_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/gateway-api-crds"),
    )
    .expect("the Gateway API CRDs load")
});

/// The real library's full example, as its requirer wrote it.
pub fn full_example() -> Value {
    let bag = golden::app_bag("istio_route.emit-full.json");
    serde_json::from_str(&bag["config"]).unwrap()
}

/// An istio-ingress-route relation `id` from `app` with `config` (compact, as the library
/// writes it).
pub fn istio(id: u64, app: &str, config: &Value) -> Relation {
    Relation::new("istio-ingress-route", "istio_ingress_route", id, app)
        .remote_app_data(databag([("config", config.to_string())]))
        .remote_unit(format!("{app}/0"), databag::<&str, &str>([]))
}

/// Plain HTTP, `external-hostname` [`HOST`], the Gateway at [`ADDRESS`].
pub fn deployed() -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false)
        .config("external-hostname", HOST);
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let state = step(Event::UpdateStatus, state, &mut cluster);
    (state, cluster)
}

/// Relate `certificates` to `state` (which holds the golden key) and issue the one
/// certificate the charm asks for with a fresh test CA.
pub fn with_certificate(state: State, cluster: &mut InMemoryCluster) -> State {
    use integrator_fixtures::tls::{
        CERTS, certificates_relation, day, issued, our_csrs, with_provider,
    };
    let certificates = certificates_relation();
    let state = state.relation(certificates.clone());
    let state = step(Event::relation_created(&certificates), state, cluster);
    let csrs = our_csrs(&state);
    assert_eq!(csrs.len(), 1, "one certificate: the listeners' hostname");
    let ca = integrator_fixtures::ca::TestCa::new();
    let state = with_provider(state, vec![issued(&ca, &csrs[0], day(-1), day(89))]);
    let event = Event::relation_changed(state.get_relation(CERTS).unwrap(), None);
    step(event, state, cluster)
}

/// `state` with `relation` joined and its relation-changed run.
pub fn relate(state: State, relation: Relation, cluster: &mut InMemoryCluster) -> State {
    let state = state.relation(relation.clone());
    step(Event::relation_changed(&relation, None), state, cluster)
}

/// Our app bag on relation `id`.
pub fn bag(state: &State, id: u64) -> juju_hook::Databag {
    state.get_relation(id).unwrap().local_app_data.clone()
}

/// The object as the charm sent it: no server fields, no fingerprint, checked against the
/// CRD schemas.
pub fn sent(cluster: &InMemoryCluster, kind: Kind, namespace: &str, name: &str) -> Value {
    let mut object = cluster
        .object_in(kind, namespace, name)
        .unwrap_or_else(|| panic!("{kind} {namespace}/{name} exists"))
        .clone();
    object.as_object_mut().unwrap().remove("status");
    let metadata = object["metadata"].as_object_mut().unwrap();
    for field in ["uid", "resourceVersion", "generation", "managedFields"] {
        metadata.remove(field);
    }
    if let Some(annotations) = metadata
        .get_mut("annotations")
        .and_then(Value::as_object_mut)
    {
        annotations.remove("gateway-api-integrator.charm.juju.is/fingerprint");
        if annotations.is_empty() {
            metadata.remove("annotations");
        }
    }
    VALIDATOR
        .validate(&object)
        .unwrap_or_else(|errors| panic!("the CRDs reject {kind} {name}: {errors:?}"));
    object
}

/// Active with the address and `notes` appended.
pub fn active(notes: &str) -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false){notes}"
    )))
}

/// The labels of an object serving relation `id`.
pub fn labels(id: u64) -> Value {
    json!({
        "gateway-api-integrator.charm.juju.is/managed-by": APP,
        "gateway-api-integrator.charm.juju.is/relation": format!("istio-ingress-route.{id}"),
    })
}
