//! Who is served on the one Gateway: every ingress application and gateway-route requirer at
//! once, their claims settled deterministically.
//!
//! Rules, in order:
//! 1. **Collisions.** An ingress application claims `(external-hostname, /{model}-{app})` (or
//!    the Gateway address instead of a hostname); an ISD259 requirer claims every
//!    `(hostname, path)` it asks for. v1 requirers create their own routes, whose paths the
//!    integrator never sees, so they claim nothing. Claims are taken first come, first served —
//!    **the lowest relation id wins**, whatever the interface. A requirer with a claim already
//!    taken is not served at all and is named in the status.
//! 2. **Listeners.** `external-hostname` (set by the operator) comes first, then the
//!    hostname-less listener when something needs it (ingress applications without
//!    `external-hostname`, v1 requirers without a hostname, or nothing else to listen on), then
//!    the gateway-route hostnames, lowest relation id first, sorted within one requirer. Each
//!    hostname costs one HTTP listener, plus one HTTPS listener when certificates are related;
//!    a hostname that does not fit is named, never silently dropped. The number of ingress
//!    applications never adds listeners.
//! 3. **Cross-model ingress applications** are served through their units' addresses; a unit
//!    that published no `ip` is left out and named.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::IpAddr;

use super::{
    GatewayRouteRequirer, IngressRequirer, MAX_GATEWAY_LISTENERS, RouteRequest, ServedRoute,
};
use crate::gather::endpoints;
use crate::plan::names;

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
    /// `loser` claims a hostname and path already claimed by the lower `winner`.
    Conflict {
        /// The requirer left without routes.
        loser: RelationRef,
        /// The requirer that keeps the hostname and path.
        winner: RelationRef,
        /// The contested hostname (`None`: the Gateway's address).
        hostname: Option<String>,
        /// The contested path.
        path: String,
    },
    /// `hostname` would take the Gateway past its listener limit.
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
                path,
            } => write!(
                f,
                "{loser} not routed: {}{path} is taken by {winner}",
                hostname.as_deref().unwrap_or("")
            ),
            RoutingIssue::ListenerLimit { hostname } => write!(
                f,
                "{hostname} not served: the Gateway is at its {MAX_GATEWAY_LISTENERS}-listener limit"
            ),
            RoutingIssue::ListenerNameTaken { hostname, taken_by } => write!(
                f,
                "{hostname} not served: its listener name is the one of {taken_by}"
            ),
            RoutingIssue::UnitWithoutAddress { relation, unit } => {
                write!(f, "{unit} ({relation}) not served: it published no ip")
            }
        }
    }
}

/// An ingress application that is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedIngress {
    /// What it asked for.
    pub requirer: IngressRequirer,
    /// `Some(addresses)` for a cross-model application: its units' published addresses (the
    /// EndpointSlice), sorted; `None` for one in our model (a selector Service reaches it).
    pub endpoints: Option<Vec<IpAddr>>,
}

/// What the routing resolution needs.
#[derive(Debug, Clone, Copy)]
pub struct RoutingInputs<'a> {
    /// Our model (the namespace of every object).
    pub model: &'a str,
    /// `external-hostname`.
    pub external_hostname: Option<&'a str>,
    /// Ingress requirers with valid data, any order.
    pub ingress: &'a [IngressRequirer],
    /// gateway-route requirers with valid data, any order.
    pub gateway_route: &'a [GatewayRouteRequirer],
    /// Whether a `certificates` relation exists (HTTPS listeners double the cost).
    pub certificates_related: bool,
    /// Whether the hostname-less listener also gets an HTTPS listener (the IP certificate).
    pub ip_listener: bool,
}

/// The settled claims.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Routing {
    /// Hostnames with listeners (and certificates).
    pub hostnames: BTreeSet<String>,
    /// Whether the hostname-less listener exists.
    pub bare_listener: bool,
    /// Served ingress applications, by relation id.
    pub ingress: Vec<ServedIngress>,
    /// ISD259 requirers that get a Service, routes and endpoints, by relation id.
    pub routes: Vec<ServedRoute>,
    /// Relation ids of the v1 requirers given the Gateway's coordinates.
    pub v1: Vec<u64>,
    /// Everything left out, and why: conflicts (by relation id), hostnames, units.
    pub issues: Vec<RoutingIssue>,
}

/// One requirer taking part, in relation-id order.
enum Participant<'a> {
    Ingress(&'a IngressRequirer),
    Route(&'a GatewayRouteRequirer),
}

impl Participant<'_> {
    fn relation(&self) -> RelationRef {
        match self {
            Participant::Ingress(requirer) => RelationRef {
                endpoint: endpoints::GATEWAY,
                id: requirer.relation_id,
            },
            Participant::Route(requirer) => RelationRef {
                endpoint: endpoints::GATEWAY_ROUTE,
                id: requirer.relation_id,
            },
        }
    }
}

