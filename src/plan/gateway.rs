//! The Gateway: named after the app; the hostname-less HTTP listener when something needs it,
//! one HTTP listener per hostname, and one HTTPS listener per certificate served.

use std::net::IpAddr;

use charm_cluster::Kind;
use gateway_api::gateways::{
    Gateway, GatewayListeners, GatewayListenersAllowedRoutes,
    GatewayListenersAllowedRoutesNamespaces, GatewayListenersAllowedRoutesNamespacesFrom,
    GatewayListenersTls, GatewayListenersTlsCertificateRefs, GatewaySpec,
};

use crate::state::CharmState;

use super::{DesiredObject, desired, names, object_meta};

/// HTTP listener port.
pub const HTTP_PORT: i32 = 80;
/// HTTPS listener port.
pub const HTTPS_PORT: i32 = 443;

fn listener(name: String, host: Option<&str>, port: i32, protocol: &str) -> GatewayListeners {
    GatewayListeners {
        name,
        // A listener for the gateway IP matches any Host header: IPs are not hostnames.
        hostname: host
            .filter(|host| host.parse::<IpAddr>().is_err())
            .map(str::to_owned),
        port,
        protocol: protocol.to_owned(),
        allowed_routes: Some(GatewayListenersAllowedRoutes {
            namespaces: Some(GatewayListenersAllowedRoutesNamespaces {
                from: Some(GatewayListenersAllowedRoutesNamespacesFrom::All),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The Gateway for `state`. HTTP listeners come first (the hostname-less one, then by
/// hostname), then HTTPS listeners (by hostname or IP), each referring to its TLS Secret.
pub(super) fn render(state: &CharmState) -> DesiredObject {
    let gateway_name = &state.app_name;
    let http = |host: Option<&str>| {
        listener(
            names::http_listener_name(gateway_name, host),
            host,
            HTTP_PORT,
            "HTTP",
        )
    };
    let mut listeners: Vec<GatewayListeners> = Vec::new();
    if state.routing.bare_listener {
        listeners.push(http(None));
    }
    listeners.extend(state.hostnames().iter().map(|host| http(Some(host))));
    for host in state.tls.ready().into_iter().flat_map(|tls| tls.keys()) {
        let mut https = listener(
            names::https_listener_name(gateway_name, Some(host)),
            Some(host),
            HTTPS_PORT,
            "HTTPS",
        );
        https.tls = Some(GatewayListenersTls {
            certificate_refs: Some(vec![GatewayListenersTlsCertificateRefs {
                kind: Some("Secret".to_owned()),
                name: names::tls_secret_name(&state.app_name, host),
                ..Default::default()
            }]),
            ..Default::default()
        });
        listeners.push(https);
    }

    let gateway = Gateway {
        metadata: object_meta(&state.app_name, &state.namespace, gateway_name.clone()),
        spec: GatewaySpec {
            gateway_class_name: state.gateway_class.clone(),
            listeners,
            ..Default::default()
        },
        status: None,
    };
    desired(Kind::Gateway, &gateway)
}
