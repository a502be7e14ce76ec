//! The input file of `render`: config and relation data in one JSON or YAML document.
//!
//! ```yaml
//! app: gateway-api-integrator        # optional, this default
//! model: testing                     # the Juju model = the Kubernetes namespace
//! config: {gateway-class: cilium, enforce-https: false, external-hostname: example.com}
//! gateway_classes: [cilium]          # the GatewayClasses the cluster has
//! gateway_address: 10.0.0.7          # optional: what the Gateway controller reported
//! relations:
//!   gateway:                         # ingress (at most one)
//!     app: flask
//!     app_data: {model: '"testing"', name: '"flask"', port: "8080"}
//!     units: {flask/0: {host: '"flask-0.flask-endpoints.testing.svc.cluster.local"'}}
//!   gateway-route:                   # any number
//!     - {app: web, app_data: {hostname: '"web.example.com"'}}
//! ```
//! Databag values are the strings `juju show-unit` prints; a non-string value is JSON-encoded
//! first, so `port: 8080` and `port: "8080"` mean the same.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

/// The default application name.
pub const DEFAULT_APP: &str = "gateway-api-integrator";

/// The whole input file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderInput {
    /// The integrator's application name (names the Gateway).
    #[serde(default = "default_app")]
    pub app: String,
    /// The model name: the namespace of every object.
    pub model: String,
    /// The charm's config options, as `juju config` takes them.
    #[serde(default)]
    pub config: Map<String, Value>,
    /// Names of the GatewayClasses in the cluster.
    #[serde(default)]
    pub gateway_classes: Vec<String>,
    /// The address the Gateway controller reported, if any.
    #[serde(default)]
    pub gateway_address: Option<String>,
    /// Relation data by endpoint.
    #[serde(default)]
    pub relations: RelationsInput,
}

/// Relations by endpoint name.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationsInput {
    /// The `gateway` (ingress) relation.
    #[serde(default)]
    pub gateway: Option<RelationInput>,
    /// The `gateway-route` relations.
    #[serde(default, rename = "gateway-route")]
    pub gateway_route: Vec<RelationInput>,
}

/// One relation: the remote application and its databags.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationInput {
    /// The relation id (defaults: `gateway` 1, `gateway-route` 2, 3, … in order).
    #[serde(default)]
    pub id: Option<u64>,
    /// The remote application's name.
    pub app: String,
    /// The remote application's databag.
    #[serde(default)]
    pub app_data: BTreeMap<String, Value>,
    /// Each remote unit's databag, by unit name (`app/0`).
    #[serde(default)]
    pub units: BTreeMap<String, BTreeMap<String, Value>>,
}

fn default_app() -> String {
    DEFAULT_APP.to_owned()
}

/// A malformed input file.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Not valid JSON for the schema.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// Not valid YAML for the schema.
    #[error("{0}")]
    Yaml(#[from] serde_saphyr::Error),
}

impl RenderInput {
    /// Parse `text` as JSON when it starts with `{`, else as YAML (JSON is YAML too, but the
    /// JSON parser's messages are more precise for JSON files).
    pub fn parse(text: &str) -> Result<RenderInput, InputError> {
        if text.trim_start().starts_with('{') {
            Ok(serde_json::from_str(text)?)
        } else {
            Ok(serde_saphyr::from_str(text)?)
        }
    }
}

/// A databag value as Juju stores it: strings verbatim, anything else JSON-encoded.
pub fn databag_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A whole databag as Juju stores it.
pub fn databag(values: &BTreeMap<String, Value>) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|(key, value)| (key.clone(), databag_value(value)))
        .collect()
}
