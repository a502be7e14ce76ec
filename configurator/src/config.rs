//! The charm's configuration, validated: `hostname` (required) and `paths` (comma-separated,
//! default `/`). Each error displays as the exact Blocked status message.

use relation_data::gateway_route::MAX_LIST_LEN;
use relation_data::validate::{self, HostnameError, PathError};
use relation_data::{Hostname, PathPrefix};
use serde_json::{Map, Value};

/// Config option: the hostname the workload is served under.
pub const HOSTNAME: &str = "hostname";
/// Config option: comma-separated path prefixes.
pub const PATHS: &str = "paths";
/// Most paths one request may carry (what the integrator accepts in one list).
pub const MAX_PATHS: usize = MAX_LIST_LEN;
/// Longest config value quoted back in a status message; longer values are cut with `…`.
const QUOTED_MAX_CHARS: usize = 64;

/// Validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfiguratorConfig {
    /// The hostname requests are routed on (ISD259 rule).
    pub hostname: Hostname,
    /// Path prefixes, in the operator's order, without duplicates; never empty.
    pub paths: Vec<PathPrefix>,
}

/// Why the configuration cannot be used. `Display` is the Blocked status message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// `hostname` is unset or empty.
    #[error("Missing 'hostname' config: run `juju config {app} hostname=<hostname>`")]
    MissingHostname {
        /// This application's name, so the hint can be pasted as is.
        app: String,
    },
    /// `hostname` breaks the ISD259 hostname rule.
    #[error("Invalid hostname '{}': {reason}", quoted(.value))]
    InvalidHostname {
        /// The configured value.
        value: String,
        /// The rule it breaks.
        reason: HostnameError,
    },
    /// One entry of `paths` is not a valid HTTPRoute path prefix.
    #[error("Invalid path '{}' in 'paths' config: {reason}", quoted(.value))]
    InvalidPath {
        /// The entry, trimmed.
        value: String,
        /// The rule it breaks.
        reason: PathError,
    },
    /// `paths` lists more distinct paths than one request may carry.
    #[error("Too many paths in 'paths' config: {count} (at most {MAX_PATHS})")]
    TooManyPaths {
        /// Distinct paths configured.
        count: usize,
    },
    /// An option holds a non-string value (Juju enforces the declared type; kept for safety).
    #[error("Config option '{key}' must be a string")]
    NotAString {
        /// The option.
        key: &'static str,
    },
}

/// `value`, cut to [`QUOTED_MAX_CHARS`] characters so a status message stays readable.
fn quoted(value: &str) -> String {
    if value.chars().count() <= QUOTED_MAX_CHARS {
        value.to_owned()
    } else {
        let head: String = value.chars().take(QUOTED_MAX_CHARS).collect();
        format!("{head}…")
    }
}

impl ConfiguratorConfig {
    /// Validate `config-get --all` output. `app` is this application's name (used in hints).
    /// `hostname` is checked before `paths`.
    pub fn from_options(options: &Map<String, Value>, app: &str) -> Result<Self, ConfigError> {
        let hostname = string_option(options, HOSTNAME)?.unwrap_or_default();
        if hostname.is_empty() {
            return Err(ConfigError::MissingHostname {
                app: app.to_owned(),
            });
        }
        let hostname = parse_hostname(hostname)?;
        let paths = parse_paths(string_option(options, PATHS)?.unwrap_or_default())?;
        Ok(Self { hostname, paths })
    }
}

/// A string option; `None` when unset (`null`).
fn string_option<'a>(
    options: &'a Map<String, Value>,
    key: &'static str,
) -> Result<Option<&'a str>, ConfigError> {
    match options.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(ConfigError::NotAString { key }),
    }
}

/// Validate the `hostname` option with the ISD259 rule (no trimming: a stray space is an
/// error the operator should see).
pub fn parse_hostname(value: &str) -> Result<Hostname, ConfigError> {
    validate::hostname(value).map_err(|reason| ConfigError::InvalidHostname {
        value: value.to_owned(),
        reason,
    })
}

