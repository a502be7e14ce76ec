//! Who is served on the one Gateway: every ingress application and gateway-route requirer at
//! once, their claims settled deterministically.
//!
//! Rules, in order:
//! 1. **Collisions.** An ingress application claims `(external-hostname, /{model}-{app})` (or
//!    the Gateway address instead of a hostname); an ISD259 requirer claims every
//!    `(hostname, path)` it asks for; an istio-ingress-route requirer every (port, hostname,
//!    match) of its routes, and the (port, hostname) for its route kind — HTTP and gRPC routes
//!    cannot share one. v1 requirers create their own routes, whose paths the integrator never
//!    sees, so they claim nothing. Claims are taken first come, first served — **the lowest
//!    relation id wins**, whatever the interface (`Claims` in `claims.rs`). A requirer with a claim already
//!    taken is not served at all and is named in the status (an istio-ingress-route requirer's
//!    provider data is then wiped). An istio-ingress-route requirer is not served either when it
//!    asks for port 80 while TLS is on (or 443 while it is off), or for a route hostname outside
//!    `external-hostname`, which its listeners are bound to.
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

use super::claims::{Claim, Claims};
use super::ingress::serve_ingress;
use super::participant::{Participant, claims_of, istio_fits};
use super::{
    GatewayRouteRequirer, IngressRequirer, IstioRouteRequirer, MAX_GATEWAY_LISTENERS, RouteRequest,
    RoutingIssue, ServedIngress, ServedRoute,
};
use crate::plan::names;
use relation_data::validate;

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
    /// istio-ingress-route requirers with valid data, any order.
    pub istio: &'a [IstioRouteRequirer],
    /// Whether their listeners serve HTTPS: a certificate for `external-hostname` (or, without
    /// it, the Gateway's IP) is issued.
    pub istio_tls: bool,
    /// `routing-mode=subdomain`: each ingress application on its own hostname.
    pub subdomains: Subdomains,
}

/// How ingress applications are served (`routing-mode`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Subdomains {
    /// Under `external-hostname`, each at `/{model}-{app}` (`routing-mode=path`).
    #[default]
    Off,
    /// Each at `{model}-{app}.{external-hostname}`, with listeners of its own.
    PerApplication,
    /// Each at `{model}-{app}.{external-hostname}`, all on the listeners of
    /// `*.{external-hostname}` (the operator's Secret covers it).
    Wildcard,
}

/// The settled claims.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Routing {
    /// Hostnames with listeners (and certificates).
    pub hostnames: BTreeSet<String>,
    /// The hostnames of v1 gateway-route requirers: they attach their own routes to the
    /// Gateway's listeners by name, so these listeners must be on the Gateway itself (within its
    /// 64), not on a ListenerSet.
    pub v1_hostnames: BTreeSet<String>,
    /// Whether the hostname-less listener exists.
    pub bare_listener: bool,
    /// Served ingress applications, by relation id.
    pub ingress: Vec<ServedIngress>,
    /// ISD259 requirers that get a Service, routes and endpoints, by relation id.
    pub routes: Vec<ServedRoute>,
    /// Relation ids of the v1 requirers given the Gateway's coordinates.
    pub v1: Vec<u64>,
    /// istio-ingress-route requirers that are served, by relation id.
    pub istio: Vec<IstioRouteRequirer>,
    /// Ports other than 80 and 443 with an istio-ingress-route listener.
    pub istio_ports: BTreeSet<u16>,
    /// Whether the istio-ingress-route listeners serve HTTPS.
    pub istio_tls: bool,
    /// With `routing-mode=subdomain` on one wildcard listener pair: its hostname
    /// (`*.{external-hostname}`).
    pub wildcard: Option<String>,
    /// Everything left out, and why: conflicts (by relation id), hostnames, units.
    pub issues: Vec<RoutingIssue>,
}

