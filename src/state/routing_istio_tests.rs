//! Routing of istio-ingress-route requirers: the Gateway's own ports, the bare listener, the
//! listener budget, and the gRPC redirect note.

use relation_data::istio_ingress_route::IstioIngressRouteRequest;
use serde_json::{Value, json};

use super::*;
use crate::gather::endpoints;
use crate::state::RelationRef;

fn requirer(id: u64, ports: &[u16], grpc_redirect: bool) -> IstioRouteRequirer {
    let listeners: Vec<Value> = ports
        .iter()
        .map(|port| json!({"port": port, "protocol": "HTTP"}))
        .collect();
    let routes: Vec<Value> = ports
        .iter()
        .map(|port| {
            json!({"name": format!("r{port}"), "listener": {"port": port, "protocol": "HTTP"},
                   "backends": [{"service": "svc", "port": 8080}],
                   "matches": [{"path": {"type": "PathPrefix", "value": format!("/r{id}")}}]})
        })
        .collect();
    let filters =
        grpc_redirect.then(|| json!([{"requestRedirect": {"scheme": "https", "statusCode": 301}}]));
    let grpc: Vec<Value> = grpc_redirect
        .then(|| {
            json!({"name": "g", "listener": {"port": 9000, "protocol": "GRPC"},
                   "backends": [{"service": "svc", "port": 9000}], "filters": filters})
        })
        .into_iter()
        .collect();
    let mut listeners = listeners;
    if grpc_redirect {
        listeners.push(json!({"port": 9000, "protocol": "GRPC"}));
    }
    let config = json!({"model": "m", "listeners": listeners, "http_routes": routes,
                        "grpc_routes": grpc});
    let bag = [("config".to_owned(), config.to_string())].into();
    let request = IstioIngressRouteRequest::read("istio-ingress-route", &bag)
        .unwrap()
        .unwrap();
    IstioRouteRequirer::new(id, "app", request).unwrap()
}

fn resolve_istio(
    external_hostname: Option<&str>,
    istio: &[IstioRouteRequirer],
    istio_tls: bool,
    v1: &[GatewayRouteRequirer],
) -> Routing {
    resolve(&RoutingInputs {
        model: "m",
        external_hostname,
        ingress: &[],
        gateway_route: v1,
        certificates_related: istio_tls,
        ip_listener: false,
        istio,
        istio_tls,
        subdomains: Subdomains::Off,
    })
}

fn relation(id: u64) -> RelationRef {
    RelationRef {
        endpoint: endpoints::ISTIO_INGRESS_ROUTE,
        id,
    }
}

#[test]
fn ports_are_shared_and_the_gateways_own_ports_keep_their_protocol() {
    let routing = resolve_istio(
        None,
        &[
            requirer(5, &[80, 3200], false),
            requirer(6, &[3200, 3300], false),
        ],
        false,
        &[],
    );
    // Port 80 on plain HTTP uses the Gateway's hostname-less HTTP listener.
    assert!(routing.bare_listener);
    assert_eq!(routing.istio_ports, [3200, 3300].into());
    assert_eq!(routing.istio.len(), 2);
    assert_eq!(routing.issues, []);

    // With TLS, port 80 is the Gateway's plain-HTTP port: not served.
    let routing = resolve_istio(
        Some("a.example.com"),
        &[requirer(5, &[80], false)],
        true,
        &[],
    );
    assert_eq!(
        routing.issues,
        [RoutingIssue::ReservedPort {
            relation: relation(5),
            port: 80,
            serves: "HTTP"
        }]
    );
    assert!(routing.istio.is_empty());
    assert_eq!(
        routing.issues[0].to_string(),
        "istio-ingress-route:5 not routed: port 80 is the Gateway's HTTP port"
    );
}

#[test]
fn a_grpc_redirect_is_served_without_it_and_said() {
    let routing = resolve_istio(None, &[requirer(5, &[3200], true)], false, &[]);
    assert_eq!(routing.istio.len(), 1);
    assert_eq!(routing.istio_ports, [3200, 9000].into());
    assert_eq!(
        routing.issues,
        [RoutingIssue::GrpcRedirectNotServed {
            relation: relation(5),
            route: "g".into()
        }]
    );
}
