//! gateway-route requirers (endpoint `gateway-route`) as the state sees them. Their claims
//! are settled together with every other interface's in [`super::routing`].

/// Most listeners a Gateway may have (the CRD's `maxItems`).
pub const MAX_GATEWAY_LISTENERS: usize = 64;
/// Most hostnames one HTTPRoute may carry (the CRD's `maxItems`), hence one ISD259 requirer.
pub const MAX_ROUTE_HOSTNAMES: usize = 16;
/// Most matches one HTTPRoute rule may carry (the CRD's `maxItems`), hence paths per requirer.
pub const MAX_ROUTE_PATHS: usize = 64;

/// What an ISD259 (v0) requirer asks the integrator to route: its workload's pods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRequest {
    /// The workload application (selects its pods; names the Service).
    pub application: String,
    /// The workload's port.
    pub port: u16,
    /// `PathPrefix` matches, never empty (`/` when the requirer sent none), no duplicates.
    pub paths: Vec<String>,
}

/// One requirer's valid app databag (invalid ones are skipped by the relation layer, as the
/// Python library does, so they neither block nor contribute hostnames).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRouteRequirer {
    /// The Juju relation id, to publish provider data back on.
    pub relation_id: u64,
    /// `hostname`, if the requirer set one.
    pub hostname: Option<String>,
    /// `additional_hostnames`.
    pub additional_hostnames: Vec<String>,
    /// `Some` for an ISD259 requirer (the integrator creates its routes), `None` for a v1
    /// requirer (it creates its own routes and gets the Gateway's coordinates).
    pub route: Option<RouteRequest>,
}

impl GatewayRouteRequirer {
    /// All hostnames this requirer wants served.
    pub fn hostnames(&self) -> impl Iterator<Item = &str> {
        self.hostname
            .iter()
            .chain(&self.additional_hostnames)
            .map(String::as_str)
    }
}

/// The gateway-route endpoint, as gathered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GatewayRouteRelations {
    /// How many `gateway-route` relations exist (valid data or not).
    pub relation_count: usize,
    /// The requirers whose databag is valid.
    pub requirers: Vec<GatewayRouteRequirer>,
}

impl GatewayRouteRelations {
    /// Whether any `gateway-route` relation exists.
    pub fn is_related(&self) -> bool {
        self.relation_count > 0
    }
}

/// An ISD259 requirer the integrator routes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedRoute {
    /// Its relation id.
    pub relation_id: u64,
    /// Its hostnames that have listeners (main hostname first); never empty.
    pub hostnames: Vec<String>,
    /// What it asked for.
    pub request: RouteRequest,
}
