//! Kubernetes API failures, classified by what the charm does about them.

use crate::kind::Kind;

/// Why a cluster call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClusterError {
    /// 401: the service-account token was refused.
    #[error("unauthorized ({verb} {target}): {message}")]
    Unauthorized {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
    /// 403: the application is not trusted (`juju trust <app> --scope=cluster`).
    #[error("forbidden ({verb} {target}): {message}")]
    Forbidden {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
    /// 404 where the object had to exist (or the kind is not served: CRDs missing).
    #[error("not found ({verb} {target}): {message}")]
    NotFound {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
    /// 409: a conflict the server would not resolve.
    #[error("conflict ({verb} {target}): {message}")]
    Conflict {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
    /// 422: the server rejected the object as invalid.
    #[error("invalid object ({verb} {target}): {message}")]
    Invalid {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
    /// 429: the server asked us to back off.
    #[error("too many requests ({verb} {target}): {message}")]
    TooManyRequests {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
    /// 5xx.
    #[error("server error {code} ({verb} {target}): {message}")]
    Server {
        /// The HTTP status code.
        code: u16,
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
    /// The request did not complete within the client timeout.
    #[error("timed out ({verb} {target})")]
    Timeout {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
    },
    /// No connection could be made (refused, DNS, TLS).
    #[error("cannot reach the Kubernetes API ({verb} {target}): {message}")]
    Connect {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
    /// No usable configuration (neither in-cluster nor KUBECONFIG).
    #[error("no Kubernetes configuration: {0}")]
    Config(String),
    /// An object we were handed or given back was not what its kind requires.
    #[error("malformed {kind} object: {message}")]
    Malformed {
        /// The object's kind.
        kind: Kind,
        /// What was wrong.
        message: String,
    },
    /// The charm refused to touch an object that does not carry its managed-by label (no request
    /// was sent). See [`crate::ManagedObject`] and [`crate::Listed`].
    #[error(
        "refusing to modify {kind} {name:?}: it is not labelled {label}={app}",
        label = crate::MANAGED_BY_LABEL
    )]
    NotOurs {
        /// The object's kind.
        kind: Kind,
        /// The object's name.
        name: String,
        /// The application whose label it lacks.
        app: String,
    },
    /// Anything else.
    #[error("{verb} {target}: {message}")]
    Other {
        /// The request's verb (`GET`, `LIST`, `PATCH`, `DELETE`).
        verb: String,
        /// What the request was about (kind, namespace and name).
        target: String,
        /// What the server (or the client) said.
        message: String,
    },
}

impl ClusterError {
    /// The error an HTTP status `code` means for a request `verb target`.
    pub fn from_status(code: u16, verb: &str, target: &str, message: &str) -> ClusterError {
        let (verb, target, message) = (verb.to_owned(), target.to_owned(), message.to_owned());
        match code {
            401 => ClusterError::Unauthorized {
                verb,
                target,
                message,
            },
            403 => ClusterError::Forbidden {
                verb,
                target,
                message,
            },
            404 => ClusterError::NotFound {
                verb,
                target,
                message,
            },
            409 => ClusterError::Conflict {
                verb,
                target,
                message,
            },
            422 => ClusterError::Invalid {
                verb,
                target,
                message,
            },
            429 => ClusterError::TooManyRequests {
                verb,
                target,
                message,
            },
            500..=599 => ClusterError::Server {
                code,
                verb,
                target,
                message,
            },
            _ => ClusterError::Other {
                verb,
                target,
                message: format!("HTTP {code}: {message}"),
            },
        }
    }

    /// True for 403: the application lacks RBAC permissions (it is not trusted yet).
    pub fn is_forbidden(&self) -> bool {
        matches!(self, ClusterError::Forbidden { .. })
    }

    /// True for failures a later hook may not see again (429, 5xx, timeout, connection).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ClusterError::TooManyRequests { .. }
                | ClusterError::Server { .. }
                | ClusterError::Timeout { .. }
                | ClusterError::Connect { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_map_to_variants() {
        let err = |code| ClusterError::from_status(code, "PATCH", "gateways/gw", "m");
        let s = |x: &str| x.to_owned();
        assert_eq!(
            err(403),
            ClusterError::Forbidden {
                verb: s("PATCH"),
                target: s("gateways/gw"),
                message: s("m")
            }
        );
        assert_eq!(
            err(503),
            ClusterError::Server {
                code: 503,
                verb: s("PATCH"),
                target: s("gateways/gw"),
                message: s("m")
            }
        );
        assert_eq!(
            err(400),
            ClusterError::Other {
                verb: s("PATCH"),
                target: s("gateways/gw"),
                message: s("HTTP 400: m")
            }
        );
        assert!(err(403).is_forbidden());
        assert!(err(429).is_transient());
        assert!(!err(422).is_transient());
        assert_eq!(err(401).to_string(), "unauthorized (PATCH gateways/gw): m");
    }
}
