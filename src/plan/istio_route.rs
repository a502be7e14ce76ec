//! istio-ingress-route requirers' objects: an HTTPRoute per `http_route` and a GRPCRoute per
//! `grpc_route`, every match, filter, backend weight and hostname carried over, attached to
//! the listener of their port; and, for a requirer in another model, a ReferenceGrant in its
//! namespace letting our routes reach its Services.
//!
//! The routes live in our namespace, beside the Gateway: the charm lists, prunes and reads the
//! controller's verdict on them like its other routes, and `allowed-route-namespaces=same`
//! keeps working. The backends are the requirer's Services in its own model (namespace), which
//! a route in another namespace may only reference with that namespace's ReferenceGrant.

use std::collections::BTreeSet;

use charm_cluster::{Kind, MANAGED_BY_LABEL, MODEL_LABEL};
use relation_data::istio_ingress_route::{
    BackendRef, GrpcRouteMatch, HeaderMatches, HttpRouteFilter, HttpRouteMatch, PathModifier,
    RequestRedirect,
};
use serde_json::{Map, Value, json};

use crate::gather::endpoints;
use crate::state::{CharmState, IstioRouteRequirer, RelationRef};

use super::listener_layout::{ListenerLayout, Parent};
use super::{DesiredObject, names, relation_object_meta};

/// A ReferenceGrant names at most this many Services; past it, it grants every Service of the
/// namespace (`to` without a name).
const MAX_GRANTED_SERVICES: usize = 16;

/// Every object of every served requirer: ReferenceGrants first (so the routes resolve at
/// once), then HTTPRoutes and GRPCRoutes.
pub(super) fn render_all(state: &CharmState, layout: &ListenerLayout) -> Vec<DesiredObject> {
    let grants = state
        .routing
        .istio
        .iter()
        .filter_map(|r| reference_grant(state, r));
    let routes = (state.routing.istio.iter()).flat_map(|r| routes(state, layout, r));
    grants.chain(routes).collect()
}

fn relation(requirer: &IstioRouteRequirer) -> RelationRef {
    RelationRef {
        endpoint: endpoints::ISTIO_INGRESS_ROUTE,
        id: requirer.relation_id,
    }
}

/// The section (listener) name for `port`: the Gateway's own HTTP listener on 80, its HTTPS
/// listener on 443, else the istio listener of that port.
pub(super) fn section_name(state: &CharmState, port: u16) -> String {
    let app = &state.app_name;
    let host = istio_host(state);
    match port {
        80 => names::http_listener_name(app, state.config.external_hostname.as_deref()),
        443 => names::https_listener_name(app, host.as_deref()),
        port => names::istio_listener_name(app, state.routing.istio_tls, port),
    }
}

/// The hostname (or, without `external-hostname`, the Gateway IP) the istio listeners serve
/// and whose certificate they use.
pub(super) fn istio_host(state: &CharmState) -> Option<String> {
    match &state.config.external_hostname {
        Some(hostname) => Some(hostname.clone()),
        None => state.gateway_address.ip().map(|ip| ip.to_string()),
    }
}

fn metadata(state: &CharmState, requirer: &IstioRouteRequirer, route: &str) -> Value {
    let name = names::truncate_k8s_name(&format!(
        "{}-{}-{}-{route}",
        state.app_name, requirer.remote_app, requirer.relation_id
    ));
    let meta = relation_object_meta(&state.app_name, &state.namespace, name, &relation(requirer));
    serde_json::to_value(meta).expect("object metadata serialises")
}

fn backend_refs(state: &CharmState, model: &str, backends: &[BackendRef]) -> Value {
    let refs: Vec<Value> = backends
        .iter()
        .map(|backend| {
            let mut reference = Map::new();
            reference.insert("name".into(), json!(backend.service));
            if model != state.namespace {
                reference.insert("namespace".into(), json!(model));
            }
            reference.insert("port".into(), json!(backend.port));
            if let Some(weight) = backend.weight {
                reference.insert("weight".into(), json!(weight));
            }
            Value::Object(reference)
        })
        .collect();
    Value::Array(refs)
}

