//! How `kube` errors become [`ClusterError`]s: API statuses by code, transport failures by
//! the I/O or hyper error inside them.

use std::error::Error as StdError;

use crate::{ClusterError, Verb};

/// Map a kube error for request `verb target` to a [`ClusterError`].
pub fn map_kube_error(error: &kube::Error, verb: Verb, target: &str) -> ClusterError {
    let (verb, target) = (verb.as_str(), target.to_owned());
    if let kube::Error::Api(status) = error
        && status.code != 0
    {
        return ClusterError::from_status(status.code, verb, &target, &status.message);
    }
    let (what, inner) = parts(error);
    let message = match (inner, error) {
        (Some(inner), _) => format!("{what}: {}", error_chain(inner)),
        (None, kube::Error::Api(status)) => format!("{what}: {}", status.message),
        (None, _) => what.to_owned(),
    };
    let verb = verb.to_owned();
    let mut source = inner;
    while let Some(current) = source {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            match io.kind() {
                K::TimedOut => return ClusterError::Timeout { verb, target },
                K::ConnectionRefused
                | K::ConnectionReset
                | K::ConnectionAborted
                | K::NotConnected
                | K::BrokenPipe
                | K::UnexpectedEof
                | K::AddrNotAvailable => {
                    return ClusterError::Connect {
                        verb,
                        target,
                        message,
                    };
                }
                _ => {}
            }
        }
        if let Some(hyper) = current.downcast_ref::<hyper::Error>()
            && (hyper.is_incomplete_message() || hyper.is_closed() || hyper.is_canceled())
        {
            return ClusterError::Connect {
                verb,
                target,
                message,
            };
        }
        source = current.source();
    }
    if message.contains("error trying to connect") || message.contains("client error (Connect)") {
        return ClusterError::Connect {
            verb,
            target,
            message,
        };
    }
    ClusterError::Other {
        verb,
        target,
        message,
    }
}

/// What kind of failure `error` is, and the error inside it. A `kube::Error` is never displayed
/// or walked as a whole: its `Display` covers every variant, credential plugins and kubeconfig
/// parsing included, and using it would link their code (and a YAML parser) into the hook
/// binary. The variants a request can end in are named here; the others say which they are.
pub(crate) fn parts(error: &kube::Error) -> (&'static str, Option<&(dyn StdError + 'static)>) {
    use kube::Error as E;
    match error {
        E::Api(_) => ("the API server answered without a status code", None),
        E::HyperError(e) => ("HTTP", Some(e)),
        E::Service(e) => ("client error", Some(e.as_ref())),
        E::HttpError(e) => ("building the HTTP request", Some(e)),
        E::SerdeError(e) => ("JSON", Some(e)),
        E::FromUtf8(e) => ("the answer is not UTF-8", Some(e)),
        E::ReadEvents(e) => ("reading the answer", Some(e)),
        E::BuildRequest(e) => ("building the request", Some(e)),
        E::RustlsTls(e) => ("TLS", Some(e)),
        E::TlsRequired => ("TLS is required", None),
        E::LinesCodecMaxLineLengthExceeded => ("an answer line is too long", None),
        E::ProxyProtocolUnsupported { .. } | E::ProxyProtocolDisabled { .. } => {
            ("the proxy is not supported", None)
        }
        E::Auth(_) => ("credentials", None),
        E::InferConfig(_) | E::InferKubeconfig(_) => ("configuration", None),
        _ => ("kube client error", None),
    }
}

fn error_chain(error: &(dyn StdError + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(current) = source {
        message.push_str(": ");
        message.push_str(&current.to_string());
        source = current.source();
    }
    message
}
