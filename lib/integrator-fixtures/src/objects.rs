//! The objects a test's [`InMemoryCluster`] holds, read back as the charm sent them: their
//! names by kind, an object with the server's and the fingerprint's additions left out, and the
//! Gateway's listeners.

use charm_cluster::{InMemoryCluster, Kind};
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
