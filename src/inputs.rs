//! From what gather read (databags, cluster lists) to the plan's [`Inputs`], through the
//! relation-data models. Invalid relation data becomes a typed state, never a failed hook.

use juju_hook::{RelationId, RelationSnapshot};
use relation_data::certificate_transfer::TransferredCertificates;
use relation_data::gateway_route::{GatewayRouteRequest, GatewayRouteV0Request};
use relation_data::ingress::IngressRequest;
use relation_data::istio_ingress_route::IstioIngressRouteRequest;

use crate::gather::{ClusterView, JujuInputs};
use crate::state::{
    BackendCaInput, CertificatesInput, GatewayAddress, GatewayRouteRelations, GatewayRouteRequirer,
    IngressRelation, IngressRequirer, IngressUnit, Inputs, IstioRouteRequirer, MAX_ROUTE_HOSTNAMES,
    MAX_ROUTE_PATHS, OperatorSecret, RouteRequest, TlsSecretError,
};

/// Longest Kubernetes label value: the requirer's application name is the Service's
/// `app.kubernetes.io/name` selector, so a longer name would make the apiserver reject it.
const LABEL_VALUE_MAX_LEN: usize = 63;

fn too_long_for_a_label(name: &str) -> String {
    format!(
        "application name of {} characters, at most {LABEL_VALUE_MAX_LEN} are supported (it is a Kubernetes label value)",
        name.len()
    )
}

/// A relation whose requirer data was skipped, and why (shown in logs and statuses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRelation {
    pub relation: RelationId,
    pub reason: String,
}

/// Build the plan's inputs from what gather read (`cluster`: `None` when it could not be read).
/// `certificates` is the TLS step's result.
pub fn build(
    app_name: &str,
    model_name: &str,
    juju: &JujuInputs,
    cluster: Option<&ClusterView>,
    certificates: CertificatesInput,
) -> (Inputs, Vec<SkippedRelation>) {
    let (ingress, mut skipped) = ingress(&juju.ingress);
    let (gateway_route, skipped_routes) = gateway_route(model_name, &juju.gateway_routes);
    skipped.extend(skipped_routes);
    let (istio, skipped_istio) = istio(&juju.istio_routes);
    skipped.extend(skipped_istio);
    let (backend_ca, skipped_ca) = backend_ca(&juju.ca_certs);
    skipped.extend(skipped_ca);
    let values = cluster.and_then(|view| view.gateway_address_values(app_name));
    let inputs = Inputs {
        app_name: app_name.to_owned(),
        model_name: model_name.to_owned(),
        config: juju.config.clone(),
        gateway_classes: cluster
            .map(|view| view.gateway_classes.clone())
            .unwrap_or_default(),
        ingress,
        gateway_route,
        istio,
        certificates,
        gateway_address: GatewayAddress::from_status_values(values.as_deref()),
        tls_secret: cluster
            .and_then(|view| view.tls_secret.as_ref())
            .map(|(name, secret)| {
                OperatorSecret::read(name, secret.as_ref()).map_err(|reason| TlsSecretError {
                    name: name.clone(),
                    reason,
                })
            }),
        foreign_secrets: cluster
            .map(|view| view.foreign_secrets(model_name))
            .unwrap_or_default(),
        backend_ca,
        backend_tls_policy_not_served: cluster.is_some_and(|view| {
            view.not_served
                .contains(&charm_cluster::Kind::BackendTlsPolicy)
        }),
    };
    (inputs, skipped)
}

/// The `gateway` (ingress) relations as the state sees them, and those skipped for bad data.
pub fn ingress(snapshots: &[RelationSnapshot]) -> (Vec<IngressRelation>, Vec<SkippedRelation>) {
    let mut relations = Vec::new();
    let mut skipped = Vec::new();
    for snapshot in snapshots {
        let relation_id = snapshot.id.id;
        match IngressRequest::read(
            &snapshot.id,
            &snapshot.remote_app_data,
            &snapshot.remote_units,
        ) {
            Ok(Some(request)) if request.app.name.as_str().len() > LABEL_VALUE_MAX_LEN => {
                skipped.push(SkippedRelation {
                    relation: snapshot.id.clone(),
                    reason: too_long_for_a_label(request.app.name.as_str()),
                });
            }
            Ok(Some(request)) => relations.push(IngressRelation::Ready(IngressRequirer {
                relation_id,
                remote_app: snapshot
                    .remote_app
                    .clone()
                    .unwrap_or_else(|| request.app.name.to_string()),
                app_name: request.app.name.to_string(),
                model: request.app.model.to_string(),
                port: request.app.port,
                strip_prefix: request.app.strip_prefix,
                redirect_https: request.app.redirect_https,
                scheme: request.app.scheme,
                units: request
                    .units
                    .iter()
                    .map(|(name, unit)| IngressUnit {
                        name: name.clone(),
                        ip: unit.ip,
                    })
                    .collect(),
            })),
            Ok(None) => relations.push(IngressRelation::AwaitingData { relation_id }),
            Err(error) => skipped.push(SkippedRelation {
                relation: snapshot.id.clone(),
                reason: error.to_string(),
            }),
        }
    }
    (relations, skipped)
}

