//! The Service in front of a backend's pods.

use std::collections::BTreeMap;

use charm_cluster::Kind;
use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::state::CharmState;

use super::{Backend, DesiredObject, desired, object_meta};

/// A ClusterIP Service selecting `app.kubernetes.io/name: <requirer>`, one port `tcp-<P>`.
pub(super) fn render(state: &CharmState, backend: &Backend) -> DesiredObject {
    let target = &backend.service;
    let port = i32::from(target.port);
    let service = Service {
        metadata: object_meta(state, target.name.clone()),
        spec: Some(ServiceSpec {
            ports: Some(vec![ServicePort {
                name: Some(format!("tcp-{port}")),
                port,
                target_port: Some(IntOrString::Int(port)),
                ..ServicePort::default()
            }]),
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
