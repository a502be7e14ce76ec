//! Helpers for the TLS tests: an ingress deployment with a `certificates` relation, the golden
//! requirer key in its Juju secret, and a real test CA.

use std::time::{Duration, SystemTime};

use charm_cluster::{InMemoryCluster, Kind};
use charm_tls::{CertificateSigningRequest, PrivateKey, secret_label};
use juju_hook::Databag;
use juju_hook::Event;
use juju_hook_testing::{EventExt, Relation, Secret, SecretOwnership, State};
use relation_data::BagOwner;
use relation_data::tls_certificates::{
    ProviderCertificate, ProviderCertificates, RequirerCertificateRequests,
};

use crate::ca::TestCa;
use crate::golden;
pub use crate::step;
use crate::{APP, cluster, leader_state};

/// The served hostname (the golden requirer bag's CN too).
pub const HOST: &str = "www.example.com";
/// The certificates relation id.
pub const CERTS: u64 = 7;
/// The ingress relation id.
pub const INGRESS: u64 = 3;
/// The provider application.
pub const PROVIDER: &str = "self-signed-certificates";
/// The Gateway address the tests use.
pub const ADDRESS: &str = "10.0.0.7";

/// The golden requirer key as stored in the key secret.
pub fn key_pem() -> String {
    golden::read("tls/requirer-key.pem").trim().to_owned()
}

/// The golden requirer key.
pub fn key() -> PrivateKey {
    PrivateKey::from_pem(&key_pem()).expect("golden key parses")
}

/// The library's app key secret holding the golden key.
pub fn key_secret() -> Secret {
    Secret::new("secret:cv1tlskey000000000", [("private-key", key_pem())])
        .label(secret_label::private_key("certificates"))
        .owner(SecretOwnership::App)
}

/// The ingress requirer (port 8080).
pub fn ingress_relation() -> Relation {
    crate::ingress_relation(8080)
}

/// The certificates relation, empty on both sides.
pub fn certificates_relation() -> Relation {
    Relation::new("certificates", "tls-certificates", CERTS, PROVIDER)
        .remote_unit(format!("{PROVIDER}/0"), Databag::new())
}

/// Leader with gateway-class, external-hostname, ingress and the key secret (no certificates
/// relation yet); HTTPS is enforced (the default).
pub fn base_state() -> State {
    leader_state()
        .config("gateway-class", "cilium")
        .config("external-hostname", HOST)
        .relation(ingress_relation())
        .secret(key_secret())
}

/// Deploy with plain HTTP, give the Gateway its address, then relate `certificates`
/// (relation-created): our CSR is published.
pub fn related() -> (State, InMemoryCluster) {
    let mut cluster = cluster();
    let state = base_state().config("enforce-https", false);
    let state = step(Event::ConfigChanged, state, &mut cluster);
    assert!(cluster.set_gateway_address(APP, ADDRESS));
    let state = relate_certificates(state, &mut cluster);
    (state, cluster)
}

/// HTTPS enforced (once the certificate is in), certificate issued by a fresh test CA and
/// served, Gateway at [`ADDRESS`]: Active.
pub fn serving() -> (State, InMemoryCluster) {
    let ca = TestCa::new();
    let (state, mut cluster) = related();
    let csrs = our_csrs(&state);
    let state = with_provider(state, vec![issued(&ca, &csrs[0], day(-1), day(89))]);
    let event = Event::relation_changed(
        state.get_relation(CERTS).unwrap(),
        Some("self-signed-certificates/0"),
    );
    let state = step(event, state, &mut cluster);
    assert_eq!(state.unit_status, Some(active()));
    assert!(tls_secret(&cluster, HOST).is_some());
    (state, cluster)
}

/// Enforce HTTPS and relate `certificates` (relation-created): our CSR is published.
pub fn relate_certificates(state: State, cluster: &mut InMemoryCluster) -> State {
    let state = state
        .config("enforce-https", true)
        .relation(certificates_relation());
    step(
        Event::relation_created(&certificates_relation()),
        state,
        cluster,
    )
}

