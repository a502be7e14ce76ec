//! Typed, validated charm configuration.

mod certificates;
mod key_values;
mod route_namespaces;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub use certificates::{CertManagerIssuer, object_name};
pub use key_values::{KeyValueError, Values};
pub use route_namespaces::AllowedRouteNamespaces;

/// Default of `enforce-https`.
pub const DEFAULT_ENFORCE_HTTPS: bool = true;
/// Default of `hsts-max-age` (one year, in seconds).
pub const DEFAULT_HSTS_MAX_AGE: u64 = 31_536_000;

/// The charm's options, validated. Empty strings count as unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharmConfig {
    /// `external-hostname`: the hostname the Gateway serves (ingress mode only).
    pub external_hostname: Option<String>,
    /// `gateway-class`: the GatewayClass of the Gateway (checked against the cluster later).
    pub gateway_class: Option<String>,
    /// `enforce-https`: redirect HTTP to HTTPS and require the certificates relation.
    pub enforce_https: bool,
    /// `hsts-max-age`: `max-age` of the Strict-Transport-Security header on HTTPS routes.
    pub hsts_max_age: u64,
    /// `gateway-infrastructure-labels`: the Gateway's `spec.infrastructure.labels`.
    pub infrastructure_labels: BTreeMap<String, String>,
    /// `gateway-infrastructure-annotations`: the Gateway's `spec.infrastructure.annotations`.
    pub infrastructure_annotations: BTreeMap<String, String>,
    /// `allowed-route-namespaces`: which namespaces may attach routes to every listener.
    pub allowed_route_namespaces: AllowedRouteNamespaces,
    /// `cert-manager-issuer`: cert-manager issues the hostnames' certificates.
    pub cert_manager_issuer: Option<CertManagerIssuer>,
    /// `tls-secret-name`: an operator's `kubernetes.io/tls` Secret serving what it covers.
    pub tls_secret_name: Option<String>,
    /// `routing-mode`: where each ingress application is served.
    pub routing_mode: RoutingMode,
}

/// `routing-mode`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RoutingMode {
    /// `<scheme>://<external-hostname>/<model>-<app>` (the default).
    #[default]
    Path,
    /// `<scheme>://<model>-<app>.<external-hostname>/`.
    Subdomain,
}

impl Default for CharmConfig {
    fn default() -> Self {
        CharmConfig {
            external_hostname: None,
            gateway_class: None,
            enforce_https: DEFAULT_ENFORCE_HTTPS,
            hsts_max_age: DEFAULT_HSTS_MAX_AGE,
            infrastructure_labels: BTreeMap::new(),
            infrastructure_annotations: BTreeMap::new(),
            allowed_route_namespaces: AllowedRouteNamespaces::All,
            cert_manager_issuer: None,
            tls_secret_name: None,
            routing_mode: RoutingMode::Path,
        }
    }
}

/// Why the configuration is unusable. `Display` is the Blocked status message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// An option has the wrong JSON type (Juju normally prevents this).
    #[error("invalid configuration: {option} must be {expected}")]
    WrongType {
        /// The option name, e.g. `enforce-https`.
        option: &'static str,
        /// What it must be, e.g. `a boolean`.
        expected: &'static str,
    },
    /// `external-hostname` is not a valid hostname.
    #[error("invalid configuration: external-hostname {value:?} is not a valid hostname: {reason}")]
    InvalidHostname {
        /// The configured value.
        value: String,
        /// Why it was rejected.
        reason: String,
    },
    /// `hsts-max-age` is negative.
    #[error("invalid configuration: hsts-max-age must be 0 or more")]
    NegativeHstsMaxAge,
    /// An option's value is not one it takes.
    #[error("invalid configuration: {option}: {reason}")]
    InvalidValue {
        /// The option name.
        option: &'static str,
        /// Why.
        reason: String,
    },
    /// `routing-mode=subdomain` without `external-hostname`.
    #[error("invalid configuration: routing-mode=subdomain needs external-hostname")]
    SubdomainWithoutHostname,
    /// A `k=v,k=v` option is malformed.
    #[error("invalid configuration: {option}: {error}")]
    KeyValues {
        /// The option name.
        option: &'static str,
        /// What is wrong.
        error: KeyValueError,
    },
}