fn headers(headers: Option<&HeaderMatches>) -> Option<Value> {
    let headers = headers.filter(|h| !h.is_empty())?;
    Some(Value::Array(
        headers
            .iter()
            .map(|(name, value)| json!({"type": "Exact", "name": name, "value": value}))
            .collect(),
    ))
}

fn http_match(m: &HttpRouteMatch) -> Value {
    let mut object = Map::new();
    if let Some(path) = &m.path {
        object.insert(
            "path".into(),
            json!({"type": path.match_type.as_str(), "value": path.value}),
        );
    }
    if let Some(method) = m.method {
        object.insert("method".into(), json!(method.as_str()));
    }
    if let Some(headers) = headers(m.headers.as_ref()) {
        object.insert("headers".into(), headers);
    }
    Value::Object(object)
}

fn path_modifier(path: &PathModifier) -> Value {
    let kind = path.modifier_type.as_str();
    let key = match kind {
        "ReplaceFullPath" => "replaceFullPath",
        _ => "replacePrefixMatch",
    };
    json!({"type": kind, key: path.value})
}

fn redirect(redirect: &RequestRedirect) -> Value {
    let mut object = Map::new();
    if let Some(scheme) = &redirect.scheme {
        object.insert("scheme".into(), json!(scheme));
    }
    if let Some(hostname) = &redirect.hostname {
        object.insert("hostname".into(), json!(hostname));
    }
    if let Some(path) = &redirect.path {
        object.insert("path".into(), path_modifier(path));
    }
    if let Some(port) = redirect.port {
        object.insert("port".into(), json!(port));
    }
    object.insert("statusCode".into(), json!(redirect.status_code));
    Value::Object(object)
}

fn http_filter(filter: &HttpRouteFilter) -> Value {
    match filter {
        HttpRouteFilter::UrlRewrite(rewrite) => {
            let mut object = Map::new();
            if let Some(hostname) = &rewrite.hostname {
                object.insert("hostname".into(), json!(hostname));
            }
            if let Some(path) = &rewrite.path {
                object.insert("path".into(), path_modifier(path));
            }
            json!({"type": "URLRewrite", "urlRewrite": object})
        }
        HttpRouteFilter::RequestRedirect(spec) => {
            json!({"type": "RequestRedirect", "requestRedirect": redirect(spec)})
        }
    }
}

fn grpc_match(m: &GrpcRouteMatch) -> Value {
    let mut object = Map::new();
    if let Some(method) = &m.method {
        let mut spec = Map::new();
        spec.insert("type".into(), json!("Exact"));
        spec.insert("service".into(), json!(method.service));
        if let Some(name) = &method.method {
            spec.insert("method".into(), json!(name));
        }
        object.insert("method".into(), Value::Object(spec));
    }
    if let Some(headers) = headers(m.headers.as_ref()) {
        object.insert("headers".into(), headers);
    }
    Value::Object(object)
}

/// A route object: `kind` with one rule, attached to the listener of `port`.
fn route(
    state: &CharmState,
    layout: &ListenerLayout,
    kind: Kind,
    metadata: Value,
    port: u16,
    hostnames: Option<&[String]>,
    rule: Map<String, Value>,
) -> DesiredObject {
    let mut spec = Map::new();
    let section = section_name(state, port);
    let parent = match layout.parent(&section) {
        Parent::Gateway => json!({"name": state.app_name, "namespace": state.namespace,
                                  "sectionName": section}),
        Parent::ListenerSet(set) => json!({"group": "gateway.networking.k8s.io",
                                           "kind": "ListenerSet", "name": set,
                                           "namespace": state.namespace,
                                           "sectionName": section}),
    };
    spec.insert("parentRefs".into(), json!([parent]));
    if let Some(hostnames) = hostnames.filter(|h| !h.is_empty()) {
        spec.insert("hostnames".into(), json!(hostnames));
    }
    spec.insert("rules".into(), json!([rule]));
    DesiredObject::new(
        kind,
        json!({"apiVersion": kind.api_version(), "kind": kind.kind(),
                       "metadata": metadata, "spec": spec}),
    )
}