/// The CA certificates of the `receive-ca-cert` relations: the union of every relation whose
/// data the library's requirer would read, and the relations skipped for bad data (named in
/// the status; the others still serve).
pub fn backend_ca(snapshots: &[RelationSnapshot]) -> (BackendCaInput, Vec<SkippedRelation>) {
    let mut input = BackendCaInput::default();
    let mut skipped = Vec::new();
    for snapshot in snapshots {
        match TransferredCertificates::read(
            &snapshot.id,
            &snapshot.remote_app_data,
            &snapshot.remote_units,
        ) {
            Ok(transferred) => input.certificates.extend(transferred.certificates),
            Err(error) => skipped.push(SkippedRelation {
                relation: snapshot.id.clone(),
                reason: error.to_string(),
            }),
        }
    }
    (input, skipped)
}

/// The istio-ingress-route relations: valid requirers, and the relations skipped for bad data
/// (the library's checks, then the Gateway API's). A relation without `config` yet is neither.
pub fn istio(snapshots: &[RelationSnapshot]) -> (Vec<IstioRouteRequirer>, Vec<SkippedRelation>) {
    let mut requirers = Vec::new();
    let mut skipped = Vec::new();
    for snapshot in snapshots {
        let id = snapshot.id.clone();
        let request = IstioIngressRouteRequest::read(&id, &snapshot.remote_app_data)
            .map_err(|error| error.to_string())
            .and_then(|request| {
                request
                    .map(|request| {
                        let app = snapshot.remote_app.as_deref().unwrap_or_default();
                        IstioRouteRequirer::new(id.id, app, request)
                    })
                    .transpose()
            });
        match request {
            Ok(Some(requirer)) => requirers.push(requirer),
            Ok(None) => {}
            Err(reason) => skipped.push(SkippedRelation {
                relation: id,
                reason,
            }),
        }
    }
    (requirers, skipped)
}

/// The gateway-route relations: valid v1 and ISD259 requirers, and the relations skipped for
/// bad data. ISD259 requirers must be in `model_name` (no cross-model routes, seed 002).
pub fn gateway_route(
    model_name: &str,
    snapshots: &[RelationSnapshot],
) -> (GatewayRouteRelations, Vec<SkippedRelation>) {
    let mut requirers = Vec::new();
    let mut skipped = Vec::new();
    for snapshot in snapshots {
        let id = snapshot.id.clone();
        match GatewayRouteRequest::read(&id, &snapshot.remote_app_data) {
            Ok(GatewayRouteRequest::V1(request)) => requirers.push(GatewayRouteRequirer {
                relation_id: id.id,
                hostname: request.hostname.map(|h| h.to_string()),
                additional_hostnames: request
                    .additional_hostnames
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                route: None,
            }),
            // The v1 provider treats an empty requirer bag as valid (`hostname: null`).
            Ok(GatewayRouteRequest::NotReady) => requirers.push(GatewayRouteRequirer {
                relation_id: id.id,
                hostname: None,
                additional_hostnames: Vec::new(),
                route: None,
            }),
            Ok(GatewayRouteRequest::V0(request)) => {
                match route_requirer(model_name, &id, &request) {
                    Ok(requirer) => requirers.push(requirer),
                    Err(reason) => skipped.push(SkippedRelation {
                        relation: id,
                        reason,
                    }),
                }
            }
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

/// An ISD259 requirer, or why it cannot be served: it must be in our model, name a hostname,
/// and fit in one HTTPRoute (at most 16 hostnames and 64 paths).
fn route_requirer(
    model_name: &str,
    id: &RelationId,
    request: &GatewayRouteV0Request,
) -> Result<GatewayRouteRequirer, String> {
    if request.model.as_str() != model_name {
        return Err(format!(
            "cross-model routes are not supported: the workload is in model {:?}, not {model_name:?}",
            request.model.as_str()
        ));
    }
    let Some(hostname) = &request.hostname else {
        return Err("an ISD259 route request needs a hostname".to_owned());
    };
    if request.name.as_str().len() > LABEL_VALUE_MAX_LEN {
        return Err(too_long_for_a_label(request.name.as_str()));
    }
    let hostnames = request.hostnames().len();
    if hostnames > MAX_ROUTE_HOSTNAMES {
        return Err(format!(
            "{hostnames} hostnames, at most {MAX_ROUTE_HOSTNAMES} are supported"
        ));
    }
    let mut paths: Vec<String> = Vec::new();
    for path in request.effective_paths() {
        let path = path.as_str().to_owned();
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    if paths.len() > MAX_ROUTE_PATHS {
        return Err(format!(
            "{} paths, at most {MAX_ROUTE_PATHS} are supported",
            paths.len()
        ));
    }
    Ok(GatewayRouteRequirer {
        relation_id: id.id,
        hostname: Some(hostname.to_string()),
        additional_hostnames: request
            .additional_hostnames
            .iter()
            .map(ToString::to_string)
            .collect(),
        route: Some(RouteRequest {
            application: request.name.to_string(),
            port: request.port,
            paths,
        }),
    })
}
