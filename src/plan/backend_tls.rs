//! TLS from the Gateway to the backends that speak HTTPS (ingress v2 `scheme: https`): one
//! `gateway.networking.k8s.io/v1` BackendTLSPolicy per Service with HTTPS ports, each port a
//! `targetRefs` entry (`sectionName` = the port's name), validating the certificate for the
//! workload's cluster DNS name against the CA certificates received over `receive-ca-cert` —
//! one ConfigMap of ours, key `ca.crt` — or, when none was received, the system roots
//! (`wellKnownCACertificates: System`). Nothing when the cluster's Gateway API does not serve
//! BackendTLSPolicy: the status names the backends left without TLS ([`unserved_note`]).

use std::collections::{BTreeMap, BTreeSet};

use charm_cluster::Kind;
use k8s_openapi::api::core::v1::ConfigMap;
use serde_json::{Value, json};

use crate::state::{CharmState, RelationRef};

use super::{
    Backend, BackendProtocol, DesiredObject, desired, endpoint_slice, names, object_meta,
    relation_object_meta,
};

/// The key of the CA ConfigMap that holds the PEM bundle (the Gateway API's convention).
pub const CA_KEY: &str = "ca.crt";

/// One HTTPS Service: the name to validate, its HTTPS ports and the relations it serves.
struct HttpsService<'a> {
    hostname: &'a str,
    ports: BTreeSet<u16>,
    relations: BTreeSet<&'a RelationRef>,
}

/// The HTTPS Services of `backends`, by name.
fn https_services(backends: &[Backend]) -> BTreeMap<&str, HttpsService<'_>> {
    let mut services: BTreeMap<&str, HttpsService<'_>> = BTreeMap::new();
    for backend in backends {
        let target = &backend.service;
        let BackendProtocol::Https { hostname } = &target.protocol else {
            continue;
        };
        let service = services
            .entry(target.name.as_str())
            .or_insert_with(|| HttpsService {
                hostname,
                ports: BTreeSet::new(),
                relations: BTreeSet::new(),
            });
        service.ports.insert(target.port);
        service.relations.insert(&backend.relation);
    }
    services
}

/// The CA ConfigMap (when certificates were received) and the BackendTLSPolicies, for the
/// HTTPS backends among `backends`; nothing without any, or when the kind is not served.
pub(super) fn render_all(state: &CharmState, backends: &[Backend]) -> Vec<DesiredObject> {
    let services = https_services(backends);
    if services.is_empty() || !state.backend_tls.policy_served {
        return Vec::new();
    }
    let mut objects = Vec::new();
    let config_map = state.backend_tls.ca_bundle().map(|bundle| {
        let name = names::backend_ca_config_map_name(&state.app_name);
        let map = ConfigMap {
            metadata: object_meta(&state.app_name, &state.namespace, name.clone()),
            data: Some(BTreeMap::from([(CA_KEY.to_owned(), bundle)])),
            ..ConfigMap::default()
        };
        objects.push(desired(Kind::ConfigMap, &map));
        name
    });
    let validation = |hostname: &str| match &config_map {
        Some(name) => json!({
            "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": name}],
            "hostname": hostname,
        }),
        None => json!({"hostname": hostname, "wellKnownCACertificates": "System"}),
    };
    for (service, https) in &services {
        let name = names::backend_tls_policy_name(service);
        let metadata = match https.relations.iter().collect::<Vec<_>>().as_slice() {
            [only] => relation_object_meta(&state.app_name, &state.namespace, name, only),
            _ => object_meta(&state.app_name, &state.namespace, name),
        };
        let target_refs: Vec<Value> = https
            .ports
            .iter()
            .map(|port| {
                json!({"group": "", "kind": "Service", "name": service,
                       "sectionName": endpoint_slice::port_name(i32::from(*port))})
            })
            .collect();
        let kind = Kind::BackendTlsPolicy;
        objects.push(DesiredObject::new(
            kind,
            json!({
                "apiVersion": kind.api_version(), "kind": kind.kind(),
                "metadata": metadata,
                "spec": {"targetRefs": target_refs, "validation": validation(https.hostname)},
            }),
        ));
    }
    objects
}

/// When the cluster's Gateway API does not serve BackendTLSPolicy and backends asked for
/// HTTPS: the status note naming them (their traffic is routed, but without TLS settings).
pub(super) fn unserved_note(state: &CharmState) -> Option<String> {
    if state.backend_tls.policy_served {
        return None;
    }
    let relations: Vec<String> = https_services(&Backend::for_state(state))
        .values()
        .flat_map(|service| service.relations.iter())
        .map(ToString::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if relations.is_empty() {
        return None;
    }
    Some(format!(
        "{STATUS_BACKEND_TLS_UNSERVED} {}",
        relations.join(", ")
    ))
}

/// The status note when the cluster does not serve BackendTLSPolicy; the full note names the
/// relations: `the cluster does not serve BackendTLSPolicy: no TLS to the backend of gateway:3`.
pub const STATUS_BACKEND_TLS_UNSERVED: &str =
    "the cluster does not serve BackendTLSPolicy: no TLS to the backend of";
