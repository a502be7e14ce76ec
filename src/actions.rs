//! Actions: `get-certificate` and `get-proxied-endpoints`.

use charm_cluster::Cluster;
use juju_hook::{HookContext, HookTools};

use crate::charm::CharmError;
use crate::gather::JujuInputs;

/// Run the action `name`. Expected failures are reported with `action-fail` and exit 0.
pub fn run(
    name: &str,
    _ctx: &HookContext,
    tools: &mut dyn HookTools,
    _cluster: &mut dyn Cluster,
    inputs: &JujuInputs,
) -> Result<(), CharmError> {
    match name {
        "get-certificate" => {
            if inputs.certificates.is_none() {
                tools.action_fail("Certificate relation not ready.")?;
            } else {
                tools.action_fail("Certificates are not implemented yet.")?;
            }
        }
        "get-proxied-endpoints" => {
            tools.action_fail("Proxied endpoints are not implemented yet.")?;
        }
        other => tools.action_fail(&format!("Unknown action {other:?}."))?,
    }
    Ok(())
}
