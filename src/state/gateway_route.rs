//! gateway-route requirers (endpoint `gateway-route`) as the state sees them, and how their
//! claims are settled: which ISD259 requirers get routes, which hostnames get listeners.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

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

    /// Hostnames without duplicates, the main hostname first.
    fn distinct_hostnames(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.hostnames()
            .filter(|host| seen.insert(*host))
            .map(str::to_owned)
            .collect()
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

/// Why part of the gateway-route requests is not served (named in the status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayRouteIssue {
    /// `relation_id` claims a hostname and path already claimed by the lower `winner`.
    Conflict {
        /// The requirer left without routes.
        relation_id: u64,
        /// The requirer that keeps the hostname and path.
        winner: u64,
        /// The contested hostname.
        hostname: String,
        /// The contested path.
        path: String,
    },
    /// `hostname` would take the Gateway past its listener limit.
    ListenerLimit {
        /// The hostname left without listeners.
        hostname: String,
    },
}

impl fmt::Display for GatewayRouteIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GatewayRouteIssue::Conflict {
                relation_id,
                winner,
                hostname,
                path,
            } => write!(
                f,
                "gateway-route:{relation_id} not routed: {hostname}{path} is taken by gateway-route:{winner}"
            ),
            GatewayRouteIssue::ListenerLimit { hostname } => write!(
                f,
                "{hostname} not served: the Gateway is at its {MAX_GATEWAY_LISTENERS}-listener limit"
            ),
        }
    }
}

/// The settled gateway-route claims.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GatewayRouteResolution {
    /// Hostnames that get listeners (and certificates).
    pub hostnames: BTreeSet<String>,
    /// ISD259 requirers that get a Service, routes and endpoints, by relation id.
    pub routes: Vec<ServedRoute>,
    /// What is left out, and why: conflicts first (by relation id), then hostnames.
    pub issues: Vec<GatewayRouteIssue>,
}

