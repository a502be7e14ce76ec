//! A kubeconfig pointing at the stand-in, so a child process can reach it via `KUBECONFIG`.

use serde_json::{Value, json};

/// A kubeconfig (JSON, which YAML readers accept) for `server_url`, defaulting to `namespace`.
pub fn kubeconfig(server_url: &str, namespace: &str) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "standin", "cluster": {"server": server_url}}],
        "users": [{"name": "standin", "user": {}}],
        "contexts": [{"name": "standin",
                      "context": {"cluster": "standin", "user": "standin", "namespace": namespace}}],
        "current-context": "standin",
    })
}
