//! Kubernetes API failures, classified by what the charm does about them.

use crate::kind::Kind;

/// Why a cluster call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClusterError {
    /// 401: the service-account token was refused.
    #[error("unauthorized ({verb} {target}): {message}")]
    Unauthorized { verb: String, target: String, message: String },
    /// 403: the application is not trusted (`juju trust <app> --scope=cluster`).
    #[error("forbidden ({verb} {target}): {message}")]
    Forbidden { verb: String, target: String, message: String },
    /// 404 where the object had to exist (or the kind is not served: CRDs missing).
    #[error("not found ({verb} {target}): {message}")]
    NotFound { verb: String, target: String, message: String },
    /// 409: a conflict the server would not resolve.
    #[error("conflict ({verb} {target}): {message}")]
    Conflict { verb: String, target: String, message: String },
    /// 422: the server rejected the object as invalid.
    #[error("invalid object ({verb} {target}): {message}")]
    Invalid { verb: String, target: String, message: String },
    /// 429: the server asked us to back off.
    #[error("too many requests ({verb} {target}): {message}")]
    TooManyRequests { verb: String, target: String, message: String },
    /// 5xx.
    #[error("server error {code} ({verb} {target}): {message}")]
    Server { code: u16, verb: String, target: String, message: String },
    /// The request did not complete within the client timeout.
    #[error("timed out ({verb} {target})")]
    Timeout { verb: String, target: String },
    /// No connection could be made (refused, DNS, TLS).
    #[error("cannot reach the Kubernetes API ({verb} {target}): {message}")]
    Connect { verb: String, target: String, message: String },
    /// No usable configuration (neither in-cluster nor KUBECONFIG).
    #[error("no Kubernetes configuration: {0}")]
    Config(String),
    /// An object we were handed or given back was not what its kind requires.
    #[error("malformed {kind} object: {message}")]
    Malformed { kind: Kind, message: String },
    /// Anything else.
    #[error("{verb} {target}: {message}")]
    Other { verb: String, target: String, message: String },
}
