//! `get-proxied-endpoints`: this application and every proxied application → URL.
//!
//! The result key `proxied-endpoints` holds a JSON object such as
//! `{"gateway-api-integrator": {"url": "http://10.0.0.7"}, "flask": {"url": "http://10.0.0.7/testing-flask"}}`.
//! Workload URLs are what the workloads were actually given: in ingress mode the URL published
//! in our databag; in gateway-route mode the requirer's hostname (or the Gateway's address) with
//! the scheme of the published `https_mode` — for an ISD259 requirer keyed by the workload it
//! routes and with its first path. The action only reads.

use std::collections::BTreeMap;

use charm_cluster::Cluster;
use juju_hook::{HookContext, HookTools};
use serde_json::{Map, Value, json};

use crate::charm::CharmError;
use crate::gather::{JujuInputs, RelationSnapshot};
use crate::plan::{GatewayRoutePublication, HttpsMode};
use crate::state::{CharmState, Mode};

/// The action's result key.
pub const RESULT_KEY: &str = "proxied-endpoints";

/// Run the action.
pub fn run(
    ctx: &HookContext,
    tools: &mut dyn HookTools,
    cluster: &mut dyn Cluster,
    juju: &JujuInputs,
) -> Result<(), CharmError> {
    let (_, inputs, _) = match crate::charm::observe(&ctx.app_name, cluster, juju) {
        Ok(observed) => observed,
        Err(error) => {
            tools.action_fail(&format!("Cannot read the cluster: {error}"))?;
            return Ok(());
        }
    };
    let state = match CharmState::build(&inputs) {
        Ok(state) => state,
        Err(error) => {
            tools.action_fail(&format!("The charm is not ready: {error}"))?;
            return Ok(());
        }
    };
    match proxied_endpoints(&state, juju) {
        Some(endpoints) => {
            let results = BTreeMap::from([(RESULT_KEY.to_owned(), endpoints.to_string())]);
            tools.action_set(&results)?;
        }
        None => tools.action_fail("The gateway address is not available yet.")?,
    }
    Ok(())
}

/// The endpoints for a valid state: `None` until the integrator's own URL is known (no
/// `external-hostname` and no Gateway address yet).
pub fn proxied_endpoints(state: &CharmState, juju: &JujuInputs) -> Option<Value> {
    let mut endpoints = Map::new();
    match state.mode {
        Mode::Ingress | Mode::Inactive => {
            let published = juju.ingress.as_ref().and_then(published_ingress_url);
            let https = state.config.enforce_https
                || published
                    .as_deref()
                    .is_some_and(|url| url.starts_with("https://"));
            let host = match &state.config.external_hostname {
                Some(hostname) => hostname.clone(),
                None => state.gateway_address.ready()?.to_string(),
            };
            endpoints.insert(state.app_name.clone(), entry(https, &host));
            let remote = juju.ingress.as_ref().and_then(|s| s.remote_app.clone());
            if let (Some(remote), Some(url)) = (remote, published) {
                endpoints.insert(remote, json!({ "url": url }));
            }
        }
        Mode::GatewayRoute => {
            let publication = GatewayRoutePublication::for_state(state)?;
            let https = publication.https_mode != HttpsMode::Disabled;
            let address = publication.gateway_address.to_string();
            // The bare address has an HTTPS listener only with an IP certificate.
            let own_https = publication.https_mode == HttpsMode::Enforced
                || (https && state.requires_ip_certificate);
            endpoints.insert(state.app_name.clone(), entry(own_https, &address));
            for requirer in &state.gateway_route_requirers {
                let host = requirer.hostnames().next().unwrap_or(&address);
                match &requirer.route {
                    // ISD259: the integrator routes the workload itself, under its first path.
                    Some(route) => {
                        let path = route.paths.first().map(String::as_str).unwrap_or("/");
                        endpoints.insert(
                            route.application.clone(),
                            entry(https, &format!("{host}{path}")),
                        );
                    }
                    // v1: the requirer routes; its application is reached on its hostname.
                    None => {
                        let snapshot = juju.gateway_routes.iter().find(|s| {
                            s.id.as_ref()
                                .is_some_and(|id| id.id == u64::from(requirer.relation_id))
                        });
                        if let Some(remote) = snapshot.and_then(|s| s.remote_app.clone()) {
                            endpoints.insert(remote, entry(https, host));
                        }
                    }
                }
            }
        }
    }
    Some(Value::Object(endpoints))
}

fn entry(https: bool, host: &str) -> Value {
    let scheme = if https { "https" } else { "http" };
    json!({ "url": format!("{scheme}://{host}") })
}

/// The URL in our `ingress` key (`{"url": …}`), if published.
fn published_ingress_url(snapshot: &RelationSnapshot) -> Option<String> {
    let raw = snapshot.local_app_data.get("ingress")?;
    let value: Value = serde_json::from_str(raw).ok()?;
    value.get("url")?.as_str().map(str::to_owned)
}
