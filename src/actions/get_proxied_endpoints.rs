//! `get-proxied-endpoints`: this application and every proxied application → URL.

use charm_cluster::Cluster;
use juju_hook::{HookContext, HookTools};

use crate::charm::CharmError;
use crate::gather::JujuInputs;

/// Run the action.
pub fn run(
    _ctx: &HookContext,
    tools: &mut dyn HookTools,
    _cluster: &mut dyn Cluster,
    _inputs: &JujuInputs,
) -> Result<(), CharmError> {
    tools.action_fail("Proxied endpoints are not implemented yet.")?;
    Ok(())
}
