//! Kubernetes access for the charm, behind the [`Cluster`] trait.
//!
//! The trait is synchronous: a hook is one short sequential pass, so the real implementation
//! (`KubeCluster`) owns a current-thread tokio runtime and blocks on each request. The in-memory
//! implementation (`InMemoryCluster`) backs the harness tests and the embedded demo.
#![deny(unsafe_code)]

pub mod error;
pub mod kind;

pub use error::ClusterError;
pub use kind::Kind;

use serde_json::Value;

/// The label every object the charm owns carries; its value is the application name.
pub const MANAGED_BY_LABEL: &str = "gateway-api-integrator.charm.juju.is/managed-by";

/// What the charm needs from the cluster. Objects travel as JSON (`apiVersion`, `kind`,
/// `metadata`, `spec`/`data`…) so the trait carries no typed Kubernetes structs.
pub trait Cluster {
    /// The namespace every namespaced call works in (the model's namespace).
    fn namespace(&self) -> &str;
    /// Names of the GatewayClasses in the cluster (cluster-scoped LIST).
    fn list_gateway_classes(&mut self) -> Result<Vec<String>, ClusterError>;
    /// Objects of `kind` in the namespace matching `label_selector` (e.g. `key=value`).
    fn list(&mut self, kind: Kind, label_selector: &str) -> Result<Vec<Value>, ClusterError>;
    /// One object, or `None` when it does not exist.
    fn get(&mut self, kind: Kind, name: &str) -> Result<Option<Value>, ClusterError>;
    /// Server-side apply of `object` (named by its `metadata.name`) with `field_manager`,
    /// `force=true`. Returns the object as the server stored it.
    fn apply(&mut self, kind: Kind, object: &Value, field_manager: &str)
    -> Result<Value, ClusterError>;
    /// Delete one object. Deleting an object that is already gone is not an error.
    fn delete(&mut self, kind: Kind, name: &str) -> Result<(), ClusterError>;
}
