//! The parts of a charm's metadata the harness checks against: endpoints, config options and
//! actions, read from `charmcraft.yaml` (and the legacy `metadata.yaml`, `config.yaml`,
//! `actions.yaml` when present, as charmcraft allows).
//!
//! YAML is parsed with `serde-saphyr`: a maintained, pure-Rust, serde-based parser built on
//! saphyr (a YAML 1.2 parser), without the `unsafe-libyaml` dependency that the unmaintained
//! `serde_yaml`/`serde_yml` carry. Only its `deserialize` feature is enabled.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

/// Metadata could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// A metadata file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// A metadata file is not valid YAML of the expected shape.
    #[error("cannot parse {path}: {reason}")]
    Parse {
        /// The file (for [`CharmMetadata::parse`], the name it stands for).
        path: PathBuf,
        /// The YAML parser's message.
        reason: String,
    },
    /// The charm directory has no metadata at all.
    #[error("{0} has neither charmcraft.yaml nor metadata.yaml")]
    NoMetadata(PathBuf),
}

/// How an endpoint is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointRole {
    /// Under `provides:`.
    Provides,
    /// Under `requires:`.
    Requires,
    /// Under `peers:`: the application relates to itself.
    Peers,
}

/// One declared endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Where the endpoint is declared.
    pub role: EndpointRole,
    /// The interface name relations over it speak.
    pub interface: String,
    /// Most relations the endpoint may have at once.
    pub limit: Option<u32>,
}

/// A config option's declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigType {
    /// Any string.
    String,
    /// A whole number.
    Int,
    /// Any number.
    Float,
    /// `true` or `false`.
    Boolean,
    /// A secret URI (`secret:…`), given as a string.
    Secret,
}

impl ConfigType {
    /// Whether a JSON value fits this type (`null` means unset and always fits).
    pub fn accepts(self, value: &Value) -> bool {
        match (self, value) {
            (_, Value::Null) => true,
            (ConfigType::String, Value::String(_)) => true,
            (ConfigType::Secret, Value::String(s)) => s.starts_with("secret:"),
            (ConfigType::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (ConfigType::Float, Value::Number(_)) => true,
            (ConfigType::Boolean, Value::Bool(_)) => true,
            _ => false,
        }
    }

    /// The name config.yaml uses.
    pub fn name(self) -> &'static str {
        match self {
            ConfigType::String => "string",
            ConfigType::Int => "int",
            ConfigType::Float => "float",
            ConfigType::Boolean => "boolean",
            ConfigType::Secret => "secret",
        }
    }
}

/// One config option.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ConfigOption {
    /// The declared `type`.
    #[serde(rename = "type")]
    pub kind: ConfigType,
    /// The declared `default`; `None` when the option has none.
    #[serde(default)]
    pub default: Option<Value>,
}

/// One action parameter (the JSON-schema subset the harness checks).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ActionParam {
    /// `string`, `integer`, `number`, `boolean`, `array`, `object`; `None`: anything.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

impl ActionParam {
    /// Whether a JSON value fits the declared type.
    pub fn accepts(&self, value: &Value) -> bool {
        match self.kind.as_deref() {
            None => true,
            Some("string") => value.is_string(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("number") => value.is_number(),
            Some("boolean") => value.is_boolean(),
            Some("array") => value.is_array(),
            Some("object") => value.is_object(),
            Some("null") => value.is_null(),
            Some(_) => true,
        }
    }
}

/// One action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ActionSpec {
    /// Parameter name → its declaration.
    #[serde(default)]
    pub params: BTreeMap<String, ActionParam>,
    /// Parameters the action cannot run without.
    #[serde(default)]
    pub required: Vec<String>,
    /// Juju 3 defaults to `true`.
    #[serde(rename = "additionalProperties", default = "default_true")]
    pub additional_properties: bool,
}

fn default_true() -> bool {
    true
}

