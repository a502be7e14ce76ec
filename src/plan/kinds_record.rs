//! The Gateway's record of the kinds we hold ([`KINDS_ANNOTATION`]): what the next reconcile
//! lists (see [`crate::gather`]'s cluster view). It must name every kind of which an object of
//! ours exists whenever a hook ends — also a hook that fails half-way — or that object would
//! never be listed, updated or deleted again. So:
//!
//! - the record names the kinds of what stays after this hook: every desired object, and every
//!   listed object of ours the plan keeps;
//! - an object of a kind the listed record lacks is applied after the Gateway that records it
//!   (only TLS Secrets come before the Gateway in apply order);
//! - when the record drops a kind whose last objects this hook deletes, the Gateway is applied
//!   after the deletes, so a failed delete leaves the kind recorded.

use std::collections::BTreeSet;

use charm_cluster::Kind;
use serde_json::Value;

use crate::gather::{ClusterView, KINDS_ANNOTATION};

use super::{ClusterPlan, DesiredObject, Prune};

/// Record on the desired Gateway the kinds of what stays after this hook: the `desired`
/// objects, and the objects of ours `view` listed that `prune` keeps. Returns the record.
pub fn record_kinds(
    desired: &mut [DesiredObject],
    view: &ClusterView,
    app: &str,
    prune: Prune,
) -> BTreeSet<Kind> {
    let mut kinds: BTreeSet<Kind> = desired.iter().map(|object| object.kind).collect();
    // Only a kind nothing is desired of needs its listed objects looked at (each look parses
    // one): in a steady deployment, none.
    let kept: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|kind| !kinds.contains(kind))
        .filter(|kind| {
            view.managed_of(*kind)
                .iter()
                .any(|object| !prune.deletes(object))
        })
        .collect();
    kinds.extend(kept);
    let record = kinds
        .iter()
        .map(|kind| kind.kind())
        .collect::<Vec<_>>()
        .join(",");
    if let Some(gateway) = desired
        .iter_mut()
        .find(|object| object.kind == Kind::Gateway && object.name() == app)
    {
        gateway.modify(|object| {
            object["metadata"]["annotations"][KINDS_ANNOTATION] = Value::String(record);
        });
    }
    kinds
}

/// Order the Gateway's apply in `cluster` (see the module documentation), `recorded` being its
/// new record ([`record_kinds`]): after the deletes when it drops a deleted object's kind,
/// together with the objects of kinds the listed record lacks that came before it; else before
/// the first of those.
pub(super) fn order_gateway(
    cluster: &mut ClusterPlan,
    view: &ClusterView,
    app: &str,
    recorded: &BTreeSet<Kind>,
) {
    let Some(at) = cluster.apply.iter().position(|apply| {
        let object = &cluster.desired[apply.index];
        object.kind == Kind::Gateway && object.name() == app
    }) else {
        return;
    };
    let listed = view.recorded_kinds(app);
    let new_kind = |kind: Kind| {
        listed
            .as_ref()
            .is_some_and(|listed| !listed.contains(&kind))
    };
    let dropped = cluster
        .delete
        .iter()
        .any(|object| !recorded.contains(&object.kind()));
    if dropped {
        let gateway = cluster.apply.remove(at);
        let (before, rest): (Vec<_>, Vec<_>) = cluster
            .apply
            .drain(..)
            .enumerate()
            .partition(|(index, apply)| *index < at && new_kind(apply.kind));
        cluster.apply = rest.into_iter().map(|(_, apply)| apply).collect();
        cluster.apply_last = std::iter::once(gateway)
            .chain(before.into_iter().map(|(_, apply)| apply))
            .collect();
    } else if let Some(first) = cluster.apply[..at]
        .iter()
        .position(|apply| new_kind(apply.kind))
    {
        cluster.apply[first..=at].rotate_right(1);
    }
}
