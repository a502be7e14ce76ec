//! What `get-proxied-endpoints` reports: this application and every workload it proxies, with
//! the URL each was given — read from our databags as the plan leaves them, so the action and
//! the relation data cannot disagree.

use juju_hook::{BagWrite, RelationSnapshot};
use relation_data::gateway_route::{
    GatewayRouteRequest, GatewayRouteV0Endpoints, GatewayRouteV1ProviderData, HttpsMode,
};
use relation_data::ingress::IngressProviderAppData;
use relation_data::istio_ingress_route::IstioIngressRouteProviderData;
use serde_json::{Map, Value, json};

use crate::gather::JujuInputs;
use crate::state::CharmState;

use super::publish::effective_bag;

/// `{app: {"url": …}}`: this application (`{scheme}://{external-hostname or Gateway address}`,
/// `https` when HTTPS is enforced or its certificate is served), each ingress requirer with the
/// URL in its bag, each ISD259 gateway-route requirer's workload with its first endpoint, and
/// each v1 gateway-route requirer with its hostname (or the Gateway's address) under the
/// published `https_mode`, and each istio-ingress-route requirer with the URL its library
/// builds from our answer (`{http|https}://{external_host}`). `Err` until this application's
/// own address is known.
pub(super) fn proxied_endpoints(
    juju: &JujuInputs,
    state: &CharmState,
    writes: &[BagWrite],
) -> Result<Value, String> {
    let address = state.gateway_address.ready();
    let (host, tls_key) = match (&state.config.external_hostname, address) {
        (Some(hostname), _) => (hostname.clone(), hostname.clone()),
        (None, Some(address)) => (address.url_host(), address.to_string()),
        (None, None) => return Err("The gateway address is not available yet.".to_owned()),
    };
    let own_https = state.config.enforce_https || state.serves_https(&tls_key);
    let mut endpoints = Map::new();
    endpoints.insert(state.app_name.clone(), entry(scheme(own_https), &host));
    let address = address.map(|address| address.url_host());
    for snapshot in &juju.ingress {
        let bag = effective_bag(snapshot, writes);
        if let (Some(app), Ok(Some(data))) = (
            &snapshot.remote_app,
            IngressProviderAppData::read(&snapshot.id, &bag),
        ) {
            endpoints.insert(app.clone(), json!({ "url": data.url.as_str() }));
        }
    }
    for snapshot in &juju.gateway_routes {
        if let Some((name, url)) = gateway_route_endpoint(snapshot, writes, address.as_deref()) {
            endpoints.insert(name, json!({ "url": url }));
        }
    }
    for snapshot in &juju.istio_routes {
        let bag = effective_bag(snapshot, writes);
        if let (Some(app), Ok(Some(data))) = (
            &snapshot.remote_app,
            IstioIngressRouteProviderData::read(&snapshot.id, &bag),
        ) {
            endpoints.insert(app.clone(), json!({ "url": data.url() }));
        }
    }
    Ok(Value::Object(endpoints))
}

/// The workload and URL one gateway-route relation was given, if any.
fn gateway_route_endpoint(
    snapshot: &RelationSnapshot,
    writes: &[BagWrite],
    address: Option<&str>,
) -> Option<(String, String)> {
    let bag = effective_bag(snapshot, writes);
    let request = GatewayRouteRequest::read(&snapshot.id, &snapshot.remote_app_data).ok()?;
    if let GatewayRouteRequest::V0(request) = &request {
        let endpoints = GatewayRouteV0Endpoints::read(&snapshot.id, &bag).ok()??;
        let first = endpoints.endpoints.first()?;
        return Some((request.name.to_string(), first.to_string()));
    }
    let provider = GatewayRouteV1ProviderData::read(&snapshot.id, &bag).ok()??;
    let host = match &request {
        GatewayRouteRequest::V1(request) => request.hostname.as_ref().map(ToString::to_string),
        _ => None,
    };
    let host = host
        .or_else(|| provider.gateway_address.as_deref().map(url_host))
        .or(address.map(str::to_owned))?;
    let https = provider.https_mode != HttpsMode::Disabled;
    Some((
        snapshot.remote_app.clone()?,
        format!("{}://{host}", scheme(https)),
    ))
}

/// A published `gateway_address` as a URL's host (an IPv6 address in brackets).
fn url_host(address: &str) -> String {
    match address.parse::<std::net::Ipv6Addr>() {
        Ok(ip) => format!("[{ip}]"),
        Err(_) => address.to_owned(),
    }
}

fn scheme(https: bool) -> &'static str {
    if https { "https" } else { "http" }
}

fn entry(scheme: &str, host: &str) -> Value {
    json!({ "url": format!("{scheme}://{host}") })
}