/// What the harness knows about a charm.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CharmMetadata {
    /// The charm name.
    pub name: String,
    /// Endpoint name → declaration (`provides`, `requires` and `peers` together).
    pub endpoints: BTreeMap<String, Endpoint>,
    /// Config option name → declaration.
    pub config: BTreeMap<String, ConfigOption>,
    /// Action name → declaration.
    pub actions: BTreeMap<String, ActionSpec>,
}

#[derive(Deserialize)]
struct RawEndpoint {
    interface: String,
    #[serde(default)]
    limit: Option<u32>,
}

#[derive(Deserialize, Default)]
struct RawConfig {
    #[serde(default)]
    options: BTreeMap<String, ConfigOption>,
}

#[derive(Deserialize, Default)]
struct RawMetadata {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    provides: BTreeMap<String, RawEndpoint>,
    #[serde(default)]
    requires: BTreeMap<String, RawEndpoint>,
    #[serde(default)]
    peers: BTreeMap<String, RawEndpoint>,
    #[serde(default)]
    config: Option<RawConfig>,
    #[serde(default)]
    actions: Option<BTreeMap<String, ActionSpec>>,
}

impl CharmMetadata {
    /// Read the metadata files in a charm directory.
    pub fn load(dir: impl AsRef<Path>) -> Result<Self, MetadataError> {
        let dir = dir.as_ref();
        let mut found = false;
        let mut meta = CharmMetadata::default();
        for file in ["charmcraft.yaml", "metadata.yaml"] {
            if let Some(raw) = read_yaml::<RawMetadata>(&dir.join(file))? {
                found = true;
                meta.merge(raw);
            }
        }
        if !found {
            return Err(MetadataError::NoMetadata(dir.to_owned()));
        }
        if let Some(raw) = read_yaml::<RawConfig>(&dir.join("config.yaml"))? {
            meta.config.extend(raw.options);
        }
        if let Some(actions) = read_yaml::<BTreeMap<String, ActionSpec>>(&dir.join("actions.yaml"))?
        {
            meta.actions.extend(actions);
        }
        Ok(meta)
    }

    /// Parse metadata from strings: `charmcraft.yaml` (or `metadata.yaml`), and optionally the
    /// legacy `config.yaml` and `actions.yaml`.
    pub fn parse(
        charmcraft: &str,
        config: Option<&str>,
        actions: Option<&str>,
    ) -> Result<Self, MetadataError> {
        let mut meta = CharmMetadata::default();
        meta.merge(parse_yaml(charmcraft, Path::new("charmcraft.yaml"))?);
        if let Some(config) = config {
            meta.config
                .extend(parse_yaml::<RawConfig>(config, Path::new("config.yaml"))?.options);
        }
        if let Some(actions) = actions {
            meta.actions
                .extend(parse_yaml::<BTreeMap<String, ActionSpec>>(
                    actions,
                    Path::new("actions.yaml"),
                )?);
        }
        Ok(meta)
    }

    fn merge(&mut self, raw: RawMetadata) {
        if let Some(name) = raw.name {
            self.name = name;
        }
        for (role, endpoints) in [
            (EndpointRole::Provides, raw.provides),
            (EndpointRole::Requires, raw.requires),
            (EndpointRole::Peers, raw.peers),
        ] {
            for (name, ep) in endpoints {
                self.endpoints.insert(
                    name,
                    Endpoint {
                        role,
                        interface: ep.interface,
                        limit: ep.limit,
                    },
                );
            }
        }
        if let Some(config) = raw.config {
            self.config.extend(config.options);
        }
        if let Some(actions) = raw.actions {
            self.actions.extend(actions);
        }
    }

    /// `config-get --all` for a unit whose user set nothing: every option, with its default or
    /// `null`.
    pub fn config_defaults(&self) -> Map<String, Value> {
        self.config
            .iter()
            .map(|(name, option)| (name.clone(), option.default.clone().unwrap_or(Value::Null)))
            .collect()
    }
}

fn read_yaml<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Option<T>, MetadataError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_yaml(&text, path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(MetadataError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

fn parse_yaml<T: for<'de> Deserialize<'de>>(text: &str, path: &Path) -> Result<T, MetadataError> {
    serde_saphyr::from_str(text).map_err(|e| MetadataError::Parse {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}
