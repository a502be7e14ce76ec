//! What routing leaves out, and why: each issue is named in the status.

use std::fmt;

use super::MAX_GATEWAY_LISTENERS;

/// A relation, as the status names it: `gateway:3`, `gateway-route:5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RelationRef {
    /// The endpoint.
    pub endpoint: &'static str,
    /// The relation id.
    pub id: u64,
}

impl fmt::Display for RelationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.endpoint, self.id)
    }
}

/// Why part of what was asked is not served (named in the status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoutingIssue {
    /// `loser` claims a hostname, port and match already claimed by the lower `winner`.
    Conflict {
        /// The requirer left without routes.
        loser: RelationRef,
        /// The requirer that keeps the hostname and match.
        winner: RelationRef,
        /// The contested hostname (`None`: the Gateway's address).
        hostname: Option<String>,
        /// The contested listener port (`None`: the Gateway's HTTP and HTTPS ports).
        port: Option<u16>,
        /// The contested match: a path prefix (`/api`), or a canonical match
        /// (`/api GET [x-tenant=blue]`, `grpc pkg.Service/Method`).
        path: String,
    },
    /// A v1 gateway-route requirer's `hostname` would take the Gateway past its listener limit
    /// (v1 requirers attach to the Gateway's own listeners, not to ListenerSets).
    ListenerLimit {
        /// The hostname left without listeners.
        hostname: String,
    },
    /// `hostname`'s listener name would be the one `taken_by` already has (they differ only
    /// by `.` against `-`): a Gateway cannot hold both, so the later one is not served.
    ListenerNameTaken {
        /// The hostname left without listeners.
        hostname: String,
        /// The hostname that has the name.
        taken_by: String,
    },
    /// `relation` asks for a listener on the Gateway's own HTTP (80) or HTTPS (443) port with
    /// the other protocol.
    ReservedPort {
        /// The requirer left without routes.
        relation: RelationRef,
        /// The port.
        port: u16,
        /// The protocol the Gateway serves on it.
        serves: &'static str,
    },
    /// A route hostname of `relation` is outside the hostname its listeners are bound to.
    HostnameOutsideListener {
        /// The requirer left without routes.
        relation: RelationRef,
        /// The route hostname.
        hostname: String,
        /// The listeners' hostname (`external-hostname`).
        listener: String,
    },
    /// A gRPC route of `relation` asks for a RequestRedirect, which a GRPCRoute cannot carry:
    /// the route is served without it.
    GrpcRedirectNotServed {
        /// The requirer.
        relation: RelationRef,
        /// The route's name.
        route: String,
    },
    /// In subdomain mode, an ingress application's hostname is not a valid hostname (its
    /// model and name are too long for one label).
    InvalidSubdomain {
        /// The requirer left without routes.
        relation: RelationRef,
        /// The hostname it would get.
        hostname: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A cross-model unit published no address: it gets no traffic.
    UnitWithoutAddress {
        /// Its relation.
        relation: RelationRef,
        /// The unit.
        unit: String,
    },
}

impl fmt::Display for RoutingIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoutingIssue::Conflict {
                loser,
                winner,
                hostname,
                port,
                path,
            } => {
                let port = port.map(|port| format!(":{port}")).unwrap_or_default();
                let separator = if path.starts_with('/') { "" } else { " " };
                write!(
                    f,
                    "{loser} not routed: {}{port}{separator}{path} is taken by {winner}",
                    hostname.as_deref().unwrap_or("")
                )
            }
            RoutingIssue::ListenerLimit { hostname } => write!(
                f,
                "{hostname} not served: the Gateway is at its {MAX_GATEWAY_LISTENERS}-listener limit for v1 gateway-route requirers"
            ),
            RoutingIssue::ListenerNameTaken { hostname, taken_by } => write!(
                f,
                "{hostname} not served: its listener name is the one of {taken_by}"
            ),
            RoutingIssue::ReservedPort {
                relation,
                port,
                serves,
            } => write!(
                f,
                "{relation} not routed: port {port} is the Gateway's {serves} port"
            ),
            RoutingIssue::HostnameOutsideListener {
                relation,
                hostname,
                listener,
            } => write!(
                f,
                "{relation} not routed: route hostname {hostname} is outside external-hostname {listener}"
            ),
            RoutingIssue::GrpcRedirectNotServed { relation, route } => write!(
                f,
                "{relation} grpc route {route}: RequestRedirect not served (a GRPCRoute has no such filter)"
            ),
            RoutingIssue::InvalidSubdomain {
                relation,
                hostname,
                reason,
            } => write!(
                f,
                "{relation} not routed: its subdomain {hostname} is not a valid hostname: {reason}"
            ),
            RoutingIssue::UnitWithoutAddress { relation, unit } => {
                write!(f, "{unit} ({relation}) not served: it published no ip")
            }
        }
    }
}
