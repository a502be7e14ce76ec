//! A backend: hostnames and paths routed to one Service.

use crate::state::{CharmState, IngressRequirer, ServedRoute};

use super::names;

/// The Service a backend's routes send traffic to (created by the charm).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceTarget {
    /// The Service name.
    pub name: String,
    /// Its port (and target port on the pods).
    pub port: u16,
    /// Value of the `app.kubernetes.io/name` pod selector.
    pub selector_app: String,
}

/// Hostnames + path prefixes routed to one Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backend {
    /// Prefix of the route names (`{prefix}-http`, `{prefix}-https[-{host}]`). The ingress
    /// backend uses the Gateway's name, as the Python charm does; further backends need their
    /// own prefix so their route names do not collide.
    pub route_prefix: String,
    /// Hostnames served (empty: any hostname, on the hostname-less HTTP listener).
    pub hostnames: Vec<String>,
    /// `PathPrefix` matches.
    pub paths: Vec<String>,
    /// Replace the matched prefix with `/` before forwarding.
    pub strip_prefix: bool,
    /// Where the traffic goes.
    pub service: ServiceTarget,
}

impl Backend {
    /// The backend of the ingress requirer.
    pub fn for_ingress(state: &CharmState, requirer: &IngressRequirer) -> Backend {
        Backend {
            route_prefix: state.app_name.clone(),
            hostnames: state.hostnames.iter().cloned().collect(),
            paths: vec![requirer.path_prefix()],
            strip_prefix: requirer.strip_prefix,
            service: ServiceTarget {
                name: names::service_name(&state.app_name, &requirer.app_name),
                port: requirer.port,
                selector_app: requirer.app_name.clone(),
            },
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
            hostnames: route.hostnames.clone(),
            paths: route.request.paths.clone(),
            strip_prefix: false,
            service: ServiceTarget {
                name: names::service_name(&state.app_name, workload),
                port: route.request.port,
                selector_app: workload.clone(),
            },
        }
    }

    /// Every backend of the state: the ingress requirer when ready, and every routed ISD259
    /// gateway-route requirer (by relation id).
    pub fn for_state(state: &CharmState) -> Vec<Backend> {
        state
            .ingress
            .iter()
            .map(|requirer| Backend::for_ingress(state, requirer))
            .chain(
                state
                    .gateway_routes
                    .iter()
                    .map(|route| Backend::for_gateway_route(state, route)),
            )
            .collect()
    }
}
