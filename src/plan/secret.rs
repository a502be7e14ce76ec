//! TLS Secrets: `{app}-secret-{host}`, type `kubernetes.io/tls`.

use std::collections::BTreeMap;

use charm_cluster::Kind;
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;

use crate::state::TlsMaterial;

use super::{DesiredObject, desired, names, object_meta};

/// The Secret holding the certificate chain and key for `host` (a hostname or the gateway IP),
/// owned by `app` in `namespace`.
pub(super) fn render(app: &str, namespace: &str, host: &str, tls: &TlsMaterial) -> DesiredObject {
    let secret = Secret {
        metadata: object_meta(app, namespace, names::tls_secret_name(app, host)),
        type_: Some("kubernetes.io/tls".to_owned()),
        data: Some(BTreeMap::from([
            (
                "tls.crt".to_owned(),
                ByteString(tls.certificate_chain_pem.as_bytes().to_vec()),
            ),
            (
                "tls.key".to_owned(),
                ByteString(tls.private_key_pem.as_bytes().to_vec()),
            ),
        ])),
        ..Secret::default()
    };
    desired(Kind::Secret, &secret)
}
