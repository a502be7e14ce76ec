//! Kubernetes access for the charm, behind the [`Cluster`] trait.
//!
//! The trait is synchronous: a hook is one short sequential pass, so the real implementation
//! ([`KubeCluster`]) owns a current-thread tokio runtime and blocks on each request. The in-memory
//! implementation ([`InMemoryCluster`]) backs the harness tests and the embedded demo.
//!
//! Ownership: every object the charm writes carries [`MANAGED_BY_LABEL`]`=<app>`. Deletion needs a
//! [`ManagedObject`] (label proven). One LIST per kind ([`Cluster::list`], split by
//! [`Listed`]) shows every name taken and by whom, so the plan never applies to a name someone
//! else holds and no GET is needed before creating an object.

#![deny(missing_docs)]

pub mod environment;
pub mod error;
pub mod fault;
mod http_stack;
pub mod in_memory;
pub mod kind;
pub mod kube_cluster;
pub mod kube_error;
mod kubeconfig;
mod list_items;
pub mod listed;
pub mod managed;
pub mod managed_fields;
mod tls_config;
pub mod verb;

pub use environment::KubeEnvironment;
pub use error::ClusterError;
pub use fault::{Fault, FaultKind, FaultTrigger};
pub use in_memory::InMemoryCluster;
pub use kind::{Kind, Listing};
pub use kube_cluster::KubeCluster;
pub use listed::{ForeignObject, Listed};
pub use managed::{ManagedObject, managed_by};
pub use managed_fields::{needs_takeover, takeover_patch, upgrade_managed_fields};
pub use verb::{RequestCounts, Verb};

use serde_json::Value;

/// The label every object the charm owns carries; its value is the application name.
pub const MANAGED_BY_LABEL: &str = "gateway-api-integrator.charm.juju.is/managed-by";

/// The label an object the charm places outside its own namespace also carries: the charm's
/// namespace (its model). Applications of the same name in two models may both place objects
/// in a third namespace; each owns only those naming its own model.
pub const MODEL_LABEL: &str = "gateway-api-integrator.charm.juju.is/model";

/// What the charm needs from the cluster. Objects travel as JSON (`apiVersion`, `kind`,
/// `metadata`, `spec`/`data`…) so the trait carries no typed Kubernetes structs.
pub trait Cluster {
    /// The namespace the charm works in (the model's namespace).
    fn namespace(&self) -> &str;
    /// Names of the GatewayClasses in the cluster (cluster-scoped LIST).
    fn list_gateway_classes(&mut self) -> Result<Vec<String>, ClusterError>;
    /// Every object of `kind` in the namespace — in every namespace when
    /// [`Kind::in_other_namespaces`] — whole or metadata only as [`Kind::listing`] says: one
    /// request. Every returned object has `apiVersion`, `kind` and `metadata.namespace`.
    fn list(&mut self, kind: Kind) -> Result<Vec<Value>, ClusterError>;
    /// [`Cluster::list`] split into `app`'s objects and the names others hold.
    fn list_split(&mut self, kind: Kind, app: &str) -> Result<Listed, ClusterError> {
        let objects = self.list(kind)?;
        Ok(Listed::split(kind, objects, app, self.namespace()))
    }
    /// The objects of `kind` labelled as managed by `app`, as deletion tokens.
    fn list_managed(&mut self, kind: Kind, app: &str) -> Result<Vec<ManagedObject>, ClusterError> {
        Ok(self.list_split(kind, app)?.managed)
    }
    /// One whole object, or `None` when it does not exist.
    fn get(
        &mut self,
        kind: Kind,
        namespace: &str,
        name: &str,
    ) -> Result<Option<Value>, ClusterError>;
    /// Server-side apply of `object` (named by its `metadata.name`, in its
    /// `metadata.namespace`, else the cluster's) with `field_manager`, `force=true`. Returns
    /// the object as the server stored it. The caller has checked, from this hook's LIST, that
    /// the name is free or ours: apply never takes over an object of someone else's.
    fn apply(
        &mut self,
        kind: Kind,
        object: &Value,
        field_manager: &str,
    ) -> Result<Value, ClusterError>;
    /// Delete one object the charm manages, with its uid as a precondition when known. Deleting
    /// an object that is already gone is not an error.
    fn delete(&mut self, object: &ManagedObject) -> Result<(), ClusterError>;
    /// Send `patch`, a JSON patch from [`takeover_patch`] (`application/json-patch+json`, no
    /// field manager), to `object`: it rewrites `metadata.managedFields` so that our `Apply`
    /// entry owns what the Python charm's `Update` writes owned. Returns the object as stored.
    /// Prefer [`upgrade_managed_fields`], which builds the patch from the listed object.
    fn patch_managed_fields(
        &mut self,
        object: &ManagedObject,
        patch: &Value,
    ) -> Result<Value, ClusterError>;
    /// Requests sent so far, by verb (for benchmarks and "second run writes nothing" tests).
    fn request_counts(&self) -> RequestCounts {
        RequestCounts::default()
    }
}
