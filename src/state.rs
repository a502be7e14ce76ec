//! Validated facts the plan is computed from.
//!
//! [`CharmState::build`] takes everything gather read ([`Inputs`]) and applies the validation
//! rules in order; the first failing rule is the [`StateError`], whose `Display` is the Blocked
//! status message. Every interface is served at once: the claims of ingress applications and
//! gateway-route requirers are settled by [`routing::resolve`].

mod claims;
mod gateway_address;
mod gateway_route;
mod ingress;
mod istio_route;
pub mod routing;
mod routing_issue;
mod targets;
mod tls;

use std::collections::BTreeSet;

use juju_hook::Status;
use serde_json::{Map, Value};

use crate::config::{CharmConfig, ConfigError};

pub use gateway_address::{Address, GatewayAddress};
pub use gateway_route::{
    GatewayRouteRelations, GatewayRouteRequirer, MAX_GATEWAY_LISTENERS, MAX_ROUTE_HOSTNAMES,
    MAX_ROUTE_PATHS, RouteRequest, ServedRoute,
};
pub use ingress::{IngressRelation, IngressRequirer, IngressUnit};
pub use istio_route::{IstioClaim, IstioRouteRequirer};
pub use routing::{Routing, RoutingInputs, ServedIngress};
pub use routing_issue::{RelationRef, RoutingIssue};
pub use targets::certificate_targets;
pub use tls::{CertificateTarget, CertificatesInput, TlsMaterial, TlsState};

/// Everything read during one hook, unvalidated except for what the relation layer checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// This application's name (names the Gateway and prefixes every object).
    pub app_name: String,
    /// The model name, which is the Kubernetes namespace of every object.
    pub model_name: String,
    /// `config-get --format=json`.
    pub config: Map<String, Value>,
    /// Names of the GatewayClasses in the cluster.
    pub gateway_classes: Vec<String>,
    /// The `gateway` (ingress) relations whose data is valid or not yet written, by id.
    pub ingress: Vec<IngressRelation>,
    /// The `gateway-route` endpoint.
    pub gateway_route: GatewayRouteRelations,
    /// The istio-ingress-route requirers whose data is valid, by id.
    pub istio: Vec<IstioRouteRequirer>,
    /// The `certificates` endpoint and the certificates issued on it.
    pub certificates: CertificatesInput,
    /// The Gateway's reported address.
    pub gateway_address: GatewayAddress,
}

impl Inputs {
    /// The ingress requirers whose data is complete and valid.
    pub fn ready_ingress(&self) -> Vec<IngressRequirer> {
        self.ingress
            .iter()
            .filter_map(|relation| match relation {
                IngressRelation::Ready(requirer) => Some(requirer.clone()),
                IngressRelation::AwaitingData { .. } => None,
            })
            .collect()
    }

    /// Whether something is served on the Gateway's address rather than a hostname, which
    /// then needs a certificate of its own: a valid v1 gateway-route requirer without hostname,
    /// or istio-ingress-route requirers without `external-hostname`.
    pub fn needs_ip_listener(&self, external_hostname: Option<&str>) -> bool {
        let hostless_v1 = self
            .gateway_route
            .requirers
            .iter()
            .any(|requirer| requirer.route.is_none() && requirer.hostnames().next().is_none());
        hostless_v1 || (!self.istio.is_empty() && external_hostname.is_none())
    }

    /// Whether the istio-ingress-route listeners serve HTTPS: there are requirers, and the
    /// certificate their listeners use — `external-hostname`'s, else the Gateway IP's — is
    /// issued.
    pub fn istio_tls(&self, external_hostname: Option<&str>) -> bool {
        if self.istio.is_empty() {
            return false;
        }
        let common_name = match (external_hostname, self.gateway_address.ip()) {
            (Some(hostname), _) => hostname.to_owned(),
            (None, Some(ip)) => ip.to_string(),
            (None, None) => return false,
        };
        self.certificates.related && self.certificates.issued.contains_key(&common_name)
    }
}

/// A rule the inputs break. `Display` is the exact Blocked message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// The configuration cannot be parsed or validated.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `enforce-https` without a `certificates` relation.
    #[error("Certificates relation is needed if enforce-https is enabled.")]
    CertificatesRelationMissing,
    /// `gateway-class` is unset or not a GatewayClass of the cluster.
    #[error("Gateway class must be one of: [{}]", available.join(","))]
    GatewayClassUnavailable {
        /// The GatewayClasses the cluster has.
        available: Vec<String>,
    },
    /// Ingress applications with certificates but no `external-hostname`.
    #[error("external-hostname must be set in when related to ingress and certificates")]
    ExternalHostnameMissing,
}

