//! `ingress` v2 (traefik-k8s library `charms.traefik_k8s.v2.ingress`, LIBPATCH 21), both sides.
//!
//! Requirer app bag: `model`, `name`, `port`, `is_port_open`, `healthcheck_params`,
//! `strip-prefix`, `redirect-https`, `scheme` (defaults omitted). Requirer unit bag: `host`,
//! `ip`. Provider app bag: `ingress` = `{"url": …}`. See interfaces.md §1.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;
use url::Url;

use crate::databag::{BagReader, BagWriter, Databag, MAX_TEXT_LEN, json, with_clears};
use crate::error::{BagOwner, Reason, RelationDataError, ValueError};
use crate::validate::{
    self, ApplicationName, HOSTNAME_MAX_LEN, ModelName, UrlError, application_name, model_name,
};

/// Largest port the ingress library accepts (`0 < port < 65535`).
pub const INGRESS_PORT_MAX: u16 = 65534;

/// Backend protocol the requirer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Plain HTTP (the default).
    #[default]
    Http,
    /// HTTPS to the backend.
    Https,
    /// HTTP/2 without TLS.
    H2c,
}

impl Scheme {
    const NAMES: &'static [&'static str] = &["http", "https", "h2c"];
    const ALL: [Scheme; 3] = [Scheme::Http, Scheme::Https, Scheme::H2c];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Health-check settings (`healthcheck_params`). Defaults are omitted when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthcheckParams {
    /// Path to probe (required).
    pub path: String,
    /// Probe scheme, if not the backend's.
    pub scheme: Option<String>,
    /// Host header to send.
    pub hostname: Option<String>,
    /// Port to probe, if not the backend's.
    pub port: Option<u16>,
    /// Probe interval (default `30s`).
    pub interval: String,
    /// Probe timeout (default `5s`).
    pub timeout: String,
}

impl HealthcheckParams {
    /// Default probe interval.
    pub const DEFAULT_INTERVAL: &'static str = "30s";
    /// Default probe timeout.
    pub const DEFAULT_TIMEOUT: &'static str = "5s";

    /// Settings probing `path` with every other field at its default.
    pub fn for_path(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            scheme: None,
            hostname: None,
            port: None,
            interval: Self::DEFAULT_INTERVAL.to_owned(),
            timeout: Self::DEFAULT_TIMEOUT.to_owned(),
        }
    }

    fn from_json(value: &Value) -> Result<Self, ValueError> {
        let map = json::object(value)?;
        let text = |v: &Value| json::string(v, MAX_TEXT_LEN);
        Ok(Self {
            path: json::member(map, "path", text)?,
            scheme: json::optional_member(map, "scheme", text)?,
            hostname: json::optional_member(map, "hostname", text)?,
            port: json::optional_member(map, "port", |v| json::port(v, u16::MAX))?,
            interval: json::defaulted_member(
                map,
                "interval",
                Self::DEFAULT_INTERVAL.to_owned(),
                text,
            )?,
            timeout: json::defaulted_member(
                map,
                "timeout",
                Self::DEFAULT_TIMEOUT.to_owned(),
                text,
            )?,
        })
    }
}

impl Serialize for HealthcheckParams {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("path", &self.path)?;
        if let Some(scheme) = &self.scheme {
            map.serialize_entry("scheme", scheme)?;
        }
        if let Some(hostname) = &self.hostname {
            map.serialize_entry("hostname", hostname)?;
        }
        if let Some(port) = &self.port {
            map.serialize_entry("port", port)?;
        }
        if self.interval != Self::DEFAULT_INTERVAL {
            map.serialize_entry("interval", &self.interval)?;
        }
        if self.timeout != Self::DEFAULT_TIMEOUT {
            map.serialize_entry("timeout", &self.timeout)?;
        }
        map.end()
    }
}

