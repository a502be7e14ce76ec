//! Typed, validated charm configuration.

use serde_json::{Map, Value};

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
}

impl Default for CharmConfig {
    fn default() -> Self {
        CharmConfig {
            external_hostname: None,
            gateway_class: None,
            enforce_https: DEFAULT_ENFORCE_HTTPS,
            hsts_max_age: DEFAULT_HSTS_MAX_AGE,
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
        Ok(CharmConfig {
            external_hostname,
            gateway_class,
            enforce_https,
            hsts_max_age,
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
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Result<CharmConfig, ConfigError> {
        CharmConfig::from_juju(value.as_object().expect("object"))
    }

    #[test]
    fn empty_config_takes_the_defaults() {
        assert_eq!(parse(json!({})), Ok(CharmConfig::default()));
        assert_eq!(
            CharmConfig::default(),
            CharmConfig {
                external_hostname: None,
                gateway_class: None,
                enforce_https: true,
                hsts_max_age: 31_536_000,
            }
        );
    }

    #[test]
    fn every_option_is_read() {
        let config = json!({
            "external-hostname": "www.example.com",
            "gateway-class": "cilium",
            "enforce-https": false,
            "hsts-max-age": 0,
        });
        assert_eq!(
            parse(config),
            Ok(CharmConfig {
                external_hostname: Some("www.example.com".into()),
                gateway_class: Some("cilium".into()),
                enforce_https: false,
                hsts_max_age: 0,
            })
        );
    }

    #[test]
    fn empty_strings_are_unset() {
        let config = parse(json!({"external-hostname": "", "gateway-class": ""})).unwrap();
        assert_eq!(config.external_hostname, None);
        assert_eq!(config.gateway_class, None);
    }

    #[test]
    fn a_bad_hostname_is_a_status_ready_error() {
        let err = parse(json!({"external-hostname": "Example.COM"})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: external-hostname \"Example.COM\" is not a valid hostname: \
             it must be lowercase"
        );
        assert!(matches!(
            parse(json!({"external-hostname": "10.0.0.1"})),
            Err(ConfigError::InvalidHostname { .. })
        ));
    }

    #[test]
    fn wrong_types_are_rejected() {
        assert_eq!(
            parse(json!({"enforce-https": "yes"}))
                .unwrap_err()
                .to_string(),
            "invalid configuration: enforce-https must be a boolean"
        );
        assert_eq!(
            parse(json!({"hsts-max-age": "1"})),
            Err(ConfigError::WrongType {
                option: "hsts-max-age",
                expected: "an integer"
            })
        );
        assert_eq!(
            parse(json!({"hsts-max-age": 1.5})),
            Err(ConfigError::WrongType {
                option: "hsts-max-age",
                expected: "an integer"
            })
        );
        assert_eq!(
            parse(json!({"gateway-class": 3})),
            Err(ConfigError::WrongType {
                option: "gateway-class",
                expected: "a string"
            })
        );
    }

    #[test]
    fn negative_hsts_max_age_is_rejected() {
        assert_eq!(
            parse(json!({"hsts-max-age": -1})).unwrap_err().to_string(),
            "invalid configuration: hsts-max-age must be 0 or more"
        );
    }
}
