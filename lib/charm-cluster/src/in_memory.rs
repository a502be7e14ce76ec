//! An in-memory [`Cluster`] for tests and the embedded demo: a recording fake.
//!
//! It records what the charm does and answers reads from what it recorded:
//! * an apply stores the object as applied, whole, with the metadata every stored object has
//!   (`namespace`, a `uid`, a `resourceVersion`, one `Apply` entry of the field manager) and
//!   the `status` the stored object had (the charm never sends one; tests set the Gateway's
//!   address, the controller's job on a real cluster);
//! * LIST filters by equality label selectors; GatewayClasses are a list of names;
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

use crate::label_selector::LabelSelector;
use crate::managed::object_name;
use crate::{Cluster, ClusterError, Fault, Kind, ManagedObject, RequestCounts, Verb};

/// One call the charm made, as the in-memory cluster saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// The verb.
    pub verb: Verb,
    /// The kind, `None` for GatewayClasses.
    pub kind: Option<Kind>,
    /// The object name (GET, PATCH, DELETE) or the label selector (LIST).
    pub target: String,
}

/// An in-memory cluster holding one namespace's objects.
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
        let name = object_name(&object).unwrap_or_default().to_owned();
        let stored = self.record(kind, object, None, "kubectl");
        self.objects.entry(kind).or_default().insert(name, stored);
        self
    }

    /// Set `status.addresses` of Gateway `name` to one IP address (what the controller does).
    /// Returns false when there is no such Gateway.
    pub fn set_gateway_address(&mut self, name: &str, address: &str) -> bool {
        let Some(gateway) = self
            .objects
            .get_mut(&Kind::Gateway)
            .and_then(|g| g.get_mut(name))
        else {
            return false;
        };
        gateway["status"]["addresses"] = json!([{"type": "IPAddress", "value": address}]);
        true
    }

    /// Merge `status` into the stored object's `status`, top-level keys replacing (what a
    /// gateway controller does through the status subresource). Not a call. Returns false when
    /// there is no such object.
    pub fn set_status(&mut self, kind: Kind, name: &str, status: Value) -> bool {
        let Some(object) = self.objects.get_mut(&kind).and_then(|o| o.get_mut(name)) else {
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
        let Some(object) = self.objects.get_mut(&kind).and_then(|o| o.get_mut(name)) else {
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
        let Some(object) = self.objects.get_mut(&kind).and_then(|o| o.get_mut(name)) else {
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

    /// The stored object, if any.
    pub fn object(&self, kind: Kind, name: &str) -> Option<&Value> {
        self.objects.get(&kind)?.get(name)
    }

    /// Names of the stored objects of `kind`, sorted.
    pub fn names(&self, kind: Kind) -> Vec<&str> {
        self.objects
            .get(&kind)
            .map(|o| o.keys().map(String::as_str).collect())
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
        match self.faults.iter().find(|fault| fault.hits(index, verb)) {
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
        let metadata = &mut object["metadata"];
        metadata["namespace"] = json!(self.namespace);
        metadata["uid"] = uid;
        metadata["resourceVersion"] = json!(self.revision.to_string());
        metadata["managedFields"] = json!([{"manager": field_manager, "operation": "Apply",
            "apiVersion": kind.api_version(), "fieldsType": "FieldsV1"}]);
        object
    }
}

impl Cluster for InMemoryCluster {
    fn namespace(&self) -> &str {
        &self.namespace
    }

    fn list_gateway_classes(&mut self) -> Result<Vec<String>, ClusterError> {
        self.begin(Verb::List, None, "")?;
        Ok(self.gateway_classes.clone())
    }

    fn list(&mut self, kind: Kind, label_selector: &str) -> Result<Vec<Value>, ClusterError> {
        self.begin(Verb::List, Some(kind), label_selector)?;
        let selector = LabelSelector::parse(label_selector)
            .map_err(|e| ClusterError::from_status(400, "LIST", kind.plural(), &e.to_string()))?;
        Ok(self
            .objects
            .get(&kind)
            .into_iter()
            .flat_map(BTreeMap::values)
            .filter(|object| selector.matches_object(object))
            .cloned()
            .collect())
    }

    fn get(&mut self, kind: Kind, name: &str) -> Result<Option<Value>, ClusterError> {
        self.begin(Verb::Get, Some(kind), name)?;
        Ok(self.object(kind, name).cloned())
    }

    fn apply(
        &mut self,
        kind: Kind,
        object: &Value,
        field_manager: &str,
    ) -> Result<Value, ClusterError> {
        let name = object_name(object).unwrap_or_default().to_owned();
        self.begin(Verb::Apply, Some(kind), &name)?;
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
        if let Some(namespace) = object.pointer("/metadata/namespace")
            && namespace != self.namespace.as_str()
        {
            return Err(malformed(format!(
                "namespace {namespace} is not {}",
                self.namespace
            )));
        }
        let existing = self.object(kind, &name).cloned();
        let stored = self.record(kind, object.clone(), existing.as_ref(), field_manager);
        self.objects
            .entry(kind)
            .or_default()
            .insert(name, stored.clone());
        Ok(stored)
    }

    /// Removes the object by name; one already gone is no error (the trait's contract). The
    /// uid precondition is the server's to check (real-server tier, `ownership.rs`).
    fn delete(&mut self, object: &ManagedObject) -> Result<(), ClusterError> {
        let (kind, name) = (object.kind(), object.name());
        self.begin(Verb::Delete, Some(kind), name)?;
        self.objects
            .get_mut(&kind)
            .map(|objects| objects.remove(name));
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
        let (kind, name) = (object.kind(), object.name());
        self.begin(Verb::Patch, Some(kind), name)?;
        let target = format!("{}/{name}", kind.plural());
        let fail =
            |code, message: String| ClusterError::from_status(code, "PATCH", &target, &message);
        let Some(mut stored) = self.object(kind, name).cloned() else {
            return Err(fail(404, format!("{target} not found")));
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
            .insert(name.to_owned(), stored.clone());
        Ok(stored)
    }

    fn request_counts(&self) -> RequestCounts {
        self.counts
    }
}
