//! The one pass per hook: gather → state → plan → apply → publish → status.
//!
//! Every event reaches [`run`]; there is no per-event logic beyond leader gating and actions.

use charm_cluster::{Cluster, ClusterError};
use juju_hook::{Event, HookContext, HookTools, Status, StatusScope, ToolError};

use crate::gather::{self, JujuInputs};

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
        tools.status_set(StatusScope::Unit, &Status::Blocked(NON_LEADER_MESSAGE.into()))?;
        return Ok(());
    }
    let inputs = gather::gather(ctx, tools)?;
    match &ctx.event {
        Event::Action { name, .. } => crate::actions::run(name, ctx, tools, cluster, &inputs),
        _ => reconcile(ctx, tools, cluster, &inputs),
    }
}

/// The holistic reconcile every hook runs.
pub fn reconcile(
    _ctx: &HookContext,
    tools: &mut dyn HookTools,
    _cluster: &mut dyn Cluster,
    inputs: &JujuInputs,
) -> Result<(), CharmError> {
    let class = inputs.config.get("gateway-class").and_then(|v| v.as_str()).unwrap_or("");
    let status = if class.is_empty() {
        Status::Blocked("Missing configuration: gateway-class".into())
    } else {
        Status::Active(String::new())
    };
    tools.status_set(StatusScope::Unit, &status)?;
    Ok(())
}
