//! What the integrator publishes to gateway-route requirers.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

pub use relation_data::gateway_route::HttpsMode;

use crate::state::{CharmState, Mode};

/// The provider data for every valid gateway-route relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRoutePublication {
    /// Relations to publish to: the v1 requirers whose data is valid (ISD259 requirers get
    /// their `endpoints` instead, see `Plan::gateway_route_endpoints`).
    pub relation_ids: Vec<u64>,
    /// `gateway_name`: the Gateway (= app) name.
    pub gateway_name: String,
    /// `gateway_model`: the Gateway's namespace.
    pub gateway_model: String,
    /// `https_mode`.
    pub https_mode: HttpsMode,
    /// `gateway_address`.
    pub gateway_address: Ipv4Addr,
    /// `hsts_max_age`: only when HTTPS is enforced.
    pub hsts_max_age: Option<u64>,
}

impl GatewayRoutePublication {
    /// Publication for gateway-route mode once the Gateway has its address; `None` otherwise.
    pub fn for_state(state: &CharmState) -> Option<GatewayRoutePublication> {
        if state.mode != Mode::GatewayRoute {
            return None;
        }
        let gateway_address = state.gateway_address.ready()?;
        let https_mode = match (state.config.enforce_https, state.certificates_related) {
            (true, _) => HttpsMode::Enforced,
            (false, true) => HttpsMode::Enabled,
            (false, false) => HttpsMode::Disabled,
        };
        Some(GatewayRoutePublication {
            relation_ids: state
                .gateway_route_requirers
                .iter()
                .filter(|requirer| requirer.route.is_none())
                .map(|requirer| requirer.relation_id)
                .collect(),
            gateway_name: state.app_name.clone(),
            gateway_model: state.namespace.clone(),
            https_mode,
            gateway_address,
            hsts_max_age: (https_mode == HttpsMode::Enforced).then_some(state.config.hsts_max_age),
        })
    }
}

/// `endpoints` for every routed ISD259 requirer: `{scheme}://{hostname}{path}` per path, with
/// its first served hostname (the main one unless it was left out); `https` when HTTPS is
/// enforced or that hostname's certificate is issued (as the ingress URL). Nothing until the
/// Gateway has an address: before that the routes exist but nothing reaches them.
pub fn endpoints(state: &CharmState) -> BTreeMap<u64, Vec<String>> {
    if state.gateway_address.ready().is_none() {
        return BTreeMap::new();
    }
    let issued = |host: &str| state.tls.ready().is_some_and(|tls| tls.contains_key(host));
    state
        .gateway_routes
        .iter()
        .filter_map(|route| {
            let host = route.hostnames.first()?;
            let scheme = if state.config.enforce_https || issued(host) {
                "https"
            } else {
                "http"
            };
            let urls = route
                .request
                .paths
                .iter()
                .map(|path| format!("{scheme}://{host}{path}"))
                .collect();
            Some((route.relation_id, urls))
        })
        .collect()
}
