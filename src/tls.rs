//! The tls-certificates requirer step of a reconcile (APP mode, as the charmlibs v4 library).
//!
//! Given the certificate targets the state asks for, it makes sure our CSRs are published and
//! returns the TLS material issued so far.

use std::collections::BTreeSet;

use juju_hook::{HookContext, HookTools, ToolError};

use crate::gather::JujuInputs;
use crate::state::{CertificateTarget, CertificatesInput};

/// Publish CSRs for `targets` and return the certificates the provider issued for them.
pub fn reconcile(
    _ctx: &HookContext,
    _tools: &mut dyn HookTools,
    juju: &JujuInputs,
    _targets: &BTreeSet<CertificateTarget>,
) -> Result<CertificatesInput, ToolError> {
    Ok(CertificatesInput {
        related: juju.certificates.is_some(),
        ..Default::default()
    })
}
