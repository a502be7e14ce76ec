//! gateway-route requirers (endpoint `gateway-route`) as the state sees them.

/// One requirer's valid app databag (invalid ones are skipped by the relation layer, as the
/// Python library does, so they neither block nor contribute hostnames).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayRouteRequirer {
    /// The Juju relation id, to publish provider data back on.
    pub relation_id: u32,
    /// `hostname`, if the requirer set one.
    pub hostname: Option<String>,
    /// `additional_hostnames`.
    pub additional_hostnames: Vec<String>,
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
