//! The pure plan: what the charm wants the world to look like.
//!
//! [`Plan::compute`] turns a valid [`CharmState`] into data; [`Plan::for_invalid_state`] does
//! the same for a [`StateError`]. The apply layer then, in this order:
//! 1. server-side applies every [`DesiredObject`] of [`Plan::desired`] (already in a safe
//!    order: Secrets, Gateway, Services, HTTPRoutes) with the app name as field manager;
//! 2. for every kind in [`Plan::prune`], deletes the objects labelled
//!    `MANAGED_BY_LABEL=<app>` whose names are not among the desired objects of that kind.
//!    Kinds not listed are left untouched (an invalid state keeps the Gateway and Secrets);
//! 3. publishes [`Plan::ingress_url`] and [`Plan::gateway_route`], and sets [`Plan::status`].
//!
//! Routes and Services are rendered from a list of [`Backend`]s, so requirers other than the
//! single ingress requirer (e.g. ISD259 gateway-route requirers) can be added as more backends.

mod backend;
mod gateway;
mod gateway_route;
mod http_route;
mod ingress_url;
pub mod names;
mod secret;
mod service;
mod status;

use std::collections::BTreeMap;

use charm_cluster::{Kind, MANAGED_BY_LABEL};
use juju_hook::Status;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use serde_json::Value;

use crate::state::{CharmState, StateError};

pub use backend::{Backend, ServiceTarget};
pub use gateway_route::{GatewayRoutePublication, HttpsMode};
pub use status::{
    STATUS_ADDRESS_UNSUPPORTED, STATUS_WAITING_FOR_ADDRESS, STATUS_WAITING_FOR_INGRESS_DATA,
    STATUS_WAITING_FOR_TLS,
};

/// One object to server-side apply.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredObject {
    /// Its kind.
    pub kind: Kind,
    /// The full object (`apiVersion`, `kind`, `metadata` with name, namespace and the
    /// managed-by label, then `spec` or `type`/`data`).
    pub object: Value,
}

impl DesiredObject {
    /// `metadata.name`.
    pub fn name(&self) -> &str {
        self.object
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// Everything the charm wants after one hook.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Objects to apply, in apply order.
    pub desired: Vec<DesiredObject>,
    /// Kinds whose labelled objects not in `desired` are deleted, in deletion order.
    pub prune: Vec<Kind>,
    /// The URL to publish to the ingress requirer (key `ingress` = `{"url": …}`), if known.
    pub ingress_url: Option<String>,
    /// What to publish to every valid gateway-route requirer, once the Gateway has an address.
    pub gateway_route: Option<GatewayRoutePublication>,
    /// `endpoints` for every routed ISD259 gateway-route requirer, by relation id: one URL
    /// per path. Other gateway-route relations get their `endpoints` cleared.
    pub gateway_route_endpoints: BTreeMap<u32, Vec<String>>,
    /// The unit (and application) status.
    pub status: Status,
}

impl Plan {
    /// The plan for a valid state.
    pub fn compute(state: &CharmState) -> Plan {
        let backends = Backend::for_state(state);
        let mut desired = Vec::new();
        if let Some(material) = state.tls.ready() {
            desired.extend(
                material
                    .iter()
                    .map(|(host, tls)| secret::render(state, host, tls)),
            );
        }
        desired.push(gateway::render(state));
        desired.extend(service::render_all(state, &backends));
        for backend in &backends {
            desired.extend(http_route::render(state, backend));
        }
        Plan {
            desired,
            prune: Kind::ALL.to_vec(),
            ingress_url: state
                .ingress
                .as_ref()
                .and_then(|requirer| ingress_url::url(state, requirer)),
            gateway_route: GatewayRoutePublication::for_state(state),
            gateway_route_endpoints: gateway_route::endpoints(state),
            status: status::status(state),
        }
    }

    /// The plan when the inputs are invalid: Blocked with the error's message; every
    /// HTTPRoute and Service is deleted; the Gateway and the TLS Secrets are kept as they are.
    pub fn for_invalid_state(error: &StateError) -> Plan {
        Plan {
            desired: Vec::new(),
            prune: vec![Kind::HttpRoute, Kind::Service],
            ingress_url: None,
            gateway_route: None,
            gateway_route_endpoints: BTreeMap::new(),
            status: error.status(),
        }
    }

    /// [`compute`](Self::compute) or [`for_invalid_state`](Self::for_invalid_state).
    pub fn from_result(state: &Result<CharmState, StateError>) -> Plan {
        match state {
            Ok(state) => Plan::compute(state),
            Err(error) => Plan::for_invalid_state(error),
        }
    }

    /// The desired objects of `kind`.
    pub fn desired_of(&self, kind: Kind) -> impl Iterator<Item = &DesiredObject> {
        self.desired
            .iter()
            .filter(move |object| object.kind == kind)
    }
}

/// Metadata every owned object carries: name, namespace and the managed-by label.
fn object_meta(state: &CharmState, name: String) -> ObjectMeta {
    ObjectMeta {
        name: Some(name),
        namespace: Some(state.namespace.clone()),
        labels: Some(BTreeMap::from([(
            MANAGED_BY_LABEL.to_owned(),
            state.app_name.clone(),
        )])),
        ..ObjectMeta::default()
    }
}

/// Serialise a typed object into a [`DesiredObject`].
fn desired<T: Serialize>(kind: Kind, object: &T) -> DesiredObject {
    DesiredObject {
        kind,
        // Typed Kubernetes objects always serialise: string keys, no non-finite floats.
        object: serde_json::to_value(object).expect("Kubernetes objects serialise to JSON"),
    }
}
