//! What the API server does to an applied object, for in-memory stand-ins.
//!
//! Server-side apply as one field manager sees it (which is how the charm works): the applied
//! object replaces the stored one, so fields left out of the apply are gone, as on a real server
//! for fields the manager owned. `status` survives. The server fills in
//! `metadata.{namespace,uid,resourceVersion,generation,managedFields}`, stores a Secret's
//! `stringData` as base64 `data`, bumps `generation` only when something outside `metadata` and
//! `status` changed, and keeps `resourceVersion` when the apply changes nothing.
//!
//! Pure: the caller owns the `resourceVersion` counter and the stored objects. Both
//! [`InMemoryCluster`](crate::InMemoryCluster) and the loopback API server stand-in use it.

use base64::Engine as _;
use serde_json::{Value, json};

/// Where an apply lands and who sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplyRequest<'a> {
    /// `kind` of the object (`Secret` objects get `stringData` encoded).
    pub kind: &'a str,
    /// `apiVersion` of the object, recorded in `managedFields`.
    pub api_version: &'a str,
    /// The namespace; `None` for cluster-scoped objects (no `metadata.namespace` is set).
    pub namespace: Option<&'a str>,
    /// The field manager applying it.
    pub field_manager: &'a str,
    /// `status` to give the object when the stored one has none (e.g. what a controller would
    /// have written); `None` leaves it without.
    pub status_when_none: Option<Value>,
}

/// The server's monotonically increasing counter: each new `resourceVersion` (and each new uid)
/// takes the next value; `uid_of` words a uid from its counter value.
#[derive(Debug)]
pub struct Revisions<'a> {
    /// The last value handed out.
    pub counter: &'a mut u64,
    /// How a new object's uid is written, from its counter value.
    pub uid_of: fn(u64) -> String,
}

impl Revisions<'_> {
    fn next(&mut self) -> u64 {
        *self.counter += 1;
        *self.counter
    }
}

/// `applied` as the server stores it, on top of `existing` (the stored object, if any).
///
/// `applied` must be a JSON object; its `metadata` is created when missing.
pub fn server_side_apply(
    mut applied: Value,
    existing: Option<&Value>,
    request: &ApplyRequest<'_>,
    revisions: &mut Revisions<'_>,
) -> Value {
    if request.kind == "Secret" && request.api_version == "v1" {
        encode_string_data(&mut applied);
    }
    if let Some(map) = applied.as_object_mut() {
        map.remove("status");
    }
    let status = existing
        .and_then(|e| e.get("status"))
        .cloned()
        .or_else(|| request.status_when_none.clone());
    if let Some(status) = status {
        applied["status"] = status;
    }
    let uid = match existing.and_then(|e| e.pointer("/metadata/uid")) {
        Some(uid) => uid.clone(),
        None => json!((revisions.uid_of)(revisions.next())),
    };
    let metadata = &mut applied["metadata"];
    if let Some(namespace) = request.namespace {
        metadata["namespace"] = json!(namespace);
    }
    metadata["uid"] = uid;
    metadata["managedFields"] = json!([{"manager": request.field_manager, "operation": "Apply",
        "apiVersion": request.api_version, "fieldsType": "FieldsV1"}]);
    let Some(existing) = existing else {
        metadata["generation"] = json!(1);
        metadata["resourceVersion"] = json!(revisions.next().to_string());
        return applied;
    };
    metadata["generation"] = existing
        .pointer("/metadata/generation")
        .cloned()
        .unwrap_or(json!(1));
    metadata["resourceVersion"] = existing["metadata"]["resourceVersion"].clone();
    if &applied == existing {
        return applied;
    }
    if without_metadata_and_status(&applied) != without_metadata_and_status(existing) {
        let generation = existing["metadata"]["generation"].as_u64().unwrap_or(1) + 1;
        applied["metadata"]["generation"] = json!(generation);
    }
    applied["metadata"]["resourceVersion"] = json!(revisions.next().to_string());
    applied
}

