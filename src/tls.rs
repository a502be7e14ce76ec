//! The tls-certificates requirer step of a reconcile (APP mode, as the charmlibs v4 library).
//!
//! Given the certificate targets the state asks for, it makes sure our CSRs are published and
//! returns the TLS material issued so far. The rules (which CSRs to keep, which provider
//! certificates to accept, when to renew) are the pure [`charm_tls::requirer::reconcile`]; this
//! module only reads and writes Juju state around it.
//!
//! Hook-tool cost per hook, beyond what `gather` already read:
//! * the application key: one `secret-get --label` of the library's label
//!   ([`charm_tls::secret_label::private_key`]). When it is missing, the pre-1.9 label is tried,
//!   then a new RSA-2048 key is generated and stored with `secret-add` (owner application).
//!   The key never leaves the secret store except into the Kubernetes TLS Secrets.
//! * our CSR list: one `relation-set`, only when it changes.
//! * certificate secrets: as the library does, each accepted certificate is kept in an
//!   application-owned Juju secret labelled [`charm_tls::secret_label::certificate`] with
//!   content `{certificate, csr}` and `expire` at the certificate's renewal time (90 % of its
//!   validity). Its only job is to make Juju emit `secret-expired` at renewal time; the
//!   reconcile that event runs compares the clock with the certificate itself and requests a
//!   new one. To stay within the hook-tool budget the secrets are only looked up (one
//!   `secret-info-get` per served certificate, then `secret-add`, or `secret-set` when the
//!   provider re-issued for the same CSR) in `certificates` relation hooks, where provider data
//!   changes, and removed when their CSR is withdrawn. Renewal does not depend on them: every
//!   reconcile re-checks expiry, so a steady-state hook costs one `secret-get` and no writes.
//!
//! On `certificates-relation-broken` the relation is absent from the inputs: nothing is
//! requested and the TLS Secrets and HTTPS listeners are pruned by the plan. As the library
//! does when its sole relation of that name goes, the application key secret (under either
//! label) and every certificate secret of the relation are removed
//! ([`remove_secrets_of_broken_relation`]): a later relation starts with a new key. Cost: one
//! `secret-ids`, one `secret-info-get` per owned secret, one `secret-remove` per removed one.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::time::SystemTime;

use charm_tls::secret_label;
use charm_tls::{
    AcceptedCertificate, CsrError, KeyError, PrivateKey, PrivateKeyPem, RequirerInputs,
    RequirerOutcome,
};
use juju_hook::{
    Event, HookContext, HookTools, RelationEventKind, SecretOptions, SecretOwner, SecretRead,
    SecretSelector, ToolError,
};
use relation_data::tls_certificates::{
    CertificateRequest, ProviderCertificates, RequirerCertificateRequests,
};

use crate::gather::{JujuInputs, RelationSnapshot, endpoints};
use crate::state::{CertificateTarget, CertificatesInput, TlsMaterial};

