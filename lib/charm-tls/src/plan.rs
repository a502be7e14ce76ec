//! One hook's tls-certificates requirer step (APP mode), decided from gathered inputs.
//!
//! The charm gathers the relation (our CSR bag, the provider's bag), the application key and,
//! in `certificates` relation hooks, the metadata of the certificate secrets; [`plan`] then
//! returns every effect as data: the CSR bag write, the secret operations, the certificates to
//! serve and the log lines. It behaves as the charmlibs library does:
//!
//! * the application key lives in an application-owned secret labelled
//!   [`secret_label::private_key`] (a key the charm had to generate is stored with `secret-add`);
//! * each accepted certificate is kept in a secret labelled [`secret_label::certificate`] with
//!   content `{certificate, csr}` and `expire` at its renewal time, so Juju emits
//!   `secret-expired` then. These secrets are looked up only in `certificates` relation hooks,
//!   where provider data changes; renewal itself never depends on them (every plan compares the
//!   clock with the certificate);
//! * the secret of a withdrawn CSR is removed;
//! * when the relation is broken, the key and every certificate secret of the relation are
//!   removed ([`cleanup_on_broken`]), and a later relation starts with a new key.

use std::collections::BTreeMap;
use std::time::SystemTime;

use juju_hook::{
    BagWrite, Note, RelationSnapshot, SecretContent, SecretInfo, SecretOp, SecretOptions,
    SecretOwner, bag_write,
};
use relation_data::BagOwner;
use relation_data::tls_certificates::{
    CertificateRequest, ProviderCertificates, RequirerCertificateRequests,
};

use crate::csr::CertificateSigningRequest;
use crate::error::CsrError;
use crate::key::PrivateKey;
use crate::requirer::{AcceptedCertificate, DeniedRequest, RequirerInputs, RequirerOutcome};
use crate::secret_label;
use crate::target::CertificateTarget;
use crate::unique_id::UniqueIds;

/// The application key as gathered.
#[derive(Debug, Clone)]
pub enum KeyInput {
    /// Read from its secret.
    Stored(PrivateKey),
    /// Generated in this hook because no secret holds one; the plan stores it.
    Generated(PrivateKey),
}

impl KeyInput {
    /// The key.
    pub fn key(&self) -> &PrivateKey {
        match self {
            KeyInput::Stored(key) | KeyInput::Generated(key) => key,
        }
    }
}

/// What the requirer step reads.
#[derive(Debug, Clone, Copy)]
pub struct TlsInputs<'a> {
    /// The requirer endpoint's name (part of every secret label), e.g. `certificates`.
    pub endpoint: &'a str,
    /// The relation: our application bag (our CSRs) and the provider's application bag.
    pub relation: &'a RelationSnapshot,
    /// The application key.
    pub key: &'a KeyInput,
    /// `secret-info-get` of each certificate secret label [`certificate_secret_labels`] names
    /// (`None`: absent), read in `certificates` relation hooks only; `None` in other hooks,
    /// which then leave the certificate secrets as they are.
    pub certificate_secrets: Option<&'a BTreeMap<String, Option<SecretInfo>>>,
    /// The current time.
    pub now: SystemTime,
}

/// Every effect of the step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TlsPlan {
    /// The write of our CSR list, when it changes.
    pub csr_write: Option<BagWrite>,
    /// Secret operations, in order (the key first).
    pub secrets: Vec<SecretOp>,
    /// Certificates to serve, by target.
    pub accepted: BTreeMap<CertificateTarget, AcceptedCertificate>,
    /// Targets without a certificate to serve, in target order.
    pub pending: Vec<CertificateTarget>,
    /// Provider denials of our requests.
    pub denied: Vec<DeniedRequest>,
    /// Log lines (never key material).
    pub notes: Vec<Note>,
}

/// The CSRs in our application bag, in bag order; none when the bag does not parse (it is then
/// rewritten).
pub fn published_csrs(relation: &RelationSnapshot) -> Vec<String> {
    RequirerCertificateRequests::read(&relation.id, BagOwner::App, &relation.local_app_data)
        .map(|bag| {
            bag.requests
                .into_iter()
                .map(|request| request.certificate_signing_request)
                .collect()
        })
        .unwrap_or_default()
}

/// The provider's application bag; empty when it does not parse (the library ignores a bag it
/// cannot read).
pub fn provider_data(relation: &RelationSnapshot) -> ProviderCertificates {
    ProviderCertificates::read(&relation.id, &relation.remote_app_data).unwrap_or_default()
}

/// The targets our published CSRs request (for our key), in bag order: what a charm keeps
/// requesting while it cannot tell what it should serve (e.g. its configuration is invalid).
pub fn published_targets(relation: &RelationSnapshot, key: &PrivateKey) -> Vec<CertificateTarget> {
    published_csrs(relation)
        .iter()
        .filter_map(|pem| CertificateSigningRequest::from_pem(pem).ok())
        .filter(|csr| csr.public_key() == key.public_key())
        .filter_map(|csr| csr.target())
        .collect()
}

/// Labels of the certificate secrets a `certificates` relation hook reads: one per CSR of ours
/// that the provider answered.
pub fn certificate_secret_labels(endpoint: &str, relation: &RelationSnapshot) -> Vec<String> {
    let provider = provider_data(relation);
    published_csrs(relation)
        .iter()
        .filter(|csr| provider.for_csr(csr).is_some())
        .map(|csr| secret_label::certificate(endpoint, csr))
        .collect()
}