impl StateError {
    /// The status to set: always Blocked with the error's message.
    pub fn status(&self) -> Status {
        Status::Blocked(self.to_string())
    }
}

/// Validated facts for one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharmState {
    /// This application's name: the Gateway's name and the `managed-by` label value.
    pub app_name: String,
    /// The namespace of every object (the model name).
    pub namespace: String,
    /// The validated configuration.
    pub config: CharmConfig,
    /// The GatewayClass, known to exist in the cluster.
    pub gateway_class: String,
    /// Who is served, on which listeners, and what is left out.
    pub routing: Routing,
    /// `gateway` relations whose requirer has not written its data yet, by id.
    pub awaiting_ingress: Vec<u64>,
    /// Whether the `certificates` relation exists.
    pub certificates_related: bool,
    /// Whether a certificate for the Gateway's IP is needed (certificates related and a v1
    /// gateway-route requirer without hostname).
    pub requires_ip_certificate: bool,
    /// TLS material for the certificate targets.
    pub tls: TlsState,
    /// The Gateway's address.
    pub gateway_address: GatewayAddress,
}

impl CharmState {
    /// Validate `inputs`, in order: the configuration parses; `enforce-https` needs
    /// certificates; the GatewayClass exists; ingress applications with certificates need
    /// `external-hostname`. Then settle who is served ([`routing::resolve`]).
    pub fn build(inputs: &Inputs) -> Result<CharmState, StateError> {
        let config = CharmConfig::from_juju(&inputs.config)?;
        let certificates_related = inputs.certificates.related;
        if config.enforce_https && !certificates_related {
            return Err(StateError::CertificatesRelationMissing);
        }
        let gateway_class = match &config.gateway_class {
            Some(class) if inputs.gateway_classes.contains(class) => class.clone(),
            _ => {
                return Err(StateError::GatewayClassUnavailable {
                    available: inputs.gateway_classes.clone(),
                });
            }
        };
        if !inputs.ingress.is_empty() && certificates_related && config.external_hostname.is_none()
        {
            return Err(StateError::ExternalHostnameMissing);
        }
        let external_hostname = config.external_hostname.as_deref();
        let requires_ip_certificate =
            certificates_related && inputs.needs_ip_listener(external_hostname);
        let istio_tls = inputs.istio_tls(external_hostname);
        let ingress = inputs.ready_ingress();
        let routing = routing::resolve(&RoutingInputs {
            model: &inputs.model_name,
            external_hostname: config.external_hostname.as_deref(),
            ingress: &ingress,
            gateway_route: &inputs.gateway_route.requirers,
            certificates_related,
            ip_listener: requires_ip_certificate,
            istio: &inputs.istio,
            istio_tls,
        });
        let awaiting_ingress = inputs
            .ingress
            .iter()
            .filter_map(|relation| match relation {
                IngressRelation::AwaitingData { relation_id } => Some(*relation_id),
                IngressRelation::Ready(_) => None,
            })
            .collect();
        let mut state = CharmState {
            app_name: inputs.app_name.clone(),
            namespace: inputs.model_name.clone(),
            config,
            gateway_class,
            routing,
            awaiting_ingress,
            certificates_related,
            requires_ip_certificate,
            tls: TlsState::NotRelated,
            gateway_address: inputs.gateway_address.clone(),
        };
        state.tls = TlsState::resolve(&inputs.certificates, &state.certificate_targets());
        Ok(state)
    }

    /// The hostnames with listeners.
    pub fn hostnames(&self) -> &BTreeSet<String> {
        &self.routing.hostnames
    }

    /// The certificates to request: one per hostname (sorted), plus the Gateway's IP when
    /// [`requires_ip_certificate`](Self::requires_ip_certificate) and the Gateway has an IP
    /// address. Empty without a `certificates` relation.
    pub fn certificate_targets(&self) -> BTreeSet<CertificateTarget> {
        if !self.certificates_related {
            return BTreeSet::new();
        }
        let mut targets: BTreeSet<CertificateTarget> = self
            .routing
            .hostnames
            .iter()
            .cloned()
            .map(CertificateTarget::Dns)
            .collect();
        if self.requires_ip_certificate
            && let Some(ip) = self.gateway_address.ip()
        {
            targets.insert(CertificateTarget::Ip(ip));
        }
        targets
    }
}

#[cfg(test)]
mod tests;
