//! The world the charm wants for a valid state: objects, URLs, provider data, DNS records and
//! the status. Pure; the plan is its difference with what gather saw.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use charm_cluster::Kind;
use juju_hook::Status;

use crate::state::CharmState;

use super::{
    Backend, DesiredObject, GatewayRoutePublication, gateway, gateway_route, http_route,
    ingress_url, secret, service, status,
};

/// What a valid state wants.
#[derive(Debug, Clone, PartialEq)]
pub struct Desired {
    /// Objects to apply, in apply order: Secrets, Gateway, Services, HTTPRoutes. Every other
    /// object labelled ours is deleted.
    pub desired: Vec<DesiredObject>,
    /// The URL for the ingress requirer (key `ingress` = `{"url": …}`), once known.
    pub ingress_url: Option<String>,
    /// What every valid v1 gateway-route requirer is given, once the Gateway has an address.
    pub gateway_route: Option<GatewayRoutePublication>,
    /// `endpoints` for every routed ISD259 gateway-route requirer, by relation id: one URL per
    /// path (empty until the Gateway has an address).
    pub gateway_route_endpoints: BTreeMap<u64, Vec<String>>,
    /// The hostnames to ask DNS A records for, and the address they point to, once known.
    pub dns: Option<(Vec<String>, Ipv4Addr)>,
    /// The unit status.
    pub status: Status,
}

impl Desired {
    /// The desired world of a valid state.
    pub fn compute(state: &CharmState) -> Desired {
        let backends = Backend::for_state(state);
        let mut desired = Vec::new();
        if let Some(material) = state.tls.ready() {
            desired.extend(
                material.iter().map(|(host, tls)| {
                    secret::render(&state.app_name, &state.namespace, host, tls)
                }),
            );
        }
        desired.push(gateway::render(state));
        desired.extend(service::render_all(state, &backends));
        for backend in &backends {
            desired.extend(http_route::render(state, backend));
        }
        Desired {
            desired,
            ingress_url: state
                .ingress
                .as_ref()
                .and_then(|requirer| ingress_url::url(state, requirer)),
            gateway_route: GatewayRoutePublication::for_state(state),
            gateway_route_endpoints: gateway_route::endpoints(state),
            dns: state
                .gateway_address
                .ready()
                .map(|address| (state.hostnames.iter().cloned().collect(), address)),
            status: status::status(state),
        }
    }

    /// The desired objects of `kind`.
    pub fn desired_of(&self, kind: Kind) -> impl Iterator<Item = &DesiredObject> {
        self.desired
            .iter()
            .filter(move |object| object.kind == kind)
    }
}

/// The TLS Secrets for `material` (by hostname or IP), owned by `app` in `namespace`: what an
/// invalid state still keeps current (renewed certificates).
pub(super) fn secrets(
    app: &str,
    namespace: &str,
    material: &BTreeMap<String, crate::state::TlsMaterial>,
) -> Vec<DesiredObject> {
    material
        .iter()
        .map(|(host, tls)| secret::render(app, namespace, host, tls))
        .collect()
}