/// Decide the step for `targets` (hostnames, then IPs). `ids` supplies the unique identifier
/// of each new CSR.
pub fn plan(
    inputs: &TlsInputs<'_>,
    targets: &[CertificateTarget],
    ids: &mut UniqueIds,
) -> Result<TlsPlan, CsrError> {
    let mut plan = TlsPlan::default();
    if let KeyInput::Generated(key) = inputs.key {
        plan.notes
            .push(Note::info("generating the application private key"));
        plan.secrets.push(SecretOp::Add {
            content: SecretContent(BTreeMap::from([(
                secret_label::PRIVATE_KEY_CONTENT_KEY.to_owned(),
                key.to_pem().expose_secret().to_owned(),
            )])),
            options: SecretOptions {
                label: Some(secret_label::private_key(inputs.endpoint)),
                owner: Some(SecretOwner::Application),
                ..SecretOptions::default()
            },
        });
    }
    let relation = inputs.relation;
    if let Err(error) =
        RequirerCertificateRequests::read(&relation.id, BagOwner::App, &relation.local_app_data)
    {
        plan.notes.push(Note::warning(format!(
            "rewriting our unreadable certificate requests: {error}"
        )));
    }
    if let Err(error) = ProviderCertificates::read(&relation.id, &relation.remote_app_data) {
        plan.notes.push(Note::warning(format!(
            "ignoring the certificates provider's data: {error}"
        )));
    }
    let current_csrs = published_csrs(relation);
    let provider = provider_data(relation);
    let outcome = crate::requirer::reconcile(
        &RequirerInputs {
            targets,
            key: inputs.key.key(),
            current_csrs: &current_csrs,
            provider_certificates: &provider.certificates,
            provider_request_errors: &provider.request_errors,
            add_unique_id: true,
            now: inputs.now,
        },
        &mut || ids.next_id(),
    )?;
    plan.notes.extend(notes(&outcome));
    let wanted = RequirerCertificateRequests {
        requests: outcome
            .csrs_to_publish
            .iter()
            .map(|csr| CertificateRequest {
                certificate_signing_request: csr.clone(),
                ca: false,
            })
            .collect(),
    };
    plan.csr_write = bag_write(
        &inputs.relation.id,
        &inputs.relation.local_app_data,
        &wanted.to_databag(),
        RequirerCertificateRequests::KEYS,
    );
    for csr in &outcome.withdrawn_csrs {
        plan.secrets.push(SecretOp::RemoveByLabel {
            label: secret_label::certificate(inputs.endpoint, csr),
        });
    }
    if let Some(known) = inputs.certificate_secrets {
        for accepted in outcome.certificates.values() {
            plan.secrets
                .extend(store_certificate(inputs.endpoint, known, accepted));
        }
    }
    plan.accepted = outcome.certificates;
    plan.pending = outcome.pending;
    plan.denied = outcome.denied;
    Ok(plan)
}

/// The secrets to remove when the relation `endpoint` is broken, among the secrets the
/// application owns: the key (either label) and every certificate secret of the relation.
pub fn cleanup_on_broken(endpoint: &str, owned: &[SecretInfo]) -> Vec<SecretOp> {
    let key_labels = [
        secret_label::private_key(endpoint),
        secret_label::legacy_private_key(endpoint),
    ];
    let certificate_prefix = secret_label::certificate_prefix(endpoint);
    owned
        .iter()
        .filter(|info| {
            info.label.as_deref().is_some_and(|label| {
                key_labels.iter().any(|key| key == label) || label.starts_with(&certificate_prefix)
            })
        })
        .map(|info| SecretOp::Remove {
            id: info.id.clone(),
            revision: None,
        })
        .collect()
}

/// `time` as RFC 3339 (UTC), as `secret-add --expire` takes it.
pub fn rfc3339(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(timestamp) => timestamp.to_string(),
        Err(_) => jiff::Timestamp::MAX.to_string(),
    }
}

/// Keep `accepted` in its certificate secret: added when missing, a new revision when the
/// provider re-issued for the same CSR (its expiry then differs), nothing when current.
fn store_certificate(
    endpoint: &str,
    known: &BTreeMap<String, Option<SecretInfo>>,
    accepted: &AcceptedCertificate,
) -> Option<SecretOp> {
    let label = secret_label::certificate(endpoint, &accepted.csr);
    let expire = rfc3339(accepted.renew_at);
    let existing = match known.get(&label)? {
        Some(info) if info.expiry.as_deref() == Some(expire.as_str()) => return None,
        Some(info) => Some(info.id.clone()),
        None => None,
    };
    let content = SecretContent(BTreeMap::from([
        (
            secret_label::CERTIFICATE_CONTENT_KEY.to_owned(),
            accepted.certificate.trim().to_owned(),
        ),
        (
            secret_label::CSR_CONTENT_KEY.to_owned(),
            accepted.csr.trim().to_owned(),
        ),
    ]));
    let options = SecretOptions {
        label: Some(label),
        expire: Some(expire),
        ..SecretOptions::default()
    };
    Some(match existing {
        Some(id) => SecretOp::Set {
            id,
            content,
            options,
        },
        None => SecretOp::Add {
            content,
            options: SecretOptions {
                owner: Some(SecretOwner::Application),
                ..options
            },
        },
    })
}

/// What the library's reconcile refused, denied or renewed, as log lines.
fn notes(outcome: &RequirerOutcome) -> Vec<Note> {
    let mut notes = Vec::new();
    for refusal in &outcome.refused {
        notes.push(Note::warning(match &refusal.target {
            Some(target) => format!("refusing the certificate for {target}: {}", refusal.reason),
            None => format!("refusing the provider's certificates: {}", refusal.reason),
        }));
    }
    for denial in &outcome.denied {
        notes.push(Note::warning(denial.to_string()));
    }
    for renewal in &outcome.renewals {
        notes.push(Note::info(format!(
            "requesting a new certificate for {} ({:?})",
            renewal.target, renewal.reason
        )));
    }
    notes
}
