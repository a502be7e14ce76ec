//! `impl Cluster for InMemoryCluster`: each call logged, counted, faulted if a fault hits it,
//! then answered from the stored objects.

use serde_json::{Value, json};

use super::{InMemoryCluster, key};
use crate::managed::object_name;
use crate::{Cluster, ClusterError, Kind, Listing, ManagedObject, RequestCounts, Verb};

impl InMemoryCluster {
    /// The call target of `name` in `namespace`: the bare name in ours.
    fn target(&self, namespace: Option<&str>, name: &str) -> String {
        match namespace {
            Some(namespace) if namespace != self.namespace => format!("{namespace}/{name}"),
            _ => name.to_owned(),
        }
    }
}

/// `object` as a metadata-only LIST returns it.
fn metadata_only(kind: Kind, object: &Value) -> Value {
    json!({"apiVersion": kind.api_version(), "kind": kind.kind(),
           "metadata": object["metadata"].clone()})
}

impl Cluster for InMemoryCluster {
    fn namespace(&self) -> &str {
        &self.namespace
    }

    fn list_gateway_classes(&mut self) -> Result<Vec<String>, ClusterError> {
        self.begin(Verb::List, None, "")?;
        Ok(self.gateway_classes.clone())
    }

    fn list(&mut self, kind: Kind) -> Result<Vec<Value>, ClusterError> {
        self.begin(Verb::List, Some(kind), "")?;
        let prefix = format!("{}/", self.namespace);
        let objects = self.objects.get(&kind).into_iter().flatten();
        Ok(objects
            .filter(|(key, _)| kind.in_other_namespaces() || key.starts_with(&prefix))
            .map(|(_, object)| match kind.listing() {
                Listing::Full => object.clone(),
                Listing::Metadata => metadata_only(kind, object),
            })
            .collect())
    }

    fn get(
        &mut self,
        kind: Kind,
        namespace: &str,
        name: &str,
    ) -> Result<Option<Value>, ClusterError> {
        let target = self.target(Some(namespace), name);
        self.begin(Verb::Get, Some(kind), &target)?;
        Ok(self.object_in(kind, namespace, name).cloned())
    }

    fn apply(
        &mut self,
        kind: Kind,
        object: &Value,
        field_manager: &str,
    ) -> Result<Value, ClusterError> {
        let name = object_name(object).unwrap_or_default().to_owned();
        let namespace = object
            .pointer("/metadata/namespace")
            .and_then(Value::as_str);
        let target = self.target(namespace, &name);
        self.begin(Verb::Apply, Some(kind), &target)?;
        let malformed = |message: String| ClusterError::Malformed { kind, message };
        if name.is_empty() || !object["metadata"].is_object() {
            return Err(malformed("metadata.name is missing".to_owned()));
        }
        if object["apiVersion"] != kind.api_version() || object["kind"] != kind.kind() {
            return Err(malformed(format!(
                "apiVersion/kind must be {}/{}",
                kind.api_version(),
                kind.kind()
            )));
        }
        let key = self.key_of(object);
        let existing = self.objects.get(&kind).and_then(|o| o.get(&key)).cloned();
        let stored = self.record(kind, object.clone(), existing.as_ref(), field_manager);
        self.objects
            .entry(kind)
            .or_default()
            .insert(key, stored.clone());
        Ok(stored)
    }

    /// Removes the object by name; one already gone is no error (the trait's contract). The
    /// uid precondition is the server's to check (real-server tier, `ownership.rs`).
    fn delete(&mut self, object: &ManagedObject) -> Result<(), ClusterError> {
        let kind = object.kind();
        let target = self.target(object.namespace(), object.name());
        self.begin(Verb::Delete, Some(kind), &target)?;
        let namespace = object.namespace().unwrap_or(&self.namespace).to_owned();
        if let Some(objects) = self.objects.get_mut(&kind) {
            objects.remove(&key(&namespace, object.name()));
        }
        Ok(())
    }

    /// Records the `metadata.managedFields` that [`crate::takeover_patch`]'s patch replaces (its
    /// `resourceVersion` test is the server's to check: real-server tier, `takeover.rs`). A
    /// patch with any other operation is refused as invalid, and a missing object is not found.
    fn patch_managed_fields(
        &mut self,
        object: &ManagedObject,
        patch: &Value,
    ) -> Result<Value, ClusterError> {
        let kind = object.kind();
        let name = object.name();
        let target = self.target(object.namespace(), name);
        self.begin(Verb::Patch, Some(kind), &target)?;
        let path = format!("{}/{target}", kind.plural());
        let fail =
            |code, message: String| ClusterError::from_status(code, "PATCH", &path, &message);
        let namespace = object.namespace().unwrap_or(&self.namespace).to_owned();
        let Some(mut stored) = self.object_in(kind, &namespace, name).cloned() else {
            return Err(fail(404, format!("{path} not found")));
        };
        let mut entries = None;
        for op in patch.as_array().into_iter().flatten() {
            match (op["op"].as_str(), op["path"].as_str()) {
                (Some("replace"), Some("/metadata/resourceVersion")) => {}
                (Some("replace"), Some("/metadata/managedFields")) => {
                    entries = Some(op["value"].clone());
                }
                _ => return Err(fail(422, format!("unsupported JSON patch operation {op}"))),
            }
        }
        if let Some(entries) = entries {
            self.revision += 1;
            stored["metadata"]["managedFields"] = entries;
            stored["metadata"]["resourceVersion"] = json!(self.revision.to_string());
        }
        self.objects
            .entry(kind)
            .or_default()
            .insert(key(&namespace, name), stored.clone());
        Ok(stored)
    }

    fn request_counts(&self) -> RequestCounts {
        self.counts
    }
}