/// Parse the `paths` option: entries split on `,` and trimmed, each a valid `PathPrefix`,
/// duplicates dropped (first kept). A blank value means the default, `/`; an empty entry (as in
/// `/a,,/b`) is an error.
pub fn parse_paths(value: &str) -> Result<Vec<PathPrefix>, ConfigError> {
    if value.trim().is_empty() {
        return Ok(vec![PathPrefix::root()]);
    }
    let mut paths: Vec<PathPrefix> = Vec::new();
    for entry in value.split(',').map(str::trim) {
        let path = validate::path_prefix(entry).map_err(|reason| ConfigError::InvalidPath {
            value: entry.to_owned(),
            reason,
        })?;
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    if paths.len() > MAX_PATHS {
        return Err(ConfigError::TooManyPaths { count: paths.len() });
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn options(value: Value) -> Map<String, Value> {
        value.as_object().expect("an object").clone()
    }

    fn hostname_message(value: &str) -> String {
        parse_hostname(value).unwrap_err().to_string()
    }

    /// Seed 002's hostname constraints, one row each, with the exact status message.
    #[test]
    fn seed_hostname_table() {
        // Valid labels only, so length is the one rule broken.
        let too_long = format!("{}.{}", vec!["a".repeat(63); 3].join("."), "a".repeat(62));
        assert_eq!(too_long.len(), 254);
        let cases: Vec<(&str, String)> = vec![
            (
                "MyApp.com",
                "Invalid hostname 'MyApp.com': it must be lowercase".into(),
            ),
            (
                "-myapp.com",
                "Invalid hostname '-myapp.com': a label starts or ends with '-'".into(),
            ),
            (
                "myapp-.com",
                "Invalid hostname 'myapp-.com': a label starts or ends with '-'".into(),
            ),
            (
                "myapp.-com",
                "Invalid hostname 'myapp.-com': a label starts or ends with '-'".into(),
            ),
            (
                "10.1.2.3",
                "Invalid hostname '10.1.2.3': IP addresses are not allowed".into(),
            ),
            (
                "2001:db8::1",
                "Invalid hostname '2001:db8::1': IP addresses are not allowed".into(),
            ),
            (
                "*.myapp.com",
                "Invalid hostname '*.myapp.com': wildcards are not supported".into(),
            ),
            (
                "my_app.com",
                "Invalid hostname 'my_app.com': it contains '_'; only a-z, 0-9, '-' and '.' \
                 are allowed"
                    .into(),
            ),
            (
                &too_long,
                format!(
                    "Invalid hostname '{}…': it is longer than 253 characters",
                    &too_long[..64]
                ),
            ),
            ("", "Invalid hostname '': it is empty".into()),
        ];
        for (input, expected) in cases {
            assert_eq!(hostname_message(input), expected, "{input:?}");
        }
    }

    #[test]
    fn seed_hostname_examples_are_accepted() {
        let max = format!("{}.{}", vec!["a".repeat(63); 3].join("."), "a".repeat(61));
        assert_eq!(max.len(), 253);
        for ok in [
            "myapp.com",
            "foo.example.com",
            "a",
            "my-app.example.com",
            &max,
        ] {
            assert_eq!(parse_hostname(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn empty_or_unset_hostname_is_missing_with_a_hint() {
        let expected = "Missing 'hostname' config: run `juju config grc hostname=<hostname>`";
        for config in [
            json!({}),
            json!({"hostname": null}),
            json!({"hostname": ""}),
        ] {
            let err = ConfiguratorConfig::from_options(&options(config), "grc").unwrap_err();
            assert_eq!(err.to_string(), expected);
        }
    }

    #[test]
    fn valid_config_with_default_paths() {
        let config = ConfiguratorConfig::from_options(
            &options(json!({"hostname": "myapp.com", "paths": "/"})),
            "grc",
        )
        .unwrap();
        assert_eq!(config.hostname.as_str(), "myapp.com");
        assert_eq!(config.paths, vec![PathPrefix::root()]);
    }

    #[test]
    fn hostname_is_checked_before_paths() {
        let err = ConfiguratorConfig::from_options(
            &options(json!({"hostname": "A.com", "paths": "x"})),
            "grc",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid hostname 'A.com': it must be lowercase"
        );
    }

    #[test]
    fn non_string_option_is_reported() {
        let err =
            ConfiguratorConfig::from_options(&options(json!({"hostname": 3})), "grc").unwrap_err();
        assert_eq!(err.to_string(), "Config option 'hostname' must be a string");
    }

    fn path_strings(value: &str) -> Vec<String> {
        parse_paths(value)
            .unwrap()
            .into_iter()
            .map(PathPrefix::into_string)
            .collect()
    }

    #[test]
    fn paths_are_split_trimmed_and_deduplicated() {
        assert_eq!(path_strings("/foo,/bar"), ["/foo", "/bar"]);
        assert_eq!(path_strings(" /foo , /bar "), ["/foo", "/bar"]);
        assert_eq!(path_strings("/b,/a,/b"), ["/b", "/a"]);
        assert_eq!(path_strings("/"), ["/"]);
        assert_eq!(path_strings(""), ["/"]);
        assert_eq!(path_strings("   "), ["/"]);
        assert_eq!(path_strings("/api/v1/,/~user"), ["/api/v1/", "/~user"]);
    }

    #[test]
    fn invalid_paths_name_the_entry_and_the_rule() {
        let cases = [
            (
                "foo",
                "Invalid path 'foo' in 'paths' config: it must start with '/'",
            ),
            ("/a,,/b", "Invalid path '' in 'paths' config: it is empty"),
            ("/a,", "Invalid path '' in 'paths' config: it is empty"),
            (
                "/a//b",
                "Invalid path '/a//b' in 'paths' config: it must not contain \"//\"",
            ),
            (
                "/a/../b",
                "Invalid path '/a/../b' in 'paths' config: it must not contain \"/../\"",
            ),
            (
                "/a/..",
                "Invalid path '/a/..' in 'paths' config: it must not end with \"/..\"",
            ),
            (
                "/a#b",
                "Invalid path '/a#b' in 'paths' config: it must not contain \"#\"",
            ),
            (
                "/a b",
                "Invalid path '/a b' in 'paths' config: it contains ' ', which is not allowed \
                 in a URL path",
            ),
            (
                "/a?q=1",
                "Invalid path '/a?q=1' in 'paths' config: it contains '?', which is not \
                 allowed in a URL path",
            ),
            (
                "/a%zz",
                "Invalid path '/a%zz' in 'paths' config: it has a '%' that does not start a \
                 percent-encoded byte",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_paths(input).unwrap_err().to_string(),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn too_many_paths() {
        let many: Vec<String> = (0..=MAX_PATHS).map(|i| format!("/p{i}")).collect();
        let err = parse_paths(&many.join(",")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Too many paths in 'paths' config: 101 (at most 100)"
        );
        let exactly: Vec<String> = (0..MAX_PATHS).map(|i| format!("/p{i}")).collect();
        assert_eq!(parse_paths(&exactly.join(",")).unwrap().len(), MAX_PATHS);
    }
}
