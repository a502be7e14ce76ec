//! The input file: config, relation data and certificates in one JSON or YAML document.
//!
//! ```yaml
//! app: gateway-api-integrator        # optional, this default
//! model: testing                     # the Juju model = the Kubernetes namespace
//! config: {gateway-class: cilium, external-hostname: www.example.com}
//! gateway_classes: [cilium]          # the GatewayClasses the cluster has
//! gateway_address: 10.0.0.7          # optional: what the Gateway controller reported
//! certificates: {issued: placeholder} # optional: the certificates relation and what it issued
//! relations:
//!   gateway:                         # ingress (at most one)
//!     app: flask
//!     app_data: {model: '"testing"', name: '"flask"', port: "8080"}
//!     units: {flask/0: {host: '"flask-0.flask-endpoints.testing.svc.cluster.local"'}}
//!   gateway-route:                   # any number
//!     - {app: web, app_data: {hostname: '"web.example.com"'}}
//!   istio-ingress-route:             # any number; `config` as the library writes it
//!     - {app: myapp, app_data: {config: {model: testing, listeners: [...], ...}}}
//! ```
//! Databag values are the strings `juju show-unit` prints; a non-string value is JSON-encoded
//! first, so `port: 8080` and `port: "8080"` mean the same.
//!
//! Every struct rejects unknown keys and lists the valid ones; every error names the path of
//! the offending field (`relations.gateway.app_data`), through `serde_path_to_error`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::certificates::CertificatesSection;

/// The default application name.
pub const DEFAULT_APP: &str = "gateway-api-integrator";

/// The syntax the input was written in (error hints are given in the same syntax).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Syntax {
    /// A YAML document (the default: JSON is YAML too).
    #[default]
    Yaml,
    /// A JSON document (the text starts with `{`).
    Json,
}

impl Syntax {
    /// JSON when the text starts with `{`, else YAML: JSON is YAML too, but the JSON parser's
    /// messages are more precise for JSON files.
    pub fn of(text: &str) -> Syntax {
        if text.trim_start().starts_with('{') {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// The whole input file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderInput {
    /// The integrator's application name (names the Gateway); `null` or absent: the default.
    #[serde(default = "default_app", deserialize_with = "app_name")]
    pub app: String,
    /// The model name: the namespace of every object. Required.
    #[serde(default, deserialize_with = "model_name")]
    pub model: Option<String>,
    /// The charm's config options, as `juju config` takes them.
    #[serde(default, deserialize_with = "or_default")]
    pub config: Map<String, Value>,
    /// Names of the GatewayClasses in the cluster.
    #[serde(default, deserialize_with = "or_default")]
    pub gateway_classes: Vec<String>,
    /// The address the Gateway controller reported, if any.
    #[serde(default)]
    pub gateway_address: Option<String>,
    /// Relation data by endpoint.
    #[serde(default, deserialize_with = "or_default")]
    pub relations: RelationsInput,
    /// The `certificates` relation, when related.
    #[serde(default)]
    pub certificates: Option<CertificatesSection>,
    /// The syntax the file was written in (not a field of the file).
    #[serde(skip)]
    pub syntax: Syntax,
}

/// Relations by endpoint name.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationsInput {
    /// The `gateway` (ingress) relation.
    #[serde(default)]
    pub gateway: Option<RelationInput>,
    /// The `gateway-route` relations.
    #[serde(default, rename = "gateway-route", deserialize_with = "or_default")]
    pub gateway_route: Vec<RelationInput>,
    /// The `istio-ingress-route` relations.
    #[serde(
        default,
        rename = "istio-ingress-route",
        deserialize_with = "or_default"
    )]
    pub istio_ingress_route: Vec<RelationInput>,
}

/// One relation: the remote application and its databags.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationInput {
    /// The relation id (defaults: `gateway` 1, `gateway-route` 2, 3, … in order, then
    /// `istio-ingress-route` on from there).
    #[serde(default)]
    pub id: Option<u64>,
    /// The remote application's name. Required.
    #[serde(default)]
    pub app: Option<String>,
    /// The remote application's databag.
    #[serde(default, deserialize_with = "or_default")]
    pub app_data: BTreeMap<String, Value>,
    /// Each remote unit's databag, by unit name (`app/0`).
    #[serde(default, deserialize_with = "or_default")]
    pub units: BTreeMap<String, BTreeMap<String, Value>>,
}

