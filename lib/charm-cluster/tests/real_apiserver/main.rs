//! `KubeCluster` against a real kube-apiserver (v1.36, Gateway API v1.6.1 CRDs), started once
//! per test binary by `kube-test-env` from `../shared/k8s/start.sh`; each test works in a fresh
//! namespace. Without the server every test returns early after one `SKIPPED real-apiserver
//! tier: …` line, unless `KUBE_APISERVER_REQUIRED=1` (CI), which makes that a failure.
//!
//! * `ssa`: what server-side apply really does with the fields we leave out, and with fields
//!   other managers own;
//! * `ownership`: unlabelled objects and replaced objects are never touched;
//! * `reads`: GatewayClasses, and the Gateway address a controller writes;
//! * `errors`: real 401/403/404/422 answers, and faults the server cannot make (through
//!   `kube-test-env`'s proxy), as `ClusterError` variants;
//! * `admission`: every rendered example object passes the real schema and CEL rules;
//! * `http`: the exact requests `KubeCluster` sends (through the proxy) for each
//!   operation;
//! * `takeover`: objects written exactly as the Python charm wrote them, before and after
//!   `upgrade_managed_fields`.

mod admission;
mod errors;
mod http;
mod ownership;
mod python;
mod reads;
mod ssa;
mod takeover;

use std::path::Path;
use std::time::Duration;

use base64::Engine as _;
use charm_cluster::{KubeCluster, KubeEnvironment, MANAGED_BY_LABEL};
use kube_test_env::{FaultProxy, TestNamespace, fresh_namespace};
use serde_json::{Value, json};

/// The application name: our field manager and label value.
pub const APP: &str = "gai";

/// A namespace and our cluster handle on it (admin credentials).
pub struct Env {
    pub ns: TestNamespace,
    pub cluster: KubeCluster,
}

/// A fresh namespace and a `KubeCluster` on it, or `None` when the tier is skipped.
pub fn env(prefix: &str) -> Option<Env> {
    let ns = fresh_namespace(prefix)?;
    let cluster = connect(&ns, ns.kubeconfig(), Duration::from_secs(10));
    Some(Env { ns, cluster })
}

/// `KubeCluster` as a hook builds it, from `kubeconfig`, working in the test's namespace.
pub fn connect(ns: &TestNamespace, kubeconfig: &Path, timeout: Duration) -> KubeCluster {
    KubeCluster::connect(&KubeEnvironment {
        kubeconfig: Some(kubeconfig.to_owned()),
        namespace_file: ns.dir().join("no-service-account-namespace"),
        model_name: ns.name().to_owned(),
        timeout,
    })
    .unwrap()
}

/// A cluster handle through a fresh fault proxy in front of the real server (admin
/// credentials), with `timeout` per request.
pub fn through_proxy(env: &Env, timeout: Duration) -> (FaultProxy, KubeCluster) {
    let proxy = FaultProxy::start(env.ns.server().kubeconfig()).unwrap();
    let kubeconfig = env.ns.dir().join("proxy-kubeconfig");
    proxy.write_kubeconfig(&kubeconfig, env.ns.name()).unwrap();
    let cluster = connect(&env.ns, &kubeconfig, timeout);
    (proxy, cluster)
}

pub fn labels() -> Value {
    json!({MANAGED_BY_LABEL: APP})
}

fn dashed(host: &str) -> String {
    host.replace('.', "-")
}

/// The HTTP listener the charm renders for `host`.
pub fn http_listener(host: &str) -> Value {
    json!({"name": format!("{APP}-http-{}", dashed(host)), "hostname": host, "port": 80,
           "protocol": "HTTP", "allowedRoutes": {"namespaces": {"from": "All"}}})
}

/// The HTTPS listener the charm renders for `host`.
pub fn https_listener(host: &str) -> Value {
    json!({"name": format!("{APP}-https-{}", dashed(host)), "hostname": host, "port": 443,
           "protocol": "HTTPS", "allowedRoutes": {"namespaces": {"from": "All"}},
           "tls": {"certificateRefs": [{"kind": "Secret", "name": format!("{APP}-secret-{host}")}]}})
}

/// Our labelled Gateway (named after the app) with `listeners`.
pub fn gateway(listeners: &[Value]) -> Value {
    json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
           "metadata": {"name": APP, "labels": labels()},
           "spec": {"gatewayClassName": "cilium", "listeners": listeners}})
}

/// The listener names of a stored Gateway, in order.
pub fn listener_names(gateway: &Value) -> Vec<String> {
    gateway["spec"]["listeners"]
        .as_array()
        .map(|listeners| {
            listeners
                .iter()
                .filter_map(|l| l["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A labelled TLS Secret whose `data` holds `entries` (base64-encoded here).
pub fn secret(name: &str, entries: &[(&str, &str)]) -> Value {
    let data: serde_json::Map<String, Value> = entries
        .iter()
        .map(|(key, value)| {
            let encoded = base64::engine::general_purpose::STANDARD.encode(value);
            ((*key).to_owned(), json!(encoded))
        })
        .collect();
    json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
           "metadata": {"name": name, "labels": labels()}, "data": data})
}

/// The keys of a stored object's `data`, sorted.
pub fn data_keys(object: &Value) -> Vec<String> {
    object["data"]
        .as_object()
        .map(|data| data.keys().cloned().collect())
        .unwrap_or_default()
}

/// The ingress-mode Service for backend port `port`.
pub fn service(port: u16) -> Value {
    json!({"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": format!("{APP}-flask-service"), "labels": labels()},
           "spec": {"ports": [{"name": format!("tcp-{port}"), "port": port, "targetPort": port}],
                    "selector": {"app.kubernetes.io/name": "flask"}}})
}

/// A labelled HTTPRoute `name` to the Gateway with `hostnames` (left out when `None`) and one
/// rule per path prefix.
pub fn route(name: &str, hostnames: Option<&[&str]>, paths: &[&str]) -> Value {
    let rules: Vec<Value> = paths
        .iter()
        .map(|path| {
            json!({"matches": [{"path": {"type": "PathPrefix", "value": path}}],
                   "backendRefs": [{"name": format!("{APP}-flask-service"), "port": 8080}]})
        })
        .collect();
    let mut route = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": name, "labels": labels()},
        "spec": {"parentRefs": [{"name": APP}], "rules": rules}});
    if let Some(hostnames) = hostnames {
        route["spec"]["hostnames"] = json!(hostnames);
    }
    route
}

/// `(manager, operation)` of each `managedFields` entry for the main resource, in order.
pub fn managers(object: &Value) -> Vec<(String, String)> {
    object["metadata"]["managedFields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| entry.get("subresource").is_none())
        .map(|entry| {
            let text = |key: &str| entry[key].as_str().unwrap_or_default().to_owned();
            (text("manager"), text("operation"))
        })
        .collect()
}

/// `(manager, operation)` as owned strings, for comparisons.
pub fn entry(manager: &str, operation: &str) -> (String, String) {
    (manager.to_owned(), operation.to_owned())
}
