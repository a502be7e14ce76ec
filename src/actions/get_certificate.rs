//! `get-certificate hostname=<h>`: the certificate, CA and chain served for a hostname.
//!
//! Results as the Python charm returns them: `certificate` and `ca` as the provider sent them,
//! `chain` = the provider's chain PEMs joined with a blank line. Only a certificate the
//! reconcile would serve is returned (answering one of our CSRs, for our key, naming the host,
//! not revoked or expired). The private key is never part of the results.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::SystemTime;

use charm_cluster::Cluster;
use charm_tls::{CertificateTarget, RequirerInputs};
use juju_hook::{HookContext, HookTools};

use crate::charm::CharmError;
use crate::gather::JujuInputs;

/// `action-fail` message without a `certificates` relation (the Python charm's).
pub const RELATION_NOT_READY: &str = "Certificate relation not ready.";

/// Run the action. Not ready → `action-fail` with the reason, and nothing else.
pub fn run(
    _ctx: &HookContext,
    tools: &mut dyn HookTools,
    _cluster: &mut dyn Cluster,
    inputs: &JujuInputs,
) -> Result<(), CharmError> {
    let Some(snapshot) = &inputs.certificates else {
        tools.action_fail(RELATION_NOT_READY)?;
        return Ok(());
    };
    let params = tools.action_get()?;
    let Some(hostname) = params
        .get("hostname")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
    else {
        tools.action_fail("Missing parameter: hostname.")?;
        return Ok(());
    };
    let missing = format!("Missing or incomplete certificate data for {hostname}");
    let Some((key, _)) = crate::tls::read_key(tools)? else {
        tools.action_fail(&missing)?;
        return Ok(());
    };
    let target = match hostname.parse::<IpAddr>() {
        Ok(ip) => CertificateTarget::Ip(ip),
        Err(_) => CertificateTarget::Dns(hostname.clone()),
    };
    let provider = crate::tls::read_provider(snapshot);
    let (certificates, errors) = crate::tls::library_provider_data(&provider);
    let current_csrs = crate::tls::published_csrs(snapshot);
    let targets = [target.clone()];
    // The pure reconcile decides what would be served; the CSRs it would add are discarded.
    let outcome = charm_tls::reconcile(
        &RequirerInputs {
            targets: &targets,
            key: &key,
            current_csrs: &current_csrs,
            provider_certificates: &certificates,
            provider_request_errors: &errors,
            add_unique_id: true,
            now: SystemTime::now(),
        },
        &mut || String::from("00000000-0000-4000-8000-000000000000"),
    )
    .map_err(crate::tls::TlsError::from)?;
    let served = outcome
        .certificates
        .get(&target)
        .and_then(|accepted| provider.for_csr(&accepted.csr));
    let Some(entry) = served else {
        tools.action_fail(&missing)?;
        return Ok(());
    };
    let results = BTreeMap::from([
        ("certificate".to_owned(), entry.certificate.clone()),
        ("ca".to_owned(), entry.ca.clone()),
        ("chain".to_owned(), entry.chain.join("\n\n")),
    ]);
    tools.action_set(&results)?;
    Ok(())
}