/// Settle every claim (see the module documentation).
pub fn resolve(inputs: &RoutingInputs<'_>) -> Routing {
    let mut participants: Vec<Participant<'_>> = inputs
        .ingress
        .iter()
        .map(Participant::Ingress)
        .chain(inputs.gateway_route.iter().map(Participant::Route))
        .chain(inputs.istio.iter().map(Participant::Istio))
        .collect();
    participants.sort_by_key(|participant| participant.relation().id);

    let mut routing = Routing {
        istio_tls: inputs.istio_tls,
        ..Routing::default()
    };
    let mut claims = Claims::default();
    let mut admitted: Vec<&Participant<'_>> = Vec::new();
    for participant in &participants {
        if let Participant::Istio(requirer) = participant
            && let Err(issue) = istio_fits(requirer, inputs)
        {
            routing.issues.push(issue);
            continue;
        }
        if let Participant::Ingress(requirer) = participant
            && let Some(external) = subdomain_parent(inputs)
            && let Err(reason) = validate::hostname(&requirer.subdomain(external))
        {
            routing.issues.push(RoutingIssue::InvalidSubdomain {
                relation: participant.relation(),
                hostname: requirer.subdomain(external),
                reason: reason.to_string(),
            });
            continue;
        }
        let wanted = claims_of(participant, inputs);
        match claims.take(participant.relation(), &wanted) {
            Ok(()) => admitted.push(participant),
            Err(issue) => routing.issues.push(issue),
        }
    }

    let needs_bare = admitted.iter().any(|participant| match participant {
        Participant::Ingress(_) => inputs.external_hostname.is_none(),
        Participant::Route(requirer) => {
            requirer.route.is_none() && requirer.hostnames().next().is_none()
        }
        Participant::Istio(requirer) => {
            inputs.external_hostname.is_none() && requirer.ports().contains(&80)
        }
    });
    let per_hostname = if inputs.certificates_related { 2 } else { 1 };
    let mut budget = MAX_GATEWAY_LISTENERS;
    if let Some(hostname) = inputs.external_hostname {
        routing.hostnames.insert(hostname.to_owned());
        budget -= per_hostname;
    }
    // (hostname, whether a v1 requirer asks for it: its routes attach to the Gateway itself):
    // the ingress applications' own hostnames (subdomain mode), then the route requirers'.
    let subdomain_hosts: Vec<(String, bool)> = match (inputs.subdomains, subdomain_parent(inputs)) {
        (Subdomains::PerApplication, Some(external)) => admitted
            .iter()
            .filter_map(|participant| match participant {
                Participant::Ingress(requirer) => Some((requirer.subdomain(external), false)),
                _ => None,
            })
            .collect(),
        (Subdomains::Wildcard, Some(external)) => {
            let any = admitted
                .iter()
                .any(|p| matches!(p, Participant::Ingress(_)));
            let wildcard = format!("*.{external}");
            routing.wildcard = any.then(|| wildcard.clone());
            any.then_some((wildcard, false)).into_iter().collect()
        }
        _ => Vec::new(),
    };
    let route_hostnames: Vec<(String, bool)> = subdomain_hosts
        .into_iter()
        .chain(
            admitted
                .iter()
                .filter_map(|participant| match participant {
                    Participant::Route(requirer) => Some(requirer),
                    Participant::Ingress(_) | Participant::Istio(_) => None,
                })
                .flat_map(|requirer| {
                    let mut hostnames: Vec<(String, bool)> = requirer
                        .hostnames()
                        .map(|host| (host.to_owned(), requirer.route.is_none()))
                        .collect();
                    hostnames.sort_unstable();
                    hostnames
                }),
        )
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
    for (hostname, v1) in &route_hostnames {
        let (hostname, v1) = (hostname.as_str(), *v1);
        if routing.hostnames.contains(hostname) {
            if v1 && !routing.v1_hostnames.contains(hostname) && budget >= per_hostname {
                budget -= per_hostname;
                routing.v1_hostnames.insert(hostname.to_owned());
            }
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
        if !v1 {
            // Listeners past the Gateway's own go to ListenerSets: no limit.
            listener_keys.insert(names::dashed(hostname), hostname.to_owned());
            routing.hostnames.insert(hostname.to_owned());
        } else if budget >= per_hostname {
            listener_keys.insert(names::dashed(hostname), hostname.to_owned());
            budget -= per_hostname;
            routing.hostnames.insert(hostname.to_owned());
            routing.v1_hostnames.insert(hostname.to_owned());
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
                let mut served = serve_ingress(requirer, inputs.model, &mut routing.issues);
                served.hostname = subdomain_parent(inputs).map(|e| requirer.subdomain(e));
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
            Participant::Istio(requirer) => {
                let new_ports: BTreeSet<u16> = requirer
                    .ports()
                    .into_iter()
                    .filter(|port| Claim::port_class(*port).is_some())
                    .filter(|port| !routing.istio_ports.contains(port))
                    .collect();
                routing.istio_ports.extend(new_ports);
                routing.istio.push((*requirer).clone());
                for route in requirer.request.grpc_routes_with_redirects() {
                    routing.issues.push(RoutingIssue::GrpcRedirectNotServed {
                        relation: participant.relation(),
                        route: route.name.clone(),
                    });
                }
            }
        }
    }
    routing
}

/// `external-hostname` when ingress applications are served on subdomains of it.
pub(super) fn subdomain_parent<'a>(inputs: &RoutingInputs<'a>) -> Option<&'a str> {
    match inputs.subdomains {
        Subdomains::Off => None,
        Subdomains::PerApplication | Subdomains::Wildcard => inputs.external_hostname,
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

#[cfg(test)]
#[path = "routing_istio_tests.rs"]
mod istio_tests;
