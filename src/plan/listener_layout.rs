//! Where each listener lives: the Gateway holds at most 64 (the Gateway API's `maxItems`), and
//! what does not fit goes to ListenerSets (`gateway.networking.k8s.io/v1`) attached to it, 64
//! each, named `<app>-listeners-<n>`. Nothing is dropped for lack of room.
//!
//! Up to 64 listeners, the Gateway keeps them all in their usual order (so a deployment that
//! never needed a ListenerSet sees no change). Past that, the listeners that must be on the
//! Gateway itself come first — the hostname-less ones, `external-hostname`'s and the IP's, and
//! those of v1 gateway-route requirers, who attach their own routes to the Gateway by listener
//! name — then the others in order, filling the Gateway and then each ListenerSet. A hostname's
//! HTTPS listener follows its HTTP one's order, so both usually share a parent; every route
//! names the parent its listener is on.

use std::collections::BTreeMap;

use gateway_api::gateways::GatewayListeners;

use crate::state::{CharmState, MAX_GATEWAY_LISTENERS};

use super::{gateway, names};

/// The parent a listener is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parent {
    /// The Gateway.
    Gateway,
    /// The ListenerSet of this name.
    ListenerSet(String),
}

/// Every listener, by parent.
#[derive(Debug, Clone, Default)]
pub struct ListenerLayout {
    /// The Gateway's listeners.
    pub gateway: Vec<GatewayListeners>,
    /// Each ListenerSet's name and listeners, in order.
    pub sets: Vec<(String, Vec<GatewayListeners>)>,
    /// The parent of each listener, by listener name.
    parents: BTreeMap<String, Parent>,
}

/// The hostname of the listener `host` is served on: its own, or — an ingress application's
/// subdomain under one wildcard listener — the wildcard's.
pub fn listener_host(state: &CharmState, host: &str) -> String {
    match &state.routing.wildcard {
        Some(wildcard) if !state.hostnames().contains(host) => wildcard.clone(),
        _ => host.to_owned(),
    }
}

impl ListenerLayout {
    /// Lay out every listener `state` wants.
    pub fn new(state: &CharmState) -> ListenerLayout {
        let mut listeners = gateway::listeners(state);
        if listeners.len() > MAX_GATEWAY_LISTENERS {
            // Stable: the Gateway's own first, each group in its order.
            listeners.sort_by_key(|(_, own)| !own);
        }
        let mut layout = ListenerLayout::default();
        let mut rest = listeners.into_iter().map(|(listener, _)| listener);
        layout.gateway = rest.by_ref().take(MAX_GATEWAY_LISTENERS).collect();
        let rest: Vec<GatewayListeners> = rest.collect();
        for (index, chunk) in rest.chunks(MAX_GATEWAY_LISTENERS).enumerate() {
            let name = names::listener_set_name(&state.app_name, index + 1);
            layout.sets.push((name, chunk.to_vec()));
        }
        for listener in &layout.gateway {
            layout
                .parents
                .insert(listener.name.clone(), Parent::Gateway);
        }
        for (set, listeners) in &layout.sets {
            for listener in listeners {
                let parent = Parent::ListenerSet(set.clone());
                layout.parents.insert(listener.name.clone(), parent);
            }
        }
        layout
    }

    /// The parent of listener `section` (the Gateway when it is unknown: a route to a listener
    /// that does not exist stays unattached, as the controller reports).
    pub fn parent(&self, section: &str) -> Parent {
        self.parents
            .get(section)
            .cloned()
            .unwrap_or(Parent::Gateway)
    }
}
