//! [`Cluster`] over the real Kubernetes API, through `kube`'s dynamic API.
//!
//! * One current-thread tokio runtime per handle; every call blocks on exactly one request.
//! * Each call has a hard timeout. It also bounds connect, write and read time. kube's built-in
//!   retry layer is switched off, because a hook must not sleep or back off: a 429 or 503 is
//!   reported at once and the next hook tries again.
//! * Apply is `PATCH …?fieldManager=<app>&force=true` with `application/apply-patch+yaml`.
//!   Server-side apply with a single field manager removes the fields we owned and left out.
//!   The Gateway CRD (`../shared/gateway-api-crds/gateway.networking.k8s.io_gateways.yaml`)
//!   declares `spec.listeners` with `x-kubernetes-list-type: map` and
//!   `x-kubernetes-list-map-keys: [name]`, so a listener we stop sending is removed. The
//!   HTTPRoute CRD declares `spec.rules` `x-kubernetes-list-type: atomic`, so the rules (and the
//!   filters inside them) are replaced whole. The anchor's JSON merge patch is not needed.
//! * Deletes carry the listed object's uid as a precondition (see [`ManagedObject`]).
//! * The `managedFields` takeover (`crate::managed_fields`) is a raw `PATCH` with
//!   `application/json-patch+json` and no `fieldManager`: it changes no field, so no manager
//!   gains an entry from it.

use std::future::Future;
use std::time::Duration;

use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, GroupVersionKind, ListParams, Patch,
    PatchParams, Preconditions,
};
use kube::{Client, Config, Resource as _};
use serde_json::{Value, json};

pub use crate::kube_error::map_kube_error;
use crate::{
    Cluster, ClusterError, Kind, KubeEnvironment, Listed, Listing, ManagedObject, RequestCounts,
    Verb,
};

/// A handle on a Kubernetes API server.
pub struct KubeCluster {
    runtime: tokio::runtime::Runtime,
    client: Client,
    namespace: String,
    timeout: Duration,
    counts: RequestCounts,
}

impl std::fmt::Debug for KubeCluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KubeCluster")
            .field("namespace", &self.namespace)
            .field("timeout", &self.timeout)
            .field("counts", &self.counts)
            .finish_non_exhaustive()
    }
}

impl KubeCluster {
    /// Connect as `environment` says (see [`KubeEnvironment`]).
    pub fn connect(environment: &KubeEnvironment) -> Result<KubeCluster, ClusterError> {
        let runtime = new_runtime()?;
        let config = match &environment.kubeconfig {
            Some(path) => crate::kubeconfig::config_from_file(path)?,
            None => Config::incluster()
                .map_err(|e| ClusterError::Config(format!("in-cluster configuration: {e}")))?,
        };
        KubeCluster::with_config(
            runtime,
            config,
            environment.namespace(),
            environment.timeout,
        )
    }

    /// Connect to `url` without credentials (tests: a loopback proxy that adds them).
    pub fn from_url(url: &str, namespace: &str) -> Result<KubeCluster, ClusterError> {
        KubeCluster::from_url_with_timeout(url, namespace, KubeEnvironment::DEFAULT_TIMEOUT)
    }

    /// [`KubeCluster::from_url`] with a per-request `timeout`.
    pub fn from_url_with_timeout(
        url: &str,
        namespace: &str,
        timeout: Duration,
    ) -> Result<KubeCluster, ClusterError> {
        let uri = url
            .parse()
            .map_err(|e| ClusterError::Config(format!("API server URL {url:?}: {e}")))?;
        KubeCluster::with_config(
            new_runtime()?,
            Config::new(uri),
            namespace.to_owned(),
            timeout,
        )
    }

