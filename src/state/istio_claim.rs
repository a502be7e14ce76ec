//! What an istio-ingress-route requirer's routes claim on the Gateway, one claim per route,
//! hostname and match, and the rules one requirer's own claims must keep.

use std::collections::BTreeSet;

use relation_data::istio_ingress_route::{
    GrpcRouteMatch, HeaderMatches, HttpRouteMatch, IstioIngressRouteRequest, PathMatchType,
};

use super::IstioRouteRequirer;

/// What one match of one route claims on the Gateway: a listener port, a hostname (`None`:
/// the listener's own), whether it is gRPC, and the match as a canonical key — a plain path
/// prefix is its path (`/api`), as the ingress and gateway-route claims are, so the same
/// prefix on the same hostname collides across interfaces.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IstioClaim {
    /// The listener port.
    pub port: u16,
    /// The route hostname, or `None` for the listener's.
    pub hostname: Option<String>,
    /// A gRPC route's (else an HTTP route's).
    pub grpc: bool,
    /// The canonical match.
    pub matcher: String,
}

impl IstioRouteRequirer {
    /// Every claim of every route, in route order.
    pub fn claims(&self) -> Vec<IstioClaim> {
        claims(&self.request)
    }
}

pub(super) fn claims(request: &IstioIngressRouteRequest) -> Vec<IstioClaim> {
    let mut claims = Vec::new();
    let mut add = |port: u16, hostnames: Option<&[String]>, grpc: bool, keys: Vec<String>| {
        let hosts: Vec<Option<String>> = match hostnames {
            Some(hosts) if !hosts.is_empty() => hosts.iter().cloned().map(Some).collect(),
            _ => vec![None],
        };
        for hostname in hosts {
            for matcher in &keys {
                claims.push(IstioClaim {
                    port,
                    hostname: hostname.clone(),
                    grpc,
                    matcher: matcher.clone(),
                });
            }
        }
    };
    for route in &request.http_routes {
        let keys = match route.matches.as_deref() {
            None | Some([]) => vec!["/".to_owned()],
            Some(matches) => matches.iter().map(http_key).collect(),
        };
        add(route.listener.port, route.hostnames.as_deref(), false, keys);
    }
    for route in &request.grpc_routes {
        let keys = match route.matches.as_deref() {
            None | Some([]) => vec!["grpc *".to_owned()],
            Some(matches) => matches.iter().map(grpc_key).collect(),
        };
        add(route.listener.port, route.hostnames.as_deref(), true, keys);
    }
    claims
}

fn headers_key(headers: Option<&HeaderMatches>) -> String {
    let mut pairs: Vec<String> = headers
        .into_iter()
        .flat_map(HeaderMatches::iter)
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    pairs.sort();
    match pairs.is_empty() {
        true => String::new(),
        false => format!(" [{}]", pairs.join(",")),
    }
}

fn http_key(m: &HttpRouteMatch) -> String {
    let path = match &m.path {
        None => "/".to_owned(),
        Some(path) if path.match_type == PathMatchType::PathPrefix => path.value.clone(),
        Some(path) => format!("{} {}", path.match_type.as_str(), path.value),
    };
    let method = m
        .method
        .map(|m| format!(" {}", m.as_str()))
        .unwrap_or_default();
    format!("{path}{method}{}", headers_key(m.headers.as_ref()))
}

fn grpc_key(m: &GrpcRouteMatch) -> String {
    let method = match &m.method {
        None => "*".to_owned(),
        Some(method) => format!(
            "{}/{}",
            method.service,
            method.method.as_deref().unwrap_or("*")
        ),
    };
    format!("grpc {method}{}", headers_key(m.headers.as_ref()))
}

/// Within one request: no two routes may claim the same match, and HTTP and gRPC routes may
/// not share a listener and hostname (the Gateway API rejects the GRPCRoute then).
pub(super) fn own_claims(request: &IstioIngressRouteRequest) -> Result<(), String> {
    let claims = claims(request);
    let mut seen = BTreeSet::new();
    for claim in &claims {
        if !seen.insert((claim.port, &claim.hostname, &claim.matcher)) {
            return Err(format!(
                "two routes on port {} match {}",
                claim.port, claim.matcher
            ));
        }
    }
    for http in claims.iter().filter(|c| !c.grpc) {
        if claims
            .iter()
            .any(|c| c.grpc && c.port == http.port && c.hostname == http.hostname)
        {
            return Err(format!(
                "HTTP and gRPC routes share port {} and hostname {}: the Gateway API serves only the HTTP ones",
                http.port,
                http.hostname.as_deref().unwrap_or("(the listener's)")
            ));
        }
    }
    Ok(())
}
