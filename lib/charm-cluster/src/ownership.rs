//! The rules that keep the charm's hands off objects it does not own.
//!
//! * **Delete**: only through a [`ManagedObject`], which proves the label (see `managed.rs`).
//! * **Apply**: every object the charm applies must itself carry `MANAGED_BY_LABEL=<app>`. And the
//!   charm must never take over a same-named object someone else created. The cheapest safe rule:
//!   the charm LISTs each kind by its label once per hook (it needs that list anyway to find stale
//!   objects). A desired object whose name is in that list is ours, so it is applied straight
//!   away. Only a name that is *not* in the list costs one GET first. 404 means it is free and
//!   gets created; an existing object without our label means [`ClusterError::NotOurs`] and
//!   nothing is written. In steady state this adds no requests; creating an object adds one GET.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::managed::{managed_by, object_name};
use crate::{Cluster, ClusterError, Kind, ManagedObject};

/// What [`sync_kind`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncOutcome {
    /// The desired objects as the server stored them, in the order given.
    pub applied: Vec<Value>,
    /// Names of the stale managed objects that were deleted.
    pub deleted: Vec<String>,
}

/// Server-side apply `object` with field manager `app`. This refuses to take over an existing
/// object without our label.
///
/// `managed` holds this hook's [`Cluster::list_managed`] result for `kind`. A name found there is
/// applied directly; any other name is checked with one GET first.
pub fn apply_owned<C: Cluster + ?Sized>(
    cluster: &mut C,
    kind: Kind,
    object: &Value,
    app: &str,
    managed: &[ManagedObject],
) -> Result<Value, ClusterError> {
    let name = object_name(object).ok_or_else(|| ClusterError::Malformed {
        kind,
        message: "metadata.name is missing".to_owned(),
    })?;
    if managed_by(object) != Some(app) {
        return Err(ClusterError::Malformed {
            kind,
            message: format!(
                "{name:?} does not carry {}={app}; the charm only applies objects it labels",
                crate::MANAGED_BY_LABEL
            ),
        });
    }
    let known = managed.iter().any(|m| m.kind() == kind && m.name() == name);
    if !known && let Some(existing) = cluster.get(kind, name)? {
        ManagedObject::from_cluster(kind, existing, app)?;
    }
    cluster.apply(kind, object, app)
}

/// Delete every object in `managed` whose name is not in `keep`. Returns the deleted names.
pub fn delete_stale<C: Cluster + ?Sized>(
    cluster: &mut C,
    managed: &[ManagedObject],
    keep: &BTreeSet<&str>,
) -> Result<Vec<String>, ClusterError> {
    let mut deleted = Vec::new();
    for object in managed.iter().filter(|m| !keep.contains(m.name())) {
        cluster.delete(object)?;
        deleted.push(object.name().to_owned());
    }
    Ok(deleted)
}

/// Make the managed objects of `kind` exactly `desired`. LIST by label, apply each desired object
/// with [`apply_owned`], then delete the labelled objects that are no longer desired.
pub fn sync_kind<C: Cluster + ?Sized>(
    cluster: &mut C,
    kind: Kind,
    app: &str,
    desired: &[Value],
) -> Result<SyncOutcome, ClusterError> {
    let managed = cluster.list_managed(kind, app)?;
    let applied = desired
        .iter()
        .map(|object| apply_owned(cluster, kind, object, app, &managed))
        .collect::<Result<Vec<_>, _>>()?;
    let keep: BTreeSet<&str> = desired.iter().filter_map(object_name).collect();
    let deleted = delete_stale(cluster, &managed, &keep)?;
    Ok(SyncOutcome { applied, deleted })
}
