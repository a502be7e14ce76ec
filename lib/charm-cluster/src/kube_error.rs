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
    let message = error_chain(error);
    let verb = verb.to_owned();
    let mut source: Option<&(dyn StdError + 'static)> = Some(error);
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
