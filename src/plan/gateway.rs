//! The Gateway: named after the app; the hostname-less HTTP listener when something needs it,
//! one HTTP listener per hostname, one HTTPS listener per certificate served, and one listener
//! per istio-ingress-route port other than 80 and 443.

use std::net::IpAddr;

use charm_cluster::Kind;
use gateway_api::gateways::{
    Gateway, GatewayInfrastructure, GatewayListeners, GatewayListenersAllowedRoutes,
    GatewayListenersAllowedRoutesNamespaces, GatewayListenersAllowedRoutesNamespacesFrom,
    GatewayListenersAllowedRoutesNamespacesSelector, GatewayListenersTls,
    GatewayListenersTlsCertificateRefs, GatewaySpec,
};

use crate::config::AllowedRouteNamespaces;
use crate::state::CharmState;

use super::{DesiredObject, desired, istio_route, names, object_meta};

/// HTTP listener port.
pub const HTTP_PORT: i32 = 80;
/// HTTPS listener port.
pub const HTTPS_PORT: i32 = 443;

/// `allowedRoutes.namespaces` of every listener, from `allowed-route-namespaces`.
fn allowed_namespaces(policy: &AllowedRouteNamespaces) -> GatewayListenersAllowedRoutesNamespaces {
    let (from, selector) = match policy {
        AllowedRouteNamespaces::All => (GatewayListenersAllowedRoutesNamespacesFrom::All, None),
        AllowedRouteNamespaces::Same => (GatewayListenersAllowedRoutesNamespacesFrom::Same, None),
        AllowedRouteNamespaces::Selector(labels) => (
            GatewayListenersAllowedRoutesNamespacesFrom::Selector,
            Some(GatewayListenersAllowedRoutesNamespacesSelector {
                match_labels: Some(labels.clone()),
                ..Default::default()
            }),
        ),
    };
    GatewayListenersAllowedRoutesNamespaces {
        from: Some(from),
        selector,
    }
}

fn listener(
    state: &CharmState,
    name: String,
    host: Option<&str>,
    port: i32,
    protocol: &str,
) -> GatewayListeners {
    GatewayListeners {
        name,
        // A listener for the gateway IP matches any Host header: IPs are not hostnames.
        hostname: host
            .filter(|host| host.parse::<IpAddr>().is_err())
            .map(str::to_owned),
        port,
        protocol: protocol.to_owned(),
        allowed_routes: Some(GatewayListenersAllowedRoutes {
            namespaces: Some(allowed_namespaces(&state.config.allowed_route_namespaces)),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A listener's TLS: the Secret holding `host`'s certificate.
fn tls(state: &CharmState, host: &str) -> GatewayListenersTls {
    GatewayListenersTls {
        certificate_refs: Some(vec![GatewayListenersTlsCertificateRefs {
            kind: Some("Secret".to_owned()),
            name: names::tls_secret_name(&state.app_name, host),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

/// `spec.infrastructure` from the infrastructure options; `None` when both are empty.
fn infrastructure(state: &CharmState) -> Option<GatewayInfrastructure> {
    let config = &state.config;
    let labels = &config.infrastructure_labels;
    let annotations = &config.infrastructure_annotations;
    (!labels.is_empty() || !annotations.is_empty()).then(|| GatewayInfrastructure {
        labels: (!labels.is_empty()).then(|| labels.clone()),
        annotations: (!annotations.is_empty()).then(|| annotations.clone()),
        ..Default::default()
    })
}

/// The Gateway for `state`. HTTP listeners come first (the hostname-less one, then by
/// hostname), then HTTPS listeners (by hostname or IP), each referring to its TLS Secret.
pub(super) fn render(state: &CharmState) -> DesiredObject {
    let gateway_name = &state.app_name;
    let http = |host: Option<&str>| {
        listener(
            state,
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
            state,
            names::https_listener_name(gateway_name, Some(host)),
            Some(host),
            HTTPS_PORT,
            "HTTPS",
        );
        https.tls = Some(tls(state, host));
        listeners.push(https);
    }
    // istio-ingress-route listeners, on the ports other than 80 and 443, bound to
    // external-hostname (else any), HTTPS with its (else the Gateway IP's) certificate.
    let istio_host = istio_route::istio_host(state);
    for port in &state.routing.istio_ports {
        let https = state.routing.istio_tls;
        let mut istio = listener(
            state,
            names::istio_listener_name(gateway_name, https, *port),
            state.config.external_hostname.as_deref(),
            i32::from(*port),
            if https { "HTTPS" } else { "HTTP" },
        );
        if https && let Some(host) = &istio_host {
            istio.tls = Some(tls(state, host));
        }
        listeners.push(istio);
    }

    let gateway = Gateway {
        metadata: object_meta(&state.app_name, &state.namespace, gateway_name.clone()),
        spec: GatewaySpec {
            gateway_class_name: state.gateway_class.clone(),
            listeners,
            infrastructure: infrastructure(state),
            ..Default::default()
        },
        status: None,
    };
    desired(Kind::Gateway, &gateway)
}