/// The object without `metadata` and `status`: what `generation` tracks.
pub fn without_metadata_and_status(object: &Value) -> Value {
    let mut rest = object.clone();
    if let Some(map) = rest.as_object_mut() {
        map.remove("metadata");
        map.remove("status");
    }
    rest
}

/// Move a Secret's `stringData` into base64 `data`, as the API server stores it. Entries
/// already in `data` stay unless `stringData` has the same key.
pub fn encode_string_data(secret: &mut Value) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(namespace: Option<&str>) -> ApplyRequest<'_> {
        ApplyRequest {
            kind: "Service",
            api_version: "v1",
            namespace,
            field_manager: "charm",
            status_when_none: None,
        }
    }

    fn apply(
        applied: Value,
        existing: Option<&Value>,
        request: &ApplyRequest<'_>,
        counter: &mut u64,
    ) -> Value {
        let mut revisions = Revisions {
            counter,
            uid_of: |n| format!("uid-{n}"),
        };
        server_side_apply(applied, existing, request, &mut revisions)
    }

    #[test]
    fn a_new_object_gets_uid_generation_revision_and_managed_fields() {
        let mut counter = 4;
        let stored = apply(
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
                   "spec": {"a": 1}, "status": {"ignored": true}}),
            None,
            &request(Some("m")),
            &mut counter,
        );
        assert_eq!(
            stored,
            json!({"apiVersion": "v1", "kind": "Service", "spec": {"a": 1},
                   "metadata": {"name": "s", "namespace": "m", "uid": "uid-5",
                       "generation": 1, "resourceVersion": "6",
                       "managedFields": [{"manager": "charm", "operation": "Apply",
                           "apiVersion": "v1", "fieldsType": "FieldsV1"}]}})
        );
        assert_eq!(counter, 6);
    }

    #[test]
    fn reapply_keeps_revision_metadata_change_bumps_only_revision_spec_change_bumps_both() {
        let mut counter = 0;
        let applied = json!({"apiVersion": "v1", "kind": "Service",
                             "metadata": {"name": "s"}, "spec": {"a": 1}});
        let mut first = apply(applied.clone(), None, &request(Some("m")), &mut counter);
        first["status"] = json!({"kept": true});
        let same = apply(
            applied.clone(),
            Some(&first),
            &request(Some("m")),
            &mut counter,
        );
        assert_eq!(same, first);
        assert_eq!(counter, 2);

        let mut labelled = applied.clone();
        labelled["metadata"]["labels"] = json!({"x": "y"});
        let relabelled = apply(labelled, Some(&first), &request(Some("m")), &mut counter);
        assert_eq!(
            (
                &relabelled["metadata"]["generation"],
                &relabelled["metadata"]["resourceVersion"]
            ),
            (&json!(1), &json!("3"))
        );
        assert_eq!(relabelled["status"], json!({"kept": true}));

        let mut changed = applied;
        changed["spec"]["a"] = json!(2);
        let respecced = apply(changed, Some(&first), &request(Some("m")), &mut counter);
        assert_eq!(
            (
                &respecced["metadata"]["generation"],
                &respecced["metadata"]["resourceVersion"],
                &respecced["metadata"]["uid"]
            ),
            (&json!(2), &json!("4"), &json!("uid-1"))
        );
    }

    #[test]
    fn cluster_scoped_objects_get_no_namespace_and_missing_status_is_filled() {
        let mut counter = 0;
        let request = ApplyRequest {
            status_when_none: Some(json!({"s": 1})),
            ..request(None)
        };
        let stored = apply(
            json!({"metadata": {"name": "c"}}),
            None,
            &request,
            &mut counter,
        );
        assert_eq!(stored["metadata"].get("namespace"), None);
        assert_eq!(stored["status"], json!({"s": 1}));
    }

    #[test]
    fn secret_string_data_is_stored_as_base64_data() {
        let mut secret = json!({"data": {"keep": "YQ=="}, "stringData": {"k": "value"}});
        encode_string_data(&mut secret);
        assert_eq!(secret, json!({"data": {"keep": "YQ==", "k": "dmFsdWU="}}));
    }
}
