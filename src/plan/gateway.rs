//! The Gateway: named after the app; the hostname-less HTTP listener when something needs it,
//! one HTTP listener per hostname, one HTTPS listener per certificate served, and one listener
//! per istio-ingress-route port other than 80 and 443.

use std::net::IpAddr;

use charm_cluster::Kind;
use gateway_api::gateways::{
    Gateway, GatewayAllowedListeners, GatewayAllowedListenersNamespaces,
    GatewayAllowedListenersNamespacesFrom, GatewayInfrastructure, GatewayListeners,
    GatewayListenersAllowedRoutes, GatewayListenersAllowedRoutesNamespaces,
    GatewayListenersAllowedRoutesNamespacesFrom, GatewayListenersAllowedRoutesNamespacesSelector,
    GatewayListenersTls, GatewayListenersTlsCertificateRefs, GatewaySpec,
};

use crate::config::AllowedRouteNamespaces;
use crate::state::CharmState;

use super::listener_layout::ListenerLayout;
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

/// A listener's TLS: the Secret holding its certificate.
fn tls(secret: &str) -> GatewayListenersTls {
    GatewayListenersTls {
        certificate_refs: Some(vec![GatewayListenersTlsCertificateRefs {
            kind: Some("Secret".to_owned()),
            name: secret.to_owned(),
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

/// Every listener `state` wants, in order: HTTP (the hostname-less one, then by hostname),
/// HTTPS (by hostname or IP, each referring to its TLS Secret), then the istio-ingress-route
/// ports. Each is paired with whether it must be on the Gateway itself (see
/// [`ListenerLayout`]).
pub(super) fn listeners(state: &CharmState) -> Vec<(GatewayListeners, bool)> {
    let gateway_name = &state.app_name;
    // Only the Gateway can hold what v1 requirers and external-hostname users attach to.
    let own = |host: Option<&str>| match host {
        None => true,
        Some(host) => {
            state.config.external_hostname.as_deref() == Some(host)
                || state.routing.v1_hostnames.contains(host)
                || host.parse::<IpAddr>().is_ok()
        }
    };
    let http = |host: Option<&str>| {
        let listener = listener(
            state,
            names::http_listener_name(gateway_name, host),
            host,
            HTTP_PORT,
            "HTTP",
        );
        (listener, own(host))
    };
    let mut listeners: Vec<(GatewayListeners, bool)> = Vec::new();
    if state.routing.bare_listener {
        listeners.push(http(None));
    }
    listeners.extend(state.hostnames().iter().map(|host| http(Some(host))));
    let certificates = state.certificates();
    for (host, certificate) in &certificates {
        let mut https = listener(
            state,
            names::https_listener_name(gateway_name, Some(host)),
            Some(host),
            HTTPS_PORT,
            "HTTPS",
        );
        https.tls = Some(tls(&certificate.secret));
        listeners.push((https, own(Some(host))));
    }
    // istio-ingress-route listeners, on the ports other than 80 and 443, bound to
    // external-hostname (else any), HTTPS with its (else the Gateway IP's) certificate.
    for port in &state.routing.istio_ports {
        let istio_host = istio_route::istio_host(state);
        let https = state.routing.istio_tls;
        let mut istio = listener(
            state,
            names::istio_listener_name(gateway_name, https, *port),
            state.config.external_hostname.as_deref(),
            i32::from(*port),
            if https { "HTTPS" } else { "HTTP" },
        );
        if https && let Some(certificate) = istio_host.and_then(|h| certificates.get(&h)) {
            istio.tls = Some(tls(&certificate.secret));
        }
        listeners.push((istio, false));
    }
    listeners
}

/// The Gateway for `state`, with the listeners `layout` puts on it; when some are on
/// ListenerSets, it accepts ListenerSets of its own namespace (`spec.allowedListeners`).
pub(super) fn render(state: &CharmState, layout: &ListenerLayout) -> DesiredObject {
    let gateway_name = &state.app_name;
    let listeners = layout.gateway.clone();
    let allowed_listeners = (!layout.sets.is_empty()).then_some(GatewayAllowedListeners {
        namespaces: Some(GatewayAllowedListenersNamespaces {
            from: Some(GatewayAllowedListenersNamespacesFrom::Same),
            selector: None,
        }),
    });
    let mut metadata = object_meta(&state.app_name, &state.namespace, gateway_name.clone());
    // cert-manager's gateway-shim issues a certificate for each HTTPS listener's Secret.
    if let Some(issuer) = &state.config.cert_manager_issuer {
        let (key, name) = issuer.annotation();
        metadata.annotations = Some([(key.to_owned(), name.to_owned())].into());
    }
    let gateway = Gateway {
        metadata,
        spec: GatewaySpec {
            gateway_class_name: state.gateway_class.clone(),
            listeners,
            allowed_listeners,
            infrastructure: infrastructure(state),
            ..Default::default()
        },
        status: None,
    };
    desired(Kind::Gateway, &gateway)
}
