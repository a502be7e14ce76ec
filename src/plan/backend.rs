//! A backend: hostnames and paths routed to one Service.

use std::net::IpAddr;

use relation_data::ingress::Scheme;

use crate::gather::endpoints;
use crate::state::{CharmState, RelationRef, ServedIngress, ServedRoute};

use super::names;

/// The Service a backend's routes send traffic to (created by the charm).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceTarget {
    /// The Service name.
    pub name: String,
    /// Its port (and target port on the pods).
    pub port: u16,
    /// Value of the `app.kubernetes.io/name` pod selector: the workload is in our model.
    /// `None` for a workload in another model: the Service has no selector and an
    /// EndpointSlice lists its units' addresses.
    pub selector_app: Option<String>,
    /// The units' addresses of a workload in another model (the EndpointSlice).
    pub endpoints: Option<Vec<IpAddr>>,
    /// What the workload speaks on the port.
    pub protocol: BackendProtocol,
}

/// The protocol of the Gateway's hop to a backend (ingress v2 `scheme`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendProtocol {
    /// HTTP/1.1 (the default): the Service port has no `appProtocol`.
    Http,
    /// HTTP/2 without TLS: `appProtocol: kubernetes.io/h2c`.
    H2c,
    /// HTTPS: `appProtocol: https`, and a BackendTLSPolicy validating the certificate for
    /// `hostname`.
    Https {
        /// The name the backend's certificate must carry (also sent as SNI).
        hostname: String,
    },
}

impl BackendProtocol {
    /// The Service port's `appProtocol`.
    pub fn app_protocol(&self) -> Option<&'static str> {
        match self {
            BackendProtocol::Http => None,
            BackendProtocol::H2c => Some("kubernetes.io/h2c"),
            BackendProtocol::Https { .. } => Some("https"),
        }
    }
}

/// How a backend's plain-HTTP route behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpRoute {
    /// An ingress application: with `enforce-https` the shared redirect route covers it (no
    /// route of its own); otherwise it forwards, or redirects its own prefix when it asked for
    /// `redirect-https` and HTTPS is served for its hostname.
    Ingress {
        /// The requirer's `redirect-https`.
        redirect_https: bool,
        /// On its own hostname (`routing-mode=subdomain`), not under `external-hostname`.
        own_hostname: bool,
    },
    /// An ISD259 gateway-route requirer: a redirect of its whole hostnames with
    /// `enforce-https`, forwarding otherwise.
    Route,
}

/// Hostnames + path prefixes routed to one Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backend {
    /// Prefix of the route names (`{prefix}-http`, `{prefix}-https[-{host}]`).
    pub route_prefix: String,
    /// The relation it serves (labels its own objects).
    pub relation: RelationRef,
    /// Hostnames served (empty: the Gateway's address, on the hostname-less listener).
    pub hostnames: Vec<String>,
    /// `PathPrefix` matches.
    pub paths: Vec<String>,
    /// Replace the matched prefix with `/` before forwarding.
    pub strip_prefix: bool,
    /// Its plain-HTTP behaviour.
    pub http: HttpRoute,
    /// Where the traffic goes.
    pub service: ServiceTarget,
}

impl Backend {
    /// The backend of a served ingress application: `/{model}-{app}` under `external-hostname`
    /// (or the Gateway's address). Route names carry the application and the relation id
    /// (`{app}-{requirer}-{relation id}-http`); its Service is `{app}-{requirer}-service` in
    /// our model and `{app}-{requirer}-{relation id}-service` for another model's workload.
    pub fn for_ingress(state: &CharmState, served: &ServedIngress) -> Backend {
        let requirer = &served.requirer;
        let prefix = format!(
            "{}-{}-{}",
            state.app_name, requirer.app_name, requirer.relation_id
        );
        // The validation hostname is always the workload's cluster DNS name: ingress v2 has no
        // field for a requirer to name another.
        let protocol = match requirer.scheme {
            Scheme::Http => BackendProtocol::Http,
            Scheme::H2c => BackendProtocol::H2c,
            Scheme::Https => BackendProtocol::Https {
                hostname: requirer.cluster_dns_name(),
            },
        };
        let service = match &served.endpoints {
            None => ServiceTarget {
                name: names::service_name(&state.app_name, &requirer.app_name),
                port: requirer.port,
                selector_app: Some(requirer.app_name.clone()),
                endpoints: None,
                protocol,
            },
            Some(addresses) => ServiceTarget {
                name: names::truncate_k8s_name(&format!("{prefix}-service")),
                port: requirer.port,
                selector_app: None,
                endpoints: Some(addresses.clone()),
                protocol,
            },
        };
        Backend {
            route_prefix: prefix,
            relation: RelationRef {
                endpoint: endpoints::GATEWAY,
                id: requirer.relation_id,
            },
            // Its own hostname at `/` (subdomain mode), or its prefix under external-hostname.
            hostnames: match &served.hostname {
                Some(hostname) => vec![hostname.clone()],
                None => state.config.external_hostname.iter().cloned().collect(),
            },
            paths: match served.hostname {
                Some(_) => vec!["/".to_owned()],
                None => vec![requirer.path_prefix()],
            },
            strip_prefix: requirer.strip_prefix && served.hostname.is_none(),
            http: HttpRoute::Ingress {
                redirect_https: requirer.redirect_https,
                own_hostname: served.hostname.is_some(),
            },
            service,
        }
    }

    /// The backend of a routed ISD259 requirer: its hostnames and paths, to the Service
    /// `{app}-{workload}-service` on its port. Route names carry the workload and the relation
    /// id (`{app}-{workload}-{relation id}-http`, `…-https-{host}`), so they are unique per
    /// requirer and per hostname.
    pub fn for_gateway_route(state: &CharmState, route: &ServedRoute) -> Backend {
        let workload = &route.request.application;
        Backend {
            route_prefix: format!("{}-{workload}-{}", state.app_name, route.relation_id),
            relation: RelationRef {
                endpoint: endpoints::GATEWAY_ROUTE,
                id: route.relation_id,
            },
            hostnames: route.hostnames.clone(),
            paths: route.request.paths.clone(),
            strip_prefix: false,
            http: HttpRoute::Route,
            service: ServiceTarget {
                name: names::service_name(&state.app_name, workload),
                port: route.request.port,
                selector_app: Some(workload.clone()),
                endpoints: None,
                protocol: BackendProtocol::Http,
            },
        }
    }

    /// Every backend of the state: the served ingress applications and the routed ISD259
    /// requirers, by relation id within each.
    pub fn for_state(state: &CharmState) -> Vec<Backend> {
        let routing = &state.routing;
        routing
            .ingress
            .iter()
            .map(|served| Backend::for_ingress(state, served))
            .chain(
                routing
                    .routes
                    .iter()
                    .map(|route| Backend::for_gateway_route(state, route)),
            )
            .collect()
    }
}
