//! The one executor: carries a [`Plan`] out in a fixed order and decides nothing.
//!
//! 1. Kubernetes: move the fields the Python charm's writes own to our apply manager
//!    (takeover), server-side apply each changed object (the plan made sure, from this hook's
//!    LIST, that no one else holds its name), then delete the objects no longer wanted. A failed
//!    request stops here: the status says why ([`cluster_failure`]) and the hook fails when a
//!    retry may help.
//! 2. Juju: log lines, secret operations, databag writes, the status, the action's outcome.
//! 3. The plan's failure, if any, fails the hook.

use charm_cluster::managed_fields::upgrade_managed_fields;
use charm_cluster::{Cluster, ClusterError};
use juju_hook::{HookTools, StatusScope, ToolError};

use crate::plan::{ClusterPlan, Failure, Plan, cluster_failure};

/// An unexpected failure: the hook exits non-zero so Juju retries it (and discards its
/// relation and secret writes).
#[derive(Debug, thiserror::Error)]
pub enum CharmError {
    /// A hook tool failed.
    #[error("hook tool failed: {0}")]
    Tool(#[from] ToolError),
    /// The plan says the hook fails.
    #[error(transparent)]
    Plan(#[from] Failure),
}

/// Carry out `plan` for application `app`.
pub fn execute(
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
    app: &str,
    plan: &Plan,
) -> Result<(), CharmError> {
    if let Err(error) = execute_cluster(cluster, app, &plan.cluster) {
        let failure = cluster_failure(app, &error);
        if !failure.retry {
            tracing::warn!("{error}");
        }
        tools.status_set(StatusScope::Unit, &failure.status)?;
        return match failure.retry {
            true => Err(Failure::Cluster(error).into()),
            false => Ok(()),
        };
    }
    juju_hook::effects::execute(tools, &plan.juju)?;
    match &plan.failure {
        Some(failure) => Err(failure.clone().into()),
        None => Ok(()),
    }
}

fn execute_cluster(
    cluster: &mut dyn Cluster,
    app: &str,
    plan: &ClusterPlan,
) -> Result<(), ClusterError> {
    for object in &plan.takeover {
        upgrade_managed_fields(cluster, object)?;
    }
    for object in plan.applies() {
        cluster.apply(object.kind, &object.object(), app)?;
    }
    for object in &plan.delete {
        cluster.delete(object)?;
    }
    for object in plan.applies_last() {
        cluster.apply(object.kind, &object.object(), app)?;
    }
    Ok(())
}
