//! Fault injection: make chosen requests fail the way a real server or network would.
//!
//! The vocabulary is the one the retired loopback stand-in had (same names, same matching), plus
//! [`FaultAction::RewritePath`]. Indexes count the requests the proxy received since it started
//! (or since `clear_requests`).

use std::time::Duration;

use crate::proxy::recorded::RecordedRequest;

/// Which requests a [`FaultRule`] hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultMatch {
    /// The request with this 0-based index since the proxy started.
    Index(usize),
    /// Requests with this method (any if `None`) whose path contains `path_contains`.
    Request {
        /// `GET`, `PATCH`, `DELETE`, or any.
        method: Option<String>,
        /// A substring of the path, e.g. `/gateways/`.
        path_contains: String,
    },
    /// Every request.
    Any,
}

/// What happens to a hit request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer with this status code and the `Status` body the real server sends for it
    /// (the request is not forwarded).
    Status(u16),
    /// Wait this long, then forward (past the client timeout, in tests).
    Slow(Duration),
    /// Close the connection without answering.
    Close,
    /// Forward with the first `from` in the path replaced by `to`, and pass the real answer
    /// back: e.g. an API group the server does not serve, to get its real 404 for a kind whose
    /// CRD is not installed.
    RewritePath {
        /// The text to replace.
        from: String,
        /// Its replacement.
        to: String,
    },
}

/// One injected fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// Which requests.
    pub matcher: FaultMatch,
    /// What happens to them.
    pub action: FaultAction,
    /// How many more requests it hits (`None`: all of them).
    pub remaining: Option<usize>,
}

impl FaultRule {
    /// A rule hitting every matching request.
    pub fn always(matcher: FaultMatch, action: FaultAction) -> FaultRule {
        FaultRule {
            matcher,
            action,
            remaining: None,
        }
    }

    /// A rule hitting the next matching request only.
    pub fn once(matcher: FaultMatch, action: FaultAction) -> FaultRule {
        FaultRule {
            matcher,
            action,
            remaining: Some(1),
        }
    }

    /// A rule for requests with `method` whose path contains `path_contains`.
    pub fn on(method: &str, path_contains: &str, action: FaultAction) -> FaultRule {
        FaultRule::always(
            FaultMatch::Request {
                method: Some(method.to_owned()),
                path_contains: path_contains.to_owned(),
            },
            action,
        )
    }

    fn matches(&self, index: usize, request: &RecordedRequest) -> bool {
        if self.remaining == Some(0) {
            return false;
        }
        match &self.matcher {
            FaultMatch::Index(n) => *n == index,
            FaultMatch::Request {
                method,
                path_contains,
            } => {
                method.as_deref().is_none_or(|m| m == request.method)
                    && request.path.contains(path_contains.as_str())
            }
            FaultMatch::Any => true,
        }
    }
}

/// The first rule in `rules` hitting request `index`, used up by one.
pub fn take_fault(
    rules: &mut [FaultRule],
    index: usize,
    request: &RecordedRequest,
) -> Option<FaultAction> {
    let rule = rules.iter_mut().find(|rule| rule.matches(index, request))?;
    if let Some(remaining) = rule.remaining.as_mut() {
        *remaining -= 1;
    }
    Some(rule.action.clone())
}
