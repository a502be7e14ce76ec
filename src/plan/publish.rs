//! The databag writes of a valid state: the ingress URLs, the gateway-route provider data and
//! endpoints, the DNS records (A, AAAA or CNAME as the Gateway's address is), the
//! certificate_transfer requirer's `version` — each only where it differs from what gather read.
//!
//! Nothing is withdrawn because of a transient state: while the Gateway has no address, the
//! ingress URL, provider data, endpoints and DNS records already published stay as they are; a
//! relation whose requirer sent invalid data keeps what it was given.

use std::collections::BTreeSet;

use juju_hook::{BagWrite, Databag, Note, RelationId, RelationSnapshot, bag_write};
use relation_data::certificate_transfer::RequirerAppData;
use relation_data::dns_record::DnsRecordRequest;
use relation_data::gateway_route::{GatewayRouteV0Endpoints, GatewayRouteV1ProviderData};
use relation_data::ingress::IngressProviderAppData;
use relation_data::istio_ingress_route::IstioIngressRouteProviderData;
use relation_data::validate;

use crate::gather::JujuInputs;
use crate::inputs::SkippedRelation;
use crate::state::{Address, CharmState};

use super::Desired;

/// Every write `desired` implies, at most one per relation, and the log lines about values that
/// could not be published.
pub(super) fn bag_writes(
    juju: &JujuInputs,
    state: &CharmState,
    desired: &Desired,
    skipped: &[SkippedRelation],
) -> (Vec<BagWrite>, Vec<Note>) {
    let mut writes = Vec::new();
    let mut notes = Vec::new();
    for snapshot in &juju.ingress {
        let wanted = match desired.ingress_urls.get(&snapshot.id.id) {
            None => continue,
            Some(None) => Databag::new(),
            Some(Some(url)) => match IngressProviderAppData::new(url) {
                Ok(data) => data.to_databag(),
                Err(error) => {
                    notes.push(Note::warning(format!(
                        "not publishing an invalid ingress URL {url:?}: {error}"
                    )));
                    continue;
                }
            },
        };
        writes.extend(write(snapshot, &wanted, IngressProviderAppData::KEYS));
    }
    let skipped: BTreeSet<&RelationId> = skipped.iter().map(|skip| &skip.relation).collect();
    let address_known = state.gateway_address.ready().is_some();
    for snapshot in juju
        .gateway_routes
        .iter()
        .filter(|s| !skipped.contains(&s.id))
    {
        if let Some(wanted) = endpoints(snapshot, desired, address_known, &mut notes) {
            writes.extend(write(snapshot, &wanted, GatewayRouteV0Endpoints::KEYS));
        }
        if let Some(wanted) = provider_data(snapshot, desired, &mut notes) {
            writes.extend(write(snapshot, &wanted, GatewayRouteV1ProviderData::KEYS));
        }
    }
    for snapshot in &juju.istio_routes {
        let wanted = match desired.istio_data.get(&snapshot.id.id) {
            None => continue,
            Some(None) => Databag::new(),
            Some(Some(data)) => data.to_databag(),
        };
        writes.extend(write(
            snapshot,
            &wanted,
            IstioIngressRouteProviderData::KEYS,
        ));
    }
    if let Some((hostnames, address)) = &desired.dns {
        let hostnames: Vec<validate::Hostname> = hostnames
            .iter()
            .filter_map(|host| validate::hostname(host).ok())
            .collect();
        let request = match address {
            Address::Ip(ip) => DnsRecordRequest::for_hostnames(&hostnames, *ip),
            Address::Hostname(target) => match validate::hostname(target) {
                Ok(target) => DnsRecordRequest::aliases_for_hostnames(&hostnames, &target),
                Err(_) => DnsRecordRequest::default(),
            },
        };
        let wanted = request.to_databag();
        for snapshot in &juju.dns_records {
            // Nothing to ask and nothing asked before: leave the bag empty.
            if hostnames.is_empty() && !snapshot.local_app_data.contains_key("dns_entries") {
                continue;
            }
            writes.extend(write(snapshot, &wanted, DnsRecordRequest::KEYS));
        }
    }
    // The certificate_transfer requirer's handshake: `version` = 1 asks providers for v1 (the
    // application bag only).
    let version = RequirerAppData::to_changes();
    for snapshot in &juju.ca_certs {
        writes.extend(write(snapshot, &version, RequirerAppData::KEYS));
    }
    (merge(writes), notes)
}

fn write(snapshot: &RelationSnapshot, wanted: &Databag, owned: &[&str]) -> Option<BagWrite> {
    bag_write(&snapshot.id, &snapshot.local_app_data, wanted, owned)
}

/// ISD259 `endpoints`: the routed requirer's URLs; cleared on every other relation once the
/// Gateway has an address (a requirer that lost its routes); kept while it has none.
fn endpoints(
    snapshot: &RelationSnapshot,
    desired: &Desired,
    address_known: bool,
    notes: &mut Vec<Note>,
) -> Option<Databag> {
    match desired.gateway_route_endpoints.get(&snapshot.id.id) {
        Some(urls) => match GatewayRouteV0Endpoints::new(urls.iter().map(String::as_str)) {
            Ok(endpoints) => Some(endpoints.to_databag()),
            Err(error) => {
                notes.push(Note::warning(format!(
                    "not publishing invalid endpoints on {}: {error}",
                    snapshot.id
                )));
                Some(Databag::new())
            }
        },
        None if address_known => Some(Databag::new()),
        None => None,
    }
}

/// The v1 provider data for a valid v1 requirer, once the Gateway has an address.
fn provider_data(
    snapshot: &RelationSnapshot,
    desired: &Desired,
    notes: &mut Vec<Note>,
) -> Option<Databag> {
    let publication = desired.gateway_route.as_ref()?;
    if !publication.relation_ids.contains(&snapshot.id.id) {
        return None;
    }
    let gateway_model = match validate::model_name(&publication.gateway_model) {
        Ok(model) => model,
        Err(error) => {
            notes.push(Note::warning(format!(
                "model name is not publishable: {error}"
            )));
            return None;
        }
    };
    let data = GatewayRouteV1ProviderData {
        gateway_name: publication.gateway_name.clone(),
        gateway_model,
        https_mode: publication.https_mode,
        gateway_address: Some(publication.gateway_address.to_string()),
        hsts_max_age: publication.hsts_max_age,
    };
    Some(data.to_databag())
}

/// One write per relation: the changes of several writes to the same bag, merged.
fn merge(writes: Vec<BagWrite>) -> Vec<BagWrite> {
    let mut merged: Vec<BagWrite> = Vec::with_capacity(writes.len());
    for write in writes {
        match merged.iter_mut().find(|m| m.relation == write.relation) {
            Some(existing) => existing.changes.extend(write.changes),
            None => merged.push(write),
        }
    }
    merged
}

/// Our application bag of `snapshot` once `writes` are applied: what the requirer will read.
pub(super) fn effective_bag(snapshot: &RelationSnapshot, writes: &[BagWrite]) -> Databag {
    let mut bag = snapshot.local_app_data.clone();
    for write in writes.iter().filter(|w| w.relation == snapshot.id) {
        for (key, value) in &write.changes {
            if value.is_empty() {
                bag.remove(key);
            } else {
                bag.insert(key.clone(), value.clone());
            }
        }
    }
    bag
}