fn routes(
    state: &CharmState,
    layout: &ListenerLayout,
    requirer: &IstioRouteRequirer,
) -> Vec<DesiredObject> {
    let request = &requirer.request;
    let mut objects = Vec::new();
    for http in &request.http_routes {
        let mut rule = Map::new();
        if let Some(matches) = http.matches.as_ref().filter(|m| !m.is_empty()) {
            rule.insert("matches".into(), matches.iter().map(http_match).collect());
        }
        let filters = http.filters.as_deref().unwrap_or_default();
        if !filters.is_empty() {
            rule.insert("filters".into(), filters.iter().map(http_filter).collect());
        }
        // A redirect answers the request itself: the Gateway API forbids backends beside it.
        let redirects = filters
            .iter()
            .any(|f| matches!(f, HttpRouteFilter::RequestRedirect(_)));
        if !redirects {
            rule.insert(
                "backendRefs".into(),
                backend_refs(state, requirer.model(), &http.backends),
            );
        }
        objects.push(route(
            state,
            layout,
            Kind::HttpRoute,
            metadata(state, requirer, &http.name),
            http.listener.port,
            http.hostnames.as_deref(),
            rule,
        ));
    }
    for grpc in &request.grpc_routes {
        let mut rule = Map::new();
        if let Some(matches) = grpc.matches.as_ref().filter(|m| !m.is_empty()) {
            rule.insert("matches".into(), matches.iter().map(grpc_match).collect());
        }
        // A GRPCRoute has no RequestRedirect filter: it is left out, and the status says so.
        rule.insert(
            "backendRefs".into(),
            backend_refs(state, requirer.model(), &grpc.backends),
        );
        objects.push(route(
            state,
            layout,
            Kind::GrpcRoute,
            metadata(state, requirer, &grpc.name),
            grpc.listener.port,
            grpc.hostnames.as_deref(),
            rule,
        ));
    }
    objects
}

/// The ReferenceGrant in a requirer's namespace when it is not ours: our HTTPRoutes and
/// GRPCRoutes may reference its Services (named, up to 16; past that, all of them).
fn reference_grant(state: &CharmState, requirer: &IstioRouteRequirer) -> Option<DesiredObject> {
    let model = requirer.model();
    if model == state.namespace {
        return None;
    }
    let request = &requirer.request;
    let services: BTreeSet<&str> = request
        .http_routes
        .iter()
        .flat_map(|route| &route.backends)
        .chain(request.grpc_routes.iter().flat_map(|route| &route.backends))
        .map(|backend| backend.service.as_str())
        .collect();
    let to: Vec<Value> = match services.len() {
        0 => return None,
        n if n > MAX_GRANTED_SERVICES => vec![json!({"group": "", "kind": "Service"})],
        _ => services
            .iter()
            .map(|name| json!({"group": "", "kind": "Service", "name": name}))
            .collect(),
    };
    let mut from = Vec::new();
    for (kind, present) in [
        (Kind::HttpRoute, !request.http_routes.is_empty()),
        (Kind::GrpcRoute, !request.grpc_routes.is_empty()),
    ] {
        if present {
            from.push(json!({"group": kind.group(), "kind": kind.kind(),
                             "namespace": state.namespace}));
        }
    }
    let name = names::truncate_k8s_name(&format!(
        "{}-{}-{}",
        state.app_name, state.namespace, requirer.relation_id
    ));
    let kind = Kind::ReferenceGrant;
    Some(DesiredObject::new(
        kind,
        json!({
            "apiVersion": kind.api_version(), "kind": kind.kind(),
            "metadata": {"name": name, "namespace": model, "labels": {
                MANAGED_BY_LABEL: state.app_name,
                MODEL_LABEL: state.namespace,
                names::RELATION_LABEL: names::relation_label_value(
                    endpoints::ISTIO_INGRESS_ROUTE, requirer.relation_id),
            }},
            "spec": {"from": from, "to": to},
        }),
    ))
}
