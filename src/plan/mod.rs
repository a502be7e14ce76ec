//! The pure plan: every effect of a hook, decided from what gather read.
//!
//! [`plan`] turns a [`Gathered`] into a [`Plan`]: the Kubernetes objects to server-side apply
//! and delete ([`ClusterPlan`]), every databag write, secret operation and log line, exactly one
//! unit status (or an action's outcome), and whether the hook must fail so Juju retries it.
//! [`crate::execute`] carries it out and decides nothing.
//!
//! For a valid state the world the charm wants is [`Desired`] (objects, URLs, provider data,
//! DNS records, status); the plan is its difference with what gather saw. An invalid state
//! (Blocked) keeps everything users depend on as it is — objects, URLs, provider data — and only
//! keeps certificates current.

mod backend;
mod backend_tls;
mod cluster_diff;
mod desired;
mod endpoint_slice;
mod endpoints;
mod failure;
mod gateway;
mod gateway_route;
mod http_route;
mod ingress_url;
mod istio_route;
mod kinds_record;
mod listener_layout;
mod listener_set;
pub mod names;
mod peer_bag;
mod publish;
mod reconcile;
mod secret;
mod service;
mod status;
mod verdict;

use std::collections::{BTreeMap, BTreeSet};

use charm_cluster::{ClusterError, Kind, MANAGED_BY_LABEL, ManagedObject};
use charm_tls::{CsrError, KeyError};
use juju_hook::{ActionOutcome, Event, JujuEffects, SecretEventKind, SecretOp, Status};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use serde_json::Value;

use crate::gather::{ClusterInput, Gathered, actions};

pub use backend::{Backend, BackendProtocol, HttpRoute, ServiceTarget};
pub use backend_tls::{CA_KEY, STATUS_BACKEND_TLS_UNSERVED};
pub use cluster_diff::{FINGERPRINT_ANNOTATION, Prune, diff, is_current, with_fingerprint};
pub use desired::Desired;
pub use failure::{ClusterFailure, cluster_failure, insufficient_permissions};
pub use gateway_route::{GatewayRoutePublication, HttpsMode};
pub use kinds_record::record_kinds;
pub use reconcile::{Reconciled, reconcile};
pub use status::{
    STATUS_ADDRESS_UNSUPPORTED, STATUS_WAITING_FOR_ADDRESS, STATUS_WAITING_FOR_CONTROLLER,
    STATUS_WAITING_FOR_INGRESS_DATA, STATUS_WAITING_FOR_TLS,
};
pub use verdict::{Problem, Verdict};

/// The status a non-leader unit shows (Active): it reads and writes nothing else, and takes
/// over with the same field manager when Juju makes it the leader.
pub const STANDBY_MESSAGE: &str = "Standby: the leader unit manages the Gateway";
/// The status after `remove` deleted every object the charm owned.
pub const REMOVED_MESSAGE: &str = "Removed.";
/// The status of a leader unit removed while other units stay (scaling down): it deletes
/// nothing, and the next leader carries on.
pub const UNIT_REMOVED_MESSAGE: &str = "Unit removed; the other units keep the Gateway";

/// One object to server-side apply, held as compact JSON: a hook at a few hundred relations
/// wants a thousand objects, and as JSON trees they were most of its memory (each small map a
/// whole B-tree node). [`DesiredObject::object`] parses it back when it is read.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredObject {
    /// Its kind.
    pub kind: Kind,
    name: String,
    namespace: Option<String>,
    /// The full object (`apiVersion`, `kind`, `metadata` with name, namespace and the
    /// managed-by label, then `spec` or `type`/`data`), serialised as `serde_json` writes a
    /// [`Value`]: keys sorted, no whitespace.
    json: Box<str>,
}

impl DesiredObject {
    /// `object`, of `kind`.
    pub fn new(kind: Kind, object: Value) -> DesiredObject {
        let text = |pointer: &str| object.pointer(pointer).and_then(Value::as_str);
        DesiredObject {
            kind,
            name: text("/metadata/name").unwrap_or_default().to_owned(),
            namespace: text("/metadata/namespace").map(str::to_owned),
            json: object.to_string().into_boxed_str(),
        }
    }

    /// The object.
    pub fn object(&self) -> Value {
        serde_json::from_str(&self.json).expect("a DesiredObject holds JSON it wrote")
    }

