//! `gateway-route`: one endpoint, two kinds of requirer told apart by content.
//!
//! - **V0 / ISD259** (seed 002; wire format of library v0, LIBPATCH 6, interfaces.md §3.2): the
//!   requirer sends `hostname`, `additional_hostnames`, `paths`, `model`, `name` (the seed spells
//!   it `application`) and `port`; the provider creates the routes and answers `endpoints`.
//!   DatabagModel encoding: defaults omitted, owned keys cleared.
//! - **V1** (library v1, LIBPATCH 3, §3.1): the requirer sends `hostname` and
//!   `additional_hostnames`; the provider answers `gateway_name`, `gateway_model`, `https_mode`,
//!   `gateway_address`, `hsts_max_age`. `ops.Relation.save` encoding: every field written
//!   (`None` → `null`), keys sorted, nothing cleared.

use std::fmt;

use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::databag::{BagReader, BagWriter, Databag, MAX_TEXT_LEN, json, with_clears};
use crate::error::{BagOwner, Reason, RelationDataError, ValueError};
use crate::validate::{
    self, ApplicationName, HOSTNAME_MAX_LEN, Hostname, ModelName, PATH_MAX_LEN, PathPrefix,
    UrlError, application_name, model_name,
};

/// Largest number of hostnames or paths accepted in one list.
pub const MAX_LIST_LEN: usize = 100;

fn hostname_value(value: &Value) -> Result<Hostname, ValueError> {
    Ok(validate::hostname(&json::string(value, HOSTNAME_MAX_LEN)?)?)
}

fn hostname_list(value: &Value) -> Result<Vec<Hostname>, ValueError> {
    bounded(json::list(value, hostname_value)?)
}

fn path_list(value: &Value) -> Result<Vec<PathPrefix>, ValueError> {
    bounded(json::list(value, |v| {
        Ok(validate::path_prefix(&json::string(v, PATH_MAX_LEN)?)?)
    })?)
}

fn bounded<T>(items: Vec<T>) -> Result<Vec<T>, ValueError> {
    if items.len() > MAX_LIST_LEN {
        return Err(Reason::TooLong { max: MAX_LIST_LEN }.into());
    }
    Ok(items)
}

/// An ISD259 request: the provider creates routes to `name`:`port` in `model`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRouteV0Request {
    /// Main hostname (`null` allowed by the v0 library; ISD259 requires one).
    pub hostname: Option<Hostname>,
    /// More hostnames (default empty).
    pub additional_hostnames: Vec<Hostname>,
    /// Path prefixes (default empty, meaning `/`).
    pub paths: Vec<PathPrefix>,
    /// The workload's model (namespace of its Service).
    pub model: ModelName,
    /// The workload's application name (`name`, or the seed's `application`).
    pub name: ApplicationName,
    /// Backend port, 1..=65535.
    pub port: u16,
}

impl GatewayRouteV0Request {
    /// Every key a V0 requirer owns, in declaration order (`application` is read-only).
    pub const KEYS: &'static [&'static str] = &[
        "hostname",
        "additional_hostnames",
        "paths",
        "model",
        "name",
        "port",
    ];

    /// `hostname` followed by `additional_hostnames`.
    pub fn hostnames(&self) -> Vec<&Hostname> {
        self.hostname
            .iter()
            .chain(&self.additional_hostnames)
            .collect()
    }

    /// `paths`, or `/` when none was given (the ISD259 default).
    pub fn effective_paths(&self) -> Vec<PathPrefix> {
        if self.paths.is_empty() {
            vec![PathPrefix::root()]
        } else {
            self.paths.clone()
        }
    }

    fn from_reader(reader: &BagReader) -> Result<Self, RelationDataError> {
        let app_name = |v: &Value| Ok(application_name(&json::string(v, MAX_TEXT_LEN)?)?);
        let name = reader.optional("name", app_name)?;
        let application = reader.optional("application", app_name)?;
        let name = match (name, application) {
            (Some(name), Some(application)) if name != application => {
                return Err(reader.error("application", Reason::Conflict("name").into()));
            }
            (Some(name), _) | (None, Some(name)) => name,
            (None, None) => return Err(reader.error("name", Reason::Missing.into())),
        };
        Ok(Self {
            hostname: reader.optional("hostname", hostname_value)?,
            additional_hostnames: reader.defaulted(
                "additional_hostnames",
                Vec::new(),
                hostname_list,
            )?,
            paths: reader.defaulted("paths", Vec::new(), path_list)?,
            model: reader.required("model", |v| {
                Ok(model_name(&json::string(v, MAX_TEXT_LEN)?)?)
            })?,
            name,
            port: reader.required("port", |v| json::port(v, u16::MAX))?,
        })
    }

    /// The bag content as the v0 library writes it (`hostname` always, empty lists omitted).
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        w.put("hostname", &self.hostname);
        if !self.additional_hostnames.is_empty() {
            w.put("additional_hostnames", &self.additional_hostnames);
        }
        if !self.paths.is_empty() {
            w.put("paths", &self.paths);
        }
        w.put("model", &self.model)
            .put("name", &self.name)
            .put("port", &self.port);
        w.finish()
    }

    /// The `relation-set` change set (also clears a stale `application` key).
    pub fn to_changes(&self) -> Databag {
        let mut changes = with_clears(self.to_databag(), Self::KEYS);
        changes.insert("application".to_owned(), String::new());
        changes
    }
}

