//! The world the charm wants for a valid state: objects, URLs, provider data, DNS records and
//! the status. Pure; the plan is its difference with what gather saw.

use std::collections::BTreeMap;

use charm_cluster::Kind;
use juju_hook::Status;
use relation_data::istio_ingress_route::IstioIngressRouteProviderData;

use crate::gather::endpoints;
use crate::state::{Address, CharmState, RoutingIssue};

use super::listener_layout::ListenerLayout;
use super::verdict::Verdict;
use super::{
    Backend, DesiredObject, GatewayRoutePublication, backend_tls, gateway, gateway_route,
    http_route, ingress_url, istio_route, listener_set, secret, service, status,
};

/// What a valid state wants.
#[derive(Debug, Clone, PartialEq)]
pub struct Desired {
    /// Objects to apply, in apply order: Secrets, Gateway, Services (and the backends' TLS
    /// ConfigMap and BackendTLSPolicies), HTTPRoutes. Every other
    /// object labelled ours is deleted.
    pub desired: Vec<DesiredObject>,
    /// The URL for each ingress relation, by relation id: `Some(url)` to publish, `None` to
    /// withdraw (a collision loser). Relations not listed keep what they have (their data is
    /// incomplete or invalid, or no address is known yet).
    pub ingress_urls: BTreeMap<u64, Option<String>>,
    /// What every valid v1 gateway-route requirer is given, once the Gateway has an address.
    pub gateway_route: Option<GatewayRoutePublication>,
    /// `endpoints` for every routed ISD259 gateway-route requirer, by relation id: one URL per
    /// path (empty until the Gateway has an address).
    pub gateway_route_endpoints: BTreeMap<u64, Vec<String>>,
    /// The hostnames to ask DNS records for, and the address they point to, once known.
    pub dns: Option<(Vec<String>, Address)>,
    /// The answer for each istio-ingress-route relation, by relation id: `Some` to publish,
    /// `None` to wipe (a requirer that is not routed: the library's `wipe_ingress_data`).
    /// Relations not listed keep what they have (no data yet, invalid data, no address yet).
    pub istio_data: BTreeMap<u64, Option<IstioIngressRouteProviderData>>,
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
        let layout = ListenerLayout::new(state);
        desired.push(gateway::render(state, &layout));
        desired.extend(listener_set::render_all(state, &layout));
        desired.extend(service::render_all(state, &backends));
        desired.extend(backend_tls::render_all(state, &backends));
        desired.extend(http_route::ingress_redirect(state, &layout));
        for backend in &backends {
            desired.extend(http_route::render(state, &layout, backend));
        }
        desired.extend(istio_route::render_all(state, &layout));
        let mut ingress_urls: BTreeMap<u64, Option<String>> = BTreeMap::new();
        for served in &state.routing.ingress {
            if let Some(url) = ingress_url::url(state, served) {
                ingress_urls.insert(served.requirer.relation_id, Some(url));
            }
        }
        for issue in &state.routing.issues {
            if let RoutingIssue::Conflict { loser, .. } = issue
                && loser.endpoint == endpoints::GATEWAY
            {
                ingress_urls.insert(loser.id, None);
            }
        }
        Desired {
            desired,
            ingress_urls,
            gateway_route: GatewayRoutePublication::for_state(state),
            gateway_route_endpoints: gateway_route::endpoints(state),
            istio_data: istio_data(state),
            dns: state
                .gateway_address
                .ready()
                .map(|address| (state.dns_names().into_iter().collect(), address.clone())),
            status: status::status(state, &Verdict::default()),
        }
    }

    /// The desired objects of `kind`.
    pub fn desired_of(&self, kind: Kind) -> impl Iterator<Item = &DesiredObject> {
        self.desired
            .iter()
            .filter(move |object| object.kind == kind)
    }
}

/// What each istio-ingress-route requirer is told: where its routes are served
/// (`external-hostname`, else the Gateway's address, once known) and whether over TLS; a
/// requirer left out by routing is wiped.
fn istio_data(state: &CharmState) -> BTreeMap<u64, Option<IstioIngressRouteProviderData>> {
    let external_host = match &state.config.external_hostname {
        Some(hostname) => Some(hostname.clone()),
        None => state.gateway_address.ready().map(Address::url_host),
    };
    let mut data = BTreeMap::new();
    if let Some(external_host) = external_host {
        for requirer in &state.routing.istio {
            let answer = IstioIngressRouteProviderData {
                external_host: external_host.clone(),
                tls_enabled: state.routing.istio_tls,
            };
            data.insert(requirer.relation_id, Some(answer));
        }
    }
    for issue in &state.routing.issues {
        let relation = match issue {
            RoutingIssue::Conflict { loser, .. } => loser,
            RoutingIssue::ReservedPort { relation, .. }
            | RoutingIssue::HostnameOutsideListener { relation, .. } => relation,
            _ => continue,
        };
        if relation.endpoint == endpoints::ISTIO_INGRESS_ROUTE {
            data.insert(relation.id, None);
        }
    }
    data
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
