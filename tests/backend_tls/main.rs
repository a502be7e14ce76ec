//! TLS and h2c from the Gateway to backends (ingress v2 `scheme`): the Service port's
//! `appProtocol`, the BackendTLSPolicy of an HTTPS backend and the ConfigMap of the CA
//! certificates received over `receive-ca-cert` — from bags the real certificate-transfer
//! library wrote (the recorded goldens). Exact objects, bags and statuses.
//!
//! - [`schemes`]: h2c, https with and without CA certificates, back to http, a no-op rerun;
//! - [`ca_relations`]: the relation broken, bad data on one of two, v0 and v1 providers;
//! - [`unserved`]: a cluster whose Gateway API does not serve BackendTLSPolicy;
//! - [`real_server`]: the same objects admitted by the real API server, and really removed.

mod ca_relations;
mod real_server;
mod schemes;
mod unserved;

use std::path::Path;

use charm_cluster::{InMemoryCluster, Kind};
use integrator_fixtures::{APP, MODEL, cluster, leader_state, step};
use juju_hook::{Event, Status};
use juju_hook_testing::{EventExt, Relation, State, databag};
use serde_json::{Value, json};

/// The Gateway's address.
pub const ADDRESS: &str = "10.0.0.7";
/// The ingress relation's id.
pub const INGRESS: u64 = 3;
/// The first `receive-ca-cert` relation's id.
pub const CA: u64 = 7;
/// Our Service in front of `flask`.
pub const SERVICE: &str = "gateway-api-integrator-flask-service";
/// Its BackendTLSPolicy.
pub const POLICY: &str = "gateway-api-integrator-flask-service-tls";
/// The CA ConfigMap.
pub const CA_CONFIG_MAP: &str = "gateway-api-integrator-backend-ca";
/// The managed-by label.
pub const MANAGED_BY: &str = "gateway-api-integrator.charm.juju.is/managed-by";
/// The relation label.
pub const RELATION: &str = "gateway-api-integrator.charm.juju.is/relation";

/// One recorded exchange of the real library (lib/relation-data/tests/golden/recorded).
pub struct Golden {
    /// The provider's app bag.
    pub app: Vec<(String, String)>,
    /// The provider leader's unit bag.
    pub unit: Vec<(String, String)>,
    /// The certificates the library's requirer reads from them.
    pub read: Vec<String>,
}

/// The recorded golden `name` (`certificate_transfer.<name>.json`).
pub fn golden(name: &str) -> Golden {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lib/relation-data/tests/golden/recorded")
        .join(format!("certificate_transfer.{name}.json"));
    let text = std::fs::read_to_string(&path).expect("the golden exists");
    let value: Value = serde_json::from_str(&text).expect("the golden is JSON");
    let bag = |key: &str| -> Vec<(String, String)> {
        value[key]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect()
    };
    Golden {
        app: bag("app"),
        unit: bag("unit"),
        read: value["read"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect(),
    }
}

/// The `receive-ca-cert` relation `id` with a provider whose bags are `golden`'s.
pub fn ca_relation(id: u64, golden: &Golden) -> Relation {
    let app = format!("ca-provider-{id}");
    Relation::new("receive-ca-cert", "certificate_transfer", id, app.clone())
        .remote_app_data(databag(golden.app.clone()))
        .remote_unit(format!("{app}/0"), databag(golden.unit.clone()))
}

/// The `ca.crt` bundle of `certificates`: each trimmed, on its own lines, sorted.
pub fn bundle(certificates: &[String]) -> String {
    let mut sorted: Vec<&str> = certificates.iter().map(|c| c.trim()).collect();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.iter().map(|c| format!("{c}\n")).collect()
}

/// The ingress relation of `app` (relation `id`, port 8443) asking for `scheme`.
pub fn app(id: u64, name: &str, scheme: Option<&str>) -> Relation {
    let mut bag = vec![
        ("model".to_owned(), format!("\"{MODEL}\"")),
        ("name".to_owned(), format!("\"{name}\"")),
        ("port".to_owned(), "8443".to_owned()),
    ];
    if let Some(scheme) = scheme {
        bag.push(("scheme".to_owned(), format!("\"{scheme}\"")));
    }
    Relation::new("gateway", "ingress", id, name)
        .remote_app_data(databag(bag))
        .remote_unit(
            format!("{name}/0"),
            databag([("host", format!("\"{name}-0\""))]),
        )
}

/// A configured integrator (plain HTTP) whose Gateway has its address, then `relations`
/// related one by one (each with its `relation-changed`, as Juju runs it).
pub fn deployed(cluster: &mut InMemoryCluster, relations: &[Relation]) -> State {
    let state = leader_state()
        .config("gateway-class", "cilium")
        .config("enforce-https", false);
    let state = step(Event::ConfigChanged, state, cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let mut state = step(Event::UpdateStatus, state, cluster);
    for relation in relations {
        state = relate(state, relation.clone(), cluster);
    }
    state
}

/// `state` with `relation` added, after its `relation-changed`.
pub fn relate(state: State, relation: Relation, cluster: &mut InMemoryCluster) -> State {
    let state = state.relation(relation.clone());
    step(Event::relation_changed(&relation, None), state, cluster)
}

/// A fresh cluster.
pub fn new_cluster() -> InMemoryCluster {
    cluster()
}

/// Active at [`ADDRESS`], plain HTTP, `notes` after it.
pub fn active(notes: &str) -> Option<Status> {
    Some(Status::Active(format!(
        "Gateway addresses: {ADDRESS} (enforce-https is set to false){notes}"
    )))
}

pub use integrator_fixtures::objects::rendered;

/// The labels of an object serving relation `id` of `endpoint` only.
pub fn relation_labels(endpoint: &str, id: u64) -> Value {
    json!({MANAGED_BY: APP, RELATION: format!("{endpoint}.{id}")})
}

/// The BackendTLSPolicy of [`SERVICE`] validating `flask`'s cluster DNS name with `validation`
/// (the CA reference or the system roots).
pub fn policy(validation: Value) -> Value {
    let mut validation = validation;
    validation["hostname"] = json!(format!("flask.{MODEL}.svc.cluster.local"));
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "BackendTLSPolicy",
        "metadata": {"name": POLICY, "namespace": MODEL, "labels": relation_labels("gateway", INGRESS)},
        "spec": {
            "targetRefs": [{"group": "", "kind": "Service", "name": SERVICE, "sectionName": "tcp-8443"}],
            "validation": validation,
        },
    })
}

/// Validation against our CA ConfigMap.
pub fn with_ca() -> Value {
    json!({"caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": CA_CONFIG_MAP}]})
}

/// Validation against the system roots.
pub fn with_system_roots() -> Value {
    json!({"wellKnownCACertificates": "System"})
}

/// The CA ConfigMap holding `certificates`.
pub fn ca_config_map(certificates: &[String]) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": CA_CONFIG_MAP, "namespace": MODEL, "labels": {MANAGED_BY: APP}},
        "data": {"ca.crt": bundle(certificates)},
    })
}

/// The `appProtocol` of each port of our Service in front of `flask`.
pub fn app_protocols(cluster: &InMemoryCluster) -> Vec<Value> {
    let service = cluster.object(Kind::Service, SERVICE).expect("the Service");
    service["spec"]["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|port| port["appProtocol"].clone())
        .collect()
}

pub use integrator_fixtures::objects::writes_since as writes;
