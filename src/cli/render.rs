//! `render`: what the charm would apply for the given config and relation data, without Juju
//! or a cluster. Runs the same inputs → state → plan code as a hook.

use std::collections::BTreeMap;

use juju_hook::{RelationId, RelationSnapshot, Status};
use serde_json::{Value, json};

use super::render_input::{RelationInput, RenderInput, databag};
use crate::gather::{ClusterView, JujuInputs, endpoints};
use crate::state::{CertificatesInput, CharmState, GatewayAddress};

/// What one render produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Every object the charm would server-side apply, in apply order, as applied (with the
    /// fingerprint annotation).
    pub objects: Vec<Value>,
    /// The status the unit would show.
    pub status: Status,
    /// The URL the ingress requirer would receive.
    pub ingress_url: Option<String>,
}

/// Why the input cannot be rendered. Each message names the offending field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// `model` is empty.
    #[error("model: must not be empty")]
    EmptyModel,
    /// `gateway_address` is not one IPv4 address.
    #[error("gateway_address: {0}")]
    GatewayAddress(String),
    /// A relation's data is invalid for its interface.
    #[error("relations.{field}: {reason}")]
    RelationData {
        /// The field path, e.g. `gateway` or `gateway-route[0]`.
        field: String,
        /// Why.
        reason: String,
    },
    /// The inputs are valid but the charm would be Blocked.
    #[error("the charm would be Blocked: {0}")]
    Blocked(String),
}

/// Render `input`: the objects the charm would apply, its status and published URL.
pub fn render(input: &RenderInput) -> Result<Rendered, RenderError> {
    if input.model.trim().is_empty() {
        return Err(RenderError::EmptyModel);
    }
    let gateway_address = match &input.gateway_address {
        None => GatewayAddress::Pending,
        Some(value) => match GatewayAddress::from_status_values(Some(&[value.as_str()][..])) {
            GatewayAddress::Unsupported(reason) => return Err(RenderError::GatewayAddress(reason)),
            address => address,
        },
    };
    let relations = &input.relations;
    let ingress: Vec<RelationSnapshot> = relations
        .gateway
        .iter()
        .map(|relation| snapshot(endpoints::GATEWAY, relation, 1))
        .collect();
    let gateway_routes: Vec<RelationSnapshot> = relations
        .gateway_route
        .iter()
        .zip(2u64..)
        .map(|(relation, id)| snapshot(endpoints::GATEWAY_ROUTE, relation, id))
        .collect();
    let juju = JujuInputs {
        config: input.config.clone(),
        ingress,
        gateway_routes,
        ..JujuInputs::default()
    };
    let view = ClusterView {
        gateway_classes: input.gateway_classes.clone(),
        ..ClusterView::default()
    };
    let (inputs, skipped) = crate::inputs::build(
        &input.app,
        &input.model,
        &juju,
        Some(&view),
        CertificatesInput::default(),
    );
    if let Some(skip) = skipped.first() {
        let field = match skip.relation.endpoint.as_str() {
            endpoints::GATEWAY => endpoints::GATEWAY.to_owned(),
            _ => {
                let index = juju
                    .gateway_routes
                    .iter()
                    .position(|s| s.id == skip.relation)
                    .unwrap_or_default();
                format!("{}[{index}].app_data", endpoints::GATEWAY_ROUTE)
            }
        };
        return Err(RenderError::RelationData {
            field,
            reason: skip.reason.clone(),
        });
    }
    let inputs = crate::state::Inputs {
        gateway_address,
        ..inputs
    };
    let state =
        CharmState::build(&inputs).map_err(|error| RenderError::Blocked(error.to_string()))?;
    let plan = crate::plan::Desired::compute(&state);
    Ok(Rendered {
        objects: plan
            .desired
            .iter()
            .map(|desired| crate::plan::with_fingerprint(&desired.object))
            .collect(),
        status: plan.status,
        ingress_url: plan.ingress_urls.into_values().flatten().next(),
    })
}

fn snapshot(endpoint: &str, relation: &RelationInput, default_id: u64) -> RelationSnapshot {
    let id = relation.id.unwrap_or(default_id);
    RelationSnapshot {
        id: RelationId::new(endpoint, id),
        remote_app: Some(relation.app.clone()),
        remote_app_data: databag(&relation.app_data),
        remote_units: relation
            .units
            .iter()
            .map(|(unit, data)| (unit.clone(), databag(data)))
            .collect::<BTreeMap<_, _>>(),
        local_app_data: Default::default(),
    }
}

/// A YAML stream: one `---`-separated document per object.
pub fn to_yaml_stream(objects: &[Value]) -> Result<String, serde_saphyr::SerializeError> {
    let mut out = String::new();
    for object in objects {
        out.push_str("---\n");
        out.push_str(&serde_saphyr::to_string(object)?);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// A Kubernetes `List` holding the objects, pretty-printed JSON.
pub fn to_json_list(objects: &[Value]) -> String {
    let list = json!({ "apiVersion": "v1", "kind": "List", "items": objects });
    format!("{list:#}\n")
}
