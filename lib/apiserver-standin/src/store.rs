//! The stand-in's object store and its server-side-apply emulation.
//!
//! Apply emulation is `charm_cluster::emulation` (one field manager: the applied object replaces
//! the stored one, `status` survives, the server's metadata is filled in). The store adds what
//! only the stand-in has: objects keyed by namespace (cluster-scoped ones get none) and a
//! stand-in "controller" that gives Gateways their remembered or default address.

use std::collections::BTreeMap;

use charm_cluster::emulation::{ApplyRequest, Revisions, server_side_apply};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::resources::Resource;

/// One stored object and the field manager that last applied it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredObject {
    /// The object as GET returns it.
    pub object: Value,
    /// The field manager owning it.
    pub manager: String,
}

/// Every object the stand-in holds, by plural → namespace (`""` for cluster scope) → name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Store {
    objects: BTreeMap<String, BTreeMap<String, BTreeMap<String, StoredObject>>>,
    revision: u64,
    gateway_addresses: BTreeMap<String, String>,
    /// Address given to every new Gateway that has none set (a stand-in "controller").
    pub default_gateway_address: Option<String>,
}

impl Store {
    /// The current resourceVersion counter.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The stored object, if any.
    pub fn get(&self, plural: &str, namespace: &str, name: &str) -> Option<&StoredObject> {
        self.objects.get(plural)?.get(namespace)?.get(name)
    }

    /// Objects of `plural` in `namespace` (every namespace if `None`), in name order.
    pub fn list(&self, plural: &str, namespace: Option<&str>) -> Vec<&Value> {
        let Some(by_namespace) = self.objects.get(plural) else {
            return Vec::new();
        };
        by_namespace
            .iter()
            .filter(|(ns, _)| namespace.is_none_or(|wanted| wanted == ns.as_str()))
            .flat_map(|(_, objects)| objects.values().map(|stored| &stored.object))
            .collect()
    }

    /// Store the result of applying `applied` with `manager`; returns it and whether it was new.
    pub fn apply(
        &mut self,
        resource: &Resource,
        namespace: &str,
        applied: Value,
        manager: &str,
    ) -> (Value, bool) {
        let name = applied["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let existing = self
            .get(resource.plural, namespace, &name)
            .map(|s| s.object.clone());
        let object =
            self.with_server_fields(resource, namespace, applied, existing.as_ref(), manager);
        let created = existing.is_none();
        self.objects
            .entry(resource.plural.to_owned())
            .or_default()
            .entry(namespace.to_owned())
            .or_default()
            .insert(
                name,
                StoredObject {
                    object: object.clone(),
                    manager: manager.to_owned(),
                },
            );
        (object, created)
    }

    /// Remove an object; returns it if it existed.
    pub fn delete(&mut self, plural: &str, namespace: &str, name: &str) -> Option<Value> {
        let removed = self
            .objects
            .get_mut(plural)?
            .get_mut(namespace)?
            .remove(name)?;
        Some(removed.object)
    }

    /// Set (and remember) Gateway `namespace/name`'s `status.addresses`.
    pub fn set_gateway_address(&mut self, namespace: &str, name: &str, address: &str) {
        self.gateway_addresses
            .insert(format!("{namespace}/{name}"), address.to_owned());
        if let Some(stored) = self
            .objects
            .get_mut("gateways")
            .and_then(|g| g.get_mut(namespace))
            .and_then(|g| g.get_mut(name))
        {
            stored.object["status"] = gateway_status(address);
        }
    }

    /// `object` as the server stores it: the shared apply emulation, plus the stand-in's
    /// "controller" giving a Gateway without status its remembered or default address.
    fn with_server_fields(
        &mut self,
        resource: &Resource,
        namespace: &str,
        object: Value,
        existing: Option<&Value>,
        manager: &str,
    ) -> Value {
        let name = object["metadata"]["name"].as_str().unwrap_or_default();
        let status_when_none = (resource.plural == "gateways")
            .then(|| {
                self.gateway_addresses
                    .get(&format!("{namespace}/{name}"))
                    .or(self.default_gateway_address.as_ref())
            })
            .flatten()
            .map(|address| gateway_status(address));
        let api_version = resource.api_version();
        let request = ApplyRequest {
            kind: resource.kind,
            api_version: &api_version,
            namespace: resource.namespaced.then_some(namespace),
            field_manager: manager,
            status_when_none,
        };
        let mut revisions = Revisions {
            counter: &mut self.revision,
            uid_of: |n| format!("00000000-0000-4000-8000-{n:012x}"),
        };
        server_side_apply(object, existing, &request, &mut revisions)
    }
}

fn gateway_status(address: &str) -> Value {
    json!({"addresses": [{"type": "IPAddress", "value": address}]})
}
