//! Validators shared by every charm in the repository, each returning a typed value.
//!
//! - [`hostname`]: the ISD259 (seed 002) rule — lowercase RFC 1123 labels, 1–253 characters, no
//!   wildcard, no IP address.
//! - [`path_prefix`]: what the Gateway API v1.6.1 HTTPRoute CRD admits for a `PathPrefix` match.
//! - [`model_name`], [`application_name`]: Juju names that end up in Kubernetes object names.

use std::fmt;
use std::net::IpAddr;

use serde::Serialize;

/// Longest hostname accepted (RFC 1123).
pub const HOSTNAME_MAX_LEN: usize = 253;
/// Longest hostname label accepted (RFC 1123).
pub const LABEL_MAX_LEN: usize = 63;
/// Longest path accepted (HTTPRoute CRD `maxLength`).
pub const PATH_MAX_LEN: usize = 1024;
/// Longest Juju model name accepted (it is the Kubernetes namespace: a DNS-1123 label).
pub const MODEL_NAME_MAX_LEN: usize = 63;
/// Longest Juju application name accepted.
pub const APPLICATION_NAME_MAX_LEN: usize = 253;

macro_rules! string_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The validated text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

string_newtype!(
    /// A hostname accepted by [`hostname`].
    Hostname
);
string_newtype!(
    /// A path accepted by [`path_prefix`].
    PathPrefix
);
string_newtype!(
    /// A Juju model name accepted by [`model_name`].
    ModelName
);
string_newtype!(
    /// A Juju application name accepted by [`application_name`].
    ApplicationName
);

impl PathPrefix {
    /// The root path `/`, which the Gateway API uses when no path is given.
    pub fn root() -> Self {
        Self("/".to_owned())
    }
}

/// Why a hostname was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostnameError {
    /// Empty string.
    #[error("it is empty")]
    Empty,
    /// More than [`HOSTNAME_MAX_LEN`] characters.
    #[error("it is longer than {HOSTNAME_MAX_LEN} characters")]
    TooLong,
    /// A `*` anywhere.
    #[error("wildcards are not supported")]
    Wildcard,
    /// An IPv4 or IPv6 address.
    #[error("IP addresses are not allowed")]
    IpAddress,
    /// An upper-case letter.
    #[error("it must be lowercase")]
    Uppercase,
    /// A character other than `a-z`, `0-9`, `-` and `.` (including any non-ASCII character).
    #[error("it contains {0:?}; only a-z, 0-9, '-' and '.' are allowed")]
    InvalidCharacter(char),
    /// Two dots in a row, or a leading or trailing dot.
    #[error("it has an empty label")]
    EmptyLabel,
    /// A label starting or ending with `-`.
    #[error("a label starts or ends with '-'")]
    HyphenAtLabelEdge,
    /// A label longer than [`LABEL_MAX_LEN`].
    #[error("a label is longer than {LABEL_MAX_LEN} characters")]
    LabelTooLong,
}

/// Validate a hostname with the ISD259 rule:
/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`, 1–253 characters,
/// labels of at most 63 characters, no wildcard and no IP address.
pub fn hostname(value: &str) -> Result<Hostname, HostnameError> {
    if value.is_empty() {
        return Err(HostnameError::Empty);
    }
    if value.chars().count() > HOSTNAME_MAX_LEN {
        return Err(HostnameError::TooLong);
    }
    if value.contains('*') {
        return Err(HostnameError::Wildcard);
    }
    if value.parse::<IpAddr>().is_ok() {
        return Err(HostnameError::IpAddress);
    }
    if value.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(HostnameError::Uppercase);
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
    {
        return Err(HostnameError::InvalidCharacter(c));
    }
    for label in value.split('.') {
        if label.is_empty() {
            return Err(HostnameError::EmptyLabel);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(HostnameError::HyphenAtLabelEdge);
        }
        if label.len() > LABEL_MAX_LEN {
            return Err(HostnameError::LabelTooLong);
        }
    }
    Ok(Hostname(value.to_owned()))
}

/// Why a path was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// Empty string.
    #[error("it is empty")]
    Empty,
    /// More than [`PATH_MAX_LEN`] characters.
    #[error("it is longer than {PATH_MAX_LEN} characters")]
    TooLong,
    /// Does not start with `/`.
    #[error("it must start with '/'")]
    NotAbsolute,
    /// Contains a sequence the CRD forbids (`//`, `/./`, `/../`, `%2f`, `%2F`, `#`).
    #[error("it must not contain {0:?}")]
    ForbiddenSequence(&'static str),
    /// Ends with `/.` or `/..`.
    #[error("it must not end with {0:?}")]
    ForbiddenSuffix(&'static str),
    /// A character outside RFC 3986 `pchar` and `/` (including whitespace and non-ASCII).
    #[error("it contains {0:?}, which is not allowed in a URL path")]
    InvalidCharacter(char),
    /// A `%` not followed by two hexadecimal digits.
    #[error("it has a '%' that does not start a percent-encoded byte")]
    BadPercentEncoding,
}

/// Validate a `PathPrefix` value with the HTTPRoute CRD's CEL rules (Gateway API v1.6.1):
/// starts with `/`; no `//`, `/./`, `/../`, `%2f`, `%2F`, `#`; does not end with `/..` or `/.`;
/// matches `^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$`; at most 1024 characters.
pub fn path_prefix(value: &str) -> Result<PathPrefix, PathError> {
    if value.is_empty() {
        return Err(PathError::Empty);
    }
    if value.chars().count() > PATH_MAX_LEN {
        return Err(PathError::TooLong);
    }
    if !value.starts_with('/') {
        return Err(PathError::NotAbsolute);
    }
    for sequence in ["//", "/./", "/../", "%2f", "%2F", "#"] {
        if value.contains(sequence) {
            return Err(PathError::ForbiddenSequence(sequence));
        }
    }
    for suffix in ["/..", "/."] {
        if value.ends_with(suffix) {
            return Err(PathError::ForbiddenSuffix(suffix));
        }
    }
    let bytes = value.as_bytes();
    let mut chars = value.char_indices();
    while let Some((index, c)) = chars.next() {
        if c == '%' {
            let hex = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(index + 1) && hex(index + 2)) {
                return Err(PathError::BadPercentEncoding);
            }
            chars.next();
            chars.next();
        } else if !(c.is_ascii_alphanumeric() || "-/._~!$&'()*+,;=:@".contains(c)) {
            return Err(PathError::InvalidCharacter(c));
        }
    }
    Ok(PathPrefix(value.to_owned()))
}

