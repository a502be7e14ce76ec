//! Actions: one file per action.

mod get_certificate;
mod get_proxied_endpoints;

use charm_cluster::Cluster;
use juju_hook::{HookContext, HookTools};

use crate::charm::CharmError;
use crate::gather::JujuInputs;

/// Run the action `name`. Expected failures are reported with `action-fail` and exit 0.
pub fn run(
    name: &str,
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
    inputs: &JujuInputs,
) -> Result<(), CharmError> {
    match name {
        "get-certificate" => get_certificate::run(ctx, tools, cluster, inputs),
        "get-proxied-endpoints" => get_proxied_endpoints::run(ctx, tools, cluster, inputs),
        other => Ok(tools.action_fail(&format!("Unknown action {other:?}."))?),
    }
}
