//! Proof that an object carries the charm's managed-by label.
//!
//! Deletion takes a [`ManagedObject`], and the only way to get one is to check the label on an
//! object the cluster returned (normally from [`crate::Cluster::list_managed`]). So the charm
//! cannot delete an object that lacks `MANAGED_BY_LABEL=<app>`: the rule holds by construction,
//! not by convention. The token also keeps the object's `metadata.uid`, and deletes send it as a
//! precondition. If someone replaced the object under the same name between our LIST and our
//! DELETE, the server refuses with 409 instead of deleting the stranger.

use serde_json::Value;

use crate::{ClusterError, Kind, MANAGED_BY_LABEL};

/// An object seen on the cluster carrying `MANAGED_BY_LABEL=<app>`.
#[derive(Debug, Clone, PartialEq)]
pub struct ManagedObject {
    kind: Kind,
    namespace: Option<String>,
    name: String,
    app: String,
    uid: Option<String>,
    /// Whether its `managedFields` hold an `Update` entry of the app's manager.
    takeover_due: bool,
    /// The object as listed, without `metadata.managedFields` unless a takeover is due (see
    /// [`ManagedObject::from_cluster`]), as compact JSON: at a few hundred objects, their JSON
    /// trees were most of a hook's memory. [`ManagedObject::object`] parses it back.
    json: Box<str>,
}

impl ManagedObject {
    /// Check that `object` (as the cluster returned it) is labelled as managed by `app`.
    ///
    /// Fails with [`ClusterError::NotOurs`] when the label is missing or names another app, and
    /// with [`ClusterError::Malformed`] when the object has no `metadata.name`.
    ///
    /// `metadata.managedFields` is dropped unless it holds an `Update` entry of the app's
    /// manager ([`crate::managed_fields::needs_takeover`]: the Python charm's writes, whose
    /// takeover reads it). Nothing else reads it, and it is often the largest part of a listed
    /// object: at 500 routes, holding it doubled the hook's heap.
    pub fn from_cluster(
        kind: Kind,
        mut object: Value,
        app: &str,
    ) -> Result<ManagedObject, ClusterError> {
        let name = object_name(&object)
            .ok_or_else(|| ClusterError::Malformed {
                kind,
                message: "metadata.name is missing".to_owned(),
            })?
            .to_owned();
        if managed_by(&object) != Some(app) {
            return Err(ClusterError::NotOurs {
                kind,
                name,
                app: app.to_owned(),
            });
        }
        let uid = object
            .pointer("/metadata/uid")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let namespace = object
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let takeover_due = crate::managed_fields::needs_takeover(&object, app);
        if !takeover_due
            && let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut)
        {
            metadata.remove("managedFields");
        }
        Ok(ManagedObject {
            kind,
            namespace,
            name,
            app: app.to_owned(),
            uid,
            takeover_due,
            json: object.to_string().into_boxed_str(),
        })
    }

    /// The object's kind.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `metadata.namespace`, when the cluster reported one (`None`: the cluster's namespace).
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The application named by the label.
    pub fn app(&self) -> &str {
        &self.app
    }

    /// `metadata.uid`, when the cluster reported one (used as a delete precondition).
    pub fn uid(&self) -> Option<&str> {
        self.uid.as_deref()
    }

    /// Whether the object's fields written by the Python charm (`Update` entries of the app's
    /// manager) are still to be taken over: [`crate::managed_fields::needs_takeover`] of the
    /// object as listed.
    pub fn takeover_due(&self) -> bool {
        self.takeover_due
    }

    /// The object as the cluster returned it (`metadata.managedFields` only when a takeover
    /// is due), parsed from the JSON it is kept as.
    pub fn object(&self) -> Value {
        serde_json::from_str(&self.json).expect("a ManagedObject holds JSON it wrote")
    }
}

/// The value of the managed-by label on `object`, if any.
pub fn managed_by(object: &Value) -> Option<&str> {
    object
        .pointer("/metadata/labels")?
        .get(MANAGED_BY_LABEL)?
        .as_str()
}

/// `metadata.name` of `object`, if any.
pub fn object_name(object: &Value) -> Option<&str> {
    object.pointer("/metadata/name")?.as_str()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn accepts_only_objects_labelled_for_the_app() {
        let ours = json!({"metadata": {"name": "gw", "uid": "u-1",
            "labels": {MANAGED_BY_LABEL: "gai"}}});
        let managed = ManagedObject::from_cluster(Kind::Gateway, ours.clone(), "gai").unwrap();
        assert_eq!(
            (managed.name(), managed.uid(), managed.app()),
            ("gw", Some("u-1"), "gai")
        );
        assert_eq!(managed.object(), ours);

        let not_ours = |object: Value| ManagedObject::from_cluster(Kind::Gateway, object, "gai");
        let refused = ClusterError::NotOurs {
            kind: Kind::Gateway,
            name: "gw".to_owned(),
            app: "gai".to_owned(),
        };
        assert_eq!(
            not_ours(json!({"metadata": {"name": "gw"}})),
            Err(refused.clone())
        );
        assert_eq!(
            not_ours(json!({"metadata": {"name": "gw", "labels": {MANAGED_BY_LABEL: "other"}}})),
            Err(refused)
        );
        assert!(matches!(
            not_ours(json!({"metadata": {}})),
            Err(ClusterError::Malformed { .. })
        ));
    }

    #[test]
    fn keeps_managed_fields_only_when_a_takeover_reads_them() {
        let entry = |manager: &str, operation: &str| {
            json!({"manager": manager, "operation": operation, "apiVersion": "v1",
                   "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}})
        };
        let listed = |entries: Value| {
            json!({"metadata": {"name": "gw", "labels": {MANAGED_BY_LABEL: "gai"},
                                "managedFields": entries}, "spec": {"x": 1}})
        };
        // Our own apply, and another manager's update: nothing to take over, not kept.
        let applied = listed(json!([entry("gai", "Apply"), entry("kubectl", "Update")]));
        let managed = ManagedObject::from_cluster(Kind::Gateway, applied, "gai").unwrap();
        assert!(!managed.takeover_due());
        assert_eq!(
            managed.object(),
            json!({"metadata": {"name": "gw", "labels": {MANAGED_BY_LABEL: "gai"}},
                   "spec": {"x": 1}})
        );
        // The Python charm's update under the app's name: kept whole for the takeover.
        let updated = listed(json!([entry("gai", "Update")]));
        let managed = ManagedObject::from_cluster(Kind::Gateway, updated.clone(), "gai").unwrap();
        assert!(managed.takeover_due());
        assert_eq!(managed.object(), updated);
    }
}
