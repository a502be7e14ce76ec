//! The acceptance and renewal rules applied to one provider entry (see [`crate::requirer`]).

use crate::certificate::Certificate;
use crate::chain;
use crate::csr::CertificateSigningRequest;
use crate::error::CertificateError;
use crate::requirer::{
    AcceptedCertificate, DeniedRequest, ProviderCertificate, Refusal, RefusalReason, RenewalReason,
    RequirerInputs, RequirerOutcome,
};
use crate::target::CertificateTarget;

/// A provider entry with every PEM parsed.
pub(crate) struct ParsedEntry<'a> {
    pub(crate) raw: &'a ProviderCertificate,
    pub(crate) csr: CertificateSigningRequest,
    certificate: Certificate,
    ca: Certificate,
    chain: Vec<Certificate>,
}

/// Parses every provider entry; a PEM that fails to parse rejects the whole bag (library rule).
pub(crate) fn parse_provider_certificates<'a>(
    inputs: &RequirerInputs<'a>,
    outcome: &mut RequirerOutcome,
) -> (Vec<ParsedEntry<'a>>, bool) {
    let mut entries = Vec::new();
    for raw in inputs.provider_certificates {
        match parse_entry(raw) {
            Ok(entry) => entries.push(entry),
            Err(reason) => {
                let target = CertificateSigningRequest::from_pem(&raw.certificate_signing_request)
                    .ok()
                    .and_then(|csr| {
                        inputs
                            .targets
                            .iter()
                            .find(|t| csr.is_request_for(t, inputs.key, inputs.add_unique_id))
                            .cloned()
                    });
                outcome.refused.push(Refusal { target, reason });
                return (Vec::new(), true);
            }
        }
    }
    (entries, false)
}

fn parse_entry(raw: &ProviderCertificate) -> Result<ParsedEntry<'_>, RefusalReason> {
    let certificate_error = |field: &'static str| {
        move |error: CertificateError| RefusalReason::MalformedPem {
            field,
            detail: error.to_string(),
        }
    };
    let csr =
        CertificateSigningRequest::from_pem(&raw.certificate_signing_request).map_err(|error| {
            RefusalReason::MalformedPem {
                field: "certificate_signing_request",
                detail: error.to_string(),
            }
        })?;
    let certificate =
        Certificate::from_pem(&raw.certificate).map_err(certificate_error("certificate"))?;
    let ca = Certificate::from_pem(&raw.ca).map_err(certificate_error("ca"))?;
    let chain = raw
        .chain
        .iter()
        .map(|pem| Certificate::from_pem(pem))
        .collect::<Result<Vec<_>, _>>()
        .map_err(certificate_error("chain"))?;
    Ok(ParsedEntry {
        raw,
        csr,
        certificate,
        ca,
        chain,
    })
}

/// What the rules decide for one target's provider entry.
#[derive(Default)]
pub(crate) struct Verdict {
    pub(crate) served: Option<AcceptedCertificate>,
    pub(crate) renewal: Option<RenewalReason>,
    pub(crate) refusal: Option<RefusalReason>,
}

/// Applies the acceptance and renewal rules to the entry answering `target`'s CSR.
pub(crate) fn judge_entry(
    inputs: &RequirerInputs<'_>,
    target: &CertificateTarget,
    entry: &ParsedEntry<'_>,
) -> Verdict {
    if entry.raw.revoked {
        return Verdict {
            renewal: Some(RenewalReason::Revoked),
            ..Verdict::default()
        };
    }
    let leaf = &entry.certificate;
    let refusal = if leaf.is_ca() {
        Some(RefusalReason::CaFlagMismatch)
    } else if leaf.public_key() != inputs.key.public_key() {
        Some(RefusalReason::PublicKeyMismatch)
    } else if !leaf.covers(target) {
        Some(RefusalReason::SubjectMismatch)
    } else {
        None
    };
    if refusal.is_some() {
        return Verdict {
            refusal,
            ..Verdict::default()
        };
    }
    if inputs.now >= leaf.not_after() {
        return Verdict {
            renewal: Some(RenewalReason::Expired),
            ..Verdict::default()
        };
    }
    let renewal = (inputs.now >= leaf.renew_at()).then_some(RenewalReason::Expiring);
    let served = AcceptedCertificate {
        csr: entry.raw.certificate_signing_request.clone(),
        certificate: entry.raw.certificate.clone(),
        ca: entry.raw.ca.clone(),
        chain: chain::leaf_first(leaf, &entry.ca, &entry.chain)
            .iter()
            .map(|certificate| certificate.pem().to_owned())
            .collect(),
        not_before: leaf.not_before(),
        expires_at: leaf.not_after(),
        renew_at: leaf.renew_at(),
    };
    Verdict {
        served: Some(served),
        renewal,
        refusal: None,
    }
}

pub(crate) fn record_denial(
    inputs: &RequirerInputs<'_>,
    target: &CertificateTarget,
    csr: &CertificateSigningRequest,
    outcome: &mut RequirerOutcome,
) {
    let denial = inputs.provider_request_errors.iter().find(|error| {
        CertificateSigningRequest::from_pem(&error.csr).is_ok_and(|denied| &denied == csr)
    });
    if let Some(error) = denial {
        outcome.denied.push(DeniedRequest {
            target: target.clone(),
            error: error.clone(),
        });
    }
}