/// Why the TLS step failed. No variant carries key material.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A hook tool failed.
    #[error(transparent)]
    Tool(#[from] ToolError),
    /// The stored key is unusable, or generating one failed.
    #[error("application private key: {0}")]
    Key(#[from] KeyError),
    /// Building a CSR failed.
    #[error("certificate signing request: {0}")]
    Csr(#[from] CsrError),
}

/// Publish CSRs for `targets` and return the certificates the provider issued for them.
pub fn reconcile(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    juju: &JujuInputs,
    targets: &BTreeSet<CertificateTarget>,
) -> Result<CertificatesInput, TlsError> {
    reconcile_at(ctx, tools, juju, targets, SystemTime::now())
}

/// [`reconcile`] at a given time.
pub fn reconcile_at(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    juju: &JujuInputs,
    targets: &BTreeSet<CertificateTarget>,
    now: SystemTime,
) -> Result<CertificatesInput, TlsError> {
    let Some(snapshot) = &juju.certificates else {
        if is_certificates_relation_broken(ctx) {
            remove_secrets_of_broken_relation(tools)?;
        }
        return Ok(CertificatesInput::default());
    };
    let related = CertificatesInput {
        related: true,
        ..Default::default()
    };
    if snapshot.id.is_none() {
        return Ok(related);
    }
    let (key, key_pem) = load_or_create_key(tools)?;

    let current_csrs = published_csrs(snapshot);
    let provider = read_provider(snapshot);
    let (provider_certificates, provider_request_errors) = library_provider_data(&provider);
    let library_targets: Vec<charm_tls::CertificateTarget> =
        targets.iter().map(library_target).collect();
    let outcome = charm_tls::reconcile(
        &RequirerInputs {
            targets: &library_targets,
            key: &key,
            current_csrs: &current_csrs,
            provider_certificates: &provider_certificates,
            provider_request_errors: &provider_request_errors,
            add_unique_id: true,
            now,
        },
        &mut charm_tls::unique_id::random_uuid_v4,
    )?;
    report(&outcome);

    let requests = RequirerCertificateRequests {
        requests: outcome
            .csrs_to_publish
            .iter()
            .map(|csr| CertificateRequest {
                certificate_signing_request: csr.clone(),
                ca: false,
            })
            .collect(),
    };
    crate::publish::write_if_changed(tools, snapshot, &requests.to_changes())?;

    for csr in &outcome.withdrawn_csrs {
        remove_certificate_secret(tools, csr)?;
    }
    if is_certificates_relation_event(ctx) {
        for accepted in outcome.certificates.values() {
            store_certificate_secret(tools, accepted)?;
        }
    }

    let issued: BTreeMap<String, TlsMaterial> = outcome
        .certificates
        .iter()
        .map(|(target, accepted)| {
            let material = TlsMaterial {
                certificate_chain_pem: accepted.chain_pem(),
                private_key_pem: key_pem.expose_secret().to_owned(),
            };
            (target.common_name(), material)
        })
        .collect();
    Ok(CertificatesInput {
        related: true,
        issued,
    })
}

/// The CSRs in our app bag, in bag order; none when the bag does not parse (it is rewritten).
pub fn published_csrs(snapshot: &RelationSnapshot) -> Vec<String> {
    let relation = snapshot
        .id
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    match RequirerCertificateRequests::read(
        relation,
        relation_data::BagOwner::App,
        &snapshot.local_app_data,
    ) {
        Ok(bag) => bag
            .requests
            .into_iter()
            .map(|r| r.certificate_signing_request)
            .collect(),
        Err(error) => {
            tracing::warn!("rewriting our unreadable certificate requests: {error}");
            Vec::new()
        }
    }
}

/// The provider's app bag; empty (with a warning) when it does not parse, as the library
/// ignores a bag it cannot read.
pub fn read_provider(snapshot: &RelationSnapshot) -> ProviderCertificates {
    let relation = snapshot
        .id
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    match ProviderCertificates::read(relation, &snapshot.remote_app_data) {
        Ok(provider) => provider,
        Err(error) => {
            tracing::warn!("ignoring the certificates provider's data: {error}");
            ProviderCertificates::default()
        }
    }
}

/// The provider's certificates and request errors as the TLS core takes them.
pub fn library_provider_data(
    provider: &ProviderCertificates,
) -> (
    Vec<charm_tls::ProviderCertificate>,
    Vec<charm_tls::ProviderRequestError>,
) {
    let certificates = provider
        .certificates
        .iter()
        .map(|entry| charm_tls::ProviderCertificate {
            certificate_signing_request: entry.certificate_signing_request.clone(),
            certificate: entry.certificate.clone(),
            ca: entry.ca.clone(),
            chain: entry.chain.clone(),
            revoked: entry.revoked,
        })
        .collect();
    let errors = provider
        .request_errors
        .iter()
        .map(|error| charm_tls::ProviderRequestError {
            csr: error.csr.clone(),
            code: error.error.code,
            name: error.error.name.clone(),
            message: error.error.message.clone(),
            reason: error.error.reason.clone(),
        })
        .collect();
    (certificates, errors)
}

/// The application key, if its secret exists (current label, then the pre-1.9 one).
pub fn read_key(
    tools: &mut dyn HookTools,
) -> Result<Option<(PrivateKey, PrivateKeyPem)>, TlsError> {
    let relation = endpoints::CERTIFICATES;
    for label in [
        secret_label::private_key(relation),
        secret_label::legacy_private_key(relation),
    ] {
        match tools.secret_get(&SecretSelector::Label(label), SecretRead::Tracked) {
            Ok(content) => {
                let pem = content
                    .get(secret_label::PRIVATE_KEY_CONTENT_KEY)
                    .ok_or(TlsError::Key(KeyError::InvalidPem))?;
                // Re-encoded as the library stores it (PKCS#1), held in a zeroizing wrapper.
                let key = PrivateKey::from_pem(pem)?;
                let pem = key.to_pem();
                return Ok(Some((key, pem)));
            }
            Err(ToolError::SecretNotFound { .. }) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Ok(None)
}

/// The state's target as the TLS core names it.
pub fn library_target(target: &CertificateTarget) -> charm_tls::CertificateTarget {
    match target {
        CertificateTarget::Hostname(hostname) => {
            charm_tls::CertificateTarget::Dns(hostname.clone())
        }
        CertificateTarget::Ip(ip) => charm_tls::CertificateTarget::Ip(IpAddr::V4(*ip)),
    }
}

/// Read the application key; generate and store one when there is none.
fn load_or_create_key(tools: &mut dyn HookTools) -> Result<(PrivateKey, PrivateKeyPem), TlsError> {
    let relation = endpoints::CERTIFICATES;
    if let Some(found) = read_key(tools)? {
        return Ok(found);
    }
    tracing::info!("generating the application private key");
    let key = PrivateKey::generate()?;
    let pem = key.to_pem();
    let content = BTreeMap::from([(
        secret_label::PRIVATE_KEY_CONTENT_KEY.to_owned(),
        pem.expose_secret().to_owned(),
    )]);
    tools.secret_add(
        &content,
        &SecretOptions {
            label: Some(secret_label::private_key(relation)),
            owner: Some(SecretOwner::Application),
            ..Default::default()
        },
    )?;
    Ok((key, pem))
}

/// Whether this hook is an event of the `certificates` relation (provider data may be new).
fn is_certificates_relation_event(ctx: &HookContext) -> bool {
    matches!(
        &ctx.event,
        Event::Relation { kind, relation, .. }
            if relation.endpoint == endpoints::CERTIFICATES && *kind != RelationEventKind::Broken
    )
}

/// Whether this hook is `certificates-relation-broken`.
fn is_certificates_relation_broken(ctx: &HookContext) -> bool {
    matches!(
        &ctx.event,
        Event::Relation { kind: RelationEventKind::Broken, relation, .. }
            if relation.endpoint == endpoints::CERTIFICATES
    )
}

/// Remove the application key secret (current and pre-1.9 label) and every certificate secret
/// of the `certificates` relation, found among the secrets the application owns. Returns how
/// many were removed. Secrets of other labels are left alone.
pub fn remove_secrets_of_broken_relation(tools: &mut dyn HookTools) -> Result<usize, TlsError> {
    let relation = endpoints::CERTIFICATES;
    let key_labels = [
        secret_label::private_key(relation),
        secret_label::legacy_private_key(relation),
    ];
    let certificate_prefix = secret_label::certificate_prefix(relation);
    let mut removed = 0;
    for id in tools.secret_ids()? {
        let info = match tools.secret_info_get(&SecretSelector::Id(id.clone())) {
            Ok(info) => info,
            Err(ToolError::SecretNotFound { .. }) => continue,
            Err(error) => return Err(error.into()),
        };
        let Some(label) = info.label.as_deref() else {
            continue;
        };
        if key_labels.iter().any(|key| key == label) || label.starts_with(&certificate_prefix) {
            match tools.secret_remove(&id, None) {
                Ok(()) => removed += 1,
                Err(ToolError::SecretNotFound { .. }) => {}
                Err(error) => return Err(error.into()),
            }
        }
    }
    if removed > 0 {
        tracing::info!("certificates relation removed: removed {removed} TLS secret(s)");
    }
    Ok(removed)
}

/// Keep `accepted` in its certificate secret (as the library does): added when missing,
/// updated when the provider re-issued for the same CSR (its expiry then differs).
fn store_certificate_secret(
    tools: &mut dyn HookTools,
    accepted: &AcceptedCertificate,
) -> Result<(), TlsError> {
    let label = secret_label::certificate(endpoints::CERTIFICATES, &accepted.csr);
    let expire = rfc3339(accepted.renew_at);
    let existing = match tools.secret_info_get(&SecretSelector::Label(label.clone())) {
        Ok(info) if info.expiry.as_deref() == Some(expire.as_str()) => return Ok(()),
        Ok(info) => Some(info.id),
        Err(ToolError::SecretNotFound { .. }) => None,
        Err(error) => return Err(error.into()),
    };
    let content = BTreeMap::from([
        (
            secret_label::CERTIFICATE_CONTENT_KEY.to_owned(),
            accepted.certificate.trim().to_owned(),
        ),
        (
            secret_label::CSR_CONTENT_KEY.to_owned(),
            accepted.csr.trim().to_owned(),
        ),
    ]);
    let options = SecretOptions {
        label: Some(label),
        expire: Some(expire),
        ..Default::default()
    };
    match existing {
        Some(id) => tools.secret_set(&id, &content, &options)?,
        None => {
            let options = SecretOptions {
                owner: Some(SecretOwner::Application),
                ..options
            };
            tools.secret_add(&content, &options)?;
        }
    }
    Ok(())
}

/// Remove the certificate secret of a withdrawn CSR, if there is one.
fn remove_certificate_secret(tools: &mut dyn HookTools, csr: &str) -> Result<(), TlsError> {
    let label = secret_label::certificate(endpoints::CERTIFICATES, csr);
    match tools.secret_info_get(&SecretSelector::Label(label)) {
        Ok(info) => Ok(tools.secret_remove(&info.id, None)?),
        Err(ToolError::SecretNotFound { .. }) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// `time` as RFC 3339 (UTC), as `secret-add --expire` takes it.
pub fn rfc3339(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(timestamp) => timestamp.to_string(),
        Err(_) => jiff::Timestamp::MAX.to_string(),
    }
}

/// Log what the TLS core refused, denied or renewed (never any key material).
fn report(outcome: &RequirerOutcome) {
    for refusal in &outcome.refused {
        match &refusal.target {
            Some(target) => {
                tracing::warn!("refusing the certificate for {target}: {}", refusal.reason)
            }
            None => tracing::warn!("refusing the provider's certificates: {}", refusal.reason),
        }
    }
    for denial in &outcome.denied {
        tracing::warn!("{denial}");
    }
    for renewal in &outcome.renewals {
        tracing::info!(
            "requesting a new certificate for {} ({:?})",
            renewal.target,
            renewal.reason
        );
    }
}
