//! The Service in front of a backend's pods: selecting them in our model, or selector-less
//! with an EndpointSlice for a workload in another model.

use std::collections::{BTreeMap, BTreeSet};

use charm_cluster::Kind;
use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::state::CharmState;

use super::{
    Backend, DesiredObject, ServiceTarget, desired, endpoint_slice, object_meta,
    relation_object_meta,
};

/// One Service per distinct Service name among `backends` (sorted by name), each with every
/// port its backends use (several requirers may route to the same workload), followed by the
/// EndpointSlices of the selector-less ones. A Service serving one relation only carries its
/// relation label.
pub(super) fn render_all(state: &CharmState, backends: &[Backend]) -> Vec<DesiredObject> {
    let mut services: BTreeMap<&str, (&ServiceTarget, BTreeSet<u16>, Vec<&Backend>)> =
        BTreeMap::new();
    // Each port's `appProtocol`: the first backend's on that port (ingress applications come
    // first; two backends of one workload on one port speak the same protocol).
    let mut protocols: BTreeMap<(&str, u16), Option<&'static str>> = BTreeMap::new();
    for backend in backends {
        let target = &backend.service;
        let entry = services
            .entry(target.name.as_str())
            .or_insert_with(|| (target, BTreeSet::new(), Vec::new()));
        entry.1.insert(target.port);
        entry.2.push(backend);
        protocols
            .entry((target.name.as_str(), target.port))
            .or_insert_with(|| target.protocol.app_protocol());
    }
    let mut objects = Vec::new();
    let mut slices = Vec::new();
    for (target, ports, users) in services.values() {
        let meta = match users.as_slice() {
            [only] => relation_object_meta(
                &state.app_name,
                &state.namespace,
                target.name.clone(),
                &only.relation,
            ),
            _ => object_meta(&state.app_name, &state.namespace, target.name.clone()),
        };
        if let Some(addresses) = &target.endpoints {
            slices.extend(endpoint_slice::render_all(
                meta.clone(),
                &target.name,
                ports,
                addresses,
            ));
        }
        let app_protocol = |port: u16| protocols.get(&(target.name.as_str(), port)).copied();
        objects.push(render(meta, target, ports, app_protocol));
    }
    objects.extend(slices);
    objects
}

/// A ClusterIP Service with one port `tcp-<P>` per port (with the `appProtocol` of an h2c or
/// HTTPS backend), selecting `app.kubernetes.io/name: <requirer>` when the workload is in our
/// model.
fn render(
    metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    target: &ServiceTarget,
    ports: &BTreeSet<u16>,
    app_protocol: impl Fn(u16) -> Option<Option<&'static str>>,
) -> DesiredObject {
    let service = Service {
        metadata,
        spec: Some(ServiceSpec {
            ports: Some(
                ports
                    .iter()
                    .map(|&port| {
                        let protocol = app_protocol(port).flatten().map(str::to_owned);
                        let port = i32::from(port);
                        ServicePort {
                            app_protocol: protocol,
                            name: Some(endpoint_slice::port_name(port)),
                            port,
                            target_port: Some(IntOrString::Int(port)),
                            ..ServicePort::default()
                        }
                    })
                    .collect(),
            ),
            selector: target
                .selector_app
                .as_ref()
                .map(|app| BTreeMap::from([("app.kubernetes.io/name".to_owned(), app.clone())])),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    };
    desired(Kind::Service, &service)
}
