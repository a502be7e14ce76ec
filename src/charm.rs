//! The one pass per hook: gather → plan → execute.
//!
//! Every event reaches [`run`]. [`gather`](crate::gather::gather) reads everything the event's
//! plan needs, [`plan`](crate::plan::plan) decides every effect purely, and
//! [`execute`](crate::execute::execute) carries them out.

use charm_cluster::Cluster;
use juju_hook::{HookContext, HookTools};

pub use crate::execute::CharmError;

/// Run the charm for one event.
pub fn run(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
) -> Result<(), CharmError> {
    let gathered = crate::gather::gather(ctx, tools, cluster)?;
    let plan = crate::plan::plan(&gathered);
    crate::execute::execute(tools, cluster, &ctx.app_name, &plan)
}
