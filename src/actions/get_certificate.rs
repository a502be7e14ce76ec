//! `get-certificate hostname=<h>`: the certificate, CA and chain served for a hostname.

use charm_cluster::Cluster;
use juju_hook::{HookContext, HookTools};

use crate::charm::CharmError;
use crate::gather::JujuInputs;

/// Run the action. Not ready → `action-fail` with the reason, and nothing else.
pub fn run(
    _ctx: &HookContext,
    tools: &mut dyn HookTools,
    _cluster: &mut dyn Cluster,
    inputs: &JujuInputs,
) -> Result<(), CharmError> {
    if inputs.certificates.is_none() {
        tools.action_fail("Certificate relation not ready.")?;
    } else {
        tools.action_fail("Certificates are not implemented yet.")?;
    }
    Ok(())
}