/// Settle the requirers' claims, deterministically and first come, first served (lowest
/// relation id first):
/// 1. an ISD259 requirer claiming a hostname + path that a lower relation id already claimed
///    is not routed at all, and contributes no hostname;
/// 2. hostnames get listeners in order of the lowest relation id asking for them (sorted
///    within one requirer) while the Gateway has room: each costs one HTTP listener, plus one
///    HTTPS listener when `certificates_related`; `ip_listener` reserves one for the gateway
///    IP's HTTPS listener. Hostnames without room are reported, never silently dropped;
/// 3. a routed requirer keeps the hostnames that got listeners; with none left, it gets no
///    route.
pub fn resolve(
    requirers: &[GatewayRouteRequirer],
    certificates_related: bool,
    ip_listener: bool,
) -> GatewayRouteResolution {
    let mut ordered: Vec<&GatewayRouteRequirer> = requirers.iter().collect();
    ordered.sort_by_key(|requirer| requirer.relation_id);

    let mut issues = Vec::new();
    let mut claims: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut participants = Vec::with_capacity(ordered.len());
    for requirer in ordered {
        let hostnames = requirer.distinct_hostnames();
        if let Some(request) = &requirer.route {
            let taken = hostnames.iter().find_map(|host| {
                request.paths.iter().find_map(|path| {
                    claims
                        .get(&(host.clone(), path.clone()))
                        .filter(|owner| **owner != requirer.relation_id)
                        .map(|owner| (*owner, host, path))
                })
            });
            if let Some((winner, hostname, path)) = taken {
                issues.push(GatewayRouteIssue::Conflict {
                    relation_id: requirer.relation_id,
                    winner,
                    hostname: hostname.clone(),
                    path: path.clone(),
                });
                continue;
            }
            for host in &hostnames {
                for path in &request.paths {
                    claims.insert((host.clone(), path.clone()), requirer.relation_id);
                }
            }
        }
        participants.push((requirer, hostnames));
    }

    let cost = if certificates_related { 2 } else { 1 };
    let budget = MAX_GATEWAY_LISTENERS - usize::from(ip_listener);
    let capacity = budget / cost;
    let mut admitted = BTreeSet::new();
    let mut left_out = BTreeSet::new();
    for (_, hostnames) in &participants {
        let mut sorted: Vec<&String> = hostnames.iter().collect();
        sorted.sort();
        for host in sorted {
            if admitted.contains(host) || left_out.contains(host) {
                continue;
            }
            if admitted.len() < capacity {
                admitted.insert(host.clone());
            } else {
                left_out.insert(host.clone());
                issues.push(GatewayRouteIssue::ListenerLimit {
                    hostname: host.clone(),
                });
            }
        }
    }

    let routes = participants
        .iter()
        .filter_map(|(requirer, hostnames)| {
            let request = requirer.route.clone()?;
            let hostnames: Vec<String> = hostnames
                .iter()
                .filter(|host| admitted.contains(*host))
                .cloned()
                .collect();
            (!hostnames.is_empty()).then_some(ServedRoute {
                relation_id: requirer.relation_id,
                hostnames,
                request,
            })
        })
        .collect();
    GatewayRouteResolution {
        hostnames: admitted,
        routes,
        issues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isd259(id: u64, hosts: &[&str], paths: &[&str]) -> GatewayRouteRequirer {
        GatewayRouteRequirer {
            relation_id: id,
            hostname: hosts.first().map(|h| (*h).to_owned()),
            additional_hostnames: hosts.iter().skip(1).map(|h| (*h).to_owned()).collect(),
            route: Some(RouteRequest {
                application: format!("app{id}"),
                port: 8080,
                paths: paths.iter().map(|p| (*p).to_owned()).collect(),
            }),
        }
    }

    fn v1(id: u64, host: &str) -> GatewayRouteRequirer {
        GatewayRouteRequirer {
            relation_id: id,
            hostname: Some(host.to_owned()),
            additional_hostnames: vec![],
            route: None,
        }
    }

    #[test]
    fn lowest_relation_id_wins_a_contested_hostname_and_path() {
        // Given in reverse order: the order of the input does not matter.
        let requirers = [
            isd259(9, &["b.com", "a.com"], &["/x"]),
            isd259(4, &["a.com"], &["/x", "/y"]),
            isd259(6, &["a.com"], &["/z"]),
        ];
        let resolution = resolve(&requirers, false, false);
        assert_eq!(
            resolution
                .routes
                .iter()
                .map(|r| r.relation_id)
                .collect::<Vec<_>>(),
            vec![4, 6]
        );
        assert_eq!(
            resolution.issues,
            vec![GatewayRouteIssue::Conflict {
                relation_id: 9,
                winner: 4,
                hostname: "a.com".into(),
                path: "/x".into()
            }]
        );
        // The loser's other hostname gets no listener either.
        assert_eq!(resolution.hostnames, BTreeSet::from(["a.com".to_owned()]));
        assert_eq!(
            resolution.issues[0].to_string(),
            "gateway-route:9 not routed: a.com/x is taken by gateway-route:4"
        );
    }

    #[test]
    fn hostnames_past_the_listener_limit_are_left_out_and_reported() {
        // With TLS every hostname costs two listeners and the IP listener one: 31 fit.
        let mut requirers: Vec<GatewayRouteRequirer> = (0..40)
            .map(|i| isd259(i + 10, &[&format!("h{:02}.com", 39 - i)], &["/"]))
            .collect();
        requirers.push(v1(1, "late.com"));
        let resolution = resolve(&requirers, true, true);
        assert_eq!(resolution.hostnames.len(), 31);
        // Relation 1 comes first; then relations 10.. (hostnames h39, h38, …).
        assert!(resolution.hostnames.contains("late.com"));
        assert!(resolution.hostnames.contains("h39.com"));
        assert!(resolution.hostnames.contains("h10.com"));
        assert!(!resolution.hostnames.contains("h09.com"));
        let left_out: Vec<String> = resolution.issues.iter().map(ToString::to_string).collect();
        assert_eq!(left_out.len(), 10);
        assert_eq!(
            left_out[0],
            "h09.com not served: the Gateway is at its 64-listener limit"
        );
        assert_eq!(resolution.routes.len(), 30);
    }

    #[test]
    fn without_tls_every_hostname_costs_one_listener() {
        let requirers: Vec<GatewayRouteRequirer> =
            (0..70).map(|i| v1(i, &format!("h{i:02}.com"))).collect();
        let resolution = resolve(&requirers, false, false);
        assert_eq!(resolution.hostnames.len(), MAX_GATEWAY_LISTENERS);
        assert_eq!(resolution.issues.len(), 6);
    }

    #[test]
    fn a_requirer_keeps_the_hostnames_that_fit() {
        let mut requirers: Vec<GatewayRouteRequirer> =
            (0..63).map(|i| v1(i, &format!("h{i:02}.com"))).collect();
        requirers.push(isd259(100, &["main.com", "extra.com"], &["/"]));
        let resolution = resolve(&requirers, false, false);
        // Sorted within the requirer: extra.com takes the last listener.
        assert_eq!(resolution.routes[0].hostnames, vec!["extra.com".to_owned()]);
        assert_eq!(
            resolution.issues,
            vec![GatewayRouteIssue::ListenerLimit {
                hostname: "main.com".into()
            }]
        );
    }
}
