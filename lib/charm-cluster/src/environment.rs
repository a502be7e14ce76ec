//! Where the Kubernetes API is and which namespace the charm works in.
//!
//! In a Juju unit the hook gets the in-cluster variables (`KUBERNETES_SERVICE_HOST`/`_PORT`) and
//! the service-account files (token, `ca.crt`, `namespace`). For local runs `KUBECONFIG` names a
//! kubeconfig file (JSON: `kubectl config view --flatten -o json`), which wins when set. The namespace is the service-account `namespace` file
//! when it is readable and non-empty, otherwise the model name: a Juju model is a namespace of
//! the same name. The namespace rule is the same for both sources.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Inputs for connecting to the cluster, with every file path injectable for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeEnvironment {
    /// A kubeconfig file to use instead of the in-cluster configuration.
    pub kubeconfig: Option<PathBuf>,
    /// The service-account namespace file.
    pub namespace_file: PathBuf,
    /// The Juju model name (`JUJU_MODEL_NAME`), the namespace fallback.
    pub model_name: String,
    /// Per-request timeout (connect, write and the whole answer).
    pub timeout: Duration,
}

impl KubeEnvironment {
    /// The service-account namespace file mounted in every pod.
    pub const SERVICE_ACCOUNT_NAMESPACE_FILE: &str =
        "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
    /// Default per-request timeout: long enough for a busy apiserver, short enough for a hook.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The environment of this process: `KUBECONFIG` if set (and non-empty), the standard
    /// service-account namespace file, and `model_name`.
    pub fn from_process(model_name: &str) -> KubeEnvironment {
        let kubeconfig = std::env::var_os("KUBECONFIG")
            .filter(|value| !value.is_empty())
            .map(PathBuf::from);
        KubeEnvironment {
            kubeconfig,
            namespace_file: PathBuf::from(Self::SERVICE_ACCOUNT_NAMESPACE_FILE),
            model_name: model_name.to_owned(),
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// The namespace to work in: the namespace file's trimmed contents, else the model name.
    pub fn namespace(&self) -> String {
        read_namespace_file(&self.namespace_file).unwrap_or_else(|| self.model_name.clone())
    }
}

fn read_namespace_file(path: &Path) -> Option<String> {
    let contents = std::fs::read_to_string(path).ok()?;
    let namespace = contents.trim();
    (!namespace.is_empty()).then(|| namespace.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(namespace_file: PathBuf) -> KubeEnvironment {
        KubeEnvironment {
            kubeconfig: None,
            namespace_file,
            model_name: "model-a".to_owned(),
            timeout: KubeEnvironment::DEFAULT_TIMEOUT,
        }
    }

    #[test]
    fn namespace_comes_from_the_service_account_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("namespace");
        std::fs::write(&file, "real-ns\n").unwrap();
        assert_eq!(environment(file).namespace(), "real-ns");
    }

    #[test]
    fn namespace_falls_back_to_the_model_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            environment(dir.path().join("missing")).namespace(),
            "model-a"
        );
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "  \n").unwrap();
        assert_eq!(environment(empty).namespace(), "model-a");
    }
}
