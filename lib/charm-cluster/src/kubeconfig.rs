//! A JSON kubeconfig (`kubectl config view --flatten -o json`) as a client [`Config`]: the
//! current context's server, CA, namespace and user. The hook binary reads no YAML and links
//! none of kube's kubeconfig loader (in a pod it uses the in-cluster configuration; a
//! kubeconfig is for local runs and tests), which keeps the YAML parser, and the error
//! rendering that comes with it, out of the binary.

use std::path::Path;

use base64::Engine as _;
use kube::Config;
use kube::config::Kubeconfig;

use crate::ClusterError;

fn invalid(path: &Path, what: impl std::fmt::Display) -> ClusterError {
    ClusterError::Config(format!("kubeconfig {}: {what}", path.display()))
}

/// Read the JSON kubeconfig at `path` and take its current context.
pub(crate) fn config_from_file(path: &Path) -> Result<Config, ClusterError> {
    let text = std::fs::read_to_string(path).map_err(|e| invalid(path, e))?;
    let kubeconfig: Kubeconfig = serde_json::from_str(&text).map_err(|e| {
        invalid(
            path,
            format!(
                "not a JSON kubeconfig ({e}); write one with `kubectl config view --flatten -o json`"
            ),
        )
    })?;
    config_from_kubeconfig(kubeconfig).map_err(|what| invalid(path, what))
}

/// The current context of `kubeconfig` as a client configuration.
fn config_from_kubeconfig(kubeconfig: Kubeconfig) -> Result<Config, String> {
    let name = kubeconfig
        .current_context
        .as_deref()
        .ok_or("no current-context")?;
    let context = kubeconfig
        .contexts
        .iter()
        .find(|c| c.name == name)
        .and_then(|c| c.context.clone())
        .ok_or_else(|| format!("no context {name:?}"))?;
    let cluster = kubeconfig
        .clusters
        .iter()
        .find(|c| c.name == context.cluster)
        .and_then(|c| c.cluster.clone())
        .ok_or_else(|| format!("no cluster {:?}", context.cluster))?;
    let server = cluster
        .server
        .as_deref()
        .ok_or("the cluster has no server")?;
    let mut config = Config::new(
        server
            .parse()
            .map_err(|e| format!("server {server:?}: {e}"))?,
    );
    config.default_namespace = context.namespace.unwrap_or_else(|| "default".to_owned());
    config.accept_invalid_certs = cluster.insecure_skip_tls_verify.unwrap_or(false);
    config.tls_server_name = cluster.tls_server_name;
    let ca = match (
        &cluster.certificate_authority_data,
        &cluster.certificate_authority,
    ) {
        (Some(data), _) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(data.trim())
                .map_err(|e| format!("certificate-authority-data: {e}"))?,
        ),
        (None, Some(file)) => {
            Some(std::fs::read(file).map_err(|e| format!("certificate-authority {file}: {e}"))?)
        }
        (None, None) => None,
    };
    if let Some(pem) = ca {
        let certificates = pem::parse_many(&pem)
            .map_err(|e| format!("certificate authority: {e}"))?
            .into_iter()
            .filter(|p| p.tag() == "CERTIFICATE")
            .map(|p| p.into_contents())
            .collect::<Vec<_>>();
        if certificates.is_empty() {
            return Err("certificate authority: no PEM CERTIFICATE".to_owned());
        }
        config.root_cert = Some(certificates);
    }
    if let Some(user) = &context.user {
        config.auth_info = kubeconfig
            .auth_infos
            .iter()
            .find(|a| &a.name == user)
            .and_then(|a| a.auth_info.clone())
            .ok_or_else(|| format!("no user {user:?}"))?;
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA: &str = "-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";

    fn kubeconfig(extra_cluster: serde_json::Value) -> Kubeconfig {
        let mut cluster = serde_json::json!({"server": "https://10.0.0.1:6443"});
        cluster
            .as_object_mut()
            .unwrap()
            .extend(extra_cluster.as_object().unwrap().clone());
        serde_json::from_value(serde_json::json!({
            "apiVersion": "v1", "kind": "Config", "current-context": "c",
            "clusters": [{"name": "k", "cluster": cluster}],
            "users": [{"name": "u", "user": {"token": "t"}}],
            "contexts": [{"name": "c", "context": {"cluster": "k", "user": "u", "namespace": "ns"}}],
        }))
        .unwrap()
    }

    #[test]
    fn the_current_context_becomes_the_config() {
        let data = base64::engine::general_purpose::STANDARD.encode(CA);
        let config = config_from_kubeconfig(kubeconfig(
            serde_json::json!({"certificate-authority-data": data, "tls-server-name": "api"}),
        ))
        .unwrap();
        assert_eq!(config.cluster_url.to_string(), "https://10.0.0.1:6443/");
        assert_eq!(config.default_namespace, "ns");
        assert_eq!(config.root_cert, Some(vec![vec![0, 1, 2]]));
        assert_eq!(config.tls_server_name.as_deref(), Some("api"));
        assert!(config.auth_info.token.is_some());
    }

    #[test]
    fn what_is_missing_is_named() {
        let mut no_context = kubeconfig(serde_json::json!({}));
        no_context.current_context = Some("other".into());
        assert_eq!(
            config_from_kubeconfig(no_context).unwrap_err(),
            "no context \"other\""
        );
        let bad_ca = kubeconfig(serde_json::json!({"certificate-authority-data": "!!"}));
        assert!(
            config_from_kubeconfig(bad_ca)
                .unwrap_err()
                .starts_with("certificate-authority-data: ")
        );
    }

    #[test]
    fn yaml_is_refused_with_the_way_out() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = dir.path().join("config.yaml");
        std::fs::write(&yaml, "apiVersion: v1\nkind: Config\n").unwrap();
        let error = config_from_file(&yaml).unwrap_err().to_string();
        assert!(error.contains("not a JSON kubeconfig"), "{error}");
        assert!(
            error.contains("kubectl config view --flatten -o json"),
            "{error}"
        );
    }
}
