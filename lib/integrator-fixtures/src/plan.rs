//! Inputs shared by the plan rendering and CRD validation tests.

use std::net::Ipv4Addr;

use gateway_api_integrator::state::{
    Address, CertificatesInput, GatewayAddress, GatewayRouteRelations, GatewayRouteRequirer,
    IngressRelation, IngressRequirer, IngressUnit, Inputs, TlsMaterial,
};
use serde_json::{Value, json};

/// The Gateway's address in every fixture that has one.
pub const ADDRESS: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);

/// Knobs of an ingress-mode fixture (app `gai`, model `testing`, requirer `flask:8080`).
#[derive(Debug, Clone)]
pub struct IngressCase {
    /// The `enforce-https` option.
    pub enforce_https: bool,
    /// `None`: no certificates relation; `Some(false)`: related, nothing issued yet;
    /// `Some(true)`: a certificate issued for the hostname.
    pub tls_issued: Option<bool>,
    /// `external-hostname`, if set.
    pub hostname: Option<&'static str>,
    /// The requirer's `strip-prefix`.
    pub strip_prefix: bool,
}

/// TLS material with a recognisable chain (`LEAF\n\nCA`) and key (`KEY`).
pub fn material() -> TlsMaterial {
    TlsMaterial::from_provider("LEAF", &["LEAF".to_owned(), "CA".to_owned()], "KEY")
}

/// The ingress requirer `flask` (relation 3, one unit, in the fixtures' model).
pub fn requirer(strip_prefix: bool) -> IngressRequirer {
    IngressRequirer {
        relation_id: INGRESS_RELATION,
        remote_app: "flask".into(),
        app_name: "flask".into(),
        model: "testing".into(),
        port: 8080,
        strip_prefix,
        redirect_https: false,
        units: vec![IngressUnit {
            name: "flask/0".into(),
            ip: None,
        }],
        scheme: relation_data::ingress::Scheme::Http,
    }
}

/// The relation id of [`requirer`].
pub const INGRESS_RELATION: u64 = 3;

fn config(enforce_https: bool, hostname: Option<&str>) -> serde_json::Map<String, Value> {
    let mut config = json!({"gateway-class": "cilium", "enforce-https": enforce_https});
    if let Some(hostname) = hostname {
        config["external-hostname"] = json!(hostname);
    }
    config.as_object().cloned().unwrap()
}

/// The gathered inputs of a leader serving `case`'s ingress requirer.
pub fn ingress_inputs(case: &IngressCase) -> Inputs {
    let certificates = match case.tls_issued {
        None => CertificatesInput::default(),
        Some(issued) => CertificatesInput {
            related: true,
            issued: match (issued, case.hostname) {
                (true, Some(hostname)) => [(hostname.to_owned(), material())].into(),
                _ => Default::default(),
            },
        },
    };
    Inputs {
        app_name: "gai".into(),
        model_name: "testing".into(),
        config: config(case.enforce_https, case.hostname),
        gateway_classes: vec!["cilium".into()],
        ingress: vec![IngressRelation::Ready(requirer(case.strip_prefix))],
        gateway_route: GatewayRouteRelations::default(),
        istio: Vec::new(),
        certificates,
        gateway_address: GatewayAddress::Ready(Address::Ip(ADDRESS.into())),
        ..Inputs::default()
    }
}

/// gateway-route mode: one requirer with two hostnames, one with none (IP certificate).
pub fn gateway_route_inputs() -> Inputs {
    Inputs {
        app_name: "gai".into(),
        model_name: "testing".into(),
        config: config(true, None),
        gateway_classes: vec!["cilium".into()],
        ingress: Vec::new(),
        gateway_route: GatewayRouteRelations {
            relation_count: 2,
            requirers: vec![
                GatewayRouteRequirer {
                    relation_id: 7,
                    hostname: Some("www.example.com".into()),
                    additional_hostnames: vec!["api.example.com".into()],
                    route: None,
                },
                GatewayRouteRequirer {
                    relation_id: 8,
                    hostname: None,
                    additional_hostnames: vec![],
                    route: None,
                },
            ],
        },
        istio: Vec::new(),
        certificates: CertificatesInput {
            related: true,
            issued: [
                ("www.example.com".to_owned(), material()),
                ("api.example.com".to_owned(), material()),
                (ADDRESS.to_string(), material()),
            ]
            .into(),
        },
        gateway_address: GatewayAddress::Ready(Address::Ip(ADDRESS.into())),
        ..Inputs::default()
    }
}

/// Every valid ingress combination: enforce-https × TLS × hostname × strip-prefix.
pub fn all_ingress_cases() -> Vec<IngressCase> {
    let mut cases = Vec::new();
    for enforce_https in [true, false] {
        for tls_issued in [None, Some(false), Some(true)] {
            for hostname in [None, Some("example.com")] {
                for strip_prefix in [false, true] {
                    let case = IngressCase {
                        enforce_https,
                        tls_issued,
                        hostname,
                        strip_prefix,
                    };
                    // enforce-https needs certificates; ingress + certificates needs a hostname.
                    let valid = (!enforce_https || tls_issued.is_some())
                        && (tls_issued.is_none() || hostname.is_some());
                    if valid {
                        cases.push(case);
                    }
                }
            }
        }
    }
    cases
}

/// An ISD259 requirer: `hosts[0]` is the main hostname.
pub fn isd259_requirer(
    relation_id: u64,
    hosts: &[&str],
    paths: &[&str],
    workload: &str,
    port: u16,
) -> GatewayRouteRequirer {
    GatewayRouteRequirer {
        relation_id,
        hostname: hosts.first().map(|h| (*h).to_owned()),
        additional_hostnames: hosts.iter().skip(1).map(|h| (*h).to_owned()).collect(),
        route: Some(gateway_api_integrator::state::RouteRequest {
            application: workload.into(),
            port,
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
        }),
    }
}

/// gateway-route mode with ISD259 requirers, enforce-https, and a certificate issued for
/// every hostname of `requirers`.
pub fn isd259_inputs(requirers: Vec<GatewayRouteRequirer>) -> Inputs {
    let issued = requirers
        .iter()
        .flat_map(|r| r.hostnames().map(str::to_owned).collect::<Vec<_>>())
        .map(|host| (host, material()))
        .collect();
    Inputs {
        app_name: "gai".into(),
        model_name: "testing".into(),
        config: config(true, None),
        gateway_classes: vec!["cilium".into()],
        ingress: Vec::new(),
        gateway_route: GatewayRouteRelations {
            relation_count: requirers.len(),
            requirers,
        },
        istio: Vec::new(),
        certificates: CertificatesInput {
            related: true,
            issued,
        },
        gateway_address: GatewayAddress::Ready(Address::Ip(ADDRESS.into())),
        ..Inputs::default()
    }
}
