//! The secrets the tls-certificates requirer step reads (see [`charm_tls::plan`]).

use std::collections::BTreeMap;

use charm_tls::plan::{KeyInput, certificate_secret_labels};
use charm_tls::{KeyError, PrivateKey, secret_label};
use juju_hook::{
    Event, HookContext, HookTools, RelationEventKind, RelationSnapshot, SecretInfo, SecretRead,
    SecretSelector, ToolError,
};

use super::endpoints::CERTIFICATES;

/// What the TLS step read.
#[derive(Debug, Clone, Default)]
pub struct TlsGathered {
    /// The application key, with a `certificates` relation: stored, or generated because no
    /// secret holds one (not in actions); an error when the stored one is unusable.
    pub key: Option<Result<KeyInput, KeyError>>,
    /// `secret-info-get` of each certificate secret the step may update, in `certificates`
    /// relation hooks only.
    pub certificate_secrets: Option<BTreeMap<String, Option<SecretInfo>>>,
    /// Every secret the application owns, on `certificates-relation-broken` only.
    pub owned_secrets: Option<Vec<SecretInfo>>,
}

/// Read the key (and, in `certificates` relation hooks, the certificate secrets) when the
/// relation exists; the owned secrets when it is being broken. Without a stored key, one is
/// generated when `generate_key` (the plan stores it).
pub fn gather_tls(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    relation: Option<&RelationSnapshot>,
    generate_key: bool,
) -> Result<TlsGathered, ToolError> {
    let mut gathered = TlsGathered::default();
    let Some(relation) = relation else {
        if certificates_event(ctx) == Some(RelationEventKind::Broken) {
            gathered.owned_secrets = Some(owned_secrets(tools)?);
        }
        return Ok(gathered);
    };
    gathered.key = match read_key(tools)? {
        Some(Ok(key)) => Some(Ok(KeyInput::Stored(key))),
        Some(Err(error)) => Some(Err(error)),
        None if generate_key => Some(PrivateKey::generate().map(KeyInput::Generated)),
        None => None,
    };
    if matches!(certificates_event(ctx), Some(kind) if kind != RelationEventKind::Broken) {
        let mut infos = BTreeMap::new();
        for label in certificate_secret_labels(CERTIFICATES, relation) {
            let info = match tools.secret_info_get(&SecretSelector::Label(label.clone())) {
                Ok(info) => Some(info),
                Err(ToolError::SecretNotFound { .. }) => None,
                Err(error) => return Err(error),
            };
            infos.insert(label, info);
        }
        gathered.certificate_secrets = Some(infos);
    }
    Ok(gathered)
}

/// The application key, if a secret holds it (current label, then the pre-1.9 one). The PEM
/// is re-encoded as the library stores it (PKCS#1) and held in a zeroizing wrapper.
pub fn read_key(
    tools: &mut dyn HookTools,
) -> Result<Option<Result<PrivateKey, KeyError>>, ToolError> {
    for label in [
        secret_label::private_key(CERTIFICATES),
        secret_label::legacy_private_key(CERTIFICATES),
    ] {
        match tools.secret_get(&SecretSelector::Label(label), SecretRead::Tracked) {
            Ok(content) => {
                return Ok(Some(
                    content
                        .get(secret_label::PRIVATE_KEY_CONTENT_KEY)
                        .ok_or(KeyError::InvalidPem)
                        .and_then(|pem| PrivateKey::from_pem(pem)),
                ));
            }
            Err(ToolError::SecretNotFound { .. }) => continue,
            Err(error) => return Err(error),
        }
    }
    Ok(None)
}

/// The kind of this hook when it is a `certificates` relation event.
fn certificates_event(ctx: &HookContext) -> Option<RelationEventKind> {
    match &ctx.event {
        Event::Relation { kind, relation, .. } if relation.endpoint == CERTIFICATES => Some(*kind),
        _ => None,
    }
}

/// `secret-ids`, then `secret-info-get` of each (a secret gone meanwhile is skipped).
fn owned_secrets(tools: &mut dyn HookTools) -> Result<Vec<SecretInfo>, ToolError> {
    let mut owned = Vec::new();
    for id in tools.secret_ids()? {
        match tools.secret_info_get(&SecretSelector::Id(id)) {
            Ok(info) => owned.push(info),
            Err(ToolError::SecretNotFound { .. }) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(owned)
}
