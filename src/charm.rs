//! The one pass per hook: gather → plan → execute.
//!
//! Every event reaches [`run`]. [`gather`](crate::gather::gather) reads everything the event's
//! plan needs, [`plan`](crate::plan::plan) decides every effect purely, and
//! [`execute`](crate::execute::execute) carries them out. When the plan wants to create objects
//! of a kind gather did not list (the first GRPCRoute, say), it asks for that LIST instead:
//! gather reads it, and the plan is made again, once.

use charm_cluster::Cluster;
use juju_hook::{HookContext, HookTools};

use crate::gather::{ClusterInput, gather_kinds};

pub use crate::execute::CharmError;

/// Run the charm for one event.
pub fn run(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
) -> Result<(), CharmError> {
    let mut gathered = crate::gather::gather(ctx, tools, cluster)?;
    let mut plan = crate::plan::plan(&gathered);
    if !plan.relist.is_empty()
        && let ClusterInput::Read(view) = &mut gathered.cluster
    {
        let kinds: Vec<_> = plan.relist.iter().copied().collect();
        if let Err(error) = gather_kinds(cluster, &ctx.app_name, view, &kinds) {
            gathered.cluster = ClusterInput::Failed(error);
        }
        plan = crate::plan::plan(&gathered);
    }
    crate::execute::execute(tools, cluster, &ctx.app_name, &plan)
}