    fn with_config(
        runtime: tokio::runtime::Runtime,
        mut config: Config,
        namespace: String,
        timeout: Duration,
    ) -> Result<KubeCluster, ClusterError> {
        config.connect_timeout = Some(timeout);
        config.read_timeout = Some(timeout);
        config.write_timeout = Some(timeout);
        config.default_retry = false;
        config.default_namespace = namespace.clone();
        // Over plain HTTP (a local proxy) no certificate is ever verified: an empty trust store
        // spares loading and parsing the system's root certificates, which the client does for
        // a configuration without a CA (a few milliseconds of a hook's CPU). In a pod the
        // configuration names the cluster's CA, which is then the only root.
        if config.root_cert.is_none() && config.cluster_url.scheme_str() == Some("http") {
            config.root_cert = Some(Vec::new());
        }
        let client = {
            let _context = runtime.enter();
            crate::http_stack::client(&config)?
        };
        Ok(KubeCluster {
            runtime,
            client,
            namespace,
            timeout,
            counts: RequestCounts::default(),
        })
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn api(&self, kind: Kind, namespace: &str) -> Api<DynamicObject> {
        Api::namespaced_with(self.client.clone(), namespace, &api_resource(kind))
    }

    /// The namespace `object` names, else ours.
    fn namespace_of<'a>(&'a self, object: &'a Value) -> &'a str {
        object
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or(&self.namespace)
    }

    /// Count and run one request, bounded by the timeout; map failures to [`ClusterError`].
    fn call<T>(
        &mut self,
        verb: Verb,
        target: &str,
        request: impl Future<Output = Result<T, kube::Error>>,
    ) -> Result<T, ClusterError> {
        self.counts.record(verb);
        let timeout = self.timeout;
        let outcome = self
            .runtime
            .block_on(async move { tokio::time::timeout(timeout, request).await });
        match outcome {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(map_kube_error(&error, verb, target)),
            Err(_elapsed) => Err(ClusterError::Timeout {
                verb: verb.as_str().to_owned(),
                target: target.to_owned(),
            }),
        }
    }
}

impl KubeCluster {
    /// One LIST of `kind` (metadata only for the kinds [`Kind::listing`] says), each item
    /// passed to `each` as it is parsed, as JSON with `apiVersion` and `kind` set. Neither a
    /// typed list nor the whole list of JSON values is ever held: at a few hundred objects
    /// either would be most of the hook's memory.
    fn list_each(&mut self, kind: Kind, mut each: impl FnMut(Value)) -> Result<(), ClusterError> {
        let namespace = (!kind.in_other_namespaces()).then_some(self.namespace.as_str());
        let path = DynamicObject::url_path(&api_resource(kind), namespace);
        let builder = kube::core::Request::new(path);
        let params = ListParams::default();
        let request = match kind.listing() {
            Listing::Full => builder.list(&params),
            Listing::Metadata => builder.list_metadata(&params),
        }
        .map_err(|e| ClusterError::Malformed {
            kind,
            message: e.to_string(),
        })?;
        let client = self.client.clone();
        let text = self.call(Verb::List, kind.plural(), async move {
            client.request_text(request).await
        })?;
        crate::list_items::each_item(&text, |item| {
            each(match kind.listing() {
                Listing::Full => with_type(item, kind),
                // `PartialObjectMetadata` items: their metadata, under our kind.
                Listing::Metadata => {
                    let metadata = match item {
                        Value::Object(mut item) => item.remove("metadata"),
                        _ => None,
                    };
                    json!({"apiVersion": kind.api_version(), "kind": kind.kind(),
                           "metadata": metadata.unwrap_or(Value::Null)})
                }
            })
        })
        .map_err(|e| ClusterError::Malformed {
            kind,
            message: format!("LIST response: {e}"),
        })
    }
}

fn new_runtime() -> Result<tokio::runtime::Runtime, ClusterError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ClusterError::Config(format!("tokio runtime: {e}")))
}

/// The dynamic API description of `kind`.
pub fn api_resource(kind: Kind) -> ApiResource {
    let gvk = GroupVersionKind::gvk(kind.group(), kind.version(), kind.kind());
    ApiResource::from_gvk_with_plural(&gvk, kind.plural())
}

fn gateway_class_resource() -> ApiResource {
    let gvk = GroupVersionKind::gvk("gateway.networking.k8s.io", "v1", "GatewayClass");
    ApiResource::from_gvk_with_plural(&gvk, "gatewayclasses")
}

/// A returned object as JSON, with `apiVersion`/`kind` filled in when the server left them out
/// (core LIST items have neither).
fn to_json(object: DynamicObject, kind: Kind) -> Result<Value, ClusterError> {
    let value = serde_json::to_value(object).map_err(|e| ClusterError::Malformed {
        kind,
        message: e.to_string(),
    })?;
    Ok(with_type(value, kind))
}

/// `value` with `apiVersion` and `kind` set to `kind`'s where it has none.
fn with_type(mut value: Value, kind: Kind) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.entry("apiVersion")
            .or_insert_with(|| kind.api_version().into());
        map.entry("kind").or_insert_with(|| kind.kind().into());
    }
    value
}

impl Cluster for KubeCluster {
    fn namespace(&self) -> &str {
        &self.namespace
    }

