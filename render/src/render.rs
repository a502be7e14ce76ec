//! What the charm would apply for an input file, without Juju or a cluster: the same
//! inputs → state → plan code as a hook.

use std::collections::BTreeMap;

use gateway_api_integrator::config::CharmConfig;
use gateway_api_integrator::gather::{ClusterView, JujuInputs, endpoints};
use gateway_api_integrator::plan::{Desired, names, with_fingerprint};
use gateway_api_integrator::state::{
    CertificatesInput, CharmState, GatewayAddress, Inputs, certificate_targets,
};
use juju_hook::{RelationId, RelationSnapshot, Status};
use serde_json::Value;

use crate::certificates::{CertificateError, Issued, redacted_key};
use crate::input::{RelationInput, RenderInput, databag};
use crate::relation_error::{self, RelationError};

/// How to render.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Print the private keys given in the input inside their TLS Secrets (redacted otherwise).
    pub reveal_keys: bool,
}

/// What one render produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Every object the charm would server-side apply, in apply order, as applied (with the
    /// fingerprint annotation; given private keys redacted unless asked).
    pub objects: Vec<Value>,
    /// The status the unit would show.
    pub status: Status,
    /// The URL the ingress requirer would receive.
    pub ingress_url: Option<String>,
    /// The URLs each routed ISD259 gateway-route requirer would receive, by its path in the
    /// input (`gateway-route[0]`).
    pub route_endpoints: Vec<(String, Vec<String>)>,
    /// What each istio-ingress-route requirer would be told, by its path in the input
    /// (`istio-ingress-route[0]`).
    pub istio_answers: Vec<(String, String)>,
    /// The common names that got placeholder certificates.
    pub placeholders: Vec<String>,
}

