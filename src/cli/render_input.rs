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

use serde_json::{Map, Value};

/// The default application name.
pub const DEFAULT_APP: &str = "gateway-api-integrator";

/// The whole input file.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderInput {
    /// The integrator's application name (names the Gateway).
    pub app: String,
    /// The model name: the namespace of every object.
    pub model: String,
    /// The charm's config options, as `juju config` takes them.
    pub config: Map<String, Value>,
    /// Names of the GatewayClasses in the cluster.
    pub gateway_classes: Vec<String>,
    /// The address the Gateway controller reported, if any.
    pub gateway_address: Option<String>,
    /// Relation data by endpoint.
    pub relations: RelationsInput,
}

/// Relations by endpoint name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationsInput {
    /// The `gateway` (ingress) relation.
    pub gateway: Option<RelationInput>,
    /// The `gateway-route` relations.
    pub gateway_route: Vec<RelationInput>,
}

/// One relation: the remote application and its databags.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationInput {
    /// The relation id (defaults: `gateway` 1, `gateway-route` 2, 3, … in order).
    pub id: Option<u64>,
    /// The remote application's name.
    pub app: String,
    /// The remote application's databag.
    pub app_data: BTreeMap<String, Value>,
    /// Each remote unit's databag, by unit name (`app/0`).
    pub units: BTreeMap<String, BTreeMap<String, Value>>,
}

/// A malformed input file. Schema errors name the field by its path (`relations.gateway.app`).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Not valid JSON.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// Not valid YAML.
    #[error("{0}")]
    Yaml(#[from] serde_saphyr::Error),
    /// Valid syntax, wrong shape.
    #[error("{field}: {reason}")]
    Field {
        /// The field path.
        field: String,
        /// Why it is rejected.
        reason: String,
    },
}

impl RenderInput {
    /// Parse `text` as JSON when it starts with `{`, else as YAML (JSON is YAML too, but the
    /// JSON parser's messages are more precise for JSON files), then check the schema.
    ///
    /// The schema is checked by hand on a generic document rather than with a derived
    /// `Deserialize`, so every error can name the full path of the field (serde's messages
    /// name only the innermost field or a line number).
    pub fn parse(text: &str) -> Result<RenderInput, InputError> {
        let document: Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(text)?
        } else {
            serde_saphyr::from_str(text)?
        };
        RenderInput::from_document(&document)
    }

    /// Check the schema of a parsed document.
    pub fn from_document(document: &Value) -> Result<RenderInput, InputError> {
        let top = Fields::new(document, "", TOP_FIELDS)?;
        let relations = match top.get("relations") {
            None => RelationsInput::default(),
            Some(value) => {
                let fields = Fields::new(value, "relations", RELATIONS_FIELDS)?;
                RelationsInput {
                    gateway: fields
                        .get("gateway")
                        .map(|v| relation(v, "relations.gateway"))
                        .transpose()?,
                    gateway_route: match fields.get("gateway-route") {
                        None => Vec::new(),
                        Some(Value::Array(items)) => items
                            .iter()
                            .enumerate()
                            .map(|(i, v)| relation(v, &format!("relations.gateway-route[{i}]")))
                            .collect::<Result<_, _>>()?,
                        Some(_) => {
                            return Err(field_error("relations.gateway-route", "must be a list"));
                        }
                    },
                }
            }
        };
        let app = top
            .typed::<String>("app")?
            .unwrap_or_else(|| DEFAULT_APP.to_owned());
        // Juju's naming rules: both end up in Kubernetes object names and the namespace.
        relation_data::validate::application_name(&app)
            .map_err(|e| field_error("app", e.to_string()))?;
        let model = top
            .typed::<String>("model")?
            .ok_or_else(|| field_error("model", "is required"))?;
        relation_data::validate::model_name(&model)
            .map_err(|e| field_error("model", e.to_string()))?;
        Ok(RenderInput {
            app,
            model,
            config: top.typed("config")?.unwrap_or_default(),
            gateway_classes: top.typed("gateway_classes")?.unwrap_or_default(),
            gateway_address: top.typed("gateway_address")?,
            relations,
        })
    }
}

const TOP_FIELDS: &[&str] = &[
    "app",
    "model",
    "config",
    "gateway_classes",
    "gateway_address",
    "relations",
];
const RELATIONS_FIELDS: &[&str] = &["gateway", "gateway-route"];
const RELATION_FIELDS: &[&str] = &["id", "app", "app_data", "units"];

fn relation(value: &Value, path: &str) -> Result<RelationInput, InputError> {
    let fields = Fields::new(value, path, RELATION_FIELDS)?;
    Ok(RelationInput {
        id: fields.typed("id")?,
        app: fields
            .typed::<String>("app")?
            .ok_or_else(|| field_error(&format!("{path}.app"), "is required"))?,
        app_data: fields.typed("app_data")?.unwrap_or_default(),
        units: fields.typed("units")?.unwrap_or_default(),
    })
}

fn field_error(field: &str, reason: impl Into<String>) -> InputError {
    InputError::Field {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// A mapping whose keys were checked against the allowed ones.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
}

impl<'a> Fields<'a> {
    fn new(value: &'a Value, path: &'a str, allowed: &[&str]) -> Result<Fields<'a>, InputError> {
        let Value::Object(map) = value else {
            let field = if path.is_empty() { "(document)" } else { path };
            return Err(field_error(field, "must be a mapping"));
        };
        if let Some(unknown) = map.keys().find(|key| !allowed.contains(&key.as_str())) {
            return Err(field_error(
                &Self::join(path, unknown),
                format!("unknown field, expected one of: {}", allowed.join(", ")),
            ));
        }
        Ok(Fields { map, path })
    }

    fn join(path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    }

    /// The raw value; `null` counts as absent.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    fn typed<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, InputError> {
        self.get(key)
            .map(|value| {
                T::deserialize(value)
                    .map_err(|e| field_error(&Self::join(self.path, key), e.to_string()))
            })
            .transpose()
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
