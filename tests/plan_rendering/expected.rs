//! The parts of the objects the plans are expected to hold: metadata, listeners, parent
//! references, the forwarding rule of `flask` (ingress relation 3) and its filters.

use charm_cluster::MANAGED_BY_LABEL;
use serde_json::{Value, json};

pub fn metadata(name: &str) -> Value {
    json!({"name": name, "namespace": "testing", "labels": {MANAGED_BY_LABEL: "gai"}})
}

/// Metadata of an object serving the ingress relation 3 only.
pub fn flask_metadata(name: &str) -> Value {
    json!({"name": name, "namespace": "testing", "labels": {
        MANAGED_BY_LABEL: "gai",
        "gateway-api-integrator.charm.juju.is/relation": "gateway.3",
    }})
}

pub fn listener(name: &str, hostname: Option<&str>, https: bool) -> Value {
    let mut listener = json!({
        "name": name,
        "port": if https { 443 } else { 80 },
        "protocol": if https { "HTTPS" } else { "HTTP" },
        "allowedRoutes": {"namespaces": {"from": "All"}},
    });
    if let Some(hostname) = hostname {
        listener["hostname"] = json!(hostname);
        if https {
            listener["tls"] = json!({"certificateRefs": [{"kind": "Secret", "name": format!("gai-secret-{hostname}")}]});
        }
    }
    listener
}

pub fn parent(section: &str) -> Value {
    json!({"name": "gai", "namespace": "testing", "sectionName": section})
}

pub fn forward_rule(filters: Option<Value>) -> Value {
    let mut rule = json!({
        "matches": [{"path": {"type": "PathPrefix", "value": "/testing-flask"}}],
        "backendRefs": [{"name": "gai-flask-service", "port": 8080}],
    });
    if let Some(filters) = filters {
        rule["filters"] = filters;
    }
    rule
}

pub fn hsts(max_age: u64) -> Value {
    json!({"type": "ResponseHeaderModifier", "responseHeaderModifier": {
        "add": [{"name": "Strict-Transport-Security", "value": format!("max-age={max_age}")}]}})
}

pub fn strip_prefix() -> Value {
    json!({"type": "URLRewrite", "urlRewrite": {
        "path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}}})
}

pub const REDIRECT: &str = "RequestRedirect";
