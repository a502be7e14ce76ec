//! The stand-in's object store and its server-side-apply emulation.
//!
//! Apply emulation (enough for one field manager, which is how the charm works): the applied
//! object replaces the stored one, so fields left out of the apply are gone, as on a real
//! server for fields the manager owned. `status` survives. The server fills in
//! `metadata.{namespace,uid,resourceVersion,generation,managedFields}`. A Secret's `stringData`
//! is stored as base64 `data`. An apply that changes nothing keeps `resourceVersion`.

use std::collections::BTreeMap;

use base64::Engine as _;
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

    fn next_revision(&mut self) -> u64 {
        self.revision += 1;
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

    fn with_server_fields(
        &mut self,
        resource: &Resource,
        namespace: &str,
        mut object: Value,
        existing: Option<&Value>,
        manager: &str,
    ) -> Value {
        if resource.plural == "secrets" {
            encode_string_data(&mut object);
        }
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if let Some(map) = object.as_object_mut() {
            map.remove("status");
        }
        let remembered = self
            .gateway_addresses
            .get(&format!("{namespace}/{name}"))
            .cloned();
        let status = existing.and_then(|e| e.get("status")).cloned().or_else(|| {
            (resource.plural == "gateways")
                .then(|| remembered.or_else(|| self.default_gateway_address.clone()))
                .flatten()
                .map(|address| gateway_status(&address))
        });
        if let Some(status) = status {
            object["status"] = status;
        }
        let uid = match existing.and_then(|e| e.pointer("/metadata/uid")) {
            Some(uid) => uid.clone(),
            None => json!(format!(
                "00000000-0000-4000-8000-{:012x}",
                self.next_revision()
            )),
        };
        let metadata = &mut object["metadata"];
        if resource.namespaced {
            metadata["namespace"] = json!(namespace);
        }
        metadata["uid"] = uid;
        metadata["managedFields"] = json!([{"manager": manager, "operation": "Apply",
            "apiVersion": resource.api_version(), "fieldsType": "FieldsV1"}]);
        let Some(existing) = existing else {
            metadata["generation"] = json!(1);
            let revision = self.next_revision();
            object["metadata"]["resourceVersion"] = json!(revision.to_string());
            return object;
        };
        metadata["generation"] = existing["metadata"]["generation"].clone();
        metadata["resourceVersion"] = existing["metadata"]["resourceVersion"].clone();
        if &object == existing {
            return object;
        }
        if spec_of(&object) != spec_of(existing) {
            let generation = existing["metadata"]["generation"].as_u64().unwrap_or(1) + 1;
            object["metadata"]["generation"] = json!(generation);
        }
        let revision = self.next_revision();
        object["metadata"]["resourceVersion"] = json!(revision.to_string());
        object
    }
}

fn gateway_status(address: &str) -> Value {
    json!({"addresses": [{"type": "IPAddress", "value": address}]})
}

fn spec_of(object: &Value) -> Value {
    let mut rest = object.clone();
    if let Some(map) = rest.as_object_mut() {
        map.remove("metadata");
        map.remove("status");
    }
    rest
}

fn encode_string_data(secret: &mut Value) {
    let Some(string_data) = secret.as_object_mut().and_then(|s| s.remove("stringData")) else {
        return;
    };
    let Some(entries) = string_data.as_object() else {
        return;
    };
    if !secret.get("data").is_some_and(Value::is_object) {
        secret["data"] = json!({});
    }
    for (key, value) in entries {
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(value.as_str().unwrap_or_default());
        secret["data"][key] = json!(encoded);
    }
}

/// Whether `object`'s labels satisfy an equality-based `selector` (`k=v`, `k==v`, `k!=v`,
/// `k`, `!k`, comma-joined). `None` when the selector uses syntax the stand-in does not speak.
pub fn selector_matches(selector: &str, object: &Value) -> Option<bool> {
    let labels = object
        .pointer("/metadata/labels")
        .and_then(Value::as_object);
    let label = |key: &str| {
        labels
            .and_then(|l| l.get(key.trim()))
            .and_then(Value::as_str)
    };
    let mut all = true;
    for term in selector.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if term.contains(['(', ')', ' ']) {
            return None;
        }
        let matched = if let Some((key, value)) = term.split_once("!=") {
            label(key) != Some(value)
        } else if let Some((key, value)) = term.split_once("==").or_else(|| term.split_once('=')) {
            label(key) == Some(value)
        } else if let Some(key) = term.strip_prefix('!') {
            label(key).is_none()
        } else {
            label(term).is_some()
        };
        all &= matched;
    }
    Some(all)
}
