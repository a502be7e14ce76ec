//! From what gather read (databags, cluster lists) to the plan's [`Inputs`], through the
//! relation-data models. Invalid relation data becomes a typed state, never a failed hook.

use juju_hook::RelationId;
use relation_data::gateway_route::GatewayRouteRequest;
use relation_data::ingress::IngressRequest;

use crate::gather::{ClusterView, JujuInputs, RelationSnapshot};
use crate::state::{
    CertificatesInput, GatewayAddress, GatewayRouteRelations, GatewayRouteRequirer,
    IngressRelation, IngressRequirer, Inputs,
};

/// A relation whose requirer data was skipped, and why (shown in logs and statuses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRelation {
    pub relation: RelationId,
    pub reason: String,
}

/// Build the plan's inputs. `certificates` is the TLS step's result.
pub fn build(
    app_name: &str,
    model_name: &str,
    juju: &JujuInputs,
    cluster: &ClusterView,
    certificates: CertificatesInput,
) -> (Inputs, Vec<SkippedRelation>) {
    let (gateway_route, skipped) = gateway_route(&juju.gateway_routes);
    let values = cluster.gateway_address_values(app_name);
    let inputs = Inputs {
        app_name: app_name.to_owned(),
        model_name: model_name.to_owned(),
        config: juju.config.clone(),
        gateway_classes: cluster.gateway_classes.clone(),
        ingress: ingress(juju.ingress.as_ref()),
        gateway_route,
        certificates,
        gateway_address: GatewayAddress::from_status_values(values.as_deref()),
    };
    (inputs, skipped)
}

fn relation_label(snapshot: &RelationSnapshot) -> String {
    snapshot
        .id
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The ingress relation as the state sees it.
pub fn ingress(snapshot: Option<&RelationSnapshot>) -> IngressRelation {
    let Some(snapshot) = snapshot else {
        return IngressRelation::NotRelated;
    };
    let label = relation_label(snapshot);
    match IngressRequest::read(&label, &snapshot.remote_app_data, &snapshot.remote_units) {
        Ok(Some(request)) => IngressRelation::Ready(IngressRequirer {
            app_name: request.app.name.to_string(),
            model: request.app.model.to_string(),
            port: request.app.port,
            strip_prefix: request.app.strip_prefix,
            redirect_https: request.app.redirect_https,
            scheme: request.app.scheme.as_str().to_owned(),
        }),
        Ok(None) => IngressRelation::AwaitingData,
        Err(error) => IngressRelation::Invalid(error.to_string()),
    }
}

/// The gateway-route relations: valid v1 requirers, and the relations skipped for bad data.
pub fn gateway_route(
    snapshots: &[RelationSnapshot],
) -> (GatewayRouteRelations, Vec<SkippedRelation>) {
    let mut requirers = Vec::new();
    let mut skipped = Vec::new();
    for snapshot in snapshots {
        let Some(id) = snapshot.id.clone() else {
            continue;
        };
        match GatewayRouteRequest::read(&id, &snapshot.remote_app_data) {
            Ok(GatewayRouteRequest::V1(request)) => requirers.push(GatewayRouteRequirer {
                relation_id: u32::try_from(id.id).unwrap_or(u32::MAX),
                hostname: request.hostname.map(|h| h.to_string()),
                additional_hostnames: request
                    .additional_hostnames
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            }),
            // The v1 provider treats an empty requirer bag as valid (`hostname: null`).
            Ok(GatewayRouteRequest::NotReady) => requirers.push(GatewayRouteRequirer {
                relation_id: u32::try_from(id.id).unwrap_or(u32::MAX),
                hostname: None,
                additional_hostnames: Vec::new(),
            }),
            Ok(GatewayRouteRequest::V0(_)) => skipped.push(SkippedRelation {
                relation: id,
                reason: "ISD259 route requests are not served yet".to_owned(),
            }),
            Err(error) => skipped.push(SkippedRelation {
                relation: id,
                reason: error.to_string(),
            }),
        }
    }
    let relations = GatewayRouteRelations {
        relation_count: snapshots.len(),
        requirers,
    };
    (relations, skipped)
}