impl CharmConfig {
    /// Parse the output of `config-get --format=json`. Missing options take their defaults.
    pub fn from_juju(config: &Map<String, Value>) -> Result<CharmConfig, ConfigError> {
        let external_hostname = optional_string(config, "external-hostname")?
            .map(|value| {
                relation_data::validate::hostname(&value)
                    .map(|hostname| hostname.into_string())
                    .map_err(|err| ConfigError::InvalidHostname {
                        reason: err.to_string(),
                        value,
                    })
            })
            .transpose()?;
        let gateway_class = optional_string(config, "gateway-class")?;
        let enforce_https = match config.get("enforce-https") {
            None | Some(Value::Null) => DEFAULT_ENFORCE_HTTPS,
            Some(Value::Bool(value)) => *value,
            Some(_) => return Err(wrong_type("enforce-https", "a boolean")),
        };
        let hsts_max_age = match config.get("hsts-max-age") {
            None | Some(Value::Null) => DEFAULT_HSTS_MAX_AGE,
            Some(Value::Number(number)) => match (number.as_u64(), number.as_i64()) {
                (Some(value), _) => value,
                (None, Some(_)) => return Err(ConfigError::NegativeHstsMaxAge),
                (None, None) => return Err(wrong_type("hsts-max-age", "an integer")),
            },
            Some(_) => return Err(wrong_type("hsts-max-age", "an integer")),
        };
        let key_values = |option: &'static str, values, max| {
            let text = optional_string(config, option)?.unwrap_or_default();
            key_values::parse(&text, values, max)
                .map_err(|error| ConfigError::KeyValues { option, error })
        };
        let infrastructure_labels = key_values("gateway-infrastructure-labels", Values::Labels, 8)?;
        let infrastructure_annotations = key_values(
            "gateway-infrastructure-annotations",
            Values::Annotations,
            16,
        )?;
        let option = "allowed-route-namespaces";
        let allowed_route_namespaces =
            AllowedRouteNamespaces::parse(&optional_string(config, option)?.unwrap_or_default())
                .map_err(|error| ConfigError::KeyValues { option, error })?;
        let invalid =
            |option: &'static str| move |reason| ConfigError::InvalidValue { option, reason };
        let cert_manager_issuer = optional_string(config, "cert-manager-issuer")?
            .map(|value| CertManagerIssuer::parse(&value))
            .transpose()
            .map_err(invalid("cert-manager-issuer"))?;
        let tls_secret_name = optional_string(config, "tls-secret-name")?;
        if let Some(name) = &tls_secret_name {
            object_name(name).map_err(invalid("tls-secret-name"))?;
        }
        let routing_mode = match optional_string(config, "routing-mode")?.as_deref() {
            None | Some("path") => RoutingMode::Path,
            Some("subdomain") => RoutingMode::Subdomain,
            Some(other) => {
                let reason = format!("{other:?} is not path or subdomain");
                return Err(invalid("routing-mode")(reason));
            }
        };
        if routing_mode == RoutingMode::Subdomain && external_hostname.is_none() {
            return Err(ConfigError::SubdomainWithoutHostname);
        }
        Ok(CharmConfig {
            external_hostname,
            gateway_class,
            enforce_https,
            hsts_max_age,
            infrastructure_labels,
            infrastructure_annotations,
            allowed_route_namespaces,
            cert_manager_issuer,
            tls_secret_name,
            routing_mode,
        })
    }
}

fn wrong_type(option: &'static str, expected: &'static str) -> ConfigError {
    ConfigError::WrongType { option, expected }
}

/// A string option; absent, null and `""` are all `None`.
fn optional_string(
    config: &Map<String, Value>,
    option: &'static str,
) -> Result<Option<String>, ConfigError> {
    match config.get(option) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) if value.is_empty() => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(wrong_type(option, "a string")),
    }
}

#[cfg(test)]
mod tests;