/// The CSRs in our app bag on the certificates relation.
pub fn our_csrs(state: &State) -> Vec<String> {
    let bag = &state.get_relation(CERTS).unwrap().local_app_data;
    let requests = RequirerCertificateRequests::read("certificates:7", BagOwner::App, bag)
        .expect("our bag parses");
    for request in &requests.requests {
        assert!(!request.ca, "we never ask for a CA");
    }
    requests
        .requests
        .into_iter()
        .map(|r| r.certificate_signing_request)
        .collect()
}

/// Parse a CSR.
pub fn csr(pem: &str) -> CertificateSigningRequest {
    CertificateSigningRequest::from_pem(pem).expect("our CSR parses")
}

/// The test's "now": the clock at first use, whole seconds (certificates carry seconds), fixed
/// for the whole test process so certificate times relate exactly.
pub fn now() -> SystemTime {
    static NOW: std::sync::OnceLock<SystemTime> = std::sync::OnceLock::new();
    *NOW.get_or_init(|| {
        let secs = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    })
}

/// `days` days (may be negative) from `now()`.
pub fn day(days: i64) -> SystemTime {
    let offset = Duration::from_secs(days.unsigned_abs() * 86_400);
    if days < 0 {
        now() - offset
    } else {
        now() + offset
    }
}

/// A provider entry issued by `ca` for `csr`, chain `[leaf, ca]`.
pub fn issued(
    ca: &TestCa,
    csr: &str,
    not_before: SystemTime,
    not_after: SystemTime,
) -> ProviderCertificate {
    let leaf = ca.issue(csr, not_before, not_after);
    ProviderCertificate {
        ca: ca.pem().to_owned(),
        certificate_signing_request: csr.to_owned(),
        certificate: leaf.clone(),
        chain: vec![leaf, ca.pem().to_owned()],
        revoked: false,
    }
}

/// Replace the provider's app bag with these entries.
pub fn with_provider(mut state: State, entries: Vec<ProviderCertificate>) -> State {
    let bag = ProviderCertificates {
        certificates: entries,
        ..Default::default()
    }
    .to_databag();
    state.get_relation_mut(CERTS).unwrap().remote_app_data = bag;
    state
}

/// `(tls.crt, tls.key)` of the TLS Secret for `host`, if it exists.
pub fn tls_secret(cluster: &InMemoryCluster, host: &str) -> Option<(String, String)> {
    let secret = cluster.object(Kind::Secret, &format!("{APP}-secret-{host}"))?;
    assert_eq!(secret["type"], "kubernetes.io/tls");
    let field = |name: &str| {
        let bytes: k8s_openapi::ByteString =
            serde_json::from_value(secret["data"][name].clone()).expect("base64 data");
        String::from_utf8(bytes.0).unwrap()
    };
    Some((field("tls.crt"), field("tls.key")))
}

/// Names of the Secrets in the cluster.
pub fn secret_names(cluster: &InMemoryCluster) -> Vec<String> {
    cluster
        .names(Kind::Secret)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// `(name, hostname, secret)` of each HTTPS listener of our Gateway.
pub fn https_listeners(cluster: &InMemoryCluster) -> Vec<(String, String, String)> {
    let gateway = cluster.object(Kind::Gateway, APP).expect("gateway exists");
    gateway["spec"]["listeners"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["protocol"] == "HTTPS")
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_owned(),
                l["hostname"].as_str().unwrap_or_default().to_owned(),
                l["tls"]["certificateRefs"][0]["name"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect()
}

/// The certificate secret the library would keep for `csr`.
pub fn certificate_secret<'a>(state: &'a State, csr: &str) -> Option<&'a Secret> {
    state.get_secret_by_label(&secret_label::certificate("certificates", csr))
}

/// The waiting status for `hosts`.
pub fn waiting_for(hosts: &str) -> juju_hook::Status {
    juju_hook::Status::Waiting(format!(
        "Waiting for TLS certificates to be issued for: {hosts}."
    ))
}

/// The Active status with the test address.
pub fn active() -> juju_hook::Status {
    juju_hook::Status::Active(format!("Gateway addresses: {ADDRESS}"))
}
