//! Publish: write what the plan says into our application databags, only where it differs
//! from what is already there (a no-op reconcile writes nothing).

use juju_hook::{Databag, DatabagScope, HookTools, ToolError};
use relation_data::dns_record::DnsRecordRequest;
use relation_data::gateway_route::{GatewayRouteV0Endpoints, GatewayRouteV1ProviderData};
use relation_data::ingress::IngressProviderAppData;
use relation_data::validate;

use crate::gather::{JujuInputs, RelationSnapshot};
use crate::plan::Plan;
use crate::state::CharmState;

/// Write `changes` (value `""` deletes a key) to our app bag of `snapshot` unless the bag
/// already holds exactly that. Returns whether anything was written.
pub fn write_if_changed(
    tools: &mut dyn HookTools,
    snapshot: &RelationSnapshot,
    changes: &Databag,
) -> Result<bool, ToolError> {
    let Some(id) = &snapshot.id else {
        return Ok(false);
    };
    let differs = changes
        .iter()
        .any(|(key, value)| match snapshot.local_app_data.get(key) {
            Some(current) => current != value,
            None => !value.is_empty(),
        });
    if differs {
        tools.relation_set(id, DatabagScope::App, changes)?;
    }
    Ok(differs)
}

/// Publish the ingress URL, the gateway-route provider data and the DNS records.
pub fn publish(
    tools: &mut dyn HookTools,
    juju: &JujuInputs,
    state: Option<&CharmState>,
    plan: &Plan,
) -> Result<(), ToolError> {
    if let Some(snapshot) = &juju.ingress {
        let changes = match plan.ingress_url.as_deref().map(IngressProviderAppData::new) {
            Some(Ok(data)) => data.to_changes(),
            Some(Err(error)) => {
                tracing::warn!("not publishing an invalid ingress URL: {error}");
                IngressProviderAppData::wipe_changes()
            }
            None => IngressProviderAppData::wipe_changes(),
        };
        write_if_changed(tools, snapshot, &changes)?;
    }
    publish_endpoints(tools, juju, plan)?;
    if let Some(publication) = &plan.gateway_route {
        let data = GatewayRouteV1ProviderData {
            gateway_name: publication.gateway_name.clone(),
            gateway_model: match validate::model_name(&publication.gateway_model) {
                Ok(model) => model,
                Err(error) => {
                    tracing::warn!("model name is not publishable: {error}");
                    return Ok(());
                }
            },
            https_mode: publication.https_mode,
            gateway_address: Some(publication.gateway_address.to_string()),
            hsts_max_age: publication.hsts_max_age,
        };
        let changes = data.to_changes();
        for snapshot in &juju.gateway_routes {
            let published = snapshot.id.as_ref().is_some_and(|id| {
                publication
                    .relation_ids
                    .iter()
                    .any(|r| u64::from(*r) == id.id)
            });
            if published {
                write_if_changed(tools, snapshot, &changes)?;
            }
        }
    }
    if let Some(state) = state {
        publish_dns(tools, juju, state)?;
    }
    Ok(())
}

/// DNS A records for every hostname, once the Gateway has its address (anchor §3.7).
fn publish_dns(
    tools: &mut dyn HookTools,
    juju: &JujuInputs,
    state: &CharmState,
) -> Result<(), ToolError> {
    let Some(address) = state.gateway_address.ready() else {
        return Ok(());
    };
    if juju.dns_records.is_empty() || state.hostnames.is_empty() {
        return Ok(());
    }
    let hostnames: Vec<validate::Hostname> = state
        .hostnames
        .iter()
        .filter_map(|h| validate::hostname(h).ok())
        .collect();
    let changes = DnsRecordRequest::for_hostnames(&hostnames, address.into()).to_changes();
    for snapshot in &juju.dns_records {
        write_if_changed(tools, snapshot, &changes)?;
    }
    Ok(())
}

/// ISD259 `endpoints` to every routed requirer; the key is cleared on every other
/// gateway-route relation that still has it (a requirer that lost its routes).
fn publish_endpoints(
    tools: &mut dyn HookTools,
    juju: &JujuInputs,
    plan: &Plan,
) -> Result<(), ToolError> {
    let cleared = || Databag::from([("endpoints".to_owned(), String::new())]);
    for snapshot in &juju.gateway_routes {
        let Some(id) = &snapshot.id else { continue };
        let urls = u32::try_from(id.id)
            .ok()
            .and_then(|id| plan.gateway_route_endpoints.get(&id));
        let changes =
            match urls.map(|urls| GatewayRouteV0Endpoints::new(urls.iter().map(String::as_str))) {
                Some(Ok(endpoints)) => endpoints.to_changes(),
                Some(Err(error)) => {
                    tracing::warn!("not publishing invalid endpoints on {id}: {error}");
                    cleared()
                }
                None => cleared(),
            };
        write_if_changed(tools, snapshot, &changes)?;
    }
    Ok(())
}