/// A v1 request: hostnames only; the requirer creates its own routes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRouteV1Request {
    /// Main hostname; `None` for the IP-certificate case.
    pub hostname: Option<Hostname>,
    /// More hostnames (written as `[]` when empty).
    pub additional_hostnames: Vec<Hostname>,
}

impl GatewayRouteV1Request {
    /// Every key a v1 requirer owns.
    pub const KEYS: &'static [&'static str] = &["additional_hostnames", "hostname"];

    /// `hostname` followed by `additional_hostnames`.
    pub fn hostnames(&self) -> Vec<&Hostname> {
        self.hostname
            .iter()
            .chain(&self.additional_hostnames)
            .collect()
    }

    fn from_reader(reader: &BagReader) -> Result<Self, RelationDataError> {
        Ok(Self {
            hostname: reader.optional("hostname", hostname_value)?,
            additional_hostnames: reader.defaulted(
                "additional_hostnames",
                Vec::new(),
                hostname_list,
            )?,
        })
    }

    /// The bag content: every field, `null` for no hostname.
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        w.put("additional_hostnames", &self.additional_hostnames)
            .put("hostname", &self.hostname);
        w.finish()
    }

    /// The `relation-set` change set (v1 writes every field, so it equals the content).
    pub fn to_changes(&self) -> Databag {
        self.to_databag()
    }
}

/// A gateway-route requirer bag, classified by content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayRouteRequest {
    /// No known key yet.
    NotReady,
    /// Has `port`, `paths`, `name`, `application` or `model`: an ISD259 / v0 requirer.
    V0(GatewayRouteV0Request),
    /// Only `hostname` / `additional_hostnames`: a v1 requirer.
    V1(GatewayRouteV1Request),
}

impl GatewayRouteRequest {
    /// Keys that only a V0 / ISD259 requirer writes.
    pub const V0_ONLY_KEYS: &'static [&'static str] =
        &["paths", "model", "name", "application", "port"];
    const ALL_KEYS: &'static [&'static str] = &[
        "hostname",
        "additional_hostnames",
        "paths",
        "model",
        "name",
        "application",
        "port",
    ];

    /// Read and classify a requirer app bag. Any invalid known key rejects the bag.
    pub fn read(relation: impl fmt::Display, bag: &Databag) -> Result<Self, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::App, bag, Self::ALL_KEYS)?;
        if reader.is_empty() {
            Ok(Self::NotReady)
        } else if Self::V0_ONLY_KEYS.iter().any(|k| reader.has(k)) {
            GatewayRouteV0Request::from_reader(&reader).map(Self::V0)
        } else {
            GatewayRouteV1Request::from_reader(&reader).map(Self::V1)
        }
    }
}

/// The v0 provider's answer: the URLs the routes serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRouteV0Endpoints {
    /// Normalised as pydantic's `AnyHttpUrl`.
    pub endpoints: Vec<Url>,
}

