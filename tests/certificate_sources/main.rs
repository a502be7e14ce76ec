//! Certificates from other sources than the tls-certificates relation: cert-manager
//! (`cert-manager-issuer`), the operator's Secret (`tls-secret-name`), and subdomain routing
//! with per-application or wildcard certificates. Exact listeners, Secrets, statuses and URLs;
//! the foreign Secrets are never touched. `real_server.rs` runs the same on the real API server.

mod cert_manager;
mod operator_secret;
mod real_server;
mod subdomain;

use charm_cluster::{InMemoryCluster, Kind};
use charm_tls::{CertificateSigningRequest, CertificateTarget};
use integrator_fixtures::ca::TestCa;
use integrator_fixtures::tls::{day, key, key_pem};
use integrator_fixtures::{APP, MODEL};
use k8s_openapi::ByteString;
use serde_json::{Value, json};

/// The Gateway's address.
pub const ADDRESS: &str = "10.0.0.7";

/// A certificate for `names` (the first is the CN), issued by `ca` for the golden key.
pub fn certificate(ca: &TestCa, name: &str) -> String {
    let csr = CertificateSigningRequest::build(&key(), &CertificateTarget::Dns(name.into()), None)
        .expect("a CSR");
    ca.issue(csr.pem(), day(-1), day(89))
}

/// A `kubernetes.io/tls` Secret `name` of someone else's, holding `certificate`.
pub fn tls_secret(name: &str, certificate: &str) -> Value {
    let b64 = |text: &str| serde_json::to_value(ByteString(text.as_bytes().to_vec())).unwrap();
    json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
           "metadata": {"name": name, "namespace": MODEL, "labels": {"team": "platform"}},
           "data": {"tls.crt": b64(certificate), "tls.key": b64(&key_pem())}})
}

/// `(name, hostname, certificateRefs[0].name)` of each HTTPS listener of our Gateway.
pub fn https_listeners(cluster: &InMemoryCluster) -> Vec<(String, String, String)> {
    integrator_fixtures::tls::https_listeners(cluster)
}

/// Names of the Secrets in our namespace (ours and others').
pub fn secrets(cluster: &InMemoryCluster) -> Vec<String> {
    cluster
        .names(Kind::Secret)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The Gateway's annotations, without the fingerprint.
pub fn gateway_annotations(cluster: &InMemoryCluster) -> Value {
    let mut annotations =
        cluster.object(Kind::Gateway, APP).unwrap()["metadata"]["annotations"].clone();
    if let Some(map) = annotations.as_object_mut() {
        map.remove("gateway-api-integrator.charm.juju.is/fingerprint");
    }
    annotations
}