    fn list_gateway_classes(&mut self) -> Result<Vec<String>, ClusterError> {
        let api: Api<DynamicObject> = Api::all_with(self.client.clone(), &gateway_class_resource());
        let list = self.call(Verb::List, "gatewayclasses", async move {
            api.list(&ListParams::default()).await
        })?;
        Ok(list
            .items
            .into_iter()
            .filter_map(|class| class.metadata.name)
            .collect())
    }

    fn list(&mut self, kind: Kind) -> Result<Vec<Value>, ClusterError> {
        let mut objects = Vec::new();
        self.list_each(kind, |object| objects.push(object))?;
        Ok(objects)
    }

    fn list_split(&mut self, kind: Kind, app: &str) -> Result<Listed, ClusterError> {
        // Each object is reduced to what the split keeps as soon as it is parsed.
        let namespace = self.namespace.clone();
        let mut listed = Listed::default();
        self.list_each(kind, |object| listed.add(kind, object, app, &namespace))?;
        Ok(listed.finish())
    }

    fn get(
        &mut self,
        kind: Kind,
        namespace: &str,
        name: &str,
    ) -> Result<Option<Value>, ClusterError> {
        let api = self.api(kind, namespace);
        let target = format!("{}/{name}", kind.plural());
        let owned_name = name.to_owned();
        let found = self.call(Verb::Get, &target, async move {
            match api.get(&owned_name).await {
                Ok(object) => Ok(Some(object)),
                // Only a 404 about this very object means "absent". A 404 without our name
                // in its details means the kind is not served (CRDs missing): an error.
                Err(kube::Error::Api(status))
                    if status.code == 404
                        && status
                            .details
                            .as_ref()
                            .is_some_and(|d| d.name == owned_name) =>
                {
                    Ok(None)
                }
                Err(error) => Err(error),
            }
        })?;
        found.map(|object| to_json(object, kind)).transpose()
    }

    fn apply(
        &mut self,
        kind: Kind,
        object: &Value,
        field_manager: &str,
    ) -> Result<Value, ClusterError> {
        let name = crate::managed::object_name(object)
            .ok_or_else(|| ClusterError::Malformed {
                kind,
                message: "metadata.name is missing".to_owned(),
            })?
            .to_owned();
        let api = self.api(kind, self.namespace_of(object));
        let params = PatchParams::apply(field_manager).force();
        let patch = Patch::Apply(object.clone());
        let target = format!("{}/{name}", kind.plural());
        let stored = self.call(Verb::Apply, &target, async move {
            api.patch(&name, &params, &patch).await
        })?;
        to_json(stored, kind)
    }

    fn delete(&mut self, object: &ManagedObject) -> Result<(), ClusterError> {
        let kind = object.kind();
        let api = self.api(kind, object.namespace().unwrap_or(&self.namespace));
        let name = object.name().to_owned();
        let target = format!("{}/{name}", kind.plural());
        let params = DeleteParams {
            preconditions: object.uid().map(|uid| Preconditions {
                uid: Some(uid.to_owned()),
                resource_version: None,
            }),
            ..DeleteParams::default()
        };
        self.call(Verb::Delete, &target, async move {
            match api.delete(&name, &params).await {
                Ok(_) => Ok(()),
                Err(kube::Error::Api(status)) if status.code == 404 => Ok(()),
                Err(error) => Err(error),
            }
        })
    }

    fn patch_managed_fields(
        &mut self,
        object: &ManagedObject,
        patch: &Value,
    ) -> Result<Value, ClusterError> {
        let kind = object.kind();
        let target = format!("{}/{}", kind.plural(), object.name());
        let url = format!(
            "{}/{}",
            DynamicObject::url_path(
                &api_resource(kind),
                Some(object.namespace().unwrap_or(&self.namespace))
            ),
            object.name()
        );
        let body = serde_json::to_vec(patch).map_err(|e| ClusterError::Malformed {
            kind,
            message: e.to_string(),
        })?;
        let request = hyper::Request::builder()
            .method("PATCH")
            .uri(url)
            .header("Content-Type", "application/json-patch+json")
            .header("Accept", "application/json")
            .body(body)
            .map_err(|e| ClusterError::Malformed {
                kind,
                message: e.to_string(),
            })?;
        let client = self.client.clone();
        let stored: DynamicObject = self.call(Verb::Patch, &target, async move {
            client.request(request).await
        })?;
        to_json(stored, kind)
    }

    fn request_counts(&self) -> RequestCounts {
        self.counts
    }
}
