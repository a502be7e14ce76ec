//! The apiserver's own rules for what the charm renders: object names and labels for every
//! kind, and the few `Service`/`Secret` rules a rendering bug could break.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// RFC 1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric.
static DNS1123_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").expect("valid regex"));
/// RFC 1123 subdomain: dot-separated RFC 1123 labels.
static DNS1123_SUBDOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        .expect("valid regex")
});
/// RFC 1035 label: like RFC 1123 but starting with a letter.
static DNS1035_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z]([-a-z0-9]*[a-z0-9])?$").expect("valid regex"));
/// A label value (or the name part of a label key).
static LABEL_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$").expect("valid regex")
});
/// An IANA service name, as used for port names.
static IANA_SVC_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$").expect("valid regex"));
/// A key of a Secret's `data`.
static SECRET_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-._a-zA-Z0-9]+$").expect("valid regex"));

/// Name, namespace and label errors, for any kind.
pub(crate) fn metadata_errors(kind: &str, object: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    match object.pointer("/metadata/name").and_then(Value::as_str) {
        None => errors.push("metadata.name: Required value".to_owned()),
        Some(name) => {
            // Services need a DNS-1035 label (they become DNS names); the rest a subdomain.
            let (ok, rule) = if kind == "Service" {
                (
                    name.len() <= 63 && DNS1035_LABEL.is_match(name),
                    "an RFC 1035 label of at most 63 characters",
                )
            } else {
                (
                    name.len() <= 253 && DNS1123_SUBDOMAIN.is_match(name),
                    "an RFC 1123 subdomain of at most 253 characters",
                )
            };
            if !ok {
                errors.push(format!(
                    "metadata.name: Invalid value {name:?}: must be {rule}"
                ));
            }
        }
    }
    if let Some(namespace) = object
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        && !(namespace.len() <= 63 && DNS1123_LABEL.is_match(namespace))
    {
        errors.push(format!("metadata.namespace: Invalid value {namespace:?}"));
    }
    if let Some(labels) = object.pointer("/metadata/labels") {
        errors.extend(label_map_errors("metadata.labels", labels));
    }
    errors
}

/// Errors of the core kinds the charm creates; `None` for kinds this module does not know.
pub(crate) fn core_kind_errors(
    api_version: &str,
    kind: &str,
    object: &Value,
) -> Option<Vec<String>> {
    match (api_version, kind) {
        ("v1", "Service") => Some(service_errors(object)),
        ("v1", "Secret") => Some(secret_errors(object)),
        _ => None,
    }
}

fn label_map_errors(path: &str, labels: &Value) -> Vec<String> {
    let Some(labels) = labels.as_object() else {
        return vec![format!("{path}: must be a map of strings")];
    };
    let mut errors = Vec::new();
    for (key, value) in labels {
        let (prefix, name) = match key.rsplit_once('/') {
            Some((prefix, name)) => (Some(prefix), name),
            None => (None, key.as_str()),
        };
        let prefix_ok = prefix.is_none_or(|p| p.len() <= 253 && DNS1123_SUBDOMAIN.is_match(p));
        if !prefix_ok || name.is_empty() || name.len() > 63 || !LABEL_VALUE.is_match(name) {
            errors.push(format!("{path}: Invalid key {key:?}"));
        }
        match value.as_str() {
            Some(v) if v.len() <= 63 && LABEL_VALUE.is_match(v) => {}
            _ => errors.push(format!("{path}[{key}]: Invalid value {value}")),
        }
    }
    errors
}

fn port_number_ok(value: &Value) -> bool {
    value.as_u64().is_some_and(|p| (1..=65535).contains(&p))
}

fn port_name_ok(name: &str) -> bool {
    name.len() <= 15
        && IANA_SVC_NAME.is_match(name)
        && !name.contains("--")
        && name.chars().any(|c| c.is_ascii_lowercase())
}

fn service_errors(service: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let ports = service.pointer("/spec/ports").and_then(Value::as_array);
    match ports {
        None => errors.push("spec.ports: Required value".to_owned()),
        Some(ports) if ports.is_empty() => errors.push("spec.ports: Required value".to_owned()),
        Some(ports) => {
            for (i, port) in ports.iter().enumerate() {
                if !port.get("port").is_some_and(port_number_ok) {
                    errors.push(format!("spec.ports[{i}].port: must be between 1 and 65535"));
                }
                if let Some(name) = port.get("name")
                    && !name.as_str().is_some_and(port_name_ok)
                {
                    errors.push(format!("spec.ports[{i}].name: Invalid value {name}"));
                }
                if let Some(target) = port.get("targetPort") {
                    let ok = match target {
                        Value::String(name) => port_name_ok(name),
                        number => port_number_ok(number),
                    };
                    if !ok {
                        errors.push(format!(
                            "spec.ports[{i}].targetPort: Invalid value {target}"
                        ));
                    }
                }
            }
        }
    }
    if let Some(selector) = service.pointer("/spec/selector") {
        errors.extend(label_map_errors("spec.selector", selector));
    }
    errors
}

fn secret_errors(secret: &Value) -> Vec<String> {
    use base64::Engine as _;
    let mut errors = Vec::new();
    let data = secret.get("data").and_then(Value::as_object);
    for (key, value) in data.into_iter().flatten() {
        if !SECRET_KEY.is_match(key) {
            errors.push(format!("data[{key}]: Invalid key"));
        }
        let decodes = value
            .as_str()
            .is_some_and(|v| base64::engine::general_purpose::STANDARD.decode(v).is_ok());
        if !decodes {
            errors.push(format!("data[{key}]: must be base64-encoded"));
        }
    }
    if secret.get("type").and_then(Value::as_str) == Some("kubernetes.io/tls") {
        for required in ["tls.crt", "tls.key"] {
            let has = data.is_some_and(|d| d.contains_key(required))
                || secret
                    .pointer("/stringData")
                    .and_then(Value::as_object)
                    .is_some_and(|d| d.contains_key(required));
            if !has {
                errors.push(format!("data[{required}]: Required value"));
            }
        }
    }
    errors
}
