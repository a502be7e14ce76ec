//! The cluster's objects between steps: what was created, changed or deleted, as YAML.

use std::collections::BTreeMap;

use charm_cluster::{InMemoryCluster, Kind};
use serde_json::Value;

/// Every object in the cluster, by (kind, name), as the demo shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot(BTreeMap<(Kind, String), Value>);

/// One difference between two snapshots.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new object.
    Created(Kind, String, Value),
    /// An object whose content changed.
    Changed(Kind, String, Value),
    /// An object that is gone.
    Deleted(Kind, String),
}

impl Snapshot {
    /// Read every object of every managed kind, Secret data redacted.
    pub fn take(cluster: &InMemoryCluster) -> Snapshot {
        let mut objects = BTreeMap::new();
        for kind in Kind::ALL {
            for name in cluster.names(kind) {
                if let Some(object) = cluster.object(kind, name) {
                    objects.insert((kind, name.to_owned()), redacted(object));
                }
            }
        }
        Snapshot(objects)
    }

    /// What changed from `self` to `after`, in kind then name order.
    pub fn changes(&self, after: &Snapshot) -> Vec<Change> {
        let mut changes = Vec::new();
        for ((kind, name), object) in &after.0 {
            match self.0.get(&(*kind, name.clone())) {
                None => changes.push(Change::Created(*kind, name.clone(), object.clone())),
                Some(before) if before != object => {
                    changes.push(Change::Changed(*kind, name.clone(), object.clone()))
                }
                Some(_) => {}
            }
        }
        for (kind, name) in self.0.keys() {
            if !after.0.contains_key(&(*kind, name.clone())) {
                changes.push(Change::Deleted(*kind, name.clone()));
            }
        }
        changes
    }
}

/// The object without bookkeeping fields, and with every Secret value replaced by its size:
/// private keys are never printed.
fn redacted(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        for field in [
            "managedFields",
            "resourceVersion",
            "uid",
            "generation",
            "creationTimestamp",
        ] {
            metadata.remove(field);
        }
    }
    if object.get("kind").and_then(Value::as_str) == Some("Secret") {
        for field in ["data", "stringData"] {
            if let Some(values) = object.get_mut(field).and_then(Value::as_object_mut) {
                for value in values.values_mut() {
                    let size = value.as_str().map(str::len).unwrap_or_default();
                    *value = Value::String(format!("<redacted, {size} bytes>"));
                }
            }
        }
    }
    object
}

/// The changes as a YAML stream, one commented document per created or changed object.
pub fn to_yaml(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        match change {
            Change::Created(kind, name, object) | Change::Changed(kind, name, object) => {
                let verb = if matches!(change, Change::Created(..)) {
                    "created"
                } else {
                    "changed"
                };
                out.push_str(&format!("--- # {verb} {kind}/{name}\n"));
                match serde_saphyr::to_string(object) {
                    Ok(yaml) => out.push_str(&yaml),
                    Err(error) => out.push_str(&format!("# cannot print as YAML: {error}\n")),
                }
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            Change::Deleted(kind, name) => out.push_str(&format!("--- # deleted {kind}/{name}\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn cluster_with(objects: &[(Kind, Value)]) -> InMemoryCluster {
        let mut cluster = InMemoryCluster::new("demo");
        for (kind, object) in objects {
            cluster.insert(*kind, object.clone());
        }
        cluster
    }

    fn service(name: &str, port: u16) -> Value {
        json!({"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "namespace": "demo"},
               "spec": {"ports": [{"port": port}]}})
    }

    #[test]
    fn secret_values_are_redacted() {
        let secret = json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
            "metadata": {"name": "s", "namespace": "demo"},
            "data": {"tls.key": "S0VZ", "tls.crt": "Q0VSVElGSUNBVEU="}});
        let snapshot = Snapshot::take(&cluster_with(&[(Kind::Secret, secret)]));
        let changes = Snapshot::default().changes(&snapshot);
        assert_eq!(
            to_yaml(&changes),
            "--- # created Secret/s\napiVersion: v1\ndata:\n  tls.crt: <redacted, 16 bytes>\n  \
             tls.key: <redacted, 4 bytes>\nkind: Secret\nmetadata:\n  name: s\n  namespace: demo\n\
             type: kubernetes.io/tls\n"
        );
    }

    #[test]
    fn changes_list_created_changed_and_deleted_objects() {
        let before = Snapshot::take(&cluster_with(&[
            (Kind::Service, service("a", 80)),
            (Kind::Service, service("b", 80)),
        ]));
        let after = Snapshot::take(&cluster_with(&[
            (Kind::Service, service("a", 8080)),
            (Kind::Service, service("c", 80)),
        ]));
        let labels: Vec<String> = before
            .changes(&after)
            .iter()
            .map(|change| match change {
                Change::Created(kind, name, _) => format!("created {kind}/{name}"),
                Change::Changed(kind, name, _) => format!("changed {kind}/{name}"),
                Change::Deleted(kind, name) => format!("deleted {kind}/{name}"),
            })
            .collect();
        assert_eq!(
            labels,
            [
                "changed Service/a",
                "created Service/c",
                "deleted Service/b"
            ]
        );
        assert!(after.changes(&after).is_empty());
    }
}