    /// The object as compact JSON (keys sorted): what its fingerprint is taken of.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// Change the object with `change` (its name and namespace stay).
    pub fn modify(&mut self, change: impl FnOnce(&mut Value)) {
        let mut object = self.object();
        change(&mut object);
        self.json = object.to_string().into_boxed_str();
    }

    /// `metadata.name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `metadata.namespace`, else `default` (the model's namespace).
    pub fn namespace<'a>(&'a self, default: &'a str) -> &'a str {
        self.namespace.as_deref().unwrap_or(default)
    }
}

/// One server-side apply to send: a desired object whose live copy differs (the object is
/// not copied: at a few hundred relations the objects are most of the hook's memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Apply {
    /// The kind.
    pub kind: Kind,
    /// Its index in [`ClusterPlan::desired`]: the object, with its fingerprint annotation. Its
    /// name is ours or free: this hook's LIST of the kind showed no one else holding it.
    pub index: usize,
}

/// The Kubernetes side of a plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusterPlan {
    /// Every object the charm wants, in apply order (Secrets, Gateway, Services, HTTPRoutes).
    pub desired: Vec<DesiredObject>,
    /// Objects the Python charm wrote (our manager has `Update` entries in their
    /// `managedFields`): their fields move to our apply manager first, so that what a later
    /// apply leaves out is really removed. Once per object.
    pub takeover: Vec<ManagedObject>,
    /// The objects whose live copy differs, in the same order, applied before the deletes.
    pub apply: Vec<Apply>,
    /// Objects whose live copy differs, applied after the deletes: the Gateway when its record
    /// of kinds drops a kind this hook deletes the last objects of (see `kinds_record`).
    pub apply_last: Vec<Apply>,
    /// Our labelled objects no longer wanted, in deletion order (routes before what they use).
    pub delete: Vec<ManagedObject>,
    /// Kinds of desired objects this hook did not list: they must be listed (and the plan
    /// made again) before anything is sent.
    pub unlisted: BTreeSet<Kind>,
    /// Desired `(kind, name)`s someone else's object holds: nothing may be sent.
    pub conflicts: Vec<(Kind, String)>,
}

impl ClusterPlan {
    /// The objects to apply before the deletes, in apply order.
    pub fn applies(&self) -> impl Iterator<Item = &DesiredObject> {
        self.apply.iter().map(|apply| &self.desired[apply.index])
    }

    /// The objects to apply after the deletes, in apply order.
    pub fn applies_last(&self) -> impl Iterator<Item = &DesiredObject> {
        self.apply_last
            .iter()
            .map(|apply| &self.desired[apply.index])
    }
}

/// Why the hook fails after carrying out the plan (Juju discards its writes and retries).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Failure {
    /// The Kubernetes API failed in a way a later hook may not see.
    #[error("Kubernetes API call failed: {0}")]
    Cluster(ClusterError),
    /// The stored application key is unusable, or generating one failed.
    #[error("TLS: application private key: {0}")]
    Key(KeyError),
    /// Building a CSR failed.
    #[error("TLS: certificate signing request: {0}")]
    Csr(CsrError),
}

/// Everything one hook does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Objects to apply and delete.
    pub cluster: ClusterPlan,
    /// Log lines, secret operations, databag writes, the status, the action's outcome.
    pub juju: JujuEffects,
    /// Set when the hook must exit non-zero after the effects.
    pub failure: Option<Failure>,
    /// Kinds to list before planning again (the plan wants to create objects of a kind this
    /// hook did not list). When set, nothing else in the plan is carried out.
    pub relist: BTreeSet<Kind>,
}

impl Plan {
    /// A plan that only sets `status`.
    pub fn status_only(status: Status) -> Plan {
        Plan {
            juju: JujuEffects {
                status: Some(status),
                ..JujuEffects::default()
            },
            ..Plan::default()
        }
    }

    /// A plan that only ends the action with `outcome`.
    pub fn action_only(outcome: ActionOutcome) -> Plan {
        Plan {
            juju: JujuEffects {
                action: Some(outcome),
                ..JujuEffects::default()
            },
            ..Plan::default()
        }
    }
}

