//! The Kubernetes side of the plan: which desired objects to send and which of ours to delete.
//!
//! Every desired object carries a fingerprint annotation (an md5 of the object as rendered). An
//! object whose live copy has the same fingerprint and still holds every field we set is left
//! alone, so a reconcile that changes nothing sends no write. Anything else is server-side
//! applied with the app as field manager and `force`, which also removes fields we set before
//! and no longer set (SSA drops fields owned by our manager that are absent from the new apply).

use std::collections::BTreeSet;

use charm_cluster::{Kind, ManagedObject};

use md5::{Digest, Md5};
use serde_json::Value;

use crate::gather::ClusterView;

use super::{Apply, ClusterPlan, DesiredObject, names};

/// The annotation holding the fingerprint of what we last applied.
pub const FINGERPRINT_ANNOTATION: &str = "gateway-api-integrator.charm.juju.is/fingerprint";

/// Which of our listed objects that are not desired go.
#[derive(Debug, Clone, Copy)]
pub enum Prune<'a> {
    /// Every one, except those serving one of these relations (`{endpoint}.{id}`, see
    /// [`names::RELATION_LABEL`]): a requirer whose data is invalid keeps what it had.
    AllBut(&'a BTreeSet<String>),
    /// Only those serving a relation that is gone (not among these): a Blocked charm keeps
    /// everything else.
    Gone(&'a BTreeSet<String>),
}

impl Prune<'_> {
    /// Whether `object`, listed and not desired, goes.
    pub(super) fn deletes(&self, object: &ManagedObject) -> bool {
        let object = object.object();
        let relation = object
            .pointer("/metadata/labels")
            .and_then(|labels| labels.get(names::RELATION_LABEL))
            .and_then(Value::as_str);
        match (self, relation) {
            (Prune::AllBut(kept), Some(relation)) => !kept.contains(relation),
            (Prune::AllBut(_), None) => true,
            (Prune::Gone(present), Some(relation)) => !present.contains(relation),
            (Prune::Gone(_), None) => false,
        }
    }
}

/// Our listed object that `wanted` is (same kind, namespace and name), if any.
fn live<'a>(
    view: &'a ClusterView,
    wanted: &DesiredObject,
    namespace: &str,
) -> Option<&'a ManagedObject> {
    view.managed_of(wanted.kind).iter().find(|managed| {
        managed.name() == wanted.name()
            && managed.namespace().unwrap_or(namespace) == wanted.namespace(namespace)
    })
}

/// The plan that makes our objects `desired` (fingerprinted), given what `view` listed in
/// `namespace` (ours): take over the fields the Python charm's writes own on the objects we
/// keep; apply what differs; delete our labelled objects that are not desired as `prune` says
/// (in [`Kind::ALL`] order: routes before what they use). A desired name someone else holds
/// is a conflict, and a desired object of a kind the view did not list is `unlisted`: the
/// caller resolves both before anything is sent.
pub fn diff(
    view: &ClusterView,
    namespace: &str,
    desired: Vec<DesiredObject>,
    prune: Prune<'_>,
) -> ClusterPlan {
    let desired: Vec<DesiredObject> = desired
        .into_iter()
        .map(|mut object| {
            let fingerprint = fingerprint(object.json());
            object.modify(|object| annotate(object, fingerprint));
            object
        })
        .collect();
    let unlisted = desired
        .iter()
        .map(|wanted| wanted.kind)
        .filter(|kind| !view.knows(*kind))
        .collect();
    let conflicts = desired
        .iter()
        .filter(|wanted| {
            view.foreign(wanted.kind, wanted.namespace(namespace), wanted.name())
                .is_some()
        })
        .map(|wanted| (wanted.kind, wanted.name().to_owned()))
        .collect();
    let apply = desired
        .iter()
        .enumerate()
        .filter_map(|(index, wanted)| {
            let live = live(view, wanted, namespace);
            if live.is_some_and(|live| is_current(&live.object(), &wanted.object())) {
                return None;
            }
            Some(Apply {
                kind: wanted.kind,
                index,
            })
        })
        .collect();
    let takeover = desired
        .iter()
        .filter_map(|wanted| live(view, wanted, namespace))
        .filter(|live| live.takeover_due())
        .cloned()
        .collect();
    let delete = Kind::ALL
        .iter()
        .flat_map(|kind| {
            let keep: BTreeSet<(&str, &str)> = desired
                .iter()
                .filter(|object| object.kind == *kind)
                .map(|object| (object.namespace(namespace), object.name()))
                .collect();
            view.managed_of(*kind)
                .iter()
                .filter(move |managed| {
                    let key = (managed.namespace().unwrap_or(namespace), managed.name());
                    !keep.contains(&key) && prune.deletes(managed)
                })
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    ClusterPlan {
        desired,
        takeover,
        apply,
        apply_last: Vec::new(),
        delete,
        unlisted,
        conflicts,
    }
}

/// `object` with [`FINGERPRINT_ANNOTATION`] set to the md5 of `object` as given.
pub fn with_fingerprint(object: &Value) -> Value {
    fingerprinted(object.clone())
}

/// [`with_fingerprint`], in place.
fn fingerprinted(mut object: Value) -> Value {
    let fingerprint = fingerprint(&object.to_string());
    annotate(&mut object, fingerprint);
    object
}

/// The md5 of `json` (an object as `serde_json` writes it), in hex.
fn fingerprint(json: &str) -> String {
    Md5::digest(json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Set `object`'s [`FINGERPRINT_ANNOTATION`] to `fingerprint`.
fn annotate(object: &mut Value, fingerprint: String) {
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
}

/// Whether `live` already is `desired`: same fingerprint and, for an object listed whole,
/// every field of `desired` present with the same value (so a hand edit of one of our fields
/// is put back). An object listed metadata only (see [`Kind::listing`]) is current when its
/// fingerprint is: the LIST does not show its content.
pub fn is_current(live: &Value, desired: &Value) -> bool {
    let fingerprint = |v: &Value| {
        v.pointer("/metadata/annotations")
            .and_then(|a| a.get(FINGERPRINT_ANNOTATION))
            .cloned()
    };
    let metadata_only = live.as_object().is_some_and(|object| {
        object
            .keys()
            .all(|key| ["apiVersion", "kind", "metadata"].contains(&key.as_str()))
    });
    fingerprint(live).is_some()
        && fingerprint(live) == fingerprint(desired)
        && (metadata_only || contains(live, desired))
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
