//! Kubeconfig files (JSON, which every YAML reader accepts) for a namespace and a credential.

use std::path::Path;

use base64::Engine as _;
use serde_json::{Value, json};

use crate::TestEnvError;

/// A kubeconfig for `server` whose current context works in `namespace`.
///
/// `ca_pem` is trusted for an `https` server; `token` (if any) is sent as a bearer token.
pub fn kubeconfig(
    server: &str,
    ca_pem: Option<&str>,
    token: Option<&str>,
    namespace: &str,
) -> Value {
    let mut cluster = json!({"server": server});
    if let Some(ca_pem) = ca_pem {
        cluster["certificate-authority-data"] =
            json!(base64::engine::general_purpose::STANDARD.encode(ca_pem));
    }
    let mut user = json!({});
    if let Some(token) = token {
        user["token"] = json!(token);
    }
    json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "test", "cluster": cluster}],
        "users": [{"name": "test", "user": user}],
        "contexts": [{"name": "test",
                      "context": {"cluster": "test", "user": "test", "namespace": namespace}}],
        "current-context": "test",
    })
}

/// Write `config` to `path`, readable by its owner only (it holds a token).
pub fn write(path: &Path, config: &Value) -> Result<(), TestEnvError> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| TestEnvError::io(path, e))?;
    let text = serde_json::to_vec_pretty(config).unwrap_or_default();
    file.write_all(&text).map_err(|e| TestEnvError::io(path, e))
}
