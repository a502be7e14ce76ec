//! The requirer's reconciliation: which CSRs to publish and which certificates to serve.
//!
//! [`reconcile`] is the pure counterpart of the charmlibs requirer's `_configure` in APP mode.
//! Given the targets we serve, our key, the CSRs currently in our app databag and the provider's
//! app databag, it returns the full CSR list to publish and, per target, the accepted
//! certificate or why there is none.
//!
//! Rules (library behaviour unless noted):
//! * A CSR in our bag is kept when it is the request we would make for a target (CN and the single
//!   SAN equal the target, our public key, unique identifier present iff configured); all others
//!   (stale hostnames, another key, unparsable text, duplicates) are withdrawn. Missing targets get
//!   a new CSR, appended after the kept ones (the library appends too).
//! * A provider entry belongs to a CSR when its `certificate_signing_request` is the same request
//!   (DER equality, i.e. the library's normalised-PEM comparison). Entries for CSRs that are not
//!   ours are ignored, as the library ignores them.
//! * If any PEM in the provider's `certificates` fails to parse, the library rejects the whole
//!   bag: nothing is accepted, and the offending entry is reported.
//! * An entry is accepted when the leaf's CA flag is false (our requests never ask for a CA), the
//!   leaf's public key is ours, and (our addition) the leaf names the target.
//! * `revoked: true`: the CSR is withdrawn and a new one (same key, new unique identifier) is
//!   requested; nothing is served for the target meanwhile.
//! * At or after `renew_at` (90 % of validity) a new CSR replaces the old one; the current
//!   certificate is still served until it expires. An expired certificate is not served.
//! * A provider `request_errors` entry for one of our CSRs is surfaced as a denial; the target
//!   stays pending and the CSR stays published (the library does not re-request on denial).

use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

pub use relation_data::tls_certificates::{ProviderCertificate, RequestError};

use crate::csr::CertificateSigningRequest;
use crate::error::CsrError;
use crate::key::PrivateKey;
use crate::target::CertificateTarget;
use crate::verdict::{Verdict, judge_entry, parse_provider_certificates, record_denial};

/// Everything [`reconcile`] needs; `now` replaces any clock read.
#[derive(Debug, Clone, Copy)]
pub struct RequirerInputs<'a> {
    /// What we serve, in order (hostnames, then the gateway IP when requested).
    pub targets: &'a [CertificateTarget],
    /// The application private key.
    pub key: &'a PrivateKey,
    /// `certificate_signing_request` values currently in our app databag, in bag order.
    pub current_csrs: &'a [String],
    /// The provider's `certificates` list.
    pub provider_certificates: &'a [ProviderCertificate],
    /// The provider's `request_errors` list.
    pub provider_request_errors: &'a [RequestError],
    /// Add an x500UniqueIdentifier to new CSRs (the library's and the anchor's default: true).
    pub add_unique_id: bool,
    /// The current time.
    pub now: SystemTime,
}

/// A certificate that passed the acceptance rules, ready to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedCertificate {
    /// The CSR it answers.
    pub csr: String,
    /// Leaf PEM as the provider sent it.
    pub certificate: String,
    /// CA PEM as the provider sent it.
    pub ca: String,
    /// Chain PEMs, leaf first.
    pub chain: Vec<String>,
    /// Start of validity.
    pub not_before: SystemTime,
    /// End of validity.
    pub expires_at: SystemTime,
    /// When it is renewed (90 % of validity).
    pub renew_at: SystemTime,
}

impl AcceptedCertificate {
    /// The chain joined as the anchor writes `tls.crt`: PEMs separated by a blank line.
    pub fn chain_pem(&self) -> String {
        self.chain.join("\n\n")
    }
}

/// Why a provider entry for one of our CSRs was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusalReason {
    /// A PEM in the entry does not parse; the library then rejects the whole bag.
    MalformedPem {
        /// Which field: `certificate_signing_request`, `certificate`, `ca` or `chain`.
        field: &'static str,
        /// The parser's message.
        detail: String,
    },
    /// The leaf has the CA flag although we asked for a non-CA certificate.
    CaFlagMismatch,
    /// The leaf certifies a public key that is not ours.
    PublicKeyMismatch,
    /// The leaf names neither in its CN nor its SANs the target it was requested for.
    SubjectMismatch,
}

impl fmt::Display for RefusalReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MalformedPem { field, detail } => write!(f, "malformed {field}: {detail}"),
            Self::CaFlagMismatch => f.write_str("certificate is a CA certificate"),
            Self::PublicKeyMismatch => f.write_str("certificate is not for our private key"),
            Self::SubjectMismatch => f.write_str("certificate does not name the requested host"),
        }
    }
}

/// A refused provider entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The target whose CSR the entry answers; `None` when the entry could not be tied to one of
    /// our CSRs (a malformed entry that rejects the whole bag).
    pub target: Option<CertificateTarget>,
    /// Why.
    pub reason: RefusalReason,
}

/// Why a CSR was replaced by a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalReason {
    /// The provider marked the certificate revoked.
    Revoked,
    /// 90 % of the validity has passed; the certificate is still served.
    Expiring,
    /// The certificate has expired.
    Expired,
}

/// A CSR replaced by a fresh one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    /// The target.
    pub target: CertificateTarget,
    /// Why.
    pub reason: RenewalReason,
    /// The withdrawn CSR (its certificate secret, if any, can be removed).
    pub withdrawn_csr: String,
}

