//! Why a databag was rejected: relation, bag, key and reason, in words fit for a status message.

use std::fmt;

use crate::validate::{HostnameError, NameError, PathError, UrlError};

/// Whose databag a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BagOwner {
    /// The remote (or local) application databag.
    App,
    /// A unit databag, e.g. `myapp/0`.
    Unit(String),
}

impl fmt::Display for BagOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::App => f.write_str("application data"),
            Self::Unit(unit) => write!(f, "unit {unit} data"),
        }
    }
}

/// A databag was rejected as a whole because one of its keys is invalid.
///
/// Displays as e.g. `ingress:3 application data: "port" must be an integer, not a string`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{relation} {owner}: {key:?} {reason}")]
pub struct RelationDataError {
    /// The relation, as the caller named it (usually `<endpoint>:<id>`).
    pub relation: String,
    /// Which databag of that relation.
    pub owner: BagOwner,
    /// The databag key, followed by a path inside its JSON value when the fault is nested
    /// (e.g. `certificate_signing_requests[0].ca`).
    pub key: String,
    /// What is wrong with it.
    pub reason: Reason,
}

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reason {
    /// A required key is absent.
    #[error("is missing")]
    Missing,
    /// The value is not JSON text.
    #[error("is not valid JSON ({0})")]
    InvalidJson(String),
    /// The JSON value has the wrong type.
    #[error("must be {expected}, not {found}")]
    WrongType {
        /// What the model requires, e.g. `an integer`.
        expected: &'static str,
        /// What the bag holds, e.g. `a string`.
        found: &'static str,
    },
    /// An integer outside its allowed range.
    #[error("must be between {min} and {max}")]
    OutOfRange {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: u64,
    },
    /// A string or databag value longer than allowed.
    #[error("is longer than {max} characters")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// A string that must not be empty is empty.
    #[error("must not be empty")]
    Empty,
    /// A string outside a fixed set of values.
    #[error("must be one of {}", .allowed.join(", "))]
    NotOneOf {
        /// The accepted values.
        allowed: &'static [&'static str],
    },
    /// Not a valid hostname.
    #[error("is not a valid hostname: {0}")]
    Hostname(#[from] HostnameError),
    /// Not a valid path prefix.
    #[error("is not a valid path: {0}")]
    Path(#[from] PathError),
    /// Not a valid Juju name.
    #[error("is not a valid name: {0}")]
    Name(#[from] NameError),
    /// Not an IPv4 or IPv6 address.
    #[error("is not an IP address")]
    IpAddress,
    /// Not an absolute `http`/`https` URL.
    #[error("is not a valid http(s) URL: {0}")]
    Url(#[from] UrlError),
    /// Not a UUID.
    #[error("is not a UUID")]
    Uuid,
    /// Not PEM text with the expected label.
    #[error("is not a PEM {0}")]
    Pem(&'static str),
    /// Two keys that mean the same thing disagree.
    #[error("disagrees with {0:?}")]
    Conflict(&'static str),
}

/// A fault inside one JSON value, before it is tied to a relation and key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValueError {
    /// Path inside the value (`""`, `.path`, `[1].ca`).
    pub(crate) path: String,
    pub(crate) reason: Reason,
}

impl ValueError {
    /// Prefix the path with an object member name.
    pub(crate) fn in_field(mut self, field: &str) -> Self {
        self.path = format!(".{field}{}", self.path);
        self
    }

    /// Prefix the path with a list index.
    pub(crate) fn at_index(mut self, index: usize) -> Self {
        self.path = format!("[{index}]{}", self.path);
        self
    }
}

impl From<Reason> for ValueError {
    fn from(reason: Reason) -> Self {
        Self {
            path: String::new(),
            reason,
        }
    }
}

impl From<HostnameError> for ValueError {
    fn from(e: HostnameError) -> Self {
        Reason::from(e).into()
    }
}

impl From<PathError> for ValueError {
    fn from(e: PathError) -> Self {
        Reason::from(e).into()
    }
}

impl From<UrlError> for ValueError {
    fn from(e: UrlError) -> Self {
        Reason::from(e).into()
    }
}

impl From<NameError> for ValueError {
    fn from(e: NameError) -> Self {
        Reason::from(e).into()
    }
}
