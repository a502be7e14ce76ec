//! Blocking raw HTTP access to an API server through `kube`'s client, for test set-up and
//! assertions: exact methods, content types and query parameters, and the exact answers.

use std::future::Future;
use std::path::Path;

use kube::config::{KubeConfigOptions, Kubeconfig};
use serde_json::Value;

use crate::TestEnvError;

/// A resource addressed by `apiVersion` and plural name (namespaced).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    /// `v1`, `gateway.networking.k8s.io/v1`…
    pub api_version: &'static str,
    /// `secrets`, `gateways`…
    pub plural: &'static str,
}

impl Resource {
    /// Gateway API Gateways.
    pub const GATEWAYS: Resource = Resource::new("gateway.networking.k8s.io/v1", "gateways");
    /// Gateway API HTTPRoutes.
    pub const HTTPROUTES: Resource = Resource::new("gateway.networking.k8s.io/v1", "httproutes");
    /// Core Services.
    pub const SERVICES: Resource = Resource::new("v1", "services");
    /// Core Secrets.
    pub const SECRETS: Resource = Resource::new("v1", "secrets");
    /// Core ServiceAccounts.
    pub const SERVICE_ACCOUNTS: Resource = Resource::new("v1", "serviceaccounts");
    /// RBAC Roles.
    pub const ROLES: Resource = Resource::new("rbac.authorization.k8s.io/v1", "roles");
    /// RBAC RoleBindings.
    pub const ROLE_BINDINGS: Resource =
        Resource::new("rbac.authorization.k8s.io/v1", "rolebindings");

    /// A resource of `api_version` named `plural`.
    pub const fn new(api_version: &'static str, plural: &'static str) -> Resource {
        Resource {
            api_version,
            plural,
        }
    }

    /// `/api/v1` or `/apis/<group>/<version>`.
    pub fn prefix(&self) -> String {
        if self.api_version.contains('/') {
            format!("/apis/{}", self.api_version)
        } else {
            format!("/api/{}", self.api_version)
        }
    }

    /// The collection in `namespace`.
    pub fn collection_path(&self, namespace: &str) -> String {
        format!("{}/namespaces/{namespace}/{}", self.prefix(), self.plural)
    }

    /// One object in `namespace`.
    pub fn object_path(&self, namespace: &str, name: &str) -> String {
        format!("{}/{name}", self.collection_path(namespace))
    }
}

/// An answer: status code, content type and body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status code.
    pub code: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as text.
    pub body: String,
}

impl RawResponse {
    /// The body parsed as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// A `kube::Client` on its own current-thread runtime, with blocking raw requests.
pub struct RawClient {
    runtime: tokio::runtime::Runtime,
    client: kube::Client,
}

impl std::fmt::Debug for RawClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawClient").finish_non_exhaustive()
    }
}

impl RawClient {
    /// A client with the credentials and server of `kubeconfig` (its current context).
    pub fn from_kubeconfig(kubeconfig: &Path) -> Result<RawClient, TestEnvError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| TestEnvError::io("tokio runtime", e))?;
        let client = runtime.block_on(client_from_kubeconfig(kubeconfig))?;
        Ok(RawClient { runtime, client })
    }

    /// The `kube::Client` (its requests must run on [`RawClient::block_on`]).
    pub fn client(&self) -> &kube::Client {
        &self.client
    }

    /// Run `future` on this client's runtime.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Send one request and return the answer whatever its status.
    pub fn send(
        &self,
        method: &str,
        path_and_query: &str,
        content_type: Option<&str>,
        body: Option<&Value>,
    ) -> Result<RawResponse, TestEnvError> {
        let transport = |message: String| TestEnvError::Transport {
            method: method.to_owned(),
            path: path_and_query.to_owned(),
            message,
        };
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(path_and_query)
            .header("Accept", "application/json");
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let request = request
            .body(kube::client::Body::from(bytes))
            .map_err(|e| transport(e.to_string()))?;
        self.runtime.block_on(async {
            let response = self
                .client
                .send(request)
                .await
                .map_err(|e| transport(e.to_string()))?;
            let code = response.status().as_u16();
            let content_type = response
                .headers()
                .get("Content-Type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = response
                .into_body()
                .collect_bytes()
                .await
                .map_err(|e| transport(e.to_string()))?;
            Ok(RawResponse {
                code,
                content_type,
                body: String::from_utf8_lossy(&body).into_owned(),
            })
        })
    }

    /// Send one request; a 2xx answer's JSON body, else [`TestEnvError::Status`].
    pub fn json(
        &self,
        method: &str,
        path_and_query: &str,
        content_type: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Value, TestEnvError> {
        let response = self.send(method, path_and_query, content_type, body)?;
        if !(200..300).contains(&response.code) {
            return Err(TestEnvError::Status {
                method: method.to_owned(),
                path: path_and_query.to_owned(),
                code: response.code,
                body: response.body,
            });
        }
        serde_json::from_str(&response.body).map_err(|e| TestEnvError::Unexpected {
            method: method.to_owned(),
            path: path_and_query.to_owned(),
            message: format!("{e}: {}", response.body),
        })
    }
}

/// A `kube::Client` for `kubeconfig`; must be called inside the runtime that will drive it.
pub async fn client_from_kubeconfig(kubeconfig: &Path) -> Result<kube::Client, TestEnvError> {
    let error = |message: String| TestEnvError::Kubeconfig {
        path: kubeconfig.to_owned(),
        message,
    };
    let parsed = Kubeconfig::read_from(kubeconfig).map_err(|e| error(e.to_string()))?;
    let mut config = kube::Config::from_custom_kubeconfig(parsed, &KubeConfigOptions::default())
        .await
        .map_err(|e| error(e.to_string()))?;
    // Test set-up must not hide a failure behind retries.
    config.default_retry = false;
    kube::Client::try_from(config).map_err(|e| error(e.to_string()))
}

/// `path` with `?key=value&…` appended (values URL-encoded); pairs with empty values are
/// left out.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs.iter().filter(|(_, value)| !value.is_empty()) {
        query.append_pair(key, value);
    }
    let query = query.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}
