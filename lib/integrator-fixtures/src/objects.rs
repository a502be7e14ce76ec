//! The objects a test's [`InMemoryCluster`] holds, read back as the charm sent them: their
//! names by kind, an object with the server's and the fingerprint's additions left out, the
//! Gateway's listeners, and the kinds its record misses.

use charm_cluster::{InMemoryCluster, Kind, MANAGED_BY_LABEL, Verb};
use gateway_api_integrator::gather::KINDS_ANNOTATION;
use serde_json::{Value, json};

use crate::APP;

/// The names of the `kind` objects in `cluster`, in the cluster's order.
pub fn names(cluster: &InMemoryCluster, kind: Kind) -> Vec<String> {
    cluster.names(kind).into_iter().map(str::to_owned).collect()
}

/// The object as we rendered it: the server's and the fingerprint's additions left out (only
/// `apiVersion`, `kind`, the name, namespace and labels, and `spec` — or `data` for a
/// ConfigMap — are kept).
pub fn rendered(cluster: &InMemoryCluster, kind: Kind, name: &str) -> Value {
    let object = cluster
        .object(kind, name)
        .unwrap_or_else(|| panic!("{kind} {name} missing"));
    let mut out = json!({
        "apiVersion": object["apiVersion"],
        "kind": object["kind"],
        "metadata": {
            "name": object["metadata"]["name"],
            "namespace": object["metadata"]["namespace"],
            "labels": object["metadata"]["labels"],
        },
        "spec": object["spec"],
    });
    if let Some(data) = object.get("data") {
        out["data"] = data.clone();
        if object.get("spec").is_none() {
            out.as_object_mut().expect("an object").remove("spec");
        }
    }
    out
}

/// The names of the listeners of our Gateway (named [`APP`]), in order; it must exist.
pub fn listener_names(cluster: &InMemoryCluster) -> Vec<String> {
    cluster.object(Kind::Gateway, APP).unwrap()["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The kinds of which `cluster`'s namespace holds an object of ours that our Gateway's record
/// of kinds does not name (all of them without a Gateway): kinds the next reconcile would not
/// list. Empty whenever the record is right.
pub fn unrecorded_kinds(cluster: &InMemoryCluster) -> Vec<Kind> {
    let record = cluster
        .object(Kind::Gateway, APP)
        .and_then(|gateway| gateway["metadata"]["annotations"][KINDS_ANNOTATION].as_str())
        .unwrap_or_default();
    let recorded: Vec<&str> = record.split(',').collect();
    Kind::ALL
        .into_iter()
        .filter(|kind| {
            cluster.names(*kind).into_iter().any(|name| {
                cluster.object(*kind, name).is_some_and(|object| {
                    object["metadata"]["labels"][MANAGED_BY_LABEL].as_str() == Some(APP)
                })
            })
        })
        .filter(|kind| !recorded.contains(&kind.kind()))
        .collect()
}

/// The writes (applies, deletes) `cluster` saw from call `from` on: `PATCH services NAME`.
pub fn writes_since(cluster: &InMemoryCluster, from: usize) -> Vec<String> {
    cluster.calls()[from..]
        .iter()
        .filter(|call| matches!(call.verb, Verb::Apply | Verb::Delete))
        .map(|call| {
            format!(
                "{} {} {}",
                call.verb.as_str(),
                plural(call.kind),
                call.target
            )
        })
        .collect()
}

/// The LISTs `cluster` saw from call `from` on, by plural (`gatewayclasses`, `gateways`, …).
pub fn lists_since(cluster: &InMemoryCluster, from: usize) -> Vec<&'static str> {
    cluster.calls()[from..]
        .iter()
        .filter(|call| call.verb == Verb::List)
        .map(|call| plural(call.kind))
        .collect()
}

fn plural(kind: Option<Kind>) -> &'static str {
    kind.map_or("gatewayclasses", Kind::plural)
}