/// What the requirer's leader publishes in its application databag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressRequirerAppData {
    /// The requirer's model (the namespace of its Service).
    pub model: ModelName,
    /// The requirer's application name.
    pub name: ApplicationName,
    /// Backend port, 1..=65534.
    pub port: u16,
    /// Whether the requirer has opened `port` (default false).
    pub is_port_open: bool,
    /// Optional health-check settings.
    pub healthcheck_params: Option<HealthcheckParams>,
    /// Strip the `/<model>-<app>` prefix before forwarding (default false).
    pub strip_prefix: bool,
    /// Redirect HTTP to HTTPS (default false).
    pub redirect_https: bool,
    /// Backend scheme (default http).
    pub scheme: Scheme,
}

impl IngressRequirerAppData {
    /// Every key this model owns, in declaration order.
    pub const KEYS: &'static [&'static str] = &[
        "model",
        "name",
        "port",
        "is_port_open",
        "healthcheck_params",
        "strip-prefix",
        "redirect-https",
        "scheme",
    ];

    /// A request for `model`/`name`:`port` with every optional field at its default.
    pub fn new(model: ModelName, name: ApplicationName, port: u16) -> Self {
        Self {
            model,
            name,
            port,
            is_port_open: false,
            healthcheck_params: None,
            strip_prefix: false,
            redirect_https: false,
            scheme: Scheme::Http,
        }
    }

    /// Read the requirer app bag. `Ok(None)` when none of its keys is present yet.
    pub fn read(
        relation: impl fmt::Display,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::App, bag, Self::KEYS)?;
        if reader.is_empty() {
            return Ok(None);
        }
        let data = Self {
            model: reader.required("model", |v| {
                Ok(model_name(&json::string(v, MAX_TEXT_LEN)?)?)
            })?,
            name: reader.required("name", |v| {
                Ok(application_name(&json::string(v, MAX_TEXT_LEN)?)?)
            })?,
            port: reader.required("port", |v| json::port(v, INGRESS_PORT_MAX))?,
            is_port_open: reader.defaulted("is_port_open", false, json::boolean)?,
            healthcheck_params: reader
                .optional("healthcheck_params", HealthcheckParams::from_json)?,
            strip_prefix: reader.defaulted("strip-prefix", false, json::boolean)?,
            redirect_https: reader.defaulted("redirect-https", false, json::boolean)?,
            scheme: reader.defaulted("scheme", Scheme::Http, |v| {
                Ok(Scheme::ALL[json::one_of(v, Scheme::NAMES)?])
            })?,
        };
        Ok(Some(data))
    }

    /// The bag content: every field under its alias, defaults omitted.
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        w.put("model", &self.model)
            .put("name", &self.name)
            .put("port", &self.port)
            .put_unless_default("is_port_open", &self.is_port_open, &false)
            .put_some("healthcheck_params", self.healthcheck_params.as_ref())
            .put_unless_default("strip-prefix", &self.strip_prefix, &false)
            .put_unless_default("redirect-https", &self.redirect_https, &false)
            .put_unless_default("scheme", &self.scheme, &Scheme::Http);
        w.finish()
    }

    /// The `relation-set` change set: the content plus `""` for every owned key not set.
    pub fn to_changes(&self) -> Databag {
        with_clears(self.to_databag(), Self::KEYS)
    }
}

/// What each requirer unit publishes in its unit databag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressRequirerUnitData {
    /// Host name the unit is reachable at.
    pub host: String,
    /// The unit's address, when known (omitted when `None`).
    pub ip: Option<IpAddr>,
}

