//! Ingress requirers (`gateway` endpoint, interface `ingress` v2) as the plan sees them: any
//! number of applications, from this model or others.

use std::net::IpAddr;

use relation_data::ingress::Scheme;

use super::{RelationRef, RoutingIssue};
use crate::gather::endpoints;

/// One unit of an ingress requirer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressUnit {
    /// The unit's name, e.g. `flask/0`.
    pub name: String,
    /// The address it published (`ip`), if any.
    pub ip: Option<IpAddr>,
}

/// What one ingress requirer asked for, already validated by the relation layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngressRequirer {
    /// The relation's id (names its objects; the lowest id wins a collision).
    pub relation_id: u64,
    /// The remote application's name in our model (the key of `get-proxied-endpoints`).
    pub remote_app: String,
    /// The requirer application's own name (its pods' `app.kubernetes.io/name`, and part of
    /// the published path).
    pub app_name: String,
    /// The requirer's model (part of the published path `/{model}-{app}`).
    pub model: String,
    /// The port the requirer's pods listen on.
    pub port: u16,
    /// Strip the `/{model}-{app}` prefix before forwarding.
    pub strip_prefix: bool,
    /// Redirect this application's HTTP requests to HTTPS (as soon as HTTPS is served for its
    /// hostname), even when `enforce-https` is false.
    pub redirect_https: bool,
    /// The requirer's units (every one wrote its `host`).
    pub units: Vec<IngressUnit>,
    /// The protocol its pods speak (`scheme`): the Gateway's hop to them, not the URL users see.
    pub scheme: Scheme,
}

impl IngressRequirer {
    /// The path prefix routed to this requirer: `/{model}-{app}`.
    pub fn path_prefix(&self) -> String {
        format!("/{}-{}", self.model, self.app_name)
    }

    /// Its hostname under `external` in subdomain mode: `{model}-{app}.{external}`.
    pub fn subdomain(&self, external: &str) -> String {
        format!("{}-{}.{external}", self.model, self.app_name)
    }

    /// The workload's cluster DNS name, `{app}.{model}.svc.cluster.local` (the Service Juju
    /// creates for the application): what an HTTPS backend's certificate is validated against.
    pub fn cluster_dns_name(&self) -> String {
        format!("{}.{}.svc.cluster.local", self.app_name, self.model)
    }

    /// Whether the requirer lives in another model than `model` (a selector Service in our
    /// namespace cannot reach its pods).
    pub fn is_cross_model(&self, model: &str) -> bool {
        self.model != model
    }
}

/// One `gateway` relation, as gathered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngressRelation {
    /// Related, but the requirer has not (completely) written its data yet.
    AwaitingData {
        /// The relation's id.
        relation_id: u64,
    },
    /// Related with valid data.
    Ready(IngressRequirer),
}

impl IngressRelation {
    /// The relation's id.
    pub fn relation_id(&self) -> u64 {
        match self {
            IngressRelation::AwaitingData { relation_id } => *relation_id,
            IngressRelation::Ready(requirer) => requirer.relation_id,
        }
    }
}

/// An ingress application that is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedIngress {
    /// What it asked for.
    pub requirer: IngressRequirer,
    /// `Some(addresses)` for a cross-model application: its units' published addresses (the
    /// EndpointSlice), sorted; `None` for one in our model (a selector Service reaches it).
    pub endpoints: Option<Vec<IpAddr>>,
    /// Its own hostname (`routing-mode=subdomain`); `None`: under `external-hostname`.
    pub hostname: Option<String>,
}

/// The served ingress application `requirer`: for one in another model, its units'
/// addresses (a unit without one is left out and named in `issues`).
pub(super) fn serve_ingress(
    requirer: &IngressRequirer,
    model: &str,
    issues: &mut Vec<RoutingIssue>,
) -> ServedIngress {
    let endpoints = requirer.is_cross_model(model).then(|| {
        let mut addresses: Vec<IpAddr> = Vec::new();
        for unit in &requirer.units {
            match unit.ip {
                Some(ip) => addresses.push(ip),
                None => issues.push(RoutingIssue::UnitWithoutAddress {
                    relation: RelationRef {
                        endpoint: endpoints::GATEWAY,
                        id: requirer.relation_id,
                    },
                    unit: unit.name.clone(),
                }),
            }
        }
        addresses.sort();
        addresses.dedup();
        addresses
    });
    ServedIngress {
        requirer: requirer.clone(),
        endpoints,
        hostname: None,
    }
}
