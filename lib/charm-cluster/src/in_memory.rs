//! An in-memory [`Cluster`] for tests and the embedded demo.
//!
//! It emulates what the charm relies on from a real API server:
//! * server-side apply for one field manager, as [`crate::emulation`] describes: the applied
//!   object replaces the fields we own, so a listener or filter left out of the next apply is
//!   gone; the server's own fields are filled in and `status` is kept;
//! * LIST with equality label selectors, GatewayClasses, a settable Gateway address (the
//!   controller's job on a real cluster);
//! * per-verb request counts, a call log, and fault injection by call index or verb.
//!
//! It derives `Serialize`/`Deserialize`, so a process-level harness can keep it in a file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::emulation::{ApplyRequest, Revisions, server_side_apply};
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
        let stored = self.with_server_fields(kind, object, None, "kubectl");
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

    /// Replace `metadata.managedFields` of a stored object (e.g. with the `Update` entries the
    /// Python charm's writes leave). Not a call. Returns false when there is no such object.
    ///
    /// The in-memory apply does not model field ownership: it replaces the object and leaves a
    /// single `Apply` entry, so it never keeps a field an `Update` entry owns the way the real
    /// server does (the real-server tests in `tests/real_apiserver/` cover that).
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

    /// `object` with the fields the server owns filled in, on top of `existing` (if any).
    fn with_server_fields(
        &mut self,
        kind: Kind,
        object: Value,
        existing: Option<&Value>,
        field_manager: &str,
    ) -> Value {
        let request = ApplyRequest {
            kind: kind.kind(),
            api_version: kind.api_version(),
            namespace: Some(&self.namespace),
            field_manager,
            status_when_none: None,
        };
        let mut revisions = Revisions {
            counter: &mut self.revision,
            uid_of: |n| format!("uid-{n}"),
        };
        server_side_apply(object, existing, &request, &mut revisions)
    }
}

/// `secrets`, `gateways.gateway.networking.k8s.io`: how the server names a resource in most
/// messages.
fn qualified_plural(kind: Kind) -> String {
    if kind.group().is_empty() {
        kind.plural().to_owned()
    } else {
        format!("{}.{}", kind.plural(), kind.group())
    }
}

/// `Secret`, `HTTPRoute.gateway.networking.k8s.io`: how it names a kind in precondition
/// failures.
fn qualified_kind(kind: Kind) -> String {
    if kind.group().is_empty() {
        kind.kind().to_owned()
    } else {
        format!("{}.{}", kind.kind(), kind.group())
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
        let stored =
            self.with_server_fields(kind, object.clone(), existing.as_ref(), field_manager);
        self.objects
            .entry(kind)
            .or_default()
            .insert(name, stored.clone());
        Ok(stored)
    }

    fn delete(&mut self, object: &ManagedObject) -> Result<(), ClusterError> {
        let (kind, name) = (object.kind(), object.name());
        self.begin(Verb::Delete, Some(kind), name)?;
        let Some(stored) = self.object(kind, name) else {
            return Ok(());
        };
        let stored_uid = stored.pointer("/metadata/uid").and_then(Value::as_str);
        if let Some(uid) = object.uid()
            && stored_uid != Some(uid)
        {
            return Err(ClusterError::from_status(
                409,
                "DELETE",
                &format!("{}/{name}", kind.plural()),
                // Worded as kube-apiserver v1.36 words it (real-server tier, `ownership.rs`).
                &format!(
                    "Operation cannot be fulfilled on {} \"{name}\": the UID in the precondition \
                     ({uid}) does not match the UID in record ({}). The object might have been \
                     deleted and then recreated",
                    qualified_kind(kind),
                    stored_uid.unwrap_or_default()
                ),
            ));
        }
        self.objects
            .get_mut(&kind)
            .map(|objects| objects.remove(name));
        Ok(())
    }

    /// Applies the two `replace` operations [`crate::takeover_patch`] sends: a
    /// `/metadata/resourceVersion` that is not the stored one is a 409 Conflict, and
    /// `/metadata/managedFields` replaces the entries. Any other operation is a 422.
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
        let Some(stored) = self.object(kind, name).cloned() else {
            return Err(fail(
                404,
                format!("{} \"{name}\" not found", qualified_plural(kind)),
            ));
        };
        let mut entries = None;
        for op in patch.as_array().into_iter().flatten() {
            match (op["op"].as_str(), op["path"].as_str()) {
                (Some("replace"), Some("/metadata/resourceVersion")) => {
                    if op["value"] != stored["metadata"]["resourceVersion"] {
                        return Err(fail(
                            409,
                            format!(
                                "Operation cannot be fulfilled on {} \"{name}\": the object has been \
                             modified; please apply your changes to the latest version and try again",
                                qualified_plural(kind)
                            ),
                        ));
                    }
                }
                (Some("replace"), Some("/metadata/managedFields")) => {
                    entries = Some(op["value"].clone());
                }
                _ => return Err(fail(422, format!("unsupported JSON patch operation {op}"))),
            }
        }
        let mut updated = stored;
        if let Some(entries) = entries {
            self.revision += 1;
            updated["metadata"]["managedFields"] = entries;
            updated["metadata"]["resourceVersion"] = json!(self.revision.to_string());
        }
        self.objects
            .entry(kind)
            .or_default()
            .insert(name.to_owned(), updated.clone());
        Ok(updated)
    }

    fn request_counts(&self) -> RequestCounts {
        self.counts
    }
}
