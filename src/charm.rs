//! The one pass per hook: gather → state → plan → apply → publish → status.
//!
//! Every event reaches [`run`]; there is no per-event logic beyond leader gating and actions.

use charm_cluster::{Cluster, ClusterError};
use juju_hook::{Event, HookContext, HookTools, SecretEventKind, Status, StatusScope, ToolError};

use crate::gather::{self, ClusterView, JujuInputs};
use crate::inputs::SkippedRelation;
use crate::plan::Plan;
use crate::state::{CertificatesInput, CharmState, Inputs};

/// The status a non-leader unit shows; it does nothing else.
pub const NON_LEADER_MESSAGE: &str = "Deploying more than one unit is not supported.";

/// An unexpected failure: the hook exits non-zero so Juju retries it (and discards its
/// relation and secret writes).
#[derive(Debug, thiserror::Error)]
pub enum CharmError {
    #[error("hook tool failed: {0}")]
    Tool(#[from] ToolError),
    #[error("Kubernetes API call failed: {0}")]
    Cluster(#[from] ClusterError),
    #[error("TLS: {0}")]
    Tls(#[from] crate::tls::TlsError),
}

/// Run the charm for one event.
pub fn run(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
) -> Result<(), CharmError> {
    let leader = tools.is_leader()?;
    if !leader {
        if let Event::Action { .. } = ctx.event {
            tools.action_fail(NON_LEADER_MESSAGE)?;
        }
        tools.status_set(
            StatusScope::Unit,
            &Status::Blocked(NON_LEADER_MESSAGE.into()),
        )?;
        return Ok(());
    }
    if ctx.event == Event::Remove {
        return remove(ctx, tools, cluster);
    }
    // Juju asks the owner to drop a secret revision nobody tracks any more (certificate
    // secrets get a new revision when a certificate is re-issued for the same CSR).
    if let Event::Secret {
        kind: SecretEventKind::Remove,
        id,
        revision: Some(revision),
        ..
    } = &ctx.event
    {
        match tools.secret_remove(id, Some(*revision)) {
            Ok(()) | Err(ToolError::SecretNotFound { .. }) => {}
            Err(error) => return Err(error.into()),
        }
    }
    let juju = gather::gather(ctx, tools)?;
    match &ctx.event {
        Event::Action { name, .. } => crate::actions::run(name, ctx, tools, cluster, &juju),
        _ => reconcile(ctx, tools, cluster, &juju),
    }
}

/// The holistic reconcile every hook runs.
pub fn reconcile(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
    juju: &JujuInputs,
) -> Result<(), CharmError> {
    let app = ctx.app_name.as_str();
    let (view, inputs, skipped) = match observe(app, cluster, juju) {
        Ok(observed) => observed,
        Err(error) => return cluster_failure(tools, app, error),
    };
    for skip in &skipped {
        tracing::warn!("ignoring {}: {}", skip.relation, skip.reason);
    }
    // Which certificates does this configuration need? (A first build, without TLS material.)
    let targets = CharmState::build(&inputs)
        .map(|s| s.certificate_targets())
        .unwrap_or_default();
    let certificates = crate::tls::reconcile(ctx, tools, juju, &targets)?;
    let inputs = Inputs {
        certificates,
        ..inputs
    };
    let state = CharmState::build(&inputs);
    if let Err(error) = &state {
        tracing::info!("blocked: {error}");
    }
    let plan = Plan::from_result(&state);
    if let Err(error) = crate::apply::apply_plan(cluster, app, &view, &plan) {
        return cluster_failure(tools, app, error);
    }
    crate::publish::publish(tools, juju, state.as_ref().ok(), &plan)?;
    tools.status_set(StatusScope::Unit, &with_skipped(plan.status, &skipped))?;
    Ok(())
}

/// Read the cluster and build the plan's inputs from it and the Juju inputs, before any TLS
/// material is known (the TLS step fills `certificates.issued`). Shared by the reconcile and
/// the read-only actions.
pub fn observe(
    app: &str,
    cluster: &mut dyn Cluster,
    juju: &JujuInputs,
) -> Result<(ClusterView, Inputs, Vec<SkippedRelation>), ClusterError> {
    let view = gather::gather_cluster(cluster, app)?;
    let namespace = cluster.namespace().to_owned();
    let certificates = CertificatesInput {
        related: juju.certificates.is_some(),
        ..Default::default()
    };
    let (inputs, skipped) = crate::inputs::build(app, &namespace, juju, &view, certificates);
    Ok((view, inputs, skipped))
}

/// `remove` on the leader: delete every object the charm owns (the Python charm orphans them).
fn remove(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
) -> Result<(), CharmError> {
    let app = ctx.app_name.as_str();
    let result = (|| -> Result<(), ClusterError> {
        for kind in charm_cluster::Kind::ALL {
            let managed = cluster.list_managed(kind, app)?;
            charm_cluster::delete_stale(cluster, &managed, &Default::default())?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => {
            tools.status_set(StatusScope::Unit, &Status::Maintenance("Removed.".into()))?;
            Ok(())
        }
        Err(error) => cluster_failure(tools, app, error),
    }
}

/// The message for a 403 from the Kubernetes API (the Python charm's, with the app name).
pub fn insufficient_permissions(app: &str) -> String {
    format!("Insufficient permissions, try: `juju trust {app} --scope=cluster`")
}

/// Turn a Kubernetes API failure into a status, and decide the exit: expected conditions (an
/// untrusted application, Gateway API not installed, a name taken by someone else) are Blocked
/// and exit 0; anything else says what failed and exits non-zero so Juju retries the hook.
fn cluster_failure(
    tools: &mut dyn HookTools,
    app: &str,
    error: ClusterError,
) -> Result<(), CharmError> {
    let blocked = match &error {
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
        tracing::warn!("{error}");
        tools.status_set(StatusScope::Unit, &Status::Blocked(message))?;
        return Ok(());
    }
    let message = if error.is_transient() {
        format!("Kubernetes API unavailable, retrying: {error}")
    } else {
        format!("Kubernetes API error: {error}")
    };
    tools.status_set(
        StatusScope::Unit,
        &Status::Maintenance(truncate(&message, 512)),
    )?;
    Err(error.into())
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

/// Name the relations whose data was skipped, after the plan's message.
fn with_skipped(status: Status, skipped: &[SkippedRelation]) -> Status {
    if skipped.is_empty() {
        return status;
    }
    let names: Vec<String> = skipped.iter().map(|s| s.relation.to_string()).collect();
    let note = format!("ignoring invalid data on {}", names.join(", "));
    let message = if status.message().is_empty() {
        note
    } else {
        format!("{}; {note}", status.message())
    };
    Status::from_parts(status.name(), message).unwrap_or(status)
}