impl RelationInput {
    /// Each remote unit's databag as Juju stores it.
    pub fn unit_databags(&self) -> BTreeMap<String, BTreeMap<String, String>> {
        (self.units.iter())
            .map(|(unit, data)| (unit.clone(), databag(data)))
            .collect()
    }
}

/// A rejected input file. Every message starts with the path of the field, when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Nothing but whitespace and comments.
    #[error("the input is empty; it needs at least the model, e.g. `model: testing`")]
    Empty,
    /// Not valid JSON or YAML, or the wrong shape at `path` (`.`: the whole document).
    #[error("{}{message}", prefix(.path))]
    Invalid {
        /// The path of the field, e.g. `relations.gateway.app_data`.
        path: String,
        /// The parser's message.
        message: String,
    },
    /// A required field is absent.
    #[error("{path}: is required; {hint}")]
    Missing {
        /// The path of the missing field.
        path: String,
        /// What to write.
        hint: &'static str,
    },
}

/// `path: `, or nothing for the whole document (`.`) or an unknown position (`?`).
fn prefix(path: &str) -> String {
    if path.is_empty() || path == "." || path == "?" {
        String::new()
    } else {
        format!("{path}: ")
    }
}

impl RenderInput {
    /// Parse `text` (JSON when it starts with `{`, else YAML) and check the required fields.
    pub fn parse(text: &str) -> Result<RenderInput, InputError> {
        let syntax = Syntax::of(text);
        let mut input = match syntax {
            Syntax::Json => parse_json(text)?,
            Syntax::Yaml => parse_yaml(text)?,
        };
        input.syntax = syntax;
        input.check_required()?;
        Ok(input)
    }

    /// The model name (checked present by [`RenderInput::parse`]).
    pub fn model(&self) -> &str {
        self.model.as_deref().unwrap_or_default()
    }

    fn check_required(&self) -> Result<(), InputError> {
        if self.model.is_none() {
            return Err(InputError::Missing {
                path: "model".into(),
                hint: "the Juju model, the namespace of every object: write e.g. `model: testing`",
            });
        }
        let relations = &self.relations;
        let gateway = relations.gateway.iter().map(|r| ("gateway".to_owned(), r));
        let routes = (relations.gateway_route.iter().enumerate())
            .map(|(index, r)| (format!("gateway-route[{index}]"), r));
        let istio = (relations.istio_ingress_route.iter().enumerate())
            .map(|(index, r)| (format!("istio-ingress-route[{index}]"), r));
        for (path, relation) in gateway.chain(routes).chain(istio) {
            if relation.app.is_none() {
                return Err(InputError::Missing {
                    path: format!("relations.{path}.app"),
                    hint: "the remote application's name: write e.g. `app: flask`",
                });
            }
        }
        Ok(())
    }
}

fn parse_json(text: &str) -> Result<RenderInput, InputError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let input: RenderInput =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            InputError::Invalid {
                path: error.path().to_string(),
                message: error.into_inner().to_string(),
            }
        })?;
    deserializer.end().map_err(|error| InputError::Invalid {
        path: String::new(),
        message: error.to_string(),
    })?;
    Ok(input)
}

fn parse_yaml(text: &str) -> Result<RenderInput, InputError> {
    let is_blank = |line: &str| line.trim().is_empty() || line.trim_start().starts_with('#');
    if text.lines().all(is_blank) {
        return Err(InputError::Empty);
    }
    // The deserializer only lives inside the closure; the path is kept aside, and the error
    // itself is the one serde-saphyr returns (with the line and column it adds).
    let mut path = None;
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::with_deserializer_from_str_with_options(text, options, |deserializer| {
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            path = Some(error.path().to_string());
            error.into_inner()
        })
    })
    .map_err(|error| InputError::Invalid {
        path: path.unwrap_or_default(),
        message: error.to_string(),
    })
}

fn default_app() -> String {
    DEFAULT_APP.to_owned()
}

/// `null` counts as absent.
fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A Juju application name: it names the Gateway and prefixes every object.
fn app_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let Some(app) = Option::<String>::deserialize(deserializer)? else {
        return Ok(default_app());
    };
    relation_data::validate::application_name(&app).map_err(serde::de::Error::custom)?;
    Ok(app)
}

/// A Juju model name: the namespace of every object.
fn model_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let model = Option::<String>::deserialize(deserializer)?;
    if let Some(model) = &model {
        relation_data::validate::model_name(model).map_err(serde::de::Error::custom)?;
    }
    Ok(model)
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
