//! What the integrator publishes to gateway-route requirers.

use std::collections::BTreeMap;

pub use relation_data::gateway_route::HttpsMode;

use crate::state::{Address, CharmState};

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
    /// `gateway_address`: an IP address (IPv6 without brackets) or the load balancer's
    /// hostname.
    pub gateway_address: Address,
    /// `hsts_max_age`: only when HTTPS is enforced.
    pub hsts_max_age: Option<u64>,
}

impl GatewayRoutePublication {
    /// The publication once the Gateway has its address and a v1 requirer is served; `None`
    /// otherwise.
    pub fn for_state(state: &CharmState) -> Option<GatewayRoutePublication> {
        if state.routing.v1.is_empty() {
            return None;
        }
        let gateway_address = state.gateway_address.ready()?.clone();
        let https_mode = match (state.config.enforce_https, state.certificates_related) {
            (true, _) => HttpsMode::Enforced,
            (false, true) => HttpsMode::Enabled,
            (false, false) => HttpsMode::Disabled,
        };
        Some(GatewayRoutePublication {
            relation_ids: state.routing.v1.clone(),
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
    let issued = |host: &str| state.serves_https(host);
    state
        .routing
        .routes
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