/// Why a Juju name was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Empty string.
    #[error("it is empty")]
    Empty,
    /// Longer than the limit.
    #[error("it is longer than {0} characters")]
    TooLong(usize),
    /// Does not follow Juju's naming rule.
    #[error("it must be lowercase letters, digits and single hyphens, as Juju names are")]
    Syntax,
}

/// Validate a Juju model name. On Kubernetes it is the namespace, so it must also be a
/// DNS-1123 label: `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`, at most 63 characters.
pub fn model_name(value: &str) -> Result<ModelName, NameError> {
    if value.is_empty() {
        return Err(NameError::Empty);
    }
    if value.len() > MODEL_NAME_MAX_LEN {
        return Err(NameError::TooLong(MODEL_NAME_MAX_LEN));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if !value.chars().all(allowed) || value.starts_with('-') || value.ends_with('-') {
        return Err(NameError::Syntax);
    }
    Ok(ModelName(value.to_owned()))
}

/// Validate a Juju application name with Juju's rule
/// `^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$` (hyphen-separated parts, each part containing a
/// letter, starting with a letter).
pub fn application_name(value: &str) -> Result<ApplicationName, NameError> {
    if value.is_empty() {
        return Err(NameError::Empty);
    }
    if value.len() > APPLICATION_NAME_MAX_LEN {
        return Err(NameError::TooLong(APPLICATION_NAME_MAX_LEN));
    }
    if !value.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(NameError::Syntax);
    }
    for part in value.split('-') {
        let allowed = part
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if part.is_empty() || !allowed || !part.chars().any(|c| c.is_ascii_lowercase()) {
            return Err(NameError::Syntax);
        }
    }
    Ok(ApplicationName(value.to_owned()))
}

/// Longest URL accepted (pydantic `AnyHttpUrl`'s limit).
pub const URL_MAX_LEN: usize = 2083;

/// Why a URL was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Not parseable as an absolute URL.
    #[error("{0}")]
    Parse(String),
    /// A scheme other than `http` or `https`.
    #[error("the scheme must be http or https")]
    Scheme,
    /// No host.
    #[error("it has no host")]
    NoHost,
    /// More than [`URL_MAX_LEN`] characters.
    #[error("it is longer than {URL_MAX_LEN} characters")]
    TooLong,
}

/// Parse and normalise an `http`/`https` URL as pydantic's `AnyHttpUrl` does (pydantic-core
/// uses the same WHATWG parser): scheme and host lowercased, default port dropped, empty path
/// becomes `/`.
pub fn http_url(value: &str) -> Result<url::Url, UrlError> {
    if value.chars().count() > URL_MAX_LEN {
        return Err(UrlError::TooLong);
    }
    let url = url::Url::parse(value).map_err(|e| UrlError::Parse(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlError::Scheme);
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(UrlError::NoHost);
    }
    // Normalisation percent-encodes, so the written form can outgrow the input.
    if url.as_str().len() > URL_MAX_LEN {
        return Err(UrlError::TooLong);
    }
    Ok(url)
}

/// Whether `value` is framed as one PEM block with `label` (`-----BEGIN {label}-----` …
/// `-----END {label}-----`), surrounding whitespace allowed. No cryptographic check.
pub fn is_pem(value: &str, label: &str) -> bool {
    let body = value.trim();
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    body.len() > begin.len() + end.len() && body.starts_with(&begin) && body.ends_with(&end)
}

#[cfg(test)]
mod tests;