impl IngressRequirerUnitData {
    /// Every key this model owns. (The Python library also clears Juju's own
    /// `ingress-address`/`private-address`/`egress-subnets`; this model leaves them alone.)
    pub const KEYS: &'static [&'static str] = &["host", "ip"];

    /// Read unit `unit`'s bag. `Ok(None)` when none of its keys is present yet.
    pub fn read(
        relation: impl fmt::Display,
        unit: &str,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::Unit(unit.to_owned()), bag, Self::KEYS)?;
        if reader.is_empty() {
            return Ok(None);
        }
        let data = Self {
            host: reader.required("host", |v| json::non_empty_string(v, HOSTNAME_MAX_LEN))?,
            ip: reader.optional("ip", |v| {
                json::string(v, MAX_TEXT_LEN)?
                    .parse::<IpAddr>()
                    .map_err(|_| Reason::IpAddress.into())
            })?,
        };
        Ok(Some(data))
    }

    /// The bag content, `ip` omitted when `None`.
    pub fn to_databag(&self) -> Databag {
        let mut w = BagWriter::default();
        w.put("host", &self.host)
            .put_some("ip", self.ip.map(|ip| ip.to_string()).as_ref());
        w.finish()
    }

    /// The `relation-set` change set.
    pub fn to_changes(&self) -> Databag {
        with_clears(self.to_databag(), Self::KEYS)
    }
}

/// A complete, valid ingress request: the app bag and every remote unit's bag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressRequest {
    /// The requirer's application data.
    pub app: IngressRequirerAppData,
    /// Each remote unit's data, by unit name.
    pub units: BTreeMap<String, IngressRequirerUnitData>,
}

impl IngressRequest {
    /// Read a requirer's bags as the provider does. Every bag is validated; any invalid bag
    /// rejects the request. `Ok(None)` (not ready) when the app bag or any unit bag has not been
    /// written yet.
    pub fn read(
        relation: impl fmt::Display,
        app: &Databag,
        units: &BTreeMap<String, Databag>,
    ) -> Result<Option<Self>, RelationDataError> {
        let relation = relation.to_string();
        let app = IngressRequirerAppData::read(&relation, app)?;
        let mut ready_units = BTreeMap::new();
        let mut all_units_ready = true;
        for (unit, bag) in units {
            match IngressRequirerUnitData::read(&relation, unit, bag)? {
                Some(data) => {
                    ready_units.insert(unit.clone(), data);
                }
                None => all_units_ready = false,
            }
        }
        Ok(app.filter(|_| all_units_ready).map(|app| Self {
            app,
            units: ready_units,
        }))
    }
}

/// What the provider publishes: the URL the requirer is reachable at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressProviderAppData {
    /// Normalised as pydantic's `AnyHttpUrl` (lowercase host, no default port, path at least `/`).
    pub url: Url,
}

impl IngressProviderAppData {
    /// Every key this model owns.
    pub const KEYS: &'static [&'static str] = &["ingress"];

    /// Validate and normalise `url`.
    pub fn new(url: &str) -> Result<Self, UrlError> {
        Ok(Self {
            url: validate::http_url(url)?,
        })
    }

    /// Read the provider app bag. `Ok(None)` when no URL has been published.
    pub fn read(
        relation: impl fmt::Display,
        bag: &Databag,
    ) -> Result<Option<Self>, RelationDataError> {
        let reader = BagReader::parse(relation, BagOwner::App, bag, Self::KEYS)?;
        reader.optional("ingress", |v| {
            let map = json::object(v)?;
            let url = json::member(map, "url", |u| {
                Ok(validate::http_url(&json::string(
                    u,
                    validate::URL_MAX_LEN,
                )?)?)
            })?;
            Ok(Self { url })
        })
    }

    /// The bag content: `ingress` = `{"url": "<url>"}`.
    pub fn to_databag(&self) -> Databag {
        #[derive(Serialize)]
        struct Wire<'a> {
            url: &'a str,
        }
        let mut w = BagWriter::default();
        w.put(
            "ingress",
            &Wire {
                url: self.url.as_str(),
            },
        );
        w.finish()
    }

    /// The `relation-set` change set.
    pub fn to_changes(&self) -> Databag {
        with_clears(self.to_databag(), Self::KEYS)
    }

    /// The change set that withdraws the URL (`wipe_ingress_data`).
    pub fn wipe_changes() -> Databag {
        with_clears(Databag::new(), Self::KEYS)
    }
}
