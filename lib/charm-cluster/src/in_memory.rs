//! An in-memory [`Cluster`](crate::Cluster) for tests and the embedded demo: a recording fake.
//!
//! It records what the charm does and answers reads from what it recorded:
//! * an apply stores the object as applied, whole, with the metadata every stored object has
//!   (`namespace`, a `uid`, a `resourceVersion`, one `Apply` entry of the field manager) and
//!   the `status` the stored object had (the charm never sends one; tests set the Gateway's
//!   address, the controller's job on a real cluster);
//! * LIST returns every object of the kind in the namespace (every namespace for kinds placed
//!   elsewhere), metadata only for [`Listing::Metadata`](crate::Listing::Metadata) kinds, as the server does;
//!   GatewayClasses are a list of names;
//! * per-verb request counts, a call log, and fault injection by call index or verb.
//!
//! It is not an API server. It models no field ownership, merge, defaulting, admission,
//! preconditions or conflicts, and no test asserts those against it: what the real server does
//! with the same requests is the real-server tier's (`tests/real_apiserver/` of this crate,
//! and the integrator's process and `real_server_*` tests).
//!
//! It derives `Serialize`/`Deserialize`, so a harness can keep it in a file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::managed::object_name;
use crate::{ClusterError, Fault, Kind, RequestCounts, Verb};

mod cluster;

/// One call the charm made, as the in-memory cluster saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// The verb.
    pub verb: Verb,
    /// The kind, `None` for GatewayClasses.
    pub kind: Option<Kind>,
    /// The object name (GET, PATCH, DELETE; `namespace/name` outside the cluster's
    /// namespace), empty for a LIST.
    pub target: String,
}

/// An in-memory cluster: the charm's namespace, and any other namespace objects are put in.
/// Objects are keyed `namespace/name`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InMemoryCluster {
    namespace: String,
    objects: BTreeMap<Kind, BTreeMap<String, Value>>,
    gateway_classes: Vec<String>,
    revision: u64,
    counts: RequestCounts,
    calls: Vec<Call>,
    faults: Vec<Fault>,
}

impl InMemoryCluster {
    /// An empty cluster serving `namespace`.
    pub fn new(namespace: &str) -> InMemoryCluster {
        InMemoryCluster {
            namespace: namespace.to_owned(),
            ..InMemoryCluster::default()
        }
    }

    /// Add a GatewayClass (cluster-scoped; only its name matters to the charm).
    pub fn add_gateway_class(&mut self, name: &str) -> &mut Self {
        self.gateway_classes.push(name.to_owned());
        self
    }

    /// Store `object` as someone else created it (e.g. an unlabelled object of the same name).
    /// This is not a call: it is neither counted nor logged.
    pub fn insert(&mut self, kind: Kind, object: Value) -> &mut Self {
        let key = self.key_of(&object);
        let stored = self.record(kind, object, None, "kubectl");
        self.objects.entry(kind).or_default().insert(key, stored);
        self
    }

    /// `namespace/name` of `object`, in our namespace when it names none.
    fn key_of(&self, object: &Value) -> String {
        let namespace = object
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or(&self.namespace);
        key(namespace, object_name(object).unwrap_or_default())
    }

    fn stored_mut(&mut self, kind: Kind, name: &str) -> Option<&mut Value> {
        let key = key(&self.namespace, name);
        self.objects.get_mut(&kind)?.get_mut(&key)
    }

    /// Set `status.addresses` of Gateway `name` to one IP address (what the controller does).
    /// Returns false when there is no such Gateway.
    pub fn set_gateway_address(&mut self, name: &str, address: &str) -> bool {
        let Some(gateway) = self.stored_mut(Kind::Gateway, name) else {
            return false;
        };
        gateway["status"]["addresses"] = json!([{"type": "IPAddress", "value": address}]);
        true
    }

    /// Merge `status` into the stored object's `status`, top-level keys replacing (what a
    /// gateway controller does through the status subresource). Not a call. Returns false when
    /// there is no such object.
    pub fn set_status(&mut self, kind: Kind, name: &str, status: Value) -> bool {
        let Some(object) = self.stored_mut(kind, name) else {
            return false;
        };
        if !object["status"].is_object() {
            object["status"] = json!({});
        }
        if let (Some(stored), Value::Object(given)) = (object["status"].as_object_mut(), status) {
            stored.extend(given);
        }
        true
    }

