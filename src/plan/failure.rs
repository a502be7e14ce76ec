//! What a failed Kubernetes API call means for the status and the hook's exit.

use charm_cluster::ClusterError;
use juju_hook::Status;

/// The status a Kubernetes API failure shows, and whether the hook must fail so Juju retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterFailure {
    /// The status.
    pub status: Status,
    /// Exit non-zero (Juju discards the hook's writes and retries it).
    pub retry: bool,
}

/// The message for a 403 from the Kubernetes API (the Python charm's, with the app name).
pub fn insufficient_permissions(app: &str) -> String {
    format!("Insufficient permissions, try: `juju trust {app} --scope=cluster`")
}

/// Expected conditions (an untrusted application, Gateway API not installed, a name taken by
/// someone else) are Blocked and exit 0; anything else says what failed and exits non-zero.
pub fn cluster_failure(app: &str, error: &ClusterError) -> ClusterFailure {
    let blocked = match error {
        ClusterError::Forbidden { .. } => Some(insufficient_permissions(app)),
        // A 404 on a Gateway API collection means its CRDs are not installed.
        ClusterError::NotFound { target, .. } if is_gateway_api_target(target) => Some(format!(
            "Gateway API not found in the cluster ({target}): install the Gateway API CRDs and a Gateway controller"
        )),
        ClusterError::NotOurs { kind, name, .. } => Some(format!(
            "{kind} {name} exists but is not managed by {app}: delete or rename it"
        )),
        _ => None,
    };
    if let Some(message) = blocked {
        return ClusterFailure {
            status: Status::Blocked(message),
            retry: false,
        };
    }
    let message = if error.is_transient() {
        format!("Kubernetes API unavailable, retrying: {error}")
    } else {
        format!("Kubernetes API error: {error}")
    };
    ClusterFailure {
        status: Status::Maintenance(truncate(&message, 512)),
        retry: true,
    }
}

/// Whether a failed request's target is a Gateway API resource (GatewayClass, Gateway, HTTPRoute).
fn is_gateway_api_target(target: &str) -> bool {
    let plural = target.split('/').next().unwrap_or(target);
    ["gatewayclasses", "gateways", "httproutes"].contains(&plural)
}

fn truncate(message: &str, max: usize) -> String {
    match message.char_indices().nth(max) {
        Some((index, _)) => format!("{}…", &message[..index]),
        None => message.to_owned(),
    }
}
