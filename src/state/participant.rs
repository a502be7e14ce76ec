//! A requirer taking part in the routing resolution, whatever its interface, and what it
//! claims on the Gateway (see [`super::routing`]).

use std::collections::BTreeSet;

use super::claims::Claim;
use super::routing::{RoutingInputs, subdomain_parent};
use super::{GatewayRouteRequirer, IngressRequirer, IstioRouteRequirer, RelationRef, RoutingIssue};
use crate::gather::endpoints;

/// One requirer taking part, in relation-id order.
pub(super) enum Participant<'a> {
    Ingress(&'a IngressRequirer),
    Route(&'a GatewayRouteRequirer),
    Istio(&'a IstioRouteRequirer),
}

impl Participant<'_> {
    pub(super) fn relation(&self) -> RelationRef {
        match self {
            Participant::Ingress(requirer) => RelationRef {
                endpoint: endpoints::GATEWAY,
                id: requirer.relation_id,
            },
            Participant::Route(requirer) => RelationRef {
                endpoint: endpoints::GATEWAY_ROUTE,
                id: requirer.relation_id,
            },
            Participant::Istio(requirer) => RelationRef {
                endpoint: endpoints::ISTIO_INGRESS_ROUTE,
                id: requirer.relation_id,
            },
        }
    }
}

/// Whether an istio-ingress-route requirer's listeners and hostnames can be served at all:
/// on the Gateway's own ports only with the protocol the Gateway serves there (80: HTTP, so
/// only without TLS; 443: HTTPS, so only with it), and, when its listeners are bound to
/// `external-hostname`, with route hostnames that fall under it.
pub(super) fn istio_fits(
    requirer: &IstioRouteRequirer,
    inputs: &RoutingInputs<'_>,
) -> Result<(), RoutingIssue> {
    let relation = RelationRef {
        endpoint: endpoints::ISTIO_INGRESS_ROUTE,
        id: requirer.relation_id,
    };
    for port in requirer.ports() {
        let serves = match (port, inputs.istio_tls) {
            (80, true) => "HTTP",
            (443, false) => "HTTPS",
            _ => continue,
        };
        return Err(RoutingIssue::ReservedPort {
            relation,
            port,
            serves,
        });
    }
    let Some(listener) = inputs.external_hostname else {
        return Ok(());
    };
    for claim in requirer.claims() {
        let Some(hostname) = claim.hostname else {
            continue;
        };
        let covered = match hostname.strip_prefix("*.") {
            Some(domain) => listener.ends_with(&format!(".{domain}")),
            None => hostname == listener,
        };
        if !covered {
            return Err(RoutingIssue::HostnameOutsideListener {
                relation,
                hostname,
                listener: listener.to_owned(),
            });
        }
    }
    Ok(())
}

/// The claims `participant` makes: an ingress application its path prefix under
/// `external-hostname` (or the Gateway's address), an ISD259 requirer every (hostname, path),
/// an istio-ingress-route requirer every (port, hostname, match) of its routes; all on the
/// Gateway's own ports except istio listeners on others. v1 requirers claim nothing.
pub(super) fn claims_of(participant: &Participant<'_>, inputs: &RoutingInputs<'_>) -> Vec<Claim> {
    let external_hostname = inputs.external_hostname;
    let web = |hostname: Option<String>, path: String| Claim {
        port: None,
        hostname,
        path,
        grpc: false,
    };
    match participant {
        Participant::Ingress(requirer) => match subdomain_parent(inputs) {
            Some(external) => vec![web(Some(requirer.subdomain(external)), "/".to_owned())],
            None => vec![web(
                external_hostname.map(str::to_owned),
                requirer.path_prefix(),
            )],
        },
        Participant::Route(requirer) => match &requirer.route {
            Some(request) => requirer
                .hostnames()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .flat_map(|host| {
                    request
                        .paths
                        .iter()
                        .map(move |path| web(Some(host.to_owned()), path.clone()))
                })
                .collect(),
            None => Vec::new(),
        },
        Participant::Istio(requirer) => requirer
            .claims()
            .into_iter()
            .map(|claim| Claim {
                port: Claim::port_class(claim.port),
                hostname: claim
                    .hostname
                    .or_else(|| external_hostname.map(str::to_owned)),
                path: claim.matcher,
                grpc: claim.grpc,
            })
            .collect(),
    }
}