impl GatewayRouteV0Endpoints {
    /// Every key this model owns.
    pub const KEYS: &'static [&'static str] = &["endpoints"];

    /// Validate and normalise each URL.
    pub fn new<'a>(urls: impl IntoIterator<Item = &'a str>) -> Result<Self, UrlError> {
        let endpoints = urls
            .into_iter()
            .map(validate::http_url)
            .collect::<Result<_, _>>()?;
        Ok(Self { endpoints })
    }

    /// Read the provider app bag. `Ok(None)` when nothing is published.
    pub fn read(
        relation: impl fmt::Display,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::App, bag, Self::KEYS)?;
        reader.optional("endpoints", |v| {
            let endpoints = bounded(json::list(v, |u| {
                Ok(validate::http_url(&json::string(
                    u,
                    validate::URL_MAX_LEN,
                )?)?)
            })?)?;
            Ok(Self { endpoints })
        })
    }

    /// The bag content (`endpoints` always written, `[]` included).
    pub fn to_databag(&self) -> Databag {
        let urls: Vec<&str> = self.endpoints.iter().map(Url::as_str).collect();
        let mut w = BagWriter::default();
        w.put("endpoints", &urls);
        w.finish()
    }

    /// The `relation-set` change set.
    pub fn to_changes(&self) -> Databag {
        with_clears(self.to_databag(), Self::KEYS)
    }
}

/// How the gateway serves HTTPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HttpsMode {
    /// No TLS listener.
    Disabled,
    /// HTTPS listeners exist; HTTP is still served.
    Enabled,
    /// HTTP redirects to HTTPS; HSTS is sent.
    Enforced,
}

impl HttpsMode {
    const NAMES: &'static [&'static str] = &["disabled", "enabled", "enforced"];
    const ALL: [HttpsMode; 3] = [HttpsMode::Disabled, HttpsMode::Enabled, HttpsMode::Enforced];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// The v1 provider's answer: which Gateway to attach routes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRouteV1ProviderData {
    /// Gateway resource name.
    pub gateway_name: String,
    /// Namespace (Juju model) of the Gateway.
    pub gateway_model: ModelName,
    /// HTTPS mode.
    pub https_mode: HttpsMode,
    /// Load-balancer address, once known.
    pub gateway_address: Option<String>,
    /// HSTS `max-age`, only when enforced.
    pub hsts_max_age: Option<u64>,
}

impl GatewayRouteV1ProviderData {
    /// Every key this model owns (sorted, as written).
    pub const KEYS: &'static [&'static str] = &[
        "gateway_address",
        "gateway_model",
        "gateway_name",
        "hsts_max_age",
        "https_mode",
    ];

    /// Read the provider app bag. `Ok(None)` when nothing is published yet; a partly written
    /// bag is an error.
    pub fn read(
        relation: impl fmt::Display,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::App, bag, Self::KEYS)?;
        if reader.is_empty() {
            return Ok(None);
        }
        let text = |v: &Value| json::non_empty_string(v, MAX_TEXT_LEN);
        Ok(Some(Self {
            gateway_name: reader.required("gateway_name", text)?,
            gateway_model: reader.required("gateway_model", |v| {
                Ok(model_name(&json::string(v, MAX_TEXT_LEN)?)?)
            })?,
            https_mode: reader.required("https_mode", |v| {
                Ok(HttpsMode::ALL[json::one_of(v, HttpsMode::NAMES)?])
            })?,
            gateway_address: reader.optional("gateway_address", text)?,
            hsts_max_age: reader.optional("hsts_max_age", |v| {
                json::integer(v, 0, u64::MAX).map(|n| n as u64)
            })?,
        }))
    }

    /// The bag content: every field, `null` for `None`.
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        w.put("gateway_address", &self.gateway_address)
            .put("gateway_model", &self.gateway_model)
            .put("gateway_name", &self.gateway_name)
            .put("hsts_max_age", &self.hsts_max_age)
            .put("https_mode", &self.https_mode);
        w.finish()
    }

    /// The `relation-set` change set (equals the content).
    pub fn to_changes(&self) -> Databag {
        self.to_databag()
    }
}
