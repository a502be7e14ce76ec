//! istio-ingress-route requirers: the library's request, checked against what the Gateway API
//! admits. The library validates ports, weights and enums only; a name, hostname, header,
//! path or gRPC method it lets through but the API server would refuse must never reach an
//! object — one requirer's bad data would fail the apply for everyone. So each rule of the
//! HTTPRoute and GRPCRoute CRDs (v1.6.1) that a request can break is checked here, and the
//! first broken one skips that relation with a reason naming the field.

use std::collections::BTreeSet;

use relation_data::istio_ingress_route::{
    BackendRef, GrpcRoute, GrpcRouteMatch, HeaderMatches, HttpPathMatch, HttpRoute,
    HttpRouteFilter, HttpRouteMatch, IstioIngressRouteRequest, Listener, PathMatchType,
    PathModifier, PathModifierType, RequestRedirect,
};
use relation_data::validate;

/// Most hostnames, backends and header matches a route may carry (CRD `maxItems`).
pub const MAX_ROUTE_LIST: usize = 16;
/// Most matches of one route (one rule; CRD `maxItems`).
pub const MAX_ROUTE_MATCHES: usize = 64;
/// Longest path, regular expression, rewrite or gRPC service/method (CRD `maxLength`).
const VALUE_MAX_LEN: usize = 1024;
/// Longest header name and value (CRD `maxLength`).
const HEADER_NAME_MAX_LEN: usize = 256;
const HEADER_VALUE_MAX_LEN: usize = 4096;
/// Redirect status codes the HTTPRoute CRD admits.
const REDIRECT_CODES: [i64; 5] = [301, 302, 303, 307, 308];

/// A requirer whose request passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IstioRouteRequirer {
    /// The relation id.
    pub relation_id: u64,
    /// The remote application (names its objects).
    pub remote_app: String,
    /// What it asked for.
    pub request: IstioIngressRouteRequest,
}

impl IstioRouteRequirer {
    /// Check `request`; the error names the first field the Gateway API would refuse.
    pub fn new(
        relation_id: u64,
        remote_app: &str,
        request: IstioIngressRouteRequest,
    ) -> Result<IstioRouteRequirer, String> {
        check(&request)?;
        Ok(IstioRouteRequirer {
            relation_id,
            remote_app: remote_app.to_owned(),
            request,
        })
    }

    /// The model (namespace) its Services live in.
    pub fn model(&self) -> &str {
        &self.request.model
    }

    /// The distinct listener ports it asks for.
    pub fn ports(&self) -> BTreeSet<u16> {
        self.request.listeners.iter().map(|l| l.port).collect()
    }
}

fn check(request: &IstioIngressRouteRequest) -> Result<(), String> {
    validate::model_name(&request.model).map_err(|e| format!("model: {e}"))?;
    let mut names = BTreeSet::new();
    for (i, route) in request.http_routes.iter().enumerate() {
        let at = format!("http_routes[{i}]");
        route_name(&route.name, &mut names, "http", &at)?;
        listener(&request.listeners, &route.listener, &at)?;
        common(&route.backends, route.hostnames.as_deref(), &at)?;
        http_route(route, &at)?;
    }
    let mut names = BTreeSet::new();
    for (i, route) in request.grpc_routes.iter().enumerate() {
        let at = format!("grpc_routes[{i}]");
        route_name(&route.name, &mut names, "grpc", &at)?;
        listener(&request.listeners, &route.listener, &at)?;
        common(&route.backends, route.hostnames.as_deref(), &at)?;
        grpc_route(route, &at)?;
    }
    super::istio_claim::own_claims(request)
}

/// A route name becomes part of an object name: a DNS label, unique per route kind.
fn route_name(name: &str, seen: &mut BTreeSet<String>, kind: &str, at: &str) -> Result<(), String> {
    let label = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !label {
        return Err(format!(
            "{at}.name: {name:?} must be lowercase letters, digits and '-' (a DNS label of at most 63 characters)"
        ));
    }
    if !seen.insert(name.to_owned()) {
        return Err(format!("{at}.name: two {kind} routes are named {name:?}"));
    }
    Ok(())
}

