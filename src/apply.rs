//! Apply: make the cluster match the plan. No decisions here beyond "is it already so?".
//!
//! Every desired object carries a fingerprint annotation (an md5 of the object as rendered).
//! An object whose live copy has the same fingerprint and still holds every field we set is
//! left alone, so a reconcile that changes nothing sends no write. Anything else is server-side
//! applied with the app as field manager and `force`, which also removes fields we set before
//! and no longer set (SSA drops fields owned by our manager that are absent from the new apply).

use std::collections::BTreeSet;

use charm_cluster::{Cluster, ClusterError, Kind, apply_owned, delete_stale};
use md5::{Digest, Md5};
use serde_json::Value;

use crate::gather::ClusterView;
use crate::plan::Plan;

/// The annotation holding the fingerprint of what we last applied.
pub const FINGERPRINT_ANNOTATION: &str = "gateway-api-integrator.charm.juju.is/fingerprint";

/// What [`apply_plan`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Objects sent to the server (kind, name).
    pub applied: Vec<(Kind, String)>,
    /// Objects already as desired.
    pub unchanged: Vec<(Kind, String)>,
    /// Stale objects deleted (kind, name).
    pub deleted: Vec<(Kind, String)>,
}

/// Apply every desired object of `plan`, then delete our stale objects of the pruned kinds.
pub fn apply_plan(
    cluster: &mut dyn Cluster,
    app: &str,
    view: &ClusterView,
    plan: &Plan,
) -> Result<ApplyReport, ClusterError> {
    let mut report = ApplyReport::default();
    for desired in &plan.desired {
        let object = with_fingerprint(&desired.object);
        let name = desired.name().to_owned();
        let managed = view.managed_of(desired.kind);
        let live = managed.iter().find(|m| m.name() == name);
        if live.is_some_and(|live| is_current(live.object(), &object)) {
            report.unchanged.push((desired.kind, name));
            continue;
        }
        apply_owned(cluster, desired.kind, &object, app, managed)?;
        report.applied.push((desired.kind, name));
    }
    for kind in &plan.prune {
        let keep: BTreeSet<&str> = plan.desired_of(*kind).map(|d| d.name()).collect();
        for name in delete_stale(cluster, view.managed_of(*kind), &keep)? {
            report.deleted.push((*kind, name));
        }
    }
    Ok(report)
}

/// `object` with [`FINGERPRINT_ANNOTATION`] set to the md5 of `object` as given.
pub fn with_fingerprint(object: &Value) -> Value {
    let digest = Md5::digest(object.to_string().as_bytes());
    let fingerprint: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let mut object = object.clone();
    if let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        let annotations = metadata
            .entry("annotations")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(annotations) = annotations.as_object_mut() {
            annotations.insert(
                FINGERPRINT_ANNOTATION.to_owned(),
                Value::String(fingerprint),
            );
        }
    }
    object
}

/// Whether `live` already is `desired`: same fingerprint, and every field of `desired` present
/// with the same value (so a hand edit of one of our fields is put back).
pub fn is_current(live: &Value, desired: &Value) -> bool {
    let fingerprint = |v: &Value| {
        v.pointer("/metadata/annotations")
            .and_then(|a| a.get(FINGERPRINT_ANNOTATION))
            .cloned()
    };
    fingerprint(live).is_some()
        && fingerprint(live) == fingerprint(desired)
        && contains(live, desired)
}

/// `desired` ⊆ `live`: objects by key, arrays element-wise with equal length, scalars equal.
fn contains(live: &Value, desired: &Value) -> bool {
    match (live, desired) {
        (Value::Object(live), Value::Object(desired)) => desired
            .iter()
            .all(|(key, value)| live.get(key).is_some_and(|l| contains(l, value))),
        (Value::Array(live), Value::Array(desired)) => {
            live.len() == desired.len() && live.iter().zip(desired).all(|(l, d)| contains(l, d))
        }
        (live, desired) => live == desired,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fingerprint_is_stable_and_content_sensitive() {
        let a = json!({"metadata": {"name": "x"}, "spec": {"port": 80}});
        let b = json!({"metadata": {"name": "x"}, "spec": {"port": 81}});
        assert_eq!(with_fingerprint(&a), with_fingerprint(&a));
        assert_ne!(
            with_fingerprint(&a)["metadata"]["annotations"],
            with_fingerprint(&b)["metadata"]["annotations"]
        );
    }

    #[test]
    fn current_needs_fingerprint_and_every_field() {
        let desired = with_fingerprint(&json!({"metadata": {"name": "x"},
            "spec": {"ports": [{"port": 80}]}}));
        let mut live = desired.clone();
        live["spec"]["ports"][0]["protocol"] = json!("TCP");
        live["metadata"]["uid"] = json!("u1");
        assert!(is_current(&live, &desired));
        let mut edited = live.clone();
        edited["spec"]["ports"][0]["port"] = json!(81);
        assert!(!is_current(&edited, &desired));
        let mut extra = live.clone();
        extra["spec"]["ports"]
            .as_array_mut()
            .unwrap()
            .push(json!({"port": 1}));
        assert!(!is_current(&extra, &desired));
        let unannotated = json!({"metadata": {"name": "x"}, "spec": {"ports": [{"port": 80}]}});
        assert!(!is_current(&unannotated, &desired));
    }
}
