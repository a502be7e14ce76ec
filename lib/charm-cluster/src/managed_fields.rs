//! Taking over the fields the Python charm owned through client-side writes.
//!
//! The Python charm (lightkube, `field_manager=<app>`) created every object with a POST and
//! patched its Gateway with a JSON merge patch. The server records both as an `Update` entry of
//! manager `<app>` in `metadata.managedFields`; only its later server-side applies (HTTPRoute,
//! Secret, Service) appear as an `Apply` entry. Server-side apply removes a field only when the
//! applier owned it and nobody else does. Our applies (manager `<app>`, operation `Apply`) are
//! a different owner from `<app>`/`Update`, so after a refresh from the Python charm a listener,
//! Secret key or Service port we stop sending would stay forever.
//!
//! The fix is the standard client-side → server-side apply upgrade of `managedFields`, as
//! kubectl's `csaupgrade` (`k8s.io/client-go/util/csaupgrade`) does it:
//! * the `Update` entries of `<app>` for the main resource (not the `status` subresource) are
//!   merged (set union of their `fieldsV1`) into the `Apply` entry of `<app>`;
//! * when there is no `Apply` entry, the first `Update` entry becomes it (operation `Apply`,
//!   the object's `apiVersion`);
//! * the `Update` entries of `<app>` are removed; every other entry is kept as it is.
//!
//! Unlike csaupgrade, which only merges the `Update` entry with the `Apply` entry's
//! `apiVersion` and drops the others, we merge them all, so no field is left without an owner
//! (the charm's kinds have the same field paths at every version it ever wrote).
//!
//! The change is sent as a JSON patch (`application/json-patch+json`) replacing
//! `/metadata/managedFields` and, as csaupgrade does, *replacing* `/metadata/resourceVersion`
//! with the value we read. That is the optimistic-concurrency precondition: if the object
//! changed since our LIST the server answers 409 Conflict. (A `test` op would fail with an
//! opaque 422 instead.)
//!
//! Intended call site (issue 13): after the hook's LIST of a kind, for each listed object whose
//! live copy [`needs_takeover`], call [`upgrade_managed_fields`] before applying the desired
//! object. It costs one PATCH per object, once: afterwards the object has no `Update` entry of
//! ours and the check is free.

use serde_json::{Map, Value, json};

use crate::{Cluster, ClusterError, ManagedObject};

/// `operation` of a server-side apply entry.
pub const APPLY: &str = "Apply";
/// `operation` of an entry left by a create, update or non-apply patch.
pub const UPDATE: &str = "Update";

fn is_main_resource(entry: &Value) -> bool {
    entry
        .get("subresource")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
}

fn is_entry(entry: &Value, manager: &str, operation: &str) -> bool {
    entry.get("manager").and_then(Value::as_str) == Some(manager)
        && entry.get("operation").and_then(Value::as_str) == Some(operation)
        && is_main_resource(entry)
}

/// Whether `live` has `Update` entries of `manager` (for the main resource) to take over.
pub fn needs_takeover(live: &Value, manager: &str) -> bool {
    entries(live).is_some_and(|entries| entries.iter().any(|e| is_entry(e, manager, UPDATE)))
}

fn entries(live: &Value) -> Option<&Vec<Value>> {
    live.pointer("/metadata/managedFields")?.as_array()
}

/// The set union of two `fieldsV1` trees (nested maps whose leaves are `{}`).
pub fn union_fields(left: &Value, right: &Value) -> Value {
    match (left.as_object(), right.as_object()) {
        (Some(left), Some(right)) => {
            let mut merged: Map<String, Value> = left.clone();
            for (key, value) in right {
                let combined = match merged.get(key) {
                    Some(existing) => union_fields(existing, value),
                    None => value.clone(),
                };
                merged.insert(key.clone(), combined);
            }
            Value::Object(merged)
        }
        (Some(_), None) => left.clone(),
        _ => right.clone(),
    }
}

/// `live`'s `managedFields` after the takeover for `manager`, or `None` when there is nothing
/// to take over.
pub fn upgraded_managed_fields(live: &Value, manager: &str) -> Option<Vec<Value>> {
    let entries = entries(live)?;
    let updates: Vec<&Value> = entries
        .iter()
        .filter(|e| is_entry(e, manager, UPDATE))
        .collect();
    if updates.is_empty() {
        return None;
    }
    let apply_index = entries.iter().position(|e| is_entry(e, manager, APPLY));
    // The entry that receives the union: our Apply entry, else the first Update entry.
    let target_index =
        apply_index.or_else(|| entries.iter().position(|e| is_entry(e, manager, UPDATE)))?;
    let mut target = entries[target_index].clone();
    let mut fields = target.get("fieldsV1").cloned().unwrap_or_else(|| json!({}));
    for update in &updates {
        fields = union_fields(&fields, update.get("fieldsV1").unwrap_or(&json!({})));
    }
    target["fieldsV1"] = fields;
    target["fieldsType"] = json!("FieldsV1");
    if apply_index.is_none() {
        target["operation"] = json!(APPLY);
        if let Some(api_version) = live.get("apiVersion") {
            target["apiVersion"] = api_version.clone();
        }
    }
    Some(
        entries
            .iter()
            .enumerate()
            .filter_map(|(index, entry)| {
                if index == target_index {
                    Some(target.clone())
                } else if is_entry(entry, manager, UPDATE) {
                    None
                } else {
                    Some(entry.clone())
                }
            })
            .collect(),
    )
}

