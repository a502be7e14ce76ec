//! `get-certificate hostname=<h>`: the certificate, CA and chain served for a hostname.
//!
//! Results as the Python charm returns them: `certificate` and `ca` as the provider sent them,
//! `chain` = the provider's chain PEMs joined with a blank line. Only a certificate the
//! reconcile would serve is returned (answering one of our CSRs, for our key, naming the host,
//! not revoked or expired). The private key is never part of the results.

use std::collections::BTreeMap;
use std::net::IpAddr;

use charm_tls::plan::{KeyInput, provider_data, published_csrs};
use charm_tls::{CertificateTarget, RequirerInputs};
use juju_hook::ActionOutcome;

use crate::gather::Gathered;

/// `action-fail` message without a `certificates` relation (the Python charm's).
pub const RELATION_NOT_READY: &str = "Certificate relation not ready.";

/// The action's outcome.
pub fn get_certificate(gathered: &Gathered) -> ActionOutcome {
    let Some(relation) = &gathered.juju.certificates else {
        return ActionOutcome::Failed(RELATION_NOT_READY.into());
    };
    let Some(hostname) = gathered
        .action_params
        .get("hostname")
        .and_then(|value| value.as_str())
    else {
        return ActionOutcome::Failed("Missing parameter: hostname.".into());
    };
    let missing = ActionOutcome::Failed(format!(
        "Missing or incomplete certificate data for {hostname}"
    ));
    let Some(Ok(KeyInput::Stored(key))) = &gathered.tls.key else {
        return missing;
    };
    let target = match hostname.parse::<IpAddr>() {
        Ok(ip) => CertificateTarget::Ip(ip),
        Err(_) => CertificateTarget::Dns(hostname.to_owned()),
    };
    let provider = provider_data(relation);
    let current_csrs = published_csrs(relation);
    let targets = [target.clone()];
    // The pure reconcile decides what would be served; the CSRs it would add are discarded.
    let outcome = charm_tls::reconcile(
        &RequirerInputs {
            targets: &targets,
            key,
            current_csrs: &current_csrs,
            provider_certificates: &provider.certificates,
            provider_request_errors: &provider.request_errors,
            add_unique_id: true,
            now: gathered.now,
        },
        &mut || String::from("00000000-0000-4000-8000-000000000000"),
    );
    let served = outcome
        .ok()
        .and_then(|outcome| outcome.certificates.get(&target).cloned())
        .and_then(|accepted| provider.for_csr(&accepted.csr).cloned());
    let Some(entry) = served else {
        return missing;
    };
    ActionOutcome::Results(BTreeMap::from([
        ("certificate".to_owned(), entry.certificate),
        ("ca".to_owned(), entry.ca),
        ("chain".to_owned(), entry.chain.join("\n\n")),
    ]))
}
