//! The Service in front of a backend's pods.

use std::collections::{BTreeMap, BTreeSet};

use charm_cluster::Kind;
use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::state::CharmState;

use super::{Backend, DesiredObject, ServiceTarget, desired, object_meta};

/// One Service per distinct Service name among `backends` (sorted by name), each with every
/// port its backends use: several requirers may route to the same workload.
pub(super) fn render_all(state: &CharmState, backends: &[Backend]) -> Vec<DesiredObject> {
    let mut services: BTreeMap<&str, (&ServiceTarget, BTreeSet<u16>)> = BTreeMap::new();
    for backend in backends {
        let target = &backend.service;
        services
            .entry(target.name.as_str())
            .or_insert_with(|| (target, BTreeSet::new()))
            .1
            .insert(target.port);
    }
    services
        .values()
        .map(|(target, ports)| render(state, target, ports))
        .collect()
}

/// A ClusterIP Service selecting `app.kubernetes.io/name: <requirer>`, one port `tcp-<P>` per
/// port.
fn render(state: &CharmState, target: &ServiceTarget, ports: &BTreeSet<u16>) -> DesiredObject {
    let service = Service {
        metadata: object_meta(&state.app_name, &state.namespace, target.name.clone()),
        spec: Some(ServiceSpec {
            ports: Some(
                ports
                    .iter()
                    .map(|port| {
                        let port = i32::from(*port);
                        ServicePort {
                            name: Some(format!("tcp-{port}")),
                            port,
                            target_port: Some(IntOrString::Int(port)),
                            ..ServicePort::default()
                        }
                    })
                    .collect(),
            ),
            selector: Some(BTreeMap::from([(
                "app.kubernetes.io/name".to_owned(),
                target.selector_app.clone(),
            )])),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    };
    desired(Kind::Service, &service)
}
