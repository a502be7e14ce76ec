//! The status after a successful pass (invalid states are Blocked by their error).

use juju_hook::Status;

use crate::state::{CharmState, GatewayAddress, Mode, TlsState};

/// Blocked: the Gateway reports an address the charm cannot use.
pub const STATUS_ADDRESS_UNSUPPORTED: &str = "Gateway reported unsupported address";
/// Waiting: the Gateway has no address yet.
pub const STATUS_WAITING_FOR_ADDRESS: &str = "Waiting for gateway address";
/// Waiting: certificates are requested but not all issued. The full message names them:
/// `Waiting for TLS certificates to be issued for: a.example.com, b.example.com.`
pub const STATUS_WAITING_FOR_TLS: &str = "Waiting for TLS certificates to be issued for:";

/// Waiting: the ingress relation exists but its requirer has not written (all) its data yet.
pub const STATUS_WAITING_FOR_INGRESS_DATA: &str = "Waiting for ingress relation data";

/// Most gateway-route issues named in the status; the rest are counted.
pub const MAX_NAMED_ISSUES: usize = 10;

/// [`base_status`], followed by `; ` and every gateway-route issue (conflicts, hostnames left
/// out at the listener limit), so what is not served is always named.
pub(super) fn status(state: &CharmState) -> Status {
    let status = base_status(state);
    if state.gateway_route_issues.is_empty() {
        return status;
    }
    let issues = &state.gateway_route_issues;
    let mut message = status.message().to_owned();
    for issue in issues.iter().take(MAX_NAMED_ISSUES) {
        message.push_str("; ");
        message.push_str(&issue.to_string());
    }
    if issues.len() > MAX_NAMED_ISSUES {
        message.push_str(&format!(
            "; and {} more (see the log)",
            issues.len() - MAX_NAMED_ISSUES
        ));
    }
    Status::from_parts(status.name(), message).unwrap_or(status)
}

/// In priority order: Blocked on an unusable address; Waiting for certificates; Waiting for the
/// ingress requirer's data; Active with
/// `Gateway addresses: <ip>` (plus ` (enforce-https is set to false)`); Waiting for the address.
fn base_status(state: &CharmState) -> Status {
    if let GatewayAddress::Unsupported(_) = state.gateway_address {
        return Status::Blocked(STATUS_ADDRESS_UNSUPPORTED.to_owned());
    }
    if let TlsState::Pending { missing, .. } = &state.tls {
        return Status::Waiting(format!("{STATUS_WAITING_FOR_TLS} {}.", missing.join(", ")));
    }
    // The Python charm stays Active here and the workload silently gets nothing; say why.
    if state.mode == Mode::Ingress && state.ingress.is_none() {
        return Status::Waiting(STATUS_WAITING_FOR_INGRESS_DATA.to_owned());
    }
    match state.gateway_address.ready() {
        Some(address) => {
            let suffix = if state.config.enforce_https {
                ""
            } else {
                " (enforce-https is set to false)"
            };
            Status::Active(format!("Gateway addresses: {address}{suffix}"))
        }
        None => Status::Waiting(STATUS_WAITING_FOR_ADDRESS.to_owned()),
    }
}