fn listener(listeners: &[Listener], wanted: &Listener, at: &str) -> Result<(), String> {
    if listeners.contains(wanted) {
        return Ok(());
    }
    Err(format!(
        "{at}.listener: {} is not among the listeners asked for",
        wanted.name()
    ))
}

fn common(backends: &[BackendRef], hostnames: Option<&[String]>, at: &str) -> Result<(), String> {
    if backends.is_empty() || backends.len() > MAX_ROUTE_LIST {
        return Err(format!(
            "{at}.backends: {} backends, 1 to {MAX_ROUTE_LIST} are supported",
            backends.len()
        ));
    }
    for (i, backend) in backends.iter().enumerate() {
        service_name(&backend.service).map_err(|e| format!("{at}.backends[{i}].service: {e}"))?;
    }
    let hostnames = hostnames.unwrap_or_default();
    if hostnames.len() > MAX_ROUTE_LIST {
        return Err(format!(
            "{at}.hostnames: {} hostnames, at most {MAX_ROUTE_LIST} are supported",
            hostnames.len()
        ));
    }
    for (i, host) in hostnames.iter().enumerate() {
        let precise = host.strip_prefix("*.").unwrap_or(host);
        validate::hostname(precise).map_err(|e| format!("{at}.hostnames[{i}]: {e}"))?;
    }
    Ok(())
}

/// A Service name: a DNS-1035 label.
fn service_name(name: &str) -> Result<(), String> {
    let ok = name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-');
    match ok {
        true => Ok(()),
        false => Err(format!(
            "{name:?} is not a Service name (lowercase letters, digits and '-', starting with a letter, at most 63)"
        )),
    }
}

fn http_route(route: &HttpRoute, at: &str) -> Result<(), String> {
    let matches = route.matches.as_deref().unwrap_or_default();
    if matches.len() > MAX_ROUTE_MATCHES {
        return Err(format!(
            "{at}.matches: {} matches, at most {MAX_ROUTE_MATCHES} are supported",
            matches.len()
        ));
    }
    for (i, m) in matches.iter().enumerate() {
        http_match(m, &format!("{at}.matches[{i}]"))?;
    }
    let filters = route.filters.as_deref().unwrap_or_default();
    let rewrites = filters
        .iter()
        .filter(|f| matches!(f, HttpRouteFilter::UrlRewrite(_)))
        .count();
    let redirects = filters.len() - rewrites;
    if rewrites > 1 || redirects > 1 || (rewrites == 1 && redirects == 1) {
        return Err(format!(
            "{at}.filters: at most one URLRewrite or one RequestRedirect, not both"
        ));
    }
    for (i, filter) in filters.iter().enumerate() {
        let at = format!("{at}.filters[{i}]");
        let prefix_replaced = match filter {
            HttpRouteFilter::UrlRewrite(rewrite) => {
                if let Some(host) = &rewrite.hostname {
                    validate::hostname(host).map_err(|e| format!("{at}.hostname: {e}"))?;
                }
                modifier(rewrite.path.as_ref(), &at)?
            }
            HttpRouteFilter::RequestRedirect(redirect) => self::redirect(redirect, &at)?,
        };
        let prefixes = matches
            .iter()
            .filter(|m| {
                m.path
                    .as_ref()
                    .is_some_and(|p| p.match_type == PathMatchType::PathPrefix)
            })
            .count();
        if prefix_replaced && !(matches.len() == 1 && prefixes == 1) {
            return Err(format!(
                "{at}: ReplacePrefixMatch needs exactly one match, a PathPrefix"
            ));
        }
    }
    Ok(())
}