/// Settle every claim (see the module documentation).
pub fn resolve(inputs: &RoutingInputs<'_>) -> Routing {
    let mut participants: Vec<Participant<'_>> = inputs
        .ingress
        .iter()
        .map(Participant::Ingress)
        .chain(inputs.gateway_route.iter().map(Participant::Route))
        .collect();
    participants.sort_by_key(|participant| participant.relation().id);

    let mut routing = Routing::default();
    let mut claims: BTreeMap<(Option<String>, String), RelationRef> = BTreeMap::new();
    let mut admitted: Vec<&Participant<'_>> = Vec::new();
    for participant in &participants {
        let wanted = claims_of(participant, inputs.external_hostname);
        let relation = participant.relation();
        let taken = wanted
            .iter()
            .find_map(|claim| claims.get(claim).map(|winner| (claim, *winner)));
        if let Some(((hostname, path), winner)) = taken {
            routing.issues.push(RoutingIssue::Conflict {
                loser: relation,
                winner,
                hostname: hostname.clone(),
                path: path.clone(),
            });
            continue;
        }
        for claim in wanted {
            claims.insert(claim, relation);
        }
        admitted.push(participant);
    }

    let needs_bare = admitted.iter().any(|participant| match participant {
        Participant::Ingress(_) => inputs.external_hostname.is_none(),
        Participant::Route(requirer) => {
            requirer.route.is_none() && requirer.hostnames().next().is_none()
        }
    });
    let per_hostname = if inputs.certificates_related { 2 } else { 1 };
    let mut budget = MAX_GATEWAY_LISTENERS;
    if let Some(hostname) = inputs.external_hostname {
        routing.hostnames.insert(hostname.to_owned());
        budget -= per_hostname;
    }
    let route_hostnames: Vec<&str> = admitted
        .iter()
        .filter_map(|participant| match participant {
            Participant::Route(requirer) => Some(requirer),
            Participant::Ingress(_) => None,
        })
        .flat_map(|requirer| {
            let mut hostnames: Vec<&str> = requirer.hostnames().collect();
            hostnames.sort_unstable();
            hostnames
        })
        .collect();
    routing.bare_listener =
        needs_bare || (inputs.external_hostname.is_none() && route_hostnames.is_empty());
    if routing.bare_listener {
        budget -= 1 + usize::from(inputs.ip_listener);
    }
    let mut listener_keys: BTreeMap<String, String> = routing
        .hostnames
        .iter()
        .map(|host| (names::dashed(host), host.clone()))
        .collect();
    for hostname in route_hostnames {
        if routing.hostnames.contains(hostname) {
            continue;
        }
        if let Some(taken_by) = listener_keys.get(&names::dashed(hostname)) {
            let issue = RoutingIssue::ListenerNameTaken {
                hostname: hostname.to_owned(),
                taken_by: taken_by.clone(),
            };
            if !routing.issues.contains(&issue) {
                routing.issues.push(issue);
            }
            continue;
        }
        if budget >= per_hostname {
            listener_keys.insert(names::dashed(hostname), hostname.to_owned());
            budget -= per_hostname;
            routing.hostnames.insert(hostname.to_owned());
        } else if !routing.issues.iter().any(
            |issue| matches!(issue, RoutingIssue::ListenerLimit { hostname: h } if h == hostname),
        ) {
            routing.issues.push(RoutingIssue::ListenerLimit {
                hostname: hostname.to_owned(),
            });
        }
    }

    for participant in admitted {
        match participant {
            Participant::Ingress(requirer) => {
                let served = serve_ingress(requirer, inputs.model, &mut routing.issues);
                routing.ingress.push(served);
            }
            Participant::Route(requirer) => match &requirer.route {
                Some(request) => {
                    if let Some(route) = serve_route(requirer, request, &routing.hostnames) {
                        routing.routes.push(route);
                    }
                }
                None => routing.v1.push(requirer.relation_id),
            },
        }
    }
    routing
}

/// The `(hostname, path)` pairs `participant` claims.
fn claims_of(
    participant: &Participant<'_>,
    external_hostname: Option<&str>,
) -> Vec<(Option<String>, String)> {
    match participant {
        Participant::Ingress(requirer) => {
            vec![(external_hostname.map(str::to_owned), requirer.path_prefix())]
        }
        Participant::Route(requirer) => match &requirer.route {
            Some(request) => requirer
                .hostnames()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .flat_map(|host| {
                    request
                        .paths
                        .iter()
                        .map(move |path| (Some(host.to_owned()), path.clone()))
                })
                .collect(),
            None => Vec::new(),
        },
    }
}

fn serve_ingress(
    requirer: &IngressRequirer,
    model: &str,
    issues: &mut Vec<RoutingIssue>,
) -> ServedIngress {
    let endpoints = requirer.is_cross_model(model).then(|| {
        let mut addresses: Vec<IpAddr> = Vec::new();
        for unit in &requirer.units {
            match unit.ip {
                Some(ip) => addresses.push(ip),
                None => issues.push(RoutingIssue::UnitWithoutAddress {
                    relation: RelationRef {
                        endpoint: endpoints::GATEWAY,
                        id: requirer.relation_id,
                    },
                    unit: unit.name.clone(),
                }),
            }
        }
        addresses.sort();
        addresses.dedup();
        addresses
    });
    ServedIngress {
        requirer: requirer.clone(),
        endpoints,
    }
}

/// An ISD259 requirer with the hostnames that got listeners (main hostname first), or `None`
/// when none did.
fn serve_route(
    requirer: &GatewayRouteRequirer,
    request: &RouteRequest,
    listeners: &BTreeSet<String>,
) -> Option<ServedRoute> {
    let mut seen = BTreeSet::new();
    let hostnames: Vec<String> = requirer
        .hostnames()
        .filter(|host| seen.insert(*host) && listeners.contains(*host))
        .map(str::to_owned)
        .collect();
    (!hostnames.is_empty()).then(|| ServedRoute {
        relation_id: requirer.relation_id,
        hostnames,
        request: request.clone(),
    })
}

#[cfg(test)]
#[path = "routing_tests.rs"]
mod tests;