/// The plan for the event `gathered` was read for.
pub fn plan(gathered: &Gathered) -> Plan {
    if gathered.event == Event::Install {
        // Nothing was read (see `gather`): the hooks Juju runs next reconcile.
        return Plan::default();
    }
    if !gathered.leader {
        let mut plan = Plan::status_only(Status::Active(STANDBY_MESSAGE.into()));
        if let Event::Action { name, .. } = &gathered.event {
            plan.juju.action = Some(ActionOutcome::Failed(format!(
                "This unit is on standby: run the action on the leader, \
                 `juju run {}/leader {name}`",
                gathered.app
            )));
        }
        return plan;
    }
    match &gathered.event {
        Event::Remove => remove(gathered),
        Event::Action { name, .. } => match name.as_str() {
            actions::GET_CERTIFICATE => {
                Plan::action_only(crate::actions::get_certificate(gathered))
            }
            actions::GET_PROXIED_ENDPOINTS | actions::SHOW_PROXIED_ENDPOINTS => {
                Plan::action_only(crate::actions::get_proxied_endpoints(gathered))
            }
            other => Plan::action_only(ActionOutcome::Failed(format!("Unknown action {other:?}."))),
        },
        event => {
            let mut plan = reconcile(gathered).plan;
            plan.juju.bags.extend(peer_bag::write(gathered, &plan));
            // Juju asks the owner to drop a secret revision nobody tracks any more (certificate
            // secrets get a new revision when a certificate is re-issued for the same CSR).
            if let Event::Secret {
                kind: SecretEventKind::Remove,
                id,
                revision: Some(revision),
                ..
            } = event
            {
                plan.juju.secrets.insert(
                    0,
                    SecretOp::Remove {
                        id: id.clone(),
                        revision: Some(*revision),
                    },
                );
            }
            plan
        }
    }
}

/// `remove` on the leader: when the application goes (no other unit stays), delete every
/// object the charm owns (the Python charm orphans them); when only this unit goes, nothing.
fn remove(gathered: &Gathered) -> Plan {
    if gathered.staying_units > 0 {
        return Plan::status_only(Status::Maintenance(UNIT_REMOVED_MESSAGE.into()));
    }
    match &gathered.cluster {
        ClusterInput::Read(view) => Plan {
            cluster: ClusterPlan {
                delete: Kind::ALL
                    .iter()
                    .flat_map(|kind| view.managed_of(*kind).iter().cloned())
                    .collect(),
                ..ClusterPlan::default()
            },
            ..Plan::status_only(Status::Maintenance(REMOVED_MESSAGE.into()))
        },
        ClusterInput::Failed(error) => failed_cluster_read(&gathered.app, error),
        ClusterInput::NotRead => Plan::status_only(Status::Maintenance(REMOVED_MESSAGE.into())),
    }
}

/// The plan when the cluster could not be read and nothing else is to be done.
fn failed_cluster_read(app: &str, error: &ClusterError) -> Plan {
    let failure = cluster_failure(app, error);
    Plan {
        failure: failure.retry.then(|| Failure::Cluster(error.clone())),
        ..Plan::status_only(failure.status)
    }
}

/// Metadata every owned object carries: name, namespace and the managed-by label.
fn object_meta(app: &str, namespace: &str, name: String) -> ObjectMeta {
    ObjectMeta {
        name: Some(name),
        namespace: Some(namespace.to_owned()),
        labels: Some(BTreeMap::from([(
            MANAGED_BY_LABEL.to_owned(),
            app.to_owned(),
        )])),
        ..ObjectMeta::default()
    }
}

/// [`object_meta`] of an object serving one relation only: it also carries
/// [`names::RELATION_LABEL`].
fn relation_object_meta(
    app: &str,
    namespace: &str,
    name: String,
    relation: &crate::state::RelationRef,
) -> ObjectMeta {
    let mut meta = object_meta(app, namespace, name);
    if let Some(labels) = meta.labels.as_mut() {
        labels.insert(
            names::RELATION_LABEL.to_owned(),
            names::relation_label_value(relation.endpoint, relation.id),
        );
    }
    meta
}

/// Serialise a typed object into a [`DesiredObject`].
fn desired<T: Serialize>(kind: Kind, object: &T) -> DesiredObject {
    // Typed Kubernetes objects always serialise: string keys, no non-finite floats.
    let object = serde_json::to_value(object).expect("Kubernetes objects serialise to JSON");
    DesiredObject::new(kind, object)
}