fn http_match(m: &HttpRouteMatch, at: &str) -> Result<(), String> {
    headers(m.headers.as_ref(), at)?;
    if let Some(HttpPathMatch { match_type, value }) = &m.path {
        if value.chars().count() > VALUE_MAX_LEN {
            return Err(format!(
                "{at}.path.value: longer than {VALUE_MAX_LEN} characters"
            ));
        }
        if *match_type != PathMatchType::RegularExpression {
            validate::path_prefix(value).map_err(|e| format!("{at}.path.value: {e}"))?;
        }
    }
    Ok(())
}

fn headers(headers: Option<&HeaderMatches>, at: &str) -> Result<(), String> {
    let Some(headers) = headers else {
        return Ok(());
    };
    if headers.len() > MAX_ROUTE_LIST {
        return Err(format!(
            "{at}.headers: {} header matches, at most {MAX_ROUTE_LIST} are supported",
            headers.len()
        ));
    }
    for (name, value) in headers.iter() {
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || name.len() > HEADER_NAME_MAX_LEN || !name.chars().all(token) {
            return Err(format!("{at}.headers: {name:?} is not a header name"));
        }
        if value.is_empty() || value.len() > HEADER_VALUE_MAX_LEN {
            return Err(format!(
                "{at}.headers.{name}: the value must have 1 to {HEADER_VALUE_MAX_LEN} characters"
            ));
        }
    }
    Ok(())
}

/// Check a path modifier; whether it replaces a prefix match.
fn modifier(path: Option<&PathModifier>, at: &str) -> Result<bool, String> {
    let Some(path) = path else {
        return Ok(false);
    };
    if path.value.chars().count() > VALUE_MAX_LEN {
        return Err(format!("{at}.path: longer than {VALUE_MAX_LEN} characters"));
    }
    Ok(path.modifier_type == PathModifierType::ReplacePrefixMatch)
}

fn redirect(redirect: &RequestRedirect, at: &str) -> Result<bool, String> {
    if let Some(scheme) = &redirect.scheme
        && scheme != "http"
        && scheme != "https"
    {
        return Err(format!("{at}.scheme: {scheme:?} is not http or https"));
    }
    if let Some(host) = &redirect.hostname {
        validate::hostname(host).map_err(|e| format!("{at}.hostname: {e}"))?;
    }
    if !REDIRECT_CODES.contains(&redirect.status_code) {
        return Err(format!(
            "{at}.statusCode: {} is not one of 301, 302, 303, 307, 308",
            redirect.status_code
        ));
    }
    modifier(redirect.path.as_ref(), at)
}

fn grpc_route(route: &GrpcRoute, at: &str) -> Result<(), String> {
    let matches = route.matches.as_deref().unwrap_or_default();
    if matches.len() > MAX_ROUTE_MATCHES {
        return Err(format!(
            "{at}.matches: {} matches, at most {MAX_ROUTE_MATCHES} are supported",
            matches.len()
        ));
    }
    for (i, m) in matches.iter().enumerate() {
        grpc_match(m, &format!("{at}.matches[{i}]"))?;
    }
    Ok(())
}

fn grpc_match(m: &GrpcRouteMatch, at: &str) -> Result<(), String> {
    headers(m.headers.as_ref(), at)?;
    let Some(method) = &m.method else {
        return Ok(());
    };
    let ident = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let service = method.service.strip_prefix('.').unwrap_or(&method.service);
    if method.service.len() > VALUE_MAX_LEN || !service.split('.').all(ident) {
        return Err(format!(
            "{at}.method.service: {:?} is not a gRPC service name",
            method.service
        ));
    }
    if let Some(name) = &method.method
        && (name.len() > VALUE_MAX_LEN || !ident(name))
    {
        return Err(format!(
            "{at}.method.method: {name:?} is not a gRPC method name"
        ));
    }
    Ok(())
}

#[cfg(test)]
#[path = "istio_route_tests.rs"]
mod tests;
