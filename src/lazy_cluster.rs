//! A [`Cluster`] that connects to Kubernetes on first use.
//!
//! Hooks that never touch the cluster (non-leader units, most actions) pay nothing for it, and
//! a connection failure surfaces as a [`ClusterError`] from the first call that needs the API.

use charm_cluster::{
    Cluster, ClusterError, Kind, KubeCluster, KubeEnvironment, Listed, ManagedObject, RequestCounts,
};
use serde_json::Value;

/// Overrides the per-request Kubernetes timeout (milliseconds); for tests and benchmarks.
pub const KUBE_TIMEOUT_ENV: &str = "GATEWAY_API_INTEGRATOR_KUBE_TIMEOUT_MS";

/// This process's Kubernetes environment for model `model_name` (see [`KubeEnvironment`]),
/// with the timeout [`KUBE_TIMEOUT_ENV`] sets, if any.
pub fn environment(model_name: &str) -> KubeEnvironment {
    let mut environment = KubeEnvironment::from_process(model_name);
    let millis = std::env::var(KUBE_TIMEOUT_ENV)
        .ok()
        .and_then(|value| value.trim().parse::<u64>().ok())
        .filter(|millis| *millis > 0);
    if let Some(millis) = millis {
        environment.timeout = std::time::Duration::from_millis(millis);
    }
    environment
}

/// Connects with [`KubeCluster::connect`] the first time a request is made.
pub struct LazyCluster {
    environment: KubeEnvironment,
    namespace: String,
    connection: Option<Result<KubeCluster, ClusterError>>,
}

impl LazyCluster {
    /// A cluster handle for `environment`; nothing is contacted yet.
    pub fn new(environment: KubeEnvironment) -> LazyCluster {
        let namespace = environment.namespace();
        LazyCluster {
            environment,
            namespace,
            connection: None,
        }
    }

    fn connected(&mut self) -> Result<&mut KubeCluster, ClusterError> {
        let environment = &self.environment;
        let connection = self
            .connection
            .get_or_insert_with(|| KubeCluster::connect(environment));
        connection.as_mut().map_err(|e| e.clone())
    }
}

impl Cluster for LazyCluster {
    fn namespace(&self) -> &str {
        &self.namespace
    }

    fn list_gateway_classes(&mut self) -> Result<Vec<String>, ClusterError> {
        self.connected()?.list_gateway_classes()
    }

    fn list(&mut self, kind: Kind) -> Result<Vec<Value>, ClusterError> {
        self.connected()?.list(kind)
    }

    fn list_split(&mut self, kind: Kind, app: &str) -> Result<Listed, ClusterError> {
        self.connected()?.list_split(kind, app)
    }

    fn get(
        &mut self,
        kind: Kind,
        namespace: &str,
        name: &str,
    ) -> Result<Option<Value>, ClusterError> {
        self.connected()?.get(kind, namespace, name)
    }

    fn apply(
        &mut self,
        kind: Kind,
        object: &Value,
        field_manager: &str,
    ) -> Result<Value, ClusterError> {
        self.connected()?.apply(kind, object, field_manager)
    }

    fn delete(&mut self, object: &ManagedObject) -> Result<(), ClusterError> {
        self.connected()?.delete(object)
    }

    fn patch_managed_fields(
        &mut self,
        object: &ManagedObject,
        patch: &Value,
    ) -> Result<Value, ClusterError> {
        self.connected()?.patch_managed_fields(object, patch)
    }

    fn request_counts(&self) -> RequestCounts {
        match &self.connection {
            Some(Ok(cluster)) => cluster.request_counts(),
            _ => RequestCounts::default(),
        }
    }
}