/// Why the input cannot be rendered. Each message names the offending field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// `gateway_address` is not one IPv4 address.
    #[error("gateway_address: {0}")]
    GatewayAddress(String),
    /// A relation's data is invalid for its interface.
    #[error(transparent)]
    Relation(#[from] RelationError),
    /// The given certificates cannot be used.
    #[error(transparent)]
    Certificates(#[from] CertificateError),
    /// The inputs are valid but the charm would be Blocked.
    #[error("the charm would be Blocked: {0}")]
    Blocked(String),
}

/// Render `input`: the objects the charm would apply, its status and what it would publish.
pub fn render(input: &RenderInput, options: RenderOptions) -> Result<Rendered, RenderError> {
    let gateway_address = match &input.gateway_address {
        None => GatewayAddress::Pending,
        Some(value) => match GatewayAddress::from_status_values(Some(&[value.as_str()][..])) {
            GatewayAddress::Unsupported(reason) => return Err(RenderError::GatewayAddress(reason)),
            address => address,
        },
    };
    let relations = &input.relations;
    let ingress: Vec<RelationSnapshot> = (relations.gateway.iter())
        .map(|relation| snapshot(endpoints::GATEWAY, relation, 1))
        .collect();
    let gateway_routes: Vec<RelationSnapshot> = (relations.gateway_route.iter().zip(2u64..))
        .map(|(relation, id)| snapshot(endpoints::GATEWAY_ROUTE, relation, id))
        .collect();
    let first_istio = 2 + relations.gateway_route.len() as u64;
    let istio_routes: Vec<RelationSnapshot> =
        (relations.istio_ingress_route.iter().zip(first_istio..))
            .map(|(relation, id)| snapshot(endpoints::ISTIO_INGRESS_ROUTE, relation, id))
            .collect();
    let juju = JujuInputs {
        config: input.config.clone(),
        ingress,
        gateway_routes,
        istio_routes,
        ..JujuInputs::default()
    };
    let view = ClusterView {
        gateway_classes: input.gateway_classes.clone(),
        ..ClusterView::default()
    };
    let certificates = CertificatesInput {
        related: input.certificates.is_some(),
        issued: BTreeMap::new(),
    };
    let (inputs, skipped) = gateway_api_integrator::inputs::build(
        input.app.as_str(),
        input.model(),
        &juju,
        Some(&view),
        certificates,
    );
    if let Some(skip) = skipped.first() {
        if skip.relation.endpoint == endpoints::ISTIO_INGRESS_ROUTE {
            let index = (juju.istio_routes.iter())
                .position(|s| s.id == skip.relation)
                .unwrap_or_default();
            return Err(RelationError::Invalid {
                path: format!("relations.istio-ingress-route[{index}].app_data.config"),
                reason: skip.reason.clone(),
            }
            .into());
        }
        if skip.relation.endpoint == endpoints::GATEWAY
            && let (Some(relation), Some(snapshot)) = (&relations.gateway, juju.ingress.first())
        {
            return Err(
                relation_error::ingress(relation, snapshot, &skip.reason, input.syntax).into(),
            );
        }
        let index = (juju.gateway_routes.iter())
            .position(|s| s.id == skip.relation)
            .unwrap_or_default();
        return Err(relation_error::gateway_route(
            index,
            &relations.gateway_route[index],
            &juju.gateway_routes[index],
            &skip.reason,
            input.syntax,
        )
        .into());
    }
    let mut inputs = Inputs {
        gateway_address,
        ..inputs
    };
    let issued = (input.certificates.as_ref()).map_or(Issued::Nothing, |c| c.issued.clone());
    // With a configuration that does not parse, the state below says why the charm is Blocked.
    if let Ok(config) = CharmConfig::from_juju(&inputs.config) {
        let targets = certificate_targets(&inputs, Some(&config), true, &[], false);
        inputs.certificates.issued = issued.material(&targets)?;
    }

    let state =
        CharmState::build(&inputs).map_err(|error| RenderError::Blocked(error.to_string()))?;
    let mut plan = Desired::compute(&state);
    // The record of kinds the charm keeps on its Gateway, as a first apply makes it (the view
    // lists nothing of ours, so no relation's objects are kept).
    let no_relation = Default::default();
    gateway_api_integrator::plan::record_kinds(
        &mut plan.desired,
        &view,
        &state.app_name,
        gateway_api_integrator::plan::Prune::AllBut(&no_relation),
    );
    if let Status::Blocked(message) = &plan.status {
        return Err(RenderError::Blocked(message.clone()));
    }
    let given_keys = if options.reveal_keys {
        Default::default()
    } else {
        issued.given_keys()
    };
    let objects = (plan.desired.iter())
        .map(|desired| {
            let mut object = with_fingerprint(&desired.object());
            for name in &given_keys {
                redact_key(&mut object, &state.app_name, name);
            }
            object
        })
        .collect();
    let route_endpoints = (plan.gateway_route_endpoints.iter())
        .filter_map(|(id, urls)| {
            let index = (juju.gateway_routes.iter()).position(|s| s.id.id == *id)?;
            Some((
                format!("{}[{index}]", endpoints::GATEWAY_ROUTE),
                urls.clone(),
            ))
        })
        .collect();
    let istio_answers = (plan.istio_data.iter())
        .filter_map(|(id, answer)| {
            let index = (juju.istio_routes.iter()).position(|s| s.id.id == *id)?;
            let text = match answer {
                Some(answer) => format!(
                    "external_host={} tls_enabled={}",
                    answer.external_host,
                    if answer.tls_enabled { "True" } else { "False" }
                ),
                None => "wiped (not routed)".to_owned(),
            };
            Some((format!("{}[{index}]", endpoints::ISTIO_INGRESS_ROUTE), text))
        })
        .collect();
    let placeholders = match issued {
        Issued::Placeholder => inputs.certificates.issued.keys().cloned().collect(),
        _ => Vec::new(),
    };
    Ok(Rendered {
        objects,
        status: plan.status,
        ingress_url: plan.ingress_urls.into_values().flatten().next(),
        route_endpoints,
        istio_answers,
        placeholders,
    })
}

/// Replace `data["tls.key"]` of the TLS Secret for `name` with a note (base64, as `data` is).
fn redact_key(object: &mut Value, app: &str, name: &str) {
    let secret_name = names::tls_secret_name(app, name);
    if object["kind"] != "Secret" || object["metadata"]["name"] != secret_name.as_str() {
        return;
    }
    if let Some(key) = object.pointer_mut("/data/tls.key") {
        let note = k8s_openapi::ByteString(redacted_key(name).into_bytes());
        *key = serde_json::to_value(note).unwrap_or(Value::Null);
    }
}

fn snapshot(endpoint: &str, relation: &RelationInput, default_id: u64) -> RelationSnapshot {
    RelationSnapshot {
        id: RelationId::new(endpoint, relation.id.unwrap_or(default_id)),
        remote_app: relation.app.clone(),
        remote_app_data: databag(&relation.app_data),
        remote_units: relation.unit_databags(),
        local_app_data: Default::default(),
        units_read: true,
    }
}
