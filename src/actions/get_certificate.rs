//! `get-certificate hostname=<h>`: the certificate, CA and chain served for a hostname.
//!
//! Results as the Python charm returns them: `certificate` and `ca` as the provider sent them,
//! `chain` = the provider's chain PEMs joined with a blank line. Only a certificate the
//! reconcile would serve is returned (answering one of our CSRs, for our key, naming the host,
//! not revoked or expired). The private key is never part of the results.
//!
//! The answers come from the peer bag, where every reconcile stores them
//! ([`crate::certificate_answers`]); without them, from the `certificates` relation's bags
//! and the key, computed the same way.

use std::borrow::Cow;

use charm_tls::plan::KeyInput;
use juju_hook::ActionOutcome;

use crate::certificate_answers::CertificateAnswers;
use crate::gather::Gathered;

pub use crate::certificate_answers::RELATION_NOT_READY;

/// The action's outcome.
pub fn get_certificate(gathered: &Gathered) -> ActionOutcome {
    let answers = match &gathered.juju.answers {
        Some(stored) => Cow::Borrowed(stored),
        None => {
            let key = match &gathered.tls.key {
                Some(Ok(KeyInput::Stored(key))) => Some(key),
                _ => None,
            };
            Cow::Owned(CertificateAnswers::compute(
                gathered.juju.certificates.as_ref(),
                None,
                key,
            ))
        }
    };
    answers.outcome(&gathered.action_params, gathered.now)
}
