//! Fault injection for [`crate::InMemoryCluster`]: make a chosen call fail the way a real API
//! server or network would.

use serde::{Deserialize, Serialize};

use crate::{ClusterError, Kind, Verb};

/// Which calls a [`Fault`] hits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultTrigger {
    /// The call with this 0-based index on this cluster (counting every verb).
    Call(usize),
    /// Every call of this verb.
    Verb(Verb),
    /// Every call about this kind (with [`FaultKind::Status`] 404: a kind the cluster's API
    /// does not serve).
    Kind(Kind),
    /// Every call.
    Always,
}

/// How a faulted call fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultKind {
    /// The server answers with this HTTP status (401, 403, 404, 409, 422, 429, 5xx…).
    Status(u16),
    /// No answer within the client timeout.
    Timeout,
    /// The connection is refused.
    Refused,
}

/// One injected failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Which calls fail.
    pub trigger: FaultTrigger,
    /// How they fail.
    pub kind: FaultKind,
}

impl Fault {
    /// Whether this fault hits call number `index`, of `verb` about `kind` (`None`:
    /// GatewayClasses).
    pub fn hits(&self, index: usize, verb: Verb, kind: Option<Kind>) -> bool {
        match self.trigger {
            FaultTrigger::Call(n) => n == index,
            FaultTrigger::Verb(v) => v == verb,
            FaultTrigger::Kind(k) => Some(k) == kind,
            FaultTrigger::Always => true,
        }
    }

    /// The error the faulted call `verb target` returns.
    pub fn error(&self, verb: Verb, target: &str) -> ClusterError {
        let (verb_str, target_str) = (verb.as_str().to_owned(), target.to_owned());
        match self.kind {
            FaultKind::Status(code) => ClusterError::from_status(
                code,
                verb.as_str(),
                target,
                &format!("injected HTTP {code}"),
            ),
            FaultKind::Timeout => ClusterError::Timeout {
                verb: verb_str,
                target: target_str,
            },
            FaultKind::Refused => ClusterError::Connect {
                verb: verb_str,
                target: target_str,
                message: "connection refused (injected)".to_owned(),
            },
        }
    }
}