/// A provider's refusal to sign one of our CSRs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeniedRequest {
    /// The target of the denied CSR.
    pub target: CertificateTarget,
    /// The provider's error.
    pub error: RequestError,
}

impl fmt::Display for DeniedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "certificate request for {} denied: {}",
            self.target, self.error.error.message
        )?;
        match &self.error.error.reason {
            Some(reason) => write!(f, " ({reason})"),
            None => Ok(()),
        }
    }
}

/// Result of [`reconcile`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequirerOutcome {
    /// The full `certificate_signing_requests` list to publish (each with `ca: false`).
    pub csrs_to_publish: Vec<String>,
    /// CSRs removed from our bag (withdrawn or renewed); their certificate secrets can go.
    pub withdrawn_csrs: Vec<String>,
    /// Certificates to serve, by target.
    pub certificates: BTreeMap<CertificateTarget, AcceptedCertificate>,
    /// Targets without a certificate to serve, in target order.
    pub pending: Vec<CertificateTarget>,
    /// CSRs replaced by new ones.
    pub renewals: Vec<Renewal>,
    /// Provider entries not accepted.
    pub refused: Vec<Refusal>,
    /// Provider denials of our requests.
    pub denied: Vec<DeniedRequest>,
}

impl RequirerOutcome {
    /// Whether the CSR list differs from `current_csrs` (i.e. the bag must be rewritten).
    pub fn csrs_changed(&self, current_csrs: &[String]) -> bool {
        self.csrs_to_publish.len() != current_csrs.len()
            || self
                .csrs_to_publish
                .iter()
                .zip(current_csrs)
                .any(|(new, old)| new.trim() != old.trim())
    }
}

/// Reconciles our CSRs with the provider's answers; see the module documentation for the rules.
/// `new_unique_id` supplies the subject unique identifier of each new CSR when
/// `inputs.add_unique_id` is set (use [`crate::unique_id::UniqueIds`] in production).
pub fn reconcile(
    inputs: &RequirerInputs<'_>,
    new_unique_id: &mut dyn FnMut() -> String,
) -> Result<RequirerOutcome, CsrError> {
    let mut outcome = RequirerOutcome::default();

    let (entries, bag_rejected) = parse_provider_certificates(inputs, &mut outcome);

    let targets = distinct(inputs.targets);
    let current: Vec<Option<CertificateSigningRequest>> = inputs
        .current_csrs
        .iter()
        .map(|pem| CertificateSigningRequest::from_pem(pem).ok())
        .collect();

    // Pair each target with the first unclaimed current CSR that is its request.
    let mut claimed = vec![false; current.len()];
    let kept_for: Vec<Option<(usize, &CertificateSigningRequest)>> = targets
        .iter()
        .map(|target| {
            let found = current.iter().enumerate().find_map(|(index, csr)| {
                csr.as_ref()
                    .filter(|csr| {
                        !claimed[index]
                            && csr.is_request_for(target, inputs.key, inputs.add_unique_id)
                    })
                    .map(|csr| (index, csr))
            });
            if let Some((index, _)) = found {
                claimed[index] = true;
            }
            found
        })
        .collect();

    let mut renewed = vec![false; current.len()];
    let mut needs_new_csr: Vec<&CertificateTarget> = Vec::new();
    for (target, kept) in targets.iter().zip(kept_for) {
        let Some((csr_index, csr)) = kept else {
            needs_new_csr.push(target);
            outcome.pending.push((*target).clone());
            continue;
        };
        let entry = entries.iter().find(|entry| &entry.csr == csr);
        let verdict = match (bag_rejected, entry) {
            (true, _) => Verdict::default(),
            (false, None) => {
                record_denial(inputs, target, csr, &mut outcome);
                Verdict::default()
            }
            (false, Some(entry)) => judge_entry(inputs, target, entry),
        };
        if let Some(reason) = verdict.refusal {
            outcome.refused.push(Refusal {
                target: Some((*target).clone()),
                reason,
            });
        }
        if let Some(reason) = verdict.renewal {
            outcome.renewals.push(Renewal {
                target: (*target).clone(),
                reason,
                withdrawn_csr: inputs.current_csrs[csr_index].trim().to_owned(),
            });
            renewed[csr_index] = true;
            needs_new_csr.push(target);
        }
        match verdict.served {
            Some(accepted) => {
                outcome.certificates.insert((*target).clone(), accepted);
            }
            None => outcome.pending.push((*target).clone()),
        }
    }

    for (index, pem) in inputs.current_csrs.iter().enumerate() {
        if claimed[index] && !renewed[index] {
            outcome.csrs_to_publish.push(pem.trim().to_owned());
        } else {
            outcome.withdrawn_csrs.push(pem.trim().to_owned());
        }
    }
    // New requests are appended (in target order), as the library appends them.
    for target in needs_new_csr {
        let unique_id = inputs.add_unique_id.then(&mut *new_unique_id);
        let csr = CertificateSigningRequest::build(inputs.key, target, unique_id.as_deref())?;
        outcome.csrs_to_publish.push(csr.pem().to_owned());
    }
    Ok(outcome)
}

/// `targets` without repetitions, first occurrence kept.
fn distinct(targets: &[CertificateTarget]) -> Vec<&CertificateTarget> {
    let mut seen = Vec::with_capacity(targets.len());
    for target in targets {
        if !seen.contains(&target) {
            seen.push(target);
        }
    }
    seen
}
