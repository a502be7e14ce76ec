//! The claims on the one Gateway: who holds each (port, hostname, match), and which protocol
//! (HTTP or gRPC routes) holds each (port, hostname). First come, first served — the caller
//! offers requirers in relation-id order, so the lowest relation id wins, whatever the
//! interface.

use std::collections::BTreeMap;

use super::{RelationRef, RoutingIssue};

/// One match on the Gateway.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Claim {
    /// The listener port; `None` for the Gateway's own HTTP and HTTPS ports (80 and 443),
    /// where ingress and gateway-route requirers are served.
    pub port: Option<u16>,
    /// The hostname; `None` for the Gateway's address.
    pub hostname: Option<String>,
    /// The match: a path prefix (`/api`), or a canonical match (`/api GET [x-a=b]`,
    /// `Exact /x`, `grpc pkg.Service/Method`).
    pub path: String,
    /// Whether a gRPC route makes it (else an HTTP route).
    pub grpc: bool,
}

impl Claim {
    /// `port` as claims see it: the Gateway's own ports are one class.
    pub fn port_class(port: u16) -> Option<u16> {
        match port {
            80 | 443 => None,
            port => Some(port),
        }
    }
}

/// Every claim taken so far.
#[derive(Debug, Default)]
pub struct Claims {
    matches: BTreeMap<(Option<u16>, Option<String>, String), RelationRef>,
    protocols: BTreeMap<(Option<u16>, Option<String>), (bool, RelationRef)>,
}

impl Claims {
    /// Give `relation` every one of `wanted`, or none: the first one taken by another
    /// requirer — the same match, or the same port and hostname held by routes of the other
    /// protocol (the Gateway API would reject the GRPCRoute) — is the conflict.
    pub fn take(&mut self, relation: RelationRef, wanted: &[Claim]) -> Result<(), RoutingIssue> {
        for claim in wanted {
            let spot = (claim.port, claim.hostname.clone());
            let by_match =
                self.matches
                    .get(&(claim.port, claim.hostname.clone(), claim.path.clone()));
            let by_protocol = self
                .protocols
                .get(&spot)
                .filter(|(grpc, _)| *grpc != claim.grpc)
                .map(|(_, holder)| holder);
            if let Some(winner) = by_match.or(by_protocol)
                && *winner != relation
            {
                return Err(RoutingIssue::Conflict {
                    loser: relation,
                    winner: *winner,
                    hostname: claim.hostname.clone(),
                    port: claim.port,
                    path: claim.path.clone(),
                });
            }
        }
        for claim in wanted {
            let spot = (claim.port, claim.hostname.clone());
            self.matches.insert(
                (claim.port, claim.hostname.clone(), claim.path.clone()),
                relation,
            );
            self.protocols.entry(spot).or_insert((claim.grpc, relation));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(id: u64) -> RelationRef {
        RelationRef {
            endpoint: "istio-ingress-route",
            id,
        }
    }

    fn claim(port: u16, path: &str, grpc: bool) -> Claim {
        Claim {
            port: Claim::port_class(port),
            hostname: Some("a.example.com".into()),
            path: path.into(),
            grpc,
        }
    }

    #[test]
    fn a_taken_match_or_protocol_refuses_every_claim() {
        let mut claims = Claims::default();
        assert_eq!(
            claims.take(relation(1), &[claim(8080, "/api", false)]),
            Ok(())
        );
        // The same match.
        let taken = claims.take(
            relation(2),
            &[claim(8080, "/x", false), claim(8080, "/api", false)],
        );
        assert_eq!(
            taken.unwrap_err().to_string(),
            "istio-ingress-route:2 not routed: a.example.com:8080/api is taken by istio-ingress-route:1"
        );
        // Nothing of relation 2 was taken: /x is still free.
        assert_eq!(
            claims.take(relation(3), &[claim(8080, "/x", false)]),
            Ok(())
        );
        // gRPC on a port and hostname HTTP routes hold.
        let grpc = claims.take(relation(4), &[claim(8080, "grpc *", true)]);
        assert_eq!(
            grpc.unwrap_err().to_string(),
            "istio-ingress-route:4 not routed: a.example.com:8080 grpc * is taken by istio-ingress-route:1"
        );
        // Ports 80 and 443 are one class: the Gateway's own.
        assert_eq!(claims.take(relation(5), &[claim(80, "/", false)]), Ok(()));
        assert!(claims.take(relation(6), &[claim(443, "/", false)]).is_err());
    }
}
