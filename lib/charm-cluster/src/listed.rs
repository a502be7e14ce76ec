//! What one LIST of a kind shows: the charm's own objects (as [`ManagedObject`] deletion
//! tokens) and the names others hold. Knowing every taken name from the LIST is what lets the
//! charm create an object with one request and no GET first, and refuse a name someone else
//! holds without sending anything.

use serde_json::Value;

use crate::managed::{ManagedObject, managed_by, object_name};
use crate::{Kind, MODEL_LABEL};

/// An object of someone else's, as listed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignObject {
    /// `metadata.namespace`.
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// The application its managed-by label names, if it has one (another integrator).
    pub managed_by: Option<String>,
}

/// One kind's LIST, split by owner.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listed {
    /// Objects labelled as ours.
    pub managed: Vec<ManagedObject>,
    /// Every other object, sorted.
    pub foreign: Vec<ForeignObject>,
}

impl Listed {
    /// Split `objects` (one LIST of `kind`) into those `app` manages and the others; an object
    /// without a namespace is in `namespace` (the cluster's). An object in another namespace
    /// is `app`'s only when its [`MODEL_LABEL`] names `namespace` too.
    pub fn split(kind: Kind, objects: Vec<Value>, app: &str, namespace: &str) -> Listed {
        let mut listed = Listed::default();
        for object in objects {
            listed.add(kind, object, app, namespace);
        }
        listed.finish()
    }

    /// One listed object of `kind`, as [`Listed::split`] sorts it; [`Listed::finish`] after
    /// the last.
    pub fn add(&mut self, kind: Kind, object: Value, app: &str, namespace: &str) {
        let object_namespace = object
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or(namespace);
        let model = object
            .pointer("/metadata/labels")
            .and_then(|labels| labels.get(MODEL_LABEL))
            .and_then(Value::as_str);
        let ours_here = object_namespace == namespace || model == Some(namespace);
        if ours_here && managed_by(&object) == Some(app) {
            // Labelled as ours: refused by `from_cluster` only without a name, which the
            // foreign list would skip as well.
            if let Ok(managed) = ManagedObject::from_cluster(kind, object, app) {
                self.managed.push(managed);
            }
            return;
        }
        let Some(name) = object_name(&object) else {
            return;
        };
        self.foreign.push(ForeignObject {
            namespace: object_namespace.to_owned(),
            name: name.to_owned(),
            managed_by: managed_by(&object).map(str::to_owned),
        });
    }

    /// The split, once every object is added.
    pub fn finish(mut self) -> Listed {
        self.foreign.sort();
        self
    }

    /// The foreign object holding `name` in `namespace`, if any.
    pub fn foreign(&self, namespace: &str, name: &str) -> Option<&ForeignObject> {
        self.foreign
            .iter()
            .find(|object| object.namespace == namespace && object.name == name)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{MANAGED_BY_LABEL, MODEL_LABEL};

    #[test]
    fn splits_ours_from_the_rest() {
        let objects = vec![
            json!({"metadata": {"name": "a", "labels": {MANAGED_BY_LABEL: "gai"}}}),
            json!({"metadata": {"name": "b", "namespace": "other"}}),
            json!({"metadata": {"name": "c", "labels": {MANAGED_BY_LABEL: "another"}}}),
            json!({"metadata": {}}),
            // Same app name, placed in "third" by the integrator of another model.
            json!({"metadata": {"name": "d", "namespace": "third",
                                "labels": {MANAGED_BY_LABEL: "gai", MODEL_LABEL: "other"}}}),
            json!({"metadata": {"name": "e", "namespace": "third",
                                "labels": {MANAGED_BY_LABEL: "gai", MODEL_LABEL: "ns"}}}),
        ];
        let listed = Listed::split(Kind::Service, objects, "gai", "ns");
        let ours: Vec<&str> = listed.managed.iter().map(ManagedObject::name).collect();
        assert_eq!(ours, ["a", "e"]);
        assert_eq!(
            listed.foreign,
            [
                ForeignObject {
                    namespace: "ns".into(),
                    name: "c".into(),
                    managed_by: Some("another".into())
                },
                ForeignObject {
                    namespace: "other".into(),
                    name: "b".into(),
                    managed_by: None
                },
                ForeignObject {
                    namespace: "third".into(),
                    name: "d".into(),
                    managed_by: Some("gai".into())
                },
            ]
        );
        assert!(listed.foreign("other", "b").is_some());
        assert!(listed.foreign("ns", "b").is_none());
    }
}