/// The JSON patch that moves `manager`'s `Update` fields of `live` into its `Apply` entry, or
/// `None` when `live` needs no takeover. See the module docs for its shape.
pub fn takeover_patch(live: &Value, manager: &str) -> Option<Value> {
    let upgraded = upgraded_managed_fields(live, manager)?;
    let mut patch = vec![json!({"op": "replace", "path": "/metadata/managedFields",
                                "value": upgraded})];
    if let Some(resource_version) = live.pointer("/metadata/resourceVersion") {
        patch.push(json!({"op": "replace", "path": "/metadata/resourceVersion",
                          "value": resource_version}));
    }
    Some(Value::Array(patch))
}

/// Take over `object`'s `Update` fields for its app, if it has any: one
/// [`Cluster::patch_managed_fields`] with [`takeover_patch`] of the listed copy. Returns the
/// object as stored afterwards, or `None` when no request was needed.
///
/// A 409 [`ClusterError::Conflict`] means the object changed since it was listed; nothing was
/// written, and the next hook (with a fresh LIST) tries again.
pub fn upgrade_managed_fields<C: Cluster + ?Sized>(
    cluster: &mut C,
    object: &ManagedObject,
) -> Result<Option<Value>, ClusterError> {
    match takeover_patch(&object.object(), object.app()) {
        Some(patch) => cluster.patch_managed_fields(object, &patch).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(manager: &str, operation: &str, fields: Value) -> Value {
        json!({"manager": manager, "operation": operation, "apiVersion": "v1",
               "time": "2026-01-01T00:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": fields})
    }

    fn object(entries: Value) -> Value {
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
               "metadata": {"name": "gw", "resourceVersion": "42", "managedFields": entries}})
    }

    fn listener(name: &str) -> String {
        format!("k:{{\"name\":\"{name}\"}}")
    }

    #[test]
    fn update_fields_are_merged_into_our_apply_entry_and_the_update_entry_goes() {
        let controller = json!({"manager": "controller", "operation": "Update",
            "subresource": "status", "fieldsV1": {"f:status": {}}});
        let other = entry(
            "kubectl-edit",
            "Update",
            json!({"f:metadata": {"f:annotations": {}}}),
        );
        let live = object(json!([
            entry(
                "gai",
                "Apply",
                json!({"f:spec": {"f:listeners": {(listener("a")): {".": {}}}}})
            ),
            entry(
                "gai",
                "Update",
                json!({"f:spec": {".": {}, "f:listeners": {
                (listener("a")): {".": {}, "f:port": {}}, (listener("b")): {".": {}}}}})
            ),
            other.clone(),
            controller.clone(),
        ]));
        assert!(needs_takeover(&live, "gai"));
        assert_eq!(
            takeover_patch(&live, "gai"),
            Some(json!([
                {"op": "replace", "path": "/metadata/managedFields", "value": [
                    entry("gai", "Apply", json!({"f:spec": {".": {}, "f:listeners": {
                        (listener("a")): {".": {}, "f:port": {}}, (listener("b")): {".": {}}}}})),
                    other,
                    controller,
                ]},
                {"op": "replace", "path": "/metadata/resourceVersion", "value": "42"},
            ]))
        );
    }

    #[test]
    fn without_an_apply_entry_the_first_update_entry_becomes_it() {
        let live = object(json!([
            entry("gai", "Update", json!({"f:data": {"f:a": {}}})),
            entry("gai", "Update", json!({"f:data": {"f:b": {}}})),
        ]));
        let upgraded = upgraded_managed_fields(&live, "gai").unwrap();
        let mut expected = entry("gai", "Apply", json!({"f:data": {"f:a": {}, "f:b": {}}}));
        expected["apiVersion"] = json!("gateway.networking.k8s.io/v1");
        assert_eq!(upgraded, vec![expected]);
    }

    #[test]
    fn nothing_to_do_without_an_update_entry_of_ours_for_the_main_resource() {
        let ours_on_status = json!({"manager": "gai", "operation": "Update",
            "subresource": "status", "fieldsV1": {"f:status": {}}});
        let live = object(json!([
            entry("gai", "Apply", json!({"f:spec": {}})),
            entry("other", "Update", json!({"f:spec": {}})),
            ours_on_status,
        ]));
        assert!(!needs_takeover(&live, "gai"));
        assert_eq!(takeover_patch(&live, "gai"), None);
        assert_eq!(takeover_patch(&json!({"metadata": {}}), "gai"), None);
    }

    #[test]
    fn union_keeps_every_path_of_both_sides() {
        assert_eq!(
            union_fields(
                &json!({"f:a": {"f:x": {}}, "f:b": {}}),
                &json!({"f:a": {"f:y": {}}, "f:c": {".": {}}})
            ),
            json!({"f:a": {"f:x": {}, "f:y": {}}, "f:b": {}, "f:c": {".": {}}})
        );
        assert_eq!(
            union_fields(&json!({"f:a": {}}), &Value::Null),
            json!({"f:a": {}})
        );
    }
}
