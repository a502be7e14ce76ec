//! The status after a successful pass (invalid states are Blocked by their error).

use juju_hook::Status;

use crate::state::{CharmState, GatewayAddress, TlsState};

use super::verdict::Verdict;

/// Blocked: the Gateway reports an address the charm cannot use.
pub const STATUS_ADDRESS_UNSUPPORTED: &str = "Gateway reported unsupported address";
/// Waiting: the Gateway has no address yet.
pub const STATUS_WAITING_FOR_ADDRESS: &str = "Waiting for gateway address";
/// Waiting: certificates are requested but not all issued. The full message names them:
/// `Waiting for TLS certificates to be issued for: a.example.com, b.example.com.`
pub const STATUS_WAITING_FOR_TLS: &str = "Waiting for TLS certificates to be issued for:";

/// Blocked: with HTTPS enforced, no source serves these names:
/// `No certificate source for: a.example.com, b.example.com (relate certificates, set cert-manager-issuer, or cover them with tls-secret-name)`
pub const STATUS_NO_CERTIFICATE: &str = "No certificate source for:";
/// Waiting: cert-manager has not created these Secrets yet:
/// `Waiting for cert-manager to issue: <app>-cert-manager-a.example.com.`
pub const STATUS_WAITING_FOR_CERT_MANAGER: &str = "Waiting for cert-manager to issue:";

/// Waiting: the gateway controller has not yet observed the current version of an object:
/// `Waiting for the gateway controller to observe Gateway <name>`.
pub const STATUS_WAITING_FOR_CONTROLLER: &str = "Waiting for the gateway controller to observe";

/// Waiting: ingress requirers are related but none has written (all) its data yet, and nothing
/// else is served.
pub const STATUS_WAITING_FOR_INGRESS_DATA: &str = "Waiting for ingress relation data";

/// Most issues named in the status; the rest are counted.
pub const MAX_NAMED_ISSUES: usize = 10;

/// [`base_status`], followed by `; ` and every routing issue (collisions, hostnames left out
/// at the listener limit, units without an address) and the ingress relations still waiting
/// for data, so what is not served is always named.
pub(super) fn status(state: &CharmState, verdict: &Verdict) -> Status {
    let status = base_status(state, verdict);
    let mut notes: Vec<String> = verdict
        .problems
        .iter()
        .skip(1)
        .map(ToString::to_string)
        .chain(state.routing.issues.iter().map(ToString::to_string))
        .collect();
    notes.extend(super::backend_tls::unserved_note(state));
    // Both cert-manager and the relation: say which serves what.
    if let Some(issuer) = &state.config.cert_manager_issuer
        && state.certificates_related
    {
        notes.push(format!(
            "hostnames' certificates from cert-manager {issuer}, not the certificates relation"
        ));
    }
    if !waiting_for_ingress_only(state) && !state.awaiting_ingress.is_empty() {
        let relations: Vec<String> = state
            .awaiting_ingress
            .iter()
            .map(|id| format!("gateway:{id}"))
            .collect();
        notes.push(format!(
            "waiting for ingress data on {}",
            relations.join(", ")
        ));
    }
    if notes.is_empty() {
        return status;
    }
    let mut message = status.message().to_owned();
    for note in notes.iter().take(MAX_NAMED_ISSUES) {
        message.push_str("; ");
        message.push_str(note);
    }
    if notes.len() > MAX_NAMED_ISSUES {
        message.push_str(&format!(
            "; and {} more (see the log)",
            notes.len() - MAX_NAMED_ISSUES
        ));
    }
    Status::from_parts(status.name(), message).unwrap_or(status)
}

/// Whether ingress requirers await their data while nothing at all is served yet.
fn waiting_for_ingress_only(state: &CharmState) -> bool {
    let routing = &state.routing;
    !state.awaiting_ingress.is_empty()
        && routing.ingress.is_empty()
        && routing.routes.is_empty()
        && routing.v1.is_empty()
}

/// In priority order: Blocked on an unusable address; the gateway controller's first
/// problem (Blocked, or Waiting while it says `Pending`); Waiting for certificates; Waiting
/// for ingress requirers' data when nothing else is served; Waiting for the controller to
/// observe the current objects; Active with `Gateway addresses: <address>` (plus
/// ` (enforce-https is set to false)`); Waiting for the address.
fn base_status(state: &CharmState, verdict: &Verdict) -> Status {
    if let GatewayAddress::Unsupported(_) = state.gateway_address {
        return Status::Blocked(STATUS_ADDRESS_UNSUPPORTED.to_owned());
    }
    if let Some(problem) = verdict.problems.first() {
        return match problem.is_pending() {
            true => Status::Waiting(problem.to_string()),
            false => Status::Blocked(problem.to_string()),
        };
    }
    let uncovered = state.uncovered();
    if !uncovered.is_empty() {
        return Status::Blocked(format!(
            "{STATUS_NO_CERTIFICATE} {} (relate certificates, set cert-manager-issuer, or cover them with tls-secret-name)",
            uncovered.join(", ")
        ));
    }
    if let TlsState::Pending { missing, .. } = &state.tls {
        return Status::Waiting(format!("{STATUS_WAITING_FOR_TLS} {}.", missing.join(", ")));
    }
    let awaiting = state.awaiting_cert_manager();
    if !awaiting.is_empty() {
        return Status::Waiting(format!(
            "{STATUS_WAITING_FOR_CERT_MANAGER} {}.",
            awaiting.join(", ")
        ));
    }
    // The Python charm stays Active here and the workload silently gets nothing; say why.
    if waiting_for_ingress_only(state) {
        return Status::Waiting(STATUS_WAITING_FOR_INGRESS_DATA.to_owned());
    }
    if let Some(object) = verdict.unobserved.first() {
        return Status::Waiting(format!("{STATUS_WAITING_FOR_CONTROLLER} {object}"));
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