    /// Set `metadata.generation` of a stored object. The real server bumps it on every change
    /// outside `metadata` and `status`; this fake never does, so a test that needs a new
    /// generation (e.g. a controller that has not observed it yet) says so. Not a call.
    /// Returns false when there is no such object.
    pub fn set_generation(&mut self, kind: Kind, name: &str, generation: i64) -> bool {
        let Some(object) = self.stored_mut(kind, name) else {
            return false;
        };
        object["metadata"]["generation"] = json!(generation);
        true
    }

    /// Replace `metadata.managedFields` of a stored object (e.g. with the `Update` entries the
    /// Python charm's writes leave). Not a call. Returns false when there is no such object.
    ///
    /// The fake models no field ownership: an apply stores the object whole with a single
    /// `Apply` entry, so it never keeps a field an `Update` entry owns the way the real server
    /// does (the real-server tests in `tests/real_apiserver/` cover that).
    pub fn set_managed_fields(&mut self, kind: Kind, name: &str, entries: Value) -> bool {
        let Some(object) = self.stored_mut(kind, name) else {
            return false;
        };
        object["metadata"]["managedFields"] = entries;
        true
    }

    /// Make matching calls fail from now on.
    pub fn inject(&mut self, fault: Fault) -> &mut Self {
        self.faults.push(fault);
        self
    }

    /// Remove every injected fault.
    pub fn clear_faults(&mut self) {
        self.faults.clear();
    }

    /// The stored object `name` of the cluster's namespace, if any.
    pub fn object(&self, kind: Kind, name: &str) -> Option<&Value> {
        self.object_in(kind, &self.namespace, name)
    }

    /// The stored object `name` of `namespace`, if any.
    pub fn object_in(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Value> {
        self.objects.get(&kind)?.get(&key(namespace, name))
    }

    /// Names of the stored objects of `kind` in the cluster's namespace, sorted.
    pub fn names(&self, kind: Kind) -> Vec<&str> {
        self.names_in(kind, &self.namespace)
    }

    /// Names of the stored objects of `kind` in `namespace`, sorted.
    pub fn names_in(&self, kind: Kind, namespace: &str) -> Vec<&str> {
        let prefix = format!("{namespace}/");
        self.objects
            .get(&kind)
            .map(|objects| {
                objects
                    .keys()
                    .filter_map(|key| key.strip_prefix(&prefix))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every call so far, in order.
    pub fn calls(&self) -> &[Call] {
        &self.calls
    }

    /// Start a call: log and count it, then fail it if a fault hits it.
    fn begin(&mut self, verb: Verb, kind: Option<Kind>, target: &str) -> Result<(), ClusterError> {
        let index = self.calls.len();
        self.calls.push(Call {
            verb,
            kind,
            target: target.to_owned(),
        });
        self.counts.record(verb);
        let plural = kind.map_or("gatewayclasses", Kind::plural);
        match self
            .faults
            .iter()
            .find(|fault| fault.hits(index, verb, kind))
        {
            Some(fault) => Err(fault.error(verb, &format!("{plural}/{target}"))),
            None => Ok(()),
        }
    }

    /// What the fake stores for `object` applied by `field_manager` over `existing`: the
    /// object whole, `status` kept from `existing`, and the stored-object metadata.
    fn record(
        &mut self,
        kind: Kind,
        mut object: Value,
        existing: Option<&Value>,
        field_manager: &str,
    ) -> Value {
        if let Some(map) = object.as_object_mut() {
            map.remove("status");
        }
        if let Some(status) = existing.and_then(|e| e.get("status")) {
            object["status"] = status.clone();
        }
        self.revision += 1;
        let uid = match existing.and_then(|e| e.pointer("/metadata/uid")) {
            Some(uid) => uid.clone(),
            None => json!(format!("uid-{}", self.revision)),
        };
        let namespace = object
            .pointer("/metadata/namespace")
            .cloned()
            .unwrap_or_else(|| json!(self.namespace));
        let metadata = &mut object["metadata"];
        metadata["namespace"] = namespace;
        metadata["uid"] = uid;
        metadata["resourceVersion"] = json!(self.revision.to_string());
        metadata["managedFields"] = json!([{"manager": field_manager, "operation": "Apply",
            "apiVersion": kind.api_version(), "fieldsType": "FieldsV1"}]);
        object
    }
}

/// The storage key of an object: `namespace/name`.
fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}
